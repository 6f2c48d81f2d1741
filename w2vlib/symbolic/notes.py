r"""A student's handwritten word2vec derivations, retyped and checked step by step.

The project started from scanned handwritten notes on the CS224n word2vec
questions (naive softmax, the sigmoid, negative sampling, skip-gram) and on the
multi-panel skip-gram of Rong's *word2vec Parameter Learning Explained*. This
module retypes every checkable line of those notes as SymPy steps at small
concrete sizes (:mod:`w2vlib.symbolic.contexts`), records which step is wrong
and why, and gives the corrected version. Explained in chapter 7, *Checking
handwritten notes*.

Two kinds of record:

- :class:`NoteDerivation` — a chain of equal signs. ``steps[0]`` is the quantity
  itself (computed by ``sympy.diff``), ``steps[i]`` the notes' i-th line, so
  ``mistake_step`` is the number of the first line the checker must flag
  (``None`` for a part that is right). :meth:`NoteDerivation.student` builds the
  notes' version, :meth:`NoteDerivation.corrected_derivation` the fixed one.
- :class:`NoteLine` — a single final formula whose products do not fit together
  (a transpose problem). It is typed in the answer notation of
  :func:`~w2vlib.symbolic.parsing.parse_answer`, which reports the shapes that
  do not match, and compared with the true gradient.

Reading the scans: the OCR writes "0" for the letter o, "γ" for y, "v⃗" for U and
drops primes; such things are read charitably and are not counted as mistakes
(each record's ``explanation`` says where a reading was needed).

Examples
--------
>>> record = note("sigmoid_derivative")
>>> record.mistake_step, record.source_ref
(1, 'notes p.1, part (e)')
>>> record.student().expect_mistake_at(1).first_error.index
1
>>> record.corrected.assert_valid().first_error is None
True
"""

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import sympy

from w2vlib.symbolic import derivations
from w2vlib.symbolic.checker import Derivation, DerivationError, Step, compare
from w2vlib.symbolic.contexts import (
    gradient,
    negsamp_context,
    rong_context,
    sigma_explicit,
    sigmoid_context,
    skipgram_context,
    softmax_context,
)
from w2vlib.symbolic.parsing import AnswerParseError, parse_answer

__all__ = [
    "NoteDerivation",
    "NoteLine",
    "LineCheck",
    "NOTES",
    "NOTE_LINES",
    "note",
    "line",
    "verify_all",
]

# Contexts are immutable; build each once per process.
_softmax = functools.lru_cache(maxsize=None)(softmax_context)
_sigmoid = functools.lru_cache(maxsize=None)(sigmoid_context)
_negsamp = functools.lru_cache(maxsize=None)(negsamp_context)
_skipgram = functools.lru_cache(maxsize=None)(skipgram_context)
_rong = functools.lru_cache(maxsize=None)(rong_context)

# LaTeX pieces in the book's notation. To keep the displayed lines narrow, the scores are
# written s_w = u_wᵀv_c (entry w of s = Uᵀv_c, chapter 2); chapter 7 says so before using them.
VC, UO, UW, UK, UMAT = r"\mathbf{v}_c", r"\mathbf{u}_o", r"\mathbf{u}_w", r"\mathbf{u}_k", r"\mathbf{U}"
YHAT, YVEC = r"\hat{\mathbf{y}}", r"\mathbf{y}"
SCORE_O, SCORE_K, SCORE_W = "s_o", "s_k", "s_w"
SUM_EXP = r"\sum_{w} \exp(s_w)"
SUM_EXP_OTHER = r"\sum_{w'} \exp(s_{w'})"  # where w names the vector being differentiated
SOFTMAX_W = r"\frac{\exp(s_w)}{\sum_{w'} \exp(s_{w'})}"
SOFTMAX_O = rf"\frac{{\exp({SCORE_O})}}{{{SUM_EXP}}}"
NEGSAMP_LOSS = rf"-\log\sigma({SCORE_O}) - \sum_{{k=1}}^{{K}} \log\sigma(-{SCORE_K})"
WINDOW_SUM = r"\sum_{\substack{-m \le j \le m \\ j \ne 0}}"
RONG_LOSS = r"-\sum_{c=1}^{C} u_{j_c^*} + C \log \sum_{j'=1}^{V} \exp(u_{j'})"

_REFUTED_MARK = r"\class{w2v-refuted}{\color{red}{\times}}"
_PROVED_MARK = r"\class{w2v-proved}{\color{green}{\checkmark}}"
_NUMERIC_MARK = r"\class{w2v-numeric}{\color{green}{\checkmark^{*}}}"


def _title(corrected, what):
    """``"Notes, part (b): …"`` for the notes' version, ``"Corrected, part (b): …"`` for the fix."""
    return f"{'Corrected' if corrected else 'Notes'}, {what}"


def _zeros(rows, cols=1):
    return sympy.zeros(rows, cols)


def _total(matrices, rows, cols=1):
    return sum(matrices, _zeros(rows, cols))


# =========================================================================== records


@dataclass(frozen=True)
class NoteDerivation:
    r"""One derivation from the notes, with the verdict a careful reader should reach.

    Attributes
    ----------
    name : str
        Identifier, e.g. ``"softmax_center"``.
    source_ref : str
        Where it is in the notes, e.g. ``"notes p.1, part (b)"``.
    title : str
        Short description (shown above the checked derivation).
    mistake_step : int or None
        The first step the checker must flag (``steps[mistake_step]``), or None
        when the notes are right.
    kind : str
        Kind of mistake in a few words (``"sign error"``), or ``"correct"``.
    explanation : str
        What rule was misapplied (or why the part is right), in plain words.
    chapter : str
        Target of the chapter that derives the result properly, e.g. ``"ch02"``.
    ready_made : str or None
        Name of the full textbook derivation in :data:`w2vlib.symbolic.derivations.ALL`.
    also_wrong : tuple of int
        Later steps that are wrong on their own (not merely following the first mistake).
    """

    name: str
    source_ref: str
    title: str
    mistake_step: int | None
    kind: str
    explanation: str
    chapter: str
    build: Callable = field(repr=False, compare=False)
    ready_made: str | None = None
    also_wrong: tuple = ()

    def student(self, *, label=None):
        """The notes' derivation as written (a :class:`Derivation`; cached per label)."""
        return _built(self.name, False, label)

    def corrected_derivation(self, *, label=None):
        """The corrected derivation: the right lines substituted (the notes' own if they are right)."""
        return _built(self.name, True, label)

    @property
    def derivation(self):
        """Same as :meth:`student` without a label."""
        return self.student()

    @property
    def corrected(self):
        """Same as :meth:`corrected_derivation` without a label."""
        return self.corrected_derivation()

    def wrong_steps(self):
        """Indices of the steps the checker flags as wrong on their own (refuted or shape)."""
        return tuple(result.index for result in self.derivation.verify() if result.is_error)

    def check(self):
        """Return ``self`` if the checker reaches the recorded verdict, else raise :class:`DerivationError`.

        The notes' version must have its first wrong step at ``mistake_step`` (or be
        valid when it is None), exactly the steps ``mistake_step`` and ``also_wrong``
        must be flagged, and the corrected version must be valid.
        """
        student = self.derivation
        if self.mistake_step is None:
            student.assert_valid()
        else:
            student.expect_mistake_at(self.mistake_step)
        expected = () if self.mistake_step is None else (self.mistake_step, *self.also_wrong)
        if self.wrong_steps() != tuple(sorted(expected)):
            raise DerivationError(f"{self.name}: expected steps {sorted(expected)} to be flagged, "
                                  f"the checker flagged {list(self.wrong_steps())}")
        self.corrected.assert_valid()
        return self


