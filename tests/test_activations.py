"""sigmoid/softmax: correct values, stability for huge |x|, clear errors."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from w2vlib import log_sigmoid, log_softmax, sigmoid, softmax

huge_floats = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
score_arrays = arrays(np.float64, st.integers(1, 12), elements=huge_floats)


@given(score_arrays)
def test_softmax_is_a_distribution_without_warnings_for_huge_scores(scores):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probabilities = softmax(scores)
    assert np.all(probabilities >= 0) and not np.any(np.isnan(probabilities))
    assert probabilities.sum() == pytest.approx(1.0)


@given(score_arrays, st.floats(min_value=-50, max_value=50))
def test_softmax_is_invariant_to_adding_a_constant(scores, shift):
    np.testing.assert_allclose(softmax(scores + shift), softmax(scores), atol=1e-12)


@given(huge_floats)
def test_sigmoid_in_unit_interval_without_warnings(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = sigmoid(x)
        log_value = log_sigmoid(x)
    assert 0.0 <= value <= 1.0 and np.isfinite(log_value) and log_value <= 0.0


@given(st.floats(min_value=-29.999, max_value=29.999))
def test_sigmoid_strictly_inside_unit_interval_for_moderate_x(x):
    assert 0.0 < sigmoid(x) < 1.0


@given(st.floats(min_value=-30, max_value=30))
def test_sigmoid_matches_textbook_formula_and_symmetry(x):
    assert sigmoid(x) == pytest.approx(1.0 / (1.0 + np.exp(-x)), rel=1e-12)
    assert sigmoid(-x) == pytest.approx(1.0 - sigmoid(x), abs=1e-15)


def test_softmax_matches_direct_formula_on_small_scores():
    scores = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(softmax(scores), np.exp(scores) / np.exp(scores).sum())
    np.testing.assert_allclose(log_softmax(scores), np.log(np.exp(scores) / np.exp(scores).sum()))


def test_softmax_along_axis_zero_normalizes_columns(rng):
    probabilities = softmax(rng.normal(size=(3, 5)) * 1e3, axis=0)
    np.testing.assert_allclose(probabilities.sum(axis=0), np.ones(5))


def test_scalars_are_accepted():
    assert softmax(3.0) == 1.0 and log_softmax(-2.0) == 0.0
    assert sigmoid(0) == 0.5 and sigmoid(np.inf) == 1.0 and sigmoid(-np.inf) == 0.0


def test_log_sigmoid_stays_finite_where_naive_log_underflows():
    assert log_sigmoid(-800.0) == pytest.approx(-800.0)


@pytest.mark.parametrize("function", [softmax, sigmoid])
def test_nan_input_raises_value_error_naming_x(function):
    with pytest.raises(ValueError, match="x must"):
        function(np.array([0.0, np.nan]))


def test_softmax_rejects_inf_and_bad_axis_and_strings():
    with pytest.raises(ValueError, match="x must be finite"):
        softmax(np.array([np.inf, 0.0]))
    with pytest.raises(ValueError, match="axis must be in"):
        softmax(np.zeros((2, 3)), axis=2)
    with pytest.raises(TypeError, match="axis must be an integer"):
        softmax(np.zeros(3), axis=0.5)
    with pytest.raises(TypeError, match="x must be a real-valued array"):
        softmax(np.array(["a", "b"]))
    with pytest.raises(ValueError, match="at least one entry"):
        softmax(np.zeros((2, 0)))
