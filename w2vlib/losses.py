r"""Word2vec losses for one (center, outside) pair, with their gradients.

Storage convention (used everywhere in w2vlib)
----------------------------------------------
The book follows CS224n: vectors are columns, and
:math:`U \in \mathbb{R}^{d \times |V|}` holds the outside vectors :math:`u_w`
as its **columns**. The library stores ``outside_vectors`` with shape
``(V, d)``, whose **rows** are :math:`u_w`: the array is :math:`U^\top`.
Hence :math:`U^\top v_c` is ``outside_vectors @ center_vec``,
:math:`\partial J/\partial v_c = U(\hat{y} - y)` is
``outside_vectors.T @ (y_hat - y)``, and
:math:`\partial J/\partial U = v_c(\hat{y} - y)^\top` is returned as its
transpose ``np.outer(y_hat - y, center_vec)`` so that it has the same
``(V, d)`` layout as ``outside_vectors``.

Both functions are pure: they never modify their arguments and draw no random
numbers (negative samples are passed in explicitly).
"""

import numpy as np

from w2vlib._validation import check_index, check_indices, check_matrix, check_vector
from w2vlib.activations import log_sigmoid, log_softmax, sigmoid

__all__ = ["naive_softmax_loss_and_gradient", "neg_sampling_loss_and_gradient"]

_U_DOC = "of shape (V, d) (U stored as Uᵀ: rows are u_w)"


def _check_pair(center_vec, outside_idx, outside_vectors):
    outside_vectors = check_matrix("outside_vectors", outside_vectors, shape_doc=_U_DOC)
    vocab_size, dim = outside_vectors.shape
    center_vec = check_vector("center_vec", center_vec, size=dim, shape_doc="of shape (d,) (v_c)")
    outside_idx = check_index("outside_idx", outside_idx, vocab_size)
    return center_vec, outside_idx, outside_vectors


def _naive_softmax(center_vec, outside_idx, outside_vectors):
    log_y_hat = log_softmax(outside_vectors @ center_vec)
    loss = -log_y_hat[outside_idx]
    error = np.exp(log_y_hat)  # ŷ − y once the 1 is subtracted at o
    error[outside_idx] -= 1.0
    grad_center_vec = outside_vectors.T @ error
    grad_outside_vectors = np.outer(error, center_vec)
    return float(loss), grad_center_vec, grad_outside_vectors


def naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors):
    r"""Naive-softmax loss :math:`J = -\log \hat{y}_o` and its gradients.

    With :math:`\hat{y} = \operatorname{softmax}(U^\top v_c)` and :math:`y` one-hot
    at :math:`o`: :math:`\partial J/\partial v_c = U(\hat{y} - y)` and
    :math:`\partial J/\partial U = v_c(\hat{y} - y)^\top`. The loss is computed
    with a stable log-softmax, so it stays finite for huge scores.
    Explained in chapter 2, *Softmax gradients*.

    ``outside_vectors`` stores :math:`U` as :math:`U^\top`: row ``w`` is :math:`u_w`.
    The gradient for :math:`U` is returned in that same ``(V, d)`` layout,
    i.e. as :math:`(\hat{y} - y)\, v_c^\top`.

    Parameters
    ----------
    center_vec : ndarray of shape (d,)
        :math:`v_c`, the center word's vector.
    outside_idx : int
        :math:`o`, index of the observed outside word, in ``[0, V)``.
    outside_vectors : ndarray of shape (V, d)
        :math:`U^\top`: row ``w`` is the outside vector :math:`u_w`.

    Returns
    -------
    loss : float
        :math:`J = -\log \hat{y}_o`.
    grad_center_vec : ndarray of shape (d,)
        :math:`\partial J/\partial v_c = U(\hat{y} - y)`.
    grad_outside_vectors : ndarray of shape (V, d)
        :math:`(\partial J/\partial U)^\top = (\hat{y} - y)\, v_c^\top`; row ``w`` is
        :math:`\partial J/\partial u_w = (\hat{y}_w - y_w)\, v_c`.

    Raises
    ------
    TypeError
        If an array is not numeric or ``outside_idx`` is not an integer.
    ValueError
        On wrong shapes, an index outside ``[0, V)`` (negative ones included)
        or NaN/inf values.

    Examples
    --------
    With all-zero vectors every word is equally likely, so :math:`J = \log V`:

    >>> loss, grad_center_vec, grad_outside_vectors = naive_softmax_loss_and_gradient(
    ...     np.zeros(3), 1, np.zeros((5, 3)))
    >>> print(round(loss, 4), round(float(np.log(5)), 4))
    1.6094 1.6094
    >>> grad_center_vec.shape, grad_outside_vectors.shape
    ((3,), (5, 3))
    """
    center_vec, outside_idx, outside_vectors = _check_pair(center_vec, outside_idx, outside_vectors)
    return _naive_softmax(center_vec, outside_idx, outside_vectors)


