r"""Ready-made, machine-checked derivations of the word2vec gradients.

Each function returns a :class:`~w2vlib.symbolic.checker.Derivation` whose first
step is the quantity computed directly (the loss, or its component-wise
gradient from ``sympy.diff``) and whose later steps are the lines a careful
textbook writes, each with the SymPy expression at concrete small sizes
(:mod:`w2vlib.symbolic.contexts`), the LaTeX the reader sees (general symbols:
:math:`\sum_w`, :math:`\sum_{k=1}^K`) and a short reason. A chapter displays and
checks one with, e.g.::

    derivations.softmax_grad_center(label="eq-ch02-grad-vc").assert_valid()

Chapters: the softmax gradients and :math:`\sigma` identities in the chapters on
skip-gram/softmax and negative sampling; ``rong_*`` and ``cbow_*`` follow Rong,
*word2vec Parameter Learning Explained*, eqs. (27)–(35) and the CBOW section.

Examples
--------
>>> derivation = sigmoid_derivative()
>>> derivation.assert_valid() is derivation
True
>>> sorted(ALL)[:3]
['cbow_grad_input', 'cbow_grad_output', 'cross_entropy_one_hot']
"""

import functools
import time

import sympy

from w2vlib.symbolic.checker import Derivation, Step
from w2vlib.symbolic.contexts import (
    cbow_context,
    gradient,
    negsamp_context,
    rong_context,
    sigma_explicit,
    sigmoid_context,
    skipgram_context,
    softmax_context,
    symbol_vector,
)

__all__ = [
    "cross_entropy_one_hot",
    "softmax_grad_center",
    "softmax_grad_outside_o",
    "softmax_grad_outside_w",
    "softmax_grad_U",
    "sigmoid_derivative",
    "sigmoid_symmetry",
    "negsamp_grad_center",
    "negsamp_grad_outside_o",
    "negsamp_grad_outside_k",
    "negsamp_grad_repeated",
    "skipgram_grad_U",
    "skipgram_grad_center",
    "skipgram_grad_other_center",
    "rong_loss",
    "rong_error",
    "rong_error_slip",
    "rong_grad_output",
    "rong_EH",
    "rong_update_output",
    "rong_update_input",
    "cbow_grad_output",
    "cbow_grad_input",
    "ALL",
    "verify_all",
]

# LaTeX in the book's notation (CS224n; Rong for rong_* and cbow_*).
VC = r"\mathbf{v}_c"
UO = r"\mathbf{u}_o"
UW = r"\mathbf{u}_w"
UK = r"\mathbf{u}_k"
UMAT = r"\mathbf{U}"
YHAT = r"\hat{\mathbf{y}}"
YVEC = r"\mathbf{y}"
SCORE_O = rf"{UO}^\top {VC}"
SCORE_K = rf"{UK}^\top {VC}"
SOFTMAX_O = rf"\frac{{\exp({SCORE_O})}}{{\sum_{{w}} \exp({UW}^\top {VC})}}"
SUM_EXP = rf"\sum_{{w}} \exp({UW}^\top {VC})"
NEGSAMP_LOSS = (
    rf"-\log\sigma({SCORE_O}) - \sum_{{k=1}}^{{K}} \log\sigma(-{SCORE_K})"
)
WINDOW_SUM = r"\sum_{\substack{-m \le j \le m \\ j \ne 0}}"
RONG_LOSS = r"-\sum_{c=1}^{C} u_{j_c^*} + C \log \sum_{j'=1}^{V} \exp(u_{j'})"
CBOW_LOSS = r"-u_{j^*} + \log \sum_{j'=1}^{V} \exp(u_{j'})"
ETA = sympy.Symbol("eta", positive=True)


def _label(label, default):
    return default if label is None else label


def _column(entries):
    return sympy.Matrix(len(entries), 1, entries)


def _dot(a, b):
    return (a.T * b)[0, 0]


# Contexts are immutable; build each once per process.
_softmax = functools.lru_cache(maxsize=None)(softmax_context)
_sigmoid = functools.lru_cache(maxsize=None)(sigmoid_context)
_negsamp = functools.lru_cache(maxsize=None)(negsamp_context)
_skipgram = functools.lru_cache(maxsize=None)(skipgram_context)
_rong = functools.lru_cache(maxsize=None)(rong_context)
_cbow = functools.lru_cache(maxsize=None)(cbow_context)


# --------------------------------------------------------------------------
# Naive softmax
# --------------------------------------------------------------------------


def cross_entropy_one_hot(*, label=None):
    r"""Cross-entropy against a one-hot :math:`\mathbf y` is :math:`-\log\hat y_o`.

    Examples
    --------
    >>> cross_entropy_one_hot().label
    'eq-cross-entropy-one-hot'
    """
    ctx = _softmax()
    o, V = ctx.o, ctx.V
    y, yhat = ctx.y, ctx.yhat
    others = [w for w in range(V) if w != o]
    steps = [
        Step(
            -sympy.Add(*[y[w] * sympy.log(yhat[w]) for w in range(V)]),
            r"-\sum_{w} y_w \log \hat{y}_w",
            "definition of the cross-entropy",
        ),
        Step(
            -(y[o] * sympy.log(yhat[o]) + sympy.Add(*[y[w] * sympy.log(yhat[w]) for w in others])),
            r"-\Bigl(y_o \log \hat{y}_o + \sum_{w \ne o} y_w \log \hat{y}_w\Bigr)",
            "split off the term $w = o$",
        ),
        Step(
            -(1 * sympy.log(yhat[o]) + sympy.Add(*[0 * sympy.log(yhat[w]) for w in others])),
            r"-\Bigl(1 \cdot \log \hat{y}_o + \sum_{w \ne o} 0 \cdot \log \hat{y}_w\Bigr)",
            r"$\mathbf{y}$ is one-hot: $y_o = 1$, $y_w = 0$ for $w \ne o$",
        ),
        Step(-sympy.log(yhat[o]), r"-\log \hat{y}_o", "only the true word's term is left"),
        Step(
            -sympy.log(sympy.exp(ctx.score(o)) / ctx.denominator),
            rf"-\log {SOFTMAX_O}",
            r"$\hat{y}_o = P(O=o \mid C=c)$, so this is $J$",
        ),
    ]
    return Derivation(
        r"\mathrm{CE}(\mathbf{y}, \hat{\mathbf{y}})",
        steps,
        label=_label(label, "eq-cross-entropy-one-hot"),
        title="Cross-entropy with a one-hot target",
    )


