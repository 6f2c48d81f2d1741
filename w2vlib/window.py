r"""Skip-gram and CBOW: a pair loss summed or averaged over one context window.

Both models take the full parameter matrices and return gradients of the same
``(V, d)`` shapes, ready for :func:`w2vlib.sgd_step`. As everywhere in w2vlib,
``outside_vectors`` stores :math:`U` as :math:`U^\top` (rows are :math:`u_w`)
and ``center_vectors`` has rows :math:`v_w`. Skip-gram is explained in chapter 5,
*Skip-gram over a window*; CBOW in chapter 6, *Backpropagation in Rong's notation*.
"""

import numpy as np

from w2vlib._validation import check_index, check_indices, check_matrix
from w2vlib.losses import (
    _naive_softmax,
    _neg_sampling,
    naive_softmax_loss_and_gradient,
    neg_sampling_loss_and_gradient,
)

__all__ = ["skipgram", "cbow"]

# The built-in losses are validated once per window, then run without re-checking.
_UNCHECKED = {
    naive_softmax_loss_and_gradient: _naive_softmax,
    neg_sampling_loss_and_gradient: _neg_sampling,
}


def _check_parameters(center_idx, center_vectors, outside_vectors, loss_and_gradient):
    if not callable(loss_and_gradient):
        raise TypeError(f"loss_and_gradient must be callable, got {type(loss_and_gradient).__name__}")
    center_vectors = check_matrix("center_vectors", center_vectors, shape_doc="of shape (V, d) (rows are v_w)")
    vocab_size, dim = center_vectors.shape
    outside_vectors = check_matrix("outside_vectors", outside_vectors, n_rows=vocab_size, n_cols=dim,
                                   shape_doc="of shape (V, d) like center_vectors (U stored as Uᵀ: rows are u_w)")
    center_idx = check_index("center_idx", center_idx, vocab_size)
    return center_idx, center_vectors, outside_vectors


def _check_neg_indices(neg_indices, loss_and_gradient, vocab_size, shape, shape_doc):
    if loss_and_gradient is naive_softmax_loss_and_gradient:
        if neg_indices is not None:
            raise ValueError("neg_indices is only used with neg_sampling_loss_and_gradient; "
                             "pass neg_indices=None with naive_softmax_loss_and_gradient")
        return None
    if neg_indices is None:
        if loss_and_gradient is neg_sampling_loss_and_gradient:
            raise ValueError(f"neg_indices {shape_doc} is required with neg_sampling_loss_and_gradient; "
                             "draw it with NegativeSampler")
        return None
    return check_indices("neg_indices", neg_indices, vocab_size, shape=shape, ndim=len(shape), shape_doc=shape_doc)


def _call_loss(loss_and_gradient, args, dim, vocab_size):
    loss, grad_vec, grad_outside_vectors = _UNCHECKED.get(loss_and_gradient, loss_and_gradient)(*args)
    grad_vec = np.asarray(grad_vec, dtype=np.float64)
    grad_outside_vectors = np.asarray(grad_outside_vectors, dtype=np.float64)
    if grad_vec.shape != (dim,) or grad_outside_vectors.shape != (vocab_size, dim):
        raise ValueError(f"loss_and_gradient must return (loss, grad of shape ({dim},), grad of shape "
                         f"({vocab_size}, {dim})), got shapes {grad_vec.shape} and {grad_outside_vectors.shape}")
    return float(loss), grad_vec, grad_outside_vectors


def skipgram(center_idx, outside_indices, center_vectors, outside_vectors,
             loss_and_gradient=naive_softmax_loss_and_gradient, neg_indices=None):
    r"""Skip-gram loss and gradients for one window: :math:`J = \sum_j J(v_c, w_{t+j}, U)`.

    The center word :math:`c` predicts each outside word :math:`o_j` of its
    window independently, so the loss and the gradients are sums over the window.
    Only row :math:`c` of the center-vector gradient is non-zero.
    Explained in chapter 5, *Skip-gram over a window*.

    Parameters
    ----------
    center_idx : int
        :math:`c`, index of the center word, in ``[0, V)``.
    outside_indices : ndarray of int, shape (m,)
        :math:`o_1, \dots, o_m`, the outside words of the window (:math:`m \ge 1`, repeats allowed).
    center_vectors : ndarray of shape (V, d)
        Rows are the center vectors :math:`v_w`.
    outside_vectors : ndarray of shape (V, d)
        :math:`U^\top`: rows are the outside vectors :math:`u_w`.
    loss_and_gradient : callable, default :func:`naive_softmax_loss_and_gradient`
        Pair loss ``f(center_vec, outside_idx, outside_vectors[, neg_indices_row])``
        returning ``(loss, grad_center_vec (d,), grad_outside_vectors (V, d))``.
    neg_indices : ndarray of int, shape (m, K), optional
        Row ``j`` holds the :math:`K` negatives for outside word :math:`o_j`.
        Required with :func:`neg_sampling_loss_and_gradient`; rejected with
        :func:`naive_softmax_loss_and_gradient`.

    Returns
    -------
    loss : float
        :math:`J`, summed over the window.
    grad_center_vectors : ndarray of shape (V, d)
        :math:`\partial J/\partial v_w` as rows; only row ``center_idx`` is non-zero.
    grad_outside_vectors : ndarray of shape (V, d)
        :math:`(\partial J/\partial U)^\top`: rows :math:`\partial J/\partial u_w`.

    Raises
    ------
    TypeError
        If an array or index has the wrong type, or ``loss_and_gradient`` is not callable.
    ValueError
        On wrong shapes, an empty window, indices outside ``[0, V)``, NaN/inf values,
        or ``neg_indices`` missing (negative sampling) or given (naive softmax).

    Examples
    --------
    With all-zero vectors each of the two outside words costs :math:`\log V`:

    >>> loss, grad_center_vectors, grad_outside_vectors = skipgram(
    ...     2, np.array([1, 3]), np.zeros((5, 3)), np.zeros((5, 3)))
    >>> print(round(loss, 4), round(2 * float(np.log(5)), 4))
    3.2189 3.2189
    >>> grad_center_vectors.shape, grad_outside_vectors.shape
    ((5, 3), (5, 3))
    """
    center_idx, center_vectors, outside_vectors = _check_parameters(
        center_idx, center_vectors, outside_vectors, loss_and_gradient)
    vocab_size, dim = center_vectors.shape
    outside_indices = check_indices("outside_indices", outside_indices, vocab_size,
                                    shape_doc="of shape (m,) with m ≥ 1 outside word indices (the window)")
    window_size = outside_indices.shape[0]
    neg_indices = _check_neg_indices(neg_indices, loss_and_gradient, vocab_size, (window_size, None),
                                     f"of shape ({window_size}, K) with K ≥ 1 (one row per outside word)")
    center_vec = center_vectors[center_idx]
    loss = 0.0
    grad_center_vectors = np.zeros_like(center_vectors)
    grad_outside_vectors = np.zeros_like(outside_vectors)
    for position, outside_idx in enumerate(outside_indices):
        args = (center_vec, int(outside_idx), outside_vectors)
        if neg_indices is not None:
            args += (neg_indices[position],)
        pair_loss, grad_center_vec, pair_grad_outside = _call_loss(loss_and_gradient, args, dim, vocab_size)
        loss += pair_loss
        grad_center_vectors[center_idx] += grad_center_vec
        grad_outside_vectors += pair_grad_outside
    return loss, grad_center_vectors, grad_outside_vectors


