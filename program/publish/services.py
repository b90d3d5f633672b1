"""Writes for the publications: volume metadata, build requests and the builds themselves.

A build request hashes the inputs (volume: metadata, order and every PDF's content; booklet:
the published program as printed; static site: the latest release, the edition and the
speakers' profiles). Equal to the newest finished build: nothing is queued and that file keeps
being served. Otherwise a Build row is queued and the Celery task ``program.build_volume`` /
``program.build_booklet`` / ``program.build_site`` runs ``build_run`` on it. Each build writes
its own file, so a failed build never takes the previous volume away.

A worker killed mid-build: the task is acknowledged late and rejected when its worker is lost,
so the broker hands it to another worker, whose ``build_run`` starts the still ``running``
build again from the start (every build writes a fresh file). Should the task never come back,
a request made ``STALE_AFTER`` later queues a new build instead of waiting for it.
"""

import dataclasses
import datetime as dt
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from emc2.models import Edition
from emc2.storage import local_copies, media_save
from program.enums import BuildKind, BuildState
from program.exceptions import ProgramError
from program.models import Build, Volume
from program.proceedings.booklet import BookletData, build_booklet
from program.proceedings.exceptions import ProceedingsError
from program.proceedings.volume import PaperEntry, VolumeMeta, build_volume, inputs_hash
from program.publish.selectors import (
    booklet_inputs,
    booklet_inputs_hash,
    build_served,
    volume_inputs,
)
from program.static_site import static_site_inputs_hash, static_site_zip

logger = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(hours=1)

VOLUME_FIELDS = (
    "title",
    "short_title",
    "editors",
    "publisher",
    "isbn",
    "copyright",
    "preface",
    "paper_order",
    "published",
)


def volume_save(*, edition: Edition, **fields) -> Volume:
    """Create or update the edition's volume metadata (fields validated by the model)."""
    unknown = set(fields) - set(VOLUME_FIELDS)
    if unknown:
        raise TypeError(f"Unknown volume fields: {sorted(unknown)}")
    volume = Volume.objects.filter(edition=edition).first() or Volume(edition=edition)
    for name, value in fields.items():
        setattr(volume, name, value)
    volume.full_clean()
    volume.save()
    return volume


@contextmanager
def _volume_local(*, edition: Edition) -> Iterator[tuple[VolumeMeta, list[PaperEntry]]]:
    """The volume's inputs with every camera-ready PDF as a temporary local file (the engine
    reads file names; the PDFs live in the media storage)."""
    meta, papers = volume_inputs(edition=edition)
    with local_copies([p.pdf_path for p in papers]) as paths:
        for paper in papers:
            if paper.pdf_path not in paths:
                raise ProceedingsError(
                    f"The camera-ready PDF of \u201c{paper.title}\u201d cannot be read."
                )
        yield meta, [dataclasses.replace(p, pdf_path=paths[p.pdf_path]) for p in papers]


@contextmanager
def _booklet_local(data: BookletData) -> Iterator[BookletData]:
    """The booklet's inputs with photos and logos as temporary local files (WeasyPrint)."""
    names = [k.photo_path for k in data.keynotes] + [s.logo_path for s in data.sponsors]
    with local_copies(names) as paths:
        yield dataclasses.replace(
            data,
            keynotes=[
                dataclasses.replace(k, photo_path=paths.get(k.photo_path)) for k in data.keynotes
            ],
            sponsors=[
                dataclasses.replace(s, logo_path=paths.get(s.logo_path)) for s in data.sponsors
            ],
        )


def _inputs_hash(*, edition: Edition, kind: str) -> str:
    if kind == BuildKind.VOLUME:
        with _volume_local(edition=edition) as (meta, papers):
            return inputs_hash(meta, papers)
    if kind == BuildKind.SITE:
        # Raises ProgramError for an unpublished edition or program, as the zip itself would.
        return static_site_inputs_hash(edition=edition)
    # The booklet's hash covers the storage names of photos and logos, not temporary copies.
    return booklet_inputs_hash(booklet_inputs(edition=edition))


