"""to_latex: the tree written back as the book displays it, which the LaTeX reader reads to the same formula."""

import pytest

from w2vlib.symbolic.configurations import configurations
from w2vlib.symbolic.notation import evaluate, read_latex
from w2vlib.symbolic.notation.plain import read_plain
from w2vlib.symbolic.notation.render import to_latex
from w2vlib.symbolic.checker import compare


@pytest.mark.parametrize("plain, context", [
    ("U(yhat - y)", "softmax"), ("-u_o + sum_w(yhat_w u_w)", "softmax"), ("v_c (yhat - y)^T", "softmax"),
    ("sigma(x)(1 - sigma(x))", "sigmoid"), ("exp(-x)/(1 + exp(-x))^2", "sigmoid"),
    ("(sigma(u_o^T v_c) - 1) u_o + sum_{k=1}^K sigma(u_k^T v_c) u_k", "negative_sampling"),
    ("sum_j(U(yhat - y_j))/2m", "skipgram"), ("0.1 U yhat", "softmax"), ("Wp EI", "rong"), ("sum_c(y - t_c)", "rong"),
])
def test_the_rendered_latex_reads_back_to_the_same_value(plain, context):
    tree = read_plain(plain)
    again = read_latex(to_latex(tree))
    for configuration in configurations(context):
        assert compare(evaluate(again, configuration), evaluate(tree, configuration)).status == "proved"


def test_vectors_are_bold_and_entries_are_not():
    assert to_latex(read_plain("yhat_w u_w")) == r"\hat{y}_{w} \mathbf{u}_{w}"
    assert to_latex(read_plain("0.1")) == r"\frac{1}{10}"


@pytest.mark.parametrize("text", [r"{\mathbf{v}'_{w_j}}^\top \mathbf{h}", r"({w'_{ij}})^2"])
def test_a_primed_symbol_under_a_superscript_is_braced_as_tex_needs(text):
    from w2vlib.symbolic.notation import read_latex
    from w2vlib.symbolic.notation.render import to_latex

    rendered = to_latex(read_latex(text), {("v", False, 1, 1)})
    assert rendered.startswith("{") and "}^" in rendered, rendered  # {v'_j}^…, not v'_j^… (a TeX error)
    assert read_latex(rendered) == read_latex(text)  # and it reads back as the same formula
