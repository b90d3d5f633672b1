"""The project's one text-similarity engine: TF-IDF cosine. Plain functions, no database.

papers scores reviewers' expertise against papers with it (papers.affinity.text_matrix), and
explains a score by the terms the two texts share (papers' assignment "why"); program finds
similar talks with it (program.selectors.similar_talks).
"""

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer


def _fit(left: Sequence[str], right: Sequence[str]):
    """(TF-IDF rows of left + right, vocabulary by column), or None for an empty vocabulary.

    The vocabulary and IDF are fitted on the given texts themselves (both sides together),
    so nothing is downloaded or stored. English stop words are dropped and term frequencies
    are sublinear (1 + log tf), so a text that repeats a word is not rewarded for it.
    """
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float64)
    try:
        vectors = vectorizer.fit_transform([*left, *right])
    except ValueError:  # empty vocabulary: every text is empty or only stop words
        return None
    return vectors.tocsr(), vectorizer.get_feature_names_out()


def text_similarity(*, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """TF-IDF cosine similarity in [0, 1] as a ``(len(left), len(right))`` matrix.

    Empty texts score 0 (see ``_fit`` for the weighting).
    """
    shape = (len(left), len(right))
    if not left or not right:
        return np.zeros(shape)
    fitted = _fit(left, right)
    if fitted is None:
        return np.zeros(shape)
    vectors, _terms = fitted
    # Rows are L2-normalized by the vectorizer, so the dot product is the cosine.
    return np.clip((vectors[: len(left)] @ vectors[len(left) :].T).toarray(), 0.0, 1.0)


def shared_terms(
    *,
    left: Sequence[str],
    right: Sequence[str],
    pairs: Sequence[tuple[int, int]],
    top: int = 5,
) -> list[list[str]]:
    """For each (left index, right index) pair, the terms that add most to its cosine.

    The same fit as ``text_similarity``: a term's share of the cosine is the product of its
    weights in the two texts, so the terms come best first and their shares add up to the
    score. Terms only one side uses are never listed.
    """
    if not pairs or not left or not right:
        return [[] for _ in pairs]
    fitted = _fit(left, right)
    if fitted is None:
        return [[] for _ in pairs]
    vectors, terms = fitted
    rows_left = np.fromiter((i for i, _j in pairs), dtype=np.int64, count=len(pairs))
    rows_right = np.fromiter((len(left) + j for _i, j in pairs), dtype=np.int64, count=len(pairs))
    products = sparse.csr_matrix(vectors[rows_left].multiply(vectors[rows_right]))
    out = []
    for n in range(len(pairs)):
        start, end = products.indptr[n], products.indptr[n + 1]
        weights, columns = products.data[start:end], products.indices[start:end]
        best = np.argsort(-weights, kind="stable")[:top]
        out.append([str(terms[columns[b]]) for b in best if weights[b] > 0])
    return out
