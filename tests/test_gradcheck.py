"""gradcheck: passes right gradients, catches and locates wrong ones, never mutates or prints."""

import numpy as np
import pytest

from w2vlib import GradientCheckError, gradcheck, neg_sampling_loss_and_gradient
from w2vlib.activations import sigmoid


def quadratic(x):
    return float(np.sum(x ** 2)), 2 * x


def test_correct_gradient_passes_and_returns_small_error(rng):
    assert 0.0 <= gradcheck(quadratic, rng.normal(size=(3, 2))) < 1e-8


def test_sign_flip_is_caught_and_worst_entry_is_named(capsys):
    with pytest.raises(GradientCheckError, match=r"entry \(1, 0\): analytic -0.8, numeric 0.8") as caught:
        gradcheck(lambda x: (float(np.sum(x ** 2)), -2 * x), np.array([[0.1, 0.2], [0.4, -0.3]]))
    assert caught.value.index == (1, 0) and caught.value.relative_error == pytest.approx(1.6)
    assert isinstance(caught.value, AssertionError)
    assert capsys.readouterr() == ("", "")


def test_missing_transpose_is_caught_at_the_worst_entry(rng):
    left, right = rng.normal(size=3), rng.normal(size=3)
    def bilinear_missing_transpose(matrix):  # J = leftᵀ W right, true gradient outer(left, right)
        return float(left @ matrix @ right), np.outer(right, left)
    true_grad, wrong_grad = np.outer(left, right), np.outer(right, left)
    errors = np.abs(true_grad - wrong_grad) / np.maximum(1, np.maximum(np.abs(true_grad), np.abs(wrong_grad)))
    with pytest.raises(GradientCheckError) as caught:
        gradcheck(bilinear_missing_transpose, rng.normal(size=(3, 3)))
    assert errors[caught.value.index] == pytest.approx(errors.max())  # errors is symmetric: (i, j) ties (j, i)
    assert caught.value.analytic == pytest.approx(wrong_grad[caught.value.index])
    assert caught.value.numeric == pytest.approx(true_grad[caught.value.index])


def test_missing_transpose_with_v_not_equal_d_is_a_shape_error(rng):
    with pytest.raises(ValueError, match=r"gradient of the same shape as x \(7, 4\), got shape \(4, 7\)"):
        gradcheck(lambda matrix: (float(np.sum(matrix)), np.ones((4, 7))), rng.normal(size=(7, 4)))


def test_dropping_repeated_negatives_is_caught_at_the_repeated_word(rng):
    center_vec, neg_indices, outside_idx = rng.normal(size=4), np.array([5, 5, 1]), 0

    def dropped_repeats(outside_vectors):
        loss, _, _ = neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg_indices)
        grad = np.zeros_like(outside_vectors)
        grad[neg_indices] += np.outer(sigmoid(outside_vectors[neg_indices] @ center_vec), center_vec)  # the bug
        grad[outside_idx] += (sigmoid(outside_vectors[outside_idx] @ center_vec) - 1) * center_vec
        return loss, grad

    with pytest.raises(GradientCheckError, match=r"entry \(5, \d\)") as caught:
        gradcheck(dropped_repeats, rng.normal(size=(7, 4)))
    assert caught.value.numeric == pytest.approx(2 * caught.value.analytic, rel=1e-6)


def test_callers_array_is_never_modified_and_float32_is_checked_in_float64(rng):
    x = rng.normal(size=5).astype(np.float32)
    saved = x.copy()
    seen_dtypes = set()
    def recording_quadratic(point):
        seen_dtypes.add(point.dtype)
        return quadratic(point)
    gradcheck(recording_quadratic, x)
    np.testing.assert_array_equal(x, saved)
    assert x.dtype == np.float32 and seen_dtypes == {np.dtype(np.float64)}


def test_each_perturbation_is_restored_before_the_next(rng):
    x = rng.normal(size=(2, 3))
    calls = []
    def recording_quadratic(point):
        calls.append(point.copy())
        return quadratic(point)
    gradcheck(recording_quadratic, x)
    assert len(calls) == 2 + 2 * x.size
    assert all(np.count_nonzero(call != x) <= 1 for call in calls)


def test_non_deterministic_function_is_rejected(rng):
    noise = np.random.default_rng(0)
    with pytest.raises(ValueError, match="f must be deterministic"):
        gradcheck(lambda x: (float(np.sum(x ** 2) + noise.normal()), 2 * x), rng.normal(size=3))


@pytest.mark.parametrize("function, options, error, message", [
    ("not callable", {}, TypeError, "f must be callable"),
    (lambda x: 1.0, {}, ValueError, r"f\(x\) must return a \(loss, grad\) pair"),
    (lambda x: (np.array([1.0, 2.0]), x), {}, ValueError, "finite scalar loss"),
    (lambda x: (np.nan, x), {}, ValueError, "finite scalar loss"),
    (quadratic, {"h": 0.0}, ValueError, "h must be > 0"),
    (quadratic, {"tol": -1e-3}, ValueError, "tol must be ≥ 0"),
    (quadratic, {"tol": "small"}, TypeError, "tol must be a real number"),
])
def test_bad_arguments_raise_clear_errors(function, options, error, message):
    with pytest.raises(error, match=message):
        gradcheck(function, np.ones(3), **options)


def test_non_finite_x_is_rejected():
    with pytest.raises(ValueError, match="x must be finite"):
        gradcheck(quadratic, np.array([1.0, np.inf]))
