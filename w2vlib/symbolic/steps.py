r"""Check a reader's step-by-step derivation: each step marked ✓/✗ as the book marks its own.

``check_steps(question_id, text)`` reads a derivation typed as the book displays one
(``\frac{\partial J}{\partial \mathbf v_c} &= … \\ &= …``) or one step per line in the plain
spelling (``= U yhat - u_o``), checks it with the checker of the book's derivations
(:meth:`w2vlib.symbolic.checker.Derivation.from_trees`: every step against the one before, at
every fixed size configuration of the question's context and in float64 at the generated ones;
the first step against the asked quantity itself), and judges the last line with the question's
own check (:func:`w2vlib.symbolic.answers.check_answer`). The verdict, :class:`StepsFeedback`,
names the first wrong step with a counterexample in the book's notation, or says that every step
holds but the last line is not yet the answer. Nothing is ever executed; the limits are those of
the answers (:mod:`w2vlib.symbolic.answers`). Used by the answer box
(:mod:`w2vlib.symbolic.exercise`) and the book's in-page checker; the exercises that say
"derive it, not just state it" ask for it.

Examples
--------
>>> feedback = check_steps("sigmoid_derivative", r'''
... \frac{d\sigma(x)}{dx} &= \frac{e^{-x}}{(1 + e^{-x})^2} \\
...   &= \frac{1}{1 + e^{-x}} \cdot \frac{e^{-x}}{1 + e^{-x}} \\
...   &= \sigma(x)(1 - \sigma(x))''')
>>> feedback.correct, feedback.marks
(True, ('✓', '✓', '✓'))
>>> wrong = check_steps("sigmoid_derivative", '''
... = e^(-x) / (1 + e^(-x))^2
... = -1/(1 + e^(-x)) * e^(-x)/(1 + e^(-x))
... = -sigma(x)(1 - sigma(x))''')
>>> wrong.first_wrong, wrong.marks, wrong.code
(2, ('✓', '✗', '(✗)'), 'sign')
"""

import html
import re
from dataclasses import dataclass

import sympy

from w2vlib.symbolic.answers import (
    _MAX_POWER, _POINTS, _PROOF_SECONDS, QUESTIONS, Feedback, _apply_aliases, _factor_values, _mistakes,
    _power_load, _unknown_message, _unreadable_message, _value, _vector_symbols, check_answer, read_answer,
)
from w2vlib.symbolic.checker import (
    FOLLOWS_ERROR, NUMERIC, PROVED, REFUTED, SHAPE, Derivation, Line, _Unevaluable, compare,
)
from w2vlib.symbolic.configurations import configurations
from w2vlib.symbolic.notation import NotationError, ShapeError, read_latex
from w2vlib.symbolic.notation.aligned import _split_top
from w2vlib.symbolic.notation.evaluate import MAX_SECONDS, ZERO
from w2vlib.symbolic.notation.render import to_latex
from w2vlib.symbolic.notation.tree import Derivative, Number, Zero, walk

__all__ = ["check_steps", "StepsFeedback", "split_steps", "is_derivation", "MAX_STEPS", "MAX_CHARACTERS"]

#: Steps a derivation may have (a reader's derivation is short; each step is proved at every size).
MAX_STEPS = 12
#: Characters a derivation may have.
MAX_CHARACTERS = 6000

#: The mark of each status of a checked step (✓* agrees everywhere, but SymPy found no proof).
MARKS = {PROVED: "✓", NUMERIC: "✓*", REFUTED: "✗", SHAPE: "✗", FOLLOWS_ERROR: "(✗)"}


