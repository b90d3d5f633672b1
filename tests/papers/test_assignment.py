import itertools

import numpy as np
import pytest

from emc2.exceptions import DomainError
from papers.affinity import (
    AffinityMatrix,
    AffinityWeights,
    PaperInput,
    ReviewerInput,
    affinity_compute,
)
from papers.assignment import COST_SCALE, AssignmentInfeasible, assignment_solve
from papers.enums import BidValue


def matrix(scores, conflicted=None, paper_ids=None, reviewer_ids=None):
    scores = np.asarray(scores, dtype=float)
    n_papers, n_reviewers = scores.shape
    return AffinityMatrix.from_scores(
        paper_ids=paper_ids or list(range(n_papers)),
        reviewer_ids=reviewer_ids or [f"r{j}" for j in range(n_reviewers)],
        total=scores,
        conflicted=conflicted,
    )


# How the service names papers and reviewers in messages.
LABELS = {17: "#17 'Sparse adapters'"}
NAMES = {"r0": "Ann Lee", "r1": "Bo Chen", "r2": "Carla Díaz", "r3": "Dev Rao"}


def uniform(n_papers, n_reviewers, conflicted=None):
    return matrix(np.ones((n_papers, n_reviewers)), conflicted=conflicted)


def brute_force(scores, conflicted, *, k, lo, hi):
    """Best objective over every feasible assignment, None if there is none."""
    n_papers, n_reviewers = scores.shape
    options = [
        [c for c in itertools.combinations(range(n_reviewers), k) if not conflicted[i, c].any()]
        for i in range(n_papers)
    ]
    best = None
    for choice in itertools.product(*options):
        loads = np.bincount([j for c in choice for j in c], minlength=n_reviewers)
        if loads.min() < lo or loads.max() > hi:
            continue
        value = sum(scores[i, j] for i, c in enumerate(choice) for j in c)
        best = value if best is None else max(best, value)
    return best


def assert_feasible(result, affinity, *, k, lo, hi):
    p_index, r_index = affinity.paper_index(), affinity.reviewer_index()
    pairs = [(p, r) for p, r, _ in result.assignments]
    assert len(set(pairs)) == len(pairs)
    assert [affinity.conflicted[p_index[p], r_index[r]] for p, r in pairs] == [False] * len(pairs)
    assert {p: len(v) for p, v in result.by_paper.items()} == dict.fromkeys(affinity.paper_ids, k)
    loads = [len(v) for v in result.by_reviewer.values()]
    assert [lo <= load <= hi for load in loads] == [True] * len(loads)


# (papers, reviewers, reviews per paper): at most 10^4 combinations to enumerate.
SHAPES = [(4, 4, 2), (5, 4, 2), (4, 5, 3), (3, 6, 2), (6, 3, 1)]


@pytest.mark.parametrize("seed", range(40))
def test_assignment_solve_matches_brute_force_on_small_instances(seed):
    rng = np.random.default_rng(seed)
    n_papers, n_reviewers, k = SHAPES[seed % len(SHAPES)]
    scores = rng.normal(size=(n_papers, n_reviewers)).round(3)
    conflicted = rng.random((n_papers, n_reviewers)) < 0.15
    average = n_papers * k / n_reviewers
    lo = int(rng.integers(0, int(average) + 1))
    hi = int(rng.integers(max(lo, 1), int(np.ceil(average)) + 2))
    affinity = matrix(scores, conflicted)

    best = brute_force(scores, conflicted, k=k, lo=lo, hi=hi)

    if best is None:
        with pytest.raises(AssignmentInfeasible):
            assignment_solve(affinity=affinity, reviewers_per_paper=k, min_load=lo, max_load=hi)
    else:
        result = assignment_solve(
            affinity=affinity, reviewers_per_paper=k, min_load=lo, max_load=hi
        )
        assert result.objective == pytest.approx(best, abs=result.rounding_tolerance)
        assert_feasible(result, affinity, k=k, lo=lo, hi=hi)


def test_brute_force_comparison_covers_feasible_and_infeasible_instances():
    # Guards the test above against degenerating into one kind of instance.
    outcomes = set()
    for seed in range(40):
        rng = np.random.default_rng(seed)
        n_papers, n_reviewers, k = SHAPES[seed % len(SHAPES)]
        scores = rng.normal(size=(n_papers, n_reviewers)).round(3)
        conflicted = rng.random((n_papers, n_reviewers)) < 0.15
        average = n_papers * k / n_reviewers
        lo = int(rng.integers(0, int(average) + 1))
        hi = int(rng.integers(max(lo, 1), int(np.ceil(average)) + 2))
        outcomes.add(brute_force(scores, conflicted, k=k, lo=lo, hi=hi) is None)

    assert outcomes == {True, False}


