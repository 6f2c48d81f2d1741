r"""Plain stochastic gradient descent and word2vec's linearly decaying learning rate.

Explained in chapter 8, *Training a toy word2vec*.
"""

import numpy as np

from w2vlib._validation import check_nonnegative_int, check_positive_int, check_real_array, check_real_scalar

__all__ = ["sgd_step", "linear_decay_lr"]


def sgd_step(params, grad, lr):
    r"""One in-place gradient step :math:`\theta \leftarrow \theta - \eta\, \nabla_\theta J`.

    Explained in chapter 8, *Training a toy word2vec*.

    Parameters
    ----------
    params : ndarray of floating dtype, any shape
        :math:`\theta`, e.g. ``center_vectors`` or ``outside_vectors`` (:math:`U^\top`), shape (V, d).
        Updated in place.
    grad : array_like of the same shape as ``params``
        :math:`\nabla_\theta J`, finite.
    lr : float
        Learning rate :math:`\eta \ge 0`.

    Returns
    -------
    ndarray
        ``params`` itself, after the update.

    Examples
    --------
    >>> params = np.array([1.0, 2.0])
    >>> updated = sgd_step(params, np.array([10.0, -10.0]), lr=0.1)
    >>> print(params, updated is params)
    [0. 3.] True
    """
    if not isinstance(params, np.ndarray) or params.dtype.kind != "f":
        raise TypeError(f"params must be a numpy array of floating dtype (updated in place), "
                        f"got {type(params).__name__} of dtype {getattr(params, 'dtype', None)}")
    if not params.flags.writeable:
        raise ValueError("params must be writeable (it is updated in place)")
    grad = check_real_array("grad", grad, f"of shape {params.shape} like params")
    if grad.shape != params.shape:
        raise ValueError(f"grad must have shape {params.shape} like params, got shape {grad.shape}")
    lr = check_real_scalar("lr", lr, minimum=0.0)
    params -= lr * grad
    return params


def linear_decay_lr(step, total_steps, lr, min_lr=None):
    r"""Learning rate decayed linearly from ``lr`` at step 0 to ``min_lr`` at ``total_steps``.

    :math:`\eta_t = \eta_0 - (\eta_0 - \eta_{\min})\, t / T`, and :math:`\eta_{\min}` for
    :math:`t \ge T`, so it never drops below ``min_lr``. word2vec.c decays the
    same way (by words processed) with floor :math:`10^{-4}\,\eta_0`, the default here.
    Explained in chapter 8, *Training a toy word2vec*.

    Parameters
    ----------
    step : int
        :math:`t \ge 0`, steps (or words) processed so far.
    total_steps : int
        :math:`T \ge 1`, steps in the whole training run.
    lr : float
        Starting learning rate :math:`\eta_0 > 0` (word2vec: 0.025 skip-gram, 0.05 CBOW).
    min_lr : float, optional
        Floor :math:`\eta_{\min}` in ``[0, lr]``; default ``1e-4 * lr``.

    Returns
    -------
    float
        :math:`\eta_t`.

    Examples
    --------
    >>> [round(linear_decay_lr(step, 10, 0.025, 0.005), 4) for step in (0, 5, 10, 20)]
    [0.025, 0.015, 0.005, 0.005]
    """
    step = check_nonnegative_int("step", step)
    total_steps = check_positive_int("total_steps", total_steps)
    lr = check_real_scalar("lr", lr, minimum=0.0, strict=True)
    min_lr = 1e-4 * lr if min_lr is None else check_real_scalar("min_lr", min_lr, minimum=0.0)
    if min_lr > lr:
        raise ValueError(f"min_lr must be ≤ lr={lr}, got {min_lr}")
    if step >= total_steps:
        return min_lr
    return max(lr - (lr - min_lr) * (step / total_steps), min_lr)