def softmax_grad_center(*, label=None):
    r""":math:`\partial J/\partial\mathbf v_c = \mathbf U(\hat{\mathbf y}-\mathbf y)` for the naive-softmax loss.

    Examples
    --------
    >>> len(softmax_grad_center().steps)
    6
    """
    ctx = _softmax()
    v_c, U, o, V = ctx.v_c, ctx.U, ctx.o, ctx.V
    sum_weighted = sympy.zeros(ctx.d, 1)
    for w in range(V):
        sum_weighted += sympy.exp(ctx.score(w)) * ctx.u(w)
    steps = [
        Step(ctx.grad(v_c), rf"\frac{{\partial}}{{\partial {VC}}}\Bigl(-\log {SOFTMAX_O}\Bigr)",
             r"$J = -\log P(O=o \mid C=c)$, softmax"),
        Step(
            -gradient(ctx.score(o), v_c) + gradient(sympy.log(ctx.denominator), v_c),
            rf"-\frac{{\partial\, {SCORE_O}}}{{\partial {VC}}}"
            rf" + \frac{{\partial}}{{\partial {VC}}} \log {SUM_EXP}",
            r"log of a quotient; $\log\exp z = z$",
        ),
        Step(
            -ctx.u(o) + sum_weighted / ctx.denominator,
            rf"-{UO} + \frac{{\sum_{{w}} \exp({UW}^\top {VC})\, {UW}}}"
            rf"{{\sum_{{w'}} \exp(\mathbf{{u}}_{{w'}}^\top {VC})}}",
            r"chain rule: $(\log z)' = z'/z$, $(e^s)' = e^s s'$, $\partial(\mathbf{u}_w^\top\mathbf{v}_c)/\partial\mathbf{v}_c = \mathbf{u}_w$",
        ),
        Step(
            -ctx.u(o) + sympy.Matrix.hstack(*[ctx.u(w) for w in range(V)]) * ctx.yhat,
            rf"-{UO} + \sum_{{w}} P(O=w \mid C=c)\, {UW}",
            "each weight is the softmax probability of $w$",
        ),
        Step(U * ctx.yhat - U * ctx.y, rf"{UMAT}{YHAT} - {UMAT}{YVEC}",
             r"$\sum_w \hat{y}_w \mathbf{u}_w = \mathbf{U}\hat{\mathbf{y}}$; $\mathbf{u}_o = \mathbf{U}\mathbf{y}$ ($\mathbf{y}$ one-hot at $o$)"),
        Step(U * (ctx.yhat - ctx.y), rf"{UMAT}({YHAT} - {YVEC})", r"factor out $\mathbf{U}$"),
    ]
    return Derivation(
        rf"\frac{{\partial J}}{{\partial {VC}}}",
        steps,
        label=_label(label, "eq-softmax-grad-center"),
        title="Gradient of the naive-softmax loss with respect to the center vector",
    )


def _softmax_outside_first_steps(ctx, word, symbol_latex, is_true_word):
    u_word = ctx.u(word)
    grad_log_sum = gradient(sympy.log(ctx.denominator), u_word)
    first = Step(
        ctx.grad(u_word),
        rf"\frac{{\partial}}{{\partial {symbol_latex}}}\Bigl(-\log \frac{{\exp({SCORE_O})}}{{\sum_{{w'}} \exp(\mathbf{{u}}_{{w'}}^\top {VC})}}\Bigr)",
        r"$J = -\log P(O=o \mid C=c)$, softmax",
    )
    if is_true_word:
        split_expr = -gradient(ctx.score(ctx.o), u_word) + grad_log_sum
        split_reason = r"log of a quotient; $\log\exp z = z$"
    else:
        split_expr = sympy.zeros(ctx.d, 1) + grad_log_sum
        split_reason = r"log of a quotient; $\mathbf{u}_o^\top\mathbf{v}_c$ does not depend on $\mathbf{u}_w$"
    split = Step(
        split_expr,
        rf"-\frac{{\partial\, {SCORE_O}}}{{\partial {symbol_latex}}}"
        rf" + \frac{{\partial}}{{\partial {symbol_latex}}} \log \sum_{{w'}} \exp(\mathbf{{u}}_{{w'}}^\top {VC})",
        split_reason,
    )
    return first, split


def softmax_grad_outside_o(*, label=None):
    r""":math:`\partial J/\partial\mathbf u_o = (\hat y_o - 1)\mathbf v_c`.

    Examples
    --------
    >>> softmax_grad_outside_o().label
    'eq-softmax-grad-outside-o'
    """
    ctx = _softmax()
    o, v_c = ctx.o, ctx.v_c
    first, split = _softmax_outside_first_steps(ctx, o, UO, True)
    steps = [
        first,
        split,
        Step(
            -v_c + sympy.exp(ctx.score(o)) / ctx.denominator * v_c,
            rf"-{VC} + \frac{{\exp({SCORE_O})}}{{\sum_{{w'}} \exp(\mathbf{{u}}_{{w'}}^\top {VC})}}\, {VC}",
            r"chain rule; only the term $w' = o$ depends on $\mathbf{u}_o$",
        ),
        Step(-v_c + ctx.yhat_of(o) * v_c, rf"-{VC} + \hat{{y}}_o {VC}", "recognize the softmax output"),
        Step((ctx.yhat_of(o) - 1) * v_c, rf"(\hat{{y}}_o - 1)\, {VC}", "collect terms"),
    ]
    return Derivation(
        rf"\frac{{\partial J}}{{\partial {UO}}}",
        steps,
        label=_label(label, "eq-softmax-grad-outside-o"),
        title="Gradient of the naive-softmax loss with respect to the true outside vector",
    )


def softmax_grad_outside_w(*, label=None):
    r""":math:`\partial J/\partial\mathbf u_w = \hat y_w\mathbf v_c` for :math:`w\ne o`.

    Examples
    --------
    >>> softmax_grad_outside_w().label
    'eq-softmax-grad-outside-w'
    """
    ctx = _softmax()
    w, v_c = ctx.w, ctx.v_c
    first, split = _softmax_outside_first_steps(ctx, w, UW, False)
    steps = [
        first,
        split,
        Step(
            sympy.zeros(ctx.d, 1) + sympy.exp(ctx.score(w)) / ctx.denominator * v_c,
            rf"\mathbf{{0}} + \frac{{\exp({UW}^\top {VC})}}{{\sum_{{w'}} \exp(\mathbf{{u}}_{{w'}}^\top {VC})}}\, {VC}",
            r"chain rule; only the term $w' = w$ depends on $\mathbf{u}_w$",
        ),
        Step(ctx.yhat_of(w) * v_c, rf"\hat{{y}}_w {VC}", "recognize the softmax output"),
        Step((ctx.yhat_of(w) - ctx.y[w]) * v_c, rf"(\hat{{y}}_w - y_w)\, {VC}",
             r"$y_w = 0$: the same formula as for $\mathbf{u}_o$"),
    ]
    return Derivation(
        rf"\frac{{\partial J}}{{\partial {UW}}}",
        steps,
        label=_label(label, "eq-softmax-grad-outside-w"),
        title="Gradient of the naive-softmax loss with respect to another outside vector (w not o)",
    )