@dataclass(frozen=True)
class LineCheck:
    """Verdicts on a :class:`NoteLine`: the notes' formula and the corrected one.

    ``student_status``/``corrected_status`` are ``"undefined"`` (a product whose
    sizes do not fit, reported by the parser), or a
    :class:`~w2vlib.symbolic.checker.Comparison` status (``"proved"``,
    ``"numeric"``, ``"refuted"``, ``"shape"``). Displays as a MyST math block.
    """

    record: "NoteLine"
    student_status: str
    student_message: str
    corrected_status: str
    corrected_message: str
    label: str | None = None

    @property
    def student_correct(self):
        return self.student_status in ("proved", "numeric")

    @property
    def corrected_correct(self):
        return self.corrected_status in ("proved", "numeric")

    def expect_mistake(self):
        """Return ``self`` if the notes' formula is rejected and the corrected one accepted, else raise."""
        if self.student_correct:
            raise DerivationError(f"{self.record.name}: expected the notes' line {self.record.student_answer!r} "
                                  f"to be rejected, but the checker accepted it ({self.student_message})")
        if not self.corrected_correct:
            raise DerivationError(f"{self.record.name}: the corrected line {self.record.corrected_answer!r} "
                                  f"was rejected: {self.corrected_message}")
        return self

    def summary(self):
        """Plain sentences: why the notes' line fails and that the corrected one holds."""
        if self.student_status == "undefined":
            first = f"The notes' formula cannot even be formed: `{self.student_message}`."
        elif self.student_correct:
            first = "The notes' formula is right."
        elif self.student_status == "shape":
            shapes = self.student_message.replace("left side", "the true value").replace("right side", "the notes' formula")
            first = f"The notes' formula has the wrong shape: {shapes}."
        else:
            first = f"The notes' formula is wrong: `{self.student_message}`."
        second = ("The corrected formula was proved equal to the true value."
                  if self.corrected_status == "proved" else
                  "The corrected formula agrees with the true value at 8 random points."
                  if self.corrected_status == "numeric" else
                  f"The corrected formula is also rejected: `{self.corrected_message}`.")
        return f"{first} {second}"

    def _repr_markdown_(self):
        r"""MyST: both lines with their marks and small numbers (1), (2) in the math; the words
        saying which line is which go in a list under it, as for :class:`Derivation`, so the
        equation stays narrow."""
        record = self.record
        student_mark = _PROVED_MARK if self.student_correct else _REFUTED_MARK
        corrected_mark = {"proved": _PROVED_MARK, "numeric": _NUMERIC_MARK}.get(self.corrected_status,
                                                                                _REFUTED_MARK)
        rows = [
            rf"{record.lhs_latex} &\overset{{?}}{{=}} {record.student_latex}"
            rf" && {student_mark}\ {{\scriptstyle (1)}}",
            rf"{record.lhs_latex} &= {record.corrected_latex} && {corrected_mark}\ {{\scriptstyle (2)}}",
        ]
        label = f" ({self.label})" if self.label else ""
        heading = f"**{_escape_plain(record.title)}**\n\n"
        math = "$$\n\\begin{aligned}\n" + " \\\\\n".join(rows) + f"\n\\end{{aligned}}\n$${label}\n\n"
        legend = "- (1) as in the notes\n- (2) corrected\n\n"
        return f"{heading}{math}{legend}{_markdown_safe(self.summary())}\n"

    def _repr_latex_(self):
        record = self.record
        return (f"$$\\begin{{aligned}}{record.lhs_latex} &\\overset{{?}}{{=}} {record.student_latex}\\\\"
                f"{record.lhs_latex} &= {record.corrected_latex}\\end{{aligned}}$$")


def _markdown_safe(text):
    """Escape Markdown specials outside `code spans` (the parser's messages go in code spans)."""
    parts = text.split("`")
    return "`".join(part if index % 2 else _escape_plain(part) for index, part in enumerate(parts))


def _escape_plain(text):
    for character in "\\*_[]<>|^":
        text = text.replace(character, "\\" + character)
    return text


@dataclass(frozen=True)
class NoteLine:
    r"""A final formula from the notes, checked as a typed answer.

    Attributes
    ----------
    name, source_ref, title, kind, explanation, chapter : str
        As for :class:`NoteDerivation`.
    lhs_latex : str
        What the formula claims to be, e.g. ``r"\frac{\partial J}{\partial \mathbf{v}_c}"``.
    student_latex, corrected_latex : str
        The notes' formula and the corrected one, as displayed.
    student_answer, corrected_answer : str
        The same two formulas in the answer notation of
        :func:`~w2vlib.symbolic.parsing.parse_answer` (e.g. ``"U^T (yhat - y)"``).
    context : callable
        Returns the context whose ``names``/``index_sets`` the answers use.
    truth : callable
        ``truth(context)`` is the quantity the formula should equal.
    ready_made : str or None
        Name of the full derivation in :data:`w2vlib.symbolic.derivations.ALL`.
    """

    name: str
    source_ref: str
    title: str
    kind: str
    explanation: str
    chapter: str
    lhs_latex: str
    student_latex: str
    student_answer: str
    corrected_latex: str
    corrected_answer: str
    context: Callable = field(repr=False, compare=False)
    truth: Callable = field(repr=False, compare=False)
    ready_made: str | None = None

    def judge(self, answer):
        """``(status, message)`` for a typed formula: ``"undefined"`` if it cannot be formed, else a comparison status."""
        ctx = self.context()
        try:
            expr = parse_answer(answer, ctx.names, index_sets=ctx.index_sets)
        except AnswerParseError as error:
            return "undefined", str(error)
        comparison = compare(self.truth(ctx), expr)
        return comparison.status, comparison.message

    def check(self, *, label=None):
        """Judge the notes' formula and the corrected one; returns a displayable :class:`LineCheck`."""
        return _line_check(self.name, label)


# =========================================================================== naive softmax


def _cross_entropy(corrected, label):
    ctx = _softmax()
    y, yhat, o, V = ctx.y, ctx.yhat, ctx.o, ctx.V
    terms = [y[w] * sympy.log(yhat[w]) for w in range(V)]
    steps = [
        Step(-sympy.Add(*terms), r"-\sum_{w} y_w \log \hat{y}_w", "cross-entropy of $\\mathbf{y}$ and $\\hat{\\mathbf{y}}$"),
        Step(-sympy.Add(*terms, evaluate=False),
             r"-\bigl[y_1 \log \hat{y}_1 + \dots + y_o \log \hat{y}_o + \dots + y_{|V|} \log \hat{y}_{|V|}\bigr]",
             "write the sum out"),
        Step(-y[o] * sympy.log(yhat[o]), r"-y_o \log \hat{y}_o", "$y_w = 0$ for $w \\ne o$"),
        Step(-sympy.log(yhat[o]), r"-\log \hat{y}_o", "$y_o = 1$"),
    ]
    return Derivation(r"\mathrm{CE}(\mathbf{y}, \hat{\mathbf{y}})", steps, label=label,
                      title=_title(corrected, "part (a): cross-entropy with a one-hot target"))


