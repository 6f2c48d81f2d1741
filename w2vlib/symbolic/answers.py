r"""Check a reader's typed answer to one of the book's gradient exercises.

``check_answer(question_id, text)`` reads the answer with
:func:`~w2vlib.symbolic.parsing.parse_answer` (never ``eval``), builds the true
quantity component-wise in a small concrete context
(:mod:`w2vlib.symbolic.contexts`: :math:`d = 3`, :math:`|V| = 5` or 6, so a
missing transpose changes the shape) and compares the two with
:func:`~w2vlib.symbolic.checker.compare`. Equivalent forms are all accepted;
a wrong answer gets a message in plain words (wrong shape, flipped sign, a
factor such as :math:`K`, a known slip, or the values at a point where the two
differ). Used by the exercises of every chapter (:mod:`w2vlib.symbolic.exercise`).

How to type an answer
---------------------
- names: ``U`` (:math:`\mathbf U`, columns :math:`\mathbf u_w`), ``v_c``, ``u_o``,
  ``u_w``, ``u_k``, ``y`` (one-hot), ``yhat`` (:math:`\hat{\mathbf y}`),
  ``yhat_o``, ``yhat_w``, ``y_o``, ``y_w``, ``x``, ``K`` … — each question lists its own;
- vectors are columns; ``^T`` transposes: ``u_o^T v_c`` is the score :math:`\mathbf u_o^\top\mathbf v_c`;
- products: ``*``, ``@`` or just a space / juxtaposition: ``U(yhat - y)``,
  ``U*(yhat - y)``, ``U@yhat - u_o``, ``2 v_c``, ``v_c(1 - sigma(x))``;
- ``+ - / ^`` (or ``**``) and parentheses; functions ``exp``, ``log``, ``sigma``;
- sums over an index: ``sum_w(yhat_w u_w)`` (all words w), ``sum_k(...)`` (the
  K negative samples, repeats included), ``sum_j(...)`` (the window),
  ``sum_c(...)`` (Rong's C panels); inside the sum the indexed names
  (``u_w, yhat_w, y_w``; ``u_k``; ``y_j, u_j``; ``t_c, e_c``) take each value in turn;
- a zero vector may be written ``0``.

Examples
--------
>>> check_answer("softmax_grad_center", "U(yhat - y)").correct
True
>>> check_answer("softmax_grad_center", "U@yhat - u_o").correct
True
>>> feedback = check_answer("softmax_grad_center", "(yhat - y)^T U^T")
>>> feedback.correct, "transpose" in feedback.message
(False, True)
"""

import functools
import html
import re
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import sympy

from w2vlib.symbolic.checker import compare, format_point, format_value
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
from w2vlib.symbolic.parsing import AnswerParseError, answer_latex, describe_shape, parse_answer, shape_of

__all__ = ["Question", "Feedback", "QUESTIONS", "check_answer"]

_FUNCTIONS = ("exp", "log", "sigma")
_POINTS = 8
_PROOF_SECONDS = 0.3
_DIAGNOSIS_SECONDS = 0.1


# --------------------------------------------------------------------------- public records


@dataclass(frozen=True)
class Question:
    r"""One exercise: what is asked, the expected shape, a hint and the names the reader may use.

    Attributes
    ----------
    id : str
        Key in :data:`QUESTIONS`.
    prompt_latex : str
        The question as text with ``$...$`` math (for HTMLMath or Markdown).
    quantity : str
        The asked quantity in plain Unicode, used in messages (``∂J/∂v_c``).
    answer_shape : str
        The expected shape in words (``"a d×1 column (3×1 here), like v_c"``).
    hint : str
        A nudge for a reader who is stuck.
    syntax : str
        The names and sums this question understands.
    canonical : str
        One accepted answer, as the reader would type it.
    """

    id: str
    prompt_latex: str
    quantity: str
    answer_shape: str
    hint: str
    syntax: str
    canonical: str


