"""Who may do what in review, for every actor and reviewer state."""

import pytest
import time_machine

from papers.models import ReviewAssignment
from papers.services import review_save
from tests.papers.review.conftest import BEFORE, GOOD_REVIEW, fresh

pytestmark = pytest.mark.django_db


def _user(rw, who):
    if who in rw.actors:
        return rw.actors[who]
    return getattr(rw, who)


def _submit(rw, user):
    with time_machine.travel(BEFORE, tick=False):
        review_save(
            assignment=ReviewAssignment.objects.get(paper=rw.paper, reviewer=user),
            submit=True,
            **GOOD_REVIEW,
        )


PAPER_PERMS = ["bid_paper", "review_paper", "view_reviews", "discuss_paper", "assign_paper"]


@pytest.mark.parametrize(
    ("who", "submitted", "expected"),
    [
        ("anonymous", False, set()),
        ("stranger", False, set()),
        ("author", False, set()),
        ("chair", False, {"view_reviews", "discuss_paper", "assign_paper"}),
        ("chair_other_edition", False, set()),
        ("evaluator", False, set()),
        ("idle", False, {"bid_paper"}),
        ("conflicted", False, set()),
        ("reviewer", False, {"bid_paper", "review_paper"}),
        ("reviewer", True, {"bid_paper", "review_paper", "view_reviews", "discuss_paper"}),
    ],
    ids=lambda v: str(v) if not isinstance(v, set) else "",
)
def test_paper_permissions(rw, who, submitted, expected):
    user = _user(rw, who)
    if submitted:
        _submit(rw, user)
        user = fresh(user)
    allowed = {perm for perm in PAPER_PERMS if user.has_perm(f"papers.{perm}", rw.paper)}
    assert allowed == expected


def test_conflicted_assigned_reviewer_loses_everything(rw):
    ReviewAssignment.objects.create(paper=rw.paper, reviewer=rw.conflicted)
    user = fresh(rw.conflicted)
    assert [p for p in PAPER_PERMS if user.has_perm(f"papers.{p}", rw.paper)] == []


@pytest.mark.parametrize(
    ("who", "manage", "pc_area"),
    [
        ("anonymous", False, False),
        ("stranger", False, False),
        ("author", False, False),
        ("pc_member", False, True),
        ("chair", True, False),
        ("chair_other_edition", False, False),
        ("challenge_organizer", False, False),
    ],
)
def test_edition_permissions(actors, edition, who, manage, pc_area):
    user = actors[who]
    assert user.has_perm("papers.manage_reviews", edition) is manage
    assert user.has_perm("papers.view_pc_area", edition) is pc_area


def test_chair_of_other_edition_cannot_manage_this_one(actors, other_edition, edition):
    assert actors["chair_other_edition"].has_perm("papers.manage_reviews", other_edition) is True
    assert actors["chair_other_edition"].has_perm("papers.manage_reviews", edition) is False


def test_withdrawn_paper_is_not_reviewable(rw):
    from papers.services import paper_withdraw

    paper_withdraw(paper=rw.paper, by=rw.author)
    rw.paper.refresh_from_db()
    assert fresh(rw.reviewer).has_perm("papers.review_paper", rw.paper) is False
