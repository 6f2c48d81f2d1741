r"""The LaTeX reader of the book's notation: every construct of issue 10, clear errors, hostile input.

Values are compared with SymPy values built here, independently, from the same symbols
(``U``, ``v_c`` … of the configuration), at exact random rational points.
"""

import builtins
import random
import re
import sys
import time

import pytest
import sympy
import sympy.parsing.latex
import sympy.parsing.sympy_parser

from w2vlib.symbolic import Derivation
from w2vlib.symbolic.configurations import CONTEXTS, configurations
from w2vlib.symbolic.notation import NotationError, ShapeError, evaluate, read_latex, split_aligned
from w2vlib.symbolic.notation.aligned import MAX_BLOCK_CHARACTERS
from w2vlib.symbolic.notation.evaluate import ZERO
from w2vlib.symbolic.notation.latex import MAX_CHARACTERS, MAX_DEPTH, MAX_EXPONENT, MAX_TOKENS
from w2vlib.symbolic.notation.tree import Add, Apply, Mul, Number, Sum

# ----------------------------------------------------------------------------- references

SOFTMAX = configurations("softmax")[0]            # |V| = 5, d = 3
SOFTMAX_WIDE = configurations("softmax")[1]       # |V| = 7, d = 2
U, v_c = SOFTMAX.ctx.U, SOFTMAX.ctx.v_c
O, W = SOFTMAX.ctx.o, SOFTMAX.ctx.w               # the true word o and a fixed word w ≠ o (0-based)
scores = U.T * v_c
exps = scores.applyfunc(sympy.exp)
yhat = exps / sum(exps)
y = sympy.Matrix(5, 1, lambda i, _: int(i == O))
J = -sympy.log(yhat[O])

SIGMOID = configurations("sigmoid")[0]
x = sympy.Symbol("x", real=True)                  # the sigmoid context's real scalar


def sigma(z):
    return 1 / (1 + sympy.exp(-z))


def one_hot(size, index):
    return sympy.Matrix(size, 1, lambda i, _: int(i == index))


def value(text, config=SOFTMAX):
    return evaluate(read_latex(text), config)


def assert_same(actual, expected, points=3):
    """Same shape and equal entries at ``points`` exact random rational points (30 digits)."""
    assert actual is not ZERO, "got the zero vector"
    actual, expected = sympy.Matrix([actual]) if not isinstance(actual, sympy.MatrixBase) else actual, \
        sympy.Matrix([expected]) if not isinstance(expected, sympy.MatrixBase) else expected
    assert actual.shape == expected.shape
    symbols = sorted(actual.free_symbols | expected.free_symbols, key=str)
    rng = random.Random(10)
    for _ in range(points):
        point = {s: sympy.Rational(rng.randint(1 if s.is_positive else -15, 15), 10) for s in symbols}
        difference = (actual - expected).xreplace(point).evalf(30)
        assert all(abs(entry) < 1e-20 for entry in difference), (actual, expected)


# ----------------------------------------------------------------------------- symbols


@pytest.mark.parametrize("spelling", [r"\mathbf{v}_c", r"\boldsymbol{v}_c", r"\vec{v}_c", "v_c", r"\mathbf{v}_{c}"])
def test_every_spelling_of_the_center_vector_is_the_same_vector(spelling):
    assert read_latex(spelling) == read_latex(r"\mathbf{v}_c")
    assert value(spelling) == v_c
    assert value(spelling, SOFTMAX_WIDE) == SOFTMAX_WIDE.ctx.v_c and SOFTMAX_WIDE.ctx.v_c.shape == (2, 1)


def test_hatted_vector_and_its_components_and_the_one_hot_components():
    assert_same(value(r"\hat{\mathbf{y}}"), yhat)
    assert_same(value(r"\hat{y}_w"), yhat[W])
    assert_same(value(r"\hat{y}_o"), yhat[O])
    assert value("y_o") == 1 and value("y_w") == 0
    assert value(r"\mathbf{y}") == y
    assert value(r"\mathbf{u}_o") == U[:, O] and value(r"\mathbf{u}_w") == U[:, W]