@dataclass(frozen=True)
class Feedback:
    """Verdict on one answer: ``correct``, a ``message`` in plain words, and how the answer was read.

    ``status`` is the checker's verdict (``"proved"``, ``"numeric"``, ``"refuted"``,
    ``"shape"``) or ``"unreadable"`` when the text could not be parsed.
    """

    correct: bool
    message: str
    understood_latex: str | None = None
    question_id: str = ""
    status: str = ""

    def _repr_markdown_(self):
        mark = "✓" if self.correct else "✗"
        lines = [f"**{mark}** {_escape_markdown(self.message)}"]
        if self.understood_latex:
            lines.append(f"Understood as: ${self.understood_latex}$")
        return "\n\n".join(lines) + "\n"

    def to_html(self):
        """HTML for an ipywidgets ``HTMLMath`` (the math stays in ``$...$``)."""
        color = "green" if self.correct else "#b00020"
        mark = "✓" if self.correct else "✗"
        parts = [f'<p><b style="color:{color}">{mark}</b> {html.escape(self.message)}</p>']
        if self.understood_latex:
            parts.append(f"<p>Understood as: ${html.escape(self.understood_latex, quote=False)}$</p>")
        return "".join(parts)


def _escape_markdown(text):
    return re.sub(r"([\\`*_\[\]<>|$])", r"\\\1", text)


# --------------------------------------------------------------------------- question setups

_softmax = functools.lru_cache(maxsize=None)(softmax_context)
_sigmoid = functools.lru_cache(maxsize=None)(sigmoid_context)
_negsamp = functools.lru_cache(maxsize=None)(negsamp_context)
_skipgram = functools.lru_cache(maxsize=None)(skipgram_context)
_rong = functools.lru_cache(maxsize=None)(rong_context)
_cbow = functools.lru_cache(maxsize=None)(cbow_context)


@dataclass(frozen=True)
class _Setup:
    """What checking one question needs: names, sums, the true value and known slips."""

    names: dict
    index_sets: dict
    truth: object
    mistakes: tuple = ()  # (expression, message) pairs: a match gives the targeted message
    factors: dict = field(default_factory=dict)  # Fraction → message for "c times the truth"
    # When ``truth`` is the textbook closed form (fast to prove against), the component-wise
    # ``sympy.diff`` gradient it must equal (checked in the tests and by the ready-made derivations).
    reference: object = None


def _dot(a, b):
    return (a.T * b)[0, 0]


def _softmax_names(ctx):
    return dict(ctx.names), dict(ctx.index_sets)


def _setup_cross_entropy():
    ctx = _softmax()
    names, index_sets = _softmax_names(ctx)
    truth = -sympy.log(ctx.yhat[ctx.o])
    mistakes = (
        (-sympy.log(ctx.yhat[ctx.w]), "That is −log ŷ_w for another word w; with y one-hot at o only the term w = o survives."),
        (-sympy.Add(*[sympy.log(ctx.yhat[w]) for w in range(ctx.V)]),
         "You dropped the weights y_w: −Σ_w y_w log ŷ_w keeps only the term where y_w = 1."),
    )
    return _Setup(names, index_sets, truth, mistakes)


def _setup_softmax_grad_center():
    ctx = _softmax()
    names, index_sets = _softmax_names(ctx)
    wrong_probability = -ctx.u(ctx.o) + sum((ctx.yhat[ctx.o] * ctx.u(w) for w in range(ctx.V)), sympy.zeros(ctx.d, 1))
    mistakes = (
        (wrong_probability, "Inside the sum you used P(O=o|C=c) = ŷ_o for every word; the weight of u_w is P(O=w|C=c) = ŷ_w."),
        (ctx.U * ctx.yhat, "You have Uŷ but lost the −u_o = −Uy that comes from the numerator exp(u_oᵀv_c)."),
    )
    truth = ctx.U * (ctx.yhat - ctx.y)
    return _Setup(names, index_sets, truth, mistakes, reference=ctx.grad(ctx.v_c))


def _setup_softmax_grad_outside_o():
    ctx = _softmax()
    names, index_sets = _softmax_names(ctx)
    mistakes = (
        (ctx.yhat[ctx.o] * ctx.v_c, "You kept the softmax part ŷ_o v_c but lost the −v_c from the numerator exp(u_oᵀv_c)."),
        (ctx.U * (ctx.yhat - ctx.y), "That is ∂J/∂v_c; for ∂J/∂u_o the inner derivative of u_oᵀv_c is v_c."),
    )
    return _Setup(names, index_sets, ctx.grad(ctx.u(ctx.o)), mistakes)


