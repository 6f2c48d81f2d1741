r"""Natural notation (issue 17, item 8): ordinary ways of writing the book's lines are read with the
same meaning as the book's own spelling, and what cannot be read gets a message that says why.

Each accepted line is evaluated at the first configuration of its context and compared (by
:func:`w2vlib.symbolic.checker.compare`) with the book's canonical spelling of the same quantity.
"""

import pytest

from w2vlib.symbolic.checker import compare
from w2vlib.symbolic.configurations import configurations
from w2vlib.symbolic.notation import evaluate, read_latex
from w2vlib.symbolic.notation.evaluate import ShapeError
from w2vlib.symbolic.notation.latex import MAX_DEPTH
from w2vlib.symbolic.notation.plain import read_plain
from w2vlib.symbolic.notation.reader import NotationError

WINDOW = r"\sum_{\substack{-m \le j \le m \\ j \ne 0}} \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}_{t+j})"

#: (context, natural spelling, the book's spelling): LaTeX.
ACCEPTED = [
    # transposes
    ("softmax", r"\mathbf u_o^{\mathsf T}\mathbf v_c", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    ("softmax", r"\mathbf u_o^\mathsf{T}\mathbf v_c", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    ("softmax", r"\mathbf u_o^{\mathsf{T}}\mathbf v_c", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    ("softmax", r"\mathbf u_o^{\mathrm T}\mathbf v_c", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    ("softmax", r"\mathbf u_o^\intercal \mathbf v_c", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    ("softmax", r"\mathbf{U}^{\mathsf T}\mathbf v_c", r"\mathbf{U}^\top \mathbf{v}_c"),
    ("softmax", r"\boldsymbol{u}_o^{\mathsf T} \boldsymbol{v}_c", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    # dot products
    ("softmax", r"\mathbf u_o \cdot \mathbf v_c", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    ("softmax", r"\langle \mathbf u_o, \mathbf v_c\rangle", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    ("softmax", r"\left\langle \mathbf u_o, \mathbf v_c \right\rangle", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    ("softmax", r"2\,\mathbf u_o \cdot \mathbf v_c", r"2 \mathbf{u}_o^\top \mathbf{v}_c"),
    ("softmax", r"\mathbf u_o \cdot \mathbf v_c\, \mathbf u_o", r"(\mathbf{u}_o^\top \mathbf{v}_c) \mathbf{u}_o"),
    ("softmax", r"-\mathbf u_o \cdot \mathbf v_c + \log \sum_w \exp(\mathbf u_w \cdot \mathbf v_c)", "J"),
    ("softmax", r"\hat y_o \cdot \mathbf v_c", r"\hat{y}_o \mathbf{v}_c"),
    ("softmax", r"\mathbf U \cdot (\hat{\mathbf y} - \mathbf y)", r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})"),
    ("softmax", r"\mathbf v_c^\top \cdot \mathbf u_o", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    # softmax, exp, log spelled as names
    ("softmax", r"\operatorname{softmax}(\mathbf s)", r"\hat{\mathbf{y}}"),
    ("softmax", r"\mathrm{softmax}(\mathbf U^\top \mathbf v_c)", r"\hat{\mathbf{y}}"),
    ("softmax", r"\operatorname{softmax}(\mathbf{U}^{\mathsf T}\mathbf v_c)_o", r"\hat{y}_o"),
    ("softmax", r"\operatorname{exp}(s_o)", r"\exp(s_o)"),
    ("softmax", r"\exp\, s_o", r"\exp(s_o)"),
    ("softmax", r"\mathrm{log}\,\hat y_o", r"\log \hat{y}_o"),
    ("softmax", r"\ln \hat y_o", r"\log \hat{y}_o"),
    # sums over the vocabulary, with any letter
    ("softmax", r"\sum_{w \in V} \hat y_w", r"\sum_{w} \hat{y}_w"),
    ("softmax", r"\sum_{w \in \mathcal V} \hat y_w \mathbf u_w", r"\sum_{w} \hat{y}_w \mathbf{u}_w"),
    ("softmax", r"\sum_{w \in \mathcal{V}} \hat y_w \mathbf u_w", r"\mathbf{U}\hat{\mathbf{y}}"),
    ("softmax", r"\sum\limits_{w} \hat y_w \mathbf u_w", r"\mathbf{U}\hat{\mathbf{y}}"),
    ("softmax", r"\sum_k e^{s_k}", r"\sum_{w} e^{s_w}"),
    ("softmax", r"\sum_{k=1}^{|V|} \exp(s_k)", r"\sum_{w} \exp(s_w)"),
    ("softmax", r"\frac{e^{s_o}}{\sum_{k=1}^{|V|} e^{s_k}}", r"\hat{y}_o"),
    ("softmax", r"\sum_{i} \hat y_i \mathbf u_i", r"\mathbf{U}\hat{\mathbf{y}}"),
    ("softmax", r"\sum_{j \ne o} \hat y_j \mathbf u_j", r"\sum_{w \ne o} \hat{y}_w \mathbf{u}_w"),
    ("softmax", r"\sum_{k \in V,\, k \ne o} \hat y_k \mathbf u_k", r"\sum_{w \ne o} \hat{y}_w \mathbf{u}_w"),
    ("softmax", r"\sum_{w=1}^{|V|} \hat y_w", "1"),
    # derivatives and gradients
    ("softmax", r"\nabla_{\mathbf v_c} J", r"\frac{\partial J}{\partial \mathbf{v}_c}"),
    ("softmax", r"\nabla_{\mathbf{u}_o} J", r"\frac{\partial J}{\partial \mathbf{u}_o}"),
    ("softmax", r"\nabla_{\mathbf v_c} (-\log \hat y_o)", r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})"),
    ("softmax", r"\frac{\mathrm d J}{\mathrm d \mathbf v_c}", r"\frac{\partial J}{\partial \mathbf{v}_c}"),
    ("softmax", r"\frac{\mathrm{d} J}{\mathrm{d} \mathbf{s}}", r"\hat{\mathbf{y}} - \mathbf{y}"),
    # symbols written with their index or prime inside the braces, the zero vector without braces
    ("softmax", r"\hat{y_o}", r"\hat{y}_o"),
    ("softmax", r"\mathbf{u_o}^\top \mathbf{v_c}", r"\mathbf{u}_o^\top \mathbf{v}_c"),
    ("softmax", r"\mathbf 0 + \mathbf s", r"\mathbf{s}"),
    # the sigmoid
    ("sigmoid", r"\frac{\mathrm d\sigma(x)}{\mathrm dx}", r"\sigma(x)(1 - \sigma(x))"),
    ("sigmoid", r"\frac{\mathrm{d}\sigma(x)}{\mathrm{d}x}", r"\sigma(x)(1 - \sigma(x))"),
    ("sigmoid", r"\frac{d\sigma}{dx}", r"\sigma(x)(1 - \sigma(x))"),
    ("sigmoid", r"\frac{\mathrm d\sigma}{\mathrm dx}", r"\sigma(x)\sigma(-x)"),
    ("sigmoid", r"\frac{\mathrm d}{\mathrm dx}\sigma(x)", r"\sigma'(x)"),
    ("sigmoid", r"\frac{d}{dx}\frac{1}{1+e^{-x}}", r"\sigma'(x)"),
    ("sigmoid", r"\sigma^{\prime}(x)", r"\sigma'(x)"),
    ("sigmoid", r"\sigma^\prime(x)", r"\sigma'(x)"),
    ("sigmoid", r"\exp\, x", r"e^{x}"),
    ("sigmoid", r"\operatorname{sigmoid}(x)", r"\sigma(x)"),
    ("sigmoid", r"\mathrm{sigmoid}(-x)", r"1 - \sigma(x)"),
    ("sigmoid", r"\sigma(x) \cdot (1 - \sigma(x))", r"\sigma(x)\sigma(-x)"),
    ("sigmoid", r"\frac{1}{1+\mathrm{e}^{-x}}", r"\sigma(x)"),
    # negative sampling
    ("negative_sampling", r"\sum_{i=1}^{K} \log\sigma(-\mathbf u_i^{\mathsf T}\mathbf v_c)",
     r"\sum_{k=1}^{K} \log\sigma(-\mathbf{u}_k^\top\mathbf{v}_c)"),
    ("negative_sampling", r"-\log\sigma(\mathbf u_o \cdot \mathbf v_c) - \sum_{k=1}^{K}\log\sigma(-\mathbf u_k \cdot "
     r"\mathbf v_c)", "J"),
    ("negative_sampling", r"\nabla_{\mathbf v_c} J", r"\frac{\partial J}{\partial \mathbf{v}_c}"),
    ("negative_sampling", r"\sum_{i \in V} n_i", "K"),
    ("negative_sampling", r"\sum\limits_{k=1}^{K} \sigma(\mathbf u_k^\top \mathbf v_c)\mathbf u_k",
     r"\sum_{k=1}^{K} \sigma(\mathbf{u}_k^\top \mathbf{v}_c)\mathbf{u}_k"),
    # the skip-gram window
    ("skipgram", r"\sum_{-m \le j \le m,\, j \ne 0} \mathbf U(\hat{\mathbf y} - \mathbf y_{t+j})", WINDOW),
    ("skipgram", r"\sum_{0<|j|\le m} \mathbf U(\hat{\mathbf y} - \mathbf y_{t+j})", WINDOW),
    ("skipgram", r"\sum_{1 \le |j| \le m} \mathbf U(\hat{\mathbf y} - \mathbf y_{t+j})", WINDOW),
    ("skipgram", r"\sum_{|j| \le m,\, j \ne 0} \mathbf U(\hat{\mathbf y} - \mathbf y_{t+j})", WINDOW),
    ("skipgram", r"\sum_{-m\le i\le m,\, i\ne 0} \mathbf U(\hat{\mathbf y} - \mathbf y_{t+i})", WINDOW),
    ("skipgram", r"\sum\limits_{j} \mathbf U(\hat{\mathbf y} - \mathbf y_{t+j})", WINDOW),
    ("skipgram", r"\nabla_{\mathbf v_c} J", r"\frac{\partial J}{\partial \mathbf{v}_c}"),
    # Rong and CBOW
    ("rong", r"EI_j", r"\mathrm{EI}_j"),
    ("rong", r"EH_i", r"\mathrm{EH}_i"),
    ("rong", r"\sum_{j=1}^{V} EI_j \, w'_{ij}", r"\mathrm{EH}_i"),
    ("rong", r"\mathbf{v'}_{w_j}", r"\mathbf{v}'_{w_j}"),
    ("rong", r"{\mathbf{v'}_{w_j}}^{\mathsf T}\mathbf h", r"u_j"),
    ("rong", r"\sum_{k=1}^{N} w'_{kj} h_k", r"u_j"),
    ("rong", r"\sum_{c=1}^{C} e_{c,j}", r"\mathrm{EI}_j"),
    ("rong", r"\sum_{p=1}^{C} e_{p,j}", r"\mathrm{EI}_j"),
    ("cbow", r"EH_i", r"\mathrm{EH}_i"),
    ("cbow", r"\sum_{k \in V} e_k w'_{ik}", r"\mathrm{EH}_i"),
]

#: (context, typed answer, the book's spelling in LaTeX).
ACCEPTED_PLAIN = [
    ("softmax", "u_o^T v_c", r"\mathbf{u}_o^{\mathsf T} \mathbf{v}_c"),
    ("softmax", "softmax(s)", r"\hat{\mathbf{y}}"),
    ("softmax", "softmax(U^T v_c)_o", r"\hat{y}_o"),
    ("softmax", "sum_{w in V} yhat_w u_w", r"\mathbf{U}\hat{\mathbf{y}}"),
    ("softmax", "sum_k exp(s_k)", r"\sum_{w} \exp(s_w)"),
    ("softmax", "sum_{i != o} yhat_i u_i", r"\sum_{w \ne o} \hat{y}_w \mathbf{u}_w"),
    ("negative_sampling", "-log sigmoid(u_o^T v_c) - sum_{i=1}^K log sigmoid(-u_i^T v_c)", "J"),
    ("negative_sampling", "sum_{i=1}^K sigma(u_i^T v_c) u_i",
     r"\sum_{k=1}^{K} \sigma(\mathbf{u}_k^\top \mathbf{v}_c)\mathbf{u}_k"),
]

#: (context, text, a fragment of the message): refused, with a message that says why.
REFUSED = [
    ("softmax", r"\hat y_m", "the index m has no meaning"),
    ("softmax", r"\hat y_1 + \cdots + \hat y_{|V|}", r"\cdots (terms written out one by one)"),
    ("softmax", r"\hat y_1 + \ldots + \hat y_{|V|}", r"\ldots (terms written out one by one)"),
    ("sigmoid", r"\exp -x", r"\exp -x is ambiguous: write \exp(-x)"),
    ("sigmoid", r"\sigma -x", r"\sigma -x is ambiguous"),
    ("sigmoid", r"\log +x", r"\log +x is ambiguous"),
    ("softmax", r"\sum_o \hat y_o", "the sum's index o already has a meaning"),
    ("softmax", r"\sum_c \mathbf v_c", "the sum's index c already has a meaning"),
    ("skipgram", r"\sum_{-m \le t \le m,\, t \ne 0} \mathbf y_{t}", "the sum's index t already has a meaning"),
    ("softmax", r"\sum_s \hat y_s", "s is a symbol of the softmax context"),
    ("negative_sampling", r"\sum_n \mathbf u_n", "n is a symbol of the negative_sampling context"),
    ("negative_sampling", r"\sum_i \mathbf u_i", "a sum over i needs its range"),
    ("skipgram", r"\sum_i \mathbf u_i", "a sum over i needs its range"),
    ("sigmoid", r"\sum_k x", "a sum over k has no meaning in the sigmoid context"),
    ("softmax", r"\sum_{k=1}^{K} \hat y_k", "unknown symbol K"),
    ("softmax", r"\sum_{w \in W} \hat y_w", "other sets are not part of the notation"),
    ("skipgram", r"\sum_{0 \le |j| < m} \mathbf y_{t+j}", r"write the window as \sum_{0 < |j| \le m}"),
    ("softmax", r"\langle \mathbf U, \mathbf v_c\rangle", "is the dot product of two columns of the same length"),
    ("softmax", r"\langle \mathbf u_o, \mathbf s\rangle", "is the dot product of two columns of the same length"),
    ("softmax", r"\langle \mathbf u_o \mathbf v_c\rangle", r"expected ','"),
    ("softmax", r"\mathbf u_o \cdot \mathbf s", "cannot multiply"),
    ("softmax", r"\mathbf u_o \mathbf v_c", "cannot multiply"),
    ("softmax", r"\mathbf u_o \cdot", "a product sign needs something after it"),
    ("softmax", r"\cdot \mathbf u_o", "a product sign needs something before it"),
    ("softmax", r"\operatorname{softmax}\mathbf s", "softmax takes its argument in parentheses"),
    ("softmax", r"\operatorname{softmax}(\hat y_o)", "softmax(…) takes a column vector"),
    ("softmax", r"\nabla J", r"write the gradient with its variable"),
    ("softmax", r"\mathbf u_o^{\mathsf S}\mathbf v_c", "only numeric powers"),
    ("rong", r"E I_j", "unknown symbol I_{j}"),
    ("skipgram", r"\mathbf{v'}_c", "unknown symbol v'_{c}"),
]

REFUSED_PLAIN = [
    ("softmax", "softmax(s, s)", "softmax(…) takes one argument"),
    ("softmax", "softmax s", "softmax takes its argument in parentheses"),
    ("softmax", "softmax(yhat_o)", "softmax(…) takes a column vector"),
    ("softmax", "dot(u_o, v_c)", "unknown name 'dot'"),
    ("softmax", "sum_o yhat_o", "the sum's index o already has a meaning"),
]


def _value(tree, context):
    return evaluate(tree, configurations(context)[0])


def _agree(natural, canonical):
    comparison = compare(natural, canonical, points=4)
    assert comparison.status == "proved", comparison


def test_there_are_enough_cases():
    assert len(ACCEPTED) + len(ACCEPTED_PLAIN) >= 60
    assert len(REFUSED) + len(REFUSED_PLAIN) >= 20


@pytest.mark.parametrize("context, natural, canonical", ACCEPTED)
def test_natural_latex_has_the_books_meaning(context, natural, canonical):
    _agree(_value(read_latex(natural), context), _value(read_latex(canonical), context))


@pytest.mark.parametrize("context, natural, canonical", ACCEPTED_PLAIN)
def test_natural_plain_has_the_books_meaning(context, natural, canonical):
    _agree(_value(read_plain(natural), context), _value(read_latex(canonical), context))


@pytest.mark.parametrize("context, text, fragment", REFUSED)
def test_refused_latex_says_why(context, text, fragment):
    with pytest.raises((NotationError, ShapeError)) as error:
        _value(read_latex(text), context)
    assert fragment in str(error.value)


@pytest.mark.parametrize("context, text, fragment", REFUSED_PLAIN)
def test_refused_plain_says_why(context, text, fragment):
    with pytest.raises((NotationError, ShapeError)) as error:
        _value(read_plain(text), context)
    assert fragment in str(error.value)


def test_a_sum_letter_of_ones_own_runs_over_the_same_kind_of_index():
    # in the negative-sampling context k runs over the draws and w over the words: a letter of the
    # reader's own runs over the draws up to K and over the words up to |V|, and they differ
    draws = _value(read_latex(r"\sum_{i=1}^{K} \mathbf u_i"), "negative_sampling")
    words = _value(read_latex(r"\sum_{i=1}^{|V|} \mathbf u_i"), "negative_sampling")
    assert compare(draws, _value(read_latex(r"\sum_{k=1}^{K} \mathbf u_k"), "negative_sampling")).status == "proved"
    assert compare(words, _value(read_latex(r"\sum_{w} \mathbf u_w"), "negative_sampling")).status == "proved"
    assert compare(draws, words).status == "refuted"


def test_cdot_is_a_dot_product_only_between_two_columns():
    # a column times a column by juxtaposition stays a shape error (a missing transpose)
    with pytest.raises(ShapeError):
        _value(read_latex(r"\mathbf v_c \mathbf u_o"), "softmax")
    # between a matrix and a column, \cdot is the matrix product
    product = _value(read_latex(r"\mathbf U^\top \cdot \mathbf v_c"), "softmax")
    assert product.shape == (5, 1)


def test_the_derivative_mark_needs_a_variable():
    # \frac{d}{2}: d is the dimension here, not a derivative
    assert _value(read_latex(r"\frac{d}{2}"), "softmax") == configurations("softmax")[0].families[("d", False, 0, 0)]() / 2


def test_long_cdot_chains_are_capped():
    text = r" \cdot ".join(["x"] * (MAX_DEPTH + 2))
    with pytest.raises(NotationError, match="too many"):
        read_latex(text)
    assert _value(read_latex(r" \cdot ".join(["x"] * 10)), "sigmoid") == _value(read_latex("x^{10}"), "sigmoid")


def test_messages_about_sigmoid_do_not_contradict_the_syntax_line():
    from w2vlib.symbolic.answers import check_answer

    feedback = check_answer("sigmoid_derivative", r"\operatorname{sigmoid}(x)(1 - \mathrm{sigmoid}(x))")
    assert feedback.correct, feedback.message