def test_primed_entry_and_roman_names_in_rongs_context():
    config = configurations("rong")[0]                  # |V| = 5, N = 3, C = 3, w_I = 0, targets (1, 3, 1)
    W_in, W_out = config.ctx.W, config.ctx.W_out
    assert value("w'_{ij}", config) == W_out           # free i, j: the N×|V| matrix of entries
    h = W_in[0, :].T                                   # h = Wᵀx = v_{w_I}
    u = W_out.T * h
    y_rong = u.applyfunc(sympy.exp) / sum(u.applyfunc(sympy.exp))
    targets = CONTEXTS["rong"][1][0]["targets"]
    EI = sympy.Matrix(5, 1, lambda j, _: 3 * y_rong[j] - targets.count(j))
    assert_same(value(r"\mathrm{EI}_j", config), EI)
    assert_same(value(r"\mathrm{EH}_i", config), W_out * EI)


# ----------------------------------------------------------------------------- operators


@pytest.mark.parametrize("transpose", [r"^\top", r"^{\top}", "^T", "^{T}"])
def test_transpose_spellings(transpose):
    assert_same(value(r"\mathbf{u}_o" + transpose + r" \mathbf{v}_c"), scores[O])
    assert value(r"\mathbf{U}" + transpose) == U.T


def test_numeric_powers():
    assert_same(value(r"\hat{y}_o^2"), yhat[O] ** 2)
    assert_same(value(r"\hat{y}_o^{2}"), yhat[O] ** 2)
    assert_same(value(r"\hat{y}_o^{-1}"), 1 / yhat[O])
    assert_same(value(r"(1 + e^{-x})^{-1}", SIGMOID), sigma(x))
    assert_same(value(r"(1 + e^{-x})^{-2}", SIGMOID), sigma(x) ** 2)


def test_products_by_juxtaposition_and_cdot_are_matrix_products():
    assert_same(value(r"\mathbf{U}\hat{\mathbf{y}}"), U * yhat)
    assert_same(value(r"\mathbf{U} \cdot \hat{\mathbf{y}}"), value(r"\mathbf{U}\hat{\mathbf{y}}"))
    assert_same(value(r"\mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y})^\top"), v_c * (yhat - y).T)
    assert value(r"2 \cdot 3") == 6


def test_fractions():
    assert value(r"\frac{1}{2}") == sympy.Rational(1, 2)
    assert_same(value(r"\frac{\hat{y}_o}{2}"), yhat[O] / 2)
    assert_same(value(r"\frac{\mathbf{v}_c}{\hat{y}_w}"), v_c / yhat[W])
    assert_same(value(r"\frac{1}{1 + e^{-x}}", SIGMOID), sigma(x))


def test_log_ln_exp_e_power_and_sigma():
    assert_same(value(r"\log \hat{y}_o"), sympy.log(yhat[O]))
    assert read_latex(r"\ln \hat{y}_o") == read_latex(r"\log \hat{y}_o")
    assert_same(value(r"\exp(\mathbf{u}_o^\top \mathbf{v}_c)"), sympy.exp(scores[O]))
    assert_same(value(r"e^{\mathbf{u}_o^\top \mathbf{v}_c}"), sympy.exp(scores[O]))
    assert_same(value(r"e^{-x}", SIGMOID), sympy.exp(-x))
    assert_same(value(r"\sigma(x)", SIGMOID), sigma(x))
    assert_same(value(r"\sigma(-x)", SIGMOID), sigma(-x))
    assert_same(value(r"\sigma'(x)", SIGMOID), sigma(x) * (1 - sigma(x)))


def test_functions_without_parentheses_take_the_next_factor_and_a_sum_is_one_factor():
    assert_same(value(r"\log \hat{y}_w \mathbf{u}_w"), sympy.log(yhat[W]) * U[:, W])
    assert_same(value(r"\exp \hat{y}_o \hat{y}_w"), sympy.exp(yhat[O]) * yhat[W])
    assert_same(value(r"\log \frac{\hat{y}_o}{\hat{y}_w} \mathbf{v}_c"), sympy.log(yhat[O] / yhat[W]) * v_c)
    log_sum_exp = sympy.log(sum(exps))
    assert_same(value(r"\log \sum_{w} \exp(\mathbf{u}_w^\top \mathbf{v}_c)"), log_sum_exp)
    assert_same(value(r"\log \sum_{w} \exp(\mathbf{u}_w^\top \mathbf{v}_c) + 1"), log_sum_exp + 1)
    # the sum's body is the rest of the product, so the log takes all of it
    assert_same(value(r"\log \sum_{w} \exp(\mathbf{u}_w^\top \mathbf{v}_c) \hat{y}_o"),
                sympy.log(sum(exps) * yhat[O]))
    assert_same(value(r"-\mathbf{u}_o^\top \mathbf{v}_c + \log \sum_{w} \exp(\mathbf{u}_w^\top \mathbf{v}_c)"), J)


