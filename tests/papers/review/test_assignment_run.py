"""Assignment runs that hold: no decided or withdrawn paper, messages with names, pairs that
explain themselves, the fairness option, and commits that refuse a stale proposal."""

import pytest

from emc2.enums import RoleKind
from papers.assignment import AssignmentInfeasible
from papers.exceptions import PapersError
from papers.models import ReviewAssignment, ReviewerProfile
from papers.services import (
    assignment_add,
    assignment_run,
    bid_set,
    paper_withdraw,
    proposal_commit,
    proposal_pair_add,
)
from papers.services.decision import decision_record
from tests.factories.emc2 import user_with_role
from tests.papers.review.conftest import submit_paper


@pytest.fixture
def three(rw):
    """rw plus a decided and a withdrawn paper, each more attractive than rw.paper."""
    decided = submit_paper(rw.edition, rw.author, title="Decided paper")
    withdrawn = submit_paper(rw.edition, rw.author, title="Withdrawn paper")
    for paper in (decided, withdrawn):
        bid_set(paper=paper, user=rw.idle, value="eager")
    decision_record(paper=decided, by=rw.chair, decision="poster")
    paper_withdraw(paper=withdrawn, by=rw.author)
    rw.decided, rw.withdrawn = decided, withdrawn
    return rw


def test_run_never_proposes_decided_or_withdrawn_papers(three):
    proposal = assignment_run(edition=three.edition, by=three.chair, reviewers_per_paper=3)

    assert sorted(proposal.pairs.values_list("paper_id", flat=True)) == [three.paper.pk] * 3


def test_fair_run_never_proposes_decided_or_withdrawn_papers(three):
    proposal = assignment_run(
        edition=three.edition, by=three.chair, reviewers_per_paper=3, fair=True
    )

    assert sorted(proposal.pairs.values_list("paper_id", flat=True)) == [three.paper.pk] * 3


def test_run_with_only_decided_and_withdrawn_papers_says_so(three):
    decision_record(paper=three.paper, by=three.chair, decision="reject")

    with pytest.raises(PapersError, match="no papers under review left to assign"):
        assignment_run(edition=three.edition, by=three.chair, reviewers_per_paper=1)


def test_pair_added_by_hand_refuses_a_decided_paper(three):
    proposal = assignment_run(edition=three.edition, by=three.chair, reviewers_per_paper=3)

    with pytest.raises(PapersError, match="'Decided paper' is decided"):
        proposal_pair_add(proposal=proposal, paper=three.decided, reviewer=three.idle)
    with pytest.raises(PapersError, match="'Withdrawn paper' is withdrawn"):
        assignment_add(paper=three.withdrawn, reviewer=three.idle, by=three.chair)


def test_infeasible_run_names_paper_and_people_never_ids(rw):
    with pytest.raises(AssignmentInfeasible) as caught:
        assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=4)

    names = sorted(u.person.name for u in (rw.reviewer, rw.second, rw.idle))
    assert str(caught.value) == (
        f"No feasible assignment: #{rw.paper.pk} 'Sparse adapters for tiny devices' needs 4 "
        f"reviewers, only 3 eligible: {', '.join(names)}."
    )
    assert f"reviewer {rw.idle.pk}" not in str(caught.value)


def test_pairs_explain_bid_topics_terms_load_and_mark_kept_ones(rw):
    ReviewerProfile.objects.create(
        edition=rw.edition, user=rw.idle, expertise="Pruning adapters on small devices."
    )
    rw.idle.reviewer_profiles.get().topics.set(rw.paper.topics.all())
    bid_set(paper=rw.paper, user=rw.idle, value="eager")

    proposal = assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3)

    pairs = {p.reviewer_id: p for p in proposal.pairs.all()}
    assert {uid: p.kept for uid, p in pairs.items()} == {
        rw.reviewer.pk: True,
        rw.second.pk: True,
        rw.idle.pk: False,
    }
    why = pairs[rw.idle.pk].explanation
    assert (why["bid"], why["bid_label"], why["bid_score"]) == ("eager", "Eager", 1.0)
    assert why["topics"] == [t.name for t in rw.paper.topics.all()]
    assert why["topic"] == 1.0
    assert set(why["terms"]) == {"adapters", "devices", "small"}  # not "pruning": "prune"
    assert why["text"] > 0
    assert why["affinity"] == pytest.approx(sum(why["parts"].values()), abs=1e-3)
    assert why["load"] == 1
    assert why["bound"] == ["No unused reviewer has a higher affinity for this paper."]
    kept = pairs[rw.reviewer.pk].explanation
    assert kept["bound"][0] == "Kept: already assigned before this run."


