"""The vectorized minibatch losses equal the sum of w2vlib's per-pair losses and gradients."""

import numpy as np
import pytest

from w2vlib.batch import RowGradient, cbow_batch, cbow_examples, skipgram_batch, skipgram_pairs
from w2vlib.losses import naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient
from w2vlib.window import cbow

VOCAB_SIZE, DIM, BATCH, K = 9, 4, 12, 3


@pytest.fixture
def batch_data():
    rng = np.random.default_rng(7)
    return {
        "center_vectors": rng.normal(scale=0.7, size=(VOCAB_SIZE, DIM)),
        "outside_vectors": rng.normal(scale=0.7, size=(VOCAB_SIZE, DIM)),
        # small vocabulary, so centers, targets and negatives repeat within the batch
        "center_indices": rng.integers(0, VOCAB_SIZE, size=BATCH),
        "outside_indices": rng.integers(0, VOCAB_SIZE, size=BATCH),
        "neg_indices": rng.integers(0, VOCAB_SIZE, size=(BATCH, K)),
        "context_lengths": rng.integers(1, 5, size=BATCH),
        "rng": rng,
    }


def _per_pair_skipgram(data, loss):
    grad_center = np.zeros((VOCAB_SIZE, DIM))
    grad_outside = np.zeros((VOCAB_SIZE, DIM))
    losses = []
    for i, (center, outside) in enumerate(zip(data["center_indices"], data["outside_indices"])):
        args = (data["center_vectors"][center], int(outside), data["outside_vectors"])
        if loss == "neg":
            pair_loss, grad_vec, grad_u = neg_sampling_loss_and_gradient(*args, data["neg_indices"][i])
        else:
            pair_loss, grad_vec, grad_u = naive_softmax_loss_and_gradient(*args)
        losses.append(pair_loss)
        grad_center[center] += grad_vec
        grad_outside += grad_u
    return np.array(losses), grad_center, grad_outside


@pytest.mark.parametrize("loss", ["neg", "softmax"])
def test_skipgram_batch_equals_sum_of_per_pair_losses_and_gradients(batch_data, loss):
    neg_indices = batch_data["neg_indices"] if loss == "neg" else None
    losses, grad_center, grad_outside = skipgram_batch(
        batch_data["center_indices"], batch_data["outside_indices"], batch_data["center_vectors"],
        batch_data["outside_vectors"], loss=loss, neg_indices=neg_indices)
    expected_losses, expected_center, expected_outside = _per_pair_skipgram(batch_data, loss)
    assert np.allclose(losses, expected_losses)
    assert np.allclose(grad_center.to_dense(VOCAB_SIZE), expected_center)
    assert np.allclose(grad_outside.to_dense(VOCAB_SIZE), expected_outside)


@pytest.mark.parametrize("loss", ["neg", "softmax"])
def test_cbow_batch_equals_sum_of_w2vlib_cbow_windows(batch_data, loss):
    lengths = batch_data["context_lengths"]
    contexts = batch_data["rng"].integers(0, VOCAB_SIZE, size=int(lengths.sum()))
    neg_indices = batch_data["neg_indices"] if loss == "neg" else None
    losses, grad_center, grad_outside = cbow_batch(
        batch_data["center_indices"], contexts, lengths, batch_data["center_vectors"],
        batch_data["outside_vectors"], loss=loss, neg_indices=neg_indices)
    pair_loss = neg_sampling_loss_and_gradient if loss == "neg" else naive_softmax_loss_and_gradient
    expected_center = np.zeros((VOCAB_SIZE, DIM))
    expected_outside = np.zeros((VOCAB_SIZE, DIM))
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    for i, center in enumerate(batch_data["center_indices"]):
        window_loss, grad_v, grad_u = cbow(
            int(center), contexts[offsets[i]:offsets[i + 1]], batch_data["center_vectors"],
            batch_data["outside_vectors"], pair_loss, None if neg_indices is None else neg_indices[i])
        assert np.isclose(losses[i], window_loss)
        expected_center += grad_v
        expected_outside += grad_u
    assert np.allclose(grad_center.to_dense(VOCAB_SIZE), expected_center)
    assert np.allclose(grad_outside.to_dense(VOCAB_SIZE), expected_outside)


def test_wrong_batch_gradient_is_detected_by_the_comparison(batch_data):
    """Negative case: dropping the repeated-row accumulation changes the dense gradient."""
    _, _, grad_outside = skipgram_batch(
        batch_data["center_indices"], batch_data["outside_indices"], batch_data["center_vectors"],
        batch_data["outside_vectors"], loss="neg", neg_indices=batch_data["neg_indices"])
    _, _, expected_outside = _per_pair_skipgram(batch_data, "neg")
    last_write_wins = np.zeros((VOCAB_SIZE, DIM))
    last_write_wins[grad_outside.indices] = grad_outside.rows  # repeats overwrite instead of adding
    assert not np.allclose(last_write_wins, expected_outside)