def _setup_softmax_grad_outside_w():
    ctx = _softmax()
    names, index_sets = _softmax_names(ctx)
    mistakes = (
        (ctx.yhat[ctx.o] * ctx.v_c, "You used P(O=o|C=c) = ŷ_o; for u_w the factor is P(O=w|C=c) = ŷ_w."),
        ((ctx.yhat[ctx.w] - 1) * ctx.v_c, "The −v_c term only appears for the true word o: here y_w = 0, so there is no −1."),
    )
    return _Setup(names, index_sets, ctx.grad(ctx.u(ctx.w)), mistakes)


def _setup_softmax_grad_U():
    ctx = _softmax()
    names, index_sets = _softmax_names(ctx)
    mistakes = (
        (ctx.v_c * ctx.yhat.T, "You have v_c ŷᵀ but lost the −v_c yᵀ from the true word's numerator."),
    )
    truth = ctx.v_c * (ctx.yhat - ctx.y).T
    return _Setup(names, index_sets, truth, mistakes, reference=ctx.grad(ctx.U))


def _setup_sigmoid_derivative():
    ctx = _sigmoid()
    x = ctx.x
    e = sympy.exp(-x)
    mistakes = (
        ((1 * (1 + e) - (-e) * 1) / (1 + e) ** 2,
         "This looks like the quotient rule with f' g and f g' mixed up: with f = 1 and g = 1 + e^(−x), "
         "the numerator is f'g − fg' = 0·(1 + e^(−x)) − 1·(−e^(−x)) = e^(−x)."),
        (sigma_explicit(x) * (1 + sigma_explicit(x)), "It is σ(x)(1 − σ(x)), with a minus: 1 − σ(x) = e^(−x)/(1 + e^(−x))."),
    )
    return _Setup(dict(ctx.names), {}, sympy.diff(ctx.sigma_x, x), mistakes)


def _negsamp_names(ctx):
    return dict(ctx.names), dict(ctx.index_sets)


def _setup_negsamp_grad_center():
    ctx = _negsamp()
    names, index_sets = _negsamp_names(ctx)
    s_o = ctx.score(ctx.o)
    zero = sympy.zeros(ctx.d, 1)
    dropped_minus = -(1 - sigma_explicit(s_o)) * ctx.u(ctx.o) + sum(
        ((1 - sigma_explicit(ctx.score(k))) * ctx.u(k) for k in ctx.neg), zero)
    wrong_sign_k = -(1 - sigma_explicit(s_o)) * ctx.u(ctx.o) - sum(
        ((1 - sigma_explicit(-ctx.score(k))) * ctx.u(k) for k in ctx.neg), zero)
    mistakes = (
        (dropped_minus, "A minus sign was dropped inside σ(−u_kᵀv_c): the negative samples enter as σ(−u_kᵀv_c)."),
        (wrong_sign_k, "The sign of the sum over k is flipped: the inner derivative of −u_kᵀv_c is −u_k, "
                       "and it cancels the minus in front of the sum."),
    )
    return _Setup(names, index_sets, ctx.grad(ctx.v_c), mistakes)


def _setup_negsamp_grad_outside_o():
    ctx = _negsamp()
    names, index_sets = _negsamp_names(ctx)
    s_o = ctx.score(ctx.o)
    mistakes = (
        ((sigma_explicit(s_o) - 1) * ctx.u(ctx.o), "That is the o-term of ∂J/∂v_c; for ∂J/∂u_o the inner derivative of u_oᵀv_c is v_c."),
    )
    return _Setup(names, index_sets, ctx.grad(ctx.u(ctx.o)), mistakes)


def _setup_negsamp_grad_outside_k():
    ctx = _negsamp()
    names, index_sets = _negsamp_names(ctx)
    s_k = ctx.score(ctx.once)
    mistakes = (
        ((1 - sigma_explicit(s_k)) * ctx.v_c, "A minus sign was dropped inside σ(−u_kᵀv_c)."),
    )
    factors = {
        Fraction(ctx.K): f"You multiplied by K = {ctx.K}: only the draws of this very word depend on u_k, and it is drawn once.",
    }
    return _Setup(names, index_sets, ctx.grad(ctx.u(ctx.once)), mistakes, factors)