# ----------------------------------------------------------------------------- sums


def test_sums_over_the_words():
    assert_same(value(r"\sum_{w} \hat{y}_w \mathbf{u}_w"), U * yhat)
    assert_same(value(r"\sum_w \hat{y}_w \mathbf{u}_w"), U * yhat)
    assert_same(value(r"\sum_{w=1}^{|V|} \hat{y}_w \mathbf{u}_w"), U * yhat)
    assert_same(value(r"\sum_{w \ne o} \hat{y}_w"), sum(yhat[i] for i in range(5) if i != O))
    assert value(r"\sum_{w \ne o} y_w") == 0 and value(r"\sum_{w} y_w") == 1
    # bounds count from 1: words 2..3 are the 0-based words 1 (= o) and 2
    assert_same(value(r"\sum_{w=2}^{3} \hat{y}_w"), yhat[1] + yhat[2])
    assert value(r"\sum_{w=1}^{|V|} 1") == 5 and value(r"\sum_{w=1}^{|V|} 1", SOFTMAX_WIDE) == 7


def test_sum_over_the_negative_draws_counts_a_repeated_draw_each_time():
    config = configurations("negative_sampling")[0]     # neg = (1, 1, 2)
    U_neg, v_neg = config.ctx.U, config.ctx.v_c
    expected = sum(sympy.log(sigma(-(U_neg[:, k].T * v_neg)[0])) for k in (1, 1, 2))
    assert_same(value(r"\sum_{k=1}^{K} \log \sigma(-\mathbf{u}_k^\top \mathbf{v}_c)", config), expected)
    assert value(r"\sum_{k=1}^{K} 1", configurations("negative_sampling")[1]) == 5


def test_sums_over_panels_and_context_words():
    rong = configurations("rong")[0]                    # targets (1, 3, 1): word 1 twice
    assert value(r"\sum_{c=1}^{C} t_{c,j}", rong) == sympy.Matrix([0, 2, 0, 1, 0])
    cbow = configurations("cbow")[0]                    # context (1, 3, 1, 4)
    expected = sum((one_hot(5, word) for word in (1, 3, 1, 4)), sympy.zeros(5, 1))
    assert value(r"\sum_{c=1}^{C} \mathbf{x}_c", cbow) == expected


@pytest.mark.parametrize("index", [0, 1])
def test_window_sum_with_substack_skips_the_center(index):
    config = configurations("skipgram")[index]
    setting = CONTEXTS["skipgram"][1][index]
    window = r"\sum_{\substack{-m \le j \le m \\ j \ne 0}}"
    expected = sum((one_hot(setting["V"], word) for word in setting["outside"]), sympy.zeros(setting["V"], 1))
    assert value(window + r" \mathbf{y}_{t+j}", config) == expected
    assert value(window + " 1", config) == len(setting["outside"])    # 2m terms


def test_a_sum_body_runs_to_the_next_plus_or_minus_at_its_own_level():
    tree = read_latex(r"\sum_{w} \hat{y}_w \mathbf{u}_w - \mathbf{u}_o")
    assert isinstance(tree, Add) and isinstance(tree.terms[0][1], Sum)
    assert_same(evaluate(tree, SOFTMAX), U * yhat - U[:, O])
    assert_same(value(r"\sum_{w} (\hat{y}_w \mathbf{u}_w - \mathbf{u}_o)"), U * yhat - 5 * U[:, O])
    assert_same(value(r"2 \sum_{w} \hat{y}_w + 1"), 2 * sum(yhat) + 1)


# ----------------------------------------------------------------------------- derivatives


def gradient(scalar, wrt):
    return wrt.applyfunc(lambda entry: sympy.diff(scalar, entry))


