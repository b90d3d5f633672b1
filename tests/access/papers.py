"""Access rows of papers: author pages, chair pages, API."""

from django.core.files.uploadedfile import SimpleUploadedFile

from emc2.models import Topic
from papers.models import Paper, PaperFile
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
    goes_to,
    only,
    signed_in,
    tables,
)
from tests.factories.papers import SubmissionTypeFactory, make_pdf


def build(world) -> None:
    """``author`` wrote ``world.paper`` (with one PDF); ``world.withdrawn`` is withdrawn."""
    author = world.users["author"]
    world.submission_type = SubmissionTypeFactory(edition=world.edition)
    topic = Topic.objects.create(edition=world.edition, name="Sparsity")
    other_topic = Topic.objects.create(edition=world.other_edition, name="Sparsity")

    def submit(title, by=author, edition=world.edition, submission_type=world.submission_type):
        return paper_create(
            edition=edition,
            by=by,
            title=title,
            abstract="Abstract.",
            submission_type=submission_type,
            topics=[topic if edition == world.edition else other_topic],
            authors=[{"name": "Author", "email": by.email, "is_contact": True}],
            pdf=SimpleUploadedFile("p.pdf", make_pdf(pages=1)),
        )

    world.paper = submit("Visible to its author")
    world.paper_file = world.paper.files.get()
    world.withdrawn = paper_withdraw(paper=submit("Withdrawn"), by=author)
    # The same author's paper in the other edition: its id must not work in this one.
    world.other_paper = submit(
        "Elsewhere",
        edition=world.other_edition,
        submission_type=SubmissionTypeFactory(edition=world.other_edition),
    )
    # The chair wrote a paper: as its chair they are conflicted, everywhere.
    world.chair_paper = submit("By the chair", by=world.users["chair"])


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731
pk = lambda w: {"edition": w.edition.slug, "pk": w.paper.pk}  # noqa: E731
file_kw = lambda w: {**pk(w), "file_pk": w.paper_file.pk}  # noqa: E731

# A paper is visible to its authors and the edition's chairs; to everyone else it does not
# exist (404). Anonymous users are sent to sign in (the API answers 401).
AUTHOR_AND_CHAIR = {**everyone(NOT_FOUND), "anonymous": LOGIN, "author": OK, "chair": OK}
AUTHOR_ONLY = {**AUTHOR_AND_CHAIR, "chair": FORBIDDEN}
API_AUTHOR_AND_CHAIR = {**AUTHOR_AND_CHAIR, "anonymous": UNAUTHORIZED}
CHAIR = only("chair")

STATE = tables(Paper, PaperFile)

# An id from the other edition, under this edition's URL (or the reverse): no such paper.
swap = lambda w: {"edition": w.edition.slug, "pk": w.other_paper.pk}  # noqa: E731
swap_back = lambda w: {"edition": w.other_edition.slug, "pk": w.paper.pk}  # noqa: E731
own = lambda w: {"edition": w.edition.slug, "pk": w.chair_paper.pk}  # noqa: E731
ANYONE_404 = {**everyone(NOT_FOUND), "anonymous": LOGIN}

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
        state=STATE,
        note="no file: form error",
    ),
    Route("papers:author-withdraw", AUTHOR_ONLY, pk),
    Route(
        "papers:author-withdraw",
        {**AUTHOR_ONLY, "author": REDIRECT},
        pk,
        method="post",
        state=STATE,
        data=lambda w: {"confirm": "on"},
        fresh_world_per_actor=True,
        note="post",
        location=goes_to("papers:author-detail", pk),
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
        state=STATE,
        location=goes_to(
            "papers:chair-detail", lambda w: {"edition": w.edition.slug, "pk": w.withdrawn.pk}
        ),
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
        state=STATE,
        fresh_world_per_actor=True,
    ),
    Route("api:papers:submission-files", API_AUTHOR_AND_CHAIR, pk),
    # Cross-edition id swaps.
    Route("papers:author-detail", ANYONE_404, swap, note="other edition's id"),
    Route(
        "papers:chair-detail",
        {**CHAIR, "chair": FORBIDDEN, "chair_other_edition": NOT_FOUND},
        swap_back,
        note="this edition's id under the other edition",
    ),
    Route("papers:chair-detail", {**CHAIR, "chair": NOT_FOUND}, swap, note="other edition's id"),
    Route(
        "api:papers:submission-detail",
        {**everyone(NOT_FOUND), "anonymous": UNAUTHORIZED},
        swap,
        note="other edition's id",
    ),
    Route(
        "papers:chair-restore",
        only("chair", ok=NOT_FOUND),
        swap,
        method="post",
        state=STATE,
        note="other edition's id",
    ),
    # The chair's own paper: they are its author, not its chair.
    Route("papers:chair-detail", {**CHAIR, "chair": NOT_FOUND}, own, note="chair's own paper"),
    Route(
        "papers:author-detail",
        {**ANYONE_404, "chair": OK},
        own,
        note="chair's own paper, as its author",
    ),
    # An API token signs nobody in on an HTML page, and works on the API.
    Route("papers:chair-list", everyone(LOGIN), ed, auth="token", note="token"),
    Route("papers:author-detail", everyone(LOGIN), pk, auth="token", note="token"),
    Route(
        "papers:chair-restore",
        everyone(LOGIN),
        lambda w: {"edition": w.edition.slug, "pk": w.withdrawn.pk},
        method="post",
        state=STATE,
        auth="token",
        note="token",
    ),
    Route("api:papers:submission-list", api_only("chair"), ed, auth="token", note="token"),
    Route("api:papers:submission-detail", API_AUTHOR_AND_CHAIR, pk, auth="token", note="token"),
]
