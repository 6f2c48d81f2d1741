"""Tests for w2vlib.ablation: one-knob comparisons and word2vec.c's sigmoid table."""

import numpy as np
import pytest

from w2vlib import sigmoid, train
from w2vlib.ablation import (
    SettingsComparison,
    compare_settings,
    one_knob_at_a_time,
    pair_scores,
    similarity_measure,
    table_sigmoid,
)
from w2vlib.corpora import planted_corpus
from w2vlib.evaluation import word_similarity
from w2vlib.model import Word2VecModel

BASE = {"dim": 4, "window": 2, "epochs": 2, "lr": 0.1, "min_count": 1, "subsample": 0.0,
        "batch_size": 32}
MEASURES = {"margin": None, "steps": lambda model: model.history.n_steps,
            "last loss": lambda model: model.history.epoch_loss[-1]}


@pytest.fixture(scope="module")
def planted():
    return planted_corpus(n_groups=3, words_per_group=4, n_sentences=40, sentence_length=6, seed=0)


@pytest.fixture(scope="module")
def measures(planted):
    return {**MEASURES, "margin": lambda model: model.group_margin(planted[1])}


def test_one_knob_at_a_time_labels_each_value_of_each_knob_in_order():
    changes = one_knob_at_a_time({"negative": [1, 5], "loss": ["softmax"]})
    assert changes == {"negative = 1": {"negative": 1}, "negative = 5": {"negative": 5},
                       "loss = softmax": {"loss": "softmax"}}


def test_one_knob_at_a_time_rejects_a_single_value_instead_of_a_list():
    with pytest.raises(TypeError, match="list of values"):
        one_knob_at_a_time({"loss": "neg"})
    with pytest.raises(TypeError, match="non-empty dict"):
        one_knob_at_a_time({})


def test_compare_settings_means_equal_direct_training_with_the_same_seeds(planted, measures):
    sentences, groups = planted
    comparison = compare_settings(sentences, BASE, one_knob_at_a_time({"negative": [1, 8]}), measures,
                                  seeds=[0, 3])
    for negative in (1, 8):
        models = [train(sentences, **BASE, negative=negative, seed=seed, progress=False) for seed in (0, 3)]
        row = comparison[f"negative = {negative}"]
        assert row.per_seed["margin"] == pytest.approx([model.group_margin(groups) for model in models])
        assert row["margin"] == pytest.approx(np.mean([model.group_margin(groups) for model in models]))
        assert row["steps"] == np.mean([model.history.n_steps for model in models])
    assert comparison["negative = 1"]["margin"] != comparison["negative = 8"]["margin"]


def test_reused_models_are_measured_not_retrained(planted, measures):
    sentences, _ = planted
    given = train(sentences, **{**BASE, "epochs": 1}, seed=0, progress=False)  # not what BASE trains
    comparison = compare_settings(sentences, BASE, {"given": {}, "trained": {}}, measures,
                                  trained={"given": given})
    assert comparison["given"]["steps"] == given.history.n_steps
    assert comparison["trained"]["steps"] > given.history.n_steps
    assert np.isnan(comparison["given"].seconds) and comparison["trained"].seconds > 0


def test_diverging_runs_are_recorded_with_nan_and_a_note(planted, measures):
    sentences, _ = planted
    comparison = compare_settings(sentences, BASE, {"ok": {}, "too fast": {"lr": 1e4, "loss": "softmax"}},
                                  measures, seeds=[0, 1])
    assert comparison["ok"].diverged == () and np.isfinite(comparison["ok"]["margin"])
    assert len(comparison["too fast"].diverged) == 2 and np.isnan(comparison["too fast"]["margin"])
    table = str(comparison)
    assert "diverged in 2 of 2 runs" in table and "n/a" in table


def test_table_has_a_row_per_setting_counts_without_decimals_and_a_seconds_column(planted, measures):
    sentences, _ = planted
    comparison = compare_settings(sentences, BASE, one_knob_at_a_time({"window": [1, 3]}), measures,
                                  timed=True)
    header, *rows = str(comparison).splitlines()
    assert header.split() == ["margin", "steps", "last", "loss", "seconds"]
    assert [row.split()[0:3] for row in rows] == [["window", "=", "1"], ["window", "=", "3"]]
    steps = [row.split()[4] for row in rows]
    assert steps == [f"{comparison[label]['steps']:,.0f}" for label in comparison.results]
    assert all("." not in value for value in steps)
    assert isinstance(comparison, SettingsComparison) and len(comparison) == 2