def _log_base_rule(corrected, label):
    x = sympy.Symbol("x", real=True)
    base = sympy.Symbol("a", positive=True)
    offset = sympy.Symbol("p", positive=True)
    inner = offset + x ** 2  # a concrete u(x) > 0
    steps = [
        Step(sympy.diff(sympy.log(inner) / sympy.log(base), x), r"\frac{d}{dx} \log_a u(x)", ""),
        Step(sympy.diff(inner, x) / (inner * sympy.log(base)), r"\frac{u'(x)}{u(x) \ln a}",
             "chain rule with $\\log_a u = \\ln u / \\ln a$ (checked for $u = p + x^2$)"),
    ]
    return Derivation(r"y'", steps, label=label,
                      title=_title(corrected, "part (b), margin: derivative of a logarithm"))


def _softmax_center(corrected, label):
    ctx = _softmax()
    v_c, o, V, d = ctx.v_c, ctx.o, ctx.V, ctx.d
    s_o, denominator, u_o = ctx.score(o), ctx.denominator, ctx.u(o)
    sign = 1 if corrected else -1
    split_latex = (rf"-\frac{{\partial \log \exp({SCORE_O})}}{{\partial {VC}}}"
                   rf" {'+' if corrected else '-'} \frac{{\partial \log {SUM_EXP}}}{{\partial {VC}}}")
    weights = [ctx.yhat_of(w) if corrected else ctx.yhat_of(o) for w in range(V)]
    steps = [
        Step(ctx.grad(v_c), rf"\frac{{\partial}}{{\partial {VC}}}\bigl(-\log P(O=o \mid C=c)\bigr)",
             "the loss of the pair $(c, o)$"),
        Step(gradient(-sympy.log(sympy.exp(s_o) / denominator), v_c),
             rf"\frac{{\partial}}{{\partial {VC}}}\Bigl(-\log {SOFTMAX_O}\Bigr)",
             "softmax, with the scores $s_w = \\mathbf{u}_w^\\top \\mathbf{v}_c$"),
        Step(-gradient(sympy.log(sympy.exp(s_o)), v_c) + sign * gradient(sympy.log(denominator), v_c),
             split_latex, "log of a quotient"),
        Step(-gradient(sympy.exp(s_o), v_c) / sympy.exp(s_o) + gradient(denominator, v_c) / denominator,
             rf"-\frac{{1}}{{\exp({SCORE_O})}} \frac{{\partial \exp({SCORE_O})}}{{\partial {VC}}}"
             rf" + \frac{{1}}{{{SUM_EXP}}} \frac{{\partial {SUM_EXP}}}{{\partial {VC}}}",
             "$(\\log z)' = z'/z$"),
        Step(-u_o + _total([sympy.exp(ctx.score(w)) / denominator * ctx.u(w) for w in range(V)], d),
             rf"-\frac{{\exp({SCORE_O})}}{{\exp({SCORE_O})}}\, {UO} + \sum_{{w}} {SOFTMAX_W}\, {UW}",
             "$(e^s)' = e^s s'$, $\\partial s_w/\\partial \\mathbf{v}_c = \\mathbf{u}_w$"),
        Step(-u_o + _total([weights[w] * ctx.u(w) for w in range(V)], d),
             rf"-{UO} + \sum_{{w}} P(O={'w' if corrected else 'o'} \mid C=c)\, {UW}",
             "cancel; recognise the softmax probability"),
    ]
    if corrected:
        steps.append(Step(ctx.U * (ctx.yhat - ctx.y), rf"{UMAT}({YHAT} - {YVEC})",
                          "$\\sum_w \\hat{y}_w \\mathbf{u}_w = \\mathbf{U}\\hat{\\mathbf{y}}$, $\\mathbf{u}_o = \\mathbf{U}\\mathbf{y}$"))
    return Derivation(rf"\frac{{\partial J}}{{\partial {VC}}}", steps, label=label,
                      title=_title(corrected, "part (b): naive softmax, gradient with respect to the center vector"))


def _outside_split(ctx, word, symbol_latex):
    s_o, denominator = ctx.score(ctx.o), ctx.denominator
    u_word = ctx.u(word)
    softmax_o = rf"\frac{{\exp({SCORE_O})}}{{{SUM_EXP_OTHER}}}"
    first = Step(ctx.grad(u_word), rf"\frac{{\partial}}{{\partial {symbol_latex}}}\Bigl(-\log {softmax_o}\Bigr)",
                 "the loss of the pair $(c, o)$, with the scores $s_w = \\mathbf{u}_w^\\top \\mathbf{v}_c$")
    split = Step(-(gradient(sympy.log(sympy.exp(s_o)), u_word) - gradient(sympy.log(denominator), u_word)),
                 rf"-\Bigl(\frac{{\partial \log \exp({SCORE_O})}}{{\partial {symbol_latex}}}"
                 rf" - \frac{{\partial \log {SUM_EXP_OTHER}}}{{\partial {symbol_latex}}}\Bigr)",
                 "log of a quotient")
    return first, split


def _softmax_outside_w(corrected, label):
    ctx = _softmax()
    w, o, v_c = ctx.w, ctx.o, ctx.v_c
    first, split = _outside_split(ctx, w, UW)
    steps = [
        first,
        split,
        Step(_zeros(ctx.d) + sympy.exp(ctx.score(w)) / ctx.denominator * v_c,
             rf"\mathbf{{0}} + {SOFTMAX_W}\, {VC}",
             "$w \\ne o$: the first term does not involve $\\mathbf{u}_w$; chain rule"),
        Step((ctx.yhat_of(w) if corrected else ctx.yhat_of(o)) * v_c,
             rf"P(O={'w' if corrected else 'o'} \mid C=c)\, {VC}", "recognise the softmax probability"),
    ]
    return Derivation(rf"\frac{{\partial J}}{{\partial {UW}}}", steps, label=label,
                      title=_title(corrected, "part (c), case w ≠ o: gradient with respect to an outside vector"))


def _softmax_outside_o(corrected, label):
    ctx = _softmax()
    o, v_c = ctx.o, ctx.v_c
    first, split = _outside_split(ctx, o, UO)
    probability = sympy.exp(ctx.score(o)) / ctx.denominator
    softmax_o = rf"\frac{{\exp({SCORE_O})}}{{{SUM_EXP_OTHER}}}"
    if corrected:
        middle = Step(-v_c + probability * v_c, rf"-{VC} + {softmax_o}\, {VC}",
                      "$\\partial s_o/\\partial\\mathbf{u}_o = \\mathbf{v}_c$; chain rule")
        last = Step((ctx.yhat_of(o) - 1) * v_c, rf"{VC}\bigl(P(O=o \mid C=c) - 1\bigr)",
                    "recognise the softmax probability")
    else:
        middle = Step(probability * v_c, rf"{softmax_o}\, {VC}", "chain rule")
        last = Step(ctx.yhat_of(o) * v_c, rf"{VC}\, P(O=o \mid C=c)", "recognise the softmax probability")
    return Derivation(rf"\frac{{\partial J}}{{\partial {UO}}}", [first, split, middle, last], label=label,
                      title=_title(corrected, "part (c), case w = o: gradient with respect to the true "
                                              "outside vector"))


def _softmax_grad_U(corrected, label):
    ctx = _softmax()
    steps = [
        Step(ctx.grad(ctx.U), rf"\frac{{\partial J({VC}, o, {UMAT})}}{{\partial {UMAT}}}", "the loss of the pair $(c, o)$"),
        Step(sympy.Matrix.hstack(*[ctx.grad(ctx.u(w)) for w in range(ctx.V)]),
             r"\Bigl[\frac{\partial J}{\partial \mathbf{u}_1}, \dots, \frac{\partial J}{\partial \mathbf{u}_{|V|}}\Bigr]",
             "the columns of $\\mathbf{U}$ are the $\\mathbf{u}_w$"),
    ]
    return Derivation(rf"\frac{{\partial J}}{{\partial {UMAT}}}", steps, label=label,
                      title=_title(corrected, "part (d): gradient with respect to U, column by column"))