def _setup_negsamp_grad_outside_repeated():
    ctx = _negsamp()
    names, index_sets = _negsamp_names(ctx)
    names["u_w"] = ctx.u(ctx.repeated)
    n, K = ctx.repeat_count, ctx.K
    s_w = ctx.score(ctx.repeated)
    mistakes = (
        ((1 - sigma_explicit(s_w)) * ctx.v_c * n, "A minus sign was dropped inside σ(−u_wᵀv_c)."),
    )
    factors = {
        Fraction(K, n): f"You counted all K = {K} samples, but only the n = {n} draws of w depend on u_w.",
        Fraction(1, n): f"This is the gradient of one draw; w is drawn n = {n} times and the contributions add up.",
    }
    return _Setup(names, index_sets, ctx.grad(ctx.u(ctx.repeated)), mistakes, factors)


def _skipgram_names(ctx):
    names = {key: value for key, value in ctx.names.items() if key != "W"}
    return names, dict(ctx.index_sets)


def _setup_skipgram_grad_U():
    ctx = _skipgram()
    names, index_sets = _skipgram_names(ctx)
    y_sum = sum(ctx.ys, sympy.zeros(ctx.V, 1))
    mistakes = (
        (ctx.v_c * (ctx.yhat - y_sum).T, f"ŷ appears once per window word: there are 2m = {len(ctx.outside)} terms v_c ŷᵀ."),
    )
    truth = ctx.v_c * (len(ctx.outside) * ctx.yhat - y_sum).T
    return _Setup(names, index_sets, truth, mistakes, reference=ctx.grad(ctx.U))


def _setup_skipgram_grad_center():
    ctx = _skipgram()
    names, index_sets = _skipgram_names(ctx)
    y_sum = sum(ctx.ys, sympy.zeros(ctx.V, 1))
    mistakes = (
        (ctx.U * (ctx.yhat - y_sum), f"ŷ appears once per window word: there are 2m = {len(ctx.outside)} terms Uŷ."),
    )
    factors = {Fraction(1, len(ctx.outside)): "That is the gradient for one window word; the skip-gram loss sums over the window."}
    truth = ctx.U * (len(ctx.outside) * ctx.yhat - y_sum)
    return _Setup(names, index_sets, truth, mistakes, factors, reference=ctx.grad(ctx.v_c))


def _setup_skipgram_grad_other_center():
    ctx = _skipgram()
    names, index_sets = _skipgram_names(ctx)
    y_sum = sum(ctx.ys, sympy.zeros(ctx.V, 1))
    mistakes = (
        (ctx.U * (len(ctx.outside) * ctx.yhat - y_sum),
         "That is the gradient for the center word c itself; J does not involve v_w for w ≠ c."),
    )
    return _Setup(names, index_sets, ctx.grad(ctx.v_w), mistakes)


def _rong_dE_du(ctx):
    scores = symbol_vector("u", ctx.V)
    loss = -sympy.Add(*[scores[j] for j in ctx.targets]) + ctx.C * sympy.log(
        sympy.Add(*[sympy.exp(scores[j]) for j in range(ctx.V)]))
    return gradient(loss, scores).subs(dict(zip(list(scores), list(ctx.u))), simultaneous=True)


def _setup_rong_EI():
    ctx = _rong()
    names = {key: value for key, value in ctx.names.items() if key not in ("EI", "EH")}
    t_sum = sum((ctx.t[c, :].T for c in range(ctx.C)), sympy.zeros(ctx.V, 1))
    mistakes = (
        (ctx.y - t_sum, f"The C = {ctx.C} panels share u_j, and each contributes its own y_j: the first term is C·y."),
        (ctx.C * ctx.C * ctx.y - t_sum,
         "The factor C of C·log Σ exp(u_j′) already sums the C panels: each panel contributes y_j once, "
         "so per panel the error is y_j − t_{c,j}, not C·y_j − t_{c,j}."),
    )
    factors = {Fraction(1, ctx.C): "That is the error of one panel on average; EI sums the errors of all C panels."}
    return _Setup(names, dict(ctx.index_sets), _rong_dE_du(ctx), mistakes, factors)


