r"""Check a reader's typed answer to one of the book's gradient exercises.

``check_answer(question_id, text)`` reads the answer into the one notation tree
(:mod:`w2vlib.symbolic.notation`) — from LaTeX (``\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})``,
recognised by its backslashes, through the reader the derivations use), from the plain or
code spelling (``U(yhat - y)``, ``y_hat``, ``u_o.T @ v_c``, :mod:`~.notation.plain`) or from
unicode pasted from the book (``U(ŷ − y)``, normalised by :mod:`~.notation.unicode`); nothing
is ever executed. The tree is evaluated at **every** size configuration of the question's
context (:mod:`w2vlib.symbolic.configurations`: m, K, n and C vary, so that a factor such as
m² or K − 1 that is right at one size is wrong at another) and compared there with the
expected answer, itself written once as LaTeX and read by the same reader. An answer is
*correct* only when SymPy proves it equal at every fixed configuration and it agrees in
float64 at every generated one (:func:`~w2vlib.symbolic.configurations.generated_configurations`:
sizes and data drawn from a fixed seed, such as w = o or a repeated negative); numeric agreement
alone is reported as such and never called correct.

Every parsed answer is shown back as LaTeX ("Understood as", :mod:`~.notation.render`).
A wrong answer gets a message in plain words: a wrong shape, a flipped sign, a factor (K,
2m, 1/(2m), C …), a missing sum, a σ(x) where σ(−x) belongs, a known slip, or the values at
a point where the two differ. The page "How to write answers" of the book is generated
from the same contexts (:mod:`w2vlib.symbolic.answer_guide`). Used by the exercises of
every chapter (:mod:`w2vlib.symbolic.exercise`).

Examples
--------
>>> check_answer("softmax_grad_center", "U(yhat - y)").correct
True
>>> check_answer("softmax_grad_center", r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})").correct
True
>>> check_answer("softmax_grad_center", "U(ŷ − y)").correct
True
>>> feedback = check_answer("softmax_grad_center", "(yhat - y)^T U^T")
>>> feedback.correct, "transpose" in feedback.message
(False, True)
"""

import difflib
import functools
import html
import re
from dataclasses import dataclass, field

import sympy

from w2vlib.symbolic.checker import Comparison, compare, exact_difference, format_point, format_value, numeric_disagreement
from w2vlib.symbolic.configurations import configurations
from w2vlib.symbolic.notation import NotationError, ShapeError, evaluate, read_latex
from w2vlib.symbolic.notation.evaluate import MAX_SECONDS, ZERO, IndexValue
from w2vlib.symbolic.notation.latex import _ALIASES, _DECORATION, _GREEK, _KNOWN
from w2vlib.symbolic.notation.plain import UnknownName, read_plain
from w2vlib.symbolic.notation.render import to_latex
from w2vlib.symbolic.notation.tree import (
    Add, Apply, Call, Derivative, Index, Mul, Number, Power, Sum, Symbol, Zero, children, free_letters, walk,
)
from w2vlib.symbolic.notation.unicode import normalize

__all__ = ["Question", "Feedback", "QUESTIONS", "check_answer", "read_answer", "Reading"]

_POINTS = 8
# A safety net for hostile text only: the proof strategy itself is bounded by size
# (checker.SIMPLIFY_MAX_OPS). The slowest right answer of the book's exercises proves in about 3 s
# on a loaded machine (cross_entropy written with score differences); 30 s keeps a load on the
# grading machine from ever turning a right answer into "not proved".
_PROOF_SECONDS = 30.0
_MAX_POWER = 64          # product of nested numeric powers, e.g. ((x^4)^4)^4


# --------------------------------------------------------------------------- public records


@dataclass(frozen=True)
class Question:
    r"""One exercise: what is asked, in which context, and the expected answer (LaTeX, read once).

    Attributes
    ----------
    id : str
        Key in :data:`QUESTIONS`.
    prompt_latex : str
        The question as text with ``$...$`` math (for HTMLMath or Markdown).
    quantity : str
        The asked quantity in plain Unicode, used in messages (``∂J/∂v_c``).
    answer_shape : str
        The expected shape in words (``"a d×1 column, like v_c"``).
    hint : str
        A nudge for a reader who is stuck.
    syntax : str
        The names and sums this question understands (one line).
    canonical : str
        One accepted answer, as a reader would type it in the plain spelling.
    context : str
        The context (a key of :data:`~w2vlib.symbolic.configurations.CONTEXTS`).
    quantity_latex : str
        The asked quantity as the book writes it, e.g. ``\frac{\partial J}{\partial \mathbf{v}_c}``
        (evaluated from the context's loss in the tests, which check that it equals ``expected``).
    expected : str
        The right answer, written once in LaTeX and read by the same reader as the answers.
    mistakes : tuple
        ``(latex, message)`` or ``(latex, message, "sigma-minus"/"no-sigma-minus")``: a wrong answer
        equal to ``latex`` at every configuration gets ``message`` (the third entry limits it to
        answers written with, or without, a σ of a negated argument).
    factors : dict
        LaTeX of a size factor (``"K"``, ``"\frac{1}{2m}"``) → message for an answer that is that
        factor times the right one.
    aliases : dict
        Plain names with a question-specific meaning (``"n"`` → ``"n_w"``).
    hidden : tuple
        Symbols that may not be used: the asked quantity itself (``"EI"`` in the EI question), or what
        the answer is to be written without (``"yhat"`` stands for ŷ, P(O=w|C=c) and softmax(…)).
        An entry is a name or ``(name, message)``.
    where : str
        The condition the question assumes on the context's free indices (LaTeX, ``w \\ne o``);
        the generated configurations that break it are not used.
    """

    id: str
    prompt_latex: str
    quantity: str
    answer_shape: str
    hint: str
    syntax: str
    canonical: str
    context: str = ""
    quantity_latex: str = ""
    expected: str = ""
    mistakes: tuple = ()
    factors: dict = field(default_factory=dict)
    aliases: dict = field(default_factory=dict)
    hidden: tuple = ()
    where: str = ""


@dataclass(frozen=True)
class Feedback:
    """Verdict on one answer: ``correct``, a ``message`` in plain words, and how the answer was read.

    ``status`` is ``"proved"`` (correct), ``"numeric"`` (agrees numerically at every
    configuration, no proof: not marked correct), ``"refuted"``, ``"shape"``, ``"unknown"``
    (a name or index the question does not know) or ``"unreadable"``. ``spelling`` says which
    reader read it (``"plain"``, ``"latex"``); ``understood_latex`` is the answer as read.

    ``code`` is a stable, machine-readable diagnosis (class reports group by it): ``"proved"``;
    ``"mistake-N"`` (the question's N-th known mistake, :attr:`Question.mistakes`), ``"sign"``,
    ``"factor"``, ``"missing-sum"``, ``"sum-as-factor"``, ``"free-index"``, ``"sigma-sign"``,
    ``"size-dependent"``, ``"close"``, ``"tiny"``, ``"wrong"`` (refuted, no finer diagnosis);
    ``"not-proved"``, ``"shape"``, ``"unknown"``, ``"unreadable"``, ``"error"``.
    """

    correct: bool
    message: str
    understood_latex: str | None = None
    question_id: str = ""
    status: str = ""
    spelling: str = ""
    code: str = ""

    def __post_init__(self):
        if not self.code:  # the status's own code when no finer diagnosis was given
            object.__setattr__(self, "code", _STATUS_CODES.get(self.status, self.status))

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


#: The diagnosis code of each status, when no finer diagnosis applies.
_STATUS_CODES = {"proved": "proved", "numeric": "not-proved", "refuted": "wrong", "shape": "shape",
                 "unknown": "unknown", "unreadable": "unreadable", "error": "error"}


def _escape_markdown(text):
    return re.sub(r"([\\`*_\[\]<>|$])", r"\\\1", text)


# --------------------------------------------------------------------------- the questions

_SOFTMAX_SYNTAX = ("Names: U (d×|V|, columns u_w), v_c, u_o, u_w (a word w ≠ o), y (one-hot at o), yhat "
                   "(softmax), yhat_o, yhat_w, y_o, y_w; sum_w(...) sums over all words w.")
_NEGSAMP_SYNTAX = ("Names: U, v_c, u_o, u_k (a negative drawn once), K (number of samples); sum_k(...) or "
                   "sum_{k=1}^K ... sums over the K samples (repeats included); sigma, exp, log.")
_SKIPGRAM_SYNTAX = ("Names: U, v_c, v_w (a center vector with w ≠ c), yhat (softmax of Uᵀv_c), m (2m window "
                    "words); sum_j(...) sums over the window, with y_j (or y_{t+j}) the one-hot of the "
                    "outside word at offset j and u_j its outside vector.")
_RONG_SYNTAX = ("Names: W (V×N), W' (also Wp, W_prime; N×V), h, y (softmax, y_j), C, t_{c,j}, e_{c,j}; "
                "sum_c(...) sums over the C panels, with t_c (one-hot target of panel c) and e_c = y − t_c.")

_WEIGHTED_SYNTAX = ("Names: U, v_c, u_w (a word not in the window), yhat (softmax of Uᵀv_c), yhat_w, m (2m window "
                    "words); sum_j(...) sums over the window, with y_j (or y_{t+j}) the one-hot of the outside word "
                    "at offset j and alpha_j (α_j) its weight.")
_CBOW_SYNTAX = ("Names: W (V×N), W' (also Wp; N×V), h, y (softmax), t (one-hot at the center word), e = y − t, EH, "
                "C, x_c (one-hot of the c-th context word); sum_c(...) sums over the C context positions.")
_HS_SYNTAX = ("Names: h (N×1), v'_j (also vp_j: the vector of the j-th inner node on the path), t_j (1 for a left "
              "turn, 0 for a right one), L; sum_j(...) or sum_{j=1}^{L-1} ... sums over the path; sigma, exp, log.")

_SIGMA_MINUS = ("You wrote σ(−{s}) where σ({s}) belongs: the derivative of −log σ(−{s}) by {s} is "
                "1 − σ(−{s}), and 1 − σ(−x) = σ(x).")
_SIGMOID_SYNTAX = "Names: x, e; functions sigma (or sigmoid), exp, log."
_SIGMOID_VARIANT_SYNTAX = ("Names: x, a, b, y (real numbers), e; functions sigma (or sigmoid), exp, log. A product "
                           "needs a space or *: a x, not ax.")
_NEGSAMP_VARIANT_SYNTAX = (_NEGSAMP_SYNTAX + " Also u_w (a word w drawn n_w times; n_w or n), e_o, e_k, e_w (the "
                           "one-hot |V|×1 column of a word) and sum_w(...) over all the words.")


_TEMPERATURE_SYNTAX = ("Names: U (d×|V|, columns u_w), v_c, u_o, u_w (a word w ≠ o), y (one-hot at o), yhat "
                       "(softmax(Uᵀv_c/τ)), yhat_o, yhat_w, y_w, s (the scores Uᵀv_c; s_o, s_w), tau (τ); sum_w(...) "
                       "sums over all words w.")
_TEMPERATURE_SCORES_SYNTAX = ("Names: U, v_c, u_o, u_w, s (the scores Uᵀv_c; s_o, s_w), tau (τ); sum_w(...) sums over "
                              "all words w; exp, log. Not yhat, P(...) or softmax(...): write the softmax out.")
_WITHOUT_YHAT = "Write it without ŷ (nor P(…) or softmax(…)): spell the softmax out with exp and a sum over w."

_CENTER_TERM = ("The window sum skips j = 0, the center word itself: write sum_j(...) or sum_{j != 0}, "
                "not sum_{j=-m}^{m}.")


def _q(id, prompt, quantity, shape, hint, syntax, canonical, context, quantity_latex, expected,
       mistakes=(), factors=None, aliases=None, hidden=(), where=""):
    return Question(id, prompt, quantity, shape, hint, syntax, canonical, context, quantity_latex, expected,
                    tuple(mistakes), dict(factors or {}), dict(aliases or {}), tuple(hidden), where)


