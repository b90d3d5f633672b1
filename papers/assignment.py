"""Exact reviewer assignment: maximize total affinity as a min-cost flow.

Given an `AffinityMatrix` (papers x reviewers, with a conflict mask), find the assignment that
maximizes the sum of affinities such that

- every paper gets exactly `reviewers_per_paper` distinct reviewers,
- every reviewer gets between `min_load` and `max_load` papers (a per-reviewer cap may lower
  `max_load`, and then `min_load` too),
- no conflicted pair is used, every pair at most once,
- pairs in `fixed` (chosen by hand) are kept.

Flow network: each paper node supplies its `need` (k minus its fixed pairs); one arc of capacity
1 from a paper to each non-conflicted reviewer, costing -round(affinity * COST_SCALE); each
reviewer node demands its lower bound `lo` directly (the standard lower-bound transformation of
a reviewer -> sink arc with bounds [lo, hi]) and forwards up to `hi - lo` more to a sink that
absorbs the rest. The constraint matrix is totally unimodular, so the integral min-cost flow
is the optimum of the LP relaxation too, up to the cost rounding: the returned assignment's
true objective is within `AssignmentResult.rounding_tolerance` (reviews / COST_SCALE) of the
optimum. Solved by OR-Tools' SimpleMinCostFlow (cost scaling push-relabel): 2,000 papers x 600
reviewers (1.2M arcs) in well under a second (see bench/assignment.py).

Infeasibility is diagnosed before solving where a simple count shows it, with a message a
chair can act on; what remains (a Hall-type shortage among a group of papers) is reported by
the solver with a general message.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from emc2.exceptions import DomainError
from papers.affinity import AffinityMatrix, Id, Pair

# Affinities are multiplied by this and rounded to integer arc costs.
COST_SCALE = 1_000_000
# Problems listed in one message before "and N more".
MAX_LISTED = 3


class AssignmentInfeasible(DomainError):
    """No assignment meets the constraints; `problems` lists each reason found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_LISTED]
        message = "; ".join(shown)
        if len(problems) > MAX_LISTED:
            message += f"; and {len(problems) - MAX_LISTED} more"
        super().__init__(f"No feasible assignment: {message}.")


@dataclass(frozen=True, eq=False)
class AssignmentResult:
    # (paper_id, reviewer_id, affinity), papers in matrix order, best reviewer first
    assignments: list[tuple[Id, Id, float]]
    objective: float  # sum of the (unscaled) affinities of all assignments
    by_paper: dict[Id, list[tuple[Id, float]]]  # every paper -> [(reviewer_id, affinity)]
    by_reviewer: dict[Id, list[tuple[Id, float]]]  # every reviewer -> [(paper_id, affinity)]
    solve_seconds: float  # checks, network construction and solving
    cost_scale: int = COST_SCALE

    @property
    def rounding_tolerance(self) -> float:
        """Bound on how far `objective` may fall below the exact optimum, from cost rounding."""
        return len(self.assignments) / self.cost_scale

    def load(self, reviewer_id: Id) -> int:
        return len(self.by_reviewer[reviewer_id])