def _neg_sampling(center_vec, outside_idx, outside_vectors, neg_indices):
    outside_score = outside_vectors[outside_idx] @ center_vec
    neg_scores = outside_vectors[neg_indices] @ center_vec  # u_k · v_c, shape (K,)
    loss = -log_sigmoid(outside_score) - np.sum(log_sigmoid(-neg_scores))
    outside_coef = sigmoid(outside_score) - 1.0  # ∂J/∂(u_o·v_c) = σ(u_o·v_c) − 1
    neg_coefs = sigmoid(neg_scores)  # ∂J/∂(u_k·v_c) = 1 − σ(−u_k·v_c) = σ(u_k·v_c)
    grad_center_vec = outside_coef * outside_vectors[outside_idx] + neg_coefs @ outside_vectors[neg_indices]
    grad_outside_vectors = np.zeros_like(outside_vectors)
    np.add.at(grad_outside_vectors, neg_indices, np.outer(neg_coefs, center_vec))  # repeats accumulate
    grad_outside_vectors[outside_idx] += outside_coef * center_vec  # adds to o's negative terms, if any
    return float(loss), grad_center_vec, grad_outside_vectors


def neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg_indices):
    r"""Negative-sampling loss and its gradients for one (center, outside) pair.

    .. math::

        J = -\log \sigma(u_o^\top v_c) - \sum_{k=1}^{K} \log \sigma(-u_{w_k}^\top v_c)

    with gradients :math:`\partial J/\partial v_c = (\sigma(u_o^\top v_c) - 1)\,u_o
    + \sum_k \sigma(u_{w_k}^\top v_c)\, u_{w_k}`,
    :math:`\partial J/\partial u_o = (\sigma(u_o^\top v_c) - 1)\, v_c` and
    :math:`\partial J/\partial u_{w_k} = \sigma(u_{w_k}^\top v_c)\, v_c` per draw.
    Explained in chapter 4, *Negative sampling*.

    The :math:`K` negatives are drawn with replacement, so ``neg_indices`` may
    repeat a word, and may even contain :math:`o`. The sum over :math:`k` then
    visits that word several times and its gradient row is the **sum** of its
    terms (accumulated with ``np.add.at``; ``grad[idx] += ...`` would silently
    keep only one). The function is pure: sampling happens elsewhere
    (:class:`w2vlib.NegativeSampler`).

    ``outside_vectors`` stores :math:`U` as :math:`U^\top`: row ``w`` is :math:`u_w`,
    and the gradient for :math:`U` is returned in that same ``(V, d)`` layout.

    Parameters
    ----------
    center_vec : ndarray of shape (d,)
        :math:`v_c`, the center word's vector.
    outside_idx : int
        :math:`o`, index of the observed outside word, in ``[0, V)``.
    outside_vectors : ndarray of shape (V, d)
        :math:`U^\top`: row ``w`` is the outside vector :math:`u_w`.
    neg_indices : ndarray of int, shape (K,)
        :math:`w_1, \dots, w_K`, the negative samples, :math:`K \ge 1`; repeats allowed.

    Returns
    -------
    loss : float
        :math:`J`.
    grad_center_vec : ndarray of shape (d,)
        :math:`\partial J/\partial v_c`.
    grad_outside_vectors : ndarray of shape (V, d)
        :math:`(\partial J/\partial U)^\top`; row ``w`` is :math:`\partial J/\partial u_w`,
        zero for words that are neither :math:`o` nor a negative.

    Raises
    ------
    TypeError
        If an array is not numeric, or an index (array) is not integer.
    ValueError
        On wrong shapes, empty ``neg_indices`` (K = 0), indices outside ``[0, V)``
        (negative ones included) or NaN/inf values.

    Examples
    --------
    With all-zero outside vectors every score is 0, so each of the 1 + K terms
    contributes :math:`\log 2` and every :math:`\sigma` is 1/2. Word 3 is drawn
    twice, so its gradient row is twice that of word 1, drawn once:

    >>> loss, grad_center_vec, grad_outside_vectors = neg_sampling_loss_and_gradient(
    ...     np.ones(2), 0, np.zeros((4, 2)), np.array([3, 3, 1]))
    >>> print(round(loss, 4), round(4 * float(np.log(2)), 4))
    2.7726 2.7726
    >>> print(grad_outside_vectors)
    [[-0.5 -0.5]
     [ 0.5  0.5]
     [ 0.   0. ]
     [ 1.   1. ]]
    """
    center_vec, outside_idx, outside_vectors = _check_pair(center_vec, outside_idx, outside_vectors)
    neg_indices = check_indices("neg_indices", neg_indices, outside_vectors.shape[0],
                                shape_doc="of shape (K,) with K ≥ 1 negative word indices")
    return _neg_sampling(center_vec, outside_idx, outside_vectors, neg_indices)
