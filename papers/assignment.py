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
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from emc2.exceptions import DomainError
from papers.affinity import AffinityMatrix, Id, Pair

# Affinities are multiplied by this and rounded to integer arc costs.
COST_SCALE = 1_000_000
# Problems listed in one message before "and N more".
MAX_LISTED = 3
# Papers or people named in one problem before "N more".
MAX_NAMED = 5
# HiGHS stops when the incumbent is provably within this relative gap of the optimum.
MIP_GAP = 1e-9
# The fair stage 2 keeps every paper total >= t* - FLOOR_SLACK (float noise of HiGHS).
FLOOR_SLACK = 1e-7
# Fair assignment: HiGHS sees every pair up to this many, else each paper's CANDIDATES best.
FULL_PAIRS = 50_000
CANDIDATES = 12


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


def _names(ids, label) -> str:
    shown = [label(i) for i in ids[:MAX_NAMED]]
    if len(ids) > MAX_NAMED:
        shown.append(f"{len(ids) - MAX_NAMED} more")
    return ", ".join(shown) if shown else "none"


def _check_counts(
    *,
    affinity: AffinityMatrix,
    paper_label,
    reviewer_label,
    k: int,
    lo: np.ndarray,
    hi: np.ndarray,
    allowed: np.ndarray,
    fixed: np.ndarray,
    uniform_min_load: int | None,
) -> list[str]:
    """Counting arguments that prove infeasibility, in the order a chair would fix them."""
    problems: list[str] = []
    n_papers = len(affinity.paper_ids)
    n_reviewers = len(affinity.reviewer_ids)
    needed = n_papers * k

    # A paper cannot get more reviewers than it has non-conflicted (or fixed) ones.
    eligible = allowed | fixed
    available = eligible.sum(axis=1)
    short = np.flatnonzero(available < k)
    for i in short:
        names = _names(
            [affinity.reviewer_ids[j] for j in np.flatnonzero(eligible[i])], reviewer_label
        )
        problems.append(
            f"{paper_label(affinity.paper_ids[i])} needs {k} reviewers, only {available[i]} "
            f"eligible: {names}"
        )

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
    available = eligible.sum(axis=0)
    short = np.flatnonzero(available < lo)
    problems += [
        f"{reviewer_label(affinity.reviewer_ids[j])} has a min load of {lo[j]}, only "
        f"{available[j]} eligible paper{'' if available[j] == 1 else 's'}"
        for j in short
    ]
    return problems


def _paper_default(paper_id: Id) -> str:
    return f"paper {paper_id}"


def _reviewer_default(reviewer_id: Id) -> str:
    return f"reviewer {reviewer_id}"


@dataclass(frozen=True, eq=False)
class _Problem:
    """An instance checked and reduced: the fixed pairs taken out, bounds per reviewer."""

    affinity: AffinityMatrix
    k: int
    lo: np.ndarray
    hi: np.ndarray
    allowed: np.ndarray  # (P, R) pairs the solver may choose (not conflicted, not fixed)
    fixed: np.ndarray  # (P, R) pairs kept as they are
    need: np.ndarray  # per paper, reviewers still to find
    lo_left: np.ndarray
    hi_left: np.ndarray
    paper_label: Callable[[Id], str]
    reviewer_label: Callable[[Id], str]