# =========================================================================== sigmoid


def _sigmoid_derivative(corrected, label):
    x = _sigmoid().x
    e = sympy.exp(-x)
    if corrected:
        quotient = Step((0 * (1 + e) - 1 * (-e)) / (1 + e) ** 2,
                        r"\frac{(0)(1 + e^{-x}) - (1)(-e^{-x})}{(1 + e^{-x})^2}",
                        "quotient rule $(f/g)' = (f'g - fg')/g^2$ with $f = 1$, $g = 1 + e^{-x}$")
    else:
        quotient = Step((1 * (1 + e) - (-e) * 1) / (1 + e) ** 2,
                        r"\frac{(1)(1 + e^{-x}) - (-e^{-x})(1)}{(1 + e^{-x})^2}",
                        "quotient rule $(f/g)' = (f'g - fg')/g^2$ with $f = 1$, $g = 1 + e^{-x}$")
    steps = [
        Step(sympy.diff(sigma_explicit(x), x), r"\frac{d}{dx}\,\frac{1}{1 + e^{-x}}", "definition of $\\sigma$"),
        quotient,
        Step(e / (1 + e) ** 2, r"\frac{e^{-x}}{(1 + e^{-x})^2}", "simplify the numerator"),
        Step((e + 1 - 1) / (1 + e) * (1 / (1 + e)),
             r"\frac{e^{-x} + 1 - 1}{1 + e^{-x}} \cdot \frac{1}{1 + e^{-x}}", "add and subtract 1; split"),
        Step((1 - sigma_explicit(x)) * sigma_explicit(x), r"\bigl(1 - \sigma(x)\bigr)\,\sigma(x)", "definition of $\\sigma$"),
    ]
    return Derivation(r"\frac{d\sigma(x)}{dx}", steps, label=label,
                      title=_title(corrected, "part (e): derivative of the sigmoid"))


# =========================================================================== negative sampling


def _sigma_prime(z):
    return sigma_explicit(z) * (1 - sigma_explicit(z))


def _negsamp_center(corrected, label):
    ctx = _negsamp()
    v_c, o, d = ctx.v_c, ctx.o, ctx.d
    s_o, u_o = ctx.score(o), ctx.u(o)
    sign, sign_latex = (-1, "-") if corrected else (1, "")
    negatives_split = _total([gradient(sympy.log(sigma_explicit(-ctx.score(k))), v_c) for k in ctx.neg], d)
    negatives_done = _total([(1 - sigma_explicit(-ctx.score(k))) * ctx.u(k) for k in ctx.neg], d)
    negatives_latex = rf"\sum_{{k=1}}^{{K}} \frac{{\partial \log\sigma(-{SCORE_K})}}{{\partial {VC}}}"
    steps = [
        Step(ctx.grad(v_c), rf"\frac{{\partial}}{{\partial {VC}}}\Bigl({NEGSAMP_LOSS}\Bigr)", "the negative-sampling loss"),
        Step(gradient(-sympy.log(sigma_explicit(s_o)), v_c) - negatives_split,
             rf"\frac{{\partial \bigl(-\log\sigma({SCORE_O})\bigr)}}{{\partial {VC}}} - {negatives_latex}",
             "derivative of a sum"),
        Step(sign * _sigma_prime(s_o) / sigma_explicit(s_o) * u_o - negatives_split,
             rf"{sign_latex}\frac{{\sigma({SCORE_O})\bigl(1 - \sigma({SCORE_O})\bigr)}}{{\sigma({SCORE_O})}}"
             rf" \frac{{\partial {SCORE_O}}}{{\partial {VC}}} - {negatives_latex}",
             "$(\\log z)' = z'/z$ and $\\sigma' = \\sigma(1 - \\sigma)$"),
        Step(sign * (1 - sigma_explicit(s_o)) * u_o + negatives_done,
             rf"{sign_latex}\bigl(1 - \sigma({SCORE_O})\bigr) {UO} + \sum_{{k=1}}^{{K}} \bigl(1 - \sigma(-{SCORE_K})\bigr) {UK}",
             "cancel $\\sigma$, $\\partial s_o/\\partial \\mathbf{v}_c = \\mathbf{u}_o$; "
             "the same rule for each $k$, inner derivative $-\\mathbf{u}_k$"),
    ]
    return Derivation(rf"\frac{{\partial J}}{{\partial {VC}}}", steps, label=label,
                      title=_title(corrected, "part (f): negative sampling, gradient with respect to "
                                              "the center vector"))


def _negsamp_outside_o(corrected, label):
    ctx = _negsamp()
    v_c, o, u_o = ctx.v_c, ctx.o, ctx.u(ctx.o)
    s_o = ctx.score(o)
    steps = [
        Step(ctx.grad(u_o), rf"\frac{{\partial}}{{\partial {UO}}}\Bigl({NEGSAMP_LOSS}\Bigr)", "the negative-sampling loss"),
        Step(gradient(-sympy.log(sigma_explicit(s_o)), u_o)
             - _total([gradient(sympy.log(sigma_explicit(-ctx.score(k))), u_o) for k in ctx.neg], ctx.d),
             rf"\frac{{\partial \bigl(-\log\sigma({SCORE_O})\bigr)}}{{\partial {UO}}}"
             rf" - \sum_{{k=1}}^{{K}} \frac{{\partial \log\sigma(-{SCORE_K})}}{{\partial {UO}}}",
             "derivative of a sum"),
        Step(v_c * (sigma_explicit(s_o) - 1), rf"{VC}\bigl(\sigma({SCORE_O}) - 1\bigr)",
             "only the first term involves $\\mathbf{u}_o$; $\\mathbf{v}_c$ is a constant there"),
    ]
    return Derivation(rf"\frac{{\partial J}}{{\partial {UO}}}", steps, label=label,
                      title=_title(corrected, "part (f): negative sampling, gradient with respect to "
                                              "the true outside vector"))


def _negsamp_outside_k(corrected, label):
    ctx = _negsamp()
    v_c, word = ctx.v_c, ctx.once
    u_k, s_k = ctx.u(word), ctx.score(word)
    draws_split = _total([gradient(sympy.log(sigma_explicit(-ctx.score(k))), u_k) for k in ctx.neg], ctx.d)
    if corrected:
        middle = Step(-gradient(sympy.log(sigma_explicit(-s_k)), u_k),
                      rf"-\frac{{\partial \log\sigma(-{SCORE_K})}}{{\partial {UK}}}",
                      "only the draw of $w_k$ itself involves $\\mathbf{u}_k$; keep its minus sign")
    else:
        middle = Step(draws_split, rf"\sum_{{k=1}}^{{K}} \frac{{\partial \log\sigma(-{SCORE_K})}}{{\partial {UK}}}",
                      "the first term does not involve $\\mathbf{u}_k$")
    steps = [
        Step(ctx.grad(u_k), rf"\frac{{\partial}}{{\partial {UK}}}\Bigl({NEGSAMP_LOSS}\Bigr)",
             "the negative-sampling loss; $w_k$ drawn once"),
        Step(gradient(-sympy.log(sigma_explicit(ctx.score(ctx.o))), u_k) - draws_split,
             rf"\frac{{\partial \bigl(-\log\sigma({SCORE_O})\bigr)}}{{\partial {UK}}}"
             rf" - \sum_{{k=1}}^{{K}} \frac{{\partial \log\sigma(-{SCORE_K})}}{{\partial {UK}}}",
             "derivative of a sum"),
        middle,
        Step(v_c * (1 - sigma_explicit(-s_k)), rf"{VC}\bigl(1 - \sigma(-{SCORE_K})\bigr)",
             "$\\sigma' = \\sigma(1 - \\sigma)$, inner derivative $-\\mathbf{v}_c$"),
    ]
    return Derivation(rf"\frac{{\partial J}}{{\partial {UK}}}", steps, label=label,
                      title=_title(corrected, "part (f): negative sampling, gradient with respect to "
                                              "a negative sample's vector"))