def test_derivative_of_the_loss_by_a_vector_is_a_vector():
    result = value(r"\frac{\partial J}{\partial \mathbf{v}_c}")
    assert result.shape == (3, 1)
    assert_same(result, gradient(J, v_c))
    assert value(r"\frac{\partial J}{\partial \mathbf{v}_c}", SOFTMAX_WIDE).shape == (2, 1)


def test_derivative_of_the_loss_by_a_matrix_is_a_matrix_of_its_shape():
    result = value(r"\frac{\partial J}{\partial \mathbf{U}}")
    assert result.shape == (3, 5)
    assert_same(result, gradient(J, U))
    assert value(r"\frac{\partial J}{\partial \mathbf{U}}", SOFTMAX_WIDE).shape == (2, 7)


def test_derivative_written_as_an_operator_takes_its_parenthesis_or_the_rest_of_the_product():
    assert value(r"\frac{\partial}{\partial \mathbf{u}_w}\bigl(\mathbf{u}_w^\top \mathbf{v}_c\bigr)") == v_c
    assert value(r"\frac{\partial}{\partial \mathbf{u}_w} \mathbf{u}_w^\top \mathbf{v}_c") == v_c
    assert_same(value(r"\frac{\partial}{\partial \mathbf{u}_w}\Bigl(-\log \hat{y}_o\Bigr)"), yhat[W] * v_c)
    assert_same(value(r"\frac{\partial J}{\partial \mathbf{s}}"), yhat - y)


def test_straight_d_derivatives_in_the_sigmoid_context():
    expected = sympy.diff(sigma(x), x)
    assert_same(value(r"\frac{d\sigma(x)}{dx}", SIGMOID), expected)
    assert_same(value(r"\frac{d}{dx}\sigma(x)", SIGMOID), expected)
    assert_same(value(r"\frac{d}{dx}\,\frac{1}{1 + e^{-x}}", SIGMOID), expected)


def test_probability_of_the_outside_word_given_the_center_word():
    assert_same(value(r"P(O = w \mid C = c)"), yhat[W])
    assert_same(value(r"P(O = o \mid C = c)"), yhat[O])


# ----------------------------------------------------------------------------- decoration, numbers


@pytest.mark.parametrize("decorated, plain", [
    (r"\left( \hat{y}_o - 1 \right) \mathbf{v}_c", r"(\hat{y}_o - 1) \mathbf{v}_c"),
    (r"\Bigl( \hat{y}_o - 1 \Bigr) \mathbf{v}_c", r"(\hat{y}_o - 1) \mathbf{v}_c"),
    (r"\bigl( \hat{y}_o - 1 \bigr) \mathbf{v}_c", r"(\hat{y}_o - 1) \mathbf{v}_c"),
    (r"\hat{y}_o \, \mathbf{v}_c", r"\hat{y}_o \mathbf{v}_c"),
    (r"\hat{y}_o \; \mathbf{v}_c", r"\hat{y}_o \mathbf{v}_c"),
    (r"\hat{y}_o \quad \mathbf{v}_c", r"\hat{y}_o \mathbf{v}_c"),
    (r"\hat{y}_o \! \mathbf{v}_c", r"\hat{y}_o \mathbf{v}_c"),
    (r"{\mathbf{u}_o}^\top \mathbf{v}_c", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    (r"{\hat{y}_o} {\mathbf{v}_c}", r"\hat{y}_o \mathbf{v}_c"),
    (r"{{(\hat{y}_o - 1)}} \mathbf{v}_c", r"(\hat{y}_o - 1) \mathbf{v}_c"),
])
def test_display_only_decoration_is_skipped(decorated, plain):
    assert read_latex(decorated) == read_latex(plain)
    assert_same(value(decorated), value(plain), points=1)


def test_the_zero_vector_alone_is_zero_in_every_context():
    assert value(r"\mathbf{0}") is ZERO
    assert value(r"\sum_{j=1}^{V} \mathbf{0}", configurations("rong")[0]) is ZERO
    derivation = Derivation.from_latex(
        r"\frac{\partial}{\partial \mathbf{u}_w}\bigl(\mathbf{u}_o^\top \mathbf{v}_c\bigr) &= \mathbf{0}", "softmax",
        where=r"w \ne o")
    assert [r.status for r in derivation.verify()] == ["given", "proved"]
    for_every_word = Derivation.from_latex(
        r"\frac{\partial}{\partial \mathbf{u}_w}\bigl(\mathbf{u}_o^\top \mathbf{v}_c\bigr) &= \mathbf{0}", "softmax")
    assert for_every_word.first_error is not None  # at w = o it is v_c


def test_decimals_are_exact_rationals():
    assert read_latex("0.1") == Number(1, 10)
    assert value("0.1") == sympy.Rational(1, 10) and isinstance(value("0.1"), sympy.Rational)
    assert value("0.1 + 0.2") == sympy.Rational(3, 10)
    assert value("2.50") == sympy.Rational(5, 2)
    assert value(r"\frac{1}{10}") == value("0.1")


def test_trees_record_what_was_written():
    tree = read_latex(r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})")
    assert isinstance(tree, Mul) and isinstance(tree.factors[1], Add)
    assert isinstance(read_latex(r"\log \hat{y}_w"), Apply)