def _prepare(
    *,
    affinity: AffinityMatrix,
    reviewers_per_paper: int = 3,
    min_load: int = 0,
    max_load: int | None = None,
    max_load_by_reviewer: Mapping[Id, int] | None = None,
    fixed: Collection[Pair] = (),
    paper_labels: Mapping[Id, str] | None = None,
    reviewer_labels: Mapping[Id, str] | None = None,
) -> _Problem:
    """Check the instance (ValueError for programming errors, AssignmentInfeasible for what a
    chair can fix) and reduce it: see `assignment_solve` for the arguments."""
    k = reviewers_per_paper
    n_papers, n_reviewers = affinity.shape
    paper_labels, reviewer_labels = paper_labels or {}, reviewer_labels or {}

    def paper_label(paper_id: Id) -> str:
        return paper_labels.get(paper_id) or _paper_default(paper_id)

    def reviewer_label(reviewer_id: Id) -> str:
        return reviewer_labels.get(reviewer_id) or _reviewer_default(reviewer_id)

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
            problems.append(
                f"{paper_label(paper_id)} is kept with {reviewer_label(reviewer_id)}, "
                "who has a conflict with it"
            )
        is_fixed[i, j] = True
    fixed_per_paper = is_fixed.sum(axis=1)
    fixed_per_reviewer = is_fixed.sum(axis=0)
    problems += [
        f"{paper_label(affinity.paper_ids[i])} already has {fixed_per_paper[i]} reviewers "
        f"(more than {k})"
        for i in np.flatnonzero(fixed_per_paper > k)
    ]
    problems += [
        f"{reviewer_label(affinity.reviewer_ids[j])} already has {fixed_per_reviewer[j]} "
        f"papers (more than the max load {hi[j]})"
        for j in np.flatnonzero(fixed_per_reviewer > hi)
    ]
    if problems:
        raise AssignmentInfeasible(problems)
    allowed &= ~is_fixed

    problems = _check_counts(
        affinity=affinity,
        paper_label=paper_label,
        reviewer_label=reviewer_label,
        k=k,
        lo=lo,
        hi=hi,
        allowed=allowed,
        fixed=is_fixed,
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
                f"minimum loads still open after the kept pairs add up to {int(lo_left.sum())}"
                f" > {int(need.sum())} reviews still needed"
            ]
        )
    return _Problem(
        affinity=affinity,
        k=k,
        lo=lo,
        hi=hi,
        allowed=allowed,
        fixed=is_fixed,
        need=need,
        lo_left=lo_left,
        hi_left=hi_left,
        paper_label=paper_label,
        reviewer_label=reviewer_label,
    )


def _shortage(problem: _Problem) -> list[str]:
    """Why the flow is infeasible, naming the papers and reviewers of the tightest group.

    A max flow from the papers (supplying their need) through eligible pairs to the reviewers
    (taking up to their spare capacity) falls short exactly when some group of papers has too
    few places left among its eligible reviewers (Hall's condition); the source side of the
    min cut is such a group. If there is no shortage the minimum loads are what cannot be met.
    """
    n_papers, n_reviewers = problem.affinity.shape
    paper_ids, reviewer_ids = problem.affinity.paper_ids, problem.affinity.reviewer_ids
    pair_p, pair_r = np.nonzero(problem.allowed)
    source, sink = n_papers + n_reviewers, n_papers + n_reviewers + 1
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(
        np.concatenate(
            [np.full(n_papers, source), pair_p, n_papers + np.arange(n_reviewers)]
        ).astype(np.int64),
        np.concatenate([np.arange(n_papers), n_papers + pair_r, np.full(n_reviewers, sink)]).astype(
            np.int64
        ),
        np.concatenate(
            [problem.need, np.ones(len(pair_p), dtype=np.int64), problem.hi_left]
        ).astype(np.int64),
    )
    flow.solve(source, sink)
    needed = int(problem.need.sum())
    if flow.optimal_flow() >= needed:
        return [
            "the minimum loads cannot all be met: the reviewers who must reach them have "
            "too few eligible papers between them; lower the min load"
        ]
    side = set(flow.get_source_side_min_cut())
    group = [i for i in range(n_papers) if i in side and problem.need[i] > 0]
    # The first n_papers arcs run from the source to the papers: what each paper got.
    got = sum(int(flow.flow(i)) for i in group)
    reviewers = sorted({int(j) for i in group for j in np.flatnonzero(problem.allowed[i])})
    papers = _names([paper_ids[i] for i in group], problem.paper_label)
    people = _names([reviewer_ids[j] for j in reviewers], problem.reviewer_label)
    return [
        f"{papers} need {int(problem.need[group].sum())} more reviews between them, but "
        f"their eligible reviewers ({people}) can give them only {got} within their max loads"
    ]


def _flow_solve(problem: _Problem, allowed: np.ndarray | None = None) -> np.ndarray:
    """The maximum-affinity assignment as a (P, R) bool matrix (fixed pairs included)."""
    affinity = problem.affinity
    allowed = problem.allowed if allowed is None else allowed
    n_papers, n_reviewers = affinity.shape
    need, lo_left, hi_left = problem.need, problem.lo_left, problem.hi_left
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
        raise AssignmentInfeasible(_shortage(problem))
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow solver failed with status {status}")

    chosen = flow.flows(np.arange(n_pairs, dtype=np.int64)) > 0
    assigned = problem.fixed.copy()
    assigned[pair_p[chosen], pair_r[chosen]] = True
    return assigned


