r"""parse_answer(): the reader's notation, equivalent forms, shape messages, and attacks that must be refused."""

import builtins
import signal

import pytest
import sympy
import sympy.parsing.sympy_parser

from w2vlib.symbolic import AnswerParseError, compare, parse_answer
from w2vlib.symbolic.parsing import answer_latex, sigma

x, t = sympy.symbols("x t", real=True)

# A small naive-softmax setting: d = 2, |V| = 3, true word o = 0.
D, V, O = 2, 3, 0
v_c = sympy.Matrix(D, 1, lambda i, _: sympy.Symbol(f"v_{i}", real=True))
U = sympy.Matrix(D, V, lambda i, j: sympy.Symbol(f"U_{i}{j}", real=True))
yhat = (U.T * v_c).applyfunc(sympy.exp) / sum((U.T * v_c).applyfunc(sympy.exp))
y = sympy.Matrix(V, 1, lambda i, _: 1 if i == O else 0)
NAMES = {"x": x, "t": t, "U": U, "v_c": v_c, "u_o": U[:, O], "yhat": yhat, "y": y, "yhat_o": yhat[O]}
INDEX_SETS = {"w": [{"u_w": U[:, w], "yhat_w": yhat[w], "y_w": y[w]} for w in range(V)]}
GRAD_CENTER = U * (yhat - y)


def parse(text, **options):
    return parse_answer(text, NAMES, index_sets=INDEX_SETS, **options)