# ----------------------------------------------------------------------------- malformed LaTeX


@pytest.mark.parametrize("text, macro, position", [
    (r"\foo{x}", r"\foo", 0),
    (r"\hat{y}_o + \sqrt{2}", r"\sqrt", 12),
    (r"\mathbf{v}_c \otimes \mathbf{u}_o", r"\otimes", 13),
])
def test_unknown_macro_is_named_with_its_position(text, macro, position):
    with pytest.raises(NotationError) as error:
        read_latex(text)
    assert f"unknown macro {macro}" in str(error.value)
    assert error.value.position == position and f"at character {position}" in str(error.value)


def test_a_character_outside_the_notation_is_named():
    with pytest.raises(NotationError, match=r"'#' is not part of the notation at character 10"):
        read_latex(r"\hat{y}_o # 1")


@pytest.mark.parametrize("text, position", [
    (r"\frac{1}{2", 10),            # a '{' never closed
    (r"{\hat{y}_o", 10),
    (r"(\hat{y}_o - 1", 14),         # a '(' never closed
    (r"\hat{y}_o}", 9),             # a '}' that closes nothing
])
def test_unbalanced_groups_in_a_line_are_reported_where_they_break(text, position):
    with pytest.raises(NotationError) as error:
        read_latex(text)
    assert error.value.position == position and f"at character {position}" in str(error.value)


def test_unbalanced_braces_in_an_aligned_block_are_named():
    with pytest.raises(NotationError, match=r"unbalanced brace: a '\{' is never closed"):
        split_aligned(r"J &= {1 \\ &= 2")
    with pytest.raises(NotationError, match=r"unbalanced brace: a '\}' closes nothing at character 6"):
        split_aligned(r"J &= 1} \\ &= 2")
    with pytest.raises(NotationError, match="unbalanced brace"):
        Derivation.from_latex(r"J &= -\log \hat{y}_o \\ &= {\log", "softmax")


def test_an_unknown_symbol_is_named_at_its_position_when_evaluated():
    tree = read_latex(r"\hat{y}_o + \mathbf{z}_c")        # reading knows no contexts: fine
    with pytest.raises(NotationError) as error:
        evaluate(tree, SOFTMAX)
    assert "unknown symbol z_{c} in the softmax context" in str(error.value)
    assert error.value.position == 12
    with pytest.raises(NotationError, match="unknown symbol K"):
        value("K")                                        # K belongs to negative sampling
    with pytest.raises(NotationError, match=r"line 1 .*unknown symbol z_\{c\}"):
        Derivation.from_latex(r"J &= \mathbf{z}_c^\top \mathbf{v}_c", "softmax")


@pytest.mark.parametrize("text, message", [
    (r"\mathbf{U}\mathbf{U}", "cannot multiply 3×5 by 3×5"),
    (r"\mathbf{v}_c + \hat{\mathbf{y}}", "cannot add 3×1 and 5×1"),
    (r"\sigma(\mathbf{v}_c)", "σ takes a scalar, not 3×1"),
    (r"\frac{1}{\mathbf{v}_c}", "cannot divide by 3×1"),
])
def test_shapes_that_do_not_fit_are_a_shape_error(text, message):
    with pytest.raises(ShapeError, match=message):
        value(text)


