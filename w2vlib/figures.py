r"""Matplotlib figures for the book's chapters on the softmax and the sigmoid.

Every figure is computed from :mod:`w2vlib` (``softmax``, ``sigmoid``) or from
arrays the chapter measured, never from invented numbers. Each function draws
on ``ax`` (a new figure when ``ax`` is None) and returns the ``Axes`` so a
chapter can adjust it and a test can read the plotted data back.
Used in chapter 1 (*Cross-entropy and the softmax loss*), chapter 2
(*Softmax gradients*) and chapter 3 (*The sigmoid and its derivative*).
"""

import matplotlib.pyplot as plt
import numpy as np

from w2vlib._validation import check_matrix, check_real_array, check_vector
from w2vlib.activations import sigmoid, softmax

__all__ = [
    "plot_negative_log_likelihood",
    "plot_softmax_sweep",
    "plot_heatmap",
    "plot_time_per_pair",
    "plot_sigmoid_and_derivative",
]


# RdBu_r is dark beyond about 60 % of its range: values there are printed in white.
DARK_CELL = 0.6


def _new_axes(ax, figsize=(5.5, 3.5)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plot_negative_log_likelihood(ax=None, *, smallest_probability=1e-3):
    r"""Plot the loss :math:`J = -\log \hat{y}_o` against :math:`\hat{y}_o \in (0, 1]`.

    Explained in chapter 1, *Cross-entropy and the softmax loss*.

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    smallest_probability : float, default 1e-3
        Left end of the :math:`\hat{y}_o` axis, in ``(0, 1)``.

    Returns
    -------
    matplotlib Axes
        Its first line holds the points :math:`(\hat{y}_o, -\log \hat{y}_o)`.
    """
    if not 0.0 < smallest_probability < 1.0:
        raise ValueError(f"smallest_probability must be in (0, 1), got {smallest_probability!r}")
    ax = _new_axes(ax)
    probabilities = np.linspace(smallest_probability, 1.0, 400)
    ax.plot(probabilities, -np.log(probabilities), color="C0", lw=2)
    for probability in (0.5, 0.1):
        loss = -np.log(probability)
        ax.plot([probability], [loss], "o", color="C1")
        ax.annotate(rf"$\hat y_o = {probability}$: $J = {loss:.2f}$", (probability, loss),
                    xytext=(12, 6), textcoords="offset points")
    ax.set_xlabel(r"$\hat y_o$, the probability the model gives the true outside word")
    ax.set_ylabel(r"$J = -\log \hat y_o$")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(bottom=0)
    return ax


def plot_softmax_sweep(scores, word, raised_scores, ax=None, *, labels=None):
    r"""Plot every :math:`\hat{y}_w = \operatorname{softmax}(s)_w` while the score of one word rises.

    Explained in chapter 1, *Cross-entropy and the softmax loss*.

    Parameters
    ----------
    scores : ndarray of shape (V,)
        The other scores :math:`s = U^\top v_c`, held fixed.
    word : int
        Index of the word whose score is replaced by each value of ``raised_scores``.
    raised_scores : ndarray of shape (n,)
        Values taken by :math:`s_{word}` (the x axis).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    labels : sequence of str of length V, optional
        Legend names of the words; default ``"word 0"``, ``"word 1"``, ...

    Returns
    -------
    matplotlib Axes
        Line ``w`` holds the points :math:`(s_{word}, \hat{y}_w)`.
    """
    scores = check_vector("scores", scores, shape_doc="of shape (V,) (the scores U^T v_c)")
    raised_scores = check_vector("raised_scores", raised_scores, shape_doc="of shape (n,)")
    vocab_size = scores.shape[0]
    if isinstance(word, bool) or not isinstance(word, (int, np.integer)) or not 0 <= word < vocab_size:
        raise ValueError(f"word must be an index in [0, {vocab_size}), got {word!r}")
    if labels is None:
        labels = [f"word {index}" for index in range(vocab_size)]
    if len(labels) != vocab_size:
        raise ValueError(f"labels must have length V = {vocab_size}, got {len(labels)}")
    swept = np.tile(scores, (raised_scores.shape[0], 1))
    swept[:, word] = raised_scores
    probabilities = softmax(swept, axis=1)
    ax = _new_axes(ax)
    for index in range(vocab_size):
        ax.plot(raised_scores, probabilities[:, index], lw=3 if index == word else 1.5, label=labels[index])
    ax.set_xlabel(rf"score $u_w^\top v_c$ of {labels[word]}")
    ax.set_ylabel(r"$\hat y_w$")
    ax.set_ylim(0, 1)
    ax.legend(fontsize="small")
    return ax


def plot_heatmap(matrix, ax=None, *, labels=None, title=None, fontsize=9):
    r"""Show a square matrix (e.g. the softmax Jacobian) as a heatmap centred on zero.

    Red is positive, blue negative, white zero; each cell prints its value, in white on the
    dark cells (beyond 60 % of the largest magnitude) and in black elsewhere, so that every
    value stays readable. Explained in chapter 2, *Softmax gradients*.

    Parameters
    ----------
    matrix : ndarray of shape (n, m)
        The values, e.g. :math:`\operatorname{diag}(\hat y) - \hat y \hat y^\top` of shape (V, V).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    labels : sequence of str, optional
        Tick labels for rows and columns (only for square matrices).
    title : str, optional
    fontsize : float, default 9
        Size in points of the values printed in the cells.

    Returns
    -------
    matplotlib Axes
        Its first image holds ``matrix``.
    """
    matrix = check_matrix("matrix", matrix, shape_doc="of shape (n, m)")
    if labels is not None and not (matrix.shape[0] == matrix.shape[1] == len(labels)):
        raise ValueError(f"labels need a square matrix with one label per row; got {len(labels)} labels "
                         f"for shape {matrix.shape}")
    ax = _new_axes(ax, figsize=(4.5, 4))
    limit = float(np.max(np.abs(matrix))) or 1.0
    image = ax.imshow(matrix, cmap="RdBu_r", vmin=-limit, vmax=limit)
    for (row, col), value in np.ndenumerate(matrix):
        text = "0" if abs(value) < 0.005 else f"{value:.2f}"  # no "-0.00"
        ink = "white" if abs(value) > DARK_CELL * limit else "black"
        ax.text(col, row, text, ha="center", va="center", fontsize=fontsize, color=ink)
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    if labels is not None:
        ax.set_xticks(range(len(labels)), labels)
        ax.set_yticks(range(len(labels)), labels)
    if title is not None:
        ax.set_title(title)
    return ax


def plot_time_per_pair(vocab_sizes, seconds, ax=None):
    r"""Log-log plot of measured seconds per (center, outside) pair against :math:`|V|`.

    A dashed line of slope one, i.e. time proportional to :math:`|V|`, is fitted
    to the larger half of the sizes (the median of seconds / :math:`|V|` there), where
    fixed per-call overhead no longer dominates. Explained in chapter 2, *Softmax gradients*.

    Parameters
    ----------
    vocab_sizes : ndarray of shape (n,)
        The vocabulary sizes :math:`|V|` measured, positive.
    seconds : ndarray of shape (n,)
        Seconds per call at each size, positive.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib Axes
        Line 0 holds the measurements in microseconds, line 1 the :math:`\propto |V|` reference.
    """
    vocab_sizes = check_vector("vocab_sizes", vocab_sizes, shape_doc="of shape (n,)")
    seconds = check_vector("seconds", seconds, size=vocab_sizes.shape[0], shape_doc="of shape (n,) like vocab_sizes")
    if np.any(vocab_sizes <= 0) or np.any(seconds <= 0):
        raise ValueError("vocab_sizes and seconds must be positive (they are plotted on log axes)")
    microseconds = seconds * 1e6
    ax = _new_axes(ax)
    ax.loglog(vocab_sizes, microseconds, "o-", color="C0", label="measured")
    larger_half = np.argsort(vocab_sizes)[vocab_sizes.shape[0] // 2:]
    reference = np.median(microseconds[larger_half] / vocab_sizes[larger_half]) * vocab_sizes
    ax.loglog(vocab_sizes, reference, "--", color="gray", label=r"$\propto |V|$")
    ax.set_xlabel(r"vocabulary size $|V|$")
    ax.set_ylabel("microseconds per pair")
    ax.legend()
    return ax


def plot_sigmoid_and_derivative(x=None, ax=None):
    r"""Plot :math:`\sigma(x)` and :math:`\sigma'(x) = \sigma(x)(1 - \sigma(x))`.

    Explained in chapter 3, *The sigmoid and its derivative*.

    Parameters
    ----------
    x : ndarray of shape (n,), optional
        Where to evaluate; default 400 points on ``[-8, 8]``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib Axes
        Line 0 holds :math:`(x, \sigma(x))`, line 1 :math:`(x, \sigma'(x))`.
    """
    x = np.linspace(-8.0, 8.0, 400) if x is None else check_vector("x", x, shape_doc="of shape (n,)")
    values = sigmoid(x)
    ax = _new_axes(ax)
    ax.plot(x, values, lw=2, label=r"$\sigma(x)$")
    ax.plot(x, values * (1.0 - values), lw=2, label=r"$\sigma'(x) = \sigma(x)\,(1-\sigma(x))$")
    ax.axhline(0.5, color="gray", lw=0.5)
    ax.axhline(0.25, color="gray", lw=0.5, ls=":")
    ax.axvline(0.0, color="gray", lw=0.5)
    ax.set_xlabel("$x$")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(loc="upper left")
    return ax