@dataclass(frozen=True)
class StepsFeedback:
    """Verdict on a step-by-step answer.

    Attributes
    ----------
    correct : bool
        Every step proved (✓) and the last line answers the question.
    marks : tuple of str
        One per step: ``"✓"`` (proved equal to the line before), ``"✗"`` (not equal to it),
        ``"(✗)"`` (equal to the line before, which was wrong), ``"✓*"`` (agrees everywhere, no
        proof). Empty when the text could not be read.
    first_wrong : int or None
        1-based number of the first step that is not ✓ (or that could not be read), else None.
    message : str
        The verdict in plain words: the first wrong step and why, with its counterexample; or that
        every step holds but the last line is not yet the answer, and why.
    steps : tuple of str
        The LaTeX of each step as read (as "Understood as" shows an answer).
    question_id, status : str
        ``status`` is ``"proved"`` (correct), ``"refuted"`` (a wrong step), ``"shape"``,
        ``"numeric"`` (a step without proof), ``"incomplete"`` (every step holds, the last line is
        not the answer), ``"unknown"`` (a name the question does not know) or ``"unreadable"``.
    code : str
        A stable diagnosis for class reports: ``"proved"``, ``"sign"``, ``"factor"``,
        ``"mistake-N"`` (the question's N-th known mistake), ``"wrong-step"`` (no finer
        diagnosis), ``"shape"``, ``"not-proved"``, ``"incomplete"``, ``"wrong-quantity"``,
        ``"unknown"``, ``"unreadable"``.
    answer : Feedback or None
        The question's own check of the last line.
    """

    correct: bool
    marks: tuple
    first_wrong: int | None
    message: str
    steps: tuple = ()
    question_id: str = ""
    status: str = ""
    code: str = ""
    answer: Feedback | None = None

    def _repr_markdown_(self):
        mark = "✓" if self.correct else "✗"
        lines = [f"**{mark}** {_escape_markdown(self.message)}", ""]
        for number, latex in enumerate(self.steps, start=1):
            step_mark = self.marks[number - 1] if number <= len(self.marks) else ""
            lines.append(f"{number}. $= {latex}$ {step_mark}".rstrip())
        return "\n".join(lines) + "\n"

    def to_html(self):
        """HTML for an ipywidgets ``HTMLMath`` or a page: the verdict and a numbered list of marked steps."""
        color = "green" if self.correct else "#b00020"
        parts = [f'<p><b style="color:{color}">{"✓" if self.correct else "✗"}</b> {html.escape(self.message)}</p>']
        if self.steps:
            items = []
            for number, latex in enumerate(self.steps, start=1):
                step_mark = self.marks[number - 1] if number <= len(self.marks) else ""
                step_color = "green" if step_mark.startswith("✓") else "#b00020" if step_mark == "✗" else "gray"
                first = ' class="w2v-first-wrong"' if number == self.first_wrong else ""
                items.append(f'<li{first}>${html.escape("= " + latex, quote=False)}$ '
                             f'<b style="color:{step_color}">{html.escape(step_mark)}</b></li>')
            parts.append('<ol class="w2v-steps">' + "".join(items) + "</ol>")
        return "".join(parts)


def _escape_markdown(text):
    return re.sub(r"([\\`*_\[\]<>|$])", r"\\\1", text)


# --------------------------------------------------------------------------- splitting the text

def is_derivation(text):
    r"""True when ``text`` is a derivation rather than one answer: LaTeX lines joined by ``\\``, later
    lines that start with ``=`` (or ``&=``), or a chain ``a = b = c`` on one line.

    >>> is_derivation("U(yhat - y)"), is_derivation("dJ/dv_c = U(yhat - y)"), is_derivation("= a\n= b")
    (False, False, True)
    >>> is_derivation(r"a &= b \\ &= c"), is_derivation("a = b = c"), is_derivation("U(yhat\n - y)")
    (True, True, False)
    """
    if not isinstance(text, str):
        return False
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return ("\\\\" in text or any(line.lstrip("&").lstrip().startswith("=") for line in lines[1:])
            or any(len(_split_equals(line)) > 2 for line in lines))