def _check_counts(
    *,
    affinity: AffinityMatrix,
    k: int,
    lo: np.ndarray,
    hi: np.ndarray,
    allowed: np.ndarray,
    fixed_per_paper: np.ndarray,
    fixed_per_reviewer: np.ndarray,
    uniform_min_load: int | None,
) -> list[str]:
    """Counting arguments that prove infeasibility, in the order a chair would fix them."""
    problems: list[str] = []
    n_papers = len(affinity.paper_ids)
    n_reviewers = len(affinity.reviewer_ids)
    needed = n_papers * k

    # A paper cannot get more reviewers than it has non-conflicted (or fixed) ones.
    available = allowed.sum(axis=1) + fixed_per_paper
    short = np.flatnonzero(available < k)
    problems += [
        f"paper {affinity.paper_ids[i]} has only {available[i]} non-conflicted "
        f"reviewer{'' if available[i] == 1 else 's'} (needs {k})"
        for i in short
    ]

    capacity = int(hi.sum())
    if capacity < needed:
        problems.append(f"total reviewer capacity {capacity} < {needed} reviews needed")

    minimum = int(lo.sum())
    if minimum > needed:
        if uniform_min_load is not None:
            problems.append(
                f"min load {uniform_min_load} x {n_reviewers} reviewers = {minimum} > "
                f"{needed} reviews needed"
            )
        else:
            problems.append(f"minimum loads add up to {minimum} > {needed} reviews needed")

    # A reviewer cannot reach their minimum load with fewer non-conflicted papers.
    available = allowed.sum(axis=0) + fixed_per_reviewer
    short = np.flatnonzero(available < lo)
    problems += [
        f"reviewer {affinity.reviewer_ids[j]} has only {available[j]} non-conflicted "
        f"paper{'' if available[j] == 1 else 's'} (min load {lo[j]})"
        for j in short
    ]
    return problems


def assignment_solve(
    *,
    affinity: AffinityMatrix,
    reviewers_per_paper: int = 3,
    min_load: int = 0,
    max_load: int | None = None,
    max_load_by_reviewer: Mapping[Id, int] | None = None,
    fixed: Collection[Pair] = (),
) -> AssignmentResult:
    """The assignment of maximum total affinity; AssignmentInfeasible if there is none.

    `max_load=None` means no cap. `max_load_by_reviewer` lowers (or raises) the cap of single
    reviewers; a reviewer whose cap is below `min_load` gets the cap as minimum. `fixed` pairs
    (paper_id, reviewer_id) are part of the result and count towards coverage and loads.
    """
    started = time.perf_counter()
    k = reviewers_per_paper
    paper_ids, reviewer_ids = affinity.paper_ids, affinity.reviewer_ids
    n_papers, n_reviewers = affinity.shape
    if k < 0 or min_load < 0:
        raise ValueError("reviewers_per_paper and min_load must be >= 0")
    if not np.all(np.isfinite(affinity.total)):
        raise ValueError("affinities must be finite")
    if max_load is not None and max_load < min_load:
        raise AssignmentInfeasible([f"min load {min_load} > max load {max_load}"])

    # Load bounds per reviewer.
    hi = np.full(n_reviewers, n_papers if max_load is None else max_load, dtype=np.int64)
    r_index = affinity.reviewer_index()
    for reviewer_id, cap in (max_load_by_reviewer or {}).items():
        if reviewer_id not in r_index:
            raise ValueError(f"max_load_by_reviewer: unknown reviewer {reviewer_id!r}")
        if cap < 0:
            raise ValueError(f"max_load_by_reviewer: negative cap for {reviewer_id!r}")
        hi[r_index[reviewer_id]] = cap
    lo = np.minimum(min_load, hi)
    uniform_min_load = min_load if np.all(lo == min_load) else None

    # Hand-picked pairs: checked, then taken out of the problem.
    allowed = ~affinity.conflicted
    is_fixed = np.zeros((n_papers, n_reviewers), dtype=bool)
    p_index = affinity.paper_index()
    problems: list[str] = []
    for paper_id, reviewer_id in fixed:
        if paper_id not in p_index or reviewer_id not in r_index:
            raise ValueError(f"fixed pair ({paper_id!r}, {reviewer_id!r}) is not in the matrix")
        i, j = p_index[paper_id], r_index[reviewer_id]
        if affinity.conflicted[i, j]:
            problems.append(f"paper {paper_id} is fixed to conflicted reviewer {reviewer_id}")
        is_fixed[i, j] = True
    fixed_per_paper = is_fixed.sum(axis=1)
    fixed_per_reviewer = is_fixed.sum(axis=0)
    problems += [
        f"paper {paper_ids[i]} has {fixed_per_paper[i]} fixed reviewers (more than {k})"
        for i in np.flatnonzero(fixed_per_paper > k)
    ]
    problems += [
        f"reviewer {reviewer_ids[j]} has {fixed_per_reviewer[j]} fixed papers "
        f"(more than max load {hi[j]})"
        for j in np.flatnonzero(fixed_per_reviewer > hi)
    ]
    if problems:
        raise AssignmentInfeasible(problems)
    allowed &= ~is_fixed

    problems = _check_counts(
        affinity=affinity,
        k=k,
        lo=lo,
        hi=hi,
        allowed=allowed,
        fixed_per_paper=fixed_per_paper,
        fixed_per_reviewer=fixed_per_reviewer,
        uniform_min_load=uniform_min_load,
    )
    if problems:
        raise AssignmentInfeasible(problems)

    # What is left for the solver once the fixed pairs are counted.
    need = k - fixed_per_paper
    hi_left = hi - fixed_per_reviewer
    lo_left = np.maximum(lo - fixed_per_reviewer, 0)
    if int(lo_left.sum()) > int(need.sum()):
        raise AssignmentInfeasible(
            [
                f"minimum loads still open after the fixed pairs add up to {int(lo_left.sum())}"
                f" > {int(need.sum())} reviews still needed"
            ]
        )

    pair_p, pair_r = np.nonzero(allowed)
    n_pairs = len(pair_p)
    sink = n_papers + n_reviewers
    reviewer_nodes = n_papers + np.arange(n_reviewers, dtype=np.int64)
    tails = np.concatenate([pair_p.astype(np.int64), reviewer_nodes])
    heads = np.concatenate([n_papers + pair_r.astype(np.int64), np.full(n_reviewers, sink)])
    capacities = np.concatenate([np.ones(n_pairs, dtype=np.int64), hi_left - lo_left])
    costs = np.concatenate(
        [
            -np.rint(affinity.total[pair_p, pair_r] * COST_SCALE).astype(np.int64),
            np.zeros(n_reviewers, dtype=np.int64),
        ]
    )
    supplies = np.concatenate([need, -lo_left, [-(int(need.sum()) - int(lo_left.sum()))]]).astype(
        np.int64
    )

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int64), supplies)
    status = flow.solve()
    if status == flow.INFEASIBLE:
        load = f"{int(lo.min())}..{int(hi.max())}" if n_reviewers else "-"
        raise AssignmentInfeasible(
            [
                f"no way to give every paper {k} non-conflicted reviewers with loads within "
                f"{load}: some group of papers has too few non-conflicted reviewers with spare "
                "capacity"
            ]
        )
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow solver failed with status {status}")

    chosen = flow.flows(np.arange(n_pairs, dtype=np.int64)) > 0
    assigned = is_fixed.copy()
    assigned[pair_p[chosen], pair_r[chosen]] = True
    return _result(affinity=affinity, assigned=assigned, started=started)


