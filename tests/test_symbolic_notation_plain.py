"""read_plain: the plain and code spellings read into the same tree as the LaTeX reader; attacks refused quickly."""

import builtins
import time

import pytest
import sympy.parsing.sympy_parser

from w2vlib.symbolic.notation import NotationError, read_latex
from w2vlib.symbolic.notation.plain import UnknownName, read_plain
from w2vlib.symbolic.notation.tree import Frac, Mul, Sum

# plain or code spelling → the LaTeX the book displays for the same formula
SAME_TREE = [
    ("U(yhat - y)", r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})"),
    ("U @ (y_hat - y)", r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})"),
    ("u_o^T v_c", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    ("u_o.T @ v_c", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    ("u_o^Tv_c", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    ("u_o^{T} v_c", r"\mathbf{u}_o^{\top} \mathbf{v}_c"),
    ("sigma(x)(1 - sigma(x))", r"\sigma(x)(1 - \sigma(x))"),
    ("sigmoid(x) * (1 - sigmoid(x))", r"\sigma(x)(1 - \sigma(x))"),
    ("e^(-x)", r"e^{-x}"), ("e^-x", r"e^{-x}"), ("np.exp(-x)", r"\exp(-x)"), ("exp(-x)", r"\exp(-x)"),
    ("-ln(yhat_o)", r"-\log \hat{y}_o"), ("-np.log(y_hat_o)", r"-\log \hat{y}_o"), ("-log yhat_o", r"-\log \hat{y}_o"),
    ("sum_w(yhat_w u_w)", r"\sum_{w} \hat{y}_w \mathbf{u}_w"),
    ("sum_w yhat_w u_w - u_o", r"\sum_{w} \hat{y}_w \mathbf{u}_w - \mathbf{u}_o"),
    ("sum_{k=1}^K sigma(u_k^T v_c) u_k", r"\sum_{k=1}^{K} \sigma(\mathbf{u}_k^\top \mathbf{v}_c) \mathbf{u}_k"),
    ("sum_{k=1}^{K} u_k", r"\sum_{k=1}^{K} \mathbf{u}_k"),
    ("sum_{w != o} u_w", r"\sum_{w \ne o} \mathbf{u}_w"),
    ("sum_k (1 - sigma(-u_k^T v_c)) u_k", r"\sum_{k} (1 - \sigma(-\mathbf{u}_k^\top \mathbf{v}_c)) \mathbf{u}_k"),
    ("W' EI", r"\mathbf{W}' \mathrm{EI}"), ("Wp EI", r"\mathbf{W}' \mathrm{EI}"), ("W_prime EI", r"\mathbf{W}' \mathrm{EI}"),
    ("t_{c,j}", "t_{c,j}"), ("y_{t+j}", r"\mathbf{y}_{t+j}"), ("w'_{ij}", "w'_{ij}"), ("|V|", "|V|"),
    ("P(O=w|C=c)", r"P(O = w \mid C = c)"), ("y_hat[o]", r"\hat{y}_o"), ("x**2", "x^2"), ("eta EH", r"\eta \mathrm{EH}"),
]


@pytest.mark.parametrize("plain, latex", SAME_TREE)
def test_plain_and_code_spellings_give_the_latex_readers_tree(plain, latex):
    assert read_plain(plain) == read_latex(latex)


def test_a_sum_in_parentheses_followed_by_factors_without_its_index_is_a_product():
    tree = read_plain("sum_k(u_k) v_c^T")
    assert isinstance(tree, Mul) and isinstance(tree.factors[0], Sum)
    assert isinstance(read_plain("sum_k (u_k) v_c^T u_k"), Sum)


def test_a_number_glued_to_a_name_is_one_factor_so_a_over_2m_divides_by_2m():
    tree = read_plain("a/2m")
    assert isinstance(tree, Frac) and isinstance(tree.denominator, Mul)
    spaced = read_plain("a/2 m")
    assert isinstance(spaced, Mul) and isinstance(spaced.factors[0], Frac)


def test_numbers_are_exact_rationals():
    assert read_plain("0.1").denominator == 10 and read_plain("1e-10").denominator == 10 ** 10


def test_an_unknown_name_is_named_for_a_closest_name_hint():
    with pytest.raises(UnknownName) as raised:
        read_plain("vc + u_o")
    assert raised.value.name == "vc" and raised.value.position == 0


@pytest.mark.parametrize("text, words", [
    ("U(yhat - y", "expected ')'"), ("v_c; import os", "';'"), ("x # c", "comments"), ("sum(u_k)", "sum_k"),
    ("U = v_c", "not an equation"), ("x, x", "one expression"), ("sigma", "argument"), ("2^999", "too large"),
    ("x^(y+1)", "a power is a number"), ("'a'", "'"),
])
def test_malformed_plain_text_gives_a_clear_error(text, words):
    with pytest.raises(NotationError) as raised:
        read_plain(text)
    assert words in str(raised.value)


def _attacks(marker):
    return [
        f"__import__('os').system('touch {marker}')", "x.__class__.__mro__[-1].__subclasses__()", "().__class__",
        "x.real", "lambda: 1", "[x for x in ()]", "{x: 1}", "'a'", '"a"', "9**9**9**9", "2^999999",
        "x" * 10_000, "x+" * 5_000 + "x", "((x", "(" * 200 + "x" + ")" * 200, "-" * 400 + "(" * 31 + "x" + ")" * 31,
        "foo(x)", "exec", "exec(x)", "eval(x)", "open(x)", "getattr(x, x)", "globals()", "x\x00", "x;import os",
        "x if x else x", "not x", "x and x", "exp(x=1)", "exp(*x)", "True", "None", "_T", "x**_T", "1" * 50,
        "sum_w(" * 60 + "u_w" + ")" * 60, "import os", "os.system",
    ]


@pytest.mark.parametrize("attack_index", range(len(_attacks("M"))))
def test_attack_is_refused_within_a_second_without_running_code(attack_index, tmp_path, monkeypatch):
    marker = tmp_path / "MARKER"

    def forbidden(*args, **kwargs):
        raise AssertionError("answer text reached eval/exec/parse_expr")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", forbidden)
    start = time.monotonic()
    with pytest.raises(NotationError):
        read_plain(_attacks(marker)[attack_index])
    assert time.monotonic() - start <= 1.0
    assert not marker.exists()


def test_non_text_is_refused():
    with pytest.raises(NotationError, match="expected text"):
        read_plain(b"x")