_WRAPPERS = [r"^\$\$(.*)\$\$$", r"^\\\[(.*)\\\]$", r"^\$(.*)\$$",
             r"^\\begin\{(?:aligned|align\*?|split|gathered|eqnarray\*?)\}(.*)\\end\{(?:aligned|align\*?|split|"
             r"gathered|eqnarray\*?)\}$"]


def _unwrap(text):
    text = text.strip()
    changed = True
    while changed:
        changed = False
        for pattern in _WRAPPERS:
            match = re.match(pattern, text, re.S)
            if match:
                text, changed = match.group(1).strip(), True
    return text


def _without_text_reason(math):
    r"""``math`` without a trailing ``\quad \text{…}`` (a reason written inline), and that reason."""
    match = re.search(r"(\\q?quad\s*|,\s*)?\\text\{", math)
    if not match:
        return math, ""
    depth, end = 1, match.end()
    while end < len(math) and depth:
        depth += {"{": 1, "}": -1}.get(math[end], 0)
        end += 1
    if depth or math[end:].strip():
        return math, ""
    return math[:match.start()], math[match.end():end - 1]


def _split_equals(math):
    """Pieces of ``math`` between top-level ``=`` (not ``\\ne``, ``!=``, ``<=``, ``==``, nor inside brackets)."""
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(math):
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif char == "=" and depth <= 0 and math[i - 1:i] not in ("!", "<", ">", "=", ":") \
                and math[i + 1:i + 2] != "=":
            pieces.append(math[start:i])
            start = i + 1
    pieces.append(math[start:])
    return pieces


def split_steps(text):
    r"""The left side (or None) and the steps ``(text, reason)`` of a derivation, as typed.

    Lines are separated by ``\\`` (LaTeX) or, when there is none, by line breaks; alignment ``&``
    is dropped, a reason follows ``&&`` (or an inline ``\quad \text{…}``). Each ``=`` at the top
    level starts a new step; the piece before the first one is the left side.

    Raises
    ------
    NotationError
        Unbalanced braces, or no step at all.

    Examples
    --------
    >>> split_steps(r"J' &= a && \text{why} \\ &= b")
    ("J'", [('a', 'why'), ('b', '')])
    >>> split_steps("= a\n= b = c")
    (None, [('a', ''), ('b', ''), ('c', '')])
    """
    text = _unwrap(text)
    rows = [row for row, _ in _split_top(text, "\\\\")]
    if len(rows) == 1:
        rows = text.splitlines()
    left, steps = None, []
    for number, row in enumerate(row for row in rows if row.strip()):
        parts = _split_top(row, "&&")
        math = parts[0][0]
        reason = " ".join(part for part, _ in parts[1:]).strip()
        math, inline_reason = _without_text_reason(math)
        reason = reason or inline_reason
        reason = re.sub(r"^\\text\{(.*)\}$", r"\1", reason, flags=re.S).strip()
        math = math.replace(r"\&", "\0").replace("&", " ").replace("\0", r"\&")
        pieces = _split_equals(math)
        if number == 0 and len(pieces) > 1 and pieces[0].strip():
            left = pieces[0].strip()
        elif pieces[0].strip():
            steps.append((_tidy(pieces[0]), ""))
        for piece in pieces[1:]:
            if piece.strip():
                steps.append((_tidy(piece), ""))
        if steps and reason:
            steps[-1] = (steps[-1][0], reason)
    if not steps:
        raise NotationError("there is no step: write one step per line, each after '=' (or '&=')")
    return left, steps


def _tidy(piece):
    """A step without surrounding space, a line's trailing comma or full stop, or ``\\nonumber``."""
    piece = re.sub(r"\\(nonumber|notag)\b", "", piece).strip()
    if piece.endswith((",", ";")) or piece.endswith(".") and not re.search(r"\d\.$", piece):
        piece = piece[:-1].rstrip()
    return piece


# --------------------------------------------------------------------------- the left side

