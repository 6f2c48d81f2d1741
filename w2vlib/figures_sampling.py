r"""Figures for the negative-sampling, skip-gram and Rong chapters.

Three pictures, each computed from w2vlib rather than drawn by hand (the
drawing itself reuses :mod:`w2vlib.figures` where it can):
the noise distribution :math:`P(w) \propto \mathrm{count}(w)^{3/4}` next to the
unigram distribution (chapter 4, *Negative sampling*), the time one
(center, outside) pair costs as the vocabulary grows (chapter 4), and
heatmaps of gradient matrices that show which rows a window touches
(chapters 5 and 6, *Skip-gram over a window*, *Backpropagation in Rong's notation*).
"""

import timeit

import matplotlib.pyplot as plt
import numpy as np

from w2vlib._validation import (
    check_counts,
    check_indices,
    check_matrix,
    check_positive_int,
    check_real_scalar,
    check_vector,
)
from w2vlib.figures import plot_heatmap, plot_time_per_pair
from w2vlib.sampling import NegativeSampler

__all__ = [
    "plot_noise_distribution",
    "time_per_pair",
    "plot_time_comparison",
    "plot_gradient_heatmaps",
]


def _check_labels(name, labels, size):
    if isinstance(labels, str):
        raise TypeError(f"{name} must be a sequence of {size} str labels, got a single string")
    labels = [str(label) for label in labels]
    if len(labels) != size:
        raise ValueError(f"{name} must have {size} labels (one per row), got {len(labels)}")
    return labels


def _check_figsize(figsize):
    if isinstance(figsize, str) or np.ndim(figsize) != 1 or len(figsize) != 2:
        raise TypeError(f"figsize must be a (width, height) pair of inches, got {figsize!r}")
    width, height = (check_real_scalar(f"figsize[{axis}]", value, minimum=0.0, strict=True)
                     for axis, value in enumerate(figsize))
    return width, height


def plot_noise_distribution(words, counts, power=0.75, *, show=None, num_draws=20_000, seed=0, ax=None):
    r"""Bar chart of the unigram distribution and the noise distribution :math:`\propto \mathrm{count}^{\alpha}`.

    Bars show :math:`P_1(w) = \mathrm{count}(w)/\sum \mathrm{count}` and the
    :class:`~w2vlib.NegativeSampler` probabilities :math:`P_\alpha(w)`; dots show how
    often each word came out of ``num_draws`` actual draws of that sampler, so the
    figure also checks the sampler. Explained in chapter 4, *Negative sampling*.

    Parameters
    ----------
    words : sequence of str, length V
        Word labels for the x axis, most frequent first reads best.
    counts : array_like of shape (V,)
        :math:`\mathrm{count}(w)`, non-negative with a positive sum.
    power : float, default 0.75
        :math:`\alpha`.
    show : sequence of int, optional
        Indices of the words to draw, in this order (default: all). The probabilities
        are always those over the whole vocabulary, so a subset need not sum to 1.
    num_draws : int, default 20000
        Draws from the sampler for the empirical frequencies.
    seed : int, default 0
        Seed of the sampler.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_noise_distribution(["the", "cat", "sat"], [8, 2, 1])
    >>> [round(float(patch.get_height()), 3) for patch in ax.patches[:3]]
    [0.727, 0.182, 0.091]
    >>> plt.close(ax.figure)
    """
    counts = check_counts("counts", counts)
    words = _check_labels("words", words, counts.shape[0])
    power = check_real_scalar("power", power, minimum=0.0)
    num_draws = check_positive_int("num_draws", num_draws)
    sampler = NegativeSampler(counts, power=power, seed=seed)
    shown = (np.arange(counts.shape[0]) if show is None
             else check_indices("show", show, counts.shape[0], shape_doc="of word indices to draw"))
    draws = np.bincount(sampler.sample(num_draws), minlength=counts.shape[0]) / num_draws
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6.0, 0.35 * len(shown)), 3.4), layout="constrained")
    positions = np.arange(len(shown))
    ax.bar(positions - 0.2, (counts / counts.sum())[shown], width=0.4, label="unigram $P_1(w)$", color="#9ecae1")
    ax.bar(positions + 0.2, sampler.probabilities[shown], width=0.4, color="#e6550d",
           label=rf"noise $P_{{{power:g}}}(w) \propto \mathrm{{count}}(w)^{{{power:g}}}$")
    ax.plot(positions + 0.2, draws[shown], "k.", label=f"frequency in {num_draws} draws")
    ax.set_xticks(positions, [words[index] for index in shown], rotation=60, ha="right")
    ax.set_ylabel("probability")
    ax.legend(frameon=False)
    return ax


