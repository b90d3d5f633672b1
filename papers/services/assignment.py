"""Helpers of the assignment runs (papers.services.review): why each pair was chosen, and
what a proposal was computed from, so that a commit can refuse a proposal gone stale."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np

from emc2.similarity import shared_terms
from papers.affinity import AffinityMatrix, AffinityWeights
from papers.enums import BidValue
from papers.models import ReviewAssignment
from papers.selectors.review import paper_list_for_assignment, pc_member_users

# Shared terms listed per pair, and better reviewers named per pair.
TERMS = 5
NAMED = 3


def _digest(values: Iterable) -> str:
    return hashlib.sha256(",".join(map(str, sorted(values))).encode()).hexdigest()[:32]


def assignment_basis(
    *, paper_ids: Collection[int], user_ids: Collection[int], assigned: Collection[tuple]
) -> dict[str, str]:
    """Digests of what a run saw: the papers to assign, the committee, the assignments."""
    return {
        "papers": _digest(paper_ids),
        "members": _digest(user_ids),
        "assignments": _digest(f"{p}:{r}" for p, r in assigned),
    }


BASIS_WHAT = {
    "papers": "the papers to assign (one submitted, withdrawn or decided)",
    "members": "the program committee",
    "assignments": "the assignments (made or removed by hand, or another proposal committed)",
}


def assignment_basis_now(*, edition) -> dict[str, str]:
    """The same digests read from the database now (inside the commit's transaction)."""
    paper_ids = list(paper_list_for_assignment(edition=edition).values_list("pk", flat=True))
    user_ids = list(pc_member_users(edition=edition).values_list("pk", flat=True))
    assigned = ReviewAssignment.objects.filter(
        paper_id__in=paper_ids, reviewer_id__in=user_ids
    ).values_list("paper_id", "reviewer_id")
    return assignment_basis(paper_ids=paper_ids, user_ids=user_ids, assigned=list(assigned))


def pair_explanations(
    *,
    matrix: AffinityMatrix,
    weights: AffinityWeights,
    chosen: Sequence[tuple[int, int]],
    paper_texts: Sequence[str],
    reviewer_texts: Sequence[str],
    paper_topics: Mapping[int, Mapping[int, str]],
    reviewer_topics: Mapping[int, Collection[int]],
    bids: Mapping[tuple[int, int], str],
    kept: Collection[tuple[int, int]],
    min_load: int,
    max_loads: Mapping[int, int | None],
    reviewer_names: Mapping[int, str],
    floor: float | None = None,
) -> dict[tuple[int, int], dict]:
    """Why each chosen (paper, reviewer) pair is in the proposal, as JSON-ready dicts.

    bid, topic overlap (the shared topics), text similarity (the top shared terms), the
    weighted parts that add up to the affinity, the reviewer's load and bounds, and the
    constraints that bound the choice: kept from before, load at its max or min, better
    reviewers left out (conflicted, full, or worth more on other papers), the fairness floor.
    """
    p_index, r_index = matrix.paper_index(), matrix.reviewer_index()
    rows = [(p_index[p], r_index[r]) for p, r in chosen]
    terms = shared_terms(left=paper_texts, right=reviewer_texts, pairs=rows, top=TERMS)
    assigned = np.zeros(matrix.shape, dtype=bool)
    for i, j in rows:
        assigned[i, j] = True
    loads = assigned.sum(axis=0)
    paper_totals = (matrix.total * assigned).sum(axis=1)
    caps = np.array(
        [np.inf if max_loads.get(r) is None else max_loads[r] for r in matrix.reviewer_ids]
    )
    full = loads >= caps
    out = {}
    for (paper_id, reviewer_id), (i, j), pair_terms in zip(chosen, rows, terms, strict=True):
        bid = bids.get((paper_id, reviewer_id), "")
        topics = paper_topics.get(paper_id, {})
        shared = sorted(topics[t] for t in set(topics) & set(reviewer_topics.get(reviewer_id, ())))
        score = float(matrix.total[i, j])
        bound = []
        if (paper_id, reviewer_id) in kept:
            bound.append("Kept: already assigned before this run.")
        if full[j]:
            bound.append(f"The reviewer is at their max load ({int(loads[j])}).")
        elif min_load and loads[j] <= min_load:
            bound.append(f"The reviewer is at the min load ({min_load}).")
        better = np.flatnonzero((matrix.total[i] > score) & ~assigned[i])
        if len(better):
            conflicted = [b for b in better if matrix.conflicted[i, b]]
            at_max = [b for b in better if not matrix.conflicted[i, b] and full[b]]
            elsewhere = len(better) - len(conflicted) - len(at_max)
            parts = []
            if conflicted:
                parts.append(f"{len(conflicted)} with a conflict")
            if at_max:
                names = ", ".join(reviewer_names[matrix.reviewer_ids[b]] for b in at_max[:NAMED])
                more = f" and {len(at_max) - NAMED} more" if len(at_max) > NAMED else ""
                parts.append(f"{len(at_max)} at their max load ({names}{more})")
            if elsewhere:
                parts.append(f"{elsewhere} worth more on other papers")
            bound.append(f"Reviewers with a higher affinity not used: {'; '.join(parts)}.")
        else:
            bound.append("No unused reviewer has a higher affinity for this paper.")
        if floor is not None and abs(paper_totals[i] - floor) <= 1e-6:
            bound.append(
                f"Fairness: this paper has the lowest total ({floor:.2f}), the floor the fair "
                "assignment maximizes."
            )
        out[(paper_id, reviewer_id)] = {
            "bid": bid,
            "bid_label": BidValue(bid).label if bid else "No bid",
            "bid_score": round(float(matrix.bid[i, j]), 4),
            "topic": round(float(matrix.topic[i, j]), 4),
            "topics": shared,
            "text": round(float(matrix.text[i, j]), 4),
            "terms": pair_terms,
            "weights": {"bid": weights.bid, "topic": weights.topic, "text": weights.text},
            "parts": {
                "bid": round(weights.bid * float(matrix.bid[i, j]), 4),
                "topic": round(weights.topic * float(matrix.topic[i, j]), 4),
                "text": round(weights.text * float(matrix.text[i, j]), 4),
            },
            "affinity": round(score, 4),
            "load": int(loads[j]),
            "min_load": min_load,
            "max_load": max_loads.get(reviewer_id),
            "bound": bound,
        }
    return out