def test_a_line_whose_shapes_do_not_fit_is_a_wrong_step():
    derivation = Derivation.from_latex(r"""
    \frac{\partial J}{\partial \mathbf{v}_c} &= \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}) \\
      &= \mathbf{U}^\top(\hat{\mathbf{y}} - \mathbf{y})""", "softmax")
    assert [r.status for r in derivation.verify()] == ["given", "proved", "shape"]


# ----------------------------------------------------------------------------- hostile input

BOUND = 2.0          # seconds: a correctness bound (rejected early), not a performance measurement


def timed(function, *args):
    """(exception or None, seconds)."""
    start = time.perf_counter()
    try:
        function(*args)
    except (NotationError, ShapeError) as error:
        return error, time.perf_counter() - start
    return None, time.perf_counter() - start


def read_and_evaluate(text, config=SOFTMAX):
    return evaluate(read_latex(text), config)


@pytest.mark.parametrize("text, message", [
    ("x" * (MAX_CHARACTERS + 1), "too long"),
    ("x" * 10_000_000, "too long"),
    ("x+" * (MAX_TOKENS - 100), "too many symbols"),
    ("{" * 1000 + "x" + "}" * 1000, "too many symbols"),
    ("{" * 900 + "x" + "}" * 900, "nested too deeply"),
    ("(" * 900 + "x" + ")" * 900, "nested too deeply"),
    (r"\frac{1}{" * 1000 + "1" + "}" * 1000, "too long"),            # 1000 deep: over the size cap
    (r"\frac{1}{" * 300 + "1" + "}" * 300, "nested too deeply"),     # 300 deep: under it, over the depth cap
    (r"\sqrt{" * 300 + "}" * 300, r"unknown macro \\sqrt at character 0"),
    (r"\mathbf{" * 300 + "x" + "}" * 300, "nested too deeply"),
    ("y_{" * 300 + "w" + "}" * 300, "nested too deeply"),
    (r"\sum_{w}" * 200 + r"\hat{y}_w", "nested too deeply"),
    ("x^{" * 300 + "x" + "}" * 300, "nested too deeply|only numeric powers"),
    ("x^{x^{x^{x^{x}}}}", "only numeric powers"),
    ("2^{2^{2^{2^{2}}}}", "only numeric powers"),
    ("9^{99999}", f"too large \\(at most {MAX_EXPONENT}\\)"),
    ("9^{-99999}", "too large"),
    ("9" * 100, "too many digits"),
])
def test_hostile_lines_are_refused_quickly(text, message):
    error, seconds = timed(read_and_evaluate, text, SIGMOID if "x" in text else SOFTMAX)
    assert error is not None, "hostile input was accepted"
    assert re.search(message, str(error)), str(error)
    assert seconds < BOUND


def test_a_tower_of_exponentials_is_read_and_kept_symbolic_quickly():
    error, seconds = timed(read_and_evaluate, "e^{" * 6 + "99999" + "}" * 6, SIGMOID)
    assert error is None and seconds < BOUND


def test_the_depth_cap_is_far_below_pythons_recursion_limit():
    assert MAX_DEPTH <= 100 < sys.getrecursionlimit() // 4   # depth is capped long before Python's stack