QUESTIONS = {
    question.id: question
    for question in (
        _q("cross_entropy",
           r"Write the loss $J = -\log \hat{y}_o$ of one pair so that the vectors enter only through the score "
           r"differences $(\mathbf{u}_w - \mathbf{u}_o)^\top \mathbf{v}_c$ (no $\hat{y}$).",
           "the cross-entropy", "a scalar", "Divide the softmax's numerator and denominator by exp(u_oᵀv_c).",
           _SOFTMAX_SYNTAX, "-log(yhat_o)",
           "softmax", r"-\sum_{w} y_w \log \hat{y}_w", r"-\log \hat{y}_o",
           [(r"-\log \hat{y}_w", "That is −log ŷ_w for another word w; with y one-hot at o only the term "
                                 "w = o survives."),
            (r"-\sum_{w} \log \hat{y}_w", "You dropped the weights y_w: −Σ_w y_w log ŷ_w keeps only the "
                                          "term where y_w = 1.")]),
        _q("softmax_grad_center",
           r"For $J = -\log \hat{y}_o$ with $\hat{\mathbf{y}} = \mathrm{softmax}(\mathbf{U}^\top \mathbf{v}_c)$, "
           r"write $\dfrac{\partial J}{\partial \mathbf{v}_c}$ in terms of $\mathbf{U}$, $\hat{\mathbf{y}}$, "
           r"$\mathbf{y}$.",
           "∂J/∂v_c", "a d×1 column, like v_c",
           "Split −log of the quotient, differentiate log Σ_w exp(u_wᵀv_c), and recognize ŷ_w.",
           _SOFTMAX_SYNTAX, "U(yhat - y)",
           "softmax", r"\frac{\partial J}{\partial \mathbf{v}_c}", r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})",
           [(r"-\mathbf{u}_o + \sum_{w} \hat{y}_o \mathbf{u}_w",
             "Inside the sum you used P(O=o|C=c) = ŷ_o for every word; the weight of u_w is P(O=w|C=c) = ŷ_w."),
            (r"\mathbf{U}\hat{\mathbf{y}}", "The −1 of the true word is missing: you have Uŷ but lost the "
                                            "−u_o = −Uy that comes from the numerator exp(u_oᵀv_c)."),
            (r"\mathbf{U}\hat{\mathbf{y}} - \mathbf{v}_c", "The true word's term is −u_o (= −Uy), not −v_c.")]),
        _q("softmax_grad_outside_o",
           r"For the naive-softmax loss, write $\dfrac{\partial J}{\partial \mathbf{u}_o}$ (the true outside word).",
           "∂J/∂u_o", "a d×1 column, like u_o", "u_o appears in the numerator and in one term of the denominator.",
           _SOFTMAX_SYNTAX, "(yhat_o - 1) v_c",
           "softmax", r"\frac{\partial J}{\partial \mathbf{u}_o}", r"(\hat{y}_o - 1)\mathbf{v}_c",
           [(r"\hat{y}_o \mathbf{v}_c", "The −1 is missing: you kept the softmax part ŷ_o v_c but lost the −v_c "
                                        "from the numerator exp(u_oᵀv_c)."),
            (r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})", "That is ∂J/∂v_c; for ∂J/∂u_o the inner derivative of "
                                                           "u_oᵀv_c is v_c.")]),
        _q("softmax_grad_outside_w",
           r"For the naive-softmax loss, write $\dfrac{\partial J}{\partial \mathbf{u}_w}$ for a word $w \ne o$.",
           "∂J/∂u_w", "a d×1 column, like u_w", "u_w appears only in the denominator Σ exp(u_wᵀv_c).",
           _SOFTMAX_SYNTAX, "yhat_w v_c",
           "softmax", r"\frac{\partial J}{\partial \mathbf{u}_w}", r"\hat{y}_w \mathbf{v}_c",
           [(r"\hat{y}_o \mathbf{v}_c", "You used P(O=o|C=c) = ŷ_o; for u_w the factor is P(O=w|C=c) = ŷ_w."),
            (r"(\hat{y}_w - 1) \mathbf{v}_c", "The −v_c term only appears for the true word o: here y_w = 0, "
                                              "so there is no −1.")],
           where=r"w \ne o"),
        _q("softmax_grad_U",
           r"For the naive-softmax loss, write $\dfrac{\partial J}{\partial \mathbf{U}}$ (its columns are "
           r"$\partial J / \partial \mathbf{u}_w$).",
           "∂J/∂U", "a d×|V| matrix, like U", "Column w is (ŷ_w − y_w) v_c: an outer product.",
           _SOFTMAX_SYNTAX, "v_c (yhat - y)^T",
           "softmax", r"\frac{\partial J}{\partial \mathbf{U}}", r"\mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y})^\top",
           [(r"\mathbf{v}_c \hat{\mathbf{y}}^\top", "The −1 of the true word is missing: you have v_c ŷᵀ but "
                                                    "lost the −v_c yᵀ from the true word's numerator.")]),
        _q("softmax_temperature_loss",
           r"With a temperature $\tau > 0$ the model's guess is "
           r"$\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{U}^\top \mathbf{v}_c / \tau)$, and the loss is still the "
           r"cross-entropy against the one-hot $\mathbf{y}$ (at $o$). Write this loss without $\hat{\mathbf{y}}$: in terms "
           r"of $\mathbf{u}_o$, $\mathbf{u}_w$ (in a sum over $w$), $\mathbf{v}_c$ and $\tau$.",
           "the loss J", "a scalar",
           "Collapse the cross-entropy as in the chapter, then write the softmax out: which scores does τ divide?",
           _TEMPERATURE_SCORES_SYNTAX, "-u_o^T v_c / tau + log(sum_w(exp(u_w^T v_c / tau)))",
           "softmax_temperature", r"-\sum_{w} y_w \log \hat{y}_w",
           r"-\frac{\mathbf{u}_o^\top \mathbf{v}_c}{\tau} + \log \sum_{w} \exp\Bigl(\frac{\mathbf{u}_w^\top \mathbf{v}_c}"
           r"{\tau}\Bigr)",
           [(r"-\frac{u_o^\top v_c}{\tau} + \log \sum_{w} \exp(u_w^\top v_c)",
             "The temperature divides every score, inside the log-sum-exp too: exp(u_wᵀv_c/τ)."),
            (r"-u_o^\top v_c + \log \sum_{w} \exp(\frac{u_w^\top v_c}{\tau})",
             "The true word's score is divided by τ too: −log exp(u_oᵀv_c/τ) = −u_oᵀv_c/τ."),
            (r"\frac{1}{\tau}\Bigl(-u_o^\top v_c + \log \sum_{w} \exp(u_w^\top v_c)\Bigr)",
             "τ does not come out of the log-sum-exp: log Σ_w exp(s_w/τ) is not (1/τ) log Σ_w exp(s_w)."),
            (r"-\tau u_o^\top v_c + \log \sum_{w} \exp(\tau u_w^\top v_c)",
             "The scores are divided by τ, not multiplied by it."),
            (r"-u_o^\top v_c + \log \sum_{w} \exp(u_w^\top v_c)",
             "That is the loss at τ = 1: the temperature τ is missing.")],
           hidden=(("yhat", _WITHOUT_YHAT),)),
        _q("softmax_bias_loss",
           r"Give each word $w$ a bias $b_w$, so that its score is $\mathbf{u}_w^\top \mathbf{v}_c + b_w$ and "
           r"$\hat{\mathbf{y}}$ is the softmax of these scores. With $\mathbf{y}$ one-hot at $o$, write the "
           r"cross-entropy loss without $\hat{\mathbf{y}}$: in terms of $\mathbf{u}_o$, $b_o$, $\mathbf{u}_w$, $b_w$ (in "
           r"a sum over $w$) and $\mathbf{v}_c$.",
           "the loss J", "a scalar",
           "Collapse the cross-entropy, write the softmax out, and keep each score whole.",
           "Names: v_c, u_o, u_w, b_o, b_w (the bias of word w), U; sum_w(...) sums over all words w; exp, log. "
           "Not yhat, P(...) or softmax(...), and not s: write the scores out.",
           "-u_o^T v_c - b_o + log(sum_w(exp(u_w^T v_c + b_w)))",
           "softmax_bias", r"-\log \hat{y}_o",
           r"-\mathbf{u}_o^\top \mathbf{v}_c - b_o + \log \sum_{w} \exp(\mathbf{u}_w^\top \mathbf{v}_c + b_w)",
           [(r"-u_o^\top v_c - b_o + \log \sum_{w} \exp(u_w^\top v_c)",
             "The biases are part of every score: the log-sum-exp runs over exp(u_wᵀv_c + b_w)."),
            (r"-u_o^\top v_c + \log \sum_{w} \exp(u_w^\top v_c + b_w)",
             "The true word's score has its bias too: −log ŷ_o starts with −(u_oᵀv_c + b_o)."),
            (r"-u_o^\top v_c + b_o + \log \sum_{w} \exp(u_w^\top v_c + b_w)",
             "The sign of b_o: the true word's whole score u_oᵀv_c + b_o enters with a minus."),
            (r"-u_o^\top v_c + \log \sum_{w} \exp(u_w^\top v_c)",
             "That is the loss without biases: b_w is part of every score, b_o of the true word's."),
            (r"-u_o^\top v_c - b_w + \log \sum_{x} \exp(u_x^\top v_c + b_x)",
             "b_w outside the sum is the bias of one other word w: the true word's term is −b_o.")],
           hidden=(("yhat", _WITHOUT_YHAT), ("s", "Write the scores out (u_wᵀv_c + b_w), without s."))),
        _q("softmax_smoothing_loss",
           r"Label smoothing trains against the target $\tilde{y}_w = (1 - \epsilon)\, y_w + \epsilon / |V|$ "
           r"($0 < \epsilon < 1$) instead of the one-hot $\mathbf{y}$ (at $o$). Simplify the smoothed cross-entropy "
           r"$-\sum_{w} \tilde{y}_w \log \hat{y}_w$: write it with $\epsilon$, $|V|$, $\hat{y}_o$ and $\hat{y}_w$ (in a sum "
           r"over $w$), without $y_w$.",
           "the smoothed cross-entropy", "a scalar",
           "Multiply out ỹ_w: one part is the one-hot cross-entropy, the other a sum over every word.",
           "Names: yhat_o, yhat_w, epsilon (or eps, ε), |V|; sum_w(...) sums over all words w, sum_{w != o}(...) "
           "over the others; log, exp. Not y: it is one-hot, use yhat_o for the true word.",
           "-(1 - eps) log(yhat_o) - eps/|V| sum_w(log(yhat_w))",
           "softmax_smoothing", r"-\sum_{w} \Bigl((1 - \epsilon) y_w + \frac{\epsilon}{|V|}\Bigr) \log \hat{y}_w",
           r"-(1 - \epsilon) \log \hat{y}_o - \frac{\epsilon}{|V|} \sum_{w} \log \hat{y}_w",
           [(r"-(1 - \epsilon) \log \hat{y}_o - \frac{\epsilon}{|V|} \sum_{w \ne o} \log \hat{y}_w",
             "The uniform part ε/|V| goes to every word, o included (ỹ_o = 1 − ε + ε/|V|): the sum runs over all w."),
            (r"-\log \hat{y}_o - \frac{\epsilon}{|V|} \sum_{w} \log \hat{y}_w",
             "The true word keeps only 1 − ε of the one-hot weight: its own term is −(1 − ε) log ŷ_o."),
            (r"-(1 - \epsilon) \log \hat{y}_o",
             "The uniform part is missing: ε/|V| of the target sits on every word, which adds −(ε/|V|) Σ_w log ŷ_w."),
            (r"-(1 - \epsilon) \log \hat{y}_o - \epsilon \sum_{w} \log \hat{y}_w",
             "Each word gets ε/|V| of the target, not ε: the mass ε is shared by the |V| words."),
            (r"-(1 - \epsilon) \log \hat{y}_o - \frac{\epsilon}{|V| - 1} \sum_{w \ne o} \log \hat{y}_w",
             "That spreads ε over the |V| − 1 other words; here ỹ_w = (1 − ε)y_w + ε/|V| gives every word, "
             "o included, ε/|V|."),
            (r"-\log \hat{y}_o", "That is the loss of the one-hot target: with smoothing every log ŷ_w enters, "
                                 "weighted by ε/|V|.")],
           hidden=(("y", "Write it without y: y is one-hot at o, so its terms collapse to the true word's ŷ_o."),)),
        _q("softmax_soft_target_loss",
           r"Let the target $\mathbf{y}$ be any probability distribution over the words (a soft target: "
           r"$y_w \ge 0$ and $\sum_{w} y_w = 1$), not a one-hot vector. Write the cross-entropy "
           r"$\mathrm{CE}(\mathbf{y}, \hat{\mathbf{y}})$ with $\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{U}^\top "
           r"\mathbf{v}_c)$ without $\hat{\mathbf{y}}$: in terms of $y_w$, $\mathbf{u}_w$ and $\mathbf{v}_c$ (sums over "
           r"$w$).",
           "CE(y, ŷ)", "a scalar",
           "Write log ŷ_w as a difference of two terms, and use what the y_w add up to.",
           "Names: y_w (the target's weight of word w), y, u_w, U, v_c, s (the scores Uᵀv_c, s_w); sum_w(...) sums "
           "over all words w (another sum may use x); exp, log. Not yhat, P(...) or softmax(...).",
           "-sum_w(y_w u_w^T v_c) + log(sum_w(exp(u_w^T v_c)))",
           "softmax_soft_target", r"-\sum_{w} y_w \log \hat{y}_w",
           r"-\sum_{w} y_w \mathbf{u}_w^\top \mathbf{v}_c + \log \sum_{w} \exp(\mathbf{u}_w^\top \mathbf{v}_c)",
           [(r"-u_o^\top v_c + \log \sum_{w} \exp(u_w^\top v_c)",
             "That is the one-hot case: with a soft target there is no single true word o; every score enters, "
             "weighted by y_w."),
            (r"-\sum_{w} y_w u_w^\top v_c",
             "The log-sum-exp is missing: log ŷ_w = u_wᵀv_c − log Σ_x exp(u_xᵀv_c), and its weights y_w add up to 1."),
            (r"-\sum_{w} y_w u_w^\top v_c + |V| \log \sum_{x} \exp(u_x^\top v_c)",
             "The log-sum-exp is weighted by Σ_w y_w = 1: it counts once, not |V| times."),
            (r"-\sum_{w} u_w^\top v_c + \log \sum_{w} \exp(u_w^\top v_c)",
             "The weights y_w are missing: the first term is −Σ_w y_w u_wᵀv_c.")],
           hidden=(("yhat", _WITHOUT_YHAT),)),
        _q("softmax_l2_loss",
           r"Add an L2 penalty on the center vector to the naive-softmax loss: "
           r"$J_\lambda = -\log \hat{y}_o + \tfrac{\lambda}{2} \lVert \mathbf{v}_c \rVert^2$ with $\lambda > 0$. Write "
           r"$J_\lambda$ without $\hat{\mathbf{y}}$ and without the norm: in terms of $\mathbf{u}_o$, $\mathbf{u}_w$ (in a "
           r"sum over $w$), $\mathbf{v}_c$ and $\lambda$.",
           "J_λ", "a scalar",
           "The cross-entropy part is the chapter's; a squared length is a dot product of a vector with itself.",
           "Names: U, v_c, u_o, u_w, lambda (λ); sum_w(...) sums over all words w; exp, log; a transpose is ^T. "
           "Not yhat, P(...) or softmax(...).",
           "-u_o^T v_c + log(sum_w(exp(u_w^T v_c))) + lambda/2 v_c^T v_c",
           "softmax_l2", "J",
           r"-\mathbf{u}_o^\top \mathbf{v}_c + \log \sum_{w} \exp(\mathbf{u}_w^\top \mathbf{v}_c) + \frac{\lambda}{2} "
           r"\mathbf{v}_c^\top \mathbf{v}_c",
           [(r"-u_o^\top v_c + \log \sum_{w} \exp(u_w^\top v_c) + \lambda v_c^\top v_c",
             "The penalty is (λ/2)‖v_c‖² = (λ/2) v_cᵀv_c: you doubled it."),
            (r"-u_o^\top v_c + \log \sum_{w} \exp(u_w^\top v_c)", "The penalty (λ/2) v_cᵀv_c is missing."),
            (r"-u_o^\top v_c + \log \sum_{w} \exp(u_w^\top v_c) - \frac{\lambda}{2} v_c^\top v_c",
             "The penalty is added to the loss (it makes long vectors cost more), not subtracted."),
            (r"-u_o^\top v_c + \log \sum_{w} \exp(u_w^\top v_c) + \frac{\lambda}{2} (v_c^\top v_c)^2",
             "‖v_c‖² is v_cᵀv_c itself: squaring the dot product gives ‖v_c‖⁴.")],
           hidden=(("yhat", _WITHOUT_YHAT),)),
        _q("softmax_temperature_grad_center",
           r"With a temperature $\tau > 0$, $J = -\log \hat{y}_o$ and "
           r"$\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{U}^\top \mathbf{v}_c / \tau)$. Write "
           r"$\dfrac{\partial J}{\partial \mathbf{v}_c}$ in terms of $\mathbf{U}$, $\hat{\mathbf{y}}$, $\mathbf{y}$ and "
           r"$\tau$.",
           "∂J/∂v_c", "a d×1 column, like v_c", "Follow the chapter's steps; the chain rule meets τ in every score.",
           _TEMPERATURE_SYNTAX, "U(yhat - y)/tau",
           "softmax_temperature", r"\frac{\partial J}{\partial \mathbf{v}_c}",
           r"\frac{1}{\tau} \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})",
           [(r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})",
             "The factor 1/τ is missing: the inner derivative of u_wᵀv_c/τ by v_c is u_w/τ."),
            (r"\tau \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})",
             "The scores are divided by τ, so the chain rule gives a factor 1/τ, not τ."),
            (r"\frac{1}{\tau^2} \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})",
             "One factor 1/τ, from the inner derivative of u_wᵀv_c/τ; τ² would need two."),
            (r"-\frac{1}{\tau} \mathbf{u}_o + \sum_{w} \hat{y}_w \mathbf{u}_w",
             "Both terms carry 1/τ: the weighted sum Σ_w ŷ_w u_w comes from the same scaled scores."),
            (r"-\mathbf{u}_o + \frac{1}{\tau} \sum_{w} \hat{y}_w \mathbf{u}_w",
             "The true word's term comes from the scaled score u_oᵀv_c/τ too: it is −u_o/τ.")]),
        _q("softmax_temperature_grad_outside_w",
           r"With a temperature $\tau > 0$ ($J = -\log \hat{y}_o$, "
           r"$\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{U}^\top \mathbf{v}_c / \tau)$), write "
           r"$\dfrac{\partial J}{\partial \mathbf{u}_w}$ for a word $w \ne o$.",
           "∂J/∂u_w", "a d×1 column, like u_w", "u_w appears in one score only, and that score is divided by τ.",
           _TEMPERATURE_SYNTAX, "yhat_w v_c / tau",
           "softmax_temperature", r"\frac{\partial J}{\partial \mathbf{u}_w}", r"\frac{\hat{y}_w}{\tau} \mathbf{v}_c",
           [(r"\hat{y}_w \mathbf{v}_c", "The factor 1/τ is missing: the inner derivative of u_wᵀv_c/τ by u_w is v_c/τ."),
            (r"\tau \hat{y}_w \mathbf{v}_c", "The score is divided by τ, so the chain rule gives 1/τ, not τ."),
            (r"\frac{\hat{y}_w - 1}{\tau} \mathbf{v}_c", "The −1 belongs to the true word o only: here y_w = 0."),
            (r"\frac{\hat{y}_o}{\tau} \mathbf{v}_c", "The weight of u_w is its own probability ŷ_w, not ŷ_o.")],
           where=r"w \ne o"),
        _q("softmax_temperature_grad_tau",
           r"With a temperature $\tau > 0$ ($J = -\log \hat{y}_o$, "
           r"$\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{U}^\top \mathbf{v}_c / \tau)$), treat $\tau$ as a "
           r"parameter to learn. Write $\dfrac{\partial J}{\partial \tau}$ in terms of the scores "
           r"$\mathbf{u}_o^\top \mathbf{v}_c$ and $\mathbf{u}_w^\top \mathbf{v}_c$ (or $s_o$, $s_w$), $\hat{y}_w$ and "
           r"$\tau$.",
           "∂J/∂τ", "a scalar", "Write J in the scores first; the derivative of s/τ by τ is −s/τ².",
           _TEMPERATURE_SYNTAX, "(u_o^T v_c - sum_w(yhat_w u_w^T v_c)) / tau^2",
           "softmax_temperature", r"\frac{\partial J}{\partial \tau}",
           r"\frac{1}{\tau^2} \Bigl(\mathbf{u}_o^\top \mathbf{v}_c - \sum_{w} \hat{y}_w \mathbf{u}_w^\top \mathbf{v}_c\Bigr)",
           [(r"\frac{1}{\tau} \Bigl(u_o^\top v_c - \sum_{w} \hat{y}_w u_w^\top v_c\Bigr)",
             "The derivative of s/τ by τ is −s/τ²: the factor is 1/τ², not 1/τ."),
            (r"\frac{1}{\tau^2} \Bigl(u_o^\top v_c - \sum_{w} u_w^\top v_c\Bigr)",
             "The log-sum-exp's derivative weights each score by its probability: Σ_w ŷ_w u_wᵀv_c."),
            (r"-\frac{1}{\tau^2} \sum_{w} \hat{y}_w u_w^\top v_c",
             "The true word's term is missing: −u_oᵀv_c/τ contributes +u_oᵀv_c/τ²."),
            (r"\frac{1}{\tau^2} (1 - \hat{y}_o) u_o^\top v_c",
             "Every word's score is divided by τ, not only the true word's: the log-sum-exp gives "
             "Σ_w ŷ_w u_wᵀv_c/τ², a sum over all words.")]),
        _q("softmax_l2_grad_center",
           r"For the penalised loss $J_\lambda = -\log \hat{y}_o + \tfrac{\lambda}{2} \lVert \mathbf{v}_c \rVert^2$ "
           r"($\lambda > 0$, $\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{U}^\top \mathbf{v}_c)$), write "
           r"$\dfrac{\partial J_\lambda}{\partial \mathbf{v}_c}$ in terms of $\mathbf{U}$, $\hat{\mathbf{y}}$, "
           r"$\mathbf{y}$, $\mathbf{v}_c$ and $\lambda$.",
           "∂J_λ/∂v_c", "a d×1 column, like v_c", "Differentiate the two terms separately; ‖v_c‖² = v_cᵀv_c.",
           _SOFTMAX_SYNTAX + " Also lambda (λ).", "U(yhat - y) + lambda v_c",
           "softmax_l2", r"\frac{\partial J}{\partial \mathbf{v}_c}",
           r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}) + \lambda \mathbf{v}_c",
           [(r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}) + \frac{\lambda}{2} \mathbf{v}_c",
             "The derivative of (λ/2) v_cᵀv_c is λ v_c: the 2 of the square cancels the 1/2."),
            (r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}) + 2 \lambda \mathbf{v}_c",
             "The 1/2 in (λ/2)‖v_c‖² cancels the 2 of the square: the penalty's gradient is λ v_c, not 2λ v_c."),
            (r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})",
             "The penalty's gradient is missing: (λ/2) v_cᵀv_c contributes λ v_c."),
            (r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}) - \lambda \mathbf{v}_c",
             "The penalty's gradient has a plus sign: descent subtracts it and so shrinks v_c."),
            (r"\lambda \mathbf{v}_c", "That is the penalty's gradient alone: the cross-entropy's part is still there.")]),
        _q("softmax_smoothing_grad_center",
           r"With label smoothing the loss is $J = -\sum_{w} \tilde{y}_w \log \hat{y}_w$ with "
           r"$\tilde{y}_w = (1 - \epsilon)\, y_w + \epsilon / |V|$ ($\mathbf{y}$ one-hot at $o$, "
           r"$\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{U}^\top \mathbf{v}_c)$). Write "
           r"$\dfrac{\partial J}{\partial \mathbf{v}_c}$ in terms of $\mathbf{U}$, $\hat{\mathbf{y}}$, $\mathbf{u}_o$ "
           r"(or $\mathbf{y}$), $\mathbf{u}_w$ (in a sum over $w$), $\epsilon$ and $|V|$.",
           "∂J/∂v_c", "a d×1 column, like v_c",
           "Write J in the scores first; the weights ỹ_w add up to 1.",
           _SOFTMAX_SYNTAX + " Also epsilon (or eps, ε) and |V|.",
           "U yhat - (1 - eps) u_o - eps/|V| sum_w(u_w)",
           "softmax_smoothing", r"\frac{\partial J}{\partial \mathbf{v}_c}",
           r"\mathbf{U}\hat{\mathbf{y}} - (1 - \epsilon) \mathbf{u}_o - \frac{\epsilon}{|V|} \sum_{w} \mathbf{u}_w",
           [(r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})",
             "That is the gradient for the one-hot target: the smoothed target puts only 1 − ε on o and ε/|V| on "
             "every word."),
            (r"\mathbf{U}(\hat{\mathbf{y}} - (1 - \epsilon)\mathbf{y})",
             "The uniform part of the target is missing: ε/|V| on every word gives −(ε/|V|) Σ_w u_w."),
            (r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}) - \frac{\epsilon}{|V|} \sum_{w} \mathbf{u}_w",
             "The true word's one-hot weight is 1 − ε: its term is −(1 − ε) u_o, not −u_o."),
            (r"\mathbf{U}\hat{\mathbf{y}} - (1 - \epsilon) \mathbf{u}_o - \epsilon \sum_{w} \mathbf{u}_w",
             "Each word gets ε/|V| of the target, not ε: the mass ε is shared by the |V| words."),
            (r"(1 - \epsilon) \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}) - \frac{\epsilon}{|V|} \sum_{w} \mathbf{u}_w",
             "The softmax term Uŷ is weighted by Σ_w ỹ_w = 1, not by 1 − ε: the uniform part has its Uŷ too.")]),
        _q("sigmoid_derivative",
           r"Write $\dfrac{d\sigma(x)}{dx}$ for $\sigma(x) = \dfrac{1}{1 + e^{-x}}$.",
           "σ′(x)", "a scalar", "Quotient rule, then write the result with σ(x) itself.",
           "Names: x, e; functions sigma (or sigmoid), exp, log.", "sigma(x)(1 - sigma(x))",
           "sigmoid", r"\frac{d\sigma(x)}{dx}", r"\sigma(x)(1 - \sigma(x))",
           [(r"\frac{1 + 2e^{-x}}{(1 + e^{-x})^2}",
             "This looks like the quotient rule with f'g and fg' mixed up: with f = 1 and g = 1 + e^(−x), the "
             "numerator is f'g − fg' = 0·(1 + e^(−x)) − 1·(−e^(−x)) = e^(−x)."),
            (r"\sigma(x)(1 + \sigma(x))", "It is σ(x)(1 − σ(x)), with a minus: 1 − σ(x) = e^(−x)/(1 + e^(−x))."),
            (r"\frac{e^{-x}}{1 + e^{-x}}", "The denominator is squared: (1/g)' = −g'/g² with g = 1 + e^(−x)."),
            (r"\sigma(x)^2", "σ(x)·σ(x) is not it: the second factor is 1 − σ(x) = σ(−x).")]),
        _q("negsamp_grad_center",
           r"For $J = -\log\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - \sum_{k=1}^{K} \log\sigma(-\mathbf{u}_k^\top "
           r"\mathbf{v}_c)$, write $\dfrac{\partial J}{\partial \mathbf{v}_c}$ (use $\texttt{sum\_k}$ for the sum).",
           "∂J/∂v_c", "a d×1 column, like v_c", "(log σ(z))′ = 1 − σ(z) times the derivative of z.",
           _NEGSAMP_SYNTAX, "-(1 - sigma(u_o^T v_c)) u_o + sum_k((1 - sigma(-u_k^T v_c)) u_k)",
           "negative_sampling", r"\frac{\partial J}{\partial \mathbf{v}_c}",
           r"-(1 - \sigma(\mathbf{u}_o^\top \mathbf{v}_c))\mathbf{u}_o + \sum_{k=1}^{K} (1 - \sigma(-\mathbf{u}_k^\top "
           r"\mathbf{v}_c))\mathbf{u}_k",
           [(r"-(1 - \sigma(u_o^\top v_c)) u_o + \sum_{k=1}^{K} (1 - \sigma(u_k^\top v_c)) u_k",
             "A minus sign was dropped inside σ(−u_kᵀv_c): the negative samples enter as σ(−u_kᵀv_c).",
             "no-sigma-minus"),
            (r"-(1 - \sigma(u_o^\top v_c)) u_o + \sum_{k=1}^{K} (1 - \sigma(u_k^\top v_c)) u_k",
             "σ(x) for σ(−x): in the sum, 1 − σ(−u_kᵀv_c) = σ(u_kᵀv_c); check which σ you wrote with a minus.",
             "sigma-minus"),
            (r"(1 - \sigma(u_o^\top v_c)) u_o + \sum_{k=1}^{K} (1 - \sigma(-u_k^\top v_c)) u_k",
             "The sign of the true word's term is wrong: the derivative of −log σ(s) is −(1 − σ(s)) s′, so "
             "the u_o term is −(1 − σ(u_oᵀv_c)) u_o (the mistake of the notes' part (f))."),
            (r"-(1 - \sigma(u_o^\top v_c)) u_o + K (1 - \sigma(-u_k^\top v_c)) u_k",
             "K for Σ_k: K times one negative's term is not the sum over the K negatives; write "
             "sum_k((1 - sigma(-u_k^T v_c)) u_k).")]),
        _q("negsamp_grad_outside_o",
           r"For the negative-sampling loss, write $\dfrac{\partial J}{\partial \mathbf{u}_o}$.",
           "∂J/∂u_o", "a d×1 column, like u_o", "Only the first term depends on u_o.",
           _NEGSAMP_SYNTAX, "-(1 - sigma(u_o^T v_c)) v_c",
           "negative_sampling", r"\frac{\partial J}{\partial \mathbf{u}_o}",
           r"(\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - 1)\mathbf{v}_c",
           [(r"(\sigma(u_o^\top v_c) - 1) u_o", "That is the o-term of ∂J/∂v_c; for ∂J/∂u_o the inner derivative "
                                                "of u_oᵀv_c is v_c."),
            (r"\sigma(u_o^\top v_c) v_c", "The −1 is missing: the derivative of −log σ(s) is −(1 − σ(s)) = "
                                          "σ(s) − 1.")]),
        _q("negsamp_grad_outside_k",
           r"For the negative-sampling loss, write $\dfrac{\partial J}{\partial \mathbf{u}_k}$ for a negative "
           r"sample $w_k$ that is drawn once.",
           "∂J/∂u_k", "a d×1 column, like u_k", "Only the k-th term depends on u_k; watch the two minus signs.",
           _NEGSAMP_SYNTAX, "(1 - sigma(-u_k^T v_c)) v_c",
           "negative_sampling", r"\frac{\partial J}{\partial \mathbf{u}_k}",
           r"\sigma(\mathbf{u}_k^\top \mathbf{v}_c)\mathbf{v}_c",
           [(r"\sigma(-u_k^\top v_c) v_c", _SIGMA_MINUS.format(s="u_kᵀv_c"), "sigma-minus"),
            (r"\sigma(-u_k^\top v_c) v_c", "A minus sign was dropped inside σ(−u_kᵀv_c): the derivative is "
                                           "(1 − σ(−u_kᵀv_c)) v_c.", "no-sigma-minus"),
            (r"(\sigma(u_k^\top v_c) - 1) v_c", "That is the form of the true word o. For a negative the term is "
                                                "−log σ(−u_kᵀv_c), whose derivative has no −1: σ(u_kᵀv_c) v_c.")],
           {"K": "You multiplied by K: only the draws of this very word depend on u_k, and it is drawn once."}),
        _q("negsamp_grad_outside_repeated",
           r"Among the $K$ negative samples, the word $w$ is drawn $n_w$ times (and is not $o$). "
           r"Write $\dfrac{\partial J}{\partial \mathbf{u}_w}$.",
           "∂J/∂u_w", "a d×1 column, like u_w", "Every draw of w contributes a term.",
           _NEGSAMP_SYNTAX + " Here u_w is the repeated word's vector and n (or n_w) its number of draws.",
           "n (1 - sigma(-u_w^T v_c)) v_c",
           "negative_sampling", r"\frac{\partial J}{\partial \mathbf{u}_w}",
           r"n_w \sigma(\mathbf{u}_w^\top \mathbf{v}_c)\mathbf{v}_c",
           [(r"n_w \sigma(-u_w^\top v_c) v_c", _SIGMA_MINUS.format(s="u_wᵀv_c"), "sigma-minus"),
            (r"n_w \sigma(-u_w^\top v_c) v_c", "A minus sign was dropped inside σ(−u_wᵀv_c): each draw "
                                               "contributes (1 − σ(−u_wᵀv_c)) v_c.", "no-sigma-minus"),
            (r"\sigma(-u_w^\top v_c) v_c", _SIGMA_MINUS.format(s="u_wᵀv_c") + " And w is drawn n_w times.",
             "sigma-minus"),
            (r"(K - 1) \sigma(u_w^\top v_c) v_c",
             "K − 1 is not the number of draws of w: it equals n_w only by chance (K = 3, n_w = 2); "
             "w contributes once per draw, n_w times."),
            (r"(K - 1) \sigma(-u_w^\top v_c) v_c",
             "K − 1 is not the number of draws of w (it equals n_w only when K = 3, n_w = 2), and the factor is "
             "σ(u_wᵀv_c) = 1 − σ(−u_wᵀv_c).")],
           {"K": "You counted all K samples, but only the n_w draws of w depend on u_w.",
            r"\frac{K}{n_w}": "You counted all K samples, but only the n_w draws of w depend on u_w.",
            r"\frac{1}{n_w}": "This is the gradient of one draw; w is drawn n_w times and the contributions "
                              "add up."},
           aliases={"n": "n_w"}),
        _q("sigmoid_second_derivative",
           r"Write the second derivative $\sigma''(x) = \dfrac{d^2\sigma(x)}{dx^2}$ of "
           r"$\sigma(x) = \dfrac{1}{1 + e^{-x}}$ in terms of $\sigma(x)$.",
           "σ″(x)", "a scalar", "Differentiate σ′(x), written with σ(x), by the product rule; σ′ appears again.",
           _SIGMOID_SYNTAX, "sigma(x)(1 - sigma(x))(1 - 2 sigma(x))",
           "sigmoid", r"\frac{d}{dx}\frac{d\sigma(x)}{dx}", r"\sigma(x)(1 - \sigma(x))(1 - 2\sigma(x))",
           [(r"\sigma(x)(1 - \sigma(x))", "That is σ′(x), the first derivative (it is also what the product rule "
                                          "gives when (1 − σ(x))′ = −σ′(x) loses its minus): differentiate "
                                          "σ(x)(1 − σ(x)) once more."),
            (r"\sigma(x)(1 - \sigma(x))^2", "The product rule has two terms: you differentiated only the factor "
                                            "σ(x); the factor 1 − σ(x) adds σ(x)·(−σ′(x))."),
            (r"-\sigma(x)^2(1 - \sigma(x))", "The product rule has two terms: you differentiated only the factor "
                                             "1 − σ(x); the factor σ(x) adds σ′(x)(1 − σ(x))."),
            (r"1 - 2\sigma(x)", "That is the derivative of σ − σ² with respect to σ; by the chain rule it is "
                                "multiplied by σ′(x) = σ(x)(1 − σ(x))."),
            (r"\sigma(x)^2(1 - \sigma(x))^2", "σ′(x)·σ′(x) is not the derivative of σ′(x): differentiate "
                                              "σ(x)(1 − σ(x)) by the product rule.")]),
        _q("sigmoid_silu_derivative",
           r"The SiLU (or swish) activation is $x\,\sigma(x)$. Write $\dfrac{d}{dx}\bigl(x\,\sigma(x)\bigr)$ in "
           r"terms of $x$ and $\sigma(x)$.",
           "d(x σ(x))/dx", "a scalar", "It is a product of two functions of x.",
           _SIGMOID_SYNTAX, "sigma(x) + x sigma(x)(1 - sigma(x))",
           "sigmoid", r"\frac{d}{dx}\bigl(x\,\sigma(x)\bigr)", r"\sigma(x) + x\,\sigma(x)(1 - \sigma(x))",
           [(r"x\,\sigma(x)(1 - \sigma(x))", "The product rule has two terms: (x σ(x))′ = x′σ(x) + x σ′(x), and "
                                             "the first one, σ(x), is missing."),
            (r"\sigma(x) + \sigma(x)(1 - \sigma(x))", "The second term of the product rule is x σ′(x): the x is "
                                                      "missing."),
            (r"\sigma(x)(1 - \sigma(x))", "That is σ′(x) alone; x σ(x) is a product: (x σ(x))′ = σ(x) + x σ′(x)."),
            (r"\sigma(x) + x\,\sigma(x)", "σ′(x) is σ(x)(1 − σ(x)), not σ(x)."),
            (r"\sigma(x) + x\,\sigma(x)^2", "σ′(x) is σ(x)(1 − σ(x)) = σ(x)σ(−x), not σ(x)·σ(x).")]),
        _q("sigmoid_affine_derivative",
           r"For real constants $a$ and $b$, write $\dfrac{d}{dx}\,\sigma(ax + b)$ in terms of $\sigma(ax + b)$, "
           r"$a$ and $b$.",
           "d σ(ax + b)/dx", "a scalar", "Chain rule: σ′ at the inner value, times the inner derivative.",
           _SIGMOID_VARIANT_SYNTAX, "a sigma(a x + b)(1 - sigma(a x + b))",
           "sigmoid_variants", r"\frac{d}{dx}\sigma(ax + b)", r"a\,\sigma(ax + b)(1 - \sigma(ax + b))",
           [(r"\sigma(ax + b)(1 - \sigma(ax + b))", "The inner derivative is missing: the chain rule multiplies "
                                                    "σ′(ax + b) by d(ax + b)/dx = a."),
            (r"a\,\sigma(x)(1 - \sigma(x))", "σ′ is taken at the inner value ax + b, not at x."),
            (r"x\,\sigma(ax + b)(1 - \sigma(ax + b))", "That is the derivative with respect to a (d(ax + b)/da = x); "
                                                       "with respect to x the inner derivative is a."),
            (r"a\,\sigma(ax + b)", "σ′(z) is σ(z)(1 − σ(z)), not σ(z)."),
            (r"(a + b)\sigma(ax + b)(1 - \sigma(ax + b))", "b is a constant: d(ax + b)/dx = a, not a + b."),
            (r"a^2\sigma(ax + b)(1 - \sigma(ax + b))", "You multiplied by a twice: the inner derivative a appears "
                                                        "once.")],
           {"2": "A factor 2 too many: σ′(z) = σ(z)(1 − σ(z)) has no 2."}),
        _q("sigmoid_bce_grad",
           r"For a label $y$ and a score $x$, the binary cross-entropy is "
           r"$J = -y \log\sigma(x) - (1 - y)\log\bigl(1 - \sigma(x)\bigr)$. Write $\dfrac{dJ}{dx}$ in terms of "
           r"$\sigma(x)$ and $y$.",
           "dJ/dx", "a scalar", "Differentiate each log by the chain rule, then collect the σ(x) terms.",
           _SIGMOID_VARIANT_SYNTAX, "sigma(x) - y",
           "sigmoid_variants", r"\frac{dJ}{dx}", r"\sigma(x) - y",
           [(r"-y(1 - \sigma(x)) - (1 - y)\sigma(x)",
             "The second term's sign: the derivative of log(1 − σ(x)) is −σ′(x)/(1 − σ(x)) = −σ(x), so "
             "−(1 − y) log(1 − σ(x)) contributes +(1 − y)σ(x)."),
            (r"\sigma(-x) - y", "You wrote σ(−x) where σ(x) belongs: −y(1 − σ(x)) + (1 − y)σ(x) = σ(x) − y "
                                "(and 1 − σ(x) = σ(−x), not σ(x)).", "sigma-minus"),
            (r"-\frac{y}{\sigma(x)} + \frac{1 - y}{1 - \sigma(x)}",
             "That is dJ/dσ, the derivative with respect to σ(x); the chain rule multiplies it by "
             "σ′(x) = σ(x)(1 − σ(x))."),
            (r"-y(1 - \sigma(x))", "Only the first term: −(1 − y) log(1 − σ(x)) contributes (1 − y)σ(x) too."),
            (r"\sigma(x) - 1", "That is the derivative for the label y = 1 only; keep y."),
            (r"\sigma(x)(1 - \sigma(x))(\sigma(x) - y)", "The factor σ′(x) cancels: the derivatives of the logs "
                                                         "divide it by σ(x) and by 1 − σ(x).")]),
        _q("sigmoid_softplus_derivative",
           r"The softplus with sharpness $a > 0$ is $\dfrac{1}{a}\log\bigl(1 + e^{ax}\bigr)$. Write "
           r"$\dfrac{d}{dx}\Bigl(\dfrac{1}{a}\log\bigl(1 + e^{ax}\bigr)\Bigr)$ with $\sigma$, $a$ and $x$.",
           "d/dx (1/a) log(1 + e^(ax))", "a scalar",
           "Chain rule through the log and the exponential, then divide above and below by e^(ax).",
           _SIGMOID_VARIANT_SYNTAX, "sigma(a x)",
           "sigmoid_variants", r"\frac{d}{dx}\Bigl(\frac{1}{a}\log(1 + e^{ax})\Bigr)", r"\sigma(ax)",
           [(r"a\,\sigma(ax)", "The 1/a in front cancels the inner derivative a of e^(ax)."),
            (r"\frac{1}{a}\sigma(ax)", "The chain rule's inner derivative a of e^(ax) is missing: it cancels the "
                                       "1/a in front."),
            (r"\sigma(x)", "The argument is ax: σ(x) is the answer for a = 1 only."),
            (r"\sigma(-ax)", "You wrote σ(−ax) where σ(ax) belongs: e^(ax)/(1 + e^(ax)) = 1/(1 + e^(−ax)) = σ(ax).",
             "sigma-minus"),
            (r"\frac{1}{1 + e^{ax}}", "The numerator e^(ax) is missing: the derivative of log(1 + e^(ax)) is "
                                      "a e^(ax)/(1 + e^(ax))."),
            (r"\frac{1}{a(1 + e^{ax})}", "The derivative of log z is z′/z: the numerator is (1 + e^(ax))′ = "
                                         "a e^(ax), not 1.")]),
        _q("negsamp_grad_U",
           r"For the negative-sampling loss $J = -\log\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - \sum_{k=1}^{K} "
           r"\log\sigma(-\mathbf{u}_k^\top \mathbf{v}_c)$, whose $K$ negatives are drawn with repeats (never $o$), "
           r"write the whole $d\times|V|$ matrix $\dfrac{\partial J}{\partial \mathbf{U}}$. Use the one-hot columns "
           r"$\mathbf{e}_o$, $\mathbf{e}_k$ ($\mathbf{e}_w$ has a 1 in row $w$) to place each column: "
           r"$\mathbf{a}\,\mathbf{e}_w^\top$ puts $\mathbf{a}$ in column $w$.",
           "∂J/∂U", "a d×|V| matrix, like U",
           "Column w of ∂J/∂U is ∂J/∂u_w: what is it for o, for a word drawn twice, for a word never drawn?",
           _NEGSAMP_VARIANT_SYNTAX, "(sigma(u_o^T v_c) - 1) v_c e_o^T + sum_k(sigma(u_k^T v_c) v_c e_k^T)",
           "negative_sampling_columns", r"\frac{\partial J}{\partial \mathbf{U}}",
           r"(\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - 1)\mathbf{v}_c \mathbf{e}_o^\top + \sum_{k=1}^{K} "
           r"\sigma(\mathbf{u}_k^\top \mathbf{v}_c)\mathbf{v}_c \mathbf{e}_k^\top",
           [(r"\sum_{k=1}^{K} \sigma(u_k^\top v_c) v_c e_k^\top",
             "The true word's column is missing: the first term −log σ(u_oᵀv_c) puts (σ(u_oᵀv_c) − 1) v_c in "
             "column o."),
            (r"\sigma(u_o^\top v_c) v_c e_o^\top + \sum_{k=1}^{K} \sigma(u_k^\top v_c) v_c e_k^\top",
             "The −1 of the true word is missing: its column is (σ(u_oᵀv_c) − 1) v_c."),
            (r"(\sigma(u_o^\top v_c) - 1) u_o e_o^\top + \sum_{k=1}^{K} \sigma(u_k^\top v_c) u_k e_k^\top",
             "Column w of ∂J/∂U is ∂J/∂u_w, a multiple of v_c (the derivative of u_wᵀv_c by u_w), not of u_w."),
            (r"(\sigma(u_o^\top v_c) - 1) v_c e_o^\top + \sum_{w} \sigma(u_w^\top v_c) v_c e_w^\top",
             "Σ_w runs over every word of the vocabulary: only the drawn words have a nonzero column, a word "
             "drawn n_w times n_w times over."),
            (r"(\sigma(u_o^\top v_c) - 1) v_c e_o^\top + K \sigma(u_k^\top v_c) v_c e_k^\top",
             "K for Σ_k: K times the column of one negative is not the sum over the K draws; write "
             "sum_k(sigma(u_k^T v_c) v_c e_k^T)."),
            (r"(\sigma(u_o^\top v_c) - 1) v_c e_o^\top + \sum_{k=1}^{K} \sigma(-u_k^\top v_c) v_c e_k^\top",
             _SIGMA_MINUS.format(s="u_kᵀv_c"), "sigma-minus")]),
        _q("negsamp_grad_outside_o_drawn",
           r"In the negative-sampling loss $J = -\log\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - \sum_{k=1}^{K} "
           r"\log\sigma(-\mathbf{u}_k^\top \mathbf{v}_c)$ the sampler does not exclude $o$: the true word $o$ is "
           r"also drawn $n_o \ge 1$ times among the $K$ negatives. Write $\dfrac{\partial J}{\partial \mathbf{u}_o}$ "
           r"(use $n_o$).",
           "∂J/∂u_o", "a d×1 column, like u_o", "u_o is in the first term and in every draw of o.",
           _NEGSAMP_VARIANT_SYNTAX + " Here n_o (or n) is how often o is drawn.",
           "(sigma(u_o^T v_c) - 1) v_c + n_o sigma(u_o^T v_c) v_c",
           "negative_sampling_outside_drawn", r"\frac{\partial J}{\partial \mathbf{u}_o}",
           r"((1 + n_o)\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - 1)\mathbf{v}_c",
           [(r"(\sigma(u_o^\top v_c) - 1) v_c", "That is the gradient when o is not drawn: each of the n_o draws of "
                                                "o adds a term −log σ(−u_oᵀv_c), whose gradient is σ(u_oᵀv_c) v_c."),
            (r"(n_o \sigma(u_o^\top v_c) - 1) v_c", "The true pair's own term still gives (σ(u_oᵀv_c) − 1) v_c: "
                                                    "σ(u_oᵀv_c) v_c appears 1 + n_o times."),
            (r"(2\sigma(u_o^\top v_c) - 1) v_c", "o is drawn n_o times, and each draw adds σ(u_oᵀv_c) v_c."),
            (r"(\sigma(u_o^\top v_c) - 1) v_c - n_o \sigma(u_o^\top v_c) v_c",
             "The sign of the draws of o: the derivative of −log σ(−s) by s is +σ(s)."),
            (r"(\sigma(u_o^\top v_c) - 1) v_c + n_o \sigma(-u_o^\top v_c) v_c", _SIGMA_MINUS.format(s="u_oᵀv_c"),
             "sigma-minus"),
            (r"(\sigma(u_o^\top v_c) - 1) v_c + K \sigma(u_o^\top v_c) v_c",
             "K counts all the draws: only the n_o draws of o depend on u_o.")],
           aliases={"n": "n_o"}),
        _q("negsamp_bias_grad_repeated",
           r"With a bias $b_w$ in every score, the loss is $J = -\log\sigma(\mathbf{u}_o^\top \mathbf{v}_c + b_o) "
           r"- \sum_{k=1}^{K} \log\sigma(-\mathbf{u}_k^\top \mathbf{v}_c - b_k)$ ($b_k$ is short for $b_{w_k}$). "
           r"The word $w$ is drawn $n_w$ times among the $K$ negatives (and is not $o$). Write "
           r"$\dfrac{\partial J}{\partial b_w}$ with $\mathbf{u}_w$, $\mathbf{v}_c$, $b_w$ and $n_w$.",
           "∂J/∂b_w", "a scalar", "b_w enters every draw of w, with inner derivative 1.",
           _NEGSAMP_VARIANT_SYNTAX + " Biases: b_o, b_k, b_w.", "n_w sigma(u_w^T v_c + b_w)",
           "negative_sampling_bias", r"\frac{\partial J}{\partial b_w}",
           r"n_w\,\sigma(\mathbf{u}_w^\top \mathbf{v}_c + b_w)",
           [(r"n_w \sigma(u_w^\top v_c)", "The bias is part of the score: σ is taken at u_wᵀv_c + b_w."),
            (r"n_w \sigma(-u_w^\top v_c - b_w)", _SIGMA_MINUS.format(s="(u_wᵀv_c + b_w)"), "sigma-minus"),
            (r"n_w (\sigma(u_w^\top v_c + b_w) - 1)", "That is the form of the true word o. A negative's term "
                                                      "−log σ(−s) has derivative σ(s), with no −1."),
            (r"(K - 1)\sigma(u_w^\top v_c + b_w)", "K − 1 is not the number of draws of w: it equals n_w only by "
                                                   "chance (K = 3, n_w = 2)."),
            (r"n_w \sigma(u_w^\top v_c + b_w) - 1", "The −1 belongs to the true word's term only, and o ≠ w.")],
           {r"\frac{K}{n_w}": "You counted all K samples, but only the n_w draws of w depend on b_w.",
            r"\frac{1}{n_w}": "This is the derivative of one draw; w is drawn n_w times and the terms add up."},
           aliases={"n": "n_w"}),
        _q("negsamp_mean_grad_center",
           r"Averaging the negatives instead of summing them gives the loss $J = -\log\sigma(\mathbf{u}_o^\top "
           r"\mathbf{v}_c) - \dfrac{1}{K}\sum_{k=1}^{K} \log\sigma(-\mathbf{u}_k^\top \mathbf{v}_c)$. Write "
           r"$\dfrac{\partial J}{\partial \mathbf{v}_c}$ (use $\texttt{sum\_k}$ for the sum).",
           "∂J/∂v_c", "a d×1 column, like v_c", "The constant 1/K stays where it is; differentiate term by term.",
           _NEGSAMP_VARIANT_SYNTAX, "(sigma(u_o^T v_c) - 1) u_o + sum_k(sigma(u_k^T v_c) u_k)/K",
           "negative_sampling_mean", r"\frac{\partial J}{\partial \mathbf{v}_c}",
           r"(\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - 1)\mathbf{u}_o + \frac{1}{K}\sum_{k=1}^{K} "
           r"\sigma(\mathbf{u}_k^\top \mathbf{v}_c)\mathbf{u}_k",
           [(r"\frac{1}{K}\Bigl((\sigma(u_o^\top v_c) - 1) u_o + \sum_{k=1}^{K} \sigma(u_k^\top v_c) u_k\Bigr)",
             "The 1/K averages the negatives only: the true word's term keeps the weight 1."),
            (r"(\sigma(u_o^\top v_c) - 1) u_o + \sum_{k=1}^{K} \sigma(u_k^\top v_c) u_k",
             "That is the gradient of the summed loss: the average over the negatives keeps its factor 1/K."),
            (r"(\sigma(u_o^\top v_c) - 1) u_o + K \sum_{k=1}^{K} \sigma(u_k^\top v_c) u_k",
             "The factor is 1/K, not K: the loss divides the sum over the negatives by K."),
            (r"(\sigma(u_o^\top v_c) - 1) u_o + \sigma(u_k^\top v_c) u_k",
             "The mean of the K terms is not one term: (1/K)·Σ_k is not K·(1/K)·(one term) unless the K draws "
             "are the same word; write sum_k(...)/K."),
            (r"(1 - \sigma(u_o^\top v_c)) u_o + \frac{1}{K}\sum_{k=1}^{K} \sigma(u_k^\top v_c) u_k",
             "The sign of the true word's term is wrong: the derivative of −log σ(s) is −(1 − σ(s)) s′."),
            (r"(\sigma(u_o^\top v_c) - 1) u_o + \frac{1}{K}\sum_{k=1}^{K} \sigma(-u_k^\top v_c) u_k",
             _SIGMA_MINUS.format(s="u_kᵀv_c"), "sigma-minus")],
           {"K": "A factor K: the 1/K of the loss stays in the gradient.",
            r"\frac{1}{K}": "The 1/K averages the negatives only: the true word's term keeps the weight 1."}),
        _q("negsamp_hessian_repeated",
           r"For the negative-sampling loss $J = -\log\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - \sum_{k=1}^{K} "
           r"\log\sigma(-\mathbf{u}_k^\top \mathbf{v}_c)$, the word $w$ is drawn $n_w$ times among the $K$ "
           r"negatives (and is not $o$). Write the $d\times d$ Hessian "
           r"$\dfrac{\partial}{\partial \mathbf{u}_w}\Bigl(\dfrac{\partial J}{\partial \mathbf{u}_w}\Bigr)$, whose "
           r"entry $(i, j)$ is $\partial^2 J / \partial u_{w,i}\,\partial u_{w,j}$.",
           "the Hessian ∂²J/∂u_w∂u_wᵀ", "a d×d matrix",
           "Differentiate the weight of v_c in ∂J/∂u_w (a function of one score) by u_w: an outer product appears.",
           _NEGSAMP_SYNTAX + " Here u_w is the repeated word's vector and n (or n_w) its number of draws.",
           "n_w sigma(u_w^T v_c) sigma(-u_w^T v_c) v_c v_c^T",
           "negative_sampling",
           r"\frac{\partial}{\partial \mathbf{u}_w}\Bigl(\frac{\partial J}{\partial \mathbf{u}_w}\Bigr)",
           r"n_w\,\sigma(\mathbf{u}_w^\top \mathbf{v}_c)\,\sigma(-\mathbf{u}_w^\top \mathbf{v}_c)\,\mathbf{v}_c \mathbf{v}_c^\top",
           [(r"n_w \sigma(u_w^\top v_c) v_c v_c^\top", "σ′(s) = σ(s)(1 − σ(s)), not σ(s): differentiate the weight "
                                                      "σ(u_wᵀv_c) of ∂J/∂u_w."),
            (r"n_w \sigma(u_w^\top v_c)\sigma(-u_w^\top v_c) u_w u_w^\top",
             "The derivative of the score u_wᵀv_c by u_w is v_c: the outer product is v_c v_cᵀ, not u_w u_wᵀ."),
            (r"n_w (\sigma(u_w^\top v_c) - 1) v_c v_c^\top",
             "That is the gradient's weight for the true word times v_c v_cᵀ; here the weight σ(u_wᵀv_c) must be "
             "differentiated: σ′(s) = σ(s)(1 − σ(s))."),
            (r"(K - 1) \sigma(u_w^\top v_c)\sigma(-u_w^\top v_c) v_c v_c^\top",
             "K − 1 is not the number of draws of w: it equals n_w only by chance (K = 3, n_w = 2).")],
           {r"\frac{K}{n_w}": "You counted all K samples, but only the n_w draws of w depend on u_w.",
            r"\frac{1}{n_w}": "This is the Hessian of one draw; w is drawn n_w times and the terms add up.",
            "n_w": "A factor n_w too many: each of the n_w draws adds its term once."},
           aliases={"n": "n_w"}),
        _q("skipgram_grad_U",
           r"For $J_{\text{skip-gram}} = \sum_{j} J(\mathbf{v}_c, w_{t+j}, \mathbf{U})$ (naive softmax, a window of "
           r"$2m$ words), write $\dfrac{\partial J_{\text{skip-gram}}}{\partial \mathbf{U}}$.",
           "∂J_skip-gram/∂U", "a d×|V| matrix, like U", "Sum the single-word gradient v_c(ŷ − y)ᵀ over the window.",
           _SKIPGRAM_SYNTAX, "sum_j(v_c (yhat - y_j)^T)",
           "skipgram", r"\frac{\partial J_{\text{skip-gram}}}{\partial \mathbf{U}}",
           r"\sum_{j} \mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y}_{t+j})^\top",
           [(r"\mathbf{v}_c (\hat{\mathbf{y}} - \sum_{j} \mathbf{y}_{t+j})^\top",
             "ŷ appears once per window word: there are 2m terms v_c ŷᵀ, so 2m ŷ, not ŷ."),
            (r"\mathbf{v}_c (m^2 \hat{\mathbf{y}} - \sum_{j} \mathbf{y}_{t+j})^\top",
             "m² is not the number of window words: it is 2m (equal to m² only at m = 2)."),
            ("v_c (2^m yhat - sum_j(y_j))^T",
             "2^m is not the number of window words: it is 2m (equal to 2^m only at m = 2)."),
            ("sum_{j=-m}^{m} v_c (yhat - y_j)^T", _CENTER_TERM)],
           {r"\frac{1}{2m}": "You divided by 2m: the skip-gram loss sums the window's losses, it does not "
                             "average them.",
            r"\frac{m}{2}": "A factor m/2 (did you mean /(2m)?): the skip-gram loss sums the window's losses."}),
        _q("skipgram_grad_center",
           r"For the skip-gram loss over a window, write "
           r"$\dfrac{\partial J_{\text{skip-gram}}}{\partial \mathbf{v}_c}$.",
           "∂J_skip-gram/∂v_c", "a d×1 column, like v_c", "Sum the single-word gradient U(ŷ − y) over the window.",
           _SKIPGRAM_SYNTAX, "sum_j(U(yhat - y_j))",
           "skipgram", r"\frac{\partial J_{\text{skip-gram}}}{\partial \mathbf{v}_c}",
           r"\sum_{j} \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}_{t+j})",
           [(r"\mathbf{U}(\hat{\mathbf{y}} - \sum_{j} \mathbf{y}_{t+j})",
             "ŷ appears once per window word: there are 2m terms Uŷ, so 2m Uŷ, not Uŷ."),
            (r"\mathbf{U}(m^2 \hat{\mathbf{y}} - \sum_{j} \mathbf{y}_{t+j})",
             "m² is not the number of window words: it is 2m (equal to m² only at m = 2)."),
            ("U(2^m yhat - sum_j(y_j))",
             "2^m is not the number of window words: it is 2m (equal to 2^m only at m = 2)."),
            ("sum_{j=-m}^{m} U(yhat - y_j)", _CENTER_TERM)],
           {r"\frac{1}{2m}": "You divided by 2m: the skip-gram loss sums the window's losses, it does not "
                             "average them.",
            r"\frac{m}{2}": "A factor m/2 (did you mean /(2m)?): the skip-gram loss sums the window's losses."}),
        _q("skipgram_grad_other_center",
           r"For the skip-gram loss, write $\dfrac{\partial J_{\text{skip-gram}}}{\partial \mathbf{v}_w}$ for a "
           r"word $w \ne c$.",
           "∂J_skip-gram/∂v_w", "a d×1 column, like v_w", "Does v_w appear in J at all?",
           _SKIPGRAM_SYNTAX, "0",
           "skipgram", r"\frac{\partial J_{\text{skip-gram}}}{\partial \mathbf{v}_w}", r"\mathbf{0}",
           [(r"\sum_{j} \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}_{t+j})",
             "That is the gradient for the center word c itself; J does not involve v_w for w ≠ c.")]),
        _q("rong_EI",
           r"In Rong's skip-gram with $C$ panels sharing the scores $u_j$, write the vector "
           r"$\mathrm{EI}$ with entries $\mathrm{EI}_j = \dfrac{\partial E}{\partial u_j}$.",
           "EI = ∂E/∂u", "a V×1 column, like y", "Each panel c contributes its error e_c = y − t_c.",
           _RONG_SYNTAX, "sum_c(y - t_c)",
           "rong", r"\frac{\partial E}{\partial u_j}", r"\sum_{c=1}^{C} (y_j - t_{c,j})",
           [(r"\mathbf{y} - \sum_{c=1}^{C} \mathbf{t}_c",
             "The C panels share u_j, and each contributes its own y_j: the first term is C·y."),
            (r"\sum_{c=1}^{C} (C \mathbf{y} - \mathbf{t}_c)",
             "The factor C of C·log Σ exp(u_j′) already sums the C panels: each panel contributes y_j once, "
             "so per panel the error is y_j − t_{c,j}, not C·y_j − t_{c,j}.")],
           {r"\frac{1}{C}": "That is the error of one panel on average; EI sums the errors of all C panels."},
           hidden=("EI", "EH")),
        _q("rong_EH",
           r"In Rong's skip-gram, write the vector $\mathrm{EH}$ with entries "
           r"$\mathrm{EH}_i = \dfrac{\partial E}{\partial h_i}$ (you may use $\mathrm{EI}$).",
           "EH = ∂E/∂h", "an N×1 column, like h", "h_i enters every score u_j = Σ_i w′_ij h_i.",
           _RONG_SYNTAX + " EI is also available.", "Wp EI",
           "rong", r"\frac{\partial E}{\partial h_i}", r"\sum_{j=1}^{V} w'_{ij} \mathrm{EI}_j",
           [(r"\mathbf{W}' (\mathbf{y} - \mathbf{t}_1)",
             "That uses the error of one panel only; EH uses EI, the sum over all C panels.")],
           hidden=("EH",)),
        # ---- chapter 5: a weighted and an averaged window
        _q("skipgram_weighted_center",
           r"Give each window offset $j$ a weight $\alpha_j > 0$ (weights that fall with $|j|$, say): "
           r"$J = \sum_{j} \alpha_j\, J(\mathbf{v}_c, w_{t+j}, \mathbf{U})$, naive softmax, the $2m$ offsets "
           r"$j \ne 0$. Write $\dfrac{\partial J}{\partial \mathbf{v}_c}$ in terms of $\mathbf{U}$, "
           r"$\hat{\mathbf{y}}$, $\mathbf{y}_{t+j}$ and $\alpha_j$.",
           "∂J/∂v_c", "a d×1 column, like v_c",
           "A constant weight comes out of the derivative; then use the single-pair gradient.",
           _WEIGHTED_SYNTAX, "sum_j(alpha_j U(yhat - y_j))",
           "skipgram_alpha", r"\frac{\partial J}{\partial \mathbf{v}_c}",
           r"\sum_{j} \alpha_j \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}_{t+j})",
           [(r"\mathbf{U}\Bigl(2m\,\hat{\mathbf{y}} - \sum_{j} \alpha_j \mathbf{y}_{t+j}\Bigr)",
             "The ŷ part is weighted too: each offset contributes α_j Uŷ, so (Σ_j α_j) Uŷ, not 2m Uŷ."),
            (r"\mathbf{U}\Bigl(\hat{\mathbf{y}} - \sum_{j} \alpha_j \mathbf{y}_{t+j}\Bigr)",
             "ŷ appears once per offset, with its weight: the ŷ part is (Σ_j α_j) Uŷ, not Uŷ."),
            (r"\sum_{j} \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}_{t+j})",
             "The weights are missing: the pair loss at offset j is multiplied by α_j, and so is its gradient."),
            (r"\sum_{j} \mathbf{U}(\alpha_j \hat{\mathbf{y}} - \mathbf{y}_{t+j})",
             "α_j multiplies the whole pair gradient U(ŷ − y_{t+j}), its target part included."),
            ("sum_j(alpha_j) U(yhat - sum_j(y_j))",
             "Σ_j α_j factors out of the ŷ part only: the target part is Σ_j α_j y_{t+j}, each one-hot with the "
             "weight of its own offset.")],
           {"2m": "A factor 2m: the weights α_j already say how much each of the 2m pairs counts.",
            r"\frac{1}{2m}": "You divided by 2m: the loss is Σ_j α_j J, a weighted sum, not a mean."}),
        _q("skipgram_weighted_U",
           r"For the weighted window $J = \sum_{j} \alpha_j\, J(\mathbf{v}_c, w_{t+j}, \mathbf{U})$ (naive "
           r"softmax), write $\dfrac{\partial J}{\partial \mathbf{U}}$ (a $d \times |V|$ matrix).",
           "∂J/∂U", "a d×|V| matrix, like U",
           "Weight the single-pair gradient with respect to U, then sum over the window.",
           _WEIGHTED_SYNTAX, "sum_j(alpha_j v_c (yhat - y_j)^T)",
           "skipgram_alpha", r"\frac{\partial J}{\partial \mathbf{U}}",
           r"\sum_{j} \alpha_j \mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y}_{t+j})^\top",
           [(r"\mathbf{v}_c\Bigl(2m\,\hat{\mathbf{y}} - \sum_{j} \alpha_j \mathbf{y}_{t+j}\Bigr)^\top",
             "The ŷ part is weighted too: each offset contributes α_j v_c ŷᵀ, so (Σ_j α_j) v_c ŷᵀ, not 2m v_c ŷᵀ."),
            (r"\mathbf{v}_c\Bigl(\hat{\mathbf{y}} - \sum_{j} \alpha_j \mathbf{y}_{t+j}\Bigr)^\top",
             "ŷ appears once per offset, with its weight: the ŷ part is (Σ_j α_j) v_c ŷᵀ, not v_c ŷᵀ."),
            (r"\sum_{j} \mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y}_{t+j})^\top",
             "The weights are missing: the pair loss at offset j is multiplied by α_j, and so is its gradient."),
            (r"\sum_{j} \mathbf{v}_c (\alpha_j \hat{\mathbf{y}} - \mathbf{y}_{t+j})^\top",
             "α_j multiplies the whole pair gradient v_c(ŷ − y_{t+j})ᵀ, its target part included."),
            ("sum_j(alpha_j) v_c (yhat - sum_j(y_j))^T",
             "Σ_j α_j factors out of the ŷ part only: the target part is Σ_j α_j y_{t+j}, each one-hot with the "
             "weight of its own offset.")],
           {"2m": "A factor 2m: the weights α_j already say how much each of the 2m pairs counts.",
            r"\frac{1}{2m}": "You divided by 2m: the loss is Σ_j α_j J, a weighted sum, not a mean."}),
        _q("skipgram_weighted_outside_w",
           r"For the weighted window $J = \sum_{j} \alpha_j\, J(\mathbf{v}_c, w_{t+j}, \mathbf{U})$ (naive "
           r"softmax), write $\dfrac{\partial J}{\partial \mathbf{u}_w}$ for a word $w$ that does not occur in the "
           r"window.",
           "∂J/∂u_w", "a d×1 column, like u_w",
           "u_w is no pair's target, but it is in every pair's softmax denominator.",
           _WEIGHTED_SYNTAX, "sum_j(alpha_j) yhat_w v_c",
           "skipgram_alpha", r"\frac{\partial J}{\partial \mathbf{u}_w}",
           r"\sum_{j} \alpha_j \hat{y}_w \mathbf{v}_c",
           [(r"2m\, \hat{y}_w \mathbf{v}_c",
             "The push of each offset is weighted: the factor is Σ_j α_j, not 2m."),
            (r"\hat{y}_w \mathbf{v}_c",
             "That is the push of one unweighted pair; every offset pushes u_w, with its weight α_j."),
            (r"\sum_{j} \alpha_j (\hat{y}_w - 1) \mathbf{v}_c",
             "w is not in the window, so no pair has w as its target: there is no −1."),
            ("0 v_c", "u_w is in no pair's target, but it is in every softmax denominator: ŷ_w > 0, so "
                            "the gradient is not zero.")],
           {"2m": "A factor 2m: the weights α_j already say how much each of the 2m pairs counts."}),
        _q("skipgram_mean_center",
           r"Average instead of sum: $J = \dfrac{1}{2m} \sum_{j} J(\mathbf{v}_c, w_{t+j}, \mathbf{U})$ (naive "
           r"softmax, the $2m$ offsets $j \ne 0$). Write $\dfrac{\partial J}{\partial \mathbf{v}_c}$ in terms of "
           r"$\mathbf{U}$, $\hat{\mathbf{y}}$, $\mathbf{y}_{t+j}$ and $m$.",
           "∂J/∂v_c", "a d×1 column, like v_c", "The constant 1/(2m) comes out of the derivative.",
           _SKIPGRAM_SYNTAX, "sum_j(U(yhat - y_j))/(2m)",
           "skipgram_mean", r"\frac{\partial J}{\partial \mathbf{v}_c}",
           r"\frac{1}{2m} \sum_{j} \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}_{t+j})",
           [(r"\mathbf{U}\Bigl(\hat{\mathbf{y}} - \sum_{j} \mathbf{y}_{t+j}\Bigr)",
             "The 1/(2m) multiplies the target part too: the targets add up to Σ_j y_{t+j}, and the mean "
             "divides them by 2m."),
            (r"\frac{1}{2m} \mathbf{U}\Bigl(\hat{\mathbf{y}} - \frac{1}{2m} \sum_{j} \mathbf{y}_{t+j}\Bigr)",
             "You divided by 2m twice: the window sum gives 2m ŷ, and the mean turns it back into ŷ."),
            (r"\mathbf{U}\Bigl(\hat{\mathbf{y}} - \frac{1}{m} \sum_{j} \mathbf{y}_{t+j}\Bigr)",
             "The window has 2m words: the mean divides the targets by 2m, not m."),
            (r"\frac{1}{2m} \sum_{j=-m}^{m} \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}_{t+j})", _CENTER_TERM)],
           {"2m": "That is the gradient of the summed window loss; the mean divides it by 2m.",
            r"\frac{1}{2m}": "You divided by 2m twice: the window sum gives 2m ŷ, and the mean turns it back "
                             "into ŷ.",
            "2": "A factor 2: the window has 2m words, and the mean divides by 2m (not m)."}),
        _q("skipgram_mean_U",
           r"For the averaged window $J = \dfrac{1}{2m} \sum_{j} J(\mathbf{v}_c, w_{t+j}, \mathbf{U})$ (naive "
           r"softmax), write $\dfrac{\partial J}{\partial \mathbf{U}}$ (a $d \times |V|$ matrix).",
           "∂J/∂U", "a d×|V| matrix, like U", "The constant 1/(2m) comes out of the derivative.",
           _SKIPGRAM_SYNTAX, "sum_j(v_c (yhat - y_j)^T)/(2m)",
           "skipgram_mean", r"\frac{\partial J}{\partial \mathbf{U}}",
           r"\frac{1}{2m} \sum_{j} \mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y}_{t+j})^\top",
           [(r"\mathbf{v}_c\Bigl(\hat{\mathbf{y}} - \sum_{j} \mathbf{y}_{t+j}\Bigr)^\top",
             "The 1/(2m) multiplies the target part too: the targets add up to Σ_j y_{t+j}, and the mean "
             "divides them by 2m."),
            (r"\frac{1}{2m} \mathbf{v}_c\Bigl(\hat{\mathbf{y}} - \frac{1}{2m} \sum_{j} \mathbf{y}_{t+j}\Bigr)^\top",
             "You divided by 2m twice: the window sum gives 2m ŷ, and the mean turns it back into ŷ."),
            (r"\mathbf{v}_c\Bigl(\hat{\mathbf{y}} - \frac{1}{m} \sum_{j} \mathbf{y}_{t+j}\Bigr)^\top",
             "The window has 2m words: the mean divides the targets by 2m, not m."),
            (r"\frac{1}{2m} \sum_{j=-m}^{m} \mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y}_{t+j})^\top", _CENTER_TERM)],
           {"2m": "That is the gradient of the summed window loss; the mean divides it by 2m.",
            r"\frac{1}{2m}": "You divided by 2m twice: the window sum gives 2m ŷ, and the mean turns it back "
                             "into ŷ.",
            "2": "A factor 2: the window has 2m words, and the mean divides by 2m (not m)."}),
        # ---- chapter 6: Rong's input matrix, CBOW with a sum, hierarchical softmax
        _q("rong_grad_W",
           r"In Rong's skip-gram with $C$ panels, write $\dfrac{\partial E}{\partial \mathbf{W}}$, the gradient "
           r"for the whole input matrix ($V \times N$), with the one-hot input $\mathbf{x}$.",
           "∂E/∂W", "a V×N matrix, like W",
           "Only row w_I of W enters h = Wᵀx; write the whole matrix with x.",
           _RONG_SYNTAX + " x (the one-hot input), EI and EH are also available.", "x (Wp EI)^T",
           "rong", r"\frac{\partial E}{\partial \mathbf{W}}", r"\mathbf{x} (\mathbf{W}' \mathrm{EI})^\top",
           [(r"\mathbf{x} (\mathbf{W}' (\mathbf{y} - \mathbf{t}_1))^\top",
             "That uses the error of one panel only; EH = W′EI sums the errors of all C panels."),
            (r"\mathbf{x} \Bigl(\mathbf{W}' \bigl(\mathbf{y} - \sum_{c=1}^{C} \mathbf{t}_c\bigr)\Bigr)^\top",
             "The softmax part appears once per panel: EI = Σ_c (y − t_c) = C y − Σ_c t_c."),
            (r"\mathbf{x} \Bigl(\mathbf{W}' \bigl(C^2 \mathbf{y} - \sum_{c=1}^{C} \mathbf{t}_c\bigr)\Bigr)^\top",
             "C² y counts the factor C twice (the slip of the section “Where the factor C goes”): EI = C y − "
             "Σ_c t_c.")],
           {"C": "EH = W′EI already sums the errors of the C panels: there is no further factor C.",
            r"\frac{1}{C}": "EH = W′EI is the gradient of the whole loss E, all panels summed: do not divide by C."}),
        _q("cbow_sum_grad_W",
           r"CBOW with a sum instead of a mean: $\mathbf{h} = \sum_{c=1}^{C} \mathbf{v}_{w_{I,c}}$, the same "
           r"output layer and loss. Write $\dfrac{\partial E}{\partial \mathbf{W}}$ ($V \times N$), with the "
           r"one-hot inputs $\mathbf{x}_c$ (a context word may occur more than once).",
           "∂E/∂W", "a V×N matrix, like W",
           "h = Wᵀ Σ_c x_c; each context position contributes an outer product.",
           _CBOW_SYNTAX, "sum_c(x_c (Wp e)^T)",
           "cbow_sum", r"\frac{\partial E}{\partial \mathbf{W}}",
           r"\sum_{c=1}^{C} \mathbf{x}_c (\mathbf{W}' \mathbf{e})^\top",
           [(r"C\, \mathbf{x}_c\, \mathrm{EH}^\top",
             "C times one position's term is not the sum: Σ_c x_c EHᵀ puts EH in the row of every context word "
             "(twice in the row of a word used twice); write sum_c(...).")],
           {r"\frac{1}{C}": "That is the gradient for the mean h = (1/C)Σ_c v_{w_{I,c}}; with a sum, each context "
                            "vector enters h with weight 1.",
            "C": "The sum over the C positions is already there: no further factor C."}),
        _q("cbow_sum_grad_repeated",
           r"CBOW with a sum, $\mathbf{h} = \sum_{c=1}^{C} \mathbf{v}_{w_{I,c}}$: the word $w$ occurs $n_w$ times "
           r"among the $C$ context words. Write $\dfrac{\partial E}{\partial \mathbf{v}_w}$ ($N \times 1$).",
           "∂E/∂v_w", "an N×1 column, like h", "Every occurrence of w puts v_w into h once.",
           _CBOW_SYNTAX + " Here v_w is the input vector of w and n (or n_w) its number of occurrences.",
           "n_w Wp e",
           "cbow_sum", r"\frac{\partial E}{\partial \mathbf{v}_w}", r"n_w \mathbf{W}' \mathbf{e}",
           [(r"C\, \mathbf{W}' \mathbf{e}",
             "C counts every context word; only the n_w occurrences of w put v_w into h."),
            (r"\frac{n_w}{C} \mathbf{W}' \mathbf{e}",
             "n_w/C is the mean CBOW's share; with h a sum, each occurrence passes the whole EH = W′e to v_w.")],
           {r"\frac{1}{n_w}": "That is the gradient of one occurrence; w occurs n_w times and the contributions "
                              "add up.",
            r"\frac{1}{C}": "That is the mean CBOW's share; with h a sum there is no 1/C.",
            "C": "C counts every context word; only the n_w occurrences of w put v_w into h."},
           aliases={"n": "n_w"}),
        _q("hs_grad_node",
           r"Hierarchical softmax (Rong §3.1): the path to the output word has $L$ nodes, and "
           r"$E = -\sum_{j=1}^{L-1} \log \sigma\bigl([\![\cdot]\!]\, {\mathbf{v}'_j}^\top \mathbf{h}\bigr)$, where "
           r"$[\![\cdot]\!] = 1$ if the path turns left at node $j$ and $-1$ if it turns right. With $t_j = 1$ "
           r"for left and $t_j = 0$ for right, write $\dfrac{\partial E}{\partial \mathbf{v}'_j}$ without "
           r"$[\![\cdot]\!]$.",
           "∂E/∂v'_j", "an N×1 column, like h",
           "Only the j-th term depends on v'_j; treat t_j = 1 and t_j = 0 separately, then write one formula.",
           _HS_SYNTAX, "(sigma(v'_j^T h) - t_j) h",
           "hsoftmax", r"\frac{\partial E}{\partial \mathbf{v}'_j}",
           r"(\sigma({\mathbf{v}'_j}^\top \mathbf{h}) - t_j) \mathbf{h}",
           [(r"(\sigma({v'_j}^\top h) - 1) h",
             "The −1 holds only where the path turns left (t_j = 1); where it turns right there is none: write t_j."),
            (r"\sigma({v'_j}^\top h) h",
             "The target t_j is missing: where the path turns left, the derivative of −log σ(s) is σ(s) − 1."),
            (r"(\sigma({v'_j}^\top h) - t_j) v'_j",
             "The inner derivative of v′_jᵀh by v′_j is h, not v′_j (that would be a term of ∂E/∂h)."),
            (r"\sum_{j=1}^{L-1} (\sigma({v'_j}^\top h) - t_j) h",
             "Only the j-th term of E depends on v′_j: the other nodes' terms do not contribute.")]),
        _q("hs_grad_h",
           r"For the hierarchical-softmax loss $E = -\sum_{j=1}^{L-1} \log \sigma\bigl([\![\cdot]\!]\, "
           r"{\mathbf{v}'_j}^\top \mathbf{h}\bigr)$ ($t_j = 1$ where the path turns left, $0$ where it turns right), "
           r"write $\dfrac{\partial E}{\partial \mathbf{h}}$ (Rong's $\mathrm{EH}$ for this model).",
           "∂E/∂h", "an N×1 column, like h", "h enters the score of every node on the path.",
           _HS_SYNTAX, "sum_j((sigma(v'_j^T h) - t_j) v'_j)",
           "hsoftmax", r"\frac{\partial E}{\partial \mathbf{h}}",
           r"\sum_{j=1}^{L-1} (\sigma({\mathbf{v}'_j}^\top \mathbf{h}) - t_j) \mathbf{v}'_j",
           [(r"\sum_{j=1}^{L-1} (\sigma({v'_j}^\top h) - 1) v'_j",
             "The −1 belongs only to the nodes where the path turns left (t_j = 1): write t_j."),
            (r"\sum_{j=1}^{L-1} \sigma({v'_j}^\top h) v'_j",
             "The targets t_j are missing: at a left turn the derivative of −log σ(s) is σ(s) − 1."),
            (r"\sum_{j=1}^{L-1} (\sigma({v'_j}^\top h) - t_j) h",
             "The inner derivative of v′_jᵀh by h is v′_j, not h."),
            (r"(L - 1) (\sigma({v'_j}^\top h) - t_j) v'_j",
             "L − 1 times one node's term is not the sum over the path: write sum_j(...).")],
           {"L": "The path has L − 1 inner nodes, one term each: no factor L.",
            r"\frac{1}{L-1}": "E sums the nodes' losses; it does not average them."}),
    )
}