def _loose(text):
    """A spelling-blind key of a quantity: ``∂J/∂v_c``, ``dJ/dv_c`` and ``\\frac{\\partial J}{\\partial
    \\mathbf{v}_c}`` share it."""
    text = text.replace("∂", "d").replace("′", "'").replace("σ", "sigma").replace("ŷ", "yhat")
    text = re.sub(r"\\(mathbf|boldsymbol|bm|vec|mathrm|text|left|right|displaystyle|,|;|!)\b", "", text)
    text = text.replace(r"\partial", "d").replace(r"\prime", "'").replace(r"\sigma", "sigma")
    text = re.sub(r"\\d?frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", text)
    text = re.sub(r"\\[A-Za-z]+", "", text)
    text = text.replace("sigmoid", "sigma").replace("^{", "^").replace("_{", "_")
    return re.sub(r"[\s{}()*]", "", text).lower()


def _names_quantity(left, question):
    key = _loose(left)
    return bool(key) and key in {_loose(question.quantity), _loose(question.quantity_latex)}


# --------------------------------------------------------------------------- checking

def _status_feedback(question_id, status, code, message, steps=(), marks=(), first_wrong=None, answer=None):
    return StepsFeedback(False, tuple(marks), first_wrong, message, tuple(steps), question_id, status, code, answer)


def _read_step(text, question):
    reading = read_answer(text)
    tree = _apply_aliases(reading.tree, question.aliases)
    if isinstance(tree, Number) and tree.numerator == 0:
        tree = Zero(tree.pos)
    if _power_load(tree) > _MAX_POWER:
        raise NotationError(f"the powers are too large (nested powers multiply to more than {_MAX_POWER})")
    return tree


def _step_name(number, text):
    shown = " ".join(text.split())
    return f"step {number} ({shown[:50]}{'…' if len(shown) > 50 else ''})"


def check_steps(question_id, text):
    r"""Check a step-by-step derivation answering ``question_id``; never raises for bad text.

    Parameters
    ----------
    question_id : str
        A key of :data:`~w2vlib.symbolic.answers.QUESTIONS`.
    text : str
        The derivation: lines separated by ``\\`` with ``&=`` (the first line may start with the
        asked quantity, ``\frac{\partial J}{\partial \mathbf v_c} &= …``), or one step per line
        (``= …``) in the plain, LaTeX or unicode spelling of "How to write answers".

    Returns
    -------
    StepsFeedback
        ``correct`` when every step is proved equal to the line before it (the first to the asked
        quantity) and the last line answers the question (:func:`~w2vlib.symbolic.answers.check_answer`).

    Raises
    ------
    ValueError
        For an unknown ``question_id``.
    """
    if question_id not in QUESTIONS:
        raise ValueError(f"unknown question_id {question_id!r}; known ids: {', '.join(QUESTIONS)}")
    question = QUESTIONS[question_id]
    if not isinstance(text, str):
        return _status_feedback(question_id, "unreadable", "unreadable",
                                f"The derivation must be text, got {type(text).__name__}.")
    if text.strip() in ("", "...", "…") or re.fullmatch(r"[\s&=.…\\]*", text):
        return _status_feedback(question_id, "unreadable", "unreadable",
                                "Not done yet: replace ... with your derivation, one step per line, each after '=' "
                                "(or LaTeX lines joined by \\\\ with &=).")
    if len(text) > MAX_CHARACTERS:
        return _status_feedback(question_id, "unreadable", "unreadable",
                                f"The derivation is too long ({len(text)} characters; at most {MAX_CHARACTERS}).")
    try:
        left, pieces = split_steps(text)
    except NotationError as error:
        return _status_feedback(question_id, "unreadable", "unreadable", f"I could not read the derivation: {error}.")
    if len(pieces) > MAX_STEPS:
        return _status_feedback(question_id, "unreadable", "unreadable",
                                f"The derivation has {len(pieces)} steps; at most {MAX_STEPS} are checked. "
                                "Join the small ones.")
    try:
        return _check(question, left, pieces)
    except RecursionError:
        return _status_feedback(question_id, "unreadable", "unreadable",
                                "I could not read the derivation: it is nested too deeply.")


