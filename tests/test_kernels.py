"""The compiled loops of w2vlib.kernels against the per-pair formulas of chapter 4, step by step.

Each reference replays the same text with the same negatives (drawn from the kernels'
own generator) through w2vlib.neg_sampling_loss_and_gradient and w2vlib.cbow, taking the
same SGD steps in float64; the kernels must end with the same vectors and losses.
"""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from w2vlib import cbow, gradcheck, neg_sampling_loss_and_gradient
from w2vlib.kernels import alias_table, cbow_sgd, draw_negatives, neg_sampling_step, pair_step, skipgram_sgd

VOCAB_SIZE, DIM, K = 11, 4, 3


@pytest.fixture
def text():
    """Two sentences of random words (small V: repeats and negatives equal to o happen), float64 tables."""
    rng = np.random.default_rng(7)
    n_tokens = 30
    counts = rng.integers(1, 20, size=VOCAB_SIZE).astype(float)
    probabilities = counts ** 0.75 / np.sum(counts ** 0.75)
    accept, alias = alias_table(probabilities)
    return {
        "tokens": rng.integers(0, VOCAB_SIZE, size=n_tokens),
        "sentence_ids": np.repeat([0, 1], [12, n_tokens - 12]),
        "reduced_windows": rng.integers(1, 3, size=n_tokens),
        "accept": accept, "alias": alias,
        "center_vectors": rng.normal(scale=0.5, size=(VOCAB_SIZE, DIM)),
        "outside_vectors": rng.normal(scale=0.5, size=(VOCAB_SIZE, DIM)),
    }


def outside_words(text, t):
    """Tokens in the reduced window of center t, in the same sentence, left to right."""
    tokens, sentence_ids, window = text["tokens"], text["sentence_ids"], text["reduced_windows"][t]
    return [tokens[j] for j in range(max(0, t - window), min(len(tokens), t + window + 1))
            if j != t and sentence_ids[j] == sentence_ids[t]]


def learning_rates(n_tokens, lr_start=0.3, lr_end=0.1):
    return [lr_start + (lr_end - lr_start) * t / n_tokens for t in range(n_tokens)]


def pair_gradient(center_vec, outside, outside_vectors, negatives):
    """Chapter 4's pair loss, skipping negatives equal to o (word2vec.c)."""
    kept = np.array([word for word in negatives if word != outside], dtype=int)
    assert kept.size, "the fixture should not draw K negatives all equal to o"
    return neg_sampling_loss_and_gradient(center_vec, int(outside), outside_vectors, kept)


def skipgram_reference(text, per_pair, seed=5):
    center_vectors, outside_vectors = text["center_vectors"].copy(), text["outside_vectors"].copy()
    stream = iter(draw_negatives(text["accept"], text["alias"], 10_000, seed))
    loss_sum, n_pairs = 0.0, 0
    for t, lr in enumerate(learning_rates(len(text["tokens"]))):
        center, outsides = text["tokens"][t], outside_words(text, t)
        if not outsides:
            continue
        window_negatives = None if per_pair else [next(stream) for _ in range(K)]
        grad_center, grad_outside = np.zeros(DIM), np.zeros_like(outside_vectors)
        for outside in outsides:
            negatives = [next(stream) for _ in range(K)] if per_pair else window_negatives
            loss, grad_vec, grad_u = pair_gradient(center_vectors[center], outside, outside_vectors, negatives)
            loss_sum, n_pairs = loss_sum + loss, n_pairs + 1
            if per_pair:  # one SGD step per pair
                center_vectors[center] -= lr * grad_vec
                outside_vectors -= lr * grad_u
            else:  # gradients of the window's pairs, all at the window's start
                grad_center, grad_outside = grad_center + grad_vec, grad_outside + grad_u
        if not per_pair:
            center_vectors[center] -= lr * grad_center
            outside_vectors -= lr * grad_outside
    return loss_sum, n_pairs, center_vectors, outside_vectors


def run_skipgram(text, per_pair, seed=5, loss_every=1, dtype=np.float64):
    center_vectors = text["center_vectors"].astype(dtype)
    outside_vectors = text["outside_vectors"].astype(dtype)
    loss_sum, n_measured, n_pairs = skipgram_sgd(
        center_vectors, outside_vectors, text["tokens"], text["sentence_ids"], text["reduced_windows"],
        text["accept"], text["alias"], K, per_pair, 0.3, 0.1, seed, loss_every)
    return loss_sum, n_measured, n_pairs, center_vectors, outside_vectors


@pytest.mark.parametrize("per_pair", [True, False], ids=["per_pair", "per_window"])
def test_skipgram_loop_takes_the_per_pair_formula_steps(text, per_pair):
    loss_sum, n_measured, n_pairs, center_vectors, outside_vectors = run_skipgram(text, per_pair)
    expected_loss, expected_pairs, expected_center, expected_outside = skipgram_reference(text, per_pair)
    assert n_pairs == n_measured == expected_pairs > 30
    assert np.isclose(loss_sum, expected_loss, rtol=1e-10)
    assert np.allclose(center_vectors, expected_center, rtol=1e-10, atol=1e-12)
    assert np.allclose(outside_vectors, expected_outside, rtol=1e-10, atol=1e-12)


