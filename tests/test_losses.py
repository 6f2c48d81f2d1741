"""Pair losses: values against independent formulas, gradients via gradcheck, repeats, bad input."""

import warnings

import numpy as np
import pytest

from w2vlib import gradcheck, naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient

OUTSIDE_IDX = 3


def check_both_gradients(loss_and_gradient, center_vec, outside_vectors, *extra):
    """gradcheck the loss as a function of v_c and, separately, of U (stored as rows)."""
    def of_center(vec):
        loss, grad_center_vec, _ = loss_and_gradient(vec, OUTSIDE_IDX, outside_vectors, *extra)
        return loss, grad_center_vec

    def of_outside(matrix):
        loss, _, grad_outside_vectors = loss_and_gradient(center_vec, OUTSIDE_IDX, matrix, *extra)
        return loss, grad_outside_vectors

    assert gradcheck(of_center, center_vec) < 1e-6
    assert gradcheck(of_outside, outside_vectors) < 1e-6


def test_naive_softmax_loss_is_minus_log_softmax_probability(center_vectors, outside_vectors):
    center_vec = center_vectors[0]
    scores = np.array([outside_vectors[w] @ center_vec for w in range(len(outside_vectors))])
    expected = -np.log(np.exp(scores[OUTSIDE_IDX]) / np.exp(scores).sum())
    loss, _, _ = naive_softmax_loss_and_gradient(center_vec, OUTSIDE_IDX, outside_vectors)
    assert loss == pytest.approx(expected, rel=1e-12)


def test_naive_softmax_gradients_pass_gradcheck_with_v_not_equal_d(center_vectors, outside_vectors):
    check_both_gradients(naive_softmax_loss_and_gradient, center_vectors[0], outside_vectors)


def test_naive_softmax_stays_finite_without_warnings_for_huge_scores(center_vectors, outside_vectors):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grad_center_vec, grad_outside_vectors = naive_softmax_loss_and_gradient(
            center_vectors[0] * 100, OUTSIDE_IDX, outside_vectors * 100)
    assert np.isfinite(loss) and np.all(np.isfinite(grad_center_vec)) and np.all(np.isfinite(grad_outside_vectors))


def test_neg_sampling_loss_matches_formula(center_vectors, outside_vectors):
    center_vec, neg_indices = center_vectors[1], np.array([0, 5, 5])
    def sigma(x):
        return 1 / (1 + np.exp(-x))
    expected = -np.log(sigma(outside_vectors[OUTSIDE_IDX] @ center_vec)) - sum(
        np.log(sigma(-outside_vectors[k] @ center_vec)) for k in neg_indices)
    loss, _, _ = neg_sampling_loss_and_gradient(center_vec, OUTSIDE_IDX, outside_vectors, neg_indices)
    assert loss == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("neg_indices", [[0, 1, 2], [5, 5, 1], [OUTSIDE_IDX, 2, OUTSIDE_IDX, 6]],
                         ids=["distinct", "repeat", "outside-word-among-negatives"])
def test_neg_sampling_gradients_pass_gradcheck(center_vectors, outside_vectors, neg_indices):
    check_both_gradients(neg_sampling_loss_and_gradient, center_vectors[1], outside_vectors, np.array(neg_indices))


def test_word_drawn_n_times_gets_n_times_its_single_draw_gradient(center_vectors, outside_vectors):
    center_vec = center_vectors[2]
    _, _, single = neg_sampling_loss_and_gradient(center_vec, OUTSIDE_IDX, outside_vectors, np.array([5]))
    _, _, triple = neg_sampling_loss_and_gradient(center_vec, OUTSIDE_IDX, outside_vectors, np.array([5, 1, 5, 5]))
    np.testing.assert_allclose(triple[5], 3 * single[5], rtol=1e-12)
    assert np.any(single[5] != 0)


def test_outside_word_among_negatives_gets_both_terms(center_vectors, outside_vectors):
    center_vec = center_vectors[2]
    score = outside_vectors[OUTSIDE_IDX] @ center_vec
    sigma_o = 1 / (1 + np.exp(-score))
    _, _, grad_outside_vectors = neg_sampling_loss_and_gradient(
        center_vec, OUTSIDE_IDX, outside_vectors, np.array([OUTSIDE_IDX, 0]))
    np.testing.assert_allclose(grad_outside_vectors[OUTSIDE_IDX], (sigma_o - 1) * center_vec + sigma_o * center_vec)


def test_losses_do_not_modify_their_arguments(center_vectors, outside_vectors):
    center_vec, neg_indices = center_vectors[0].copy(), np.array([1, 1, 3])
    saved = (center_vec.copy(), outside_vectors.copy(), neg_indices.copy())
    naive_softmax_loss_and_gradient(center_vec, OUTSIDE_IDX, outside_vectors)
    neg_sampling_loss_and_gradient(center_vec, OUTSIDE_IDX, outside_vectors, neg_indices)
    for before, after in zip(saved, (center_vec, outside_vectors, neg_indices)):
        np.testing.assert_array_equal(before, after)


GOOD_NEG = np.array([1, 2])
BAD_INPUTS = [
    ({"center_vec": np.zeros(5)}, ValueError, r"center_vec must have shape \(4,\)"),
    ({"center_vec": np.zeros((1, 4))}, ValueError, r"center_vec must be a 1-D array"),
    ({"center_vec": np.array([0, np.nan, 0, 0])}, ValueError, "center_vec must be finite"),
    ({"outside_vectors": np.zeros(4)}, ValueError, r"outside_vectors must be a 2-D array of shape \(V, d\)"),
    ({"outside_vectors": np.full((7, 4), np.inf)}, ValueError, "outside_vectors must be finite"),
    ({"outside_idx": 7}, ValueError, r"outside_idx must be a word index in \[0, 7\)"),
    ({"outside_idx": -1}, ValueError, r"outside_idx must be a word index in \[0, 7\), got -1"),
    ({"outside_idx": 1.0}, TypeError, "outside_idx must be an integer"),
    ({"neg_indices": np.array([], dtype=int)}, ValueError, r"neg_indices must be non-empty, of shape \(K,\)"),
    ({"neg_indices": np.array([1.0, 2.0])}, TypeError, "neg_indices must be an integer array"),
    ({"neg_indices": np.array([1, 7])}, ValueError, r"neg_indices must hold word indices in \[0, 7\), got 7"),
    ({"neg_indices": np.array([-2, 1])}, ValueError, "neg_indices must hold word indices .* got -2"),
    ({"neg_indices": np.array([[1, 2]])}, ValueError, r"neg_indices must be a 1-D array of shape \(K,\)"),
]


@pytest.mark.parametrize("change, error, message", BAD_INPUTS)
def test_bad_input_raises_clear_error_naming_the_argument(center_vectors, outside_vectors, change, error, message):
    arguments = {"center_vec": center_vectors[0], "outside_idx": OUTSIDE_IDX,
                 "outside_vectors": outside_vectors, "neg_indices": GOOD_NEG} | change
    with pytest.raises(error, match=message):
        neg_sampling_loss_and_gradient(**arguments)
    if "neg_indices" not in change:
        del arguments["neg_indices"]
        with pytest.raises(error, match=message):
            naive_softmax_loss_and_gradient(**arguments)