def _setup_rong_EH():
    ctx = _rong()
    names = {key: value for key, value in ctx.names.items() if key != "EH"}
    mistakes = (
        (ctx.W_out * (ctx.y - ctx.t[0, :].T), "That uses the error of one panel only; EH uses EI, the sum over all C panels."),
    )
    return _Setup(names, dict(ctx.index_sets), ctx.grad(ctx.v_input), mistakes)


_SOFTMAX_SYNTAX = (
    "Names: U (d×|V|, columns u_w), v_c, u_o, u_w (a word w ≠ o), y (one-hot at o), yhat (softmax), "
    "yhat_o, yhat_w, y_o, y_w; sum_w(...) sums over all words w, binding u_w, yhat_w, y_w."
)
_NEGSAMP_SYNTAX = (
    "Names: U, v_c, u_o, u_k (a negative sample drawn once), K (number of samples); "
    "sum_k(...) sums over the K samples (repeats included), binding u_k; functions sigma, exp, log."
)
_SKIPGRAM_SYNTAX = (
    "Names: U, v_c, v_w (a center vector with w ≠ c), yhat (softmax of Uᵀv_c), m (2m window words); "
    "sum_j(...) sums over the window, binding y_j (one-hot of the j-th outside word) and u_j (its outside vector)."
)
_RONG_SYNTAX = (
    "Names: W (V×N), Wp or W_prime (N×V, Rong's W′), h, u (scores), y (softmax, y_j), C; "
    "sum_c(...) sums over the C panels, binding t_c (one-hot target of panel c) and e_c = y − t_c."
)


def _question(id, prompt, quantity, shape, hint, syntax, canonical):
    return Question(id, prompt, quantity, shape, hint, syntax, canonical)


