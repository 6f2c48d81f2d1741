"""The fast skip-gram path (w2vlib.batch.skipgram_chunk_batch, train(negatives="shared")) against the references.

The kernel must give exactly the per-pair losses and gradients of chapter 4
(w2vlib.neg_sampling_loss_and_gradient) summed over the pairs of a run, with
the shared pool playing the role of every pair's negatives.
"""

import numpy as np
import pytest

from w2vlib import gradcheck, neg_sampling_loss_and_gradient, train
from w2vlib.batch import skipgram_chunk_batch, skipgram_pairs, window_mask
from w2vlib.corpora import planted_corpus

VOCAB_SIZE, DIM, WINDOW, K = 7, 4, 2, 3


@pytest.fixture
def run():
    """A run of 6 centers in two sentences, with its halo, mask and float64 vectors (small V: repeats)."""
    rng = np.random.default_rng(3)
    tokens = rng.integers(0, VOCAB_SIZE, size=10)
    sentence_ids = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    reduced = rng.integers(1, WINDOW + 1, size=10)
    mask = window_mask(sentence_ids, reduced, WINDOW)
    start, stop = 2, 8  # centers 2..7; halo 0..9
    return {
        "centers": tokens[start:stop], "halo": tokens[start - WINDOW:stop + WINDOW], "mask": mask[start:stop],
        "center_vectors": rng.normal(scale=0.8, size=(VOCAB_SIZE, DIM)),
        "outside_vectors": rng.normal(scale=0.8, size=(VOCAB_SIZE, DIM)),
    }


def per_pair_reference(run, neg_indices):
    """Loop over the pairs of the run calling the chapter-4 pair loss with the given negatives."""
    losses = np.zeros(len(run["centers"]))
    grad_center = np.zeros((VOCAB_SIZE, DIM))
    grad_outside = np.zeros((VOCAB_SIZE, DIM))
    for t, k in zip(*np.nonzero(run["mask"])):
        center, outside = run["centers"][t], run["halo"][t + k]
        loss, grad_vec, grad_u = neg_sampling_loss_and_gradient(
            run["center_vectors"][center], int(outside), run["outside_vectors"], neg_indices)
        losses[t] += loss
        grad_center[center] += grad_vec
        grad_outside += grad_u
    return losses, grad_center, grad_outside


def test_window_mask_gives_the_same_pairs_as_skipgram_pairs():
    rng = np.random.default_rng(0)
    sentence_ids = np.sort(rng.integers(0, 6, size=60))
    window = 4
    positions = np.arange(60)
    centers, outsides = skipgram_pairs(positions, sentence_ids, window, np.random.default_rng(5))
    reduced = window - np.random.default_rng(5).integers(0, window, size=60)  # the draw skipgram_pairs makes
    t, k = np.nonzero(window_mask(sentence_ids, reduced, window))
    assert np.array_equal(t, centers) and np.array_equal(t + k - window, outsides)


def test_chunk_kernel_with_pool_of_k_equals_sum_of_per_pair_gradients(run):
    pool = np.array([1, 1, 4])  # N = K: every pair's negatives are exactly the pool (with a repeat)
    losses, pair_counts, grad_center, grad_outside = skipgram_chunk_batch(
        run["centers"], run["halo"], run["mask"], pool, run["center_vectors"], run["outside_vectors"], negative=K)
    expected_losses, expected_center, expected_outside = per_pair_reference(run, pool)
    assert pair_counts.tolist() == run["mask"].sum(axis=1).tolist() and pair_counts.sum() > 6
    assert np.allclose(losses, expected_losses, rtol=1e-12, atol=1e-12)
    assert np.allclose(grad_center.to_dense(VOCAB_SIZE), expected_center, rtol=1e-12, atol=1e-12)
    assert np.allclose(grad_outside.to_dense(VOCAB_SIZE), expected_outside, rtol=1e-12, atol=1e-12)


def test_pool_weight_k_over_n_makes_a_doubled_pool_equal_to_the_single_one(run):
    negatives = np.array([0, 5, 2])
    doubled = skipgram_chunk_batch(run["centers"], run["halo"], run["mask"], np.concatenate((negatives, negatives)),
                                   run["center_vectors"], run["outside_vectors"], negative=K)
    expected_losses, expected_center, expected_outside = per_pair_reference(run, negatives)
    assert np.allclose(doubled[0], expected_losses, rtol=1e-12)
    assert np.allclose(doubled[2].to_dense(VOCAB_SIZE), expected_center, rtol=1e-12, atol=1e-12)
    assert np.allclose(doubled[3].to_dense(VOCAB_SIZE), expected_outside, rtol=1e-12, atol=1e-12)


