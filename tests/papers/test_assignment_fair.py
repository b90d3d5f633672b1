"""The fair assignment: the lowest paper's total first, then the total (papers.assignment)."""

import itertools

import numpy as np
import pytest

from papers.affinity import AffinityMatrix
from papers.assignment import AssignmentInfeasible, assignment_solve_fair, paper_totals


def matrix(scores, conflicted=None):
    scores = np.asarray(scores, dtype=float)
    return AffinityMatrix.from_scores(
        paper_ids=list(range(scores.shape[0])),
        reviewer_ids=[f"r{j}" for j in range(scores.shape[1])],
        total=scores,
        conflicted=conflicted,
    )


def lexicographic_best(scores, *, k, lo, hi):
    """(max lowest paper total, max total among those) over every feasible assignment."""
    n_papers, n_reviewers = scores.shape
    best = None
    options = list(itertools.combinations(range(n_reviewers), k))
    for choice in itertools.product(options, repeat=n_papers):
        loads = np.bincount([j for c in choice for j in c], minlength=n_reviewers)
        if loads.min() < lo or loads.max() > hi:
            continue
        totals = [sum(scores[i, j] for j in c) for i, c in enumerate(choice)]
        key = (round(min(totals), 9), round(sum(totals), 9))
        best = key if best is None else max(best, key)
    return best


def test_fair_costs_total_when_the_lowest_paper_needs_a_strong_reviewer():
    # Plain gives r0 to paper 0 (10) and r1 to paper 1 (1): total 11, lowest 1.
    # Fair gives r0 to paper 1 (3) and r1 to paper 0 (6): total 9, lowest 3.
    scores = [[10.0, 6.0], [3.0, 1.0]]
    result = assignment_solve_fair(
        affinity=matrix(scores), reviewers_per_paper=1, min_load=1, max_load=1
    )
    assert result.method == "milp"
    assert (result.plain.objective, result.fair.objective) == (11.0, 9.0)
    assert result.cost == pytest.approx(2.0)
    assert list(paper_totals(result.fair, [0, 1])) == [6.0, 3.0]


@pytest.mark.parametrize("seed", range(8))
def test_fair_matches_brute_force_lexicographic_optimum(seed):
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 10, size=(4, 4)).astype(float)
    result = assignment_solve_fair(
        affinity=matrix(scores), reviewers_per_paper=2, min_load=1, max_load=3
    )
    lowest, total = lexicographic_best(scores, k=2, lo=1, hi=3)
    assert (result.floor, result.fair.objective) == (lowest, total)
    assert result.proven is True


def test_fair_on_20_papers_and_8_reviewers_keeps_every_constraint():
    rng = np.random.default_rng(7)
    scores = rng.random((20, 8)).round(3)
    conflicted = rng.random((20, 8)) < 0.1
    fixed = {(0, "r1")} if not conflicted[0, 1] else set()
    result = assignment_solve_fair(
        affinity=matrix(scores, conflicted),
        reviewers_per_paper=3,
        min_load=5,
        max_load=9,
        fixed=fixed,
    )
    pairs = {(p, r) for p, r, _a in result.fair.assignments}
    assert fixed <= pairs
    assert [conflicted[p, int(r[1:])] for p, r in pairs] == [False] * len(pairs)
    assert {p: len(v) for p, v in result.fair.by_paper.items()} == dict.fromkeys(range(20), 3)
    assert all(5 <= len(v) <= 9 for v in result.fair.by_reviewer.values())
    plain_lowest = paper_totals(result.plain, list(range(20))).min()
    assert result.floor >= plain_lowest
    assert result.floor <= result.min_paper_bound + 1e-9
    assert result.fair.objective <= result.plain.objective + result.plain.rounding_tolerance
    assert result.proven is True


def test_fair_reports_infeasibility_like_the_plain_solver():
    with pytest.raises(AssignmentInfeasible, match="needs 3 reviewers, only 2 eligible"):
        assignment_solve_fair(affinity=matrix(np.ones((2, 2))), reviewers_per_paper=3)
