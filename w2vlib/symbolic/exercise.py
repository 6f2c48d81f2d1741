r"""An answer box for the book's gradient exercises: type a formula, press *Check*.

``answer_box(question_id)`` builds an ipywidgets ``VBox`` (the question as
``HTMLMath``, a ``Text`` field, a *Check* button, an ``Output`` with the
verdict); ``check(question_id, text)`` is the same check without widgets.
``answer_box(question_id, steps=True)`` has a multi-line ``Textarea`` for a
derivation, one step per line, checked by :func:`check_steps`
(:mod:`w2vlib.symbolic.steps`: each step marked ✓/✗, the first wrong one named);
an answer of several lines typed or pasted into any box is checked that way too.
Both use :func:`w2vlib.symbolic.answers.check_answer`, which reads the plain, code,
LaTeX and unicode spellings listed on the book's page "How to write answers"
(:mod:`w2vlib.symbolic.answer_guide`). Chapters only call these
factories (exercises of the softmax, negative-sampling, skip-gram and Rong
chapters).

Examples
--------
>>> check("softmax_grad_outside_w", "yhat_w v_c").correct
True
>>> box = answer_box("softmax_grad_outside_w")
>>> box.text.value = "yhat_w v_c"
>>> box.button.click()
>>> box.feedback.correct
True
>>> box = answer_box("sigmoid_derivative", steps=True)
>>> box.text.value = "= e^(-x)/(1 + e^(-x))^2\n= sigma(x)(1 - sigma(x))"
>>> box.button.click()
>>> box.feedback.marks
('✓', '✓')
"""

import html

import ipywidgets as widgets

from w2vlib.symbolic.answers import QUESTIONS, Feedback, check_answer
from w2vlib.symbolic.steps import StepsFeedback, check_steps, is_derivation

__all__ = ["check", "check_steps", "answer_box", "AnswerBox", "StepsFeedback", "is_derivation"]


def check(question_id, text):
    """Check ``text`` as an answer to ``question_id``; returns a :class:`~w2vlib.symbolic.answers.Feedback`.

    Same as :func:`~w2vlib.symbolic.answers.check_answer` (raises ValueError for an unknown id).
    """
    return check_answer(question_id, text)


class AnswerBox(widgets.VBox):
    """VBox with ``.prompt`` (HTMLMath), ``.text`` (Text, or Textarea for steps), ``.button`` (Button),
    ``.output`` (Output).

    After each click ``.feedback`` holds the last :class:`~w2vlib.symbolic.answers.Feedback`
    (or, for a derivation of several lines, :class:`~w2vlib.symbolic.steps.StepsFeedback`) and
    ``.output`` shows it (✓/✗, the message, how the answer was read or each step's mark, a hint
    if wrong).
    """

    def __init__(self, question_id, steps=False):
        if question_id not in QUESTIONS:
            raise ValueError(f"unknown question_id {question_id!r}; known ids: {', '.join(QUESTIONS)}")
        question = QUESTIONS[question_id]
        self.question_id = question_id
        self.question = question
        self.feedback = None
        self.prompt = widgets.HTMLMath(
            value=(f"<p>{question.prompt_latex}</p>"
                   f"<p><small>Expected: {html.escape(question.answer_shape)}. "
                   f"{html.escape(question.syntax)} Type it in plain text, LaTeX or unicode "
                   f"(see “How to write answers”).</small></p>")
        )
        self.steps = bool(steps)
        if self.steps:
            self.text = widgets.Textarea(
                placeholder="one step per line, each after '=' (or LaTeX lines joined by \\\\ with &=), e.g.\n"
                            "= ...\n= ...",
                description="Steps:",
                rows=6,
                continuous_update=False,
                layout=widgets.Layout(width="95%"),
            )
        else:
            self.text = widgets.Text(
                placeholder="type your answer, e.g. " + _example_placeholder(question_id),
                description="Answer:",
                continuous_update=False,
                layout=widgets.Layout(width="95%"),
            )
        self.button = widgets.Button(description="Check", button_style="primary", tooltip="Check your answer")
        self.output = widgets.Output()
        self.button.on_click(self._on_click)
        self._checked_text = None
        self.text.observe(self._on_text, names="value")
        super().__init__([self.prompt, widgets.HBox([self.text, self.button]), self.output])

    def _on_text(self, change):
        """Keep a shown verdict about the text in the field.

        The front end sends a click at once but may hold back the field's new value until the
        kernel has answered the previous message, so a quick Check can reach the kernel first and
        be judged on the old text. When the new value then arrives, it is checked again.
        """
        if self._checked_text is not None and change["new"] != self._checked_text:
            self._on_click()

    def _on_click(self, _source=None):
        text = self.text.value
        if text == self._checked_text:  # already judged (the new value re-checked it before this click)
            return
        self._checked_text = text
        as_steps = self.steps or is_derivation(text)
        try:
            feedback = check_steps(self.question_id, text) if as_steps else check_answer(self.question_id, text)
        except Exception as error:  # never leave the reader with a traceback in the page
            message = f"The check failed ({type(error).__name__}); please report this."
            feedback = (StepsFeedback(False, (), None, message, (), self.question_id, "error", "error") if as_steps
                        else Feedback(False, message, None, self.question_id, "error"))
        self.feedback = feedback
        hint = "" if feedback.correct else f"<p><small>Hint: {html.escape(self.question.hint)}</small></p>"
        plain = f"{'✓' if feedback.correct else '✗'} {feedback.message}"
        if isinstance(feedback, StepsFeedback):
            plain += "".join(f"\n{number}. = {latex}  {mark}" for number, (latex, mark)
                             in enumerate(zip(feedback.steps, feedback.marks), start=1))
        # Set the outputs directly (not ``with output: display(...)``): works with and without a kernel.
        self.output.outputs = ({
            "output_type": "display_data",
            "data": {"text/plain": plain, "text/html": feedback.to_html() + hint},
            "metadata": {},
        },)


def _example_placeholder(question_id):
    """A syntax example that is not the answer to this question."""
    return "sigma(x)(1 - sigma(x))" if question_id != "sigmoid_derivative" else "U(yhat - y)"


def answer_box(question_id, steps=False):
    """Build the answer widget for ``question_id`` (a key of :data:`~w2vlib.symbolic.answers.QUESTIONS`).

    Parameters
    ----------
    question_id : str
        The question.
    steps : bool
        A multi-line field for a step-by-step derivation, checked by :func:`check_steps`.

    Returns
    -------
    AnswerBox
        An ipywidgets ``VBox``: prompt (HTMLMath), Text (Textarea with ``steps``), *Check* Button,
        Output with the verdict.

    Raises
    ------
    ValueError
        For an unknown ``question_id``.
    """
    return AnswerBox(question_id, steps=steps)

