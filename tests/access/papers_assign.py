"""Access rows of the assignment pages and API (issue 12): the chairs' bids page and one
proposal with its explanations. ``world.proposal`` comes from papers_review's build."""

from papers.models import PaperDecision, ReviewAssignment, ReviewReminder
from tests.access.table import NOT_FOUND, REDIRECT, Route, api_only, goes_to, only, tables

ed = lambda w: {"edition": w.edition.slug}  # noqa: E731
proposal = lambda w: {"edition": w.edition.slug, "proposal": w.proposal.pk}  # noqa: E731


def build(world) -> None:
    from papers.models import AssignmentProposal

    # A proposal of another edition: its id must answer 404 here, as a missing one.
    world.other_proposal = AssignmentProposal.objects.create(edition=world.other_edition)


LIST = goes_to("papers:chair-list", ed)
BULK_STATE = tables(PaperDecision, ReviewAssignment, ReviewReminder)

ROUTES = [
    Route("papers:chair-export-reviews", only("chair"), ed),
    Route(
        "papers:chair-bulk",
        only("chair", ok=REDIRECT),
        ed,
        method="post",
        data=lambda w: {
            "papers": [w.review_paper.pk],
            "action": "assign",
            "reviewer": w.users["pc_member"].pk,
        },
        fresh_world_per_actor=True,
        state=BULK_STATE,
        # pc_member is assigned to review_paper already: the chair's request changes nothing.
        changes=frozenset(),
        location=LIST,
        note="assign an assigned reviewer: nothing to do",
    ),
    Route(
        "papers:chair-bulk",
        only("chair", ok=REDIRECT),
        ed,
        method="post",
        data=lambda w: {"papers": [w.review_paper.pk], "action": "remind"},
        fresh_world_per_actor=True,
        state=BULK_STATE,
        location=LIST,
        note="remind",
    ),
    Route("papers:chair-bids", only("chair"), ed),
    Route("api:papers:review-assignment-proposal", api_only("chair"), proposal),
    Route(
        "api:papers:review-assignment-proposal",
        {**api_only("chair"), "chair": NOT_FOUND},
        lambda w: {"edition": w.edition.slug, "proposal": w.other_proposal.pk},
        note="other edition's proposal",
    ),
    Route(
        "api:papers:review-assignment-proposal",
        api_only("chair"),
        proposal,
        auth="token",
        note="token",
    ),
]