def time_per_pair(loss_functions, vocab_sizes, *, dim=50, num_negatives=5, seed=0, budget=0.05):
    r"""Seconds one call of each pair loss takes, for each vocabulary size.

    Each function is called as ``f(center_vec, outside_idx, outside_vectors, neg_indices)``
    on seeded random data (:math:`v_c` of shape ``(dim,)``, :math:`U^\top` of shape
    ``(V, dim)``, ``outside_idx = 0``, :math:`K` negatives drawn uniformly from the other
    words). The time is the best of three ``timeit`` repeats of about ``budget`` seconds
    each, divided by the number of calls. Used by chapter 4, *Negative sampling*;
    wall-clock times depend on the machine, so only their trend means anything.

    Parameters
    ----------
    loss_functions : dict of str to callable
        Label → pair loss (wrap :func:`~w2vlib.naive_softmax_loss_and_gradient`
        in a ``lambda`` that ignores ``neg_indices``).
    vocab_sizes : sequence of int
        The :math:`|V|` values, each ≥ 2.
    dim : int, default 50
        :math:`d`.
    num_negatives : int, default 5
        :math:`K`.
    seed : int, default 0
        Seed of the random data.
    budget : float, default 0.05
        Seconds per timing repeat (> 0); the whole call takes about
        ``3 * budget * len(loss_functions) * len(vocab_sizes)`` seconds.

    Returns
    -------
    dict of str to ndarray of shape (len(vocab_sizes),)
        Seconds per call, in the order of ``vocab_sizes``.

    Examples
    --------
    >>> from w2vlib import neg_sampling_loss_and_gradient
    >>> times = time_per_pair({"negative sampling": neg_sampling_loss_and_gradient}, [10, 20], budget=0.001)
    >>> times["negative sampling"].shape, bool(np.all(times["negative sampling"] > 0))
    ((2,), True)
    """
    if not isinstance(loss_functions, dict) or not loss_functions:
        raise TypeError("loss_functions must be a non-empty dict of label → pair loss callable")
    for label, function in loss_functions.items():
        if not callable(function):
            raise TypeError(f"loss_functions[{label!r}] must be callable, got {type(function).__name__}")
    vocab_sizes = [check_positive_int("vocab_sizes entry", size) for size in vocab_sizes]
    if not vocab_sizes or min(vocab_sizes) < 2:
        raise ValueError(f"vocab_sizes must be a non-empty sequence of ints ≥ 2, got {vocab_sizes}")
    dim = check_positive_int("dim", dim)
    num_negatives = check_positive_int("num_negatives", num_negatives)
    budget = check_real_scalar("budget", budget, minimum=0.0, strict=True)
    rng = np.random.default_rng(seed)
    times = {label: np.empty(len(vocab_sizes)) for label in loss_functions}
    for position, vocab_size in enumerate(vocab_sizes):
        outside_vectors = rng.normal(scale=0.1, size=(vocab_size, dim))
        center_vec = rng.normal(scale=0.1, size=dim)
        neg_indices = rng.integers(1, vocab_size, size=num_negatives)
        for label, function in loss_functions.items():
            timer = timeit.Timer(lambda f=function: f(center_vec, 0, outside_vectors, neg_indices))
            single = timer.timeit(1)
            number = max(1, int(budget / max(single, 1e-7)))
            times[label][position] = min(timer.repeat(3, number)) / number
    return times