def softmax_grad_U(*, label=None):
    r""":math:`\partial J/\partial\mathbf U = \mathbf v_c(\hat{\mathbf y}-\mathbf y)^\top`.

    Examples
    --------
    >>> softmax_grad_U().steps[-1].expr.shape
    (3, 5)
    """
    ctx = _softmax()
    v_c, V = ctx.v_c, ctx.V
    steps = [
        Step(
            ctx.grad(ctx.U),
            r"\Bigl[\frac{\partial J}{\partial \mathbf{u}_1}, \dots, \frac{\partial J}{\partial \mathbf{u}_{|V|}}\Bigr]",
            r"the columns of $\mathbf{U}$ are the $\mathbf{u}_w$",
        ),
        Step(
            sympy.Matrix.hstack(*[(ctx.yhat[w] - ctx.y[w]) * v_c for w in range(V)]),
            rf"\bigl[(\hat{{y}}_1 - y_1)\, {VC}, \dots, (\hat{{y}}_{{|V|}} - y_{{|V|}})\, {VC}\bigr]",
            "the two previous results, $w = o$ included",
        ),
        Step(
            v_c * (ctx.yhat - ctx.y).T,
            rf"{VC}\,({YHAT} - {YVEC})^\top",
            r"column $w$ of $\mathbf{v}_c\mathbf{a}^\top$ is $a_w\mathbf{v}_c$; $d\times 1$ times $1\times|V|$, like $\mathbf{U}$",
        ),
    ]
    return Derivation(
        rf"\frac{{\partial J}}{{\partial {UMAT}}}",
        steps,
        label=_label(label, "eq-softmax-grad-U"),
        title="Gradient of the naive-softmax loss with respect to U",
    )


# --------------------------------------------------------------------------
# Sigmoid
# --------------------------------------------------------------------------


def sigmoid_derivative(*, label=None):
    r""":math:`\sigma'(x) = \sigma(x)(1-\sigma(x))`, by the quotient rule.

    Examples
    --------
    >>> sigmoid_derivative().label
    'eq-sigmoid-derivative'
    """
    x = _sigmoid().x
    e = sympy.exp(-x)
    steps = [
        Step(sympy.diff(sigma_explicit(x), x), r"\frac{d}{dx}\,\frac{1}{1 + e^{-x}}", r"definition of $\sigma$"),
        Step(
            (0 * (1 + e) - 1 * (-e)) / (1 + e) ** 2,
            r"\frac{(0)(1 + e^{-x}) - (1)(-e^{-x})}{(1 + e^{-x})^2}",
            "quotient rule $(f/g)' = (f'g - fg')/g^2$, $f = 1$, $g = 1 + e^{-x}$",
        ),
        Step(e / (1 + e) ** 2, r"\frac{e^{-x}}{(1 + e^{-x})^2}", "simplify the numerator"),
        Step(
            1 / (1 + e) * (((1 + e) - 1) / (1 + e)),
            r"\frac{1}{1 + e^{-x}} \cdot \frac{(1 + e^{-x}) - 1}{1 + e^{-x}}",
            "split the fraction; add and subtract 1",
        ),
        Step(1 / (1 + e) * (1 - 1 / (1 + e)), r"\frac{1}{1 + e^{-x}}\Bigl(1 - \frac{1}{1 + e^{-x}}\Bigr)",
             "divide term by term"),
        Step(sigma_explicit(x) * (1 - sigma_explicit(x)), r"\sigma(x)\bigl(1 - \sigma(x)\bigr)", r"definition of $\sigma$"),
    ]
    return Derivation(
        r"\frac{d\sigma(x)}{dx}",
        steps,
        label=_label(label, "eq-sigmoid-derivative"),
        title="Derivative of the sigmoid",
    )


def sigmoid_symmetry(*, label=None):
    r""":math:`\sigma(-x) = 1 - \sigma(x)`.

    Examples
    --------
    >>> sigmoid_symmetry().label
    'eq-sigmoid-symmetry'
    """
    x = _sigmoid().x
    e = sympy.exp(-x)
    steps = [
        Step(sigma_explicit(-x), r"\frac{1}{1 + e^{x}}", r"definition of $\sigma$ at $-x$"),
        Step(e / (e + 1), r"\frac{e^{-x}}{e^{-x} + 1}", "multiply above and below by $e^{-x}$"),
        Step(((1 + e) - 1) / (1 + e), r"\frac{(1 + e^{-x}) - 1}{1 + e^{-x}}", "add and subtract 1"),
        Step(1 - 1 / (1 + e), r"1 - \frac{1}{1 + e^{-x}}", "divide term by term"),
        Step(1 - sigma_explicit(x), r"1 - \sigma(x)", r"definition of $\sigma$"),
    ]
    return Derivation(
        r"\sigma(-x)",
        steps,
        label=_label(label, "eq-sigmoid-symmetry"),
        title="Symmetry of the sigmoid",
    )


# --------------------------------------------------------------------------
# Negative sampling
# --------------------------------------------------------------------------


def _sigma_prime(z):
    return sigma_explicit(z) * (1 - sigma_explicit(z))


def negsamp_grad_center(*, label=None):
    r""":math:`\partial J/\partial\mathbf v_c = -(1-\sigma(\mathbf u_o^\top\mathbf v_c))\mathbf u_o + \sum_k (1-\sigma(-\mathbf u_k^\top\mathbf v_c))\mathbf u_k`.

    Examples
    --------
    >>> negsamp_grad_center().label
    'eq-negsamp-grad-center'
    """
    ctx = _negsamp()
    v_c, o, neg = ctx.v_c, ctx.o, ctx.neg
    s_o = ctx.score(o)
    u_o = ctx.u(o)

    def total(term):
        return sum((term(k) for k in neg), sympy.zeros(ctx.d, 1))

    steps = [
        Step(ctx.grad(v_c), rf"\frac{{\partial}}{{\partial {VC}}}\Bigl({NEGSAMP_LOSS}\Bigr)",
             "the negative-sampling loss"),
        Step(
            -gradient(sigma_explicit(s_o), v_c) / sigma_explicit(s_o)
            - total(lambda k: gradient(sigma_explicit(-ctx.score(k)), v_c) / sigma_explicit(-ctx.score(k))),
            rf"-\frac{{\partial \sigma({SCORE_O}) / \partial {VC}}}{{\sigma({SCORE_O})}}"
            rf" - \sum_{{k=1}}^{{K}} \frac{{\partial \sigma(-{SCORE_K}) / \partial {VC}}}{{\sigma(-{SCORE_K})}}",
            r"chain rule for the log: $(\log z)' = z'/z$",
        ),
        Step(
            -_sigma_prime(s_o) / sigma_explicit(s_o) * u_o
            - total(lambda k: _sigma_prime(-ctx.score(k)) / sigma_explicit(-ctx.score(k)) * (-ctx.u(k))),
            rf"-\frac{{\sigma'({SCORE_O})}}{{\sigma({SCORE_O})}}\, {UO}"
            rf" - \sum_{{k=1}}^{{K}} \frac{{\sigma'(-{SCORE_K})}}{{\sigma(-{SCORE_K})}}\, (-{UK})",
            r"chain rule for $\sigma$: the inner derivatives are $\mathbf{u}_o$ and $-\mathbf{u}_k$",
        ),
        Step(
            -(1 - sigma_explicit(s_o)) * u_o + total(lambda k: (1 - sigma_explicit(-ctx.score(k))) * ctx.u(k)),
            rf"-(1 - \sigma({SCORE_O}))\, {UO} + \sum_{{k=1}}^{{K}} (1 - \sigma(-{SCORE_K}))\, {UK}",
            r"$\sigma'(x)/\sigma(x) = \sigma(x)(1-\sigma(x))/\sigma(x) = 1 - \sigma(x)$;"
            r" the two minus signs of each $k$-term cancel",
        ),
        Step(
            (sigma_explicit(s_o) - 1) * u_o + total(lambda k: sigma_explicit(ctx.score(k)) * ctx.u(k)),
            rf"(\sigma({SCORE_O}) - 1)\, {UO} + \sum_{{k=1}}^{{K}} \sigma({SCORE_K})\, {UK}",
            r"symmetry $1 - \sigma(-x) = \sigma(x)$",
        ),
    ]
    return Derivation(
        rf"\frac{{\partial J_{{\text{{neg-sample}}}}}}{{\partial {VC}}}",
        steps,
        label=_label(label, "eq-negsamp-grad-center"),
        title="Negative sampling: gradient with respect to the center vector",
    )