QUESTIONS = {
    question.id: question
    for question in (
        _question("cross_entropy",
                  r"With $\mathbf{y}$ one-hot at the true word $o$, simplify the cross-entropy "
                  r"$-\sum_{w} y_w \log \hat{y}_w$.",
                  "the cross-entropy", "a scalar",
                  "Only one y_w is not zero.", _SOFTMAX_SYNTAX, "-log(yhat_o)"),
        _question("softmax_grad_center",
                  r"For $J = -\log \hat{y}_o$ with $\hat{\mathbf{y}} = \mathrm{softmax}(\mathbf{U}^\top \mathbf{v}_c)$, "
                  r"write $\dfrac{\partial J}{\partial \mathbf{v}_c}$ in terms of $\mathbf{U}$, $\hat{\mathbf{y}}$, $\mathbf{y}$.",
                  "∂J/∂v_c", "a d×1 column (3×1 here), like v_c",
                  "Split −log of the quotient, differentiate log Σ_w exp(u_wᵀv_c), and recognize ŷ_w.",
                  _SOFTMAX_SYNTAX, "U(yhat - y)"),
        _question("softmax_grad_outside_o",
                  r"For the naive-softmax loss, write $\dfrac{\partial J}{\partial \mathbf{u}_o}$ (the true outside word).",
                  "∂J/∂u_o", "a d×1 column (3×1 here), like u_o",
                  "u_o appears in the numerator and in one term of the denominator.",
                  _SOFTMAX_SYNTAX, "(yhat_o - 1) v_c"),
        _question("softmax_grad_outside_w",
                  r"For the naive-softmax loss, write $\dfrac{\partial J}{\partial \mathbf{u}_w}$ for a word $w \ne o$.",
                  "∂J/∂u_w", "a d×1 column (3×1 here), like u_w",
                  "u_w appears only in the denominator Σ exp(u_wᵀv_c).",
                  _SOFTMAX_SYNTAX, "yhat_w v_c"),
        _question("softmax_grad_U",
                  r"For the naive-softmax loss, write $\dfrac{\partial J}{\partial \mathbf{U}}$ (its columns are "
                  r"$\partial J / \partial \mathbf{u}_w$).",
                  "∂J/∂U", "a d×|V| matrix (3×5 here), like U",
                  "Column w is (ŷ_w − y_w) v_c: an outer product.",
                  _SOFTMAX_SYNTAX, "v_c (yhat - y)^T"),
        _question("sigmoid_derivative",
                  r"Write $\dfrac{d\sigma(x)}{dx}$ for $\sigma(x) = \dfrac{1}{1 + e^{-x}}$.",
                  "σ′(x)", "a scalar",
                  "Quotient rule, then write the result with σ(x) itself.",
                  "Names: x; functions sigma, exp, log.", "sigma(x)(1 - sigma(x))"),
        _question("negsamp_grad_center",
                  r"For $J = -\log\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - \sum_{k=1}^{K} \log\sigma(-\mathbf{u}_k^\top \mathbf{v}_c)$, "
                  r"write $\dfrac{\partial J}{\partial \mathbf{v}_c}$ (use $\texttt{sum\_k}$ for the sum).",
                  "∂J/∂v_c", "a d×1 column (3×1 here), like v_c",
                  "(log σ(z))′ = 1 − σ(z) times the derivative of z.",
                  _NEGSAMP_SYNTAX, "-(1 - sigma(u_o^T v_c)) u_o + sum_k((1 - sigma(-u_k^T v_c)) u_k)"),
        _question("negsamp_grad_outside_o",
                  r"For the negative-sampling loss, write $\dfrac{\partial J}{\partial \mathbf{u}_o}$.",
                  "∂J/∂u_o", "a d×1 column (3×1 here), like u_o",
                  "Only the first term depends on u_o.",
                  _NEGSAMP_SYNTAX, "-(1 - sigma(u_o^T v_c)) v_c"),
        _question("negsamp_grad_outside_k",
                  r"For the negative-sampling loss, write $\dfrac{\partial J}{\partial \mathbf{u}_k}$ for a negative "
                  r"sample $w_k$ that is drawn once.",
                  "∂J/∂u_k", "a d×1 column (3×1 here), like u_k",
                  "Only the k-th term depends on u_k; watch the two minus signs.",
                  _NEGSAMP_SYNTAX, "(1 - sigma(-u_k^T v_c)) v_c"),
        _question("negsamp_grad_outside_repeated",
                  r"Among the $K = 3$ negative samples, the word $w$ is drawn $n = 2$ times. "
                  r"Write $\dfrac{\partial J}{\partial \mathbf{u}_w}$.",
                  "∂J/∂u_w", "a d×1 column (3×1 here), like u_w",
                  "Every draw of w contributes a term.",
                  _NEGSAMP_SYNTAX + " Here u_w is the repeated word's vector and n = 2 its number of draws.",
                  "n (1 - sigma(-u_w^T v_c)) v_c"),
        _question("skipgram_grad_U",
                  r"For $J_{\text{skip-gram}} = \sum_{j} J(\mathbf{v}_c, w_{t+j}, \mathbf{U})$ (naive softmax, a window of "
                  r"$2m$ words), write $\dfrac{\partial J_{\text{skip-gram}}}{\partial \mathbf{U}}$.",
                  "∂J_skip-gram/∂U", "a d×|V| matrix (3×5 here), like U",
                  "Sum the single-word gradient v_c(ŷ − y)ᵀ over the window.",
                  _SKIPGRAM_SYNTAX, "sum_j(v_c (yhat - y_j)^T)"),
        _question("skipgram_grad_center",
                  r"For the skip-gram loss over a window, write $\dfrac{\partial J_{\text{skip-gram}}}{\partial \mathbf{v}_c}$.",
                  "∂J_skip-gram/∂v_c", "a d×1 column (3×1 here), like v_c",
                  "Sum the single-word gradient U(ŷ − y) over the window.",
                  _SKIPGRAM_SYNTAX, "sum_j(U(yhat - y_j))"),
        _question("skipgram_grad_other_center",
                  r"For the skip-gram loss, write $\dfrac{\partial J_{\text{skip-gram}}}{\partial \mathbf{v}_w}$ for a "
                  r"word $w \ne c$.",
                  "∂J_skip-gram/∂v_w", "a d×1 column (3×1 here), like v_w",
                  "Does v_w appear in J at all?",
                  _SKIPGRAM_SYNTAX, "0"),
        _question("rong_EI",
                  r"In Rong's skip-gram with $C$ panels sharing the scores $u_j$, write the vector "
                  r"$\mathrm{EI}$ with entries $\mathrm{EI}_j = \dfrac{\partial E}{\partial u_j}$.",
                  "EI = ∂E/∂u", "a V×1 column (5×1 here), like y",
                  "Each panel c contributes its error e_c = y − t_c.",
                  _RONG_SYNTAX, "sum_c(y - t_c)"),
        _question("rong_EH",
                  r"In Rong's skip-gram, write the vector $\mathrm{EH}$ with entries "
                  r"$\mathrm{EH}_i = \dfrac{\partial E}{\partial h_i}$ (you may use $\mathrm{EI}$).",
                  "EH = ∂E/∂h", "an N×1 column (3×1 here), like h",
                  "h_i enters every score u_j = Σ_i w′_ij h_i.",
                  _RONG_SYNTAX + " EI is also available.", "Wp EI"),
    )
}

