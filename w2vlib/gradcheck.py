r"""Gradient checking: compare an analytic gradient with centered finite differences.

Explained in chapter 2, *Softmax gradients* (first used in chapter 1). The check
follows CS224n/CS231n:
every entry is perturbed by :math:`\pm h`, the value is restored after each
perturbation, and the relative error has a ``max(1, ...)`` floor. It returns
the worst relative error or raises :class:`GradientCheckError`; it never prints.
"""

import numpy as np

from w2vlib._validation import check_real_array, check_real_scalar

__all__ = ["GradientCheckError", "gradcheck"]


class GradientCheckError(AssertionError):
    """An analytic gradient disagrees with its finite-difference estimate.

    A subclass of ``AssertionError``: a failed gradient check is a failed
    assertion about the code under test, not bad input (bad input to
    :func:`gradcheck` raises ``ValueError``/``TypeError``).

    Attributes
    ----------
    index : tuple of int
        The worst entry of ``x``.
    analytic, numeric : float
        The analytic and centered-difference partial derivatives at that entry.
    relative_error : float
        ``|analytic - numeric| / max(1, |analytic|, |numeric|)`` at that entry.
    tol : float
        The tolerance that was exceeded.
    """

    def __init__(self, index, analytic, numeric, relative_error, tol):
        self.index = index
        self.analytic = analytic
        self.numeric = numeric
        self.relative_error = relative_error
        self.tol = tol
        super().__init__(
            f"gradient check failed at entry {index}: analytic {analytic:.8g}, numeric {numeric:.8g}, "
            f"relative error {relative_error:.3g} > tol {tol:.3g}")


def _evaluate(f, x):
    result = f(x)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise ValueError(f"f(x) must return a (loss, grad) pair, got {type(result).__name__}")
    loss, grad = result
    loss = np.asarray(loss, dtype=np.float64)
    if loss.shape != () or not np.isfinite(loss):
        raise ValueError(f"f(x) must return a finite scalar loss, got {loss!r}")
    return float(loss), grad


def gradcheck(f, x, *, h=1e-4, tol=1e-5):
    r"""Check ``f``'s analytic gradient against centered differences at every entry of ``x``.

    For each entry :math:`i`, the numeric derivative is
    :math:`(f(x + h e_i) - f(x - h e_i)) / 2h` and the relative error is
    :math:`|a_i - n_i| / \max(1, |a_i|, |n_i|)`.
    Explained in chapter 2, *Softmax gradients*.

    The check runs on a ``float64`` copy of ``x`` (so ``float32`` input is
    checked at double precision and the caller's array is never modified); each
    perturbed entry is restored before the next one. ``f`` must be deterministic
    — for negative sampling, draw the negatives once outside ``f`` and close over
    them — and must not modify its argument.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns ``(loss, grad)``: a finite scalar loss and its gradient,
        an array of the same shape as ``x``.
    x : array_like of any shape
        The point to check at, e.g. :math:`v_c` of shape ``(d,)`` or :math:`U^\top` of shape ``(V, d)``.
    h : float, default 1e-4
        Step of the centered difference, > 0.
    tol : float, default 1e-5
        Largest allowed relative error, ≥ 0.

    Returns
    -------
    float
        The largest relative error over all entries (≤ ``tol``).

    Raises
    ------
    GradientCheckError
        (an ``AssertionError``) if some entry's relative error exceeds ``tol``; its
        message names the worst entry's index, the analytic and numeric values.
    TypeError, ValueError
        On bad input: ``f`` not callable, non-numeric or non-finite ``x``, ``h``/``tol``
        out of range, ``f`` not returning ``(loss, grad)`` with ``grad.shape == x.shape``,
        or ``f`` not deterministic.

    Examples
    --------
    >>> def quadratic(x):
    ...     return float(np.sum(x ** 2)), 2 * x
    >>> print(gradcheck(quadratic, np.array([1.0, -2.0, 3.0])) < 1e-8)
    True
    >>> def sign_flipped(x):
    ...     return float(np.sum(x ** 2)), -2 * x
    >>> gradcheck(sign_flipped, np.array([0.1, -0.2, 0.3]))
    Traceback (most recent call last):
    ...
    w2vlib.gradcheck.GradientCheckError: gradient check failed at entry (2,): analytic -0.6, numeric 0.6, relative error 1.2 > tol 1e-05
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    h = check_real_scalar("h", h, minimum=0.0, strict=True)
    tol = check_real_scalar("tol", tol, minimum=0.0)
    point = np.array(check_real_array("x", x), dtype=np.float64, copy=True)

    loss, analytic = _evaluate(f, point.copy())
    analytic = check_real_array("the gradient returned by f", analytic, finite=True)
    if analytic.shape != point.shape:
        raise ValueError(f"f(x) must return a gradient of the same shape as x {point.shape}, "
                         f"got shape {analytic.shape}")
    if _evaluate(f, point.copy())[0] != loss:
        raise ValueError("f must be deterministic (two calls at the same x gave different losses); "
                         "fix random draws such as negative samples outside f")

    worst = (-1.0, (), 0.0, 0.0)
    for index in np.ndindex(point.shape):
        original = point[index]
        point[index] = original + h
        loss_plus = _evaluate(f, point)[0]
        point[index] = original - h
        loss_minus = _evaluate(f, point)[0]
        point[index] = original
        numeric = (loss_plus - loss_minus) / (2.0 * h)
        analytic_entry = float(analytic[index])
        error = abs(analytic_entry - numeric) / max(1.0, abs(analytic_entry), abs(numeric))
        if error > worst[0]:
            worst = (error, tuple(int(i) for i in index), analytic_entry, numeric)
    max_error, worst_index, worst_analytic, worst_numeric = worst
    if max_error > tol:
        raise GradientCheckError(worst_index, worst_analytic, worst_numeric, max_error, tol)
    return max(max_error, 0.0)