def _result(*, affinity: AffinityMatrix, assigned: np.ndarray, started: float) -> AssignmentResult:
    paper_ids, reviewer_ids = affinity.paper_ids, affinity.reviewer_ids
    by_paper: dict[Id, list[tuple[Id, float]]] = {pid: [] for pid in paper_ids}
    by_reviewer: dict[Id, list[tuple[Id, float]]] = {rid: [] for rid in reviewer_ids}
    assignments: list[tuple[Id, Id, float]] = []
    rows, cols = np.nonzero(assigned)
    scores = affinity.total[rows, cols]
    # Papers in matrix order, best reviewer first.
    order = np.lexsort((-scores, rows))
    for i, j, score in zip(rows[order], cols[order], scores[order], strict=True):
        paper_id, reviewer_id, score = paper_ids[i], reviewer_ids[j], float(score)
        assignments.append((paper_id, reviewer_id, score))
        by_paper[paper_id].append((reviewer_id, score))
        by_reviewer[reviewer_id].append((paper_id, score))
    for papers in by_reviewer.values():
        papers.sort(key=lambda item: -item[1])
    return AssignmentResult(
        assignments=assignments,
        objective=float(scores.sum()),
        by_paper=by_paper,
        by_reviewer=by_reviewer,
        solve_seconds=time.perf_counter() - started,
    )