def _negsamp_repeated(corrected, label):
    ctx = _negsamp()
    v_c, word, count = ctx.v_c, ctx.repeated, ctx.repeat_count
    u_k, s_k = ctx.u(word), ctx.score(word)
    all_draws = sympy.Add(*[sympy.log(sigma_explicit(-ctx.score(k))) for k in ctx.neg])
    steps = [
        Step(ctx.grad(u_k), rf"\frac{{\partial}}{{\partial {UK}}}\Bigl({NEGSAMP_LOSS}\Bigr)",
             "the loss; the word $w_k$ is drawn $k$ times"),
        Step(-gradient(sympy.log(sigma_explicit(ctx.score(ctx.o))), u_k) - gradient(all_draws, u_k),
             rf"-\frac{{\partial \log\sigma({SCORE_O})}}{{\partial {UK}}}"
             rf" - \frac{{\partial \sum_{{k=1}}^{{K}} \log\sigma(-{SCORE_K})}}{{\partial {UK}}}",
             "derivative of a difference"),
        Step(_zeros(ctx.d) - gradient(all_draws, u_k),
             rf"0 - \frac{{\partial}}{{\partial {UK}}}\Bigl(\log\sigma(-s_1) + \dots + \log\sigma(-s_K)\Bigr)",
             "$s_o$ does not involve $\\mathbf{u}_k$; write the sum out"),
        Step(-count * (-v_c) / sigma_explicit(-s_k) * _sigma_prime(-s_k),
             rf"\frac{{-k\,(-{VC})}}{{\sigma(-{SCORE_K})}}\, \sigma(-{SCORE_K})\bigl(1 - \sigma(-{SCORE_K})\bigr)",
             f"$\\mathbf{{u}}_k$ occurs in $k$ of the terms (here $k = {count}$); chain rule, inner derivative $-\\mathbf{{v}}_c$"),
        Step(count * v_c * (1 - sigma_explicit(-s_k)), rf"k\, {VC}\bigl(1 - \sigma(-{SCORE_K})\bigr)", "cancel $\\sigma$"),
    ]
    return Derivation(rf"\frac{{\partial J}}{{\partial {UK}}}", steps, label=label,
                      title=_title(corrected, "part (g): a negative word drawn k times"))


# =========================================================================== skip-gram window


def _window_terms(ctx):
    return [-sympy.log(ctx.yhat[word]) for word in ctx.outside]


def _skipgram_U(corrected, label):
    ctx = _skipgram()
    U, v_c, yhat = ctx.U, ctx.v_c, ctx.yhat
    steps = [
        Step(ctx.grad(U), rf"\frac{{\partial}}{{\partial {UMAT}}} {WINDOW_SUM} J({VC}, w_{{t+j}}, {UMAT})",
             "the skip-gram loss of the window"),
        Step(_total([gradient(term, U) for term in _window_terms(ctx)], *U.shape),
             rf"{WINDOW_SUM} \frac{{\partial J({VC}, w_{{t+j}}, {UMAT})}}{{\partial {UMAT}}}", "derivative of a sum"),
        Step(_total([v_c * (yhat - y_j).T for y_j in ctx.ys], *U.shape),
             rf"{WINDOW_SUM} {VC}\,({YHAT} - \mathbf{{y}}_{{t+j}})^\top",
             "part (d) for each window word ($\\mathbf{y}$ one-hot at $w_{t+j}$)"),
    ]
    return Derivation(rf"\frac{{\partial J_{{\text{{skip-gram}}}}}}{{\partial {UMAT}}}", steps, label=label,
                      title=_title(corrected, "part (h): skip-gram, gradient with respect to U"))


def _skipgram_other_center(corrected, label):
    ctx = _skipgram()
    v_w = ctx.v_w
    steps = [
        Step(ctx.grad(v_w), rf"\frac{{\partial}}{{\partial \mathbf{{v}}_w}} {WINDOW_SUM} J({VC}, w_{{t+j}}, {UMAT})",
             "the skip-gram loss; a center vector $\\mathbf{v}_w$ with $w \\ne c$"),
        Step(_total([gradient(term, v_w) for term in _window_terms(ctx)], ctx.d),
             rf"{WINDOW_SUM} \frac{{\partial J({VC}, w_{{t+j}}, {UMAT})}}{{\partial \mathbf{{v}}_w}}", "derivative of a sum"),
        Step(_zeros(ctx.d), r"\mathbf{0}", "no term involves $\\mathbf{v}_w$"),
    ]
    return Derivation(r"\frac{\partial J_{\text{skip-gram}}}{\partial \mathbf{v}_w}", steps, label=label,
                      title=_title(corrected, "part (h): skip-gram, gradient with respect to another center vector"))


# =========================================================================== Rong, multi-panel skip-gram


def _rong_loss(corrected, label):
    ctx = _rong()
    u, y = ctx.u, ctx.y
    log_sum = sympy.log(sympy.Add(*[sympy.exp(u[j]) for j in range(ctx.V)]))
    targets_sum = sympy.Add(*[u[j] for j in ctx.targets])
    steps = [
        Step(-sympy.log(sympy.Mul(*[y[j] for j in ctx.targets])), r"-\log p(w_{O,1}, \dots, w_{O,C} \mid w_I)",
             "eq. (27)"),
        Step(-sympy.log(sympy.Mul(*[sympy.exp(u[j]) / sympy.exp(log_sum) for j in ctx.targets])),
             r"-\log \prod_{c=1}^{C} \frac{\exp(u_{c,j_c^*})}{\sum_{j'=1}^{V} \exp(u_{j'})}",
             "the panels are independent, each a softmax, eq. (28)"),
        Step(ctx.C * log_sum - targets_sum, r"C \log \sum_{j'=1}^{V} \exp(u_{j'}) - \sum_{c=1}^{C} u_{c,j_c^*}",
             "log of a product of quotients; $\\log\\exp z = z$"),
        Step(-targets_sum + ctx.C * log_sum, RONG_LOSS, "reorder, eq. (29)"),
    ]
    return Derivation("E", steps, label=label, title=_title(corrected, "Rong eqs. (27)–(29): the skip-gram loss"))


def _panel_scores(ctx):
    """C×V matrix of free per-panel scores u_{c,j} (each output panel its own copy)."""
    return sympy.Matrix(ctx.C, ctx.V, lambda c, j: sympy.Symbol(f"u_{c + 1}_{j}", real=True))