def test_chunk_kernel_gradient_passes_gradcheck_for_any_pool_size(run):
    pool = np.array([0, 3, 3, 6, 1, 2, 5])  # N = 7 ≠ K = 3: weights 3/7

    def loss_and_gradient(flat):
        center_vectors, outside_vectors = flat.reshape(2, VOCAB_SIZE, DIM)
        losses, _, grad_center, grad_outside = skipgram_chunk_batch(
            run["centers"], run["halo"], run["mask"], pool, center_vectors, outside_vectors, negative=K)
        grads = np.stack((grad_center.to_dense(VOCAB_SIZE), grad_outside.to_dense(VOCAB_SIZE)))
        return losses.sum(), grads.ravel()

    parameters = np.stack((run["center_vectors"], run["outside_vectors"])).ravel()
    assert gradcheck(loss_and_gradient, parameters) < 1e-6


def test_a_wrong_outside_gradient_fails_the_comparison(run):
    """Negative case: dropping the halo rows' contribution is caught by the per-pair reference."""
    pool = np.array([1, 1, 4])
    _, _, _, grad_outside = skipgram_chunk_batch(
        run["centers"], run["halo"], run["mask"], pool, run["center_vectors"], run["outside_vectors"], negative=K)
    only_pool = grad_outside.rows.copy()
    only_pool[:len(run["halo"])] = 0.0
    wrong = type(grad_outside)(grad_outside.indices, only_pool).to_dense(VOCAB_SIZE)
    assert not np.allclose(wrong, per_pair_reference(run, pool)[2])


def test_chunk_kernel_keeps_float32_float32(run):
    pool = np.array([1, 2, 4])
    losses, _, grad_center, grad_outside = skipgram_chunk_batch(
        run["centers"], run["halo"], run["mask"], pool, run["center_vectors"].astype(np.float32),
        run["outside_vectors"].astype(np.float32), negative=K)
    assert losses.dtype == grad_center.rows.dtype == grad_outside.rows.dtype == np.float32


@pytest.mark.parametrize("change, message", [
    ({"halo": np.arange(5)}, "halo_indices"),
    ({"mask": np.ones((6, 5), dtype=bool)}, "its own outside word"),
    ({"mask": np.zeros((6, 4), dtype=bool)}, "pair_mask"),
    ({"pool": np.array([], dtype=int)}, "pool_indices"),
    ({"pool": np.array([0, 9])}, "pool_indices"),
])
def test_chunk_kernel_rejects_inconsistent_inputs(run, change, message):
    arguments = {"halo": run["halo"], "mask": run["mask"], "pool": np.array([1, 2, 3]), **change}
    with pytest.raises(ValueError, match=message):
        skipgram_chunk_batch(run["centers"], arguments["halo"], arguments["mask"], arguments["pool"],
                             run["center_vectors"], run["outside_vectors"], negative=K)


SMALL = {"dim": 10, "window": 3, "epochs": 5, "lr": 0.05, "min_count": 1, "subsample": 0.0, "batch_size": 64,
         "progress": False}


@pytest.fixture(scope="module")
def planted():
    return planted_corpus(n_groups=4, words_per_group=5, n_sentences=200, sentence_length=8, noise=0.1, seed=0)


@pytest.mark.parametrize("seed", [0, 1])
def test_shared_negatives_training_separates_planted_groups_like_per_pair(planted, seed):
    sentences, groups = planted
    shared = train(sentences, negatives="shared", seed=seed, **SMALL)
    per_pair = train(sentences, negatives="per_pair", seed=seed, **SMALL)
    assert shared.group_margin(groups) > 0.4
    assert shared.group_margin(groups) > per_pair.group_margin(groups) - 0.1
    assert shared.history.examples_per_epoch == per_pair.history.examples_per_epoch  # the same pairs
    assert shared.history.epoch_loss[-1] < shared.history.epoch_loss[0]


def test_shared_negatives_training_is_deterministic(planted):
    first, second = (train(planted[0], negatives="shared", seed=4, **SMALL) for _ in range(2))
    assert np.array_equal(first.center_vectors, second.center_vectors)
    assert first.config["negatives"] == "shared" and first.center_vectors.dtype == np.float32


@pytest.mark.parametrize("bad, name", [
    ({"negatives": "shared", "architecture": "cbow"}, "negatives"),
    ({"negatives": "shared", "loss": "softmax"}, "negatives"),
    ({"negatives": "pooled"}, "negatives"),
    ({"neg_power": -0.5}, "neg_power"),
])
def test_bad_fast_path_arguments_raise_value_error_naming_them(planted, bad, name):
    with pytest.raises(ValueError, match=name):
        train(planted[0], **{**SMALL, **bad})


def test_neg_power_changes_the_noise_distribution(planted):
    unigram = train(planted[0], negatives="shared", neg_power=1.0, seed=0, **SMALL)
    smoothed = train(planted[0], negatives="shared", neg_power=0.75, seed=0, **SMALL)
    assert unigram.config["neg_power"] == 1.0
    assert not np.array_equal(unigram.center_vectors, smoothed.center_vectors)