#: Size factors tried when a wrong answer is a constant times the right one (LaTeX, per context).
_FACTORS = {
    "softmax": ["2", r"\frac{1}{2}"],
    **{context: ["2", r"\frac{1}{2}"] for context in ("softmax_temperature", "softmax_bias", "softmax_l2",
                                                      "softmax_smoothing", "softmax_soft_target")},
    "sigmoid": ["2", r"\frac{1}{2}"],
    "negative_sampling": ["K", "n_w", r"\frac{1}{n_w}", r"\frac{K}{n_w}", "K - 1", r"\frac{1}{K}", "2",
                          r"\frac{1}{2}"],
    "sigmoid_variants": ["2", r"\frac{1}{2}"],
    "negative_sampling_columns": ["K", r"\frac{1}{K}", "2", r"\frac{1}{2}"],
    "negative_sampling_outside_drawn": ["n_o", "1 + n_o", "K", r"\frac{1}{K}", "2", r"\frac{1}{2}"],
    "negative_sampling_bias": ["K", "n_w", r"\frac{1}{n_w}", r"\frac{K}{n_w}", "K - 1", r"\frac{1}{K}", "2",
                               r"\frac{1}{2}"],
    "negative_sampling_mean": ["K", r"\frac{1}{K}", "2", r"\frac{1}{2}"],
    "skipgram": ["2m", "m", r"\frac{1}{2m}", r"\frac{1}{m}", r"\frac{m}{2}", "2", r"\frac{1}{2}"],
    "rong": ["C", r"\frac{1}{C}", "C^2", "2", r"\frac{1}{2}"],
    "cbow": ["C", r"\frac{1}{C}", "2", r"\frac{1}{2}"],
    "skipgram_alpha": ["2m", "m", r"\frac{1}{2m}", "2", r"\frac{1}{2}"],
    "skipgram_mean": ["2m", "m", r"\frac{1}{2m}", r"\frac{1}{m}", "2", r"\frac{1}{2}"],
    "cbow_sum": ["C", r"\frac{1}{C}", "n_w", r"\frac{1}{n_w}", "2", r"\frac{1}{2}"],
    "hsoftmax": ["L", "L - 1", r"\frac{1}{L-1}", "2", r"\frac{1}{2}"],
}
#: Letters that index a sum in each context (a free one in an answer may be a missing sum).
_SUM_LETTERS = {"softmax": "w", "softmax_temperature": "w", "softmax_bias": "w", "softmax_l2": "w",
                "softmax_smoothing": "w", "softmax_soft_target": "w", "negative_sampling": "k",
                "negative_sampling_columns": "k", "negative_sampling_outside_drawn": "k", "negative_sampling_bias": "k",
                "negative_sampling_mean": "k", "sigmoid_variants": "", "skipgram": "j", "rong": "c", "cbow": "c",
                "skipgram_alpha": "j", "skipgram_mean": "j", "cbow_sum": "c", "hsoftmax": "j",
                "sigmoid": ""}


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Reading:
    """An answer as read: the ``tree``, the ``spelling`` that read it and notes on the way."""

    tree: object
    spelling: str
    notes: tuple = ()