def _rong_panel_error(corrected, label):
    ctx = _rong()
    scores, C, V, t = _panel_scores(ctx), ctx.C, ctx.V, ctx.t
    panel_log_sum = [sympy.log(sympy.Add(*[sympy.exp(scores[c, j]) for j in range(V)])) for c in range(C)]
    targets_sum = sympy.Add(*[scores[c, ctx.targets[c]] for c in range(C)])
    per_panel_loss = -targets_sum + sympy.Add(*panel_log_sum)
    panel_softmax = sympy.Matrix(C, V, lambda c, j: sympy.exp(scores[c, j]) / sympy.exp(panel_log_sum[c]))

    def row_wise(function):
        return sympy.Matrix(C, V, lambda c, j: function(c, j))

    first = Step(gradient(per_panel_loss, scores),
                 r"\frac{\partial}{\partial u_{c,j}}\Bigl(-\sum_{c'=1}^{C} \log \frac{\exp(u_{c',j_{c'}^*})}"
                 r"{\sum_{j'=1}^{V} \exp(u_{c',j'})}\Bigr)",
                 "eq. (28), every panel with its own scores")
    if corrected:
        steps = [
            first,
            Step(gradient(per_panel_loss, scores),
                 r"\frac{\partial}{\partial u_{c,j}}\Bigl(-\sum_{c'=1}^{C} u_{c',j_{c'}^*}"
                 r" + \sum_{c'=1}^{C} \log \sum_{j'=1}^{V} \exp(u_{c',j'})\Bigr)",
                 "log of a quotient; keep one log-sum per panel"),
            Step(row_wise(lambda c, j: -t[c, j] + panel_softmax[c, j]),
                 r"-t_{c,j} + \frac{\exp(u_{c,j})}{\sum_{j'=1}^{V} \exp(u_{c,j'})}",
                 "only panel $c$'s terms involve $u_{c,j}$"),
            Step(row_wise(lambda c, j: panel_softmax[c, j] - t[c, j]), r"y_{c,j} - t_{c,j} = e_{c,j}",
                 "the softmax output of panel $c$, eq. (30)"),
        ]
    else:
        merged = [-targets_sum + C * panel_log_sum[c] for c in range(C)]  # panel c's reading of "C log Σ"
        steps = [
            first,
            Step(row_wise(lambda c, j: sympy.diff(merged[c], scores[c, j])),
                 r"\frac{\partial}{\partial u_{c,j}}\Bigl(-\sum_{c'=1}^{C} u_{c',j_{c'}^*}"
                 r" + C \log \sum_{j'=1}^{V} \exp(u_{j'})\Bigr)",
                 "eq. (29)"),
            Step(row_wise(lambda c, j: -t[c, j] + C * sympy.diff(panel_log_sum[c], scores[c, j])),
                 r"-\sum_{c'=1}^{C} \frac{\partial u_{c',j_{c'}^*}}{\partial u_{c,j}}"
                 r" + C \frac{\partial}{\partial u_{c,j}} \log \sum_{j'=1}^{V} \exp(u_{j'})",
                 "derivative of a sum"),
            Step(row_wise(lambda c, j: -t[c, j] + C * sympy.exp(scores[c, j]) / sympy.exp(panel_log_sum[c])),
                 r"-t_{c,j} + \frac{C}{\sum_{j'=1}^{V} \exp(u_{j'})} \sum_{j'=1}^{V}"
                 r" \frac{\partial \exp(u_{j'})}{\partial u_{c,j}}",
                 "$-1$ if $j = j_c^*$, else $0$; $(\\log z)' = z'/z$"),
            Step(row_wise(lambda c, j: -t[c, j] + C * panel_softmax[c, j]),
                 r"-t_{c,j} + \frac{C \exp(u_{c,j})}{\sum_{j'=1}^{V} \exp(u_{j'})}", "only $j' = j$ remains"),
        ]
    return Derivation(r"\frac{\partial E}{\partial u_{c,j}}", steps, label=label,
                      title=_title(corrected, "Rong eq. (30): the error of one output panel"))


def _rong_grad_output(corrected, label):
    ctx = _rong()
    N, V, C = ctx.N, ctx.V, ctx.C
    steps = [
        Step(ctx.grad(ctx.W_out), rf"\frac{{\partial}}{{\partial w'_{{ij}}}}\Bigl({RONG_LOSS}\Bigr)",
             "eq. (29) with $u_{c,j} = u_j = \\sum_i w'_{ij} h_i$"),
        Step(sympy.Matrix(N, V, lambda i, j: sympy.Add(*[ctx.e[c, j] for c in range(C)]) * ctx.h[i]),
             r"\sum_{c=1}^{C} \frac{\partial E}{\partial u_{c,j}} \cdot \frac{\partial u_{c,j}}{\partial w'_{ij}}",
             "chain rule through every panel; $e_{c,j}$ and $\\partial(w'_{ij} h_i)/\\partial w'_{ij} = h_i$"),
        Step(sympy.Matrix(N, V, lambda i, j: ctx.EI[j] * ctx.h[i]), r"\mathrm{EI}_j \cdot h_i",
             "$\\mathrm{EI}_j = \\sum_c e_{c,j}$, eq. (31)"),
    ]
    return Derivation(r"\frac{\partial E}{\partial w'_{ij}}", steps, label=label,
                      title=_title(corrected, "Rong eq. (32): gradient with respect to the output weights"))


def _rong_hidden_error(corrected, label):
    ctx = _rong()
    W_out = ctx.W_out
    one_panel_error = ctx.e[0, :].T  # e_j for one output panel: y - t_1
    steps = [
        Step(ctx.grad(ctx.v_input), rf"\frac{{\partial}}{{\partial h_i}}\Bigl({RONG_LOSS}\Bigr)",
             "eq. (29); $\\mathbf{h} = \\mathbf{v}_{w_I}$"),
        Step(W_out * ctx.EI, r"\sum_{j=1}^{V} \frac{\partial E}{\partial u_j} \cdot \frac{\partial u_j}{\partial h_i}",
             "chain rule: $h_i$ enters every score $u_j$"),
    ]
    if corrected:
        steps += [
            Step(W_out * ctx.EI, r"\sum_{j=1}^{V} \mathrm{EI}_j \cdot w'_{ij}",
                 "$\\partial E/\\partial u_j = \\mathrm{EI}_j$, $\\partial u_j/\\partial h_i = w'_{ij}$"),
            Step(ctx.EH, r"\mathrm{EH}_i", "eq. (35)"),
        ]
    else:
        steps.append(Step(W_out * one_panel_error, r"\sum_{j=1}^{V} e_j \cdot w'_{ij} = \mathrm{EH}_i",
                          "as in eq. (12)"))
    return Derivation(r"\frac{\partial E}{\partial h_i}", steps, label=label,
                      title=_title(corrected, "Rong eq. (35): the error at the hidden layer"))


def _rong_score_derivative(corrected, label):
    ctx = _rong()
    word = ctx.targets[0]
    h, W_out = ctx.v_input, ctx.W_out
    steps = [
        Step(gradient(ctx.u[word], h), r"\frac{\partial}{\partial h_i}\bigl(\mathbf{v}'^{\top}_{w_j} \mathbf{h}\bigr)",
             "eq. (26): $u_{c,j} = u_j = \\mathbf{v}'^{\\top}_{w_j}\\mathbf{h}$"),
        Step(sympy.Matrix(ctx.N, 1, lambda i, _: sympy.diff(W_out[i, word] * h[i], h[i])),
             r"\frac{\partial}{\partial h_i}\bigl(w'_{ij} h_i\bigr)",
             "only the $i$-th term of the dot product contains $h_i$"),
        Step(W_out[:, word], r"w'_{ij}", ""),
    ]
    return Derivation(r"\frac{\partial u_{c,j}}{\partial h_i}", steps, label=label,
                      title=_title(corrected, "Rong: derivative of a score with respect to the hidden layer"))


# =========================================================================== the records

_CHARITABLE = "The scan writes 0 for the letter o; we read it as o."