def plot_time_comparison(vocab_sizes, times, *, ax=None):
    r"""Log-log plot of several seconds-per-pair curves, e.g. from :func:`time_per_pair`.

    The first curve is drawn by :func:`w2vlib.figures.plot_time_per_pair`, with its
    dashed :math:`\propto |V|` reference line; the others are added on the same axes.
    Explained in chapter 4, *Negative sampling*.

    Parameters
    ----------
    vocab_sizes : sequence of int
        The :math:`|V|` values (x axis), positive.
    times : dict of str to array_like of shape (len(vocab_sizes),)
        Label → seconds per call, positive. Put the curve the reference line should follow first.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        Line 0 is the first curve, line 1 the reference, lines 2, 3, ... the other curves,
        all in microseconds.

    Examples
    --------
    >>> ax = plot_time_comparison([10, 100], {"a": [1e-6, 1e-5], "b": [1e-6, 2e-6]})
    >>> [line.get_label() for line in ax.lines]
    ['a', '$\\propto |V|$', 'b']
    >>> plt.close(ax.figure)
    """
    if not isinstance(times, dict) or not times:
        raise TypeError("times must be a non-empty dict of label → seconds per call")
    vocab_sizes = check_vector("vocab_sizes", vocab_sizes, shape_doc="of shape (n,)")
    curves = {label: check_vector(f"times[{label!r}]", seconds, size=vocab_sizes.shape[0],
                                  shape_doc="of shape (n,) like vocab_sizes")
              for label, seconds in times.items()}
    (first_label, first_seconds), *others = curves.items()
    ax = plot_time_per_pair(vocab_sizes, first_seconds, ax)
    ax.lines[0].set_label(first_label)
    for position, (label, seconds) in enumerate(others, start=1):
        if np.any(seconds <= 0):
            raise ValueError(f"times[{label!r}] must be positive (it is plotted on log axes)")
        ax.loglog(vocab_sizes, seconds * 1e6, "sd^v<>"[(position - 1) % 6] + "-", color=f"C{position}",
                  label=label)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(frameon=False)
    return ax


def plot_gradient_heatmaps(gradients, *, row_labels=None, axes=None, figsize=None):
    r"""Side-by-side heatmaps of ``(V, d)`` gradient matrices, one row per word.

    Each panel is drawn by :func:`w2vlib.figures.plot_heatmap` (red positive, blue
    negative, white zero, each cell printing its value), so rows a window never
    touches read as a white band of zeros. Explained in chapter 5,
    *Skip-gram over a window*.

    Parameters
    ----------
    gradients : dict of str to ndarray of shape (V, d)
        Panel title → gradient, e.g. ``grad_center_vectors`` and ``grad_outside_vectors``
        (rows :math:`\partial J/\partial v_w` and :math:`\partial J/\partial u_w`).
    row_labels : sequence of str, length V, optional
        Labels for the rows (words); indices if omitted.
    axes : sequence of matplotlib.axes.Axes, optional
        One per panel; a new figure if omitted.
    figsize : (float, float), optional
        Size in inches of the new figure (only without ``axes``); by default it grows
        with the number of panels, rows and columns.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> grad = np.zeros((4, 3)); grad[2] = [1.0, -2.0, 0.5]
    >>> figure = plot_gradient_heatmaps({"∂J/∂v_w": grad}, row_labels=["a", "b", "c", "d"])
    >>> [float(limit) for limit in figure.axes[0].images[0].get_clim()]
    [-2.0, 2.0]
    >>> plt.close(figure)
    """
    if not isinstance(gradients, dict) or not gradients:
        raise TypeError("gradients must be a non-empty dict of panel title → (V, d) array")
    matrices = {title: check_matrix(f"gradients[{title!r}]", matrix) for title, matrix in gradients.items()}
    shapes = {matrix.shape for matrix in matrices.values()}
    if len(shapes) != 1:
        raise ValueError(f"all gradients must have the same shape (V, d), got shapes {sorted(shapes)}")
    vocab_size, dim = shapes.pop()
    labels = (_check_labels("row_labels", row_labels, vocab_size) if row_labels is not None
              else [str(row) for row in range(vocab_size)])
    if axes is None:
        if figsize is None:
            figsize = (1.0 + (1.2 + 0.7 * dim) * len(matrices), 0.8 + 0.42 * vocab_size)
        figsize = _check_figsize(figsize)
        figure, axes = plt.subplots(1, len(matrices), squeeze=False, layout="constrained", figsize=figsize)
        axes = axes[0]
    else:
        if figsize is not None:
            raise ValueError("give either axes or figsize, not both (figsize sizes a new figure)")
        axes = list(axes)
        if len(axes) != len(matrices):
            raise ValueError(f"axes must hold one Axes per gradient ({len(matrices)}), got {len(axes)}")
        figure = axes[0].figure
    for ax, (title, matrix) in zip(axes, matrices.items()):
        plot_heatmap(matrix, ax, title=title, fontsize=10)
        ax.set_aspect("auto")  # cells as wide as the panel allows: the printed values need the room
        ax.set_yticks(np.arange(vocab_size), labels)
        ax.set_xticks(np.arange(dim))
        ax.set_xlabel("component")
    return figure
