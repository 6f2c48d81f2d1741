r"""Numerically stable sigmoid, softmax and their logarithms.

Softmax: chapter 1, *Cross-entropy and the softmax loss*; sigmoid: chapter 3,
*The sigmoid and its derivative*; log-sigmoid: chapter 4, *Negative sampling*.
Each function works on
Python scalars and on numpy arrays of any shape, never overflows (no
``RuntimeWarning``) and never returns NaN for finite input, however large
:math:`|x|` is.
"""

import numbers

import numpy as np

from w2vlib._validation import check_real_array

__all__ = ["sigmoid", "log_sigmoid", "softmax", "log_softmax"]


def _as_result(array, was_scalar):
    return np.float64(array) if was_scalar else array


def sigmoid(x):
    r"""Logistic function :math:`\sigma(x) = 1 / (1 + e^{-x})`, elementwise and stable.

    Uses :math:`e^{-|x|}` so the exponential never overflows:
    :math:`\sigma(x) = 1/(1+e^{-|x|})` for :math:`x \ge 0` and
    :math:`e^{-|x|}/(1+e^{-|x|})` for :math:`x < 0`.
    Explained, with its derivative :math:`\sigma(x)(1-\sigma(x))`, in chapter 3,
    *The sigmoid and its derivative*.

    Parameters
    ----------
    x : float or ndarray of any shape
        Scores :math:`x` (for example :math:`u_o^\top v_c`). ``±inf`` is allowed; NaN is not.

    Returns
    -------
    float or ndarray of the same shape as ``x``
        :math:`\sigma(x)`, in :math:`[0, 1]`.

    Raises
    ------
    TypeError
        If ``x`` is not numeric.
    ValueError
        If ``x`` contains NaN.

    Examples
    --------
    >>> print(sigmoid(0.0))
    0.5
    >>> print(np.round(sigmoid(np.array([-1e4, -1.0, 1.0, 1e4])), 4))
    [0.     0.2689 0.7311 1.    ]
    """
    array = check_real_array("x", x, finite=False)
    if np.any(np.isnan(array)):
        raise ValueError("x must not contain NaN")
    decay = np.exp(-np.abs(array))
    result = np.where(array >= 0, 1.0 / (1.0 + decay), decay / (1.0 + decay))
    return _as_result(result, array.ndim == 0)


def log_sigmoid(x):
    r"""Elementwise :math:`\log \sigma(x) = -\log(1 + e^{-x})`, stable for large :math:`|x|`.

    Computed as ``-np.logaddexp(0, -x)``, which never overflows and keeps
    precision where ``np.log(sigmoid(x))`` would return ``-inf``.
    Explained in chapter 4, *Negative sampling*.

    Parameters
    ----------
    x : float or ndarray of any shape
        Scores :math:`x`, finite.

    Returns
    -------
    float or ndarray of the same shape as ``x``
        :math:`\log \sigma(x) \le 0`.

    Examples
    --------
    >>> print(round(float(log_sigmoid(0.0)), 4))
    -0.6931
    >>> print(log_sigmoid(np.array([-1000.0, 1000.0])))
    [-1000.    -0.]
    """
    array = check_real_array("x", x)
    return _as_result(-np.logaddexp(0.0, -array), array.ndim == 0)


def _check_axis(axis, ndim):
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an integer, got {type(axis).__name__} {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis must be in [{-ndim}, {ndim}) for an array with {ndim} dimensions, got {axis}")
    return int(axis)


def _prepare_softmax_input(x, axis):
    array = check_real_array("x", x)
    if array.ndim == 0:
        return array, None
    axis = _check_axis(axis, array.ndim)
    if array.shape[axis] == 0:
        raise ValueError(f"x must have at least one entry along axis {axis}, got shape {array.shape}")
    return array, axis


def log_softmax(x, axis=-1):
    r"""Stable :math:`\log \operatorname{softmax}(x)_i = x_i - \log \sum_j e^{x_j}` along ``axis``.

    Subtracts the maximum before exponentiating (the log-sum-exp trick).
    Explained in chapter 1, *Cross-entropy and the softmax loss*.

    Parameters
    ----------
    x : float or ndarray of any shape
        Finite scores, e.g. :math:`U^\top v_c` of shape ``(V,)``.
    axis : int, default -1
        Axis along which the entries sum to one after exponentiation.

    Returns
    -------
    float or ndarray of the same shape as ``x``
        :math:`\log \hat{y}`, all entries :math:`\le 0`. A scalar gives ``0.0``.

    Examples
    --------
    >>> print(np.round(log_softmax(np.array([0.0, 0.0])), 4))
    [-0.6931 -0.6931]
    """
    array, axis = _prepare_softmax_input(x, axis)
    if axis is None:
        return np.float64(0.0)
    shifted = array - np.max(array, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(x, axis=-1):
    r"""Stable :math:`\operatorname{softmax}(x)_i = e^{x_i} / \sum_j e^{x_j}` along ``axis``.

    Subtracts the maximum first, so ``softmax(x) == softmax(x + c)`` and no
    exponential overflows. Explained in chapter 1, *Cross-entropy and the softmax loss*,
    where :math:`\hat{y} = \operatorname{softmax}(U^\top v_c)`.

    Parameters
    ----------
    x : float or ndarray of any shape
        Finite scores, e.g. :math:`U^\top v_c` of shape ``(V,)``.
    axis : int, default -1
        Axis along which the result sums to one.

    Returns
    -------
    float or ndarray of the same shape as ``x``
        Non-negative entries that sum to one along ``axis``. A scalar gives ``1.0``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric or ``axis`` is not an integer.
    ValueError
        If ``x`` contains NaN or inf, or ``axis`` is out of range.

    Examples
    --------
    >>> print(np.round(softmax(np.array([1.0, 2.0, 3.0])), 4))
    [0.09   0.2447 0.6652]
    >>> print(softmax(np.array([1e4, 0.0])))
    [1. 0.]
    >>> print(softmax(np.array([[0.0, 0.0], [0.0, 1e4]]), axis=0))
    [[0.5 0. ]
     [0.5 1. ]]
    """
    array, axis = _prepare_softmax_input(x, axis)
    if axis is None:
        return np.float64(1.0)
    exponentials = np.exp(array - np.max(array, axis=axis, keepdims=True))
    return exponentials / np.sum(exponentials, axis=axis, keepdims=True)
