"""Settings of the chapters' kernels when the book is built (``W2V_BOOK_BUILD=1``, set by the Makefile).

The printed book (``make pdf``) wants vector figures; the HTML book shows PNG. In the book
build every inline matplotlib figure is therefore saved twice, as ``image/png`` (the HTML book
picks it) and ``application/pdf`` (the LaTeX build picks it), with its fonts embedded as TrueType
rather than Type 3, so that the PDF embeds every font it uses.
"""

from __future__ import annotations

import os

BOOK_FIGURE_FORMATS = {"png", "pdf"}


def keep_vector_figures(shell=None):
    """In the book build, add a PDF copy to every inline figure; elsewhere do nothing.

    Parameters
    ----------
    shell : IPython.core.interactiveshell.InteractiveShell, optional
        The kernel's shell; default: the running one (none outside IPython).

    Returns
    -------
    bool
        True if the formats were set (book build, inside IPython).
    """
    if not os.environ.get("W2V_BOOK_BUILD"):
        return False
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    import matplotlib
    from matplotlib_inline.config import InlineBackend

    matplotlib.rcParams["pdf.fonttype"] = 42  # TrueType, embedded (not Type 3)
    # The inline backend reads this singleton when it starts; with its shell set, a change of
    # formats updates the shell's formatters at once (as `%config InlineBackend.figure_formats`).
    backend = InlineBackend.instance(parent=shell)
    if backend.shell is None:
        backend.shell = shell
    backend.figure_formats = set(BOOK_FIGURE_FORMATS)
    return True