NOTES = [
    NoteDerivation(
        "cross_entropy", "notes p.1, part (a)", "Cross-entropy with a one-hot y", None, "correct",
        "Right. Because y is one-hot at o, every term of the sum but one is zero and y_o = 1. "
        "(The scan writes the letter y as γ and o as 0, and repeats the o-term in the written-out sum; "
        "we read it as the sum over all words.)",
        "ch01", _cross_entropy, ready_made="cross_entropy_one_hot"),
    NoteDerivation(
        "log_base_rule", "notes p.1, part (b), margin", "Derivative of a logarithm", None, "correct",
        "Right, read as y = log_a u ⇒ y' = u'/(u ln a) (the scan loses the grouping). With the natural "
        "logarithm, ln a = 1 and this is the rule (log z)' = z'/z used in the next lines.",
        "ch02", _log_base_rule),
    NoteDerivation(
        "softmax_center", "notes p.1, part (b)", "Naive softmax: gradient with respect to v_c", 2,
        "sign slip; wrong index in the sum",
        "Two mistakes. Step 2 splits −log(a/b) into −log a − log b; the rule is −log(a/b) = −log a + log b. "
        "The next line has + again, so this was a slip of the pen that did not propagate. "
        "Step 5 writes P(O=o|C=c) inside Σ_w: the weight of u_w is the probability of w, P(O=w|C=c) = ŷ_w, "
        "which changes with w; with P(O=o|C=c) the sum is ŷ_o Σ_w u_w. " + _CHARITABLE,
        "ch02", _softmax_center, ready_made="softmax_grad_center", also_wrong=(5,)),
    NoteDerivation(
        "softmax_outside_w", "notes p.1, part (c), case w ≠ o", "Naive softmax: gradient with respect to u_w, w ≠ o",
        3, "wrong index",
        "Steps 1 and 2 are right. Step 3 names the fraction exp(u_wᵀv_c)/Σ exp(u_w'ᵀv_c) P(O=o|C=c); it is "
        "P(O=w|C=c) = ŷ_w, the probability of the word whose vector we differentiate. The same slip as in part (b). "
        + _CHARITABLE,
        "ch02", _softmax_outside_w, ready_made="softmax_grad_outside_w"),
    NoteDerivation(
        "softmax_outside_o", "notes p.1, part (c), case w = o", "Naive softmax: gradient with respect to u_o",
        2, "dropped term (missing −1)",
        "For w = o the first term −log exp(u_oᵀv_c) = −u_oᵀv_c does depend on u_o and contributes −v_c. "
        "The notes keep only the second term (as if w ≠ o), so the result misses the −1: "
        "∂J/∂u_o = (P(O=o|C=c) − 1) v_c = (ŷ_o − y_o) v_c.",
        "ch02", _softmax_outside_o, ready_made="softmax_grad_outside_o"),
    NoteDerivation(
        "softmax_grad_U", "notes p.1, part (d)", "Naive softmax: gradient with respect to U", None, "correct",
        "Right: the columns of U are the u_w, so ∂J/∂U is the row of the column gradients. The notes stop here; "
        "with parts (b) and (c) it becomes v_c(ŷ − y)ᵀ. (The scan writes o as 0 and U_w for u_w.)",
        "ch02", _softmax_grad_U, ready_made="softmax_grad_U"),
    NoteDerivation(
        "sigmoid_derivative", "notes p.1, part (e)", "Derivative of the sigmoid", 1, "quotient rule misapplied",
        "The quotient rule is (f/g)' = (f'g − fg')/g². Here f = 1, so f' = 0 and the first product is "
        "0·(1 + e^{−x}); g' = −e^{−x}, so the second is 1·(−e^{−x}). The notes write f·g − g'·f: the numerator "
        "becomes 1 + 2e^{−x}. The next line has the right numerator e^{−x}, so the slip did not propagate "
        "and the final σ(1 − σ) is right.",
        "ch03", _sigmoid_derivative, ready_made="sigmoid_derivative"),
    NoteDerivation(
        "negsamp_center", "notes p.1, part (f)", "Negative sampling: gradient with respect to v_c", 2,
        "sign error",
        "The derivative of −log σ(s) is −σ(s)(1 − σ(s))/σ(s) · s' = −(1 − σ(s)) s'. The notes drop the minus "
        "in step 2 and keep it dropped, so the result says +(1 − σ(u_oᵀv_c))u_o: gradient descent would push "
        "v_c away from the true outside word. The negative-sample terms are right. " + _CHARITABLE,
        "ch04", _negsamp_center, ready_made="negsamp_grad_center"),
    NoteDerivation(
        "negsamp_outside_o", "notes p.1, part (f)", "Negative sampling: gradient with respect to u_o", None,
        "correct",
        "Right: only −log σ(u_oᵀv_c) involves u_o (no negative sample is o), and with v_c constant its "
        "derivative is (σ(u_oᵀv_c) − 1)v_c. The margin note says exactly this.",
        "ch04", _negsamp_outside_o, ready_made="negsamp_grad_outside_o"),
    NoteDerivation(
        "negsamp_outside_k", "notes p.1, part (f)", "Negative sampling: gradient with respect to u_k", 2,
        "dropped minus sign; index clash",
        "Step 2 keeps the sum but loses the minus in front of it: the loss is −Σ_k log σ(−u_kᵀv_c). The final "
        "line has the right sign again, so the minus may also have been lost in the scan. The line also uses k "
        "both for the fixed negative word and as the summation index; with a separate index only the draw(s) "
        "of w_k survive the derivative.",
        "ch04", _negsamp_outside_k, ready_made="negsamp_grad_outside_k"),
    NoteDerivation(
        "negsamp_repeated", "notes p.1, part (g)", "Negative sampling: a word drawn several times", None,
        "correct (overloaded k)",
        "Right, reading the factor k as the number of times w_k was drawn: each of its terms contributes "
        "(1 − σ(−u_kᵀv_c))v_c and they add up. The letter k names three things here (the summation index, "
        "the word and its count); write n_k for the count. Read as the sample's position, the factor would be "
        "wrong. (We read the scan's '=' between the two terms of the first line as '−', and "
        "log σ(u_1ᵀv_c) as log σ(−u_1ᵀv_c).)",
        "ch04", _negsamp_repeated, ready_made="negsamp_grad_repeated"),
    NoteDerivation(
        "skipgram_U", "notes p.1, part (h)", "Skip-gram: gradient with respect to U", None, "correct",
        "Right: the derivative of the window's sum is the sum of the per-word gradients v_c(ŷ − y_{t+j})ᵀ "
        "(the notes write y for y_{t+j}, and the scan writes U as v⃗).",
        "ch05", _skipgram_U, ready_made="skipgram_grad_U"),
    NoteDerivation(
        "skipgram_other_center", "notes p.1, part (h)", "Skip-gram: gradient with respect to v_w, w ≠ c", None,
        "correct",
        "Right: the loss of the window involves only the center vector v_c and U.",
        "ch05", _skipgram_other_center, ready_made="skipgram_grad_other_center"),
    NoteDerivation(
        "rong_loss", "notes p.2, Rong eqs. (27)-(29)", "Rong: the multi-panel skip-gram loss", None, "correct",
        "Right from the first line to eq. (29). The intermediate lines of the scan are too garbled to read "
        "(a product sign became C); we check the readable start and end.",
        "ch06", _rong_loss, ready_made="rong_loss"),
    NoteDerivation(
        "rong_panel_error", "notes p.2, Rong eq. (30)", "Rong: the error of one output panel", 1,
        "two readings of u mixed",
        "Eq. (29) merges the C panels' identical log-sums into C·log Σ exp(u_j'), which is right for the value "
        "of E but forgets which panel each log-sum belongs to. Differentiating with respect to one panel's "
        "score u_{c,j}, only panel c's log-sum counts and gives y_{c,j}, not C·y_{c,j}. (Treating the shared u_j "
        "as the variable instead gives Σ_c(y_j − t_{c,j}) = EI_j.) The notes take the first term per panel "
        "(−t_{c,j}) and the second for all panels (C·y_j), which matches neither.",
        "ch06", _rong_panel_error, ready_made="rong_error"),
    NoteDerivation(
        "rong_grad_output", "notes p.2, Rong eq. (32)", "Rong: gradient with respect to w'_ij", None, "correct",
        "Right: w'_ij enters every panel's u_{c,j} = u_j, the chain rule sums the panels' errors into EI_j, "
        "and ∂(w'_ij h_i)/∂w'_ij = h_i.",
        "ch06", _rong_grad_output, ready_made="rong_grad_output"),
    NoteDerivation(
        "rong_hidden_error", "notes p.2, Rong eq. (35)", "Rong: the error at the hidden layer", 2,
        "one-panel formula (e_j for EI_j)",
        "The chain rule in step 1 is right (the scan writes ∂E/∂h_i for ∂E/∂u_j; we read ∂E/∂u_j). Step 2 copies "
        "eq. (12) of the one-word model, Σ_j e_j w'_ij. With C output panels every score feeds C errors and "
        "∂E/∂u_j = EI_j = Σ_c e_{c,j}, so EH_i = Σ_j EI_j w'_ij (eq. 35). We read e_j as one panel's error; "
        "if it was meant as shorthand for EI_j the line is right, but the name should say so.",
        "ch06", _rong_hidden_error, ready_made="rong_EH"),
    NoteDerivation(
        "rong_score_derivative", "notes p.2, Rong eqs. (26), (35)", "Rong: ∂u_j/∂h_i", None, "correct",
        "Right: u_j = Σ_i w'_ij h_i, and only one term contains h_i. (The scan drops the prime of v'_{w_j}.)",
        "ch06", _rong_score_derivative, ready_made="rong_EH"),
]