def _check(question, left, pieces):
    question_id = question.id
    configs = configurations(question.context)
    vectors = _vector_symbols(question.context)
    quantity_tree = read_latex(question.quantity_latex)
    if left is not None and not _names_quantity(left, question):
        try:
            left_tree = _read_step(left, question)
        except NotationError as error:
            return _status_feedback(question_id, "unreadable", "unreadable",
                                    f"I could not read the left side {left[:50]!r}: {error}. Start with the asked "
                                    f"quantity, {question.quantity}, or with '=' alone.")
        if any(isinstance(node, Derivative) for node in walk(left_tree)):
            if not _same_everywhere(left_tree, quantity_tree, configs):
                return _status_feedback(question_id, "refuted", "wrong-quantity",
                                        f"Your derivation starts from {to_latex(left_tree, vectors)}, but the question "
                                        f"asks for {question.quantity}.", first_wrong=1)
        else:
            pieces = [(left, "")] + list(pieces)  # "U yhat - u_o = U(yhat - y)": the first piece is a step
            left = None
    if left is not None:  # a later line that restates the left side ("dJ/dv_c = …" again) is no step
        pieces = [(piece, reason) for piece, reason in pieces if _loose(piece) != _loose(left)] or pieces
    trees = []
    for number, (piece, _) in enumerate(pieces, start=1):
        if re.fullmatch(r"\s*(\.\.\.?|…)\s*", piece):
            return _status_feedback(question_id, "unreadable", "unreadable",
                                    f"Not done yet: step {number} is still '...'; replace it with your step.",
                                    first_wrong=number)
        try:
            trees.append(_read_step(piece, question))
        except NotationError as error:
            message = _unreadable_message(error, question, piece).replace(
                "I could not read your answer", f"I could not read {_step_name(number, piece)}", 1)
            return _status_feedback(question_id, "unreadable", "unreadable", message, first_wrong=number)
    shown = tuple(to_latex(tree, vectors) for tree in trees)
    for number, tree in enumerate(trees, start=1):
        try:
            for configuration in configs:
                _value(tree, configuration)
        except ShapeError:
            continue  # the derivation marks it ✗ with the shapes
        except NotationError as error:
            message = _unknown_message(error, question)
            return _status_feedback(question_id, "unknown", "unknown",
                                    f"In {_step_name(number, pieces[number - 1][0])}: {message}", shown,
                                    first_wrong=number)
        except (TypeError, ValueError, ZeroDivisionError, OverflowError) as error:
            return _status_feedback(question_id, "unreadable", "unreadable",
                                    f"{_step_name(number, pieces[number - 1][0]).capitalize()} could not be "
                                    f"evaluated ({type(error).__name__}).", shown, first_wrong=number)
    lines = [Line(question.quantity_latex)] + [Line(latex, reason) for latex, (_, reason) in zip(shown, pieces)]
    try:
        derivation = Derivation.from_trees(lines, [quantity_tree] + trees, question.context,
                                           where=question.where or None, points=_POINTS, timeout=_PROOF_SECONDS,
                                           seconds=MAX_SECONDS)
        results = derivation.verify()[1:]
    except NotationError as error:
        return _status_feedback(question_id, "unknown", "unknown", f"{_unknown_message(error, question)}", shown)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError) as error:
        return _status_feedback(question_id, "unreadable", "unreadable",
                                f"The derivation could not be evaluated ({type(error).__name__}).", shown)
    marks = tuple(MARKS[result.status] for result in results)
    answer = check_answer(question_id, pieces[-1][0])
    error = next((result for result in results if result.is_error), None)
    if error is not None:
        sentence = _error_sentence(derivation, error, question)
        diagnosis, code = _step_diagnosis(derivation, error.index, question)
        status = "shape" if error.status == SHAPE else "refuted"
        code = "shape" if error.status == SHAPE else code
        tail = (" Your last line is the right answer, but a derivation must reach it step by step."
                if answer.correct else "")
        message = f"{diagnosis} {sentence}{tail}" if diagnosis else f"{sentence}{tail}"
        return StepsFeedback(False, marks, error.index, message, shown, question_id, status, code, answer)
    unproved = [result.index for result in results if result.status == NUMERIC]
    if unproved:
        return StepsFeedback(False, marks, unproved[0],
                             f"Step {unproved[0]} agrees with the line before it at every size checked, but SymPy "
                             "could not prove it equal, so it is not marked ✓: split it into smaller steps.",
                             shown, question_id, "numeric", "not-proved", answer)
    if not answer.correct:
        return StepsFeedback(False, marks, None,
                             f"Every step holds (✓), but the last line is not yet the answer: {answer.message}",
                             shown, question_id, "incomplete", "incomplete", answer)
    each = "the step" if len(results) == 1 else f"each of the {len(results)} steps"
    return StepsFeedback(True, marks, None,
                         f"Correct: SymPy proved {each} equal to the line before it (the first to "
                         f"{question.quantity}) at every size checked, and the last line answers the question.",
                         shown, question_id, "proved", "proved", answer)