_SETUPS = {
    "cross_entropy": _setup_cross_entropy,
    "softmax_grad_center": _setup_softmax_grad_center,
    "softmax_grad_outside_o": _setup_softmax_grad_outside_o,
    "softmax_grad_outside_w": _setup_softmax_grad_outside_w,
    "softmax_grad_U": _setup_softmax_grad_U,
    "sigmoid_derivative": _setup_sigmoid_derivative,
    "negsamp_grad_center": _setup_negsamp_grad_center,
    "negsamp_grad_outside_o": _setup_negsamp_grad_outside_o,
    "negsamp_grad_outside_k": _setup_negsamp_grad_outside_k,
    "negsamp_grad_outside_repeated": _setup_negsamp_grad_outside_repeated,
    "skipgram_grad_U": _setup_skipgram_grad_U,
    "skipgram_grad_center": _setup_skipgram_grad_center,
    "skipgram_grad_other_center": _setup_skipgram_grad_other_center,
    "rong_EI": _setup_rong_EI,
    "rong_EH": _setup_rong_EH,
}


@functools.lru_cache(maxsize=None)
def _setup(question_id):
    return _SETUPS[question_id]()


# --------------------------------------------------------------------------- checking


def _describe_point(point, names):
    """The counterexample in the reader's names, or "a random point" when it has too many or internal symbols."""
    if not point or len(point) > 4 or any(name not in names for name in point):
        return "a random point (every symbol drawn from [−1.5, 1.5])"
    return format_point(point)


def _is_zero_matrix(value):
    return isinstance(value, sympy.MatrixBase) and all(entry == 0 for entry in value)


def _constant_ratio(a_value, b_value):
    """The common ratio a/b of two numeric values when it is a small fraction, else None."""
    a_array = np.atleast_1d(np.asarray(a_value, dtype=float)).ravel()
    b_array = np.atleast_1d(np.asarray(b_value, dtype=float)).ravel()
    if a_array.shape != b_array.shape:
        return None
    nonzero = np.abs(b_array) > 1e-9
    if not np.any(nonzero) or np.any(np.abs(a_array[~nonzero]) > 1e-9):
        return None
    ratios = a_array[nonzero] / b_array[nonzero]
    if not np.allclose(ratios, ratios[0], rtol=1e-6, atol=1e-9):
        return None
    fraction = Fraction(float(ratios[0])).limit_denominator(12)
    if fraction == 0 or fraction == 1 or abs(float(fraction) - ratios[0]) > 1e-6 * max(1.0, abs(ratios[0])):
        return None
    return fraction


def _matches(answer, expression):
    try:
        return compare(answer, expression, points=4, timeout=_DIAGNOSIS_SECONDS).equal
    except (TypeError, ValueError):
        return False


def _diagnose(answer, setup, comparison, quantity):
    """A targeted sentence for a refuted answer, or None."""
    for expression, message in setup.mistakes:
        if shape_of(expression) == shape_of(answer) and _matches(answer, expression):
            return message
    if comparison.a_value is None or comparison.b_value is None:
        return None
    factor = _constant_ratio(comparison.a_value, comparison.b_value)
    if factor is None or not _matches(answer, sympy.Rational(factor.numerator, factor.denominator) * setup.truth):
        return None
    if factor == -1:
        return f"The sign is flipped: your answer is exactly −1 times {quantity}."
    if factor in setup.factors:
        return setup.factors[factor]
    return f"Your answer is {factor} times {quantity}: a factor is off."