def test_explanation_names_a_better_reviewer_at_max_load(rw):
    other = submit_paper(rw.edition, rw.author, title="Second paper")
    star = user_with_role(rw.edition, RoleKind.PC_MEMBER, email="star@example.org")
    ReviewerProfile.objects.create(edition=rw.edition, user=star, max_load=1)
    for paper in (rw.paper, other):
        bid_set(paper=paper, user=star, value="eager")
    bid_set(paper=other, user=star, value="eager")
    bid_set(paper=rw.paper, user=star, value="willing")

    proposal = assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3)

    star_pairs = list(proposal.pairs.filter(reviewer=star).values_list("paper_id", flat=True))
    assert star_pairs == [other.pk]
    idle = proposal.pairs.get(paper=rw.paper, reviewer=rw.idle).explanation
    assert (
        f"Reviewers with a higher affinity not used: 1 at their max load ({star.person.name})."
        in idle["bound"]
    )


def test_fair_run_stores_the_plain_optimum_next_to_it(rw):
    proposal = assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3, fair=True)

    params = proposal.parameters
    assert params["fair"] is True
    assert params["plain_objective"] >= proposal.objective - 1e-6
    assert params["lowest"] >= params["plain_lowest"]


# --- stale proposals -----------------------------------------------------------------------


def _run(rw):
    return assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3)


def test_commit_refuses_when_a_paper_was_withdrawn_since(rw):
    other = submit_paper(rw.edition, rw.author, title="Second paper")
    proposal = _run(rw)
    paper_withdraw(paper=other, by=rw.author)

    with pytest.raises(PapersError, match="out of date: the papers to assign"):
        proposal_commit(proposal=proposal, by=rw.chair)
    assert ReviewAssignment.objects.filter(paper=other).count() == 0
    proposal.refresh_from_db()
    assert proposal.committed_at is None


def test_commit_refuses_when_a_paper_was_decided_since(rw):
    other = submit_paper(rw.edition, rw.author, title="Second paper")
    proposal = _run(rw)
    decision_record(paper=other, by=rw.chair, decision="reject")

    with pytest.raises(PapersError, match="out of date"):
        proposal_commit(proposal=proposal, by=rw.chair)
    assert ReviewAssignment.objects.filter(paper=other).count() == 0


def test_commit_refuses_when_assignments_changed_since(rw):
    proposal = _run(rw)
    ReviewAssignment.objects.filter(paper=rw.paper, reviewer=rw.second).delete()

    with pytest.raises(PapersError, match="out of date: the assignments"):
        proposal_commit(proposal=proposal, by=rw.chair)
    assert ReviewAssignment.objects.filter(paper=rw.paper).count() == 1


def test_commit_refuses_when_a_member_left_the_committee(rw):
    proposal = _run(rw)
    rw.idle.person.roles.filter(kind=RoleKind.PC_MEMBER).delete()

    with pytest.raises(PapersError, match="out of date: the program committee"):
        proposal_commit(proposal=proposal, by=rw.chair)


def test_commit_refuses_a_pair_for_a_decided_paper_even_without_a_basis(rw):
    proposal = _run(rw)
    proposal.parameters.pop("basis")
    proposal.save()
    decision_record(paper=rw.paper, by=rw.chair, decision="reject")

    with pytest.raises(PapersError, match="'Sparse adapters for tiny devices' is withdrawn or"):
        proposal_commit(proposal=proposal, by=rw.chair)


def test_commit_of_a_fresh_proposal_goes_through(rw):
    proposal = _run(rw)
    created = proposal_commit(proposal=proposal, by=rw.chair)
    assert [a.reviewer for a in created] == [rw.idle]
