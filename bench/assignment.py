"""Benchmark of the reviewer assignment engine on random instances.

    .venv/bin/python -m bench.assignment            # 200x60, 1,000x300, 2,000x600
    .venv/bin/python -m bench.assignment --lp-all   # also the LP check on 2,000x600 (~20 s)

For each size (papers x reviewers, 3 reviews per paper) it builds a random instance with a fixed
seed: 24 topics with their own synthetic vocabulary, papers with 1-3 topics and a title +
abstract drawn mostly from their topics' words, reviewers with 2-5 topics and a short expertise
statement, ~2% conflicted pairs, and ~40 bids per reviewer leaning towards papers on their topics.
It prints the time to compute the affinity matrix, the time to solve, the objective, and checks
the result (coverage, loads, no conflict). On the smaller sizes it also solves the LP relaxation
with scipy.optimize.linprog (HiGHS) and prints the LP optimum and the gap, which must lie within
the cost-rounding tolerance (reviews / COST_SCALE). Then it solves the fairness option
(assignment_solve_fair: the lowest paper's total affinity first, then the total) and prints its
objective and lowest paper total next to the plain optimum's, the cost of fairness, the bound on
the lowest paper total and whether both stages are proven optimal. Exit status 1 if any check
fails (also the fair assignment's coverage, loads and conflicts).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from papers.affinity import (
    AffinityMatrix,
    AffinityWeights,
    PaperInput,
    ReviewerInput,
    affinity_compute,
)
from papers.assignment import (
    AssignmentResult,
    assignment_solve,
    assignment_solve_fair,
    paper_totals,
)
from papers.enums import BidValue

SIZES = [(200, 60), (1_000, 300), (2_000, 600)]
REVIEWS = 3
N_TOPICS = 24
WORDS_PER_TOPIC = 25
GENERAL_WORDS = 300
CONFLICT_RATE = 0.02
BIDS_PER_REVIEWER = 40
BID_VALUES = [BidValue.EAGER, BidValue.WILLING, BidValue.PINCH, BidValue.NOT_WILLING]
BID_WEIGHTS = [0.25, 0.35, 0.2, 0.2]


def make_instance(n_papers: int, n_reviewers: int, *, seed: int):
    rng = np.random.default_rng(seed)
    topic_words = [[f"topic{t}term{w}" for w in range(WORDS_PER_TOPIC)] for t in range(N_TOPICS)]
    general = [f"common{w}" for w in range(GENERAL_WORDS)]

    def text(topics, n_words, on_topic):
        topic = rng.choice(topics, size=n_words)
        word = rng.integers(WORDS_PER_TOPIC, size=n_words)
        common = rng.integers(GENERAL_WORDS, size=n_words)
        use_topic = rng.random(n_words) < on_topic
        return " ".join(
            topic_words[t][w] if u else general[c]
            for t, w, c, u in zip(topic, word, common, use_topic, strict=True)
        )

    papers = []
    for p in range(n_papers):
        topics = rng.choice(N_TOPICS, size=rng.integers(1, 4), replace=False).tolist()
        papers.append(PaperInput(id=p, text=text(topics, 90, 0.6), topic_ids=frozenset(topics)))
    reviewers = []
    for r in range(n_reviewers):
        topics = rng.choice(N_TOPICS, size=rng.integers(2, 6), replace=False).tolist()
        reviewers.append(
            ReviewerInput(id=r, expertise_text=text(topics, 25, 0.8), topic_ids=frozenset(topics))
        )

    conflicted = rng.random((n_papers, n_reviewers)) < CONFLICT_RATE
    conflicts = {(int(p), int(r)) for p, r in zip(*np.nonzero(conflicted), strict=True)}

    bids = {}
    for reviewer in reviewers:
        on_topic = [p.id for p in papers if p.topic_ids & reviewer.topic_ids]
        n_on = min(len(on_topic), int(BIDS_PER_REVIEWER * 0.6))
        chosen = set(rng.choice(on_topic, size=n_on, replace=False).tolist()) if n_on else set()
        while len(chosen) < min(BIDS_PER_REVIEWER, n_papers):
            chosen.add(int(rng.integers(n_papers)))
        values = rng.choice(len(BID_VALUES), size=len(chosen), p=BID_WEIGHTS)
        for paper_id, value in zip(sorted(chosen), values, strict=True):
            bids[(paper_id, reviewer.id)] = BID_VALUES[value]
    return papers, reviewers, bids, conflicts


def lp_optimum(affinity: AffinityMatrix, *, k: int, lo: int, hi: int) -> tuple[float, float]:
    """LP relaxation optimum with HiGHS (the problem is totally unimodular), and its time."""
    started = time.perf_counter()
    n_papers, n_reviewers = affinity.shape
    pair_p, pair_r = np.nonzero(~affinity.conflicted)
    n = len(pair_p)
    ones = np.ones(n)
    columns = np.arange(n)
    a_paper = sparse.csr_matrix((ones, (pair_p, columns)), shape=(n_papers, n))
    a_reviewer = sparse.csr_matrix((ones, (pair_r, columns)), shape=(n_reviewers, n))
    result = linprog(
        -affinity.total[pair_p, pair_r],
        A_ub=sparse.vstack([a_reviewer, -a_reviewer]).tocsr(),
        b_ub=np.concatenate([np.full(n_reviewers, hi), np.full(n_reviewers, -lo)]),
        A_eq=a_paper,
        b_eq=np.full(n_papers, k),
        bounds=(0, 1),
        method="highs",
    )
    if result.status != 0:
        raise RuntimeError(f"linprog failed: {result.message}")
    return -result.fun, time.perf_counter() - started


def check(result: AssignmentResult, affinity: AffinityMatrix, *, k: int, lo: int, hi: int) -> list:
    errors = []
    p_index, r_index = affinity.paper_index(), affinity.reviewer_index()
    pairs = {(p, r) for p, r, _ in result.assignments}
    if len(pairs) != len(result.assignments):
        errors.append("a pair is assigned twice")
    if any(affinity.conflicted[p_index[p], r_index[r]] for p, r in pairs):
        errors.append("a conflicted pair is assigned")
    if any(len(v) != k for v in result.by_paper.values()):
        errors.append(f"a paper does not have {k} reviewers")
    if any(not lo <= len(v) <= hi for v in result.by_reviewer.values()):
        errors.append(f"a reviewer load is outside {lo}..{hi}")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--lp-all", action="store_true", help="LP check on every size")
    args = parser.parse_args(argv)

    weights = AffinityWeights(bid=1.0, topic=0.5, text=1.0)
    failed = False
    print(f"{REVIEWS} reviews per paper, conflicts ~{CONFLICT_RATE:.0%}, weights {weights}")
    for n_papers, n_reviewers in SIZES:
        started = time.perf_counter()
        papers, reviewers, bids, conflicts = make_instance(n_papers, n_reviewers, seed=args.seed)
        instance_seconds = time.perf_counter() - started
        average = n_papers * REVIEWS / n_reviewers
        lo, hi = int(average * 0.6), int(np.ceil(average * 1.4))
        started = time.perf_counter()
        affinity = affinity_compute(
            papers=papers, reviewers=reviewers, bids=bids, conflicts=conflicts, weights=weights
        )
        affinity_seconds = time.perf_counter() - started
        result = assignment_solve(
            affinity=affinity, reviewers_per_paper=REVIEWS, min_load=lo, max_load=hi
        )
        print(
            f"\n{n_papers} papers x {n_reviewers} reviewers, loads {lo}..{hi}, "
            f"{int((~affinity.conflicted).sum()):,} candidate pairs, {len(conflicts):,} conflicts,"
            f" {len(bids):,} bids"
        )
        print(
            f"  instance  {instance_seconds:6.2f} s   (random generation, not part of the engine)"
        )
        print(f"  affinity  {affinity_seconds:6.2f} s")
        print(f"  solve     {result.solve_seconds:6.2f} s   objective {result.objective:.6f}")
        errors = check(result, affinity, k=REVIEWS, lo=lo, hi=hi)
        if n_papers <= 1_000 or args.lp_all:
            optimum, lp_seconds = lp_optimum(affinity, k=REVIEWS, lo=lo, hi=hi)
            gap = optimum - result.objective
            tolerance = result.rounding_tolerance
            print(
                f"  LP HiGHS  {lp_seconds:6.2f} s   optimum   {optimum:.6f}   gap {gap:.2e} "
                f"(tolerance {tolerance:.1e})"
            )
            # HiGHS' own feasibility tolerance allows a tiny negative gap.
            if not -1e-6 <= gap <= tolerance + 1e-6:
                errors.append(f"objective differs from the LP optimum by {gap:.2e}")
        fair = assignment_solve_fair(
            affinity=affinity, reviewers_per_paper=REVIEWS, min_load=lo, max_load=hi
        )
        plain_lowest = paper_totals(fair.plain, affinity.paper_ids).min()
        if fair.proven:
            proof = "both stages proven optimal"
        elif fair.floor >= fair.min_paper_bound - 1e-6:
            proof = "lowest paper proven optimal, total within the cost of the plain optimum"
        else:
            proof = "not proven (HiGHS time limit or candidate pairs only)"
        print(
            f"  fair      {fair.fair.solve_seconds:6.2f} s   objective {fair.fair.objective:.6f}"
            f"   lowest paper {fair.floor:.6f} (plain {plain_lowest:.6f}, bound "
            f"{fair.min_paper_bound:.6f})"
        )
        print(
            f"            cost of fairness {fair.cost:.6f} ({fair.cost / fair.plain.objective:.2e}"
            f" of the plain optimum {fair.plain.objective:.6f}); method {fair.method}, "
            f"{fair.candidate_pairs:,} candidate pairs, "
            f"{proof}"
        )
        errors += [f"fair: {e}" for e in check(fair.fair, affinity, k=REVIEWS, lo=lo, hi=hi)]
        if fair.floor < plain_lowest - 1e-9:
            errors.append("fair: the lowest paper is worse than in the plain optimum")
        if fair.cost < -fair.plain.rounding_tolerance - 1e-6:
            errors.append("fair: total above the plain optimum")
        for error in errors:
            print(f"  FAILED: {error}")
        failed = failed or bool(errors)
        if not errors:
            print("  checks    ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