_WRAPPERS = [(r"^\$\$(.*)\$\$$", 1), (r"^\$(.*)\$$", 1), (r"^\\\[(.*)\\\]$", 1), (r"^\\\((.*)\\\)$", 1),
             (r"^`+(.*?)`+$", 1)]


def _strip(text):
    text = text.strip()
    for pattern, group in _WRAPPERS:
        match = re.match(pattern, text, re.S)
        if match:
            text = match.group(group).strip()
    if text.endswith(".") and not re.search(r"\d\.$", text):
        text = text[:-1].rstrip()
    return text


def _right_hand_side(text):
    """The part after a top-level ``=`` (``dJ/dv_c = U(yhat - y)``), with a note; else the text."""
    depth, positions = 0, []
    for i, char in enumerate(text):
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif char == "=" and depth == 0 and text[i - 1:i] not in ("!", "<", ">", "=") \
                and text[i + 1:i + 2] != "=" and not text[:i].rstrip().endswith("\\ne"):
            positions.append(i)
    if len(positions) != 1:
        return text, None
    left, right = text[:positions[0]].strip(), text[positions[0] + 1:].strip()
    if not left or not right:
        return text, None
    return right, f"read the right-hand side of '=' ({right[:40]})"


def read_answer(text):
    r"""Read an answer in any of the three spellings into the notation tree.

    LaTeX is recognised by a backslash; unicode is normalised first (to ``\sigma``,
    ``\hat{y}`` … in LaTeX, to ``sigma``, ``yhat`` … otherwise). Plain text that the plain
    reader refuses is tried once more with the LaTeX reader (``e^{-x}``, ``y_{t+j}``).

    Returns
    -------
    Reading

    Raises
    ------
    NotationError
        The plain reader's error (or the LaTeX reader's, for LaTeX).
    """
    if not isinstance(text, str):
        raise NotationError(f"the answer must be text, got {type(text).__name__}")
    text = _strip(text)
    latex = "\\" in text
    text, notes = normalize(text, latex=latex)
    text = re.sub(r"\\(mathbf|boldsymbol|vec|bm)\s*0(?![0-9])", r"\\mathbf{0}", text)  # \mathbf 0
    text = re.sub(r"\\(?:wide)?hat\{([A-Za-z])_(\{[^{}]*\}|[A-Za-z0-9])\}", r"\\hat{\1}_\2", text)  # \hat{y_o}
    text = re.sub(r"\^\{?\\prime\}?", "'", text)  # W^{\prime}
    latex = "\\" in text
    latex = latex or "\\" in text
    text, note = _right_hand_side(text)
    notes = list(notes) + ([note] if note else [])
    if latex:
        return Reading(read_latex(text), "latex", tuple(notes))
    try:
        return Reading(read_plain(text), "plain", tuple(notes))
    except NotationError as plain_error:
        if re.search(r"[{}]", text):
            try:
                return Reading(read_latex(text), "latex", tuple(notes))
            except NotationError:
                pass
        raise plain_error