def test_apply_sums_repeated_rows_like_add_at():
    rng = np.random.default_rng(3)
    indices = np.array([4, 1, 4, 4, 0, 1])
    rows = rng.normal(size=(6, 3))
    matrix = rng.normal(size=(5, 3))
    expected = matrix.copy()
    np.subtract.at(expected, indices, 0.5 * rows)
    RowGradient(indices, rows).apply(matrix, 0.5)
    assert np.allclose(matrix, expected)


def test_apply_keeps_float32_float32():
    matrix = np.ones((3, 2), dtype=np.float32)
    RowGradient(np.array([0, 0]), np.ones((2, 2), dtype=np.float32)).apply(matrix, 0.1)
    assert matrix.dtype == np.float32
    assert np.allclose(matrix[0], 0.8)


def test_batch_keeps_float32_vectors_float32(batch_data):
    center_vectors = batch_data["center_vectors"].astype(np.float32)
    outside_vectors = batch_data["outside_vectors"].astype(np.float32)
    losses, grad_center, grad_outside = skipgram_batch(
        batch_data["center_indices"], batch_data["outside_indices"], center_vectors, outside_vectors,
        loss="neg", neg_indices=batch_data["neg_indices"])
    assert losses.dtype == grad_center.rows.dtype == grad_outside.rows.dtype == np.float32


def test_skipgram_pairs_stay_inside_sentences_and_the_window():
    tokens = np.arange(10)
    sentence_ids = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1, 1])
    centers, outsides = skipgram_pairs(tokens, sentence_ids, 3, np.random.default_rng(0))
    assert np.all(sentence_ids[centers] == sentence_ids[outsides])
    assert np.all((np.abs(centers - outsides) >= 1) & (np.abs(centers - outsides) <= 3))


def test_dynamic_window_sees_near_neighbours_more_often_than_far_ones():
    tokens = np.arange(2000)
    centers, outsides = skipgram_pairs(tokens, np.zeros(2000, dtype=int), 4, np.random.default_rng(0))
    distance_counts = np.bincount(np.abs(centers - outsides))[1:]
    assert np.all(np.diff(distance_counts) < 0)  # expected ratios 4 : 3 : 2 : 1
    assert distance_counts[0] / distance_counts[3] == pytest.approx(4, rel=0.15)


def test_cbow_examples_match_the_skipgram_windows_with_the_same_draws():
    tokens = np.array([5, 6, 7, 8, 9, 1, 2])
    sentence_ids = np.array([0, 0, 0, 0, 0, 1, 2])  # the one-word sentences give no example
    centers, contexts, lengths = cbow_examples(tokens, sentence_ids, 2, np.random.default_rng(4))
    pair_centers, pair_outsides = skipgram_pairs(tokens, sentence_ids, 2, np.random.default_rng(4))
    assert centers.tolist() == [5, 6, 7, 8, 9]
    assert np.repeat(centers, lengths).tolist() == pair_centers.tolist()
    assert contexts.tolist() == pair_outsides.tolist()


def test_bad_batch_arguments_raise_clear_errors(batch_data):
    args = (batch_data["center_indices"], batch_data["outside_indices"], batch_data["center_vectors"],
            batch_data["outside_vectors"])
    with pytest.raises(ValueError, match="neg_indices"):
        skipgram_batch(*args, loss="neg")
    with pytest.raises(ValueError, match="neg_indices"):
        skipgram_batch(*args, loss="softmax", neg_indices=batch_data["neg_indices"])
    with pytest.raises(ValueError, match="loss"):
        skipgram_batch(*args, loss="hinge")
    with pytest.raises(ValueError, match="outside_indices"):
        skipgram_batch(args[0], args[1][:-1], *args[2:], loss="softmax")
    with pytest.raises(ValueError, match="neg_indices"):
        skipgram_batch(*args, loss="neg", neg_indices=batch_data["neg_indices"][:-1])
    with pytest.raises(ValueError, match="context_lengths"):
        cbow_batch(args[0], np.zeros(BATCH, dtype=int), np.zeros(BATCH, dtype=int), *args[2:], loss="softmax")
    with pytest.raises(ValueError, match="context_indices"):
        cbow_batch(args[0], np.zeros(3, dtype=int), np.ones(BATCH, dtype=int), *args[2:], loss="softmax")