def cbow(center_idx, context_indices, center_vectors, outside_vectors,
         loss_and_gradient=naive_softmax_loss_and_gradient, neg_indices=None):
    r"""CBOW loss and gradients for one window (Rong's formulation).

    The context words' input vectors are averaged,
    :math:`h = \frac{1}{C} \sum_{j=1}^{C} v_{w_j}`, and :math:`h` predicts the
    center word :math:`c` through the outside vectors: :math:`J = J(h, c, U)`.
    By the chain rule each context row receives :math:`\partial J/\partial h / C`,
    accumulated once per occurrence when a context word repeats.
    Explained in chapter 6, *Backpropagation in Rong's notation*.

    Parameters
    ----------
    center_idx : int
        :math:`c`, the word to predict, in ``[0, V)``.
    context_indices : ndarray of int, shape (C,)
        :math:`w_1, \dots, w_C`, the context words (:math:`C \ge 1`, repeats allowed).
    center_vectors : ndarray of shape (V, d)
        Input vectors: rows are :math:`v_w` (averaged into :math:`h`).
    outside_vectors : ndarray of shape (V, d)
        :math:`U^\top`: rows are the output vectors :math:`u_w`.
    loss_and_gradient : callable, default :func:`naive_softmax_loss_and_gradient`
        Pair loss ``f(h, center_idx, outside_vectors[, neg_indices])``.
    neg_indices : ndarray of int, shape (K,), optional
        The :math:`K` negatives for the center word. Required with
        :func:`neg_sampling_loss_and_gradient`; rejected with
        :func:`naive_softmax_loss_and_gradient`.

    Returns
    -------
    loss : float
        :math:`J(h, c, U)`.
    grad_center_vectors : ndarray of shape (V, d)
        Rows :math:`\partial J/\partial v_w`: :math:`n_w\,(\partial J/\partial h)/C` for a word
        occurring :math:`n_w` times in the context, zero elsewhere.
    grad_outside_vectors : ndarray of shape (V, d)
        :math:`(\partial J/\partial U)^\top`: rows :math:`\partial J/\partial u_w`.

    Raises
    ------
    TypeError
        If an array or index has the wrong type, or ``loss_and_gradient`` is not callable.
    ValueError
        On wrong shapes, an empty context, indices outside ``[0, V)``, NaN/inf values,
        or ``neg_indices`` missing (negative sampling) or given (naive softmax).

    Examples
    --------
    Word 1 appears twice in a context of three, so it gets 2/3 of :math:`\partial J/\partial h`:

    >>> rng = np.random.default_rng(0)
    >>> center_vectors, outside_vectors = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    >>> loss, grad_center_vectors, grad_outside_vectors = cbow(
    ...     0, np.array([1, 1, 4]), center_vectors, outside_vectors)
    >>> bool(np.allclose(grad_center_vectors[1], 2 * grad_center_vectors[4]))
    True
    """
    center_idx, center_vectors, outside_vectors = _check_parameters(
        center_idx, center_vectors, outside_vectors, loss_and_gradient)
    vocab_size, dim = center_vectors.shape
    context_indices = check_indices("context_indices", context_indices, vocab_size,
                                    shape_doc="of shape (C,) with C ≥ 1 context word indices (the window)")
    neg_indices = _check_neg_indices(neg_indices, loss_and_gradient, vocab_size, (None,),
                                     "of shape (K,) with K ≥ 1 negative word indices")
    context_size = context_indices.shape[0]
    hidden = center_vectors[context_indices].mean(axis=0)
    args = (hidden, center_idx, outside_vectors)
    if neg_indices is not None:
        args += (neg_indices,)
    loss, grad_hidden, grad_outside_vectors = _call_loss(loss_and_gradient, args, dim, vocab_size)
    grad_center_vectors = np.zeros_like(center_vectors)
    np.add.at(grad_center_vectors, context_indices, grad_hidden / context_size)  # repeats accumulate
    return loss, grad_center_vectors, grad_outside_vectors
