"""Symbolic contexts: shapes, names for the parser, and losses/gradients that match the numeric library."""

import numpy as np
import pytest
import sympy

from w2vlib import cbow, naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient, skipgram
from w2vlib.symbolic.contexts import (
    cbow_context,
    negsamp_context,
    rong_context,
    sigmoid_context,
    skipgram_context,
    softmax_context,
)


def evaluate(expr, assignments):
    """Float value (scalar or ndarray) of a SymPy scalar/Matrix at symbol → value assignments."""
    symbols = sorted(assignments, key=lambda symbol: symbol.name)
    function = sympy.lambdify(symbols, expr, modules="numpy")
    return np.array(function(*[assignments[symbol] for symbol in symbols]), dtype=float)


def assign(symbol_matrix, values):
    """symbol → value for every entry of a symbol matrix and an equally shaped array."""
    return {symbol_matrix[i, j]: values[i, j] for i in range(symbol_matrix.rows) for j in range(symbol_matrix.cols)}


@pytest.fixture
def rng():
    return np.random.default_rng(7)


def test_softmax_context_has_distinct_V_and_d_and_column_conventions():
    ctx = softmax_context()
    assert ctx.V != ctx.d
    assert ctx.U.shape == (ctx.d, ctx.V) and ctx.v_c.shape == (ctx.d, 1)
    assert ctx.u(ctx.o) == ctx.U[:, ctx.o]
    assert ctx.w != ctx.o


def test_softmax_context_loss_and_gradients_match_numeric_library(rng):
    ctx = softmax_context()
    center, outside = rng.normal(size=(ctx.d, 1)), rng.normal(size=(ctx.d, ctx.V))
    values = {**assign(ctx.v_c, center), **assign(ctx.U, outside)}
    loss, grad_center, grad_outside = naive_softmax_loss_and_gradient(center[:, 0], ctx.o, outside.T)
    assert evaluate(ctx.J, values) == pytest.approx(loss)
    np.testing.assert_allclose(evaluate(ctx.grad(ctx.v_c), values)[:, 0], grad_center, rtol=1e-10)
    np.testing.assert_allclose(evaluate(ctx.grad(ctx.U), values), grad_outside.T, rtol=1e-10)


def test_sigmoid_context_is_the_explicit_logistic_function():
    ctx = sigmoid_context()
    assert ctx.sigma_x.subs(ctx.x, 0) == sympy.Rational(1, 2)
    assert float(ctx.sigma_x.subs(ctx.x, 2)) == pytest.approx(1 / (1 + np.exp(-2)))


def test_negsamp_context_accumulates_a_repeated_sample_like_the_numeric_library(rng):
    ctx = negsamp_context()
    assert ctx.neg == (1, 1, 2) and ctx.repeated == 1 and ctx.repeat_count == 2 and ctx.once == 2
    center, outside = rng.normal(size=(ctx.d, 1)), rng.normal(size=(ctx.d, ctx.V))
    values = {**assign(ctx.v_c, center), **assign(ctx.U, outside)}
    loss, grad_center, grad_outside = neg_sampling_loss_and_gradient(
        center[:, 0], ctx.o, outside.T, np.array(ctx.neg))
    assert evaluate(ctx.J, values) == pytest.approx(loss)
    np.testing.assert_allclose(evaluate(ctx.grad(ctx.v_c), values)[:, 0], grad_center, rtol=1e-10)
    np.testing.assert_allclose(evaluate(ctx.grad(ctx.U), values), grad_outside.T, rtol=1e-10)


def test_skipgram_context_sums_over_the_window_and_ignores_other_centers(rng):
    ctx = skipgram_context()
    assert len(set(ctx.outside)) < len(ctx.outside), "the default window has a repeated word"
    center_vectors, outside = rng.normal(size=(ctx.d, ctx.V)), rng.normal(size=(ctx.d, ctx.V))
    values = {**assign(ctx.center_vectors, center_vectors), **assign(ctx.U, outside)}
    loss, grad_centers, grad_outside = skipgram(ctx.c, list(ctx.outside), center_vectors.T, outside.T)
    assert evaluate(ctx.J, values) == pytest.approx(loss)
    np.testing.assert_allclose(evaluate(ctx.grad(ctx.center_vectors), values), grad_centers.T, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(evaluate(ctx.grad(ctx.U), values), grad_outside.T, rtol=1e-10)
    assert ctx.grad(ctx.v_w).is_zero_matrix


def test_rong_context_equals_skipgram_over_the_panels(rng):
    ctx = rong_context()
    assert ctx.C == len(ctx.targets) and len(set(ctx.targets)) < ctx.C
    W, W_out = rng.normal(size=(ctx.V, ctx.N)), rng.normal(size=(ctx.N, ctx.V))
    values = {**assign(ctx.W, W), **assign(ctx.W_out, W_out)}
    loss, grad_W, grad_W_out_rows = skipgram(ctx.input_word, list(ctx.targets), W, W_out.T)
    assert evaluate(ctx.E, values) == pytest.approx(loss)
    np.testing.assert_allclose(evaluate(ctx.grad(ctx.W), values), grad_W, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(evaluate(ctx.grad(ctx.W_out), values), grad_W_out_rows.T, rtol=1e-10)
    np.testing.assert_allclose(evaluate(ctx.EH, values), evaluate(ctx.grad(ctx.v_input), values), rtol=1e-10)


def test_cbow_context_matches_numeric_cbow(rng):
    ctx = cbow_context()
    W, W_out = rng.normal(size=(ctx.V, ctx.N)), rng.normal(size=(ctx.N, ctx.V))
    values = {**assign(ctx.W, W), **assign(ctx.W_out, W_out)}
    loss, grad_W, grad_W_out_rows = cbow(ctx.center, list(ctx.context), W, W_out.T)
    assert evaluate(ctx.E, values) == pytest.approx(loss)
    np.testing.assert_allclose(evaluate(ctx.grad(ctx.W), values), grad_W, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(evaluate(ctx.grad(ctx.W_out), values), grad_W_out_rows.T, rtol=1e-10)


@pytest.mark.parametrize(
    "build, kwargs, fragment",
    [
        (softmax_context, {"o": 5}, "o must be a word index"),
        (softmax_context, {"o": 1, "w": 1}, "w must differ from o"),
        (softmax_context, {"V": 1}, "V must be an int"),
        (negsamp_context, {"neg": (0, 1)}, "must not contain the outside word"),
        (negsamp_context, {"neg": ()}, "at least one"),
        (skipgram_context, {"outside": (1, 9)}, "outside[1]"),
        (skipgram_context, {"other": 0}, "other must differ"),
        (rong_context, {"C": 2}, "targets must list C = 2"),
        (rong_context, {"targets": (1, 2)}, "targets must list C = 3"),
        (cbow_context, {"center": -1}, "center must be a word index"),
    ],
)
def test_contexts_reject_bad_arguments_with_clear_messages(build, kwargs, fragment):
    with pytest.raises(ValueError) as error:
        build(**kwargs)
    assert fragment in str(error.value)
