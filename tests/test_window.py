"""skipgram/cbow: window sums, full-matrix gradcheck, repeated words, neg_indices rules, bad input."""

import numpy as np
import pytest

from w2vlib import cbow, gradcheck, naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient, skipgram

CENTER_IDX = 2
WINDOW = np.array([0, 4, 4, 6])  # word 4 repeats
SKIPGRAM_NEGATIVES = np.array([[1, 5, 5], [4, 3, 1], [2, 2, 6], [0, 6, 3]])  # repeats, o among its row
CBOW_NEGATIVES = np.array([5, 5, CENTER_IDX, 0])  # repeat, and the predicted word among them


def stacked_function(model, **options):
    """The window loss as a function of both matrices stacked into one (2, V, d) array."""
    def loss_and_stacked_grad(parameters):
        loss, grad_center_vectors, grad_outside_vectors = model(
            CENTER_IDX, WINDOW, parameters[0], parameters[1], **options)
        return loss, np.stack([grad_center_vectors, grad_outside_vectors])
    return loss_and_stacked_grad


@pytest.mark.parametrize("model, options", [
    (skipgram, {}),
    (skipgram, {"loss_and_gradient": neg_sampling_loss_and_gradient, "neg_indices": SKIPGRAM_NEGATIVES}),
    (cbow, {}),
    (cbow, {"loss_and_gradient": neg_sampling_loss_and_gradient, "neg_indices": CBOW_NEGATIVES}),
], ids=["skipgram-softmax", "skipgram-negsampling", "cbow-softmax", "cbow-negsampling"])
def test_window_gradients_pass_gradcheck_over_full_matrices(center_vectors, outside_vectors, model, options):
    assert gradcheck(stacked_function(model, **options), np.stack([center_vectors, outside_vectors])) < 1e-6


def test_skipgram_loss_is_sum_of_pair_losses(center_vectors, outside_vectors):
    expected = sum(naive_softmax_loss_and_gradient(center_vectors[CENTER_IDX], o, outside_vectors)[0] for o in WINDOW)
    loss, grad_center_vectors, _ = skipgram(CENTER_IDX, WINDOW, center_vectors, outside_vectors)
    assert loss == pytest.approx(expected, rel=1e-12)
    assert np.count_nonzero(np.abs(grad_center_vectors).sum(axis=1)) == 1


def test_cbow_predicts_center_from_mean_of_context_rows(center_vectors, outside_vectors):
    hidden = (center_vectors[0] + 2 * center_vectors[4] + center_vectors[6]) / 4
    expected_loss, grad_hidden, _ = naive_softmax_loss_and_gradient(hidden, CENTER_IDX, outside_vectors)
    loss, grad_center_vectors, _ = cbow(CENTER_IDX, WINDOW, center_vectors, outside_vectors)
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    np.testing.assert_allclose(grad_center_vectors[4], 2 * grad_hidden / 4)  # repeated word: both shares
    np.testing.assert_allclose(grad_center_vectors[6], grad_hidden / 4)


def test_custom_pair_loss_receives_each_row_of_neg_indices(center_vectors, outside_vectors):
    received = []
    def recording_loss(center_vec, outside_idx, matrix, neg_indices):
        received.append(neg_indices.tolist())
        return neg_sampling_loss_and_gradient(center_vec, outside_idx, matrix, neg_indices)
    skipgram(CENTER_IDX, WINDOW, center_vectors, outside_vectors, recording_loss, SKIPGRAM_NEGATIVES)
    assert received == SKIPGRAM_NEGATIVES.tolist()


@pytest.mark.parametrize("model", [skipgram, cbow])
def test_neg_indices_required_for_neg_sampling_and_rejected_for_softmax(center_vectors, outside_vectors, model):
    with pytest.raises(ValueError, match="neg_indices .* is required with neg_sampling"):
        model(CENTER_IDX, WINDOW, center_vectors, outside_vectors, neg_sampling_loss_and_gradient)
    with pytest.raises(ValueError, match="neg_indices is only used with neg_sampling"):
        model(CENTER_IDX, WINDOW, center_vectors, outside_vectors, neg_indices=CBOW_NEGATIVES)


BAD_INPUTS = [
    ({"window": np.array([], dtype=int)}, ValueError, "must be non-empty"),
    ({"window": [0.0, 1.0]}, TypeError, "must be an integer array"),
    ({"window": np.array([1, 9])}, ValueError, r"must hold word indices in \[0, 7\), got 9"),
    ({"center_idx": -1}, ValueError, r"center_idx must be a word index in \[0, 7\), got -1"),
    ({"center_idx": np.int64(7)}, ValueError, "center_idx must be a word index"),
    ({"center_vectors": np.zeros((7, 5))}, ValueError, r"outside_vectors must have shape \(7, 5\)"),
    ({"center_vectors": np.zeros(7)}, ValueError, "center_vectors must be a 2-D array"),
    ({"outside_vectors": np.full((7, 4), np.nan)}, ValueError, "outside_vectors must be finite"),
    ({"loss_and_gradient": "softmax"}, TypeError, "loss_and_gradient must be callable"),
]


@pytest.mark.parametrize("model", [skipgram, cbow])
@pytest.mark.parametrize("change, error, message", BAD_INPUTS)
def test_bad_input_raises_clear_error(center_vectors, outside_vectors, model, change, error, message):
    arguments = {"center_idx": CENTER_IDX, "window": WINDOW, "center_vectors": center_vectors,
                 "outside_vectors": outside_vectors, "loss_and_gradient": naive_softmax_loss_and_gradient} | change
    with pytest.raises(error, match=message):
        model(arguments["center_idx"], arguments["window"], arguments["center_vectors"],
              arguments["outside_vectors"], arguments["loss_and_gradient"])


def test_neg_indices_with_wrong_shape_names_expected_shape(center_vectors, outside_vectors):
    with pytest.raises(ValueError, match=r"neg_indices must be an integer array of shape \(4, K\)"):
        skipgram(CENTER_IDX, WINDOW, center_vectors, outside_vectors, neg_sampling_loss_and_gradient,
                 SKIPGRAM_NEGATIVES[:3])
    with pytest.raises(ValueError, match=r"neg_indices must be a 1-D array of shape \(K,\)"):
        cbow(CENTER_IDX, WINDOW, center_vectors, outside_vectors, neg_sampling_loss_and_gradient, SKIPGRAM_NEGATIVES)
    with pytest.raises(ValueError, match="neg_indices must be non-empty"):
        cbow(CENTER_IDX, WINDOW, center_vectors, outside_vectors, neg_sampling_loss_and_gradient,
             np.array([], dtype=int))