# --------------------------------------------------------------------------- trees


def _rewrite(node, function):
    """Rebuild a tree bottom-up, applying ``function`` to every node (returns a new tree)."""
    if not hasattr(node, "__dataclass_fields__"):
        return node
    values = {}
    for name in node.__dataclass_fields__:
        value = getattr(node, name)
        if hasattr(value, "__dataclass_fields__"):
            value = _rewrite(value, function)
        elif isinstance(value, tuple):
            value = tuple(tuple(_rewrite(part, function) for part in item) if isinstance(item, tuple)
                          else _rewrite(item, function) for item in value)
        values[name] = value
    return function(type(node)(**values))


def _apply_aliases(tree, aliases):
    if not aliases:
        return tree
    replacements = {name: read_latex(target) for name, target in aliases.items()}

    def swap(node):
        if isinstance(node, Symbol) and not node.index and not node.hat and not node.primes \
                and node.name in replacements:
            return replacements[node.name]
        return node

    return _rewrite(tree, swap)


def _power_load(node):
    """Largest product of numeric exponents along nested powers (caps ((x^10)^10)^10)."""
    if isinstance(node, Power):
        exponent = node.exponent
        if isinstance(exponent, Add) and len(exponent.terms) == 1:
            exponent = exponent.terms[0][1]
        size = abs(exponent.numerator) / exponent.denominator if isinstance(exponent, Number) else 16  # 2^m
        return max(size, 1) * _power_load(node.base)
    return max([1, *(_power_load(part) for part in children(node))])