def negsamp_grad_outside_o(*, label=None):
    r""":math:`\partial J/\partial\mathbf u_o = -(1-\sigma(\mathbf u_o^\top\mathbf v_c))\mathbf v_c`.

    Examples
    --------
    >>> negsamp_grad_outside_o().label
    'eq-negsamp-grad-outside-o'
    """
    ctx = _negsamp()
    v_c, o = ctx.v_c, ctx.o
    s_o, u_o = ctx.score(o), ctx.u(o)
    steps = [
        Step(ctx.grad(u_o), rf"\frac{{\partial}}{{\partial {UO}}}\Bigl({NEGSAMP_LOSS}\Bigr)",
             "the negative-sampling loss"),
        Step(
            -gradient(sigma_explicit(s_o), u_o) / sigma_explicit(s_o) - sympy.zeros(ctx.d, 1),
            rf"-\frac{{1}}{{\sigma({SCORE_O})}} \frac{{\partial \sigma({SCORE_O})}}{{\partial {UO}}} - \mathbf{{0}}",
            r"$(\log z)' = z'/z$; no negative sample is $o$",
        ),
        Step(
            -_sigma_prime(s_o) / sigma_explicit(s_o) * v_c,
            rf"-\frac{{\sigma({SCORE_O})(1 - \sigma({SCORE_O}))}}{{\sigma({SCORE_O})}}\, {VC}",
            r"$\sigma' = \sigma(1-\sigma)$; the inner derivative is $\mathbf{v}_c$",
        ),
        Step(-(1 - sigma_explicit(s_o)) * v_c, rf"-(1 - \sigma({SCORE_O}))\, {VC}", r"cancel $\sigma$"),
        Step((sigma_explicit(s_o) - 1) * v_c, rf"(\sigma({SCORE_O}) - 1)\, {VC}", "move the minus sign inside"),
    ]
    return Derivation(
        rf"\frac{{\partial J_{{\text{{neg-sample}}}}}}{{\partial {UO}}}",
        steps,
        label=_label(label, "eq-negsamp-grad-outside-o"),
        title="Negative sampling: gradient with respect to the true outside vector",
    )


def negsamp_grad_outside_k(*, label=None):
    r""":math:`\partial J/\partial\mathbf u_k = (1-\sigma(-\mathbf u_k^\top\mathbf v_c))\mathbf v_c` for a word drawn once.

    Examples
    --------
    >>> negsamp_grad_outside_k().label
    'eq-negsamp-grad-outside-k'
    """
    ctx = _negsamp()
    v_c, k = ctx.v_c, ctx.once
    s_k, u_k = ctx.score(k), ctx.u(k)
    steps = [
        Step(ctx.grad(u_k), rf"\frac{{\partial}}{{\partial {UK}}}\Bigl({NEGSAMP_LOSS}\Bigr)",
             "the negative-sampling loss; $w_k$ drawn once"),
        Step(
            sympy.zeros(ctx.d, 1) - gradient(sigma_explicit(-s_k), u_k) / sigma_explicit(-s_k),
            rf"\mathbf{{0}} - \frac{{1}}{{\sigma(-{SCORE_K})}} \frac{{\partial \sigma(-{SCORE_K})}}{{\partial {UK}}}",
            r"only the $k$-th term depends on $\mathbf{u}_k$",
        ),
        Step(
            -_sigma_prime(-s_k) / sigma_explicit(-s_k) * (-v_c),
            rf"-\frac{{\sigma(-{SCORE_K})(1 - \sigma(-{SCORE_K}))}}{{\sigma(-{SCORE_K})}}\, (-{VC})",
            r"$\sigma' = \sigma(1-\sigma)$; the inner derivative is $-\mathbf{v}_c$",
        ),
        Step((1 - sigma_explicit(-s_k)) * v_c, rf"(1 - \sigma(-{SCORE_K}))\, {VC}", r"cancel $\sigma$ and the two minus signs"),
        Step(sigma_explicit(s_k) * v_c, rf"\sigma({SCORE_K})\, {VC}", r"symmetry $1 - \sigma(-x) = \sigma(x)$"),
    ]
    return Derivation(
        rf"\frac{{\partial J_{{\text{{neg-sample}}}}}}{{\partial {UK}}}",
        steps,
        label=_label(label, "eq-negsamp-grad-outside-k"),
        title="Negative sampling: gradient with respect to a negative sample drawn once",
    )


def negsamp_grad_repeated(*, label=None):
    r""":math:`\partial J/\partial\mathbf u_w = n_w(1-\sigma(-\mathbf u_w^\top\mathbf v_c))\mathbf v_c` for a word drawn :math:`n_w` times.

    Examples
    --------
    >>> negsamp_grad_repeated().label
    'eq-negsamp-grad-repeated'
    """
    ctx = _negsamp()
    v_c, word, count = ctx.v_c, ctx.repeated, ctx.repeat_count
    s_w, u_w = ctx.score(word), ctx.u(word)
    draws = [k for k in ctx.neg if k == word]
    score_w = rf"{UW}^\top {VC}"
    steps = [
        Step(ctx.grad(u_w), rf"\frac{{\partial}}{{\partial {UW}}}\Bigl({NEGSAMP_LOSS}\Bigr)",
             "the loss; $w$ is drawn $n_w$ times among the $K$ samples"),
        Step(
            -sum((gradient(sympy.log(sigma_explicit(-s_w)), u_w) for _ in draws), sympy.zeros(ctx.d, 1)),
            rf"-\sum_{{k:\, w_k = w}} \frac{{\partial}}{{\partial {UW}}} \log\sigma(-{score_w})",
            r"only the $n_w$ draws with $w_k = w$ depend on $\mathbf{u}_w$",
        ),
        Step(
            sum(((1 - sigma_explicit(-s_w)) * v_c for _ in draws), sympy.zeros(ctx.d, 1)),
            rf"\sum_{{k:\, w_k = w}} (1 - \sigma(-{score_w}))\, {VC}",
            "each term as for a word drawn once",
        ),
        Step(
            count * (1 - sigma_explicit(-s_w)) * v_c,
            rf"n_w\, (1 - \sigma(-{score_w}))\, {VC}",
            f"$n_w$ equal terms (here $n_w = {count}$, $K = {ctx.K}$): repeats add up",
        ),
    ]
    return Derivation(
        rf"\frac{{\partial J_{{\text{{neg-sample}}}}}}{{\partial {UW}}}",
        steps,
        label=_label(label, "eq-negsamp-grad-repeated"),
        title="Negative sampling: gradient with respect to a word drawn several times",
    )