def test_huge_block_and_huge_derivation_are_refused_quickly():
    error, seconds = timed(split_aligned, "J &= x " + r"\\ &= x " * (MAX_BLOCK_CHARACTERS // 7))
    assert "too long" in str(error) and seconds < BOUND
    error, seconds = timed(Derivation.from_latex, "J &= " + "x" * 10_000_000, "softmax")
    assert "too long" in str(error) and seconds < BOUND


def test_tower_of_nested_numeric_powers_is_refused_not_computed():
    # each level multiplies the exponent by 16: 2^(16^8) has ~10^9 digits (and Python would compute them)
    text = "(" * 8 + "2^{16}" + ")^{16}" * 8
    error, seconds = timed(read_and_evaluate, text, SIGMOID)
    assert error is not None and "too large" in str(error) and seconds < BOUND
    error, seconds = timed(read_and_evaluate, "(" * 8 + "(2 x)^{16}" + ")^{16}" * 8, SIGMOID)
    assert error is not None and "too large" in str(error) and seconds < BOUND


# The cap is a timer signal; when it lands inside a finalizer that SymPy's garbage runs, Python
# reports it as "unraisable" there and the timer fires again, until the evaluation itself stops.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_expression_swell_from_a_long_chain_of_matrix_products_is_stopped_by_the_time_cap():
    from w2vlib.symbolic.notation.evaluate import MAX_SECONDS

    error, seconds = timed(read_and_evaluate, r"\mathbf{U}^\top \mathbf{U}" * 12)
    assert error is not None and "too long" in str(error)
    assert seconds < MAX_SECONDS + BOUND


def test_deeply_nested_sums_are_stopped_by_the_work_cap():
    from w2vlib.symbolic.notation.evaluate import MAX_SECONDS

    error, seconds = timed(read_and_evaluate, r"\sum_{w}" * 12 + r"\hat{y}_w")
    assert error is not None and ("work" in str(error) or "too long" in str(error))
    assert seconds < MAX_SECONDS + BOUND


def test_text_holding_code_is_never_executed(tmp_path):
    target = tmp_path / "pwned"
    payload = rf"\text{{__import__('os').system('touch {target}')}}"
    for line in (payload, rf"\hat{{y}}_o + {payload}", rf"J_{{{payload}}}"):
        error, seconds = timed(read_and_evaluate, line)
        assert error is not None and seconds < BOUND
    # as a reason it is only words: read, shown, and still not executed
    derivation = Derivation.from_latex(rf"J &= -\log \hat{{y}}_o && {payload}", "softmax")
    assert "__import__" in derivation.steps[1].reason
    assert derivation.assert_valid() is derivation
    assert "import" in derivation._repr_markdown_()
    assert not target.exists()


@pytest.mark.parametrize("macro", [r"\csname", r"\def", r"\input", r"\expandafter", r"\catcode", r"\write", r"\include",
                                   r"\newcommand", r"\immediate"])
def test_tex_programming_macros_are_unknown_macros(macro):
    for text in (macro, macro + r"{\x}{/etc/passwd}", r"\hat{y}_o " + macro + "18"):
        error, seconds = timed(read_latex, text)
        assert macro in str(error) and "unknown macro" in str(error) and seconds < BOUND


SAMPLE = r"""
\frac{\partial J}{\partial \mathbf{v}_c}
  &= -\mathbf{u}_o + \sum_{w} \hat{y}_w \mathbf{u}_w  && \text{chain rule through the log-sum-exp} \\
  &= \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})       && \text{the sum is a matrix product}
"""


def test_reading_evaluating_and_from_latex_use_no_eval_exec_sympify_or_parse_latex(monkeypatch):
    Derivation.from_latex(SAMPLE, "softmax")     # warm up: every import and cache filled outside the patch

    def forbidden(*args, **kwargs):
        raise AssertionError("the reader reached eval/exec/sympify/parse_expr/parse_latex")

    with monkeypatch.context() as patch:
        patch.setattr(builtins, "eval", forbidden)
        patch.setattr(builtins, "exec", forbidden)
        patch.setattr(sympy, "sympify", forbidden)
        patch.setattr(sympy, "parse_expr", forbidden)
        patch.setattr(sympy.parsing.sympy_parser, "parse_expr", forbidden)
        patch.setattr(sympy.parsing.latex, "parse_latex", forbidden)
        tree = read_latex(r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})")
        assert_same(evaluate(tree, SOFTMAX), U * (yhat - y), points=1)
        derivation = Derivation.from_latex(SAMPLE, "softmax")
    # verify() runs outside the patch: its numeric check lambdifies SymPy expressions (never the text)
    assert [r.status for r in derivation.verify()] == ["given", "proved", "proved"]


class _Audit:
    """Records code-execution and process audit events while ``active``."""

    EVENTS = ("exec", "compile", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "subprocess.Popen")
    active = False
    seen = []

    @classmethod
    def hook(cls, event, args):
        if cls.active and event in cls.EVENTS:
            cls.seen.append(event)


_audit_installed = []


def test_reading_and_evaluating_raise_no_exec_compile_or_process_audit_event(tmp_path):
    if not _audit_installed:
        sys.addaudithook(_Audit.hook)      # cannot be removed; idle unless active
        _audit_installed.append(True)
    hostile = rf"\text{{__import__('os').system('touch {tmp_path / 'pwned'}')}}"
    Derivation.from_latex(SAMPLE, "softmax")                           # warm up (imports are exec events)
    _Audit.seen.clear()
    _Audit.active = True
    try:
        Derivation.from_latex(SAMPLE, "softmax")
        read_and_evaluate(r"\log \sum_{w} \exp(\mathbf{u}_w^\top \mathbf{v}_c)")
        for text in (hostile, r"\csname system\endcsname", "x" * 10_000):
            with pytest.raises(NotationError):
                read_latex(text)
    finally:
        _Audit.active = False
    assert _Audit.seen == []
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("text", [r"\vec{v}'_{w_{j}}^{T}", r"w'_{ij}^2", r"x^2^3", r"e^{x}^{2}"])
def test_a_double_superscript_that_mathjax_would_refuse_is_an_error_here_too(text):
    with pytest.raises(NotationError, match="double superscript"):
        read_latex(text)


@pytest.mark.parametrize("text", [r"{\vec{v}'_{w_{j}}}^{T}", r"\mathbf{W}'^\top", r"{x^{2}}^{3}"])
def test_a_grouped_or_merged_superscript_is_read(text):
    read_latex(text)


@pytest.mark.parametrize("text, expected", [
    (r"\frac12", r"\frac{1}{2}"), (r"\tfrac14", r"\frac{1}{4}"), (r"\frac1{4}", r"\frac{1}{4}"),
    (r"\frac{1}2", r"\frac{1}{2}"), (r"\frac ab", r"\frac{a}{b}"), (r"\frac123", r"\frac{1}{2} 3"),
    (r"\frac{12}{3}", r"\frac{12}{3}"), (r"12 + \frac12", r"12 + \frac{1}{2}"),
])
def test_an_unbraced_fraction_takes_one_digit_per_argument_as_tex_does(text, expected):
    assert read_latex(text) == read_latex(expected)


def test_a_sum_in_parentheses_is_one_factor_of_a_longer_product():
    # (Σ_j α_j) ŷ_w v_c: the product goes on after the parentheses; without them the sum takes the rest
    inside = read_latex(r"\Bigl(\sum_{j} a_j\Bigr) \mathbf{U}")
    assert type(inside).__name__ == "Mul" and type(inside.factors[0]).__name__ == "Sum"
    assert type(read_latex(r"\sum_{j} a_j \mathbf{U}")).__name__ == "Sum"


@pytest.mark.parametrize("text, expected", [
    (r"1/(1 + e^{-x})", r"\frac{1}{1 + e^{-x}}"), (r"e^{x}/(e^{x} + e^{0})", r"\frac{e^{x}}{e^{x} + e^{0}}"),
    (r"a/b\,c", r"\frac{a}{b} c"), (r"x/2", r"\frac{x}{2}"), (r"\sigma'(x)/\sigma(x)", r"\frac{\sigma'(x)}{\sigma(x)}"),
    (r"e^{s_w}/\sum_v e^{s_v}", r"\frac{e^{s_w}}{\sum_v e^{s_v}}"), (r"\frac{1}{2}/3", r"\frac{\frac{1}{2}}{3}"),
])
def test_a_slash_divides_the_product_before_it_by_the_next_factor_as_in_print(text, expected):
    assert read_latex(text) == read_latex(expected)


@pytest.mark.parametrize("text", [r"/x", r"x/", r"x//y", r"x/*y"])
def test_a_slash_without_both_sides_is_refused_with_a_message(text):
    with pytest.raises(NotationError, match="division sign"):
        read_latex(text)


@pytest.mark.parametrize("text, expected", [
    (r"\partial J/\partial \mathbf{U}", r"\frac{\partial J}{\partial \mathbf{U}}"),
    (r"\partial E/\partial h_i", r"\frac{\partial E}{\partial h_i}"),
    (r"(\partial J/\partial \mathbf{U})^\top", r"\Bigl(\frac{\partial J}{\partial \mathbf{U}}\Bigr)^\top"),
    (r"\partial J/\partial \mathbf{v}_c + \mathbf{u}_o", r"\frac{\partial J}{\partial \mathbf{v}_c} + \mathbf{u}_o"),
])
def test_the_inline_derivative_with_a_slash_is_the_fraction(text, expected):
    assert read_latex(text) == read_latex(expected)