def test_assignment_solve_never_assigns_a_conflicted_pair_even_the_best_one():
    scores = [[100.0, 1.0, 1.0], [100.0, 1.0, 1.0]]
    conflicted = [[True, False, False], [False, False, False]]
    affinity = matrix(scores, conflicted)

    result = assignment_solve(affinity=affinity, reviewers_per_paper=1)

    assert result.assignments == [(0, "r1", 1.0), (1, "r0", 100.0)]


def test_assignment_solve_respects_max_load():
    # r0 is everyone's favourite but may take only 2 papers.
    scores = [[5.0, 1.0, 0.0], [5.0, 0.0, 1.0], [5.0, 1.0, 0.0], [5.0, 0.0, 1.0]]

    result = assignment_solve(affinity=matrix(scores), reviewers_per_paper=1, max_load=2)

    loads = {r: len(v) for r, v in result.by_reviewer.items()}
    assert (loads["r0"], max(loads.values()), sum(loads.values())) == (2, 2, 4)
    assert result.objective == pytest.approx(5.0 + 5.0 + 1.0 + 1.0)


def test_assignment_solve_respects_min_load():
    # r2 is nobody's choice but must review at least one paper.
    scores = [[5.0, 4.0, 0.0], [5.0, 4.0, 0.0], [5.0, 4.0, 0.0]]

    result = assignment_solve(
        affinity=matrix(scores), reviewers_per_paper=2, min_load=1, max_load=3
    )

    assert [len(result.by_reviewer[r]) for r in ("r0", "r1", "r2")] == [3, 2, 1]
    assert result.objective == pytest.approx(3 * 5.0 + 2 * 4.0 + 0.0)


def test_assignment_solve_per_reviewer_cap_lowers_max_and_min_load():
    scores = np.ones((4, 3))
    scores[:, 0] = 9.0

    result = assignment_solve(
        affinity=matrix(scores),
        reviewers_per_paper=1,
        min_load=1,
        max_load=4,
        max_load_by_reviewer={"r0": 1, "r2": 0},
    )

    assert {r: len(v) for r, v in result.by_reviewer.items()} == {"r0": 1, "r1": 3, "r2": 0}


def test_assignment_solve_keeps_fixed_pairs():
    scores = [[9.0, 0.0, 5.0], [9.0, 5.0, 0.0]]

    result = assignment_solve(
        affinity=matrix(scores), reviewers_per_paper=2, max_load=2, fixed={(0, "r1")}
    )

    assert result.by_paper == {0: [("r0", 9.0), ("r1", 0.0)], 1: [("r0", 9.0), ("r1", 5.0)]}
    assert result.objective == pytest.approx(23.0)


def test_assignment_solve_result_views_agree():
    rng = np.random.default_rng(7)
    affinity = matrix(rng.random((6, 4)))

    result = assignment_solve(affinity=affinity, reviewers_per_paper=2, min_load=2, max_load=4)

    from_papers = sorted((p, r, s) for p, v in result.by_paper.items() for r, s in v)
    from_reviewers = sorted((p, r, s) for r, v in result.by_reviewer.items() for p, s in v)
    assert from_papers == sorted(result.assignments) == from_reviewers
    assert result.objective == pytest.approx(sum(s for _, _, s in result.assignments))
    assert [s for _, s in result.by_paper[0]] == sorted(
        (s for _, s in result.by_paper[0]), reverse=True
    )
    assert result.rounding_tolerance == 12 / COST_SCALE
    assert result.solve_seconds > 0


def test_assignment_solve_without_papers_is_empty():
    affinity = AffinityMatrix.from_scores(paper_ids=[], reviewer_ids=["a"], total=np.zeros((0, 1)))

    result = assignment_solve(affinity=affinity, reviewers_per_paper=3)

    assert (result.assignments, result.objective, result.by_reviewer) == ([], 0.0, {"a": []})


def test_bids_move_the_result():
    papers = [PaperInput(id=p, text="compression of neural networks") for p in (1, 2)]
    reviewers = [ReviewerInput(id=r, expertise_text="neural network compression") for r in "ab"]

    def assign(bids):
        affinity = affinity_compute(
            papers=papers, reviewers=reviewers, bids=bids, weights=AffinityWeights()
        )
        result = assignment_solve(affinity=affinity, reviewers_per_paper=1, max_load=1)
        return {p: v[0][0] for p, v in result.by_paper.items()}

    assert assign({(1, "a"): BidValue.EAGER, (2, "b"): BidValue.WILLING}) == {1: "a", 2: "b"}
    assert assign({(1, "b"): BidValue.EAGER, (2, "a"): BidValue.WILLING}) == {1: "b", 2: "a"}
    assert assign({(1, "a"): BidValue.NOT_WILLING}) == {1: "b", 2: "a"}


def test_infeasible_is_a_domain_error():
    assert issubclass(AssignmentInfeasible, DomainError)


