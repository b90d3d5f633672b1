"""Access rows of papers: author pages, chair pages, API."""

from django.core.files.uploadedfile import SimpleUploadedFile

from emc2.models import Topic
from papers.services import paper_create, paper_withdraw
from tests.access.table import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORIZED,
    Route,
    api_only,
    everyone,
    only,
    signed_in,
)
from tests.factories.papers import SubmissionTypeFactory, make_pdf


def build(world) -> None:
    """``author`` wrote ``world.paper`` (with one PDF); ``world.withdrawn`` is withdrawn."""
    author = world.users["author"]
    world.submission_type = SubmissionTypeFactory(edition=world.edition)
    topic = Topic.objects.create(edition=world.edition, name="Sparsity")

    def submit(title):
        return paper_create(
            edition=world.edition,
            by=author,
            title=title,
            abstract="Abstract.",
            submission_type=world.submission_type,
            topics=[topic],
            authors=[{"name": "Author", "email": author.email, "is_contact": True}],
            pdf=SimpleUploadedFile("p.pdf", make_pdf(pages=1)),
        )

    world.paper = submit("Visible to its author")
    world.paper_file = world.paper.files.get()
    world.withdrawn = paper_withdraw(paper=submit("Withdrawn"), by=author)


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731
pk = lambda w: {"edition": w.edition.slug, "pk": w.paper.pk}  # noqa: E731
file_kw = lambda w: {**pk(w), "file_pk": w.paper_file.pk}  # noqa: E731

# A paper is visible to its authors and the edition's chairs; to everyone else it does not
# exist (404). Anonymous users are sent to sign in (the API answers 401).
AUTHOR_AND_CHAIR = {**everyone(NOT_FOUND), "anonymous": LOGIN, "author": OK, "chair": OK}
AUTHOR_ONLY = {**AUTHOR_AND_CHAIR, "chair": FORBIDDEN}
API_AUTHOR_AND_CHAIR = {**AUTHOR_AND_CHAIR, "anonymous": UNAUTHORIZED}
CHAIR = only("chair")

ROUTES = [
    Route("papers:author-list", signed_in(OK), ed),
    Route("papers:author-create", signed_in(OK), ed),
    Route("papers:author-detail", AUTHOR_AND_CHAIR, pk),
    Route("papers:author-edit", AUTHOR_ONLY, pk),
    Route(
        "papers:author-edit",
        {**AUTHOR_ONLY, "author": FORBIDDEN},
        lambda w: {"edition": w.edition.slug, "pk": w.withdrawn.pk},
        note="withdrawn",
    ),
    Route(
        "papers:author-upload",
        {**AUTHOR_ONLY, "author": 400},
        pk,
        method="post",
        note="no file: form error",
    ),
    Route("papers:author-withdraw", AUTHOR_ONLY, pk),
    Route(
        "papers:author-withdraw",
        {**AUTHOR_ONLY, "author": REDIRECT},
        pk,
        method="post",
        data=lambda w: {"confirm": "on"},
        fresh_world_per_actor=True,
        note="post",
    ),
    Route("papers:author-file", AUTHOR_AND_CHAIR, file_kw),
    Route("papers:chair-list", CHAIR, ed),
    Route("papers:chair-types", CHAIR, ed),
    Route("papers:chair-export-submissions", CHAIR, ed),
    Route("papers:chair-export-authors", CHAIR, ed),
    Route("papers:chair-detail", CHAIR, pk),
    Route(
        "papers:chair-restore",
        only("chair", ok=REDIRECT),
        lambda w: {"edition": w.edition.slug, "pk": w.withdrawn.pk},
        method="post",
        fresh_world_per_actor=True,
    ),
    Route("papers:chair-file", CHAIR, lambda w: {**file_kw(w), "variant": "original"}),
    Route("api:papers:submission-list", api_only("chair"), ed),
    Route("api:papers:my-submission-list", everyone(OK, anonymous=UNAUTHORIZED), ed),
    Route("api:papers:submission-detail", API_AUTHOR_AND_CHAIR, pk),
    Route(
        "api:papers:submission-withdraw",
        {**API_AUTHOR_AND_CHAIR, "chair": FORBIDDEN},
        pk,
        method="post",
        fresh_world_per_actor=True,
    ),
    Route("api:papers:submission-files", API_AUTHOR_AND_CHAIR, pk),
]
