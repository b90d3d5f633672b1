"""Races of reviewing: each service locks in the documented order (docs/locking.md) and
checks after the lock. The race tests need PostgreSQL; SQLite ignores select_for_update."""

import pytest
from django.db import connection

from emc2.enums import RoleKind
from papers.enums import Decision
from papers.exceptions import PapersError
from papers.models import (
    AssignmentProposal,
    DecisionLog,
    ProposedPair,
    Review,
    ReviewAssignment,
    ReviewerProfile,
    ReviewStatus,
)
from papers.services import (
    assignment_remove,
    assignment_run,
    decision_record,
    paper_conflict_declare,
    paper_withdraw,
    proposal_commit,
    proposal_pair_add,
    proposal_pair_remove,
    review_save,
)
from papers.services import review as review_services
from tests.factories.emc2 import user_with_role
from tests.papers.review.conftest import BEFORE, GOOD_REVIEW
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True)

DECIDED = "The paper is decided; reviews can no longer change."
UNASSIGNED = "You are no longer assigned to this paper."
SUBMITTED = "This reviewer already submitted a review; it cannot be unassigned."
COMMITTED = "This proposal is already committed."


def _assignment(rw, user=None):
    return ReviewAssignment.objects.select_related("paper__edition", "reviewer").get(
        paper=rw.paper, reviewer=user or rw.reviewer
    )


def _submit(rw, assignment, **answers):
    return review_save(assignment=assignment, **(answers or GOOD_REVIEW), submit=True, now=BEFORE)


# --- review_save ---------------------------------------------------------------------------


@pytest.mark.postgres
def test_review_submitted_while_the_paper_is_decided_is_refused(rw):
    assignment = _assignment(rw)
    outcomes = race(
        lambda: decision_record(paper=rw.paper, by=rw.chair, decision=Decision.ORAL),
        lambda: _submit(rw, assignment),
    )
    assert outcomes == {"first": "ok", "second": DECIDED}
    assert Review.objects.filter(paper=rw.paper).count() == 0
    assert DecisionLog.objects.filter(paper=rw.paper).count() == 1


@pytest.mark.postgres
def test_review_of_a_reviewer_unassigned_meanwhile_is_refused(rw):
    assignment = _assignment(rw)
    outcomes = race(
        lambda: assignment_remove(assignment=assignment),
        lambda: _submit(rw, assignment),
    )
    assert outcomes == {"first": "ok", "second": UNASSIGNED}
    assert Review.objects.filter(paper=rw.paper, reviewer=rw.reviewer).count() == 0


@pytest.mark.postgres
def test_two_submits_at_once_leave_one_review_and_two_versions(rw):
    assignment = _assignment(rw)
    second_answers = {
        "scores": {**GOOD_REVIEW["scores"], "overall": -1},
        "texts": GOOD_REVIEW["texts"],
    }
    outcomes = race(
        lambda: _submit(rw, assignment),
        lambda: _submit(rw, assignment, **second_answers),
    )
    assert outcomes == {"first": "ok", "second": "ok"}
    review = Review.objects.get(paper=rw.paper, reviewer=rw.reviewer)
    assert (review.status, review.overall) == (ReviewStatus.SUBMITTED, -1)
    assert [v.scores["overall"] for v in review.versions.all()] == [2, -1]


# --- assignment_remove ---------------------------------------------------------------------


@pytest.mark.postgres
def test_unassigning_while_the_review_is_submitted_is_refused(rw):
    assignment = _assignment(rw)
    outcomes = race(
        lambda: _submit(rw, assignment),
        lambda: assignment_remove(assignment=assignment),
    )
    assert outcomes == {"first": "ok", "second": SUBMITTED}
    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()
    assert Review.objects.get(paper=rw.paper, reviewer=rw.reviewer).is_submitted


# --- proposal pairs ------------------------------------------------------------------------


def _proposal(rw) -> AssignmentProposal:
    """A proposal giving the paper its third reviewer, ``idle``."""
    proposal = assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3)
    assert set(proposal.pairs.values_list("reviewer_id", flat=True)) == {
        rw.reviewer.pk,
        rw.second.pk,
        rw.idle.pk,
    }
    return proposal


