import numpy as np
import pytest

from papers.affinity import (
    BID_SCORES,
    NO_BID_SCORE,
    AffinityWeights,
    PaperInput,
    ReviewerInput,
    affinity_compute,
    bid_matrix,
    conflict_mask,
    text_matrix,
    topic_matrix,
)
from papers.enums import BidValue


def test_bid_matrix_scores_each_bid_and_defaults_to_no_bid():
    bids = {(1, "a"): BidValue.EAGER, (1, "b"): "not_willing", (2, "a"): "pinch"}

    matrix = bid_matrix(paper_ids=[1, 2], reviewer_ids=["a", "b"], bids=bids)

    expected = [
        [BID_SCORES[BidValue.EAGER], BID_SCORES[BidValue.NOT_WILLING]],
        [BID_SCORES[BidValue.PINCH], NO_BID_SCORE],
    ]
    assert matrix.tolist() == expected


def test_bid_scores_are_ordered_from_eager_to_not_willing():
    scores = [BID_SCORES[BidValue.EAGER], BID_SCORES[BidValue.WILLING], BID_SCORES[BidValue.PINCH]]

    assert scores == sorted(scores, reverse=True)
    assert BID_SCORES[BidValue.PINCH] > NO_BID_SCORE > BID_SCORES[BidValue.NOT_WILLING]


def test_bid_matrix_ignores_ids_outside_the_instance():
    bids = {(1, "a"): "eager", (99, "a"): "eager", (1, "zz"): "eager"}

    matrix = bid_matrix(paper_ids=[1], reviewer_ids=["a"], bids=bids)

    assert matrix.tolist() == [[BID_SCORES["eager"]]]


def test_bid_matrix_rejects_an_unknown_bid_value():
    with pytest.raises(ValueError, match="unknown bid value 'keen'"):
        bid_matrix(paper_ids=[1], reviewer_ids=["a"], bids={(1, "a"): "keen"})


def test_topic_matrix_jaccard_is_shared_over_union():
    matrix = topic_matrix(
        paper_topics=[{1, 2}, {4}, set()], reviewer_topics=[{2, 3}, {1, 2}, {4, 5, 6, 7}]
    )

    assert matrix == pytest.approx(
        np.array([[1 / 3, 1.0, 0.0], [0.0, 0.0, 1 / 4], [0.0, 0.0, 0.0]])
    )


def test_topic_matrix_coverage_is_shared_over_paper_topics():
    matrix = topic_matrix(
        paper_topics=[{1, 2}, {4}, set()],
        reviewer_topics=[{2, 3}, {1, 2}, {4, 5, 6, 7}],
        measure="coverage",
    )

    assert matrix == pytest.approx(np.array([[0.5, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]]))


def test_text_matrix_ranks_the_obvious_match_first():
    papers = [
        "Structured pruning of convolutional networks: removing filters and channels to shrink "
        "CNNs for mobile inference.",
        "Post-training quantization of transformers to 4-bit integer weights and activations.",
        "Spiking neural networks on neuromorphic hardware: event-driven energy savings.",
    ]
    reviewers = [
        "Neuromorphic computing, spiking neurons, event-driven hardware.",
        "Network pruning: filter and channel pruning, sparse CNNs.",
        "Low-bit quantization, integer arithmetic, quantization-aware training of transformers.",
    ]

    matrix = text_matrix(paper_texts=papers, reviewer_texts=reviewers)

    assert matrix.argmax(axis=1).tolist() == [1, 2, 0]
    assert matrix.argmax(axis=0).tolist() == [2, 0, 1]


def test_text_matrix_is_a_cosine_in_zero_one():
    matrix = text_matrix(
        paper_texts=["sparse pruning", "graph kernels"], reviewer_texts=["sparse pruning", "music"]
    )

    assert matrix[0, 0] == pytest.approx(1.0)
    assert matrix[1].tolist() == [0.0, 0.0]
    assert matrix[:, 1].tolist() == [0.0, 0.0]


def test_text_matrix_of_empty_or_stop_word_texts_is_zero():
    matrix = text_matrix(paper_texts=["", "the of and"], reviewer_texts=[""])

    assert matrix.tolist() == [[0.0], [0.0]]


def test_conflict_mask_marks_conflicted_pairs_only():
    mask = conflict_mask(paper_ids=[1, 2], reviewer_ids=["a", "b"], conflicts={(2, "a"), (9, "b")})

    assert mask.tolist() == [[False, False], [True, False]]


def test_affinity_compute_weights_the_components():
    papers = [
        PaperInput(id=10, text="pruning sparse networks", topic_ids={1}),
        PaperInput(id=11, text="quantized transformers", topic_ids={2}),
    ]
    reviewers = [
        ReviewerInput(id="a", expertise_text="pruning", topic_ids={1, 2}),
        ReviewerInput(id="b", expertise_text="transformers", topic_ids={2}),
    ]
    weights = AffinityWeights(bid=2.0, topic=0.5, text=3.0)

    matrix = affinity_compute(
        papers=papers,
        reviewers=reviewers,
        bids={(11, "a"): BidValue.WILLING},
        conflicts={(10, "b")},
        weights=weights,
    )

    assert matrix.paper_ids == [10, 11]
    assert matrix.reviewer_ids == ["a", "b"]
    assert matrix.bid.tolist() == [[0.0, 0.0], [BID_SCORES[BidValue.WILLING], 0.0]]
    assert matrix.topic.tolist() == [[0.5, 0.0], [0.5, 1.0]]
    assert matrix.total == pytest.approx(2.0 * matrix.bid + 0.5 * matrix.topic + 3.0 * matrix.text)
    assert matrix.conflicted.tolist() == [[False, True], [False, False]]
    assert matrix.score(10, "a") == pytest.approx(0.25 + 3.0 * matrix.text[0, 0])
    assert matrix.text[0, 0] > 0.0


def test_affinity_compute_rejects_duplicate_ids():
    papers = [PaperInput(id=1, text="x"), PaperInput(id=1, text="y")]

    with pytest.raises(ValueError, match="duplicate paper ids"):
        affinity_compute(papers=papers, reviewers=[])