# --------------------------------------------------------------------------
# Skip-gram over a window
# --------------------------------------------------------------------------


def _window_terms(ctx):
    return [-sympy.log(ctx.yhat[word]) for word in ctx.outside]


def _sum_matrices(matrices, rows, cols):
    return sum(matrices, sympy.zeros(rows, cols))


def skipgram_grad_U(*, label=None):
    r""":math:`\partial J_{sg}/\partial\mathbf U = \sum_j \mathbf v_c(\hat{\mathbf y}-\mathbf y_{t+j})^\top`.

    Examples
    --------
    >>> skipgram_grad_U().label
    'eq-skipgram-grad-U'
    """
    ctx = _skipgram()
    U, v_c, yhat = ctx.U, ctx.v_c, ctx.yhat
    shape = U.shape
    window = len(ctx.outside)
    steps = [
        Step(ctx.grad(U), rf"\frac{{\partial}}{{\partial {UMAT}}} {WINDOW_SUM} J({VC}, w_{{t+j}}, {UMAT})",
             "the naive-softmax loss summed over the window"),
        Step(
            _sum_matrices([gradient(term, U) for term in _window_terms(ctx)], *shape),
            rf"{WINDOW_SUM} \frac{{\partial J({VC}, w_{{t+j}}, {UMAT})}}{{\partial {UMAT}}}",
            "the derivative of a sum is the sum of the derivatives",
        ),
        Step(
            _sum_matrices([v_c * (yhat - y_j).T for y_j in ctx.ys], *shape),
            rf"{WINDOW_SUM} {VC}\,({YHAT} - \mathbf{{y}}_{{t+j}})^\top",
            r"the naive-softmax result; $\mathbf{y}_{t+j}$ one-hot at $w_{t+j}$",
        ),
        Step(
            v_c * (window * yhat - _sum_matrices(list(ctx.ys), ctx.V, 1)).T,
            rf"{VC}\Bigl(2m\, {YHAT} - {WINDOW_SUM} \mathbf{{y}}_{{t+j}}\Bigr)^\top",
            r"$\hat{\mathbf{y}}$ is the same for every $j$; a repeated word counts twice",
        ),
    ]
    return Derivation(
        rf"\frac{{\partial J_{{\text{{skip-gram}}}}}}{{\partial {UMAT}}}",
        steps,
        label=_label(label, "eq-skipgram-grad-U"),
        title="Skip-gram: gradient with respect to U",
    )


def skipgram_grad_center(*, label=None):
    r""":math:`\partial J_{sg}/\partial\mathbf v_c = \sum_j \mathbf U(\hat{\mathbf y}-\mathbf y_{t+j})`.

    Examples
    --------
    >>> skipgram_grad_center().label
    'eq-skipgram-grad-center'
    """
    ctx = _skipgram()
    U, v_c, yhat = ctx.U, ctx.v_c, ctx.yhat
    window = len(ctx.outside)
    steps = [
        Step(ctx.grad(v_c), rf"\frac{{\partial}}{{\partial {VC}}} {WINDOW_SUM} J({VC}, w_{{t+j}}, {UMAT})",
             "the naive-softmax loss summed over the window"),
        Step(
            _sum_matrices([gradient(term, v_c) for term in _window_terms(ctx)], ctx.d, 1),
            rf"{WINDOW_SUM} \frac{{\partial J({VC}, w_{{t+j}}, {UMAT})}}{{\partial {VC}}}",
            "the derivative of a sum is the sum of the derivatives",
        ),
        Step(
            _sum_matrices([U * (yhat - y_j) for y_j in ctx.ys], ctx.d, 1),
            rf"{WINDOW_SUM} {UMAT}({YHAT} - \mathbf{{y}}_{{t+j}})",
            "the naive-softmax result for each window word",
        ),
        Step(
            U * (window * yhat - _sum_matrices(list(ctx.ys), ctx.V, 1)),
            rf"{UMAT}\Bigl(2m\, {YHAT} - {WINDOW_SUM} \mathbf{{y}}_{{t+j}}\Bigr)",
            r"$\hat{\mathbf{y}}$ is the same for every $j$; factor out $\mathbf{U}$",
        ),
    ]
    return Derivation(
        rf"\frac{{\partial J_{{\text{{skip-gram}}}}}}{{\partial {VC}}}",
        steps,
        label=_label(label, "eq-skipgram-grad-center"),
        title="Skip-gram: gradient with respect to the center vector",
    )


def skipgram_grad_other_center(*, label=None):
    r""":math:`\partial J_{sg}/\partial\mathbf v_w = \mathbf 0` for every :math:`w \ne c`.

    Examples
    --------
    >>> skipgram_grad_other_center().label
    'eq-skipgram-grad-other-center'
    """
    ctx = _skipgram()
    v_w = ctx.v_w
    zero = sympy.zeros(ctx.d, 1)
    steps = [
        Step(ctx.grad(v_w), rf"\frac{{\partial}}{{\partial \mathbf{{v}}_w}} {WINDOW_SUM} J({VC}, w_{{t+j}}, {UMAT})",
             r"the skip-gram loss; a center vector $\mathbf{v}_w$, $w \ne c$"),
        Step(
            _sum_matrices([gradient(term, v_w) for term in _window_terms(ctx)], ctx.d, 1),
            rf"{WINDOW_SUM} \frac{{\partial J({VC}, w_{{t+j}}, {UMAT})}}{{\partial \mathbf{{v}}_w}}",
            "the derivative of a sum is the sum of the derivatives",
        ),
        Step(_sum_matrices([zero for _ in ctx.outside], ctx.d, 1), rf"{WINDOW_SUM} \mathbf{{0}}",
             r"each term depends on $\mathbf{v}_c$ and $\mathbf{U}$ only"),
        Step(zero, r"\mathbf{0}", "a sum of zero vectors"),
    ]
    return Derivation(
        r"\frac{\partial J_{\text{skip-gram}}}{\partial \mathbf{v}_w}",
        steps,
        label=_label(label, "eq-skipgram-grad-other-center"),
        title="Skip-gram: gradient with respect to the other center vectors",
    )


# --------------------------------------------------------------------------
# Rong, word2vec Parameter Learning Explained: multi-panel skip-gram (27)-(35)
# --------------------------------------------------------------------------


