r"""Symbolic checking of the book's derivations and of readers' answers.

:mod:`~w2vlib.symbolic.checker` compares SymPy expressions and checks derivations
step by step; :mod:`~w2vlib.symbolic.parsing` turns a reader's typed answer into
a SymPy expression without ever evaluating it as code.
"""

from .checker import Comparison, Derivation, DerivationError, Step, StepResult, compare
from .parsing import AnswerParseError, answer_latex, parse_answer

# Contexts, ready-made derivations, answer checking and the exercise widget
from . import contexts, derivations
from .answers import QUESTIONS, Feedback, Question, check_answer
from .contexts import (
    cbow_context,
    negsamp_context,
    rong_context,
    sigmoid_context,
    skipgram_context,
    softmax_context,
)
from .derivations import ALL, verify_all
from .exercise import answer_box, check
