"""Word2VecModel: lookups, cosine similarity, and word2vec text format that gensim reads."""

import numpy as np
import pytest
from gensim.models import KeyedVectors

from w2vlib import Word2VecModel, train
from w2vlib.corpora import planted_corpus


@pytest.fixture
def tiny_model():
    vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0], [-1.0, 0.0]], dtype=np.float32)
    return Word2VecModel(["cat", "dog", "car", "tac"], vectors, np.zeros_like(vectors))


@pytest.fixture(scope="module")
def trained_model():
    sentences, _ = planted_corpus(n_sentences=100, seed=0)
    return train(sentences, dim=6, window=2, epochs=2, min_count=1, subsample=0, batch_size=64, progress=False)


def test_vector_returns_a_copy_of_the_center_row(tiny_model):
    vector = tiny_model.vector("dog")
    assert np.allclose(vector, [0.8, 0.6])
    vector[0] = 99
    assert tiny_model.center_vectors[1, 0] == np.float32(0.8)


def test_unknown_word_is_a_key_error_naming_the_word(tiny_model):
    with pytest.raises(KeyError, match="'unknownword' is not in the model's vocabulary"):
        tiny_model.vector("unknownword")


def test_similarity_is_the_cosine(tiny_model):
    assert tiny_model.similarity("cat", "dog") == pytest.approx(0.8)
    assert tiny_model.similarity("cat", "tac") == pytest.approx(-1.0)
    assert tiny_model.similarity("cat", "cat") == pytest.approx(1.0)


def test_most_similar_ranks_by_cosine_and_excludes_the_word(tiny_model):
    ranked = tiny_model.most_similar("cat", topn=3)
    assert [word for word, _ in ranked] == ["dog", "car", "tac"]
    assert ranked[0][1] == pytest.approx(0.8)
    with pytest.raises(ValueError, match="topn"):
        tiny_model.most_similar("cat", topn=0)


def test_mismatched_shapes_are_rejected():
    with pytest.raises(ValueError, match="center_vectors"):
        Word2VecModel(["a", "b"], np.zeros((3, 2)), None)
    with pytest.raises(ValueError, match="outside_vectors"):
        Word2VecModel(["a", "b"], np.zeros((2, 2)), np.zeros((2, 3)))


def test_word2vec_format_round_trips_exactly(tmp_path, trained_model):
    path = tmp_path / "vectors.txt"
    trained_model.save_word2vec_format(path)
    loaded = Word2VecModel.load_word2vec_format(path)
    assert loaded.vocab == trained_model.vocab
    assert np.array_equal(loaded.center_vectors, trained_model.center_vectors)
    assert loaded.outside_vectors is None
    assert path.read_text().splitlines()[0] == f"{len(trained_model.vocab)} 6"


def test_gensim_reads_the_saved_file(tmp_path, trained_model):
    path = tmp_path / "vectors.txt"
    trained_model.save_word2vec_format(path)
    keyed_vectors = KeyedVectors.load_word2vec_format(str(path), binary=False)
    assert list(keyed_vectors.index_to_key) == trained_model.vocab
    assert np.allclose(keyed_vectors["a0"], trained_model.vector("a0"))
    assert keyed_vectors.similarity("a0", "b1") == pytest.approx(trained_model.similarity("a0", "b1"), abs=1e-5)


def test_we_read_files_that_gensim_writes(tmp_path, trained_model):
    keyed_vectors = KeyedVectors(vector_size=6)
    keyed_vectors.add_vectors(trained_model.vocab, trained_model.center_vectors)
    path = tmp_path / "gensim.txt"
    keyed_vectors.save_word2vec_format(str(path), binary=False)
    loaded = Word2VecModel.load_word2vec_format(path)
    assert loaded.vocab == trained_model.vocab
    assert np.allclose(loaded.center_vectors, trained_model.center_vectors, atol=1e-6)


def test_malformed_files_raise_value_error(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("2 3\ncat 1 2 3\ndog 1 2\n")
    with pytest.raises(ValueError, match="line 3"):
        Word2VecModel.load_word2vec_format(path)
    path.write_text("two three\n")
    with pytest.raises(ValueError, match="first line"):
        Word2VecModel.load_word2vec_format(path)


def test_words_with_spaces_cannot_be_saved(tmp_path):
    model = Word2VecModel(["new york"], np.zeros((1, 2)), None)
    with pytest.raises(ValueError, match="whitespace"):
        model.save_word2vec_format(tmp_path / "x.txt")


def test_group_margin_is_within_minus_between_cosine(tiny_model):
    # cos(cat, dog) = 0.8 within; between: cat·car 0, cat·tac −1, dog·car 0.6, dog·tac −0.8
    margin = tiny_model.group_margin({"animals": ["cat", "dog"], "other": ["car", "tac"], "none": ["zebra"]})
    within = (0.8 + 0.0) / 2  # (cat, dog) and (car, tac)
    between = (0.0 - 1.0 + 0.6 - 0.8) / 4
    assert margin == pytest.approx(within - between)


def test_group_margin_needs_two_groups(tiny_model):
    with pytest.raises(ValueError, match="two groups"):
        tiny_model.group_margin({"animals": ["cat", "dog"]})