def test_infeasible_when_a_paper_has_too_few_non_conflicted_reviewers():
    conflicted = np.zeros((20, 4), dtype=bool)
    conflicted[17, :2] = True

    with pytest.raises(AssignmentInfeasible) as caught:
        assignment_solve(
            affinity=uniform(20, 4, conflicted),
            reviewers_per_paper=3,
            paper_labels=LABELS,
            reviewer_labels=NAMES,
        )

    assert str(caught.value) == (
        "No feasible assignment: #17 'Sparse adapters' needs 3 reviewers, only 2 eligible: "
        "Carla Díaz, Dev Rao."
    )


def test_infeasible_names_ids_without_labels_as_paper_and_reviewer():
    conflicted = np.zeros((2, 2), dtype=bool)
    conflicted[1, 0] = True

    with pytest.raises(AssignmentInfeasible) as caught:
        assignment_solve(affinity=uniform(2, 2, conflicted), reviewers_per_paper=2)

    assert str(caught.value) == (
        "No feasible assignment: paper 1 needs 2 reviewers, only 1 eligible: reviewer r1."
    )


def test_infeasible_lists_at_most_three_problems():
    conflicted = np.zeros((6, 3), dtype=bool)
    conflicted[:5, 0] = True

    with pytest.raises(AssignmentInfeasible) as caught:
        assignment_solve(affinity=uniform(6, 3, conflicted), reviewers_per_paper=3)

    assert len(caught.value.problems) == 5
    assert str(caught.value) == (
        "No feasible assignment: paper 0 needs 3 reviewers, only 2 eligible: reviewer r1, "
        "reviewer r2; paper 1 needs 3 reviewers, only 2 eligible: reviewer r1, reviewer r2; "
        "paper 2 needs 3 reviewers, only 2 eligible: reviewer r1, reviewer r2; and 2 more."
    )


def test_infeasible_when_total_capacity_is_too_small():
    with pytest.raises(AssignmentInfeasible) as caught:
        assignment_solve(affinity=uniform(60, 30), reviewers_per_paper=3, max_load=5)

    assert str(caught.value) == (
        "No feasible assignment: total reviewer capacity 150 < 180 reviews needed."
    )


def test_infeasible_when_minimum_loads_exceed_the_reviews_needed():
    with pytest.raises(AssignmentInfeasible) as caught:
        assignment_solve(affinity=uniform(60, 60), reviewers_per_paper=3, min_load=5, max_load=8)

    assert str(caught.value) == (
        "No feasible assignment: min load 5 x 60 reviewers = 300 > 180 reviews needed."
    )


def test_infeasible_when_a_reviewer_has_fewer_papers_than_the_min_load():
    conflicted = np.zeros((8, 6), dtype=bool)
    conflicted[:5, 5] = True

    with pytest.raises(AssignmentInfeasible) as caught:
        assignment_solve(
            affinity=uniform(8, 6, conflicted),
            reviewers_per_paper=3,
            min_load=4,
            max_load=6,
            reviewer_labels={"r5": "Eve Stone"},
        )

    assert str(caught.value) == (
        "No feasible assignment: Eve Stone has a min load of 4, only 3 eligible papers."
    )


def test_infeasible_when_min_load_exceeds_max_load():
    with pytest.raises(AssignmentInfeasible) as caught:
        assignment_solve(affinity=uniform(4, 4), reviewers_per_paper=1, min_load=3, max_load=2)

    assert str(caught.value) == "No feasible assignment: min load 3 > max load 2."


def test_infeasible_when_a_fixed_pair_is_conflicted():
    conflicted = np.zeros((2, 2), dtype=bool)
    conflicted[1, 0] = True

    with pytest.raises(AssignmentInfeasible) as caught:
        assignment_solve(
            affinity=uniform(2, 2, conflicted),
            reviewers_per_paper=1,
            fixed={(1, "r0")},
            paper_labels={1: "#1 'Tiny nets'"},
            reviewer_labels=NAMES,
        )

    assert str(caught.value) == (
        "No feasible assignment: #1 'Tiny nets' is kept with Ann Lee, who has a conflict with it."
    )


def test_infeasible_found_by_the_solver_when_counts_do_not_show_it():
    # Each paper has 2 non-conflicted reviewers and total capacity is 8 >= 6, but papers 0-2
    # share the same two reviewers, who can take 4 reviews between them.
    conflicted = np.zeros((3, 4), dtype=bool)
    conflicted[:, 2:] = True

    with pytest.raises(AssignmentInfeasible) as caught:
        assignment_solve(
            affinity=uniform(3, 4, conflicted),
            reviewers_per_paper=2,
            max_load=2,
            paper_labels={0: "#10 'A'", 1: "#11 'B'", 2: "#12 'C'"},
            reviewer_labels=NAMES,
        )

    assert str(caught.value) == (
        "No feasible assignment: #10 'A', #11 'B', #12 'C' need 6 more reviews between them, "
        "but their eligible reviewers (Ann Lee, Bo Chen) can give them only 4 within their max "
        "loads."
    )
