"""train() learns planted word groups, lowers the loss, is deterministic and rejects bad arguments."""

import numpy as np
import pytest

from w2vlib import TrainingDivergedError, load_toy, train
from w2vlib.corpora import planted_corpus

SMALL = {"dim": 10, "window": 3, "epochs": 5, "lr": 0.05, "min_count": 1, "subsample": 0.0, "batch_size": 64,
         "progress": False}


@pytest.fixture(scope="module")
def planted():
    return planted_corpus(n_groups=4, words_per_group=5, n_sentences=200, sentence_length=8, noise=0.1, seed=0)


@pytest.mark.parametrize("architecture, loss", [("skipgram", "neg"), ("skipgram", "softmax"), ("cbow", "neg")])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_training_separates_planted_groups(planted, architecture, loss, seed):
    sentences, groups = planted
    model = train(sentences, architecture=architecture, loss=loss, seed=seed, **SMALL)
    assert model.group_margin(groups) > 0.4


def test_corpus_without_groups_gives_no_margin():
    """Negative case: with every token random (noise=1) there is no structure to find."""
    sentences, groups = planted_corpus(n_sentences=200, noise=1.0, seed=0)
    model = train(sentences, **SMALL)
    assert model.group_margin(groups) < 0.15


@pytest.mark.parametrize("architecture, loss", [("skipgram", "neg"), ("skipgram", "softmax"), ("cbow", "neg"),
                                                ("cbow", "softmax")])
def test_loss_decreases_from_first_to_last_epoch(planted, architecture, loss):
    model = train(planted[0], architecture=architecture, loss=loss, **SMALL)
    assert model.history.epoch_loss[-1] < model.history.epoch_loss[0]
    assert len(model.history.epoch_loss) == SMALL["epochs"]
    assert model.history.n_steps == len(model.history.step_lr) == len(model.history.step_epoch)


def test_same_seed_gives_identical_vectors(planted):
    first, second = (train(planted[0], seed=3, **SMALL) for _ in range(2))
    assert np.array_equal(first.center_vectors, second.center_vectors)
    assert np.array_equal(first.outside_vectors, second.outside_vectors)
    assert first.history.step_loss == second.history.step_loss


def test_different_seeds_give_different_vectors(planted):
    first, second = (train(planted[0], seed=seed, **SMALL) for seed in (0, 1))
    assert not np.allclose(first.center_vectors, second.center_vectors)


def test_vectors_are_float32_with_one_row_per_word(planted):
    model = train(planted[0], **SMALL)
    assert model.center_vectors.dtype == model.outside_vectors.dtype == np.float32
    assert model.center_vectors.shape == model.outside_vectors.shape == (20, SMALL["dim"])
    assert sorted(model.vocab) == sorted(word for words in planted[1].values() for word in words)


def test_word2vec_init_is_small_uniform_center_and_zero_outside(planted):
    model = train(planted[0], snapshot_every=10, **SMALL)
    step, center_vectors, outside_vectors = model.snapshots[0]
    assert step == 0
    assert np.all(np.abs(center_vectors) <= 0.5 / SMALL["dim"]) and center_vectors.std() > 0
    assert np.all(outside_vectors == 0)
    random_init = train(planted[0], init="random", snapshot_every=10, **SMALL)
    assert np.any(random_init.snapshots[0][2] != 0)


def test_snapshots_cover_start_every_k_steps_and_end(planted):
    model = train(planted[0], snapshot_every=25, **SMALL)
    steps = [step for step, _, _ in model.snapshots]
    n_steps = model.history.n_steps
    assert steps[0] == 0 and steps[-1] == n_steps
    assert steps[1:-1] == list(range(25, n_steps, 25)) or steps[1:] == list(range(25, n_steps + 1, 25))
    assert np.array_equal(model.snapshots[-1][1], model.center_vectors)
    assert not np.array_equal(model.snapshots[0][1], model.center_vectors)


def test_learning_rate_decays_linearly_to_min_lr(planted):
    model = train(planted[0], **{**SMALL, "lr": 0.05}, min_lr=0.001)
    step_lr = np.array(model.history.step_lr)
    assert step_lr[0] == pytest.approx(0.05)
    assert np.all(np.diff(step_lr) <= 1e-12)
    assert 0.001 <= step_lr[-1] < 0.002


