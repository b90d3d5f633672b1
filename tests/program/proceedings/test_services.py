"""Publication services: build requests, the build itself, caching, failures."""

import pytest
from django.core.files.storage import default_storage

from program.enums import BuildKind, BuildState
from program.models import Build
from program.proceedings.exceptions import ProceedingsError
from program.publish import services
from program.publish.selectors import build_open, build_served
from program.publish.services import build_request, volume_save
from tests.factories.papers import make_pdf
from tests.program.proceedings.helpers import accepted_paper, add_pdf

pytestmark = pytest.mark.django_db


def _request(edition, capture, kind=BuildKind.VOLUME):
    with capture(execute=True) as callbacks:
        build, queued = build_request(edition=edition, kind=kind)
    build.refresh_from_db()
    return build, queued, callbacks


def test_volume_build_runs_task_and_stores_file(
    edition, volume, two_papers, program_with_papers, django_capture_on_commit_callbacks
):
    build, queued, callbacks = _request(edition, django_capture_on_commit_callbacks)
    assert (queued, len(callbacks), build.state) == (True, 1, BuildState.DONE)
    assert build.error == ""
    with build_open(build) as fh:
        assert fh.read(5) == b"%PDF-"
    assert build.file.startswith("private/program/volume/")
    # Program order: the second paper is presented first, so it opens the volume.
    assert build.page_map == {
        str(two_papers["second"].pk): "1--3",
        str(two_papers["first"].pk): "4--5",
    }
    assert build.progress == 100
    assert build.started_at is not None and build.finished_at >= build.started_at


def test_build_progress_moves_while_running(
    edition, volume, two_papers, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []
    real = services.build_volume

    def spy(**kwargs):
        report = kwargs["progress"]

        def progress(percent, step):
            report(percent, step)
            row = Build.objects.get(edition=edition)
            seen.append((row.state, row.progress, row.step))

        return real(**{**kwargs, "progress": progress})

    monkeypatch.setattr(services, "build_volume", spy)
    _request(edition, django_capture_on_commit_callbacks)
    states = {s for s, _p, _t in seen}
    percents = [p for _s, p, _t in seen]
    assert states == {BuildState.RUNNING}
    assert percents == sorted(percents)
    assert percents[0] < 50 and percents[-1] == 100
    assert any(step.startswith("Reading") for _s, _p, step in seen)


def test_no_rebuild_when_nothing_changed(
    edition, volume, two_papers, django_capture_on_commit_callbacks
):
    first, _, _ = _request(edition, django_capture_on_commit_callbacks)
    again, queued, callbacks = _request(edition, django_capture_on_commit_callbacks)
    assert (again.pk, queued, len(callbacks)) == (first.pk, False, 0)
    assert Build.objects.filter(edition=edition).count() == 1
    assert build_served(edition=edition, kind=BuildKind.VOLUME).file == first.file


def test_rebuild_when_camera_ready_changed(
    edition, volume, two_papers, django_capture_on_commit_callbacks
):
    first, _, _ = _request(edition, django_capture_on_commit_callbacks)
    add_pdf(two_papers["first"], make_pdf(pages=4, text="Revised camera-ready"))
    second, queued, callbacks = _request(edition, django_capture_on_commit_callbacks)
    assert (queued, len(callbacks), second.state) == (True, 1, BuildState.DONE)
    assert second.inputs_hash != first.inputs_hash
    assert second.file != first.file
    assert sorted(second.page_map.values()) == ["1--4", "5--7"]
    assert build_served(edition=edition, kind=BuildKind.VOLUME) == second


def test_rebuild_when_metadata_changed(
    edition, volume, two_papers, django_capture_on_commit_callbacks
):
    _request(edition, django_capture_on_commit_callbacks)
    volume_save(edition=edition, short_title="A new header")
    _build, queued, _ = _request(edition, django_capture_on_commit_callbacks)
    assert queued is True


def test_corrupt_camera_ready_fails_naming_paper_and_keeps_previous(
    edition, volume, two_papers, django_capture_on_commit_callbacks
):
    good, _, _ = _request(edition, django_capture_on_commit_callbacks)
    add_pdf(two_papers["second"], b"%PDF-1.4\nthis is not a PDF at all\n%%EOF\n")
    bad, queued, _ = _request(edition, django_capture_on_commit_callbacks)
    assert (queued, bad.state) == (True, BuildState.FAILED)
    assert "Quantized Transformers" in bad.error
    assert build_served(edition=edition, kind=BuildKind.VOLUME) == good
    assert default_storage.exists(good.file)


def test_build_request_needs_metadata(edition, two_papers):
    with pytest.raises(ProceedingsError, match="metadata"):
        build_request(edition=edition, kind=BuildKind.VOLUME)
    assert Build.objects.count() == 0


def test_build_request_names_paper_without_pdf(edition, volume, two_papers):
    accepted_paper(edition, "Still writing it", with_pdf=False)
    with pytest.raises(ProceedingsError, match="Still writing it"):
        build_request(edition=edition, kind=BuildKind.VOLUME)


def test_booklet_needs_published_program(edition):
    with pytest.raises(ProceedingsError, match="not published"):
        build_request(edition=edition, kind=BuildKind.BOOKLET)


def test_booklet_builds_from_published_program_and_caches(
    edition, published, django_capture_on_commit_callbacks
):
    build, queued, _ = _request(edition, django_capture_on_commit_callbacks, BuildKind.BOOKLET)
    assert (queued, build.state) == (True, BuildState.DONE)
    assert build.page_count >= 1
    with build_open(build) as fh:
        assert fh.read(4) == b"%PDF"
    again, queued, callbacks = _request(
        edition, django_capture_on_commit_callbacks, BuildKind.BOOKLET
    )
    assert (again.pk, queued, len(callbacks)) == (build.pk, False, 0)


def test_volume_save_rejects_bad_isbn(edition):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        volume_save(edition=edition, title="T", short_title="S", isbn="978-3-16-148410-1")


def test_build_request_refuses_volume_without_papers(edition, volume):
    with pytest.raises(ProceedingsError, match="no accepted papers"):
        build_request(edition=edition, kind=BuildKind.VOLUME)
    assert Build.objects.count() == 0
