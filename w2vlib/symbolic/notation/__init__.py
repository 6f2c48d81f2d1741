r"""Reading the book's notation: one notation tree, a LaTeX front end, a SymPy back end.

- :mod:`.tree`: the notation tree (symbols, sums, derivatives, products …);
- :mod:`.latex`: the LaTeX reader (own tokenizer and grammar; never ``eval``/``sympify``);
- :mod:`.aligned`: splitting a displayed ``aligned`` block into lines and reasons;
- :mod:`.evaluate`: component-wise SymPy evaluation at one size configuration of a context
  (:mod:`w2vlib.symbolic.configurations`).
"""

from .aligned import split_aligned
from .evaluate import ShapeError, evaluate
from .latex import NotationError, read_latex

__all__ = ["read_latex", "split_aligned", "evaluate", "NotationError", "ShapeError"]