def _score_symbols(size):
    return symbol_vector("u", size)


def _loss_of_scores(ctx, scores):
    """Rong's E (eq. 29) as a function of free score symbols ``scores`` (V×1)."""
    log_sum = sympy.log(sympy.Add(*[sympy.exp(scores[j]) for j in range(ctx.V)]))
    return -sympy.Add(*[scores[j] for j in ctx.targets]) + ctx.C * log_sum


def _dE_du(ctx):
    """∂E/∂u_j (V×1), differentiated in free score symbols then evaluated at u = W'ᵀh."""
    scores = _score_symbols(ctx.V)
    grad = gradient(_loss_of_scores(ctx, scores), scores)
    return grad.subs(dict(zip(list(scores), list(ctx.u))), simultaneous=True)


def rong_loss(*, label=None):
    r"""Rong eq. (27)–(29): :math:`E = -\sum_c u_{j_c^*} + C\log\sum_{j'}\exp(u_{j'})`.

    Examples
    --------
    >>> rong_loss().label
    'eq-rong-loss'
    """
    ctx = _rong()
    y, u = ctx.y, ctx.u
    denominator = sympy.Add(*[sympy.exp(u[j]) for j in range(ctx.V)])
    steps = [
        Step(
            -sympy.log(sympy.Mul(*[y[j] for j in ctx.targets])),
            r"-\log p(w_{O,1}, \dots, w_{O,C} \mid w_I)",
            "the $C$ context words given the input word",
        ),
        Step(
            -sympy.log(sympy.Mul(*[sympy.exp(u[j]) / denominator for j in ctx.targets])),
            r"-\log \prod_{c=1}^{C} \frac{\exp(u_{c, j_c^*})}{\sum_{j'=1}^{V} \exp(u_{j'})}",
            "the $C$ panels are independent, same softmax, eq. (25)",
        ),
        Step(
            -sympy.Add(*[sympy.log(sympy.exp(u[j]) / denominator) for j in ctx.targets]),
            r"-\sum_{c=1}^{C} \log \frac{\exp(u_{j_c^*})}{\sum_{j'=1}^{V} \exp(u_{j'})}",
            "log of a product; the panels share $u_{c,j} = u_j$",
        ),
        Step(ctx.E, RONG_LOSS, "log of a quotient; the denominator does not depend on c"),
    ]
    return Derivation(
        "E",
        steps,
        label=_label(label, "eq-rong-loss"),
        title="Rong's multi-panel skip-gram loss, eqs. (27)-(29)",
    )


def rong_error(*, label=None):
    r"""Rong eq. (30)–(31): the panels share :math:`u_j`, so :math:`\partial E/\partial u_j = \sum_c e_{c,j} = \mathrm{EI}_j`.

    Examples
    --------
    >>> rong_error().label
    'eq-rong-error'
    """
    ctx = _rong()
    scores = _score_symbols(ctx.V)
    denominator = sympy.Add(*[sympy.exp(scores[j]) for j in range(ctx.V)])
    y_free = _column([sympy.exp(scores[j]) / denominator for j in range(ctx.V)])
    t = ctx.t

    def column_sum(entry):
        return _column([sympy.Add(*[entry(c, j) for c in range(ctx.C)]) for j in range(ctx.V)])

    steps = [
        Step(gradient(_loss_of_scores(ctx, scores), scores),
             rf"\frac{{\partial}}{{\partial u_j}}\Bigl({RONG_LOSS}\Bigr)", "eq. (29)"),
        Step(
            column_sum(lambda c, j: -t[c, j] + sympy.exp(scores[j]) / denominator),
            r"\sum_{c=1}^{C} \frac{\partial E}{\partial u_{c,j}} \frac{\partial u_{c,j}}{\partial u_j}"
            r" = \sum_{c=1}^{C} \Bigl(-t_{c,j} + \frac{\exp(u_j)}{\sum_{j'=1}^{V} \exp(u_{j'})}\Bigr)",
            "every panel holds a copy $u_{c,j} = u_j$: the chain rule sums over $c$;"
            " the target term gives $t_{c,j}$",
        ),
        Step(column_sum(lambda c, j: y_free[j] - t[c, j]), r"\sum_{c=1}^{C} (y_{c,j} - t_{c,j})",
             "$y_{c,j} = y_j$, the softmax output, eq. (25)"),
        Step(column_sum(lambda c, j: y_free[j] - t[c, j]), r"\sum_{c=1}^{C} e_{c,j}",
             "$e_{c,j}$, the error of panel $c$, eq. (30)"),
        Step(ctx.C * y_free - column_sum(lambda c, j: t[c, j]), r"\mathrm{EI}_j",
             r"$\mathrm{EI}_j$ sums the errors over the panels, eq. (31)"),
    ]
    return Derivation(
        r"\frac{\partial E}{\partial u_j}",
        steps,
        label=_label(label, "eq-rong-error"),
        title="Rong: the prediction error summed over the C panels, eqs. (30)-(31)",
    )


def rong_error_slip(*, label=None):
    r"""A *wrong* derivation of Rong's :math:`\mathrm{EI}_j`: the factor :math:`C` counted twice.

    The compact loss :math:`-\sum_c u_{j^*_c} + C\log\sum_{j'}\exp(u_{j'})` already sums
    the :math:`C` panels, so its derivative :math:`-\sum_c t_{c,j} + C\,y_j` is the whole
    :math:`\mathrm{EI}_j`. The slip (step 2) takes :math:`-t_{c,j} + C\,y_j` as the error of
    *one* panel and sums it over the panels once more, ending at :math:`C^2 y_j - \sum_c t_{c,j}`.
    Not in :data:`ALL` (it does not verify); chapter 6, *Where the factor C goes*, shows it
    with ``rong_error_slip().expect_mistake_at(2)``.

    Examples
    --------
    >>> rong_error_slip().first_error.index
    2
    """
    ctx = _rong()
    scores = _score_symbols(ctx.V)
    denominator = sympy.Add(*[sympy.exp(scores[j]) for j in range(ctx.V)])
    y_free = _column([sympy.exp(scores[j]) / denominator for j in range(ctx.V)])
    targets = _column([sympy.Add(*[ctx.t[c, j] for c in range(ctx.C)]) for j in range(ctx.V)])
    C = ctx.C
    steps = [
        Step(gradient(_loss_of_scores(ctx, scores), scores),
             rf"\frac{{\partial}}{{\partial u_j}}\Bigl({RONG_LOSS}\Bigr)", "eq. (29)"),
        Step(C * y_free - targets, r"-\sum_{c=1}^{C} t_{c,j} + C\, y_j",
             r"$u_{j_c^*}$ gives $t_{c,j}$; the log-sum-exp gives $C\, y_j$ — all $C$ panels at once"),
        Step(C * (C * y_free) - targets, r"\sum_{c=1}^{C} \bigl(-t_{c,j} + C\, y_j\bigr)",
             r"the slip: $-t_{c,j} + C\, y_j$ taken as the error of panel $c$, then summed over the panels"),
        Step(C ** 2 * y_free - targets, r"C^2\, y_j - \sum_{c=1}^{C} t_{c,j}", "collect terms"),
    ]
    return Derivation(
        r"\frac{\partial E}{\partial u_j}",
        steps,
        label=_label(label, "eq-rong-error-slip"),
        title="A slip in Rong's error: the factor C counted twice",
    )