def assignment_solve(
    *,
    affinity: AffinityMatrix,
    reviewers_per_paper: int = 3,
    min_load: int = 0,
    max_load: int | None = None,
    max_load_by_reviewer: Mapping[Id, int] | None = None,
    fixed: Collection[Pair] = (),
    paper_labels: Mapping[Id, str] | None = None,
    reviewer_labels: Mapping[Id, str] | None = None,
) -> AssignmentResult:
    """The assignment of maximum total affinity; AssignmentInfeasible if there is none.

    `max_load=None` means no cap. `max_load_by_reviewer` lowers (or raises) the cap of single
    reviewers; a reviewer whose cap is below `min_load` gets the cap as minimum. `fixed` pairs
    (paper_id, reviewer_id) are part of the result and count towards coverage and loads.
    `paper_labels` / `reviewer_labels` name papers and reviewers in the infeasibility messages
    (e.g. "#12 'Title'", "Ann Lee"); missing ones read "paper <id>", "reviewer <id>".
    """
    started = time.perf_counter()
    problem = _prepare(
        affinity=affinity,
        reviewers_per_paper=reviewers_per_paper,
        min_load=min_load,
        max_load=max_load,
        max_load_by_reviewer=max_load_by_reviewer,
        fixed=fixed,
        paper_labels=paper_labels,
        reviewer_labels=reviewer_labels,
    )
    assigned = _flow_solve(problem)
    return _result(affinity=affinity, assigned=assigned, started=started)


# --- fairness ------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class FairResult:
    """The fair assignment next to the plain optimum of the same instance.

    `fair` maximizes the lowest paper total first, then the total; `plain` maximizes the
    total only. `floor` is the lowest paper total of `fair`, `min_paper_bound` the bound no
    assignment can beat. `proven` says both stages are exact: always on instances of up to
    FULL_PAIRS candidate pairs; on larger ones HiGHS only sees each paper's CANDIDATES best
    reviewers (and the plain optimum's), so the floor is proven only when it meets the bound
    and the total is within `cost` of the exact one (the plain optimum bounds both).
    """

    fair: AssignmentResult
    plain: AssignmentResult
    method: str  # "bound" (the plain optimum already meets the bound) or "milp"
    proven: bool
    floor: float
    min_paper_bound: float
    candidate_pairs: int

    @property
    def cost(self) -> float:
        """Total affinity given up for fairness (>= 0 up to the rounding tolerance)."""
        return self.plain.objective - self.fair.objective


def paper_totals(result: AssignmentResult, paper_ids: Sequence[Id]) -> np.ndarray:
    """Total affinity of each paper's reviewers, in `paper_ids` order."""
    return np.array([sum(a for _r, a in result.by_paper[p]) for p in paper_ids], dtype=float)


def _milp(problem: _Problem, *, allowed: np.ndarray, floor: float | None, time_limit: float):
    """One HiGHS MILP over the `allowed` pairs; (assigned matrix or None, optimal?).

    Without `floor`: maximize the lowest paper total (variables x..., t). With it: maximize
    the total subject to every paper total >= floor; None when no assignment reaches it.
    """
    affinity = problem.affinity
    n_papers, n_reviewers = affinity.shape
    pair_p, pair_r = np.nonzero(allowed)
    n = len(pair_p)
    scores = affinity.total[pair_p, pair_r]
    kept = (affinity.total * problem.fixed).sum(axis=1)
    columns = np.arange(n)
    ones = np.ones(n)
    a_paper = sparse.csr_matrix((ones, (pair_p, columns)), shape=(n_papers, n))
    a_reviewer = sparse.csr_matrix((ones, (pair_r, columns)), shape=(n_reviewers, n))
    a_total = sparse.csr_matrix((scores, (pair_p, columns)), shape=(n_papers, n))
    if floor is None:
        matrix = sparse.vstack(
            [
                sparse.hstack([a_paper, sparse.csr_matrix((n_papers, 1))]),
                sparse.hstack([a_reviewer, sparse.csr_matrix((n_reviewers, 1))]),
                sparse.hstack([a_total, -np.ones((n_papers, 1))]),
            ]
        ).tocsr()
        objective = np.r_[np.zeros(n), -1.0]
        integrality = np.r_[np.ones(n), 0]
        bounds = Bounds(np.r_[np.zeros(n), -np.inf], np.r_[np.ones(n), np.inf])
        total_low = -kept  # sum_j a_ij x_ij - t >= -kept_i
    else:
        matrix = sparse.vstack([a_paper, a_reviewer, a_total]).tocsr()
        objective = -scores
        integrality = np.ones(n)
        bounds = Bounds(0, 1)
        total_low = floor - kept
    lower = np.concatenate([problem.need, problem.lo_left, total_low])
    upper = np.concatenate([problem.need, problem.hi_left, np.full(n_papers, np.inf)])
    result = milp(
        objective,
        constraints=LinearConstraint(matrix, lower, upper),
        integrality=integrality,
        bounds=bounds,
        options={"time_limit": time_limit, "mip_rel_gap": MIP_GAP, "disp": False},
    )
    if result.x is None:
        if result.status == 2:  # HiGHS proved it infeasible
            return None, True
        raise AssignmentInfeasible(
            [f"no fair assignment found within {time_limit:.0f} s; use the plain optimum"]
        )
    assigned = problem.fixed.copy()
    chosen = result.x[:n] > 0.5
    assigned[pair_p[chosen], pair_r[chosen]] = True
    return assigned, result.status == 0