def build_request(*, edition: Edition, kind: str, by=None) -> tuple[Build, bool]:
    """Queue a build of ``kind`` unless an identical one is done or under way.

    Returns (build, queued). Raises ProceedingsError when the inputs are not ready (no
    metadata, a paper without PDF, no published program), ProgramError for a static site of
    an edition or program that is not published.
    """
    digest = _inputs_hash(edition=edition, kind=kind)
    with transaction.atomic():
        # Lock the edition row: two clicks on "Build" must not queue two identical builds.
        Edition.objects.select_for_update(no_key=True).filter(pk=edition.pk).first()
        served = build_served(edition=edition, kind=kind)
        if served is not None and served.inputs_hash == digest:
            return served, False
        active = (
            Build.objects.filter(
                edition=edition,
                kind=kind,
                state__in=[BuildState.QUEUED, BuildState.RUNNING],
                inputs_hash=digest,
                # A build this old lost its worker: queue a fresh one rather than wait forever.
                created_at__gte=timezone.now() - STALE_AFTER,
            )
            .order_by("-pk")
            .first()
        )
        if active is not None:
            return active, False
        build = Build.objects.create(
            edition=edition, kind=kind, inputs_hash=digest, requested_by=by, step="Waiting"
        )
        from program.tasks import build_booklet_task, build_site_task, build_volume_task

        task = {
            BuildKind.VOLUME: build_volume_task,
            BuildKind.BOOKLET: build_booklet_task,
            BuildKind.SITE: build_site_task,
        }[kind]
        transaction.on_commit(lambda: task.delay(build_id=build.pk))
    return build, True


def _progress(build: Build):
    def report(percent: int, step: str) -> None:
        Build.objects.filter(pk=build.pk).update(
            progress=max(0, min(100, percent)), step=step[:300]
        )

    return report


def _relative_path(build: Build, digest: str) -> str:
    ext = "zip" if build.kind == BuildKind.SITE else "pdf"
    name = f"{build.kind}-{build.pk}-{digest[:12]}.{ext}"
    return f"private/program/{build.kind}/{build.edition.slug}/{name}"


@dataclasses.dataclass
class _SiteResult:
    digest: str
    page_count: int


def _site_build(*, edition: Edition, out_path: Path, progress) -> _SiteResult:
    """The static site's zip written to ``out_path`` (the same rendering as before builds ran
    in the background: program.static_site)."""
    digest = static_site_inputs_hash(edition=edition)
    body, pages = static_site_zip(edition=edition, progress=progress)
    out_path.write_bytes(body)
    return _SiteResult(digest=digest, page_count=pages)


def build_run(*, build: Build) -> Build:
    """Run a queued build now (the Celery tasks call this). Never raises for bad inputs: the
    build ends ``failed`` with the engine's message (which names the faulty paper)."""
    if build.state not in (BuildState.QUEUED, BuildState.RUNNING):
        return build
    edition = build.edition
    Build.objects.filter(pk=build.pk).update(
        state=BuildState.RUNNING, started_at=timezone.now(), progress=0, step="Collecting inputs"
    )
    report = _progress(build)
    updates: dict = {}
    try:
        # Built into a temporary file, then stored: the media may live in a bucket.
        with tempfile.TemporaryDirectory(prefix="emc2-build-") as tmp:
            out_path = Path(tmp) / "out.pdf"
            if build.kind == BuildKind.SITE:
                result = _site_build(edition=edition, out_path=out_path, progress=report)
                digest = result.digest
            elif build.kind == BuildKind.VOLUME:
                with _volume_local(edition=edition) as (meta, papers):
                    digest = inputs_hash(meta, papers)
                    result = build_volume(
                        meta=meta, papers=papers, out_path=out_path, progress=report
                    )
                updates["page_map"] = {p.key: p.bibtex_pages for p in result.papers}
            else:
                data = booklet_inputs(edition=edition)
                digest = booklet_inputs_hash(data)
                with _booklet_local(data) as local:
                    result = build_booklet(data=local, out_path=out_path, progress=report)
            rel = media_save(_relative_path(build, digest), out_path)
        updates.update(
            state=BuildState.DONE,
            progress=100,
            step="Done",
            inputs_hash=digest,
            file=rel,
            page_count=result.page_count,
            error="",
        )
    except (ProceedingsError, ProgramError) as exc:
        updates = {"state": BuildState.FAILED, "error": str(exc), "step": "Failed"}
    except Exception as exc:  # a bug or a broken file the engine did not anticipate
        logger.exception("build %s of %s failed", build.pk, edition.slug)
        updates = {
            "state": BuildState.FAILED,
            "error": f"The build failed unexpectedly ({exc.__class__.__name__}).",
            "step": "Failed",
        }
    updates["finished_at"] = timezone.now()
    Build.objects.filter(pk=build.pk).update(**updates)
    build.refresh_from_db()
    return build
