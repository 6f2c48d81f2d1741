"""sgd_step updates in place; linear_decay_lr goes from lr to min_lr and stays there."""

import numpy as np
import pytest

from w2vlib import linear_decay_lr, sgd_step


def test_sgd_step_updates_in_place_and_returns_params(rng):
    params, grad = rng.normal(size=(7, 4)), rng.normal(size=(7, 4))
    expected = params - 0.1 * grad
    result = sgd_step(params, grad, 0.1)
    assert result is params
    np.testing.assert_allclose(params, expected)


@pytest.mark.parametrize("params, grad, lr, error, message", [
    ([1.0, 2.0], np.zeros(2), 0.1, TypeError, "params must be a numpy array of floating dtype"),
    (np.array([1, 2]), np.zeros(2), 0.1, TypeError, "params must be a numpy array of floating dtype"),
    (np.zeros((7, 4)), np.zeros((4, 7)), 0.1, ValueError, r"grad must have shape \(7, 4\) like params"),
    (np.zeros(2), np.array([np.nan, 0.0]), 0.1, ValueError, "grad must be finite"),
    (np.zeros(2), np.zeros(2), -0.1, ValueError, "lr must be ≥ 0"),
])
def test_sgd_step_bad_input_raises_clear_errors(params, grad, lr, error, message):
    with pytest.raises(error, match=message):
        sgd_step(params, grad, lr)


def test_linear_decay_endpoints_midpoint_and_floor():
    assert linear_decay_lr(0, 100, 0.025, 0.001) == 0.025
    assert linear_decay_lr(50, 100, 0.025, 0.001) == pytest.approx(0.013)
    assert linear_decay_lr(100, 100, 0.025, 0.001) == 0.001
    assert linear_decay_lr(500, 100, 0.025, 0.001) == 0.001  # never below min_lr


def test_linear_decay_is_monotone_and_defaults_to_word2vec_floor():
    rates = [linear_decay_lr(step, 10, 0.05) for step in range(15)]
    assert all(later <= earlier for earlier, later in zip(rates, rates[1:]))
    assert rates[-1] == pytest.approx(0.05 * 1e-4)


@pytest.mark.parametrize("arguments, error, message", [
    ((-1, 10, 0.025, 0.0), ValueError, "step must be a non-negative integer"),
    ((0, 0, 0.025, 0.0), ValueError, r"total_steps must be a positive integer"),
    ((0, 10, 0.0, 0.0), ValueError, "lr must be > 0"),
    ((0, 10, 0.025, 0.05), ValueError, "min_lr must be ≤ lr"),
    ((1.5, 10, 0.025, 0.0), TypeError, "step must be an integer"),
])
def test_linear_decay_bad_input_raises_clear_errors(arguments, error, message):
    with pytest.raises(error, match=message):
        linear_decay_lr(*arguments)