def _rong_EI_h(ctx):
    return sympy.Matrix(ctx.N, ctx.V, lambda i, j: ctx.EI[j] * ctx.h[i])


def rong_grad_output(*, label=None):
    r"""Rong eq. (32): :math:`\partial E/\partial w'_{ij} = \mathrm{EI}_j\, h_i`.

    Examples
    --------
    >>> rong_grad_output().steps[-1].expr.shape
    (3, 5)
    """
    ctx = _rong()
    de_du = _dE_du(ctx)
    steps = [
        Step(ctx.grad(ctx.W_out), rf"\frac{{\partial}}{{\partial w'_{{ij}}}}\Bigl({RONG_LOSS}\Bigr)",
             r"eq. (29), with $u_j = \sum_i w'_{ij} h_i$"),
        Step(
            sympy.Matrix(ctx.N, ctx.V, lambda i, j: de_du[j] * ctx.h[i]),
            r"\sum_{c=1}^{C} \frac{\partial E}{\partial u_{c,j}} \frac{\partial u_{c,j}}{\partial w'_{ij}}",
            "chain rule through every panel: all $C$ copies $u_{c,j} = u_j$ depend on $w'_{ij}$",
        ),
        Step(
            sympy.Matrix(ctx.N, ctx.V, lambda i, j: sympy.Add(*[ctx.e[c, j] for c in range(ctx.C)]) * ctx.h[i]),
            r"\sum_{c=1}^{C} e_{c,j}\, h_i",
            r"eq. (30): $\partial E/\partial u_{c,j} = e_{c,j}$; $\partial u_{c,j}/\partial w'_{ij} = h_i$",
        ),
        Step(_rong_EI_h(ctx), r"\mathrm{EI}_j\, h_i", r"$\mathrm{EI}_j$, eq. (31)"),
        Step(ctx.h * ctx.EI.T, r"\bigl[\mathbf{h}\, \mathrm{EI}^\top\bigr]_{ij}",
             r"matrix form: $N\times V$, like $\mathbf{W}'$"),
    ]
    return Derivation(
        r"\frac{\partial E}{\partial w'_{ij}}",
        steps,
        label=_label(label, "eq-rong-grad-output"),
        title="Rong: gradient with respect to the output vectors, eq. (32)",
    )


def rong_EH(*, label=None):
    r"""Rong eq. (35): :math:`\partial E/\partial h_i = \sum_j \mathrm{EI}_j w'_{ij} = \mathrm{EH}_i`.

    Examples
    --------
    >>> rong_EH().label
    'eq-rong-EH'
    """
    ctx = _rong()
    de_du = _dE_du(ctx)
    W_out = ctx.W_out
    steps = [
        Step(ctx.grad(ctx.v_input), rf"\frac{{\partial}}{{\partial h_i}}\Bigl({RONG_LOSS}\Bigr)",
             r"eq. (29), with $u_j = \sum_i w'_{ij} h_i$"),
        Step(
            _column([sympy.Add(*[de_du[j] * W_out[i, j] for j in range(ctx.V)]) for i in range(ctx.N)]),
            r"\sum_{j=1}^{V} \frac{\partial E}{\partial u_j} \frac{\partial u_j}{\partial h_i}",
            "chain rule: $h_i$ enters every score $u_j$",
        ),
        Step(
            _column([sympy.Add(*[ctx.EI[j] * W_out[i, j] for j in range(ctx.V)]) for i in range(ctx.N)]),
            r"\sum_{j=1}^{V} \mathrm{EI}_j\, w'_{ij}",
            r"eq. (31); $\partial u_j/\partial h_i = w'_{ij}$",
        ),
        Step(W_out * ctx.EI, r"\bigl[\mathbf{W}'\, \mathrm{EI}\bigr]_i = \mathrm{EH}_i",
             r"a matrix-vector product, named $\mathrm{EH}$, eq. (35)"),
    ]
    return Derivation(
        r"\frac{\partial E}{\partial h_i}",
        steps,
        label=_label(label, "eq-rong-EH"),
        title="Rong: the error propagated to the hidden layer, eq. (35)",
    )


def rong_update_output(*, label=None):
    r"""Rong eq. (33): :math:`w'_{ij} \leftarrow w'_{ij} - \eta\,\mathrm{EI}_j h_i` is gradient descent.

    Examples
    --------
    >>> rong_update_output().label
    'eq-rong-update-output'
    """
    ctx = _rong()
    W_out = ctx.W_out
    steps = [
        Step(W_out - ETA * ctx.grad(W_out), r"w'_{ij} - \eta\, \frac{\partial E}{\partial w'_{ij}}",
             r"gradient descent, learning rate $\eta$"),
        Step(
            W_out - ETA * sympy.Matrix(ctx.N, ctx.V, lambda i, j: sympy.Add(*[ctx.e[c, j] for c in range(ctx.C)]) * ctx.h[i]),
            r"w'_{ij} - \eta \sum_{c=1}^{C} e_{c,j}\, h_i",
            "the gradient, eq. (32)",
        ),
        Step(W_out - ETA * _rong_EI_h(ctx), r"w'_{ij} - \eta\, \mathrm{EI}_j\, h_i", r"$\mathrm{EI}_j$, eq. (31)"),
    ]
    return Derivation(
        r"{w'_{ij}}^{(\text{new})}",
        steps,
        label=_label(label, "eq-rong-update-output"),
        title="Rong: update of the output vectors, eq. (33)",
    )


def rong_update_input(*, label=None):
    r"""Rong eq. (35): :math:`\mathbf v_{w_I} \leftarrow \mathbf v_{w_I} - \eta\,\mathrm{EH}` is gradient descent.

    Examples
    --------
    >>> rong_update_input().label
    'eq-rong-update-input'
    """
    ctx = _rong()
    v_input = ctx.v_input
    h_free = symbol_vector("h", ctx.N)
    scores_of_h = ctx.W_out.T * h_free
    loss_of_h = _loss_of_scores(ctx, scores_of_h)
    dE_dh = gradient(loss_of_h, h_free).subs(dict(zip(list(h_free), list(ctx.h))), simultaneous=True)
    steps = [
        Step(v_input - ETA * ctx.grad(v_input), r"\mathbf{v}_{w_I} - \eta\, \frac{\partial E}{\partial \mathbf{v}_{w_I}}",
             r"gradient descent; other rows of $\mathbf{W}$ get zero gradient"),
        Step(v_input - ETA * dE_dh, r"\mathbf{v}_{w_I} - \eta\, \frac{\partial E}{\partial \mathbf{h}}",
             r"$\mathbf{h} = \mathbf{W}^\top\mathbf{x} = \mathbf{v}_{w_I}$"),
        Step(v_input - ETA * ctx.W_out * _dE_du(ctx), r"\mathbf{v}_{w_I} - \eta\, \mathbf{W}' \mathrm{EI}",
             "the hidden-layer gradient, eq. (35)"),
        Step(v_input - ETA * ctx.EH, r"\mathbf{v}_{w_I} - \eta\, \mathrm{EH}", r"its name $\mathrm{EH}$"),
    ]
    return Derivation(
        r"\mathbf{v}_{w_I}^{(\text{new})}",
        steps,
        label=_label(label, "eq-rong-update-input"),
        title="Rong: update of the input vector, eq. (35)",
    )