def _same_everywhere(tree, other, configs):
    """True when two trees agree numerically at every fixed configuration."""
    try:
        pairs = [(_value(tree, configuration), _value(other, configuration)) for configuration in configs]
    except (NotationError, ShapeError, TypeError, ValueError):
        return False
    return all(a is b if a is ZERO or b is ZERO else _agree_numerically(a, b) for a, b in pairs)


def _error_sentence(derivation, error, question):
    """The checker's sentence on a wrong step, with "step 0" called by the asked quantity's name."""
    sentence = derivation._error_sentence(error, markdown=False)
    quantity = question.quantity
    sentence = sentence.replace("does not follow from step 0", f"is not {quantity}")
    sentence = re.sub(r"\bstep 0\b", quantity, sentence)
    return sentence


def _step_diagnosis(derivation, index, question):
    """(sentence, code) for the wrong step ``index``: a flipped sign, a size factor, or one of the
    question's known mistakes (at every fixed configuration); else ("", "wrong-step")."""
    sets = derivation._expression_sets
    values = [expressions[index] for _, expressions in sets]
    previous = [expressions[index - 1] for _, expressions in sets]
    if any(isinstance(v, _Unevaluable) for v in values + previous):
        return "", "wrong-step"
    name = "the asked quantity" if index == 1 else f"step {index - 1}"
    position = {configuration.name: i for i, configuration in enumerate(configurations(question.context))}
    for number, (targets, message, _condition, _tree) in enumerate(_mistakes(question.id), start=1):
        targets = [targets[position[name]] for name, _ in sets]
        if _all_agree(values, targets):
            return message, f"mistake-{number}"
    if _all_agree(values, [-p for p in previous]):
        return f"The sign flipped: step {index} is −1 times {name}.", "sign"
    for latex, factors in _factor_values(question.context):
        scaled = [sympy.nsimplify(f) * p for f, p in zip(factors, previous)]
        if _all_agree(values, scaled):
            shown = latex.replace(r"\frac{1}{", "1/(").replace(r"\frac{", "(").replace("}{", ")/(").replace("}", ")")
            return f"A factor is off: step {index} is {shown} times {name}.", "factor"
    return "", "wrong-step"


def _all_agree(values, targets):
    """True when every value agrees numerically with its target (a zero line never matches a diagnosis)."""
    return len(values) == len(targets) and all(
        a is not ZERO and b is not ZERO and _agree_numerically(a, b) for a, b in zip(values, targets))


def _agree_numerically(a, b):
    try:
        return compare(a, b, points=4, timeout=0).equal
    except (TypeError, ValueError):
        return False
