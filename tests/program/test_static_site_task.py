"""The static site as a background build (kind ``site``): the task, its progress rows, a
worker killed mid-build, one build at a time, and the chair's download URL serving the newest
finished zip."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from program.enums import BuildKind, BuildState
from program.exceptions import ProgramError
from program.models import Build
from program.publish import services
from program.publish.selectors import build_open, build_served
from program.publish.services import build_request
from program.services import item_update, release_publish
from program.tasks import build_site_task
from tests.program.test_static_site import assert_links_resolve

pytestmark = pytest.mark.django_db

SITE = BuildKind.SITE


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _request(edition, capture, *, execute=True):
    with capture(execute=execute) as callbacks:
        build, queued = build_request(edition=edition, kind=SITE)
    build.refresh_from_db()
    return build, queued, callbacks


def _archive(build) -> zipfile.ZipFile:
    with build_open(build) as fh:
        return zipfile.ZipFile(io.BytesIO(fh.read()))


def _download(client, edition):
    return client.get(reverse("program:chair-static-site", args=[edition.slug]))


class WorkerKilled(BaseException):
    """Stands for SIGKILL: not an Exception, so build_run's handlers never see it and the
    row stays as the dead worker left it."""


def test_task_has_a_stable_name():
    assert build_site_task.name == "program.build_site"


def test_task_for_a_deleted_build_does_nothing():
    assert build_site_task.delay(build_id=987654).get() == "gone"


def test_task_builds_a_zip_whose_links_resolve(
    edition, session, talk, speaker, published, django_capture_on_commit_callbacks
):
    build, queued, callbacks = _request(edition, django_capture_on_commit_callbacks)
    assert (queued, len(callbacks), build.state, build.error) == (True, 1, BuildState.DONE, "")
    assert (build.progress, build.step) == (100, "Done")
    assert build.file.startswith(f"private/program/site/{edition.slug}/site-{build.pk}-")
    assert build.file.endswith(".zip")
    assert build.started_at is not None and build.finished_at >= build.started_at
    archive = _archive(build)
    assert_links_resolve(archive, edition, talk, speaker)
    html = [n for n in archive.namelist() if n.endswith(".html")]
    assert build.page_count == len(html) >= 4


def test_progress_rows_move_while_rendering(
    edition, published, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []
    real = services.static_site_zip

    def spy(*, edition, progress):
        def report(percent, step):
            progress(percent, step)
            row = Build.objects.get(edition=edition, kind=SITE)
            seen.append((row.state, row.progress, row.step))

        return real(edition=edition, progress=report)

    monkeypatch.setattr(services, "static_site_zip", spy)
    build, _queued, _callbacks = _request(edition, django_capture_on_commit_callbacks)
    assert build.state == BuildState.DONE
    assert {s for s, _p, _t in seen} == {BuildState.RUNNING}
    percents = [p for _s, p, _t in seen]
    assert percents == sorted(percents)
    assert percents[0] < 50 and 90 < percents[-1] < 100
    assert any(re.fullmatch(r"Rendering page \d+ of \d+", t) for _s, _p, t in seen)
    assert seen[-1][2] == "Writing the zip"


def test_publications_page_shows_the_running_build_then_the_download(
    chair_client, edition, published, django_capture_on_commit_callbacks
):
    build, _q, _c = _request(edition, django_capture_on_commit_callbacks, execute=False)
    Build.objects.filter(pk=build.pk).update(
        state=BuildState.RUNNING, progress=40, step="Rendering page 3 of 9"
    )
    page = chair_client.get(reverse("program:chair-publications", args=[edition.slug]))
    body = page.content.decode()
    assert "Static site of the program" in body
    assert "Running: Rendering page 3 of 9" in _text(page)
    assert 'aria-label="Static site of the program progress"' in body
    assert reverse("program:chair-build-progress", args=[edition.slug, SITE]) in body
    build_site_task.delay(build_id=build.pk)
    page = chair_client.get(reverse("program:chair-publications", args=[edition.slug]))
    download = reverse("program:chair-static-site", args=[edition.slug])
    assert f'<a href="{download}">Download the static site of the program</a>' in (
        page.content.decode()
    )


def test_a_killed_worker_leaves_a_running_build_that_the_redelivered_task_finishes(
    chair_client,
    edition,
    talk,
    speaker,
    published,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    real = services.static_site_zip

    def dies_midway(*, edition, progress):
        def report(percent, step):
            progress(percent, step)
            if percent > 30:
                raise WorkerKilled

        return real(edition=edition, progress=report)

    monkeypatch.setattr(services, "static_site_zip", dies_midway)
    build, _q, _c = _request(edition, django_capture_on_commit_callbacks, execute=False)
    with pytest.raises(WorkerKilled):
        build_site_task.delay(build_id=build.pk)
    build.refresh_from_db()
    assert (build.state, build.file) == (BuildState.RUNNING, "")
    assert 30 < build.progress < 100
    # Meanwhile the download says so, and a second request waits for this build.
    response = _download(chair_client, edition)
    assert response.status_code == 302
    shown = _text(chair_client.get(response["Location"]))
    assert f"The static site is being built ({build.progress}%)" in shown
    again, queued, callbacks = _request(edition, django_capture_on_commit_callbacks)
    assert (again.pk, queued, len(callbacks)) == (build.pk, False, 0)
    # The broker hands the unacknowledged task to another worker: the same build runs again.
    monkeypatch.setattr(services, "static_site_zip", real)
    assert build_site_task.delay(build_id=build.pk).get() == BuildState.DONE
    build.refresh_from_db()
    assert (build.state, build.progress, build.error) == (BuildState.DONE, 100, "")
    assert Build.objects.filter(edition=edition, kind=SITE).count() == 1
    response = _download(chair_client, edition)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert_links_resolve(archive, edition, talk, speaker)


def test_a_build_whose_task_never_came_back_is_replaced_after_a_while(
    edition, published, django_capture_on_commit_callbacks
):
    lost, _q, _c = _request(edition, django_capture_on_commit_callbacks, execute=False)
    Build.objects.filter(pk=lost.pk).update(
        state=BuildState.RUNNING,
        progress=50,
        created_at=timezone.now() - services.STALE_AFTER - dt.timedelta(minutes=1),
    )
    fresh, queued, callbacks = _request(edition, django_capture_on_commit_callbacks)
    assert (queued, len(callbacks), fresh.state) == (True, 1, BuildState.DONE)
    assert fresh.pk != lost.pk
    assert build_served(edition=edition, kind=SITE) == fresh


def test_re_request_while_running_starts_no_second_build(
    chair_client, edition, published, django_capture_on_commit_callbacks
):
    first, queued, callbacks = _request(edition, django_capture_on_commit_callbacks, execute=False)
    assert (queued, len(callbacks), first.state) == (True, 1, BuildState.QUEUED)
    Build.objects.filter(pk=first.pk).update(state=BuildState.RUNNING, progress=10)
    url = reverse("program:chair-build-start", args=[edition.slug, SITE])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = chair_client.post(url, follow=True)
    assert callbacks == []
    assert "Static site of the program: a build is already under way." in _text(response)
    assert list(Build.objects.filter(edition=edition, kind=SITE).values_list("pk", flat=True)) == [
        first.pk
    ]


def test_nothing_changed_serves_the_same_zip_and_a_new_release_builds_anew(
    chair_client, edition, talk, chair, published, django_capture_on_commit_callbacks
):
    first, _q, _c = _request(edition, django_capture_on_commit_callbacks)
    same, queued, callbacks = _request(edition, django_capture_on_commit_callbacks)
    assert (same.pk, queued, callbacks) == (first.pk, False, [])
    item_update(item=talk, title="Renamed for release two")
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(edition=edition, by=chair)
    second, queued, _c = _request(edition, django_capture_on_commit_callbacks)
    assert queued is True and second.pk != first.pk and second.state == BuildState.DONE
    response = _download(chair_client, edition)
    assert response["Content-Disposition"] == f'attachment; filename="{edition.slug}-program.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "Renamed for release two" in archive.read(f"{edition.slug}-program/index.html").decode()


def test_a_failed_build_keeps_the_previous_zip_served(
    chair_client, edition, talk, chair, published, django_capture_on_commit_callbacks, monkeypatch
):
    first, _q, _c = _request(edition, django_capture_on_commit_callbacks)
    item_update(item=talk, title="Renamed for release two")
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(edition=edition, by=chair)

    def broken(*, edition, progress):
        raise ProgramError("/x/program/ answered 500.")

    monkeypatch.setattr(services, "static_site_zip", broken)
    failed, _q, _c = _request(edition, django_capture_on_commit_callbacks)
    assert (failed.state, failed.error) == (BuildState.FAILED, "/x/program/ answered 500.")
    page = chair_client.get(reverse("program:chair-publications", args=[edition.slug]))
    assert "/x/program/ answered 500." in page.content.decode()
    assert build_served(edition=edition, kind=SITE) == first
    response = _download(chair_client, edition)
    assert response["Content-Type"] == "application/zip"


def test_download_before_any_build_points_to_the_publications_page(
    chair_client, edition, published
):
    response = _download(chair_client, edition)
    assert response.status_code == 302
    assert response["Location"] == reverse("program:chair-publications", args=[edition.slug])
    assert "No static site is built yet: build it here." in _text(
        chair_client.get(response["Location"])
    )


def test_unpublished_edition_is_refused_to_build_and_to_download(
    chair_client, edition, published, django_capture_on_commit_callbacks
):
    built, _q, _c = _request(edition, django_capture_on_commit_callbacks)
    edition.published = False
    edition.save()
    with pytest.raises(ProgramError, match="Publish the edition first"):
        build_request(edition=edition, kind=SITE)
    url = reverse("program:chair-build-start", args=[edition.slug, SITE])
    response = chair_client.post(url, follow=True)
    assert "Publish the edition first: its pages are not public yet." in _text(response)
    assert Build.objects.filter(edition=edition, kind=SITE).count() == 1
    # The zip built while it was public is not handed out either.
    response = _download(chair_client, edition)
    assert response.status_code == 302
    assert response["Location"] == reverse("program:chair-editor", args=[edition.slug])
    assert built.file  # still stored, just not served


def test_edition_unpublished_between_request_and_run_fails_the_build(
    edition, published, django_capture_on_commit_callbacks
):
    build, _q, _c = _request(edition, django_capture_on_commit_callbacks, execute=False)
    edition.published = False
    edition.save()
    assert build_site_task.delay(build_id=build.pk).get() == BuildState.FAILED
    build.refresh_from_db()
    assert build.error == "Publish the edition first: its pages are not public yet."
    assert build.file == ""


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("chair", True), ("chair_other_edition", False), ("pc_member", False), ("author", False)],
)
def test_only_chairs_start_a_site_build(client, actors, actor, allowed, edition, published):
    client.force_login(actors[actor])
    url = reverse("program:chair-build-start", args=[edition.slug, SITE])
    response = client.post(url)
    assert response.status_code == (302 if allowed else 403)
    assert Build.objects.filter(edition=edition, kind=SITE).exists() is allowed