# --------------------------------------------------------------------------
# CBOW (Rong, section 2)
# --------------------------------------------------------------------------


def _cbow_dE_du(ctx):
    scores = _score_symbols(ctx.V)
    loss = -scores[ctx.center] + sympy.log(sympy.Add(*[sympy.exp(scores[j]) for j in range(ctx.V)]))
    return gradient(loss, scores).subs(dict(zip(list(scores), list(ctx.u))), simultaneous=True)


def cbow_grad_output(*, label=None):
    r"""CBOW: :math:`\partial E/\partial w'_{ij} = e_j h_i`, i.e. :math:`\mathbf h\,\mathbf e^\top`.

    Examples
    --------
    >>> cbow_grad_output().label
    'eq-cbow-grad-output'
    """
    ctx = _cbow()
    de_du = _cbow_dE_du(ctx)
    N, V = ctx.N, ctx.V
    steps = [
        Step(ctx.grad(ctx.W_out), rf"\frac{{\partial}}{{\partial w'_{{ij}}}}\Bigl({CBOW_LOSS}\Bigr)",
             r"CBOW loss; $\mathbf{h}$ is the mean of the context input vectors"),
        Step(sympy.Matrix(N, V, lambda i, j: de_du[j] * ctx.h[i]),
             r"\frac{\partial E}{\partial u_j} \frac{\partial u_j}{\partial w'_{ij}}",
             "chain rule: $w'_{ij}$ enters $E$ only through $u_j$"),
        Step(sympy.Matrix(N, V, lambda i, j: (ctx.y[j] - ctx.t[j]) * ctx.h[i]), r"(y_j - t_j)\, h_i",
             r"softmax, one-hot target $\mathbf{t}$; $\partial u_j/\partial w'_{ij} = h_i$"),
        Step(sympy.Matrix(N, V, lambda i, j: ctx.e[j] * ctx.h[i]), r"e_j\, h_i", "the prediction error $e_j$"),
        Step(ctx.h * ctx.e.T, r"\bigl[\mathbf{h}\, \mathbf{e}^\top\bigr]_{ij}",
             r"matrix form: $N\times V$, like $\mathbf{W}'$"),
    ]
    return Derivation(
        r"\frac{\partial E}{\partial w'_{ij}}",
        steps,
        label=_label(label, "eq-cbow-grad-output"),
        title="CBOW: gradient with respect to the output vectors",
    )


def cbow_grad_input(*, label=None):
    r"""CBOW: :math:`\partial E/\partial\mathbf v_{w_{I,c}} = \frac1C\,\mathrm{EH}` for a context word used once.

    A word that occurs n times in the context gets n/C EH (the contributions add).

    Examples
    --------
    >>> cbow_grad_input().label
    'eq-cbow-grad-input'
    """
    ctx = _cbow()
    word = next(w for w in ctx.context if ctx.context.count(w) == 1)
    v_word = ctx.v_input(word)
    h_free = symbol_vector("h", ctx.N)
    scores_of_h = ctx.W_out.T * h_free
    loss_of_h = -scores_of_h[ctx.center] + sympy.log(sympy.Add(*[sympy.exp(scores_of_h[j]) for j in range(ctx.V)]))
    dE_dh = gradient(loss_of_h, h_free).subs(dict(zip(list(h_free), list(ctx.h))), simultaneous=True)
    C = sympy.Integer(ctx.C)
    steps = [
        Step(ctx.grad(v_word),
             rf"\frac{{\partial}}{{\partial \mathbf{{v}}_{{w_{{I,c}}}}}}\Bigl({CBOW_LOSS}\Bigr)",
             r"CBOW loss; $\mathbf{h}$ is the mean of the $C$ context input vectors"),
        Step(dE_dh / C, r"\frac{1}{C}\, \frac{\partial E}{\partial \mathbf{h}}",
             r"chain rule: $\mathbf{h} = \frac{1}{C}\sum_c \mathbf{v}_{w_{I,c}}$"),
        Step(ctx.W_out * _cbow_dE_du(ctx) / C, r"\frac{1}{C} \sum_{j=1}^{V} e_j\, \mathbf{v}'_{w_j}",
             "as for skip-gram: output vectors weighted by the errors"),
        Step(ctx.EH / C, r"\frac{1}{C}\, \mathrm{EH}", r"$\mathrm{EH} = \mathbf{W}'\mathbf{e}$; a word used $n$ times gets $\frac{n}{C}\mathrm{EH}$"),
    ]
    return Derivation(
        r"\frac{\partial E}{\partial \mathbf{v}_{w_{I,c}}}",
        steps,
        label=_label(label, "eq-cbow-grad-input"),
        title="CBOW: gradient with respect to a context word's input vector",
    )


ALL = {
    function.__name__: function
    for function in (
        cross_entropy_one_hot,
        softmax_grad_center,
        softmax_grad_outside_o,
        softmax_grad_outside_w,
        softmax_grad_U,
        sigmoid_derivative,
        sigmoid_symmetry,
        negsamp_grad_center,
        negsamp_grad_outside_o,
        negsamp_grad_outside_k,
        negsamp_grad_repeated,
        skipgram_grad_U,
        skipgram_grad_center,
        skipgram_grad_other_center,
        rong_loss,
        rong_error,
        rong_grad_output,
        rong_EH,
        rong_update_output,
        rong_update_input,
        cbow_grad_output,
        cbow_grad_input,
    )
}


def verify_all(names=None):
    """Verify ready-made derivations and time each one.

    Parameters
    ----------
    names : iterable of str or None
        Keys of :data:`ALL`; default all of them.

    Returns
    -------
    dict
        name → ``(seconds, statuses)`` with one status per step
        (``"proved"``, ``"numeric"``, ``"refuted"``, ``"shape"`` …).

    Raises
    ------
    ValueError
        For a name that is not in :data:`ALL`.
    """
    names = list(ALL) if names is None else list(names)
    unknown = [name for name in names if name not in ALL]
    if unknown:
        raise ValueError(f"unknown derivation name(s) {unknown}; known: {sorted(ALL)}")
    results = {}
    for name in names:
        start = time.perf_counter()
        step_results = ALL[name]().verify()
        results[name] = (time.perf_counter() - start, [result.status for result in step_results])
    return results
