import numpy as np

from emc2.similarity import text_similarity


def test_text_similarity_is_one_for_the_same_text_and_zero_for_nothing_shared():
    scores = text_similarity(
        left=["pruning sparse networks"], right=["pruning sparse networks", "audio codecs"]
    )
    assert np.allclose(scores, [[1.0, 0.0]])


def test_text_similarity_ignores_english_stop_words():
    scores = text_similarity(left=["between the layers"], right=["between the devices"])
    assert scores.tolist() == [[0.0]]


def test_text_similarity_weighs_a_rare_shared_word_above_a_common_one():
    texts = ["quantization of models", "quantization of speech models", "distillation of models"]
    scores = text_similarity(left=[texts[0]], right=texts[1:])[0]
    assert scores[0] > scores[1] > 0


def test_text_similarity_of_empty_sides_and_empty_texts_is_zero():
    assert text_similarity(left=[], right=["a text"]).shape == (0, 1)
    assert text_similarity(left=[""], right=["", "the"]).tolist() == [[0.0, 0.0]]