def _negated(node):
    return isinstance(node, Add) and len(node.terms) >= 1 and node.terms[0][0] < 0 or (
        isinstance(node, Mul) and isinstance(node.factors[0], Number) and node.factors[0].numerator < 0)


def _has_sigma_minus(tree):
    return any(isinstance(node, Apply) and node.function == "sigma" and _negated(node.argument)
               for node in walk(tree))


def _flip_sigma(tree, target):
    """The tree with the argument of the ``target``-th σ negated."""
    counter = [0]

    def flip(node):
        if isinstance(node, Apply) and node.function == "sigma":
            counter[0] += 1
            if counter[0] - 1 == target:
                return Apply("sigma", Add(((-1, node.argument),), node.pos), node.pos)
        return node

    return _rewrite(tree, flip)


# --------------------------------------------------------------------------- evaluation


def _value(tree, configuration, shape=None):
    """SymPy value at one configuration; the zero vector gets ``shape`` (or stays ZERO)."""
    if isinstance(tree, Zero):
        value = ZERO
    else:
        try:
            value = evaluate(tree, configuration, seconds=MAX_SECONDS)
        except AttributeError:   # a zero vector met the configuration's final substitution
            value = ZERO
    if isinstance(value, IndexValue):
        raise NotationError("the answer is an index, not a value")
    if value is ZERO and shape is not None:
        return sympy.zeros(*shape) if shape != () else sympy.Integer(0)
    return value