def _wrong_message(answer, setup, question, comparison):
    quantity = question.quantity
    if comparison.status == "shape":
        answer_shape, truth_shape = shape_of(answer), shape_of(setup.truth)
        message = (f"Wrong shape: your answer is {describe_shape(answer_shape)} but {quantity} is "
                   f"{question.answer_shape}")
        if answer_shape and answer_shape[::-1] == truth_shape:
            return message + " — a missing or extra transpose?"
        return message + "."
    diagnosis = _diagnose(answer, setup, comparison, quantity)
    if comparison.point is not None or comparison.a_value is not None:
        evidence = (f"At {_describe_point(comparison.point, setup.names)} your expression gives "
                    f"{format_value(comparison.a_value)} but {quantity} is {format_value(comparison.b_value)}.")
    else:
        return (f"Your expression could not be evaluated at the test points (it overflows or is not real there), "
                f"so it cannot be compared with {quantity}.")
    return f"{diagnosis} {evidence}" if diagnosis else f"Not quite. {evidence}"


def _parse_message(error):
    message = str(error)
    if re.search(r"cannot (multiply|add|subtract)", message):
        return (f"Shape problem in your answer: {message}. Check the shapes of the factors — "
                "a missing or extra transpose (^T)?")
    return f"I could not read your answer: {message}."


def check_answer(question_id, text):
    r"""Check a typed answer to one exercise; never raises for bad answer text.

    Parameters
    ----------
    question_id : str
        A key of :data:`QUESTIONS` (e.g. ``"softmax_grad_center"``).
    text : str
        The reader's answer in the notation of the module docstring, e.g. ``"U(yhat - y)"``.

    Returns
    -------
    Feedback
        ``correct`` is True when the answer was proved equal to the true quantity or
        agreed with it at 8 random points; otherwise ``message`` says what is wrong.

    Raises
    ------
    ValueError
        For an unknown ``question_id`` (the message lists the known ones).

    Examples
    --------
    >>> check_answer("sigmoid_derivative", "sigma(x)*sigma(-x)").correct
    True
    >>> print(check_answer("sigmoid_derivative", "-sigma(x)(1 - sigma(x))").message.split(":")[0])
    The sign is flipped
    """
    if question_id not in QUESTIONS:
        raise ValueError(f"unknown question_id {question_id!r}; known ids: {', '.join(QUESTIONS)}")
    question = QUESTIONS[question_id]
    setup = _setup(question_id)
    if not isinstance(text, str):
        return Feedback(False, f"The answer must be text, got {type(text).__name__}.", None, question_id, "unreadable")
    try:
        answer = parse_answer(text, setup.names, functions=_FUNCTIONS, index_sets=setup.index_sets)
    except AnswerParseError as error:
        return Feedback(False, _parse_message(error), None, question_id, "unreadable")
    except Exception as error:  # the parser promises AnswerParseError; never crash the reader's page
        return Feedback(False, f"I could not read your answer ({type(error).__name__}).", None, question_id, "unreadable")
    understood = _understood_latex(text, setup)
    if _is_zero_matrix(setup.truth) and shape_of(answer) == () and answer == 0:
        return Feedback(True, f"Correct: {quantity_is_zero(question)}", understood, question_id, "proved")
    try:
        comparison = compare(answer, setup.truth, points=_POINTS, timeout=_PROOF_SECONDS)
    except (TypeError, ValueError) as error:
        return Feedback(False, f"Your answer could not be evaluated: {error}.", understood, question_id, "unreadable")
    if comparison.equal:
        how = ("SymPy proved it equal to" if comparison.status == "proved"
               else f"it agrees at {_POINTS} random points with")
        return Feedback(True, f"Correct: {how} {question.quantity}.", understood, question_id, comparison.status)
    message = _wrong_message(answer, setup, question, comparison)
    return Feedback(False, message, understood, question_id, comparison.status)


def quantity_is_zero(question):
    """Sentence for an answer ``0`` to a question whose answer is the zero vector."""
    return f"{question.quantity} is the zero vector ({question.answer_shape})."


# --------------------------------------------------------------------------- "understood as" LaTeX


def _understood_latex(text, setup):
    """LaTeX of how the (already accepted) answer was read, or None if it cannot be shown."""
    try:
        return answer_latex(text, setup.names, functions=_FUNCTIONS, index_sets=setup.index_sets)
    except AnswerParseError:
        return None
