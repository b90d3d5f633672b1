"""The project's one text-similarity engine: TF-IDF cosine. Plain functions, no database.

papers scores reviewers' expertise against papers with it (papers.affinity.text_matrix) and
program finds similar talks with it (program.selectors.similar_talks).
"""

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


def text_similarity(*, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """TF-IDF cosine similarity in [0, 1] as a ``(len(left), len(right))`` matrix.

    The vocabulary and IDF are fitted on the given texts themselves (both sides together),
    so nothing is downloaded or stored. English stop words are dropped and term frequencies
    are sublinear (1 + log tf), so a text that repeats a word is not rewarded for it. Empty
    texts score 0.
    """
    shape = (len(left), len(right))
    if not left or not right:
        return np.zeros(shape)
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float64)
    try:
        vectors = vectorizer.fit_transform([*left, *right])
    except ValueError:  # empty vocabulary: every text is empty or only stop words
        return np.zeros(shape)
    # Rows are L2-normalized by the vectorizer, so the dot product is the cosine.
    return np.clip((vectors[: len(left)] @ vectors[len(left) :].T).toarray(), 0.0, 1.0)