def _shape(value):
    return value.shape if isinstance(value, sympy.MatrixBase) else ()


@functools.lru_cache(maxsize=None)
def _expected(question_id):
    """(expected values per configuration, their shapes): the expected LaTeX, read and evaluated."""
    question = QUESTIONS[question_id]
    tree = read_latex(question.expected)
    values = []
    for configuration in configurations(question.context):
        value = _value(tree, configuration)
        if value is ZERO:
            value = _value(read_latex(question.quantity_latex), configuration)
        values.append(value)
    return tuple(values)


@functools.lru_cache(maxsize=None)
def _mistakes(question_id):
    question = QUESTIONS[question_id]
    out = []
    for entry in question.mistakes:
        latex, message = entry[0], entry[1]
        condition = entry[2] if len(entry) > 2 else None
        tree = _apply_aliases(read_answer(latex).tree, question.aliases)  # LaTeX, or plain for 2^m
        values = tuple(_value(tree, c) for c in configurations(question.context))
        out.append((values, message, condition, tree))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def _factor_values(context):
    out = []
    for latex in _FACTORS.get(context, []):
        tree = read_latex(latex)
        try:
            values = tuple(float(_value(tree, c)) for c in configurations(context))
        except (NotationError, ShapeError, TypeError):
            continue
        out.append((latex, values))
    return tuple(out)


def _agrees(a, b):
    """Numeric agreement (no proof) of two values of the same shape."""
    if _shape(a) != _shape(b):
        return False
    try:
        return compare(a, b, points=4, timeout=0).equal
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------- messages


def _describe_shape(shape):
    if shape == ():
        return "a scalar"
    rows, cols = shape
    if cols == 1:
        return f"a {rows}×1 column"
    if rows == 1:
        return f"a 1×{cols} row"
    return f"a {rows}×{cols} matrix"


def _known_spellings(question, configuration):
    """Names a reader may type in this question (plain spelling), for the closest-name hint."""
    letters = sorted(set(configuration.free) | set(_SUM_LETTERS.get(question.context, "")))
    names = set()
    for name, hat, primes, arity in configuration.families:
        if name + ("hat" if hat else "") in _hidden(question) or name in ("J", "E"):
            continue
        base = ("yhat" if name == "y" and hat else name) + ("'" * primes)
        if arity == 0 or str(arity).startswith("label"):
            names.add(base)
        elif arity == 1:
            names.update(f"{base}_{letter}" for letter in letters)
        else:
            names.add(f"{base}_{{c,j}}" if name in "tey" else f"{base}_{{i,j}}")
    names.update({"sigma", "exp", "log", "sum_" + _SUM_LETTERS.get(question.context, "w")} - {"sum_"})
    names.update(question.aliases)
    return sorted(names)


def _closest(word, question):
    spellings = _known_spellings(question, configurations(question.context)[0])
    candidates = spellings + ["yhat", "sigma", "sigmoid", "exp", "log", "sum"]
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.5)
    if not match and len(word) == 2:
        guess = f"{word[0]}_{word[1]}"
        if guess in spellings:
            return guess
    return match[0] if match else None


_LATEX_MACROS = sorted(set(_KNOWN) | set(_ALIASES) | set(_DECORATION) | set(_GREEK))


def _unreadable_message(error, question, reading_text):
    message = str(error)
    hint = ""
    if isinstance(error, UnknownName):
        closest = _closest(error.name, question)
        if closest:
            hint = f" Did you mean {closest}?"
        if error.name in ("yhat_", "hat"):
            hint = " Write ŷ_o as yhat_o or \\hat{y}_o."
    macro = re.search(r"unknown macro \\([A-Za-z]+)", message)
    if macro:
        close = difflib.get_close_matches(macro.group(1), _LATEX_MACROS, n=1, cutoff=0.6)
        if close:
            hint = f" Did you mean \\{close[0]}?"
        elif macro.group(1) in ("text", "textrm", "csname", "def", "input", "include", "newcommand"):
            hint = " Only the book's notation is read."
    if "'/'" in message and "\\" in reading_text:
        hint = r" In LaTeX, write a fraction as \frac{a}{b}."
    if "'^'" in message or "^" in reading_text and "power" in message:
        hint = hint or " Write a transpose as ^T (or .T, ^\\top), a power as ^2 or ^(-1)."
    if re.search(r"[A-Za-z]\^(_|\s|$|\))", reading_text):
        hint = r" Write ŷ_o as yhat_o (or y_hat_o, or \hat{y}_o in LaTeX)."
    elif re.search(r"\bdot\b|[A-Za-z_]\.[a-z]", reading_text):
        hint = " A dot product of two columns is u_k^T v_c (or u_k.T @ v_c)."
    syntax = question.syntax
    return f"I could not read your answer: {message}.{hint} {syntax} See the page “How to write answers”."


def _unknown_message(error, question):
    message = str(error)
    symbol = re.search(r"unknown symbol (\S+)", message)
    letter = re.search(r"the index (\S+) has no meaning", message) or \
        re.search(r"a sum over (\S+) has no meaning", message)
    if letter:
        key = letter.group(1)
        sums = _SUM_LETTERS.get(question.context, "")
        if key in sums and "sum over" not in message:
            return (f"The index {key} only has a meaning inside sum_{key}(...): is a sum missing? "
                    f"{question.syntax}")
        return f"The index {key} has no meaning in this question. {question.syntax}"
    if symbol:
        shown = symbol.group(1)
        plain = shown.replace("hat ", "").replace("{", "").replace("}", "")
        plain = ("yhat" + plain[1:]) if shown.startswith("hat y") else plain
        closest = _closest(plain, question)
        hint = f" Did you mean {closest}?" if closest and closest != plain else ""
        return f"The name {plain} is not known in this question.{hint} {question.syntax}"
    if "index is not a number" in message:
        return (f"I could not evaluate your answer: {message}. An index is a subscript: write yhat_o (or "
                f"y_hat[o]), not yhat(o). {question.syntax}")
    return f"I could not evaluate your answer: {message}. {question.syntax}"


def _point_text(point):
    if not point or len(point) > 4:
        return "a random point (every symbol drawn from [−1.5, 1.5])"
    return format_point(point)


# --------------------------------------------------------------------------- checking


def check_answer(question_id, text):
    r"""Check a typed answer to one exercise; never raises for bad answer text.

    Parameters
    ----------
    question_id : str
        A key of :data:`QUESTIONS` (e.g. ``"softmax_grad_center"``).
    text : str
        The answer in any of the three spellings: plain ``"U(yhat - y)"``, LaTeX
        ``r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})"`` or unicode ``"U(ŷ − y)"``.

    Returns
    -------
    Feedback
        ``correct`` is True only when SymPy proved the answer equal to the right one at
        every size configuration of the question's context; otherwise ``message`` says
        what is wrong (or that it only agrees numerically).

    Raises
    ------
    ValueError
        For an unknown ``question_id`` (the message lists the known ones).

    Examples
    --------
    >>> check_answer("sigmoid_derivative", "sigmoid(x)*sigmoid(-x)").correct
    True
    >>> print(check_answer("sigmoid_derivative", "-sigma(x)(1 - sigma(x))").message.split(":")[0])
    The sign is flipped
    """
    if question_id not in QUESTIONS:
        raise ValueError(f"unknown question_id {question_id!r}; known ids: {', '.join(QUESTIONS)}")
    question = QUESTIONS[question_id]
    if not isinstance(text, str):
        return Feedback(False, f"The answer must be text, got {type(text).__name__}.", None, question_id,
                        "unreadable")
    try:
        reading = read_answer(text)
    except NotationError as error:
        return Feedback(False, _unreadable_message(error, question, text), None, question_id, "unreadable")
    except RecursionError:
        return Feedback(False, "I could not read your answer: it is nested too deeply.", None, question_id,
                        "unreadable")
    tree = _apply_aliases(reading.tree, question.aliases)
    if isinstance(tree, Number) and tree.numerator == 0:
        tree = Zero(tree.pos)
    configs = configurations(question.context)
    vectors = _vector_symbols(question.context)
    understood = to_latex(tree, vectors)

    def feedback(correct, message, status, code=""):
        notes = "".join(f" (I {note}.)" for note in reading.notes)
        return Feedback(correct, message + notes, understood, question_id, status, reading.spelling, code)

    if reading.spelling == "latex" and re.search(r"(?<![\\A-Za-z{])E[IH](?![A-Za-z])", text):
        return feedback(False, r"In LaTeX, write EI and EH as \mathrm{EI} and \mathrm{EH} (EI alone is E times I).",
                        "unreadable")
    refusal = _refusal(tree, question)
    if refusal:
        return feedback(False, refusal, "unreadable")
    expected = _expected(question_id)
    free = free_letters(tree)
    component_letters = set(getattr(configs[0], "component_indices", ())) - free_letters(read_latex(question.expected))
    for letter in sorted(free & component_letters):
        return feedback(False, f"The index {letter} only has a meaning inside sum_{letter}(...): your answer "
                               f"leaves {letter} free. {question.syntax}", "unknown")
    values = []
    for configuration, truth in zip(configs, expected):
        try:
            values.append(_value(tree, configuration, _shape(truth)))
        except ShapeError as error:
            columns = re.search(r"cannot multiply (\d+)×1 by \1×1", str(error))
            advice = (" Two columns are multiplied as a dot product u^T v (the transpose makes the first a row)."
                      if columns else " Check the shapes of the factors — a missing or extra transpose (^T)?")
            return feedback(False, f"Shape problem in your answer: {error} (at {configuration.name}).{advice}",
                            "shape")
        except NotationError as error:
            return feedback(False, _unknown_message(error, question), "unknown")
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, RecursionError) as error:
            return feedback(False, f"Your answer could not be evaluated ({type(error).__name__}).", "unreadable")
    return _verdict(question, tree, values, expected, configs, feedback)


