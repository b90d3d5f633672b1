"""Access rows of the review half of papers: committee, bidding, reviews, chair pages, API.

``pc_member`` is assigned to ``world.review_paper`` (by ``author``) and has not reviewed it yet.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django_celery_beat.models import PeriodicTask

from papers.models import (
    AssignmentProposal,
    Bid,
    DiscussionPost,
    MetaReview,
    PaperConflict,
    PCInvitation,
    ProposedPair,
    Review,
    ReviewAssignment,
    ReviewReminder,
)
from papers.services import paper_create, pc_invitation_token
from tests.access.table import (
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    Route,
    api_only,
    everyone,
    goes_to,
    only,
    tables,
)
from tests.factories.papers import make_pdf


def build(world) -> None:
    # A paper of its own: others' builds may decide world.paper (reviews then close).
    author = world.users["author"]
    world.review_paper = paper_create(
        edition=world.edition,
        by=author,
        title="Under review",
        abstract="Abstract.",
        submission_type=world.submission_type,
        topics=[world.paper.topics.first()],
        authors=[{"name": "Author", "email": author.email, "is_contact": True}],
        pdf=SimpleUploadedFile("p.pdf", make_pdf(pages=1)),
        supplementary=SimpleUploadedFile("s.pdf", make_pdf(pages=1)),
    )
    pc = world.users["pc_member"]
    world.assignment = ReviewAssignment.objects.create(paper=world.review_paper, reviewer=pc)
    world.pc_invitation = PCInvitation.objects.create(
        edition=world.edition, email="invitee@example.org"
    )
    world.proposal = AssignmentProposal.objects.create(edition=world.edition)
    ProposedPair.objects.create(proposal=world.proposal, paper=world.review_paper, reviewer=pc)


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731
pk = lambda w: {"edition": w.edition.slug, "pk": w.review_paper.pk}  # noqa: E731
proposal = lambda w: {"edition": w.edition.slug, "proposal": w.proposal.pk}  # noqa: E731

BIDS = goes_to("papers:reviewer-bids", ed)
REVIEW_PAGE = goes_to("papers:reviewer-paper", pk)
DASHBOARD = goes_to("papers:chair-review-dashboard", ed)
COMMITTEE = goes_to("papers:chair-committee", ed)
PC = only("pc_member")
PC_POST = only("pc_member", ok=REDIRECT)
CHAIR = only("chair")
CHAIR_POST = only("chair", ok=REDIRECT)
API_PC = api_only("pc_member")
API_CHAIR = api_only("chair")


def post(name, expect, kwargs, data=None, note="", location=None, changes=None):
    return Route(
        name,
        expect,
        kwargs,
        method="post",
        data=data,
        fresh_world_per_actor=True,
        note=note,
        state=STATE,
        location=location,
        changes=changes,
    )


STATE = tables(
    PCInvitation,
    PaperConflict,
    Bid,
    ReviewAssignment,
    Review,
    DiscussionPost,
    MetaReview,
    AssignmentProposal,
    ReviewReminder,
    PeriodicTask,
)

ROUTES = [
    Route(
        "papers:public-pc-invitation",
        everyone(OK),
        lambda w: {"edition": w.edition.slug, "token": pc_invitation_token(w.pc_invitation)},
    ),
    Route(
        "papers:public-pc-invitation",
        everyone(OK),
        lambda w: {"edition": w.edition.slug, "token": "forged"},
        note="bad token shows an error",
    ),
    Route("papers:reviewer-home", PC, ed),
    Route("papers:reviewer-profile", PC, ed),
    Route("papers:reviewer-bids", PC, ed),
    post("papers:reviewer-bid", PC_POST, pk, lambda w: {"value": "eager"}, location=BIDS),
    post("papers:reviewer-conflict", PC_POST, pk, location=BIDS),
    Route("papers:reviewer-paper", PC, pk),
    post(
        "papers:reviewer-paper",
        PC_POST,
        pk,
        lambda w: {"overall": "1"},
        note="draft",
        location=REVIEW_PAGE,
    ),
    Route("papers:reviewer-pdf", PC, pk),
    Route("papers:reviewer-supplementary", PC, pk),
    # Refused with a message: no review of their own yet, not the meta-reviewer.
    post(
        "papers:reviewer-discuss",
        PC_POST,
        pk,
        lambda w: {"body": "Hello"},
        location=REVIEW_PAGE,
        changes=frozenset(),
    ),
    post(
        "papers:reviewer-meta",
        PC_POST,
        pk,
        lambda w: {"body": "Meta"},
        location=REVIEW_PAGE,
        changes=frozenset(),
    ),
    Route("papers:chair-review-dashboard", CHAIR, ed),
    post("papers:chair-review-remind", CHAIR_POST, ed, location=DASHBOARD),
    post(
        "papers:chair-review-schedule",
        CHAIR_POST,
        ed,
        lambda w: {"days_before": 3},
        note="no review deadline: refused with a message",
        location=DASHBOARD,
        changes=frozenset(),
    ),
    Route("papers:chair-review-form", CHAIR, ed),
    Route("papers:chair-committee", CHAIR, ed),
    post(
        "papers:chair-committee",
        CHAIR_POST,
        ed,
        lambda w: {"emails": "New Member <new@example.org>"},
        note="invite",
        location=COMMITTEE,
    ),
    post(
        "papers:chair-invitation",
        CHAIR_POST,
        lambda w: {"edition": w.edition.slug, "pk": w.pc_invitation.pk},
        lambda w: {"action": "resend"},
        location=COMMITTEE,
    ),
    Route("papers:chair-assignment", CHAIR, ed),
    Route("papers:chair-proposal", CHAIR, proposal),
    post("papers:chair-proposal-commit", CHAIR_POST, proposal, location=DASHBOARD),
    Route("papers:chair-review-paper", CHAIR, pk),
    post(
        "papers:chair-assignment-change",
        CHAIR_POST,
        lambda w: {"edition": w.edition.slug, "pk": w.assignment.pk},
        lambda w: {"action": "remove"},
        location=goes_to("papers:chair-review-paper", pk),
    ),
    Route("api:papers:review-assignments", API_PC, ed),
    Route("api:papers:review-bids", API_PC, ed),
    Route("api:papers:review-paper", API_PC, pk),
    Route("api:papers:review-paper-pdf", API_PC, pk),
    Route("api:papers:review-paper-supplementary", API_PC, pk),
    Route(
        "api:papers:review-mine",
        {**API_PC, "pc_member": NOT_FOUND},
        pk,
        note="no review yet",
    ),
    Route("api:papers:review-discussion", {**API_PC, "pc_member": NOT_FOUND}, pk),
    post(
        "api:papers:review-assignment-run",
        {**API_CHAIR, "chair": 201},
        ed,
        lambda w: {"reviewers_per_paper": 1},
    ),
    post("api:papers:review-assignment-commit", API_CHAIR, proposal),
    Route(
        "papers:chair-review-paper",
        {**CHAIR, "chair": NOT_FOUND},
        lambda w: {"edition": w.edition.slug, "pk": w.chair_paper.pk},
        note="chair's own paper",
    ),
    Route(
        "papers:chair-review-paper",
        {**CHAIR, "chair": NOT_FOUND},
        lambda w: {"edition": w.edition.slug, "pk": w.other_paper.pk},
        note="other edition's id",
    ),
    Route(
        "papers:reviewer-paper",
        {**PC, "pc_member": NOT_FOUND},
        lambda w: {"edition": w.edition.slug, "pk": w.other_paper.pk},
        note="other edition's id",
    ),
    Route("papers:reviewer-home", everyone(LOGIN), ed, auth="token", note="token"),
    Route("api:papers:review-assignments", API_PC, ed, auth="token", note="token"),
]