def test_per_window_is_not_the_per_pair_update(text):
    """Negative case: the reference tells the two updates apart (the comparison above can fail)."""
    per_window = run_skipgram(text, per_pair=False)
    _, _, expected_center, _ = skipgram_reference(text, per_pair=True)
    assert not np.allclose(per_window[3], expected_center, rtol=1e-6)


def test_loss_every_only_changes_what_is_measured(text):
    every, sparse = run_skipgram(text, per_pair=False), run_skipgram(text, per_pair=False, loss_every=4)
    assert np.array_equal(every[3], sparse[3]) and np.array_equal(every[4], sparse[4])
    assert every[2] == sparse[2] and 0 < sparse[1] < sparse[2]
    assert sparse[0] < every[0]


def test_skipgram_loop_is_deterministic_and_seeded(text):
    first, second, other = run_skipgram(text, True), run_skipgram(text, True), run_skipgram(text, True, seed=6)
    assert np.array_equal(first[3], second[3])
    assert not np.allclose(first[3], other[3])


def test_float32_loop_stays_float32_and_close_to_float64(text):
    single = run_skipgram(text, per_pair=False, dtype=np.float32)
    double = run_skipgram(text, per_pair=False)
    assert single[3].dtype == np.float32
    assert np.allclose(single[3], double[3], atol=1e-4)


def cbow_reference(text, seed=5):
    center_vectors, outside_vectors = text["center_vectors"].copy(), text["outside_vectors"].copy()
    stream = iter(draw_negatives(text["accept"], text["alias"], 10_000, seed))
    loss_sum, n_examples = 0.0, 0
    for t, lr in enumerate(learning_rates(len(text["tokens"]))):
        center, context = text["tokens"][t], np.array(outside_words(text, t), dtype=int)
        if not context.size:
            continue
        negatives = np.array([word for word in (next(stream) for _ in range(K)) if word != center], dtype=int)
        loss, grad_center_vectors, grad_u = cbow(int(center), context, center_vectors, outside_vectors,
                                                 neg_sampling_loss_and_gradient, neg_indices=negatives)
        loss_sum, n_examples = loss_sum + loss, n_examples + 1
        # word2vec.c moves every context word by the whole ∂J/∂h: C times chapter 6's ∂J/∂v_w.
        center_vectors -= lr * context.size * grad_center_vectors
        outside_vectors -= lr * grad_u
    return loss_sum, n_examples, center_vectors, outside_vectors


def test_cbow_loop_takes_word2vec_steps_of_the_chapter_6_gradient(text):
    center_vectors, outside_vectors = text["center_vectors"].copy(), text["outside_vectors"].copy()
    loss_sum, n_measured, n_examples = cbow_sgd(
        center_vectors, outside_vectors, text["tokens"], text["sentence_ids"], text["reduced_windows"],
        text["accept"], text["alias"], K, 0.3, 0.1, 5, 1)
    expected_loss, expected_examples, expected_center, expected_outside = cbow_reference(text)
    assert n_examples == n_measured == expected_examples == len(text["tokens"])
    assert np.isclose(loss_sum, expected_loss, rtol=1e-10)
    assert np.allclose(center_vectors, expected_center, rtol=1e-10, atol=1e-12)
    assert np.allclose(outside_vectors, expected_outside, rtol=1e-10, atol=1e-12)


def step_on(hidden, outside_vectors, words, labels, weights, lr=1.0):
    """neg_sampling_step on copies: (loss, ∂J/∂h, dense ∂J/∂U recovered from the update with η = 1)."""
    moved = outside_vectors.copy()
    grad_hidden, coefs = np.empty_like(hidden), np.empty(len(words))
    loss = neg_sampling_step(hidden, moved, np.asarray(words), np.asarray(labels), np.asarray(weights, dtype=float),
                             len(words), lr, grad_hidden, coefs)
    return loss, grad_hidden, (outside_vectors - moved) / lr