def _hidden(question):
    """``question.hidden`` as a dict: name → its message (None: the asked quantity's message)."""
    return dict((entry, None) if isinstance(entry, str) else entry for entry in question.hidden)


def _hidden_name(node):
    """The name a ``hidden`` entry gives ``node``: ``"yhat"`` for ŷ and for P(O=w|C=c) and softmax(…), which are ŷ."""
    if isinstance(node, Symbol):
        return node.name + ("hat" if node.hat else "")
    if isinstance(node, Call) and node.name in ("P", "softmax"):
        return "yhat"
    return None


def _refusal(tree, question):
    for node in walk(tree):
        if isinstance(node, Derivative):
            return (f"Write the result, not the derivative itself: {question.quantity} is what is asked. "
                    f"{question.syntax}")
        if isinstance(node, Call) and node.name in ("J", "CE"):
            return f"Write the result in terms of the question's names, not with {node.name}(…). {question.syntax}"
        hidden = _hidden(question).get(_hidden_name(node), False)
        if hidden:
            return f"{hidden} {question.syntax}"
        if isinstance(node, Symbol) and (hidden is None or node.name in ("J", "E")):
            return f"{node.name} is what is asked (or the loss itself): write it in terms of the other names. " \
                   f"{question.syntax}"
    if _power_load(tree) > _MAX_POWER:
        return f"The powers in your answer are too large (nested powers multiply to more than {_MAX_POWER})."
    return None


@functools.lru_cache(maxsize=None)
def _vector_symbols(context):
    """(name, hat, primes, number of indices) of the context's vectors and matrices (bold in "Understood as")."""
    configuration = configurations(context)[0]
    samples = list(configuration.free.values())
    for letter, domain in configuration.domains.items():
        try:
            samples.extend(domain(None, None)[:1])
        except (NotationError, TypeError):
            pass
    for letter, values in configuration.components.items():
        samples.extend(values[:1])
    vectors = set()
    for key, family in configuration.families.items():
        name, hat, primes, arity = key
        count = 0 if str(arity).startswith("label") else arity
        tries = [()] if count == 0 else [tuple([s] * count) for s in samples]
        for arguments in tries:
            try:
                value = family(*arguments)
            except Exception:  # a family that does not take this kind of index
                continue
            if isinstance(value, sympy.MatrixBase) and value.shape != (1, 1):
                vectors.add((name, hat, primes, count))
            break
    return frozenset(vectors)


def _verdict(question, tree, values, expected, configs, feedback):
    quantity = question.quantity
    comparisons = []
    for value, truth, configuration in zip(values, expected, configs):
        if value is ZERO:
            value = sympy.zeros(*_shape(truth)) if _shape(truth) else sympy.Integer(0)
        if _shape(value) != _shape(truth):
            message = (f"Wrong shape: your answer is {_describe_shape(_shape(value))} but {quantity} is "
                       f"{question.answer_shape} ({_describe_shape(_shape(truth))} at {configuration.name})")
            if _shape(value) and _shape(value)[::-1] == _shape(truth):
                return feedback(False, message + " — a missing or extra transpose?", "shape")
            return feedback(False, message + ".", "shape")
        try:
            comparisons.append(_compare(value, truth))
        except (TypeError, ValueError) as error:
            return feedback(False, f"Your answer could not be evaluated: {error}.", "unreadable")
    if all(c.status == "proved" for c in comparisons):
        found = _generated_refutation(question, tree)
        if found is not None:
            configuration, comparison = found
            evidence = (f" There your expression gives {format_value(comparison.a_value)} but {quantity} is "
                        f"{format_value(comparison.b_value)}." if comparison.a_value is not None else
                        f" ({comparison.message}.)")
            return feedback(False, f"Your answer is right at the fixed sizes ({'; '.join(c.name for c in configs)}) "
                                   f"but not at {_without_prefix(configuration.name)}: something that depends on "
                                   "the sizes or on which words repeat is off (count how many terms there are, "
                                   f"and which words they are).{evidence}", "refuted", "size-dependent")
        sizes = "; ".join(c.name for c in configs)
        checked = len(_generated(question))
        return feedback(True, f"Correct: SymPy proved it equal to {quantity} at every size checked ({sizes}), "
                              f"and it agrees at {checked} more generated ones.", "proved")
    refuted = [i for i, c in enumerate(comparisons) if c.status == "refuted"]
    if not refuted:
        for i, (value, truth) in enumerate(zip(values, expected)):
            if comparisons[i].status == "proved":
                continue
            value = sympy.zeros(*_shape(truth)) if value is ZERO else value
            nonzero = exact_difference(sympy.Matrix(value) if _shape(truth) else value,
                                       sympy.Matrix(truth) if _shape(truth) else truth)
            if nonzero is not None:
                return feedback(False, f"Not quite: your answer differs from {quantity} by a tiny but nonzero "
                                       f"amount (about {nonzero[1]:.3g} at {_point_text(nonzero[0])}, "
                                       f"{configs[i].name}). Numbers in answers are exact: 0.0000000001 is not 0.",
                                "refuted", "tiny")
        return feedback(False, f"Your answer agrees with {quantity} numerically at every size checked, but SymPy "
                               "could not prove it equal, so it is not marked correct. Try a simpler form.",
                        "numeric")
    diagnosis, code = _diagnose(question, tree, values, expected, configs, comparisons)
    first = comparisons[refuted[0]]
    where = configs[refuted[0]].name
    evidence = (f"At {_point_text(first.point)} ({where}) your expression gives {format_value(first.a_value)} "
                f"but {quantity} is {format_value(first.b_value)}." if first.a_value is not None else
                f"{first.message[:1].upper()}{first.message[1:]} ({where}).")
    if not diagnosis and first.a_value is not None and _close(first.a_value, first.b_value):
        diagnosis, code = (f"Close, but not equal: your answer differs from {quantity} by a small amount (an extra "
                           "small term or a rounded number? Numbers in answers are exact)."), "close"
    agree = [configs[i].name for i, c in enumerate(comparisons) if c.status != "refuted"]
    if agree and not diagnosis:
        diagnosis, code = (f"Your answer agrees at {', '.join(agree)} but not at {where}: a factor that depends on "
                           "the sizes is off (count how many terms there are)."), "size-dependent"
    return feedback(False, f"{diagnosis} {evidence}" if diagnosis else f"Not quite. {evidence}", "refuted",
                    code or "wrong")


def _compare(value, truth):
    """:func:`~w2vlib.symbolic.checker.compare` with the answers' number of points and proof time."""
    return compare(value, truth, points=_POINTS, timeout=_PROOF_SECONDS)


def _generated(question):
    """(configuration, expected value) at each generated configuration the question's condition allows."""
    return _generated_by_id(question.id)


@functools.lru_cache(maxsize=None)
def _generated_by_id(question_id):
    question = QUESTIONS[question_id]
    from w2vlib.symbolic.configurations import generated_configurations, satisfies
    from w2vlib.symbolic.notation.latex import read_condition

    conditions = [read_condition(part) for part in question.where.split(",") if part.strip()]
    tree = read_latex(question.expected)
    out = []
    for configuration in generated_configurations(question.context):
        if satisfies(configuration, conditions):
            value = _value(tree, configuration)
            if value is ZERO:
                value = _value(read_latex(question.quantity_latex), configuration)
            out.append((configuration, value))
    return tuple(out)


def _generated_refutation(question, tree, targets=None):
    """(configuration, Comparison) at the first generated configuration where ``tree`` differs from the
    expected value (or from ``targets(configuration, expected)``), or None."""
    for number, (configuration, truth) in enumerate(_generated(question)):
        target = truth if targets is None else targets(configuration, truth)
        try:
            value = _zero_like(_value(tree, configuration, _shape(truth)), truth)
        except (NotationError, ShapeError) as error:
            return configuration, Comparison("refuted", None, None, None, str(error))
        comparison = numeric_disagreement(value, target, seed=number, point=configuration.consistent_point)
        if comparison is not None:
            return configuration, comparison
    return None


def _without_prefix(name):
    return name.replace("generated: ", "")


def _matches_everywhere(values, targets, tree=None, question=None, generated_targets=None):
    """True when ``values`` agree with ``targets`` at every fixed configuration and, given the
    candidate's ``tree``, at every generated one (against ``generated_targets(configuration, expected)``)."""
    if not all(_agrees(_zero_like(v, t), t) for v, t in zip(values, targets)):
        return False
    return tree is None or _generated_refutation(question, tree, generated_targets) is None


def _zero_like(value, like):
    """``value``, with the zero vector given the shape of ``like``."""
    if value is ZERO:
        return sympy.zeros(*_shape(like)) if _shape(like) else sympy.Integer(0)
    return value


def _diagnose(question, tree, values, expected, configs, comparisons):
    """``(sentence, code)``: a targeted sentence for a refuted answer and its diagnosis code
    (see :class:`Feedback`), or ``(None, None)``."""
    sigma_minus = _has_sigma_minus(tree)
    for number, (targets, message, condition, mistake) in enumerate(_mistakes(question.id), start=1):
        if condition == "sigma-minus" and not sigma_minus or condition == "no-sigma-minus" and sigma_minus:
            continue
        if _matches_everywhere(values, targets, tree, question,
                               lambda configuration, truth, mistake=mistake: _zero_like(
                                   _value(mistake, configuration, _shape(truth)), truth)):
            return message, f"mistake-{number}"
    negated = tuple(-t for t in expected)
    if _matches_everywhere(values, negated, tree, question, lambda configuration, truth: -truth):
        return f"The sign is flipped: your answer is exactly −1 times {question.quantity}.", "sign"
    ratio = _ratios(values, expected, comparisons)
    if ratio is not None:
        for latex, factor_values in _factor_values(question.context):
            if all(abs(r - f) < 1e-9 * max(1, abs(f)) for r, f in zip(ratio, factor_values)):
                scaled = tuple(sympy.nsimplify(f) * t for f, t in zip(factor_values, expected))
                factor_tree = read_latex(latex)
                if _matches_everywhere(values, scaled, tree, question,
                                       lambda configuration, truth, factor_tree=factor_tree:
                                       _value(factor_tree, configuration) * truth):
                    specific = question.factors.get(latex)
                    shown = latex.replace(r"\frac{1}{", "1/(").replace(r"\frac{", "(").replace("}{", ")/(") \
                        .replace("}", ")") if "frac" in latex else latex
                    return specific or f"Your answer is {shown} times {question.quantity}: a factor is off.", "factor"
    sums = _SUM_LETTERS.get(question.context, "")
    free = free_letters(tree)
    for letter in sums:
        if letter in free and letter not in free_letters(read_latex(question.expected)):
            wrapped = _wrap_sum(tree, letter)
            with_k = _wrap_sum(_drop_symbol(tree, "K"), letter) if _mentions_symbol(tree, "K") else None
            for candidate, message, code in ((with_k, f"K for Σ_{letter}: K times one term is not the sum over the "
                                                      f"{letter}'s; write sum_{letter}(...).", "sum-as-factor"),
                                             (wrapped, f"A sum is missing: {letter} is free in your answer (outside "
                                                       f"a sum it is one fixed {letter}); write sum_{letter}(...).",
                                              "missing-sum")):
                if candidate is None:
                    continue
                try:
                    candidate_values = [_value(candidate, c, _shape(t)) for c, t in zip(configs, expected)]
                except (NotationError, ShapeError):
                    continue
                if _matches_everywhere(candidate_values, expected, candidate, question):
                    return message, code
            return (f"{letter} is free in your answer, so it stands for one fixed {letter}: is a sum over "
                    f"{letter} missing?"), "free-index"
    count = sum(1 for node in walk(tree) if isinstance(node, Apply) and node.function == "sigma")
    for target in range(min(count, 6)):
        flipped = _flip_sigma(tree, target)
        try:
            flipped_values = [_value(flipped, c, _shape(t)) for c, t in zip(configs, expected)]
        except (NotationError, ShapeError):
            continue
        if _matches_everywhere(flipped_values, expected, flipped, question):
            return ("σ(x) for σ(−x): one σ in your answer has the wrong sign inside (1 − σ(x) = σ(−x)); "
                    "check which argument carries the minus."), "sigma-sign"
    return None, None


def _flat(value):
    """Floats of a displayed value (a float or a list of rows), row-major."""
    if isinstance(value, (list, tuple)):
        return [float(x) for row in value for x in (row if isinstance(row, (list, tuple)) else [row])]
    return [float(value)]


def _close(a_value, b_value):
    a, b = _flat(a_value), _flat(b_value)
    scale = max([1.0] + [abs(x) for x in b])
    return len(a) == len(b) and max(abs(x - y) for x, y in zip(a, b)) < 1e-5 * scale


def _ratios(values, expected, comparisons):
    """The constant ratio answer/expected at each configuration (floats), or None."""
    ratios = []
    for value, truth, comparison in zip(values, expected, comparisons):
        if comparison.status != "refuted" or comparison.a_value is None or comparison.b_value is None:
            ratios.append(1.0)
            continue
        a, b = _flat(comparison.a_value), _flat(comparison.b_value)
        nonzero = [abs(y) > 1e-9 for y in b]
        if not any(nonzero) or any(abs(x) > 1e-9 for x, keep in zip(a, nonzero) if not keep):
            return None
        r = [x / y for x, y, keep in zip(a, b, nonzero) if keep]
        if any(abs(x - r[0]) > 1e-6 * abs(r[0]) + 1e-9 for x in r):
            return None
        ratios.append(r[0])
    return ratios


def _mentions_symbol(tree, name):
    return any(isinstance(node, Symbol) and node.name == name and not node.index for node in walk(tree))


def _drop_symbol(tree, name):
    def drop(node):
        if isinstance(node, Mul):
            kept = tuple(f for f in node.factors if not (isinstance(f, Symbol) and f.name == name and not f.index))
            if len(kept) != len(node.factors):
                return kept[0] if len(kept) == 1 else Mul(kept, node.pos) if kept else Number(1, 1, node.pos)
        return node

    return _rewrite(tree, drop)


def _wrap_sum(tree, letter):
    """Each top-level term that uses ``letter`` wrapped in a sum over it."""
    terms = tree.terms if isinstance(tree, Add) else ((1, tree),)
    wrapped = tuple((sign, Sum(Index(letter), None, None, (), term, False, term.pos) if letter in free_letters(term)
                     else term) for sign, term in terms)
    return Add(wrapped, tree.pos) if isinstance(tree, Add) or wrapped[0][0] < 0 else wrapped[0][1]