def _candidates(problem: _Problem, plain: np.ndarray) -> np.ndarray:
    """Every free pair on small instances; else each paper's CANDIDATES best and the plain
    optimum's pairs (so the restricted problem stays feasible)."""
    allowed = problem.allowed
    if int(allowed.sum()) <= FULL_PAIRS:
        return allowed
    free = np.where(allowed, problem.affinity.total, -np.inf)
    best = np.argsort(-free, axis=1)[:, :CANDIDATES]
    out = np.zeros_like(allowed)
    out[np.arange(allowed.shape[0])[:, None], best] = True
    return (out & allowed) | (plain & allowed)


def assignment_solve_fair(*, time_limit: float = 120.0, **constraints) -> FairResult:
    """Maximize the lowest paper's total affinity first, then the total (lexicographic).

    Takes the keyword arguments of `assignment_solve` (same constraints and messages), whose
    plain optimum comes back too; HiGHS stops after `time_limit` seconds.

    1. Plain optimum by min-cost flow, and the bound B = min over papers of (kept pairs +
       the best `need` eligible reviewers): no assignment gives the lowest paper more. If the
       plain optimum's lowest paper reaches B, it is optimal for both stages ("bound").
    2. Otherwise MILPs with HiGHS (scipy.optimize.milp, relative gap MIP_GAP): the total is
       maximized subject to every paper total >= B; only if no assignment reaches B, first
       t* = max min_i total_i, then the total subject to total_i >= t*.
    """
    started = time.perf_counter()
    problem = _prepare(**constraints)
    affinity = problem.affinity
    plain_assigned = _flow_solve(problem)
    plain = _result(affinity=affinity, assigned=plain_assigned, started=started)
    started = time.perf_counter()
    bound = _min_paper_bound(problem)
    lowest = float(paper_totals(plain, affinity.paper_ids).min()) if affinity.paper_ids else 0.0
    if lowest >= bound - plain.rounding_tolerance - FLOOR_SLACK:
        return FairResult(
            fair=plain,
            plain=plain,
            method="bound",
            proven=True,
            floor=lowest,
            min_paper_bound=bound,
            candidate_pairs=0,
        )
    allowed = _candidates(problem, plain_assigned)
    exhaustive = bool((allowed == problem.allowed).all())
    deadline = started + time_limit

    def left() -> float:
        return max(deadline - time.perf_counter(), 1.0)

    assigned, proven = _milp(problem, allowed=allowed, floor=bound - FLOOR_SLACK, time_limit=left())
    floor_proven = assigned is not None
    if assigned is None:
        first, proven_first = _milp(problem, allowed=allowed, floor=None, time_limit=left())
        floor = float((affinity.total * first).sum(axis=1).min())
        assigned, proven = _milp(
            problem, allowed=allowed, floor=floor - FLOOR_SLACK, time_limit=left()
        )
        if assigned is None:  # HiGHS' tolerances: its own stage-1 answer is feasible
            assigned, proven = first, False
        floor_proven = proven_first and exhaustive
    fair = _result(affinity=affinity, assigned=assigned, started=started)
    return FairResult(
        fair=fair,
        plain=plain,
        method="milp",
        proven=bool(floor_proven and proven and exhaustive),
        floor=float(paper_totals(fair, affinity.paper_ids).min()),
        min_paper_bound=bound,
        candidate_pairs=int(allowed.sum()),
    )


def _min_paper_bound(problem: _Problem) -> float:
    """min over papers of kept total + the `need` best eligible affinities."""
    total = problem.affinity.total
    kept = (total * problem.fixed).sum(axis=1)
    best = -np.sort(-np.where(problem.allowed, total, -np.inf), axis=1)
    bounds = [kept[i] + best[i, : problem.need[i]].sum() for i in range(len(problem.need))]
    return float(min(bounds)) if bounds else 0.0


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