@pytest.fixture
def five_second_guard():
    """Fail (instead of hanging) if the body takes more than 5 s; not a timing assertion."""
    def on_alarm(signum, frame):
        pytest.fail("parse_answer did not return within 5 s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 5)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def latex(text, **options):
    return answer_latex(text, NAMES, index_sets=INDEX_SETS, **options)


def parse_without_code_execution(monkeypatch, text, reader=parse):
    """``reader(text)`` while any eval/exec/parse_expr (what sympify does with text) fails the test."""
    def forbidden(*args, **kwargs):
        raise AssertionError("student text reached eval/exec/parse_expr")

    with monkeypatch.context() as patch:
        patch.setattr(builtins, "eval", forbidden)
        patch.setattr(builtins, "exec", forbidden)
        patch.setattr(sympy.parsing.sympy_parser, "parse_expr", forbidden)
        return reader(text)


# ----------------------------------------------------------------------------- accepted notation


@pytest.mark.parametrize(("text", "expected"), [
    ("2x", 2 * x),
    ("2 x t", 2 * x * t),
    ("x^2", x**2),
    ("x**2", x**2),
    ("-x^2", -(x**2)),
    ("x^-1", 1 / x),
    ("x^(1/2)", sympy.sqrt(x)),
    ("0.5x", x / 2),
    ("2^3 x", 8 * x),
    ("(x + 1)(x - 1)", (x + 1) * (x - 1)),
    ("x(1 - sigma(x))", x * (1 - sigma(x))),
    ("exp(x) log(t)", sympy.exp(x) * sympy.log(t)),
    ("1/2x", x / 2),
    ("u_o^T v_c", (U[:, O].T * v_c)[0]),
    ("u_o^Tv_c", (U[:, O].T * v_c)[0]),
    ("U^T v_c", U.T * v_c),
    ("U @ yhat", U * yhat),
    ("U * yhat", U * yhat),
    ("v_c^T^T", v_c),
    ("(U^T v_c)^T", (U.T * v_c).T),
    ("x v_c", x * v_c),
    ("sum_w(u_w)", U[:, 0] + U[:, 1] + U[:, 2]),
    ("sum_w(yhat_w)", sum(yhat)),
])
def test_accepted_notation_builds_the_expected_expression(text, expected, monkeypatch):
    result = parse_without_code_execution(monkeypatch, text)
    assert compare(result, expected).status == "proved"


@pytest.mark.parametrize("text", [
    "U(yhat - y)", "U yhat - U y", "U @ yhat - U @ y", "U*(yhat-y)", "-u_o + U yhat",
    "sum_w(yhat_w u_w) - u_o", "sum_w((yhat_w - y_w) u_w)", "((yhat - y)^T U^T)^T",
])
def test_equivalent_answers_equal_the_gradient(text):
    assert compare(parse(text), GRAD_CENTER).status in ("proved", "numeric")


@pytest.mark.parametrize("text", ["U(y - yhat)", "U^T^T yhat", "sum_w(yhat_w u_w)", "v_c(yhat_o - 1)"])
def test_wrong_answers_are_refuted_or_shape_errors(text):
    assert compare(parse(text), GRAD_CENTER).status in ("refuted", "shape")


def test_scalar_results_are_not_one_by_one_matrices():
    result = parse("u_o^T v_c")
    assert not isinstance(result, sympy.MatrixBase)


def test_sigma_prints_as_sigma_and_equals_the_logistic_function():
    result = parse("sigma(u_o^T v_c)")
    assert sympy.latex(result).startswith(r"\sigma\left(")
    assert compare(result, 1 / (1 + sympy.exp(-(U[:, O].T * v_c)[0]))).status == "proved"
    assert sympy.lambdify([x], sigma(x), modules="numpy")(0.0) == 0.5


def test_functions_act_entrywise_on_vectors():
    assert compare(parse("exp(v_c)"), v_c.applyfunc(sympy.exp)).status == "proved"


# ----------------------------------------------------------------------------- messages for the reader


ERRORS = [
    ("U + v_c", "cannot add a 2×3 matrix (U) and a 2×1 column vector (v_c)"),
    ("v_c - v_c^T", "cannot subtract a 2×1 column vector (v_c) and a 1×2 row vector (v_c^T)"),
    ("v_c U", "cannot multiply a 2×1 column vector (v_c) by a 2×3 matrix (U): the inner sizes 1 and 2 differ"),
    ("x / v_c", "cannot divide by a 2×1 column vector (v_c)"),
    ("v_c^2", "powers of a 2×1 column vector (v_c) are not defined"),
    ("x^t", "must be a number"),
    ("foo(x)", "unknown function or name 'foo'. You can use: U, t, u_o, v_c, x, y, yhat, yhat_o"),
    ("u_w", "u_w only has a meaning inside sum_w(...)"),
    ("sum_k(x)", "there is no sum over k in this question (available: sum_w)"),
    ("exp x", "write exp(...) with parentheses"),
    ("exp(x, t)", "exactly one argument"),
    ("((x)", "1 '(' is never closed"),
    ("x)", "has no matching '('"),
    ("2 3", "two numbers in a row"),
    ("x +", "missing operand or operator"),
    ("1/0", "division by zero"),
    ("log(0)", "undefined"),
    ("", "empty"),
    ("v_c.T", "transposes as ^T"),
    ("x^{2}", "use ( ) for grouping"),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_errors_explain_the_problem(text, message):
    with pytest.raises(AnswerParseError) as raised:
        parse(text)
    assert message in str(raised.value)


# ----------------------------------------------------------------------------- answer_latex: the answer as read


@pytest.mark.parametrize(("text", "expected"), [
    ("sum_w(yhat_w u_w) - u_o", r"\sum_{w} \left(\hat{y}_{w}\,\mathbf{u}_{w}\right) - \mathbf{u}_{o}"),
    ("U(yhat - y)", r"\mathbf{U}\,\left(\hat{\mathbf{y}} - \mathbf{y}\right)"),
    ("u_o^Tv_c", r"\mathbf{u}_{o}^\top\,\mathbf{v}_{c}"),
    ("(U^T v_c)^T", r"\left(\mathbf{U}^\top\,\mathbf{v}_{c}\right)^\top"),
    ("v_c^T^T", r"\mathbf{v}_{c}"),
    ("x v_c", r"x\,\mathbf{v}_{c}"),
    ("-x^2/2 + 0.5x", r"\frac{-x^{2}}{2} + 0.5\,x"),
    ("x - (t - x)", r"x - \left(t - x\right)"),
    ("yhat_o(1 - sigma(x))", r"\hat{y}_{o}\,\left(1 - \sigma\left(x\right)\right)"),
])
def test_answer_latex_shows_the_answer_as_written(text, expected, monkeypatch):
    assert parse_without_code_execution(monkeypatch, text, reader=latex) == expected


def test_answer_latex_keeps_sums_symbolic_instead_of_expanding_them():
    written = latex("sum_w(yhat_w u_w)")
    assert written.count(r"\mathbf{u}_{w}") == 1 and "U_" not in written and "exp" not in written
    assert sympy.latex(parse("sum_w(yhat_w u_w)")) != written  # the parsed value is the expanded sum


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_answer_latex_refuses_what_parse_answer_refuses_with_the_same_message(text, message):
    with pytest.raises(AnswerParseError) as raised:
        latex(text)
    assert message in str(raised.value)
    with pytest.raises(AnswerParseError) as parse_raised:
        parse(text)
    assert str(raised.value) == str(parse_raised.value)


def test_sum_terms_of_different_shapes_are_reported():
    index_sets = {"k": [{"z_k": x}, {"z_k": v_c}]}
    with pytest.raises(AnswerParseError, match="terms of sum_k"):
        parse_answer("sum_k(z_k)", NAMES, index_sets=index_sets)


def test_only_listed_functions_are_allowed():
    with pytest.raises(AnswerParseError, match="unknown function or name 'sigma'"):
        parse_answer("sigma(x)", NAMES, functions=("exp",))


def test_bad_names_dict_is_a_programming_error_not_a_parse_error():
    with pytest.raises(ValueError, match="identifiers"):
        parse_answer("x", {"__x": x})
    with pytest.raises(TypeError, match="SymPy expression"):
        parse_answer("x", {"x": "x"})
    with pytest.raises(ValueError, match="functions must be among"):
        parse_answer("x", NAMES, functions=("eval",))


def test_max_length_is_respected():
    parse("x + x", max_length=5)
    with pytest.raises(AnswerParseError, match="too long"):
        parse("x + x", max_length=4)


# ----------------------------------------------------------------------------- attacks


def _attacks(marker):
    return [
        f"__import__('os').system('touch {marker}')",
        f"__import__(\"os\").system(\"touch {marker}\")",
        "x.__class__.__mro__[-1].__subclasses__()",
        "().__class__",
        "x.real",
        "lambda: 1",
        "[x for x in ()]",
        "{x: 1}",
        "'a'",
        '"a"',
        "9**9**9**9",
        "2^999999",
        "((((((2^10)^10)^10)^10)^10)^10)",
        "((((x^10)^10)^10)^10)",
        "x" * 10_000,
        "x+" * 5_000 + "x",
        "((x",
        "(" * 200 + "x" + ")" * 200,
        "-" * 400 + "(" * 31 + "x" + ")" * 31,
        "foo(x)",
        "exec",
        "exec(x)",
        "eval(x)",
        "open(x)",
        "getattr(x, x)",
        "globals()",
        "ｅｘｐ(x)",
        "ｘ",
        "exp\u200b(x)",
        "x\nimport os",
        "x\rimport os",
        "x;import os",
        "x # comment",
        "x if x else x",
        "not x",
        "x and x",
        "x == x",
        "x, x",
        "exp(x=1)",
        "exp(*x)",
        "True",
        "None",
        "_T",
        "x**_T",
        "1" * 50,
        "sum_w(" * 12 + "exp(u_w^T v_c)" + ")" * 12,
        "sum_w(sum_w(sum_w(sum_w(" * 3 + "U^T U yhat" + ")" * 12,
        "sum_w(sum_w(sum_w(U^T U yhat yhat^T U^T U yhat yhat^T U^T U yhat yhat^T U^T U yhat)))",
        "U^T U U^T U U^T U U^T U U^T U U^T U U^T U U^T U U^T U U^T U U^T U U^T U U^T U U^T U",
        "\\x00",
        "x\x00",
        "import os",
        "os.system",
    ]


@pytest.mark.parametrize("attack_index", range(len(_attacks("M"))))
def test_attack_is_refused_quickly_without_running_code(attack_index, tmp_path, five_second_guard, monkeypatch):
    marker = tmp_path / "MARKER"
    attack = _attacks(marker)[attack_index]
    with pytest.raises(AnswerParseError):
        parse_without_code_execution(monkeypatch, attack)
    assert not marker.exists()


@pytest.mark.parametrize("attack_index", range(len(_attacks("M"))))
def test_answer_latex_refuses_attacks_without_running_code(attack_index, tmp_path, five_second_guard, monkeypatch):
    marker = tmp_path / "MARKER"
    with pytest.raises(AnswerParseError):
        parse_without_code_execution(monkeypatch, _attacks(marker)[attack_index], reader=latex)
    assert not marker.exists()


def test_non_text_answer_is_refused():
    with pytest.raises(AnswerParseError, match="must be text"):
        parse(b"x")