@pytest.mark.parametrize("bad_variants, error", [({}, TypeError), ({"a": {"seed": 1}}, ValueError),
                                                 ({"a": [("lr", 1)]}, TypeError)])
def test_compare_settings_rejects_bad_variants(planted, bad_variants, error):
    with pytest.raises(error):
        compare_settings(planted[0], BASE, bad_variants, MEASURES)


def test_compare_settings_rejects_seed_in_base_and_uncallable_measures(planted):
    with pytest.raises(ValueError, match="seeds"):
        compare_settings(planted[0], {**BASE, "seed": 1}, {"a": {}}, {"n": len})
    with pytest.raises(TypeError, match="measures"):
        compare_settings(planted[0], BASE, {"a": {}}, {"margin": 0.5})
    with pytest.raises(ValueError, match="one model per seed"):
        compare_settings(planted[0], BASE, {"a": {}}, {"n": len}, seeds=[0, 1], trained={"a": object()})


def test_similarity_measure_is_word_similarity_of_the_center_vectors():
    model = Word2VecModel(["cat", "dog", "car"], np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]), None)
    pairs = [("cat", "dog", 9.0), ("cat", "car", 1.0), ("dog", "car", 3.0)]
    assert similarity_measure(pairs)(model) == word_similarity(model.center_vectors, model.vocab, pairs).spearman
    backwards = [(a, b, -score) for a, b, score in pairs]
    assert similarity_measure(backwards)(model) == pytest.approx(-1.0)


def test_table_sigmoid_reads_word2vec_c_exp_table_and_cuts_at_six():
    x = np.array([-6.0, -5.99, -1.234, 0.0, 0.011, 2.5, 5.99])
    index = ((x + 6) * (1000 / 6 / 2)).astype(int)  # word2vec.c: (int)((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2))
    table_point = (index / 1000 * 2 - 1) * 6
    expected = np.where(x <= -6, 0.0, np.exp(table_point) / (np.exp(table_point) + 1))
    assert np.allclose(table_sigmoid(x), expected, rtol=0, atol=1e-15)
    assert table_sigmoid(np.array([6.0, 9.0, -9.0])).tolist() == [1.0, 1.0, 0.0]


def test_table_sigmoid_is_close_to_sigmoid_but_not_equal():
    grid = np.linspace(-5.99, 5.99, 10_001)
    error = np.abs(table_sigmoid(grid) - sigmoid(grid))
    assert error.max() < 0.004 and error.max() > 1e-4  # a step function, not the exact sigmoid
    assert np.all(np.diff(table_sigmoid(grid)) >= 0)


def test_pair_scores_match_a_double_loop_over_the_in_vocabulary_words():
    rng = np.random.default_rng(0)
    words = ["a", "b", "c", "d", "e"]
    model = Word2VecModel(words, rng.normal(size=(5, 3)), rng.normal(size=(5, 3)))
    sentence = ["a", "zebra", "c", "b", "b", "e", "lion", "d", "a"]
    kept = [model.index(word) for word in sentence if word in model]
    for window in (1, 2, 4):
        expected = [model.center_vectors[c] @ model.outside_vectors[o]
                    for i, c in enumerate(kept) for j, o in enumerate(kept) if 0 < abs(i - j) <= window]
        scores = pair_scores(model, sentence, window)
        assert scores.shape == (len(expected),)
        assert np.allclose(np.sort(scores), np.sort(expected))
    assert pair_scores(model, sentence, 1).size < pair_scores(model, sentence, 2).size


def test_pair_scores_need_outside_vectors_and_a_list_of_words():
    model = Word2VecModel(["a", "b"], np.eye(2), None)
    with pytest.raises(ValueError, match="outside vectors"):
        pair_scores(model, ["a", "b"], 1)
    with pytest.raises(TypeError, match="list of str"):
        pair_scores(Word2VecModel(["a", "b"], np.eye(2), np.eye(2)), "a b", 1)
