"""Tests for w2vlib.benchmarking: the timing helpers and the gensim trainer with w2vlib's names."""

import itertools

import numpy as np
import pytest

from w2vlib import benchmarking, datasets
from w2vlib.benchmarking import seconds_per_pair, train_gensim, words_per_second

SMALL = {"dim": 8, "window": 2, "negative": 3, "min_count": 2, "subsample": 1e-3, "lr": 0.05,
         "min_lr": 1e-3, "epochs": 3}


@pytest.fixture(scope="module")
def lee():
    return datasets.load_lee_background()[:60]


def test_seconds_per_pair_rejects_an_unknown_loss_and_bad_sizes():
    with pytest.raises(ValueError, match='"neg" or "softmax"'):
        seconds_per_pair("hs", 100)
    with pytest.raises((ValueError, TypeError), match="vocab_size"):
        seconds_per_pair("neg", 0)


def test_words_per_second_divides_all_epochs_of_tokens_by_the_training_time(monkeypatch):
    clock = itertools.count(start=10.0, step=2.5)  # start, then stop: 2.5 s of training
    monkeypatch.setattr(benchmarking.time, "perf_counter", lambda: next(clock))
    sentences = [["a", "b", "c", "a"], ["b", "c", "rare"]]
    speed = words_per_second(sentences, dim=3, min_count=1, epochs=4)
    assert speed == pytest.approx(4 * 7 / 2.5)


def test_train_gensim_passes_our_settings_to_gensim_under_its_names(lee):
    from gensim.models import Word2Vec

    run = train_gensim(lee, seed=3, **SMALL)
    direct = Word2Vec(lee, sg=1, hs=0, vector_size=8, window=2, negative=3, min_count=2, sample=1e-3,
                      alpha=0.05, min_alpha=1e-3, epochs=3, seed=3, workers=1)
    assert run.words == direct.wv.index_to_key
    assert np.array_equal(run.vectors, direct.wv.vectors)
    other_seed = train_gensim(lee, seed=4, **SMALL)
    assert not np.array_equal(other_seed.vectors, run.vectors)


def test_train_gensim_keeps_one_copy_per_epoch_ending_with_the_final_vectors(lee):
    run = train_gensim(lee, seed=1, **SMALL)
    assert [epochs for epochs, _ in run.snapshots] == [1, 2, 3]
    assert np.array_equal(run.snapshots[-1][1], run.vectors)
    assert not np.array_equal(run.snapshots[0][1], run.vectors)  # copies, not views of the live array
    assert run.seconds > 0 and run.vectors.shape == (len(run.words), 8)


def test_train_gensim_rejects_unknown_settings_and_empty_corpora(lee):
    with pytest.raises(TypeError):
        train_gensim(lee, batch_size=64)
    with pytest.raises(TypeError, match="non-empty"):
        train_gensim([])


@pytest.mark.parametrize("init, half_width", [("gensim", 1.0), ("word2vec", 0.5)])
def test_train_gensim_starts_from_gensims_or_word2vec_c_initial_range(lee, init, half_width):
    """With a vanishing learning rate the trained vectors are the initial ones: U(−w/d, w/d)."""
    run = train_gensim(lee, seed=3, init=init, **{**SMALL, "lr": 1e-12, "min_lr": 1e-12})
    largest = np.abs(run.vectors).max() * SMALL["dim"]
    assert 0.9 * half_width < largest <= half_width


def test_train_gensim_rejects_an_unknown_init(lee):
    with pytest.raises(ValueError, match="init"):
        train_gensim(lee, init="random")