def test_string_sentences_are_split_on_whitespace(planted):
    as_strings = [" ".join(sentence) for sentence in planted[0]]
    from_strings = train(as_strings, **SMALL)
    from_tokens = train(planted[0], **SMALL)
    assert np.array_equal(from_strings.center_vectors, from_tokens.center_vectors)


def test_subsampling_and_long_sentences_train(planted):
    one_long_sentence = [[word for sentence in planted[0] for word in sentence]]  # 1600 tokens > 1000
    model = train(one_long_sentence, **{**SMALL, "subsample": 1e-2})
    assert np.all(np.isfinite(model.center_vectors))
    assert model.history.examples_per_epoch[0] < 1600 * SMALL["window"] * 2


def test_too_high_learning_rate_raises_diverged_error_naming_step_and_lr(planted):
    with pytest.raises(TrainingDivergedError, match=r"(non-finite|astronomically large).*step \d+.*epoch \d+.*lr=.*lower learning rate"):
        train(planted[0], **{**SMALL, "lr": 1e6, "loss": "softmax"})
    assert issubclass(TrainingDivergedError, FloatingPointError)


def test_exploding_but_finite_loss_is_reported_as_divergence():
    sentences, _ = load_toy("royals")
    with pytest.raises(TrainingDivergedError, match=r"astronomically large.*step \d+.*lower learning rate"):
        train(sentences, dim=10, window=2, negative=5, epochs=40, batch_size=64, lr=2.0, progress=False)


def test_learning_rate_that_works_stays_below_the_explosion_bound():
    sentences, _ = load_toy("royals")
    model = train(sentences, dim=2, window=2, negative=5, epochs=40, batch_size=64, lr=0.05, progress=False)
    assert max(model.history.step_loss) < 10


@pytest.mark.parametrize("bad, name", [
    ({"architecture": "glove"}, "architecture"),
    ({"loss": "hinge"}, "loss"),
    ({"lr": 0.0}, "lr"),
    ({"lr": -0.1}, "lr"),
    ({"lr": 0.01, "min_lr": 0.02}, "min_lr"),
    ({"window": 0}, "window"),
    ({"negative": 0}, "negative"),
    ({"dim": 0}, "dim"),
    ({"epochs": 0}, "epochs"),
    ({"min_count": 0}, "min_count"),
    ({"batch_size": 0}, "batch_size"),
    ({"init": "zeros"}, "init"),
    ({"seed": -1}, "seed"),
    ({"snapshot_every": 0}, "snapshot_every"),
])
def test_bad_arguments_raise_value_error_naming_the_argument(planted, bad, name):
    with pytest.raises(ValueError, match=name):
        train(planted[0], **{**SMALL, **bad})


def test_negative_is_ignored_with_softmax(planted):
    model = train(planted[0], **{**SMALL, "loss": "softmax"}, negative=0)
    assert model.config["negative"] is None


@pytest.mark.parametrize("sentences, name", [
    ([], "sentences"),
    ([[], []], "sentences"),
    ([["a", "b"], ["c", "d"]], "min_count"),
    ([["a"], ["a"], ["b", "c"]], "sentences"),
])
def test_empty_corpus_raises_value_error(sentences, name):
    with pytest.raises(ValueError, match=name):
        train(sentences, **{**SMALL, "min_count": 2})


def test_single_string_corpus_is_a_type_error():
    with pytest.raises(TypeError, match="sentences"):
        train("the king and the queen", **SMALL)


def test_progress_bar_reports_words_and_running_loss(planted, capsys):
    train(planted[0], **{**SMALL, "progress": True})
    progress_output = capsys.readouterr().err
    assert "skipgram/neg" in progress_output and "loss=" in progress_output


# The compiled trainer (the default for negative sampling: batch_size=None)

COMPILED = {key: value for key, value in SMALL.items() if key != "batch_size"}


@pytest.mark.parametrize("architecture, negatives", [("skipgram", "per_window"), ("skipgram", "per_pair"),
                                                     ("cbow", "per_window"), ("cbow", "per_pair")])
