"""Accepted papers with camera-ready PDFs, and finished builds, for publication tests."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify

from papers.enums import FileKind
from papers.models import Author, Paper, PaperFile, PapersSettings, SubmissionType
from program.enums import BuildState
from program.models import Build
from tests.factories.papers import make_pdf


def add_pdf(paper: Paper, content: bytes, *, kind: str = FileKind.CAMERA_READY) -> PaperFile:
    return PaperFile.objects.create(
        paper=paper,
        kind=kind,
        file=ContentFile(content, name="camera.pdf"),
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )


def accepted_paper(
    edition,
    title: str,
    *,
    authors=(("Ana Author", "Uni A"),),
    decision: str = "oral",
    pages: int = 2,
    pdf: bytes | None = None,
    with_pdf: bool = True,
    page_published: bool = True,
) -> Paper:
    """An accepted paper; by default its edition's accepted-papers page is published too."""
    if page_published:
        PapersSettings.objects.update_or_create(
            edition=edition,
            defaults={"decisions_released": True, "accepted_page_published": True},
        )
    stype, _ = SubmissionType.objects.get_or_create(edition=edition, name="Full paper")
    paper = Paper.objects.create(
        edition=edition,
        title=title,
        abstract=f"Abstract of *{title}*.",
        submission_type=stype,
        status="submitted",
        decision=decision,
    )
    for i, author in enumerate(authors):
        name, affiliation = author[0], author[1]
        person = author[2] if len(author) > 2 else None
        Author.objects.create(
            paper=paper,
            order=i,
            name=name,
            email=f"{slugify(name)}-{paper.pk}@example.org",
            affiliation=affiliation,
            person=person,
        )
    if with_pdf:
        add_pdf(paper, pdf if pdf is not None else make_pdf(pages=pages, text=title))
    return paper


def fake_build(edition, kind: str, *, page_map=None, inputs_hash: str = "x" * 64) -> Build:
    """A finished build with a tiny PDF on disk, without running the engine."""
    build = Build.objects.create(
        edition=edition,
        kind=kind,
        state=BuildState.DONE,
        progress=100,
        inputs_hash=inputs_hash,
        page_map=page_map or {},
        page_count=1,
    )
    build.file = default_storage.save(
        f"private/program/{kind}/{edition.slug}/{kind}-{build.pk}.pdf",
        ContentFile(make_pdf(pages=1, text=f"{kind} of {edition.slug}")),
    )
    build.save(update_fields=["file"])
    return build