def test_step_equals_chapter_4_with_a_repeated_negative(text):
    hidden, outside_vectors = text["center_vectors"][2], text["outside_vectors"]
    loss, grad_hidden, grad_outside = step_on(hidden, outside_vectors, [4, 1, 1, 6], [1, 0, 0, 0], [1, 1, 1, 1])
    expected = neg_sampling_loss_and_gradient(hidden, 4, outside_vectors, np.array([1, 1, 6]))
    assert np.isclose(loss, expected[0], rtol=1e-12)
    assert np.allclose(grad_hidden, expected[1], rtol=1e-12)
    assert np.allclose(grad_outside, expected[2], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("words", [[4, 1, 5, 6], [4, 1, 1, 6], [4, 6]], ids=["distinct", "repeat", "K=1"])
def test_pair_step_is_one_sgd_step_of_chapter_4(text, words):
    """The default trainer's step (fused one-pass update, or the read-all-first one for repeats)."""
    center_vectors, outside_vectors = text["center_vectors"].copy(), text["outside_vectors"].copy()
    loss = pair_step(center_vectors, 2, outside_vectors, np.array(words), len(words), 0.5, np.empty(DIM),
                     np.empty(len(words)))
    expected_loss, grad_vec, grad_u = neg_sampling_loss_and_gradient(
        text["center_vectors"][2], words[0], text["outside_vectors"], np.array(words[1:]))
    expected_center = text["center_vectors"].copy()
    expected_center[2] -= 0.5 * grad_vec  # only v_c moves
    assert np.isclose(loss, expected_loss, rtol=1e-12)
    assert np.allclose(center_vectors, expected_center, rtol=1e-12, atol=1e-14)
    assert np.allclose(outside_vectors, text["outside_vectors"] - 0.5 * grad_u, rtol=1e-12, atol=1e-14)


def test_pair_step_without_the_center_gradient_is_caught(text):
    """Negative case: treating the positive word as a negative changes the step."""
    center_vectors, outside_vectors = text["center_vectors"].copy(), text["outside_vectors"].copy()
    pair_step(center_vectors, 2, outside_vectors, np.array([1, 4, 5]), 3, 0.5, np.empty(DIM), np.empty(3))
    _, grad_vec, _ = neg_sampling_loss_and_gradient(text["center_vectors"][2], 4, text["outside_vectors"],
                                                    np.array([1, 5]))
    assert not np.allclose(center_vectors[2], text["center_vectors"][2] - 0.5 * grad_vec)


def test_weighted_step_passes_gradcheck(text):
    words, labels, weights = [3, 5, 0, 3, 9], [1, 1, 0, 0, 0], [1.0, 1.0, 2.0, 0.5, 3.0]

    def loss_and_gradient(flat):
        hidden, outside_vectors = flat[:DIM], flat[DIM:].reshape(VOCAB_SIZE, DIM)
        loss, grad_hidden, grad_outside = step_on(hidden, outside_vectors, words, labels, weights)
        return loss, np.concatenate((grad_hidden, grad_outside.ravel()))

    parameters = np.concatenate((text["center_vectors"][1], text["outside_vectors"].ravel()))
    assert gradcheck(loss_and_gradient, parameters) < 1e-6


def test_wrong_label_fails_gradcheck_of_the_intended_loss(text):
    """Negative case: a step whose labels disagree with the loss it should follow is caught."""
    hidden, outside_vectors = text["center_vectors"][1], text["outside_vectors"]
    _, grad_hidden, _ = step_on(hidden, outside_vectors, [4, 1], [0, 0], [1.0, 1.0])  # 4 should be positive
    expected = neg_sampling_loss_and_gradient(hidden, 4, outside_vectors, np.array([1]))
    assert not np.allclose(grad_hidden, expected[1])


@pytest.mark.parametrize("probabilities", [
    np.array([0.5, 0.25, 0.25, 0.0]),
    np.random.default_rng(0).dirichlet(np.ones(50)),
    np.array([1.0]),
], ids=["small", "dirichlet", "one word"])
def test_alias_table_reproduces_the_distribution_exactly(probabilities):
    accept, alias = alias_table(probabilities)
    reconstructed = accept.copy()
    np.add.at(reconstructed, alias, 1.0 - accept)
    assert np.allclose(reconstructed / probabilities.size, probabilities, atol=1e-12)


def test_draws_follow_the_distribution_and_never_a_zero_count_word():
    probabilities = np.array([0.4, 0.3, 0.0, 0.2, 0.1])
    draws = draw_negatives(*alias_table(probabilities), 200_000, 3)
    frequencies = np.bincount(draws, minlength=5) / draws.size
    assert frequencies[2] == 0.0
    assert np.allclose(frequencies, probabilities, atol=0.005)
    assert not np.allclose(frequencies, np.full(5, 0.2), atol=0.05)  # negative case: not uniform


def test_kernels_run_without_loading_scipys_blas_and_numba_dot_still_works():
    """The first kernel does not pull in scipy.linalg (17 MB); a user's np.dot in numba still compiles."""
    script = textwrap.dedent("""
        import sys
        import numpy as np
        from w2vlib.kernels import alias_table, draw_negatives
        accept, alias = alias_table(np.array([0.5, 0.5]))
        draw_negatives(accept, alias, 3, 0)
        assert "scipy.linalg.cython_blas" not in sys.modules, "the kernels loaded SciPy's BLAS"
        assert sys.modules.get("scipy.linalg.cython_blas", 0) is not None
        from numba import njit

        @njit
        def dot(a, b):
            return np.dot(a, b)

        assert dot(np.arange(3.0), np.ones(3)) == 3.0
        assert "scipy.linalg.cython_blas" in sys.modules
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