NOTE_LINES = [
    NoteLine(
        "softmax_center_transpose", "notes p.1, part (b), last line",
        "Notes, part (b), last line: the center-vector gradient as a matrix product",
        "transpose (shapes do not fit)",
        "With U ∈ ℝ^{d×|V|} (columns u_w), Uᵀ is |V|×d and cannot multiply the |V|-vector ŷ − y. "
        "Σ_w ŷ_w u_w − u_o combines the columns of U with weights ŷ − y, which is U(ŷ − y). "
        "(Uᵀ(ŷ − y) is right if U holds the u_w as rows, as the code's outside_vectors does.)",
        "ch02", rf"\frac{{\partial J}}{{\partial {VC}}}", rf"{UMAT}^\top({YHAT} - {YVEC})", "U^T (yhat - y)",
        rf"{UMAT}({YHAT} - {YVEC})", "U (yhat - y)", _softmax, lambda ctx: ctx.grad(ctx.v_c),
        ready_made="softmax_grad_center"),
    NoteLine(
        "softmax_U_transpose", "notes p.1, part (c), last line",
        "Notes, part (c), last line: the gradient for U as a matrix product",
        "transpose (shapes do not fit)",
        "The two cases of part (c) say column w of ∂J/∂U is (ŷ_w − y_w)v_c. Stacking them gives v_c(ŷ − y)ᵀ, "
        "a d×|V| matrix like U. The notes' (ŷ − y)ᵀv_c multiplies a 1×|V| row by a d×1 column.",
        "ch02", rf"\frac{{\partial J}}{{\partial {UMAT}}}", rf"({YHAT} - {YVEC})^\top {VC}", "(yhat - y)^T v_c",
        rf"{VC}({YHAT} - {YVEC})^\top", "v_c (yhat - y)^T", _softmax, lambda ctx: ctx.grad(ctx.U),
        ready_made="softmax_grad_U"),
    NoteLine(
        "skipgram_center_transpose", "notes p.1, part (h)",
        "Notes, part (h): the skip-gram center-vector gradient as a matrix product",
        "transposes (shapes do not fit)",
        "The first equality (sum over the window) is right; each term is part (b)'s U(ŷ − y_{t+j}), a d-vector. "
        "Uᵀ(ŷ − y)ᵀ multiplies a |V|×d matrix by a 1×|V| row: two transposes too many. "
        "(The scan writes U as v⃗.)",
        "ch05", rf"\frac{{\partial J_{{\text{{skip-gram}}}}}}{{\partial {VC}}}",
        rf"{WINDOW_SUM} {UMAT}^\top({YHAT} - \mathbf{{y}}_{{t+j}})^\top", "sum_j(U^T (yhat - y_j)^T)",
        rf"{WINDOW_SUM} {UMAT}({YHAT} - \mathbf{{y}}_{{t+j}})", "sum_j(U (yhat - y_j))",
        _skipgram, lambda ctx: ctx.grad(ctx.v_c), ready_made="skipgram_grad_center"),
    NoteLine(
        "rong_hidden_row", "notes p.2, Rong eq. (24)", "Notes, Rong eq. (24): the hidden layer h",
        "row instead of column",
        "Rong defines h = Wᵀx, an N×1 column (the row of W for the input word, transposed). The notes write "
        "xᵀW, the same numbers as a 1×N row. Harmless if kept consistent, but u_j = v'_{w_j}ᵀh needs a column.",
        "ch06", r"\mathbf{h}", r"\mathbf{x}^\top \mathbf{W}", "x^T W", r"\mathbf{W}^\top \mathbf{x}", "W^T x",
        _rong, lambda ctx: ctx.h),
]

_BY_NAME = {record.name: record for record in NOTES}
_LINES_BY_NAME = {record.name: record for record in NOTE_LINES}


def note(name):
    """The :class:`NoteDerivation` called ``name``; ValueError listing the names otherwise."""
    if name not in _BY_NAME:
        raise ValueError(f"unknown note derivation {name!r}; known: {sorted(_BY_NAME)}")
    return _BY_NAME[name]


def line(name):
    """The :class:`NoteLine` called ``name``; ValueError listing the names otherwise."""
    if name not in _LINES_BY_NAME:
        raise ValueError(f"unknown note line {name!r}; known: {sorted(_LINES_BY_NAME)}")
    return _LINES_BY_NAME[name]


@functools.lru_cache(maxsize=None)
def _built(name, corrected, label):
    record = note(name)
    if corrected and record.mistake_step is None and record.ready_made is not None:
        return derivations.ALL[record.ready_made](label=label)
    return record.build(corrected and record.mistake_step is not None, label)


@functools.lru_cache(maxsize=None)
def _line_check(name, label):
    record = line(name)
    student_status, student_message = record.judge(record.student_answer)
    corrected_status, corrected_message = record.judge(record.corrected_answer)
    return LineCheck(record, student_status, student_message, corrected_status, corrected_message, label)


def verify_all():
    """Check every record; returns name → seconds. Raises :class:`DerivationError` on the first surprise."""
    seconds = {}
    for record in NOTES:
        start = time.perf_counter()
        record.check()
        seconds[record.name] = time.perf_counter() - start
    for record in NOTE_LINES:
        start = time.perf_counter()
        record.check().expect_mistake()
        seconds[record.name] = time.perf_counter() - start
    return seconds