@pytest.mark.parametrize("seed", [0, 1])
def test_compiled_trainer_separates_planted_groups(planted, architecture, negatives, seed):
    sentences, groups = planted
    model = train(sentences, architecture=architecture, negatives=negatives, seed=seed, **COMPILED)
    assert model.config["trainer"] == "compiled" and model.config["batch_size"] is None
    assert model.group_margin(groups) > 0.4
    assert model.history.epoch_loss[-1] < model.history.epoch_loss[0]


def test_defaults_pick_the_compiled_per_pair_trainer_and_softmax_the_minibatch_one(planted):
    """The default is the update the book derives: K fresh negatives per pair, one step per pair."""
    default = train(planted[0], seed=3, **COMPILED)
    assert (default.config["trainer"], default.config["negatives"]) == ("compiled", "per_pair")
    exact = train(planted[0], seed=3, negatives="per_pair", **COMPILED)
    assert np.array_equal(default.center_vectors, exact.center_vectors)
    shared = train(planted[0], seed=3, negatives="per_window", **COMPILED)
    assert not np.array_equal(default.center_vectors, shared.center_vectors)
    softmax = train(planted[0], loss="softmax", **{**COMPILED, "lr": 0.005}).config
    assert (softmax["trainer"], softmax["batch_size"]) == ("minibatch", 1024)
    minibatch = train(planted[0], **SMALL).config
    assert (minibatch["trainer"], minibatch["negatives"]) == ("minibatch", "per_pair")


def test_compiled_trainer_sees_the_same_pairs_as_the_minibatch_trainer(planted):
    """Same seed, same subsampling and reduced windows: the same number of pairs per epoch."""
    compiled = train(planted[0], **{**COMPILED, "subsample": 1e-2}, seed=3)
    minibatch = train(planted[0], **{**SMALL, "subsample": 1e-2}, seed=3)
    assert compiled.history.examples_per_epoch == minibatch.history.examples_per_epoch


def test_one_worker_is_deterministic(planted):
    first, second = (train(planted[0], seed=3, **COMPILED) for _ in range(2))
    assert np.array_equal(first.center_vectors, second.center_vectors)
    assert np.array_equal(first.outside_vectors, second.outside_vectors)
    assert first.history.step_loss == second.history.step_loss


def test_two_workers_train_as_well_as_one():
    """Hogwild threads: not bit-identical run to run, but the same draws and the same quality."""
    sentences, groups = planted_corpus(n_groups=4, words_per_group=5, n_sentences=6000, sentence_length=8,
                                       noise=0.1, seed=0)  # several chunks, so both threads get work
    settings = {**COMPILED, "epochs": 2, "seed": 2}
    one, two = train(sentences, workers=1, **settings), train(sentences, workers=2, **settings)
    assert two.config["workers"] == 2 and two.history.n_steps == one.history.n_steps > 2
    assert two.history.examples_per_epoch == one.history.examples_per_epoch
    assert one.group_margin(groups) > 0.6 and two.group_margin(groups) > 0.6


def test_compiled_trainer_reports_divergence(planted):
    with pytest.raises(TrainingDivergedError, match="lower learning rate"):
        train(planted[0], **{**COMPILED, "lr": 1e4})


@pytest.mark.parametrize("bad, name", [
    ({"negatives": "per_window", "batch_size": 64}, "per_window"),
    ({"workers": 2, "batch_size": 64}, "workers"),
    ({"workers": 2, "loss": "softmax"}, "workers"),
    ({"workers": 0}, "workers"),
    ({"negatives": "fresh"}, "negatives"),
])
def test_bad_trainer_arguments_raise_value_error_naming_them(planted, bad, name):
    with pytest.raises(ValueError, match=name):
        train(planted[0], **{**COMPILED, **bad})


def test_long_sentences_are_cut_into_pieces_of_1000_tokens():
    from w2vlib.training import _encode_corpus

    sentences = [["a", "b"] * 1250, ["b", "a", "b"]]  # 2500 tokens, then 3
    _, tokens, sentence_ids = _encode_corpus(sentences, min_count=1)
    assert tokens.dtype == sentence_ids.dtype == np.int32 and tokens.size == 2503
    expected = np.repeat([0, 1, 2, 3], [1000, 1000, 500, 3])
    assert np.array_equal(sentence_ids, expected)


