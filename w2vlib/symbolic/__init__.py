r"""Symbolic checking of the book's derivations and of readers' answers.

One notation tree, with front ends and back ends (see :mod:`w2vlib.symbolic.notation`):

- :mod:`~w2vlib.symbolic.notation` reads the book's LaTeX (and, for answers, typed text) into the
  tree and evaluates it component by component at concrete sizes;
- :mod:`~w2vlib.symbolic.configurations` names the book's contexts (``"softmax"``, ``"sigmoid"``,
  ``"negative_sampling"``, ``"skipgram"``, ``"rong"``, ``"cbow"``), each at two or more sizes;
- :mod:`~w2vlib.symbolic.checker` compares SymPy values and checks a displayed derivation,
  :meth:`Derivation.from_latex`, line by line at every size;
- :mod:`~w2vlib.symbolic.answers` checks readers' answers, typed in plain, code, LaTeX or unicode
  spelling (:mod:`~w2vlib.symbolic.notation.plain`, :mod:`~w2vlib.symbolic.notation.unicode`),
  and shows them back as LaTeX (:mod:`~w2vlib.symbolic.notation.render`);
  :mod:`~w2vlib.symbolic.answer_guide` writes the page "How to write answers";
- :mod:`~w2vlib.symbolic.steps` checks a reader's step-by-step derivation (``check_steps``).
"""

from .checker import Comparison, Derivation, DerivationError, Line, Refusal, StepResult, compare
from .configurations import CONTEXTS, configurations
from .notation import NotationError, ShapeError

# Contexts, answer checking and the exercise widget
from . import contexts
from .answers import QUESTIONS, Feedback, Question, check_answer, read_answer
from .steps import StepsFeedback, check_steps
from .contexts import (
    cbow_context,
    negsamp_context,
    rong_context,
    sigmoid_context,
    skipgram_context,
    softmax_context,
)


def __getattr__(name):
    """``answer_box`` and ``check`` live in the widget module (ipywidgets): imported on first use,
    so that ``import w2vlib.symbolic`` works where ipywidgets does not (Pyodide, in the book's pages)."""
    if name in ("answer_box", "check"):
        from . import exercise

        return getattr(exercise, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
