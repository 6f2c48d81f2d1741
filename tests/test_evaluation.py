"""Tests for w2vlib.evaluation: our protocol must give gensim's numbers on gensim's vectors."""

import numpy as np
import pytest
from scipy import stats

from w2vlib import datasets
from w2vlib.evaluation import (
    analogy_accuracy,
    epoch_snapshots,
    epochs_completed,
    nearest_neighbours,
    similarity_curve,
    spearman_correlation,
    word_similarity,
)


@pytest.fixture(scope="module")
def gensim_lee_vectors():
    from gensim.models import Word2Vec

    model = Word2Vec(datasets.load_lee_background(), vector_size=32, min_count=3, epochs=5, workers=1, seed=0)
    return model.wv


def test_spearman_matches_scipy_with_and_without_ties():
    rng = np.random.default_rng(0)
    for x, y in ((rng.standard_normal(50), rng.standard_normal(50)),
                 (rng.integers(0, 5, 60), rng.integers(0, 4, 60))):
        assert spearman_correlation(x, y) == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-12)


def test_spearman_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        spearman_correlation([1, 2, 3], [1, 2])


@pytest.mark.parametrize("name", ["wordsim353.tsv", "simlex999.txt"])
def test_word_similarity_equals_gensim_evaluate_word_pairs(gensim_lee_vectors, name):
    kv = gensim_lee_vectors
    pearson, spearman, oov_percent = kv.evaluate_word_pairs(str(datasets.gensim_datapath(name)))
    ours = word_similarity(kv.vectors, kv.index_to_key, datasets.load_word_pairs(name))
    assert ours.spearman == pytest.approx(spearman.statistic, abs=1e-6)
    assert ours.pearson == pytest.approx(pearson.statistic, abs=1e-6)
    assert 100 * ours.oov_ratio == pytest.approx(oov_percent)
    assert ours.pairs_used + len(ours.oov_pairs) == ours.pairs_total


def test_analogy_accuracy_equals_gensim_evaluate_word_analogies(gensim_lee_vectors):
    kv = gensim_lee_vectors
    score, sections = kv.evaluate_word_analogies(str(datasets.gensim_datapath("questions-words.txt")))
    ours = analogy_accuracy(kv.vectors, kv.index_to_key, datasets.load_analogies())
    gensim_total = sections[-1]
    assert ours.correct == len(gensim_total["correct"]) and ours.attempted > 0
    assert ours.attempted == len(gensim_total["correct"]) + len(gensim_total["incorrect"])
    assert ours.accuracy == pytest.approx(score)


def test_analogy_accuracy_restricted_vocab_skips_questions_with_rare_words():
    vectors = np.eye(4) + 0.1
    words = ["a", "b", "c", "d"]
    assert analogy_accuracy(vectors, words, [("a", "b", "c", "d")], restrict_vocab=4).attempted == 1
    assert analogy_accuracy(vectors, words, [("a", "b", "c", "d")], restrict_vocab=3).attempted == 0


def test_word_similarity_is_case_insensitive_and_reports_oov_pairs():
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    pairs = [("X", "y", 3.0), ("x", "Z", 1.0), ("y", "z", 4.0), ("x", "w", 9)]
    result = word_similarity(vectors, ["x", "y", "z"], pairs)
    assert result.pairs_used == 3 and result.oov_pairs == (("x", "w"),)
    assert result.spearman == pytest.approx(1.0)


def test_word_similarity_is_negative_when_model_ranks_pairs_backwards():
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    result = word_similarity(vectors, ["x", "y", "z"], [("x", "y", 1.0), ("x", "z", 3.0), ("y", "z", 2.0)])
    assert result.spearman == pytest.approx(-0.5)


def test_evaluation_rejects_words_that_do_not_match_the_rows():
    with pytest.raises(ValueError, match="3 rows"):
        word_similarity(np.ones((3, 2)), ["a", "b"], [])
    with pytest.raises(ValueError, match="finite"):
        word_similarity(np.full((2, 2), np.nan), ["a", "b"], [])


def test_nearest_neighbours_excludes_the_word_and_orders_by_cosine(gensim_lee_vectors):
    kv = gensim_lee_vectors
    ours = nearest_neighbours(kv.vectors, kv.index_to_key, "government", topn=5)
    theirs = kv.most_similar("government", topn=5)
    assert [word for word, _ in ours] == [word for word, _ in theirs]
    assert np.allclose([cos for _, cos in ours], [cos for _, cos in theirs], atol=1e-5)
    with pytest.raises(KeyError, match="zzzz"):
        nearest_neighbours(kv.vectors, kv.index_to_key, "zzzz")


def test_epochs_completed_counts_partial_epochs_by_their_steps():
    from w2vlib.model import TrainingHistory

    history = TrainingHistory(step_loss=[1.0] * 7, step_epoch=[0, 0, 0, 0, 1, 1, 1])
    assert [epochs_completed(history, step) for step in range(8)] == pytest.approx(
        [0, 0.25, 0.5, 0.75, 1, 1 + 1 / 3, 1 + 2 / 3, 2])
    with pytest.raises(ValueError, match="between 0 and the 7 recorded steps"):
        epochs_completed(history, 8)


def test_epoch_snapshots_of_a_trained_model_end_at_its_number_of_epochs():
    from w2vlib import train
    from w2vlib.corpora import planted_corpus

    sentences, _ = planted_corpus(n_groups=2, words_per_group=3, n_sentences=30, sentence_length=5, seed=0)
    model = train(sentences, dim=3, window=2, epochs=3, min_count=1, subsample=0, batch_size=16,
                  snapshot_every=4, progress=False)
    snapshots = epoch_snapshots(model)
    epochs = [x for x, _ in snapshots]
    assert epochs[0] == 0 and epochs[-1] == 3 and np.all(np.diff(epochs) > 0)
    assert np.array_equal(snapshots[-1][1], model.center_vectors)
    with pytest.raises(ValueError, match="snapshot_every"):
        epoch_snapshots(train(sentences, dim=3, epochs=1, min_count=1, progress=False))


def test_similarity_curve_scores_each_snapshot_like_word_similarity():
    rng = np.random.default_rng(0)
    words = ["a", "b", "c", "d", "e"]
    pairs = [("a", "b", 3.0), ("a", "c", 1.0), ("b", "d", 2.0), ("c", "e", 5.0), ("d", "e", 4.0)]
    snapshots = [(0.5 * i, rng.normal(size=(5, 3))) for i in range(4)]
    x, spearman = similarity_curve(snapshots, words, pairs)
    assert x.tolist() == [0.0, 0.5, 1.0, 1.5]
    assert spearman.tolist() == [word_similarity(vectors, words, pairs).spearman for _, vectors in snapshots]
    assert len(set(spearman.tolist())) > 1
    with pytest.raises(ValueError, match=r"\(x, vectors\) pairs"):
        similarity_curve([(0.0, snapshots[0][1], "extra")], words, pairs)
