"""Affinity between papers and reviewers, the input of the assignment solver.

Plain functions over plain dataclasses: no database. A later layer turns papers,
PC members, bids and conflicts into these inputs and feeds the matrix to
`papers.assignment.assignment_solve`.

affinity = w_bid * bid score + w_topic * topic overlap + w_text * text similarity

- bid score: from `BID_SCORES` (eager 1.0 ... not willing -1.0; no bid 0.0),
- topic overlap: Jaccard index of the topic id sets (or the share of the paper's topics the
  reviewer covers, with ``topic_measure="coverage"``), in [0, 1],
- text similarity: TF-IDF cosine between the reviewer's expertise statement and the paper's
  title + abstract, in [0, 1]. The vocabulary and IDF are fitted on the instance itself (papers
  and statements together), so nothing is downloaded or stored.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy import sparse

from emc2.similarity import text_similarity
from papers.enums import BidValue

Id = Hashable
Pair = tuple[Id, Id]  # (paper_id, reviewer_id)


# "In a pinch" ranks above no bid: the reviewer looked at the paper and could take it.
BID_SCORES: Mapping[str, float] = {
    BidValue.EAGER: 1.0,
    BidValue.WILLING: 0.6,
    BidValue.PINCH: 0.2,
    BidValue.NOT_WILLING: -1.0,
}
NO_BID_SCORE = 0.0

TopicMeasure = Literal["jaccard", "coverage"]


@dataclass(frozen=True)
class PaperInput:
    id: Id
    text: str  # title + abstract
    topic_ids: Collection[Id] = frozenset()


@dataclass(frozen=True)
class ReviewerInput:
    id: Id
    expertise_text: str
    topic_ids: Collection[Id] = frozenset()


@dataclass(frozen=True)
class AffinityWeights:
    bid: float = 1.0
    topic: float = 1.0
    text: float = 1.0


@dataclass(frozen=True, eq=False)
class AffinityMatrix:
    """Scores of every (paper, reviewer) pair; rows follow `paper_ids`, columns `reviewer_ids`.

    `total` is what the solver maximizes; the components are kept so a UI can explain a score.
    `conflicted[i, j]` is True when paper i and reviewer j may never be paired.
    """

    paper_ids: list[Id]
    reviewer_ids: list[Id]
    total: np.ndarray  # float64 (P, R)
    conflicted: np.ndarray  # bool (P, R)
    bid: np.ndarray = field(repr=False)  # float64 (P, R), unweighted
    topic: np.ndarray = field(repr=False)  # float64 (P, R), unweighted
    text: np.ndarray = field(repr=False)  # float64 (P, R), unweighted

    @classmethod
    def from_scores(
        cls,
        *,
        paper_ids: Sequence[Id],
        reviewer_ids: Sequence[Id],
        total: np.ndarray,
        conflicted: np.ndarray | None = None,
    ) -> AffinityMatrix:
        """A matrix from ready-made scores (components left at zero)."""
        total = np.asarray(total, dtype=np.float64)
        if total.shape != (len(paper_ids), len(reviewer_ids)):
            raise ValueError(
                f"scores shape {total.shape} != ({len(paper_ids)}, {len(reviewer_ids)})"
            )
        if conflicted is None:
            conflicted = np.zeros(total.shape, dtype=bool)
        zeros = np.zeros(total.shape)
        return cls(
            paper_ids=list(paper_ids),
            reviewer_ids=list(reviewer_ids),
            total=total,
            conflicted=np.asarray(conflicted, dtype=bool),
            bid=zeros,
            topic=zeros,
            text=zeros,
        )

    @property
    def shape(self) -> tuple[int, int]:
        return self.total.shape

    def paper_index(self) -> dict[Id, int]:
        return {pid: i for i, pid in enumerate(self.paper_ids)}

    def reviewer_index(self) -> dict[Id, int]:
        return {rid: j for j, rid in enumerate(self.reviewer_ids)}

    def score(self, paper_id: Id, reviewer_id: Id) -> float:
        i = self.paper_ids.index(paper_id)
        j = self.reviewer_ids.index(reviewer_id)
        return float(self.total[i, j])


def _index(ids: Sequence[Id], what: str) -> dict[Id, int]:
    index = {pid: i for i, pid in enumerate(ids)}
    if len(index) != len(ids):
        raise ValueError(f"duplicate {what} ids")
    return index


def bid_matrix(
    *,
    paper_ids: Sequence[Id],
    reviewer_ids: Sequence[Id],
    bids: Mapping[Pair, str],
    bid_scores: Mapping[str, float] = BID_SCORES,
    no_bid_score: float = NO_BID_SCORE,
) -> np.ndarray:
    """Bid scores as a (P, R) matrix; pairs without a bid get `no_bid_score`.

    Bids on ids outside the instance (a withdrawn paper, a reviewer left out) are ignored;
    an unknown bid value is a programming error and raises ValueError.
    """
    p_index = _index(paper_ids, "paper")
    r_index = _index(reviewer_ids, "reviewer")
    out = np.full((len(paper_ids), len(reviewer_ids)), float(no_bid_score))
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for (paper_id, reviewer_id), bid in bids.items():
        if bid not in bid_scores:
            raise ValueError(f"unknown bid value {bid!r}")
        i = p_index.get(paper_id)
        j = r_index.get(reviewer_id)
        if i is None or j is None:
            continue
        rows.append(i)
        cols.append(j)
        values.append(bid_scores[bid])
    if rows:
        out[np.asarray(rows), np.asarray(cols)] = values
    return out


def _incidence(
    topic_sets: Sequence[Collection[Id]], topic_index: dict[Id, int]
) -> sparse.csr_matrix:
    rows = [i for i, topics in enumerate(topic_sets) for _ in set(topics)]
    cols = [topic_index[t] for topics in topic_sets for t in set(topics)]
    return sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(topic_sets), len(topic_index))
    )


def topic_matrix(
    *,
    paper_topics: Sequence[Collection[Id]],
    reviewer_topics: Sequence[Collection[Id]],
    measure: TopicMeasure = "jaccard",
) -> np.ndarray:
    """Topic overlap in [0, 1] as a (P, R) matrix; 0 where either side has no topic.

    jaccard: |shared| / |union|. coverage: |shared| / |paper topics| (a broad reviewer who
    covers all of a paper's topics scores 1).
    """
    all_topics = {t for topics in (*paper_topics, *reviewer_topics) for t in topics}
    topic_index = {t: k for k, t in enumerate(sorted(all_topics, key=repr))}
    p_inc = _incidence(paper_topics, topic_index)
    r_inc = _incidence(reviewer_topics, topic_index)
    shared = (p_inc @ r_inc.T).toarray()
    p_count = np.asarray(p_inc.sum(axis=1)).reshape(-1, 1)
    if measure == "jaccard":
        r_count = np.asarray(r_inc.sum(axis=1)).reshape(1, -1)
        denominator = p_count + r_count - shared
    elif measure == "coverage":
        denominator = np.broadcast_to(p_count, shared.shape)
    else:
        raise ValueError(f"unknown topic measure {measure!r}")
    out = np.zeros(shared.shape)
    np.divide(shared, denominator, out=out, where=denominator > 0)
    return out


def text_matrix(*, paper_texts: Sequence[str], reviewer_texts: Sequence[str]) -> np.ndarray:
    """TF-IDF cosine similarity in [0, 1] as a (P, R) matrix (see emc2.similarity)."""
    return text_similarity(left=paper_texts, right=reviewer_texts)


def conflict_mask(
    *, paper_ids: Sequence[Id], reviewer_ids: Sequence[Id], conflicts: Collection[Pair]
) -> np.ndarray:
    """Boolean (P, R) matrix, True for conflicted pairs. Pairs outside the instance are ignored."""
    p_index = _index(paper_ids, "paper")
    r_index = _index(reviewer_ids, "reviewer")
    out = np.zeros((len(paper_ids), len(reviewer_ids)), dtype=bool)
    for paper_id, reviewer_id in conflicts:
        i = p_index.get(paper_id)
        j = r_index.get(reviewer_id)
        if i is not None and j is not None:
            out[i, j] = True
    return out


def affinity_compute(
    *,
    papers: Sequence[PaperInput],
    reviewers: Sequence[ReviewerInput],
    bids: Mapping[Pair, str] | None = None,
    conflicts: Collection[Pair] = frozenset(),
    weights: AffinityWeights = AffinityWeights(),  # noqa: B008 (frozen, immutable)
    bid_scores: Mapping[str, float] = BID_SCORES,
    topic_measure: TopicMeasure = "jaccard",
) -> AffinityMatrix:
    """The weighted affinity of every (paper, reviewer) pair, plus the conflict mask.

    Conflicted pairs keep their score in `total` (useful to display); the solver never pairs them.
    """
    paper_ids = [p.id for p in papers]
    reviewer_ids = [r.id for r in reviewers]
    _index(paper_ids, "paper")
    _index(reviewer_ids, "reviewer")
    bid = bid_matrix(
        paper_ids=paper_ids, reviewer_ids=reviewer_ids, bids=bids or {}, bid_scores=bid_scores
    )
    topic = topic_matrix(
        paper_topics=[p.topic_ids for p in papers],
        reviewer_topics=[r.topic_ids for r in reviewers],
        measure=topic_measure,
    )
    text = text_matrix(
        paper_texts=[p.text for p in papers], reviewer_texts=[r.expertise_text for r in reviewers]
    )
    total = weights.bid * bid + weights.topic * topic + weights.text * text
    return AffinityMatrix(
        paper_ids=paper_ids,
        reviewer_ids=reviewer_ids,
        total=total,
        conflicted=conflict_mask(
            paper_ids=paper_ids, reviewer_ids=reviewer_ids, conflicts=conflicts
        ),
        bid=bid,
        topic=topic,
        text=text,
    )