def test_blockwise_subsampling_draws_what_one_draw_would():
    from w2vlib.training import _CHUNK_TOKENS, _kept_positions

    rng = np.random.default_rng(0)
    tokens = rng.integers(0, 50, size=3 * _CHUNK_TOKENS + 17).astype(np.int32)
    keep_probs = rng.random(50)
    blockwise = _kept_positions(tokens, keep_probs, np.random.default_rng(4))
    at_once = np.flatnonzero(np.random.default_rng(4).random(tokens.size) < keep_probs[tokens])
    assert np.array_equal(blockwise, at_once) and 0 < blockwise.size < tokens.size


def test_default_progress_bar_shows_interactively_but_not_in_the_book_build(monkeypatch):
    from w2vlib.training import show_progress

    monkeypatch.delenv("W2V_BOOK_BUILD", raising=False)
    assert show_progress(None) and show_progress(True) and not show_progress(False)
    monkeypatch.setenv("W2V_BOOK_BUILD", "1")
    assert not show_progress(None) and show_progress(True)


def test_gensim_init_draws_center_vectors_twice_as_wide_and_zero_outside(planted):
    """gensim's prep_vectors: U(−1/d, 1/d), against word2vec.c's U(−0.5/d, 0.5/d); u = 0 for both."""
    dim = SMALL["dim"]
    word2vec_start = train(planted[0], snapshot_every=10, **SMALL).snapshots[0][1]
    gensim_model = train(planted[0], init="gensim", snapshot_every=10, **SMALL)
    _, gensim_start, gensim_outside = gensim_model.snapshots[0]
    assert np.all(np.abs(gensim_start) < 1.0 / dim) and np.abs(gensim_start).max() > 0.9 / dim
    assert np.abs(word2vec_start).max() <= 0.5 / dim
    assert gensim_start.std() == pytest.approx(2 * word2vec_start.std(), rel=0.1)  # sd of U(−a, a) is a/√3
    assert np.all(gensim_outside == 0)


def test_compiled_learning_rate_decays_once_over_all_epochs_not_per_epoch(planted):
    """word2vec.c and gensim: η falls linearly over epochs × corpus words, it does not restart each epoch."""
    epochs, n_tokens = 4, sum(len(sentence) for sentence in planted[0])
    model = train(planted[0], **{**COMPILED, "epochs": epochs, "lr": 0.05}, min_lr=0.001)
    step_epoch, step_lr = np.array(model.history.step_epoch), np.array(model.history.step_lr)
    first_of_epoch = [step_lr[np.flatnonzero(step_epoch == epoch)[0]] for epoch in range(epochs)]
    expected = [0.05 - (0.05 - 0.001) * epoch * n_tokens / (epochs * n_tokens) for epoch in range(epochs)]
    assert first_of_epoch == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("window", [1, 5])
def test_compiled_trainer_shrinks_windows_uniformly_from_1_to_window(window):
    """word2vec.c's b = window − (rand mod window) ∈ {1, …, window}: offset δ is kept with probability
    (window − δ + 1)/window, so a sentence of L tokens gives Σ_δ 2 (L − δ)(window − δ + 1)/window pairs."""
    rng = np.random.default_rng(0)
    n_sentences, length = 20, 1000
    sentences = [[f"w{word}" for word in rng.integers(0, 50, size=length)] for _ in range(n_sentences)]
    model = train(sentences, dim=4, window=window, epochs=1, min_count=1, subsample=0.0, progress=False, seed=2)
    expected = n_sentences * sum(2 * (length - offset) * (window - offset + 1) / window
                                 for offset in range(1, window + 1))
    pairs_per_center_sd = np.sqrt(4 * (window ** 2 - 1) / 12)  # 2b, b uniform on {1, …, window}
    tolerance = 5 * pairs_per_center_sd * np.sqrt(n_sentences * length) + 1
    assert abs(model.history.examples_per_epoch[0] - expected) <= tolerance