@pytest.mark.postgres
def test_pair_added_while_the_proposal_is_committed_is_refused(rw):
    # On the committee before the run (a member joining later makes the proposal stale),
    # with no capacity, so that the solver leaves them out.
    late = user_with_role(rw.edition, RoleKind.PC_MEMBER, email="late@example.org")
    ReviewerProfile.objects.create(edition=rw.edition, user=late, max_load=0)
    proposal = _proposal(rw)
    outcomes = race(
        lambda: proposal_commit(proposal=proposal, by=rw.chair),
        lambda: proposal_pair_add(proposal=proposal, paper=rw.paper, reviewer=late),
    )
    assert outcomes == {"first": "ok", "second": COMMITTED}
    assert not ProposedPair.objects.filter(proposal=proposal, reviewer=late).exists()
    assert not ReviewAssignment.objects.filter(paper=rw.paper, reviewer=late).exists()


@pytest.mark.postgres
def test_pair_removed_while_the_proposal_is_committed_is_refused(rw):
    proposal = _proposal(rw)
    pair = ProposedPair.objects.get(proposal=proposal, reviewer=rw.idle)
    outcomes = race(
        lambda: proposal_commit(proposal=proposal, by=rw.chair),
        lambda: proposal_pair_remove(proposal=proposal, pair_id=pair.pk),
    )
    assert outcomes == {"first": "ok", "second": COMMITTED}
    # The committed proposal still lists the pair that became an assignment.
    assert ProposedPair.objects.filter(pk=pair.pk).exists()
    assert ReviewAssignment.objects.filter(paper=rw.paper, reviewer=rw.idle).exists()


# --- assignment_run ------------------------------------------------------------------------


def _spy_solver(monkeypatch, during=None) -> dict:
    """Wrap the real solver: record whether a transaction is open, run ``during`` meanwhile."""
    seen = {}
    real = review_services.assignment_solve

    def solve(**kwargs):
        seen["in_transaction"] = connection.in_atomic_block
        if during:
            during()
        return real(**kwargs)

    monkeypatch.setattr(review_services, "assignment_solve", solve)
    return seen


def test_assignment_run_solves_outside_any_transaction(rw, monkeypatch):
    seen = _spy_solver(monkeypatch)
    proposal = assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3)
    assert seen == {"in_transaction": False}
    assert proposal.pairs.count() == 3


def test_assignment_run_refuses_when_a_paper_is_withdrawn_during_the_solve(rw, monkeypatch):
    _spy_solver(monkeypatch, during=lambda: paper_withdraw(paper=rw.paper, by=rw.author))
    with pytest.raises(PapersError, match="changed while the assignment was computed"):
        assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3)
    assert AssignmentProposal.objects.count() == 0


def test_assignment_run_refuses_when_a_conflict_is_declared_during_the_solve(rw, monkeypatch):
    _spy_solver(
        monkeypatch,
        during=lambda: paper_conflict_declare(paper=rw.paper, user=rw.idle, reason="Colleague"),
    )
    with pytest.raises(PapersError, match="conflict was declared"):
        assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3)
    assert AssignmentProposal.objects.count() == 0


@pytest.mark.postgres
def test_assignment_run_waits_for_a_withdrawal_and_refuses(rw):
    outcomes = race(
        lambda: paper_withdraw(paper=rw.paper, by=rw.author),
        lambda: assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3),
    )
    assert outcomes == {
        "first": "ok",
        "second": "Papers or committee members changed while the assignment was computed; "
        "run it again.",
    }
    assert AssignmentProposal.objects.count() == 0


@pytest.mark.postgres
def test_review_save_leaves_the_edition_row_unlocked(rw):
    """Locks take the row itself (of=self), not the paper and edition an ordering joins."""
    from django.db import transaction

    from emc2.models import Edition

    def lock_edition_nowait():
        with transaction.atomic():
            Edition.objects.select_for_update(nowait=True).get(pk=rw.edition.pk)

    outcomes = race(lambda: _submit(rw, _assignment(rw)), lock_edition_nowait)
    assert outcomes == {"first": "ok", "second": "ok"}
