r"""Minibatch word2vec: many (center, outside) pairs at once, vectorized with numpy.

The per-pair losses of :mod:`w2vlib.losses` (chapters 2 and 4) and the window
sums of :mod:`w2vlib.window` (chapter 5) are the reference; this module computes the *same*
losses and the *sum* of the same per-pair gradients for a whole minibatch
(``tests/test_batch.py`` checks the equality in float64). Nothing is averaged:
a minibatch step with learning rate :math:`\eta` moves every row as far as
the pairs' individual SGD steps would, all evaluated at the batch's start.
Explained in chapter 8, *Training a toy word2vec*.

Layout, as everywhere in w2vlib: ``center_vectors`` has rows :math:`v_w`,
``outside_vectors`` stores :math:`U` as :math:`U^\top` (rows :math:`u_w`).

Pieces, in the order training uses them:

* :func:`skipgram_pairs` / :func:`cbow_examples` turn a token stream into
  training examples with word2vec.c's dynamic (reduced) window;
* :func:`skipgram_batch` / :func:`cbow_batch` return per-example losses and the
  gradients as :class:`RowGradient` (row indices + rows, so only touched rows
  are stored; a word hit several times appears several times);
* :meth:`RowGradient.apply` does the SGD step, summing repeated rows first
  (sort + segment sums; ``matrix[idx] -= ...`` would keep only one of them).

The fast path of chapter 9, *Real text* (skip-gram with negative sampling,
``train(..., negatives="shared")``) works on runs of consecutive center tokens
instead of lists of pairs: :func:`window_mask` marks which neighbours are
outside words, and :func:`skipgram_chunk_batch` scores all pairs of a run from
one gather of the neighbouring rows, with a pool of negatives shared by the run.

Everything keeps the dtype of the vectors (float32 in training): activations
here are written dtype-preserving, and learning rates must be Python floats
(a numpy float64 scalar would promote float32 updates to float64).
"""

from typing import NamedTuple

import numpy as np

from w2vlib._validation import check_indices, check_matrix

__all__ = [
    "RowGradient",
    "skipgram_pairs",
    "cbow_examples",
    "skipgram_batch",
    "cbow_batch",
    "window_mask",
    "skipgram_chunk_batch",
    "LOSSES",
]

LOSSES = ("neg", "softmax")


class RowGradient(NamedTuple):
    r"""Gradient of a ``(V, d)`` matrix as rows: row ``indices[i]`` gets ``rows[i]``.

    ``indices`` may repeat (the rows then add up); ``indices=None`` means
    ``rows`` is the full dense ``(V, d)`` gradient (naive softmax touches every
    outside vector).

    Attributes
    ----------
    indices : ndarray of int, shape (n,), or None
        Word indices :math:`w`.
    rows : ndarray of shape (n, d), or (V, d) when ``indices`` is None
        :math:`\partial J/\partial v_w` or :math:`\partial J/\partial u_w` contributions.
    """

    indices: object
    rows: np.ndarray

    def to_dense(self, vocab_size):
        """Return the dense ``(V, d)`` gradient, repeated rows summed (for tests and teaching)."""
        if self.indices is None:
            return self.rows.copy()
        dense = np.zeros((vocab_size, self.rows.shape[1]), dtype=self.rows.dtype)
        np.add.at(dense, self.indices, self.rows)
        return dense

    def apply(self, matrix, lr):
        r"""SGD step in place: ``matrix[w] -= lr * (sum of rows for w)`` for every touched ``w``.

        Repeated indices are summed first: sort the indices, find where each
        word's run starts, add each run with ``np.add.reduceat`` and update each
        touched row once.

        Parameters
        ----------
        matrix : ndarray of shape (V, d)
            ``center_vectors`` or ``outside_vectors``, updated in place.
        lr : float
            Learning rate :math:`\eta` (a Python float keeps float32 float32).
        """
        if self.indices is None:
            matrix -= lr * self.rows
            return
        order = np.argsort(self.indices, kind="stable")
        sorted_indices = self.indices[order]
        run_starts = np.flatnonzero(np.concatenate(([True], sorted_indices[1:] != sorted_indices[:-1])))
        row_sums = np.add.reduceat(self.rows[order], run_starts, axis=0)
        matrix[sorted_indices[run_starts]] -= lr * row_sums


# ---------------------------------------------------------------------------
# Training examples from a token stream (dynamic window)
# ---------------------------------------------------------------------------

def _window_positions(sentence_ids, window, rng):
    """Positions inside each center's reduced window: (other positions (n, 2w), mask (n, 2w))."""
    n_tokens = sentence_ids.shape[0]
    positions = np.arange(n_tokens)
    offsets = np.concatenate((np.arange(-window, 0), np.arange(1, window + 1)))
    # word2vec.c draws b uniform in [0, window) per center; the window used is window - b ∈ [1, window].
    reduced_window = window - rng.integers(0, window, size=n_tokens)
    other = positions[:, None] + offsets[None, :]
    inside_corpus = (other >= 0) & (other < n_tokens)
    other = np.clip(other, 0, n_tokens - 1)
    mask = (inside_corpus
            & (np.abs(offsets)[None, :] <= reduced_window[:, None])
            & (sentence_ids[other] == sentence_ids[:, None]))
    return other, mask


def skipgram_pairs(tokens, sentence_ids, window, rng):
    r"""All (center, outside) pairs of a token stream, with word2vec.c's dynamic window.

    For every center position word2vec.c draws :math:`b` uniformly from
    :math:`\{0, \dots, \text{window} - 1\}` and uses the reduced window
    :math:`\text{window} - b`, so near neighbours are seen more often than far
    ones. Windows never cross a sentence boundary. Pairs come in corpus order
    (by center, then by offset from left to right).

    Parameters
    ----------
    tokens : ndarray of int, shape (n,)
        Word indices of consecutive tokens.
    sentence_ids : ndarray of int, shape (n,)
        Sentence number of each token (non-decreasing); windows stay inside a sentence.
    window : int
        Maximum window size (≥ 1), words on each side.
    rng : numpy.random.Generator
        Draws the reduced windows.

    Returns
    -------
    center_indices, outside_indices : ndarray of int, shape (m,)
        :math:`c` and :math:`o` of each pair.

    Examples
    --------
    With window 1 every center sees its direct neighbours in the same sentence:

    >>> centers, outsides = skipgram_pairs(np.array([7, 8, 9, 5]), np.array([0, 0, 0, 1]), 1,
    ...                                    np.random.default_rng(0))
    >>> list(zip(centers.tolist(), outsides.tolist()))
    [(7, 8), (8, 7), (8, 9), (9, 8)]
    """
    other, mask = _window_positions(sentence_ids, window, rng)
    center_positions = np.broadcast_to(np.arange(tokens.shape[0])[:, None], mask.shape)[mask]
    return tokens[center_positions], tokens[other[mask]]


def cbow_examples(tokens, sentence_ids, window, rng):
    r"""CBOW examples (center, its context words) with word2vec.c's dynamic window.

    Same reduced windows as :func:`skipgram_pairs`; centers whose window holds
    no word (one-word sentences) are dropped. Contexts are stored flat:
    example ``i`` owns the next ``context_lengths[i]`` entries of ``context_indices``.

    Parameters
    ----------
    tokens, sentence_ids, window, rng
        As in :func:`skipgram_pairs`.

    Returns
    -------
    center_indices : ndarray of int, shape (B,)
        The words to predict, :math:`c`.
    context_indices : ndarray of int, shape (sum(context_lengths),)
        The context words of all examples, one example after the other.
    context_lengths : ndarray of int, shape (B,)
        :math:`C_i \ge 1`, the number of context words of example ``i``.

    Examples
    --------
    >>> centers, contexts, lengths = cbow_examples(np.array([7, 8, 9]), np.zeros(3, dtype=int), 1,
    ...                                             np.random.default_rng(0))
    >>> centers.tolist(), contexts.tolist(), lengths.tolist()
    ([7, 8, 9], [8, 7, 9, 8], [1, 2, 1])
    """
    other, mask = _window_positions(sentence_ids, window, rng)
    context_lengths = mask.sum(axis=1)
    has_context = context_lengths > 0
    return tokens[has_context], tokens[other[mask]], context_lengths[has_context]


# ---------------------------------------------------------------------------
# Losses and gradients for a batch of hidden vectors
# ---------------------------------------------------------------------------

def _sigmoid(x):
    """σ(x) = (1 + tanh(x/2)) / 2: stable for any x and keeps float32 float32."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _log_sigmoid(x):
    """log σ(x) = −log(1 + e^{−x}), stable, dtype-preserving."""
    return -np.logaddexp(0.0, -x)


def _softmax_rows(hidden, targets, outside_vectors):
    r"""Naive softmax for each row: hidden (B, d) predicts targets (B,) through :math:`U`.

    Returns losses (B,), :math:`\partial J/\partial h` (B, d) and the dense
    :math:`(\partial J/\partial U)^\top` summed over the batch.
    """
    batch = np.arange(targets.shape[0])
    scores = hidden @ outside_vectors.T  # row i: Uᵀ h_i, shape (B, V)
    scores -= scores.max(axis=1, keepdims=True)
    log_y_hat = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    losses = -log_y_hat[batch, targets]
    error = np.exp(log_y_hat)  # ŷ − y after subtracting the one-hot y
    error[batch, targets] -= 1.0
    grad_hidden = error @ outside_vectors  # row i: U(ŷ_i − y_i)
    grad_outside = RowGradient(None, error.T @ hidden)  # Σ_i (ŷ_i − y_i) h_iᵀ
    return losses, grad_hidden, grad_outside


def _neg_sampling_rows(hidden, targets, outside_vectors, neg_indices):
    r"""Negative sampling for each row: hidden (B, d), targets (B,), negatives (B, K).

    Returns losses (B,), :math:`\partial J/\partial h` (B, d) and the outside
    gradient as rows for the targets and every drawn negative (repeats kept).
    """
    target_vectors = outside_vectors[targets]  # u_o, (B, d)
    neg_vectors = outside_vectors[neg_indices]  # u_k, (B, K, d)
    target_scores = np.sum(target_vectors * hidden, axis=1)  # u_oᵀ h, (B,)
    neg_scores = (neg_vectors @ hidden[:, :, None])[:, :, 0]  # u_kᵀ h, (B, K)
    losses = -_log_sigmoid(target_scores) - _log_sigmoid(-neg_scores).sum(axis=1)
    target_coefs = _sigmoid(target_scores) - 1.0  # ∂J/∂(u_oᵀh) = σ(u_oᵀh) − 1
    neg_coefs = _sigmoid(neg_scores)  # ∂J/∂(u_kᵀh) = σ(u_kᵀh)
    grad_hidden = target_coefs[:, None] * target_vectors + (neg_coefs[:, None, :] @ neg_vectors)[:, 0, :]
    neg_rows = (neg_coefs[:, :, None] * hidden[:, None, :]).reshape(-1, hidden.shape[1])
    grad_outside = RowGradient(np.concatenate((targets, neg_indices.ravel())),
                               np.concatenate((target_coefs[:, None] * hidden, neg_rows)))
    return losses, grad_hidden, grad_outside


def _rows_loss(loss, hidden, targets, outside_vectors, neg_indices):
    if loss == "softmax":
        return _softmax_rows(hidden, targets, outside_vectors)
    return _neg_sampling_rows(hidden, targets, outside_vectors, neg_indices)


def _skipgram_batch(center_indices, outside_indices, center_vectors, outside_vectors, loss, neg_indices):
    hidden = center_vectors[center_indices]  # v_c of each pair
    losses, grad_hidden, grad_outside = _rows_loss(loss, hidden, outside_indices, outside_vectors, neg_indices)
    return losses, RowGradient(center_indices, grad_hidden), grad_outside


def _cbow_batch(center_indices, context_indices, context_lengths, center_vectors, outside_vectors, loss,
                neg_indices):
    starts = np.concatenate(([0], np.cumsum(context_lengths)[:-1]))
    hidden = np.add.reduceat(center_vectors[context_indices], starts, axis=0)
    hidden /= context_lengths[:, None].astype(hidden.dtype)  # h = mean of the context's v_w
    losses, grad_hidden, grad_outside = _rows_loss(loss, hidden, center_indices, outside_vectors, neg_indices)
    share = grad_hidden / context_lengths[:, None].astype(grad_hidden.dtype)  # ∂J/∂v_w = ∂J/∂h / C
    return losses, RowGradient(context_indices, np.repeat(share, context_lengths, axis=0)), grad_outside


# ---------------------------------------------------------------------------
# Public, validated entry points
# ---------------------------------------------------------------------------

def _check_common(center_vectors, outside_vectors, loss, neg_indices, n_examples):
    center_vectors = _as_float_matrix("center_vectors", center_vectors, None,
                                      "of shape (V, d) (rows are v_w)")
    outside_vectors = _as_float_matrix("outside_vectors", outside_vectors, center_vectors.shape,
                                       "of shape (V, d) like center_vectors (U stored as Uᵀ: rows are u_w)")
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    vocab_size = center_vectors.shape[0]
    if loss == "softmax":
        if neg_indices is not None:
            raise ValueError('neg_indices is only used with loss="neg"; pass neg_indices=None with "softmax"')
    else:
        if neg_indices is None:
            raise ValueError('neg_indices of shape (B, K) is required with loss="neg"; '
                             "draw it with NegativeSampler.sample_matrix")
        neg_indices = check_indices("neg_indices", neg_indices, vocab_size, shape=(n_examples, None), ndim=2,
                                    shape_doc=f"of shape ({n_examples}, K) with K ≥ 1 (one row per example)")
        if neg_indices.shape[1] == 0:
            raise ValueError("neg_indices must have K ≥ 1 columns")
    return center_vectors, outside_vectors, neg_indices


def _as_float_matrix(name, value, shape, shape_doc):
    """Validate a (V, d) matrix; floating arrays are returned as they are (float32 stays float32)."""
    n_rows, n_cols = (None, None) if shape is None else shape
    checked = check_matrix(name, value, n_rows=n_rows, n_cols=n_cols, shape_doc=shape_doc)
    return value if isinstance(value, np.ndarray) and value.dtype.kind == "f" else checked


def skipgram_batch(center_indices, outside_indices, center_vectors, outside_vectors, loss="neg",
                   neg_indices=None):
    r"""Skip-gram losses and summed gradients for a minibatch of (center, outside) pairs.

    Pair :math:`i` is the pair loss of chapters 2 and 4 with :math:`v_c = v_{c_i}`
    and :math:`o = o_i`; the gradients are the **sums** of the per-pair gradients
    (:func:`w2vlib.naive_softmax_loss_and_gradient` or
    :func:`w2vlib.neg_sampling_loss_and_gradient`), returned as rows.
    Explained in chapter 8, *Training a toy word2vec*.

    Parameters
    ----------
    center_indices : ndarray of int, shape (B,)
        :math:`c_i`, center word of each pair.
    outside_indices : ndarray of int, shape (B,)
        :math:`o_i`, outside word of each pair.
    center_vectors : ndarray of shape (V, d)
        Rows are :math:`v_w`.
    outside_vectors : ndarray of shape (V, d)
        :math:`U^\top`: rows are :math:`u_w`.
    loss : {"neg", "softmax"}, default "neg"
        Negative sampling or naive softmax.
    neg_indices : ndarray of int, shape (B, K), optional
        Row ``i``: the :math:`K` negatives of pair ``i``. Required for ``"neg"``,
        rejected for ``"softmax"``.

    Returns
    -------
    losses : ndarray of shape (B,)
        :math:`J_i` of each pair.
    grad_center : RowGradient
        Rows :math:`\partial J_i/\partial v_{c_i}` at indices :math:`c_i`.
    grad_outside : RowGradient
        Rows of :math:`(\partial J/\partial U)^\top`: dense for softmax; for
        negative sampling one row per target and per drawn negative.

    Raises
    ------
    TypeError, ValueError
        On non-integer indices, mismatched shapes, indices outside ``[0, V)``,
        an unknown ``loss`` or ``neg_indices`` missing/extra.

    Examples
    --------
    >>> center_vectors, outside_vectors = np.zeros((4, 2)), np.zeros((4, 2))
    >>> losses, grad_center, grad_outside = skipgram_batch(
    ...     np.array([0, 0]), np.array([1, 2]), center_vectors, outside_vectors, loss="softmax")
    >>> print(np.round(losses, 4), grad_outside.to_dense(4).shape)
    [1.3863 1.3863] (4, 2)
    """
    center_indices = check_indices("center_indices", center_indices, np.shape(center_vectors)[0],
                                   shape_doc="of shape (B,) (center word of each pair)")
    outside_indices = check_indices("outside_indices", outside_indices, np.shape(center_vectors)[0],
                                    shape=center_indices.shape,
                                    shape_doc=f"of shape {center_indices.shape} like center_indices")
    center_vectors, outside_vectors, neg_indices = _check_common(
        center_vectors, outside_vectors, loss, neg_indices, center_indices.shape[0])
    return _skipgram_batch(center_indices, outside_indices, center_vectors, outside_vectors, loss, neg_indices)


def cbow_batch(center_indices, context_indices, context_lengths, center_vectors, outside_vectors, loss="neg",
               neg_indices=None):
    r"""CBOW losses and summed gradients for a minibatch of (context, center) examples.

    Example :math:`i` averages its context words' center vectors,
    :math:`h_i = \frac{1}{C_i}\sum_{w \in \text{context}_i} v_w` (Rong's CBOW, as
    :func:`w2vlib.cbow`), and predicts its center word :math:`c_i` through
    :math:`U` with the chosen loss. Each context word receives
    :math:`\frac{1}{C_i}\,\partial J_i/\partial h_i`.
    Explained in chapter 8, *Training a toy word2vec*.

    Parameters
    ----------
    center_indices : ndarray of int, shape (B,)
        :math:`c_i`, the word each example predicts.
    context_indices : ndarray of int, shape (sum(context_lengths),)
        All context words, example after example (as from :func:`cbow_examples`).
    context_lengths : ndarray of int, shape (B,)
        :math:`C_i \ge 1`.
    center_vectors, outside_vectors : ndarray of shape (V, d)
        Rows :math:`v_w` (input vectors) and :math:`u_w` (output vectors).
    loss : {"neg", "softmax"}, default "neg"
    neg_indices : ndarray of int, shape (B, K), optional
        Negatives of each example; required for ``"neg"``.

    Returns
    -------
    losses : ndarray of shape (B,)
    grad_center : RowGradient
        One row per context entry: :math:`\frac{1}{C_i}\,\partial J_i/\partial h_i`.
    grad_outside : RowGradient
        As in :func:`skipgram_batch`.

    Examples
    --------
    >>> losses, grad_center, grad_outside = cbow_batch(
    ...     np.array([0]), np.array([1, 2]), np.array([2]), np.ones((3, 2)), np.zeros((3, 2)), loss="softmax")
    >>> print(np.round(losses, 4))
    [1.0986]
    """
    vocab_size = np.shape(center_vectors)[0]
    center_indices = check_indices("center_indices", center_indices, vocab_size,
                                   shape_doc="of shape (B,) (the word each example predicts)")
    context_lengths = check_indices("context_lengths", context_lengths, np.iinfo(np.int64).max,
                                    shape=center_indices.shape,
                                    shape_doc=f"of shape {center_indices.shape} like center_indices")
    if np.any(context_lengths < 1):
        raise ValueError("context_lengths must be ≥ 1 (every example needs a context word)")
    context_indices = check_indices("context_indices", context_indices, vocab_size,
                                    shape=(int(context_lengths.sum()),),
                                    shape_doc=f"of shape ({int(context_lengths.sum())},) = (sum(context_lengths),)")
    center_vectors, outside_vectors, neg_indices = _check_common(
        center_vectors, outside_vectors, loss, neg_indices, center_indices.shape[0])
    return _cbow_batch(center_indices, context_indices, context_lengths, center_vectors, outside_vectors, loss,
                       neg_indices)


# ---------------------------------------------------------------------------
# Fast skip-gram with negative sampling: runs of consecutive centers, shared negatives
# ---------------------------------------------------------------------------

def window_mask(sentence_ids, reduced_windows, window):
    r"""Which neighbours of each token are its outside words: a ``(n, 2·window + 1)`` boolean mask.

    ``mask[t, k]`` is True when the token at position :math:`t + k - \text{window}`
    is an outside word of center :math:`t`: it lies in the same sentence and at
    most ``reduced_windows[t]`` positions away, and it is not :math:`t` itself
    (column ``window`` is always False). This is the same dynamic window as
    :func:`skipgram_pairs`, laid out by offset instead of as a list of pairs.
    Explained in chapter 9, *Real text*.

    Parameters
    ----------
    sentence_ids : ndarray of int, shape (n,)
        Sentence number (≥ 0) of each token.
    reduced_windows : ndarray of int, shape (n,)
        Window used by each center, in ``[1, window]`` (word2vec.c: ``window − b``, b uniform in [0, window)).
    window : int
        Maximum window, ≥ 1.

    Returns
    -------
    ndarray of bool, shape (n, 2·window + 1)

    Examples
    --------
    >>> window_mask(np.array([0, 0, 0, 1]), np.array([1, 1, 2, 2]), 2).astype(int)
    array([[0, 0, 0, 1, 0],
           [0, 1, 0, 1, 0],
           [1, 1, 0, 0, 0],
           [0, 0, 0, 0, 0]])
    """
    sentence_ids = check_indices("sentence_ids", sentence_ids, np.iinfo(np.int64).max,
                                 shape_doc="of shape (n,) (sentence number ≥ 0 of each token)", allow_empty=True)
    reduced_windows = check_indices("reduced_windows", reduced_windows, np.iinfo(np.int64).max,
                                    shape=sentence_ids.shape, shape_doc=f"of shape {sentence_ids.shape} like "
                                    "sentence_ids", allow_empty=True)
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise ValueError(f"window must be an integer ≥ 1, got {window!r}")
    return _window_mask(sentence_ids, reduced_windows, int(window))


def _window_mask(sentence_ids, reduced_windows, window):
    padding = np.full(window, -1)  # no sentence: padding is never a neighbour
    padded = np.concatenate((padding, sentence_ids, padding))
    neighbour_sentences = padded[np.arange(sentence_ids.shape[0])[:, None] + np.arange(2 * window + 1)]
    offsets = np.arange(-window, window + 1)
    return ((neighbour_sentences == sentence_ids[:, None])
            & (np.abs(offsets) <= reduced_windows[:, None])
            & (offsets != 0))


def _sliding_rows(rows, span):
    """View ``(n − span + 1, d, span)`` of a C-contiguous ``(n, d)`` array: ``view[t, :, k] = rows[t + k]``.

    No data is copied: the view steps one row for ``t`` and again one row for ``k``
    (``numpy.lib.stride_tricks.sliding_window_view`` gives the same view, more slowly).
    """
    n_rows, dim = rows.shape
    row_step, column_step = rows.strides
    return np.ndarray((n_rows - span + 1, dim, span), dtype=rows.dtype, buffer=rows,
                      strides=(row_step, column_step, row_step))


def _pad_rows(array, pad):
    padded = np.zeros((array.shape[0] + 2 * pad,) + array.shape[1:], dtype=array.dtype)
    padded[pad:pad + array.shape[0]] = array
    return padded


def _skipgram_chunk(center_indices, halo_indices, pair_mask, pool_indices, center_vectors, outside_vectors,
                    negative):
    n_centers, span = pair_mask.shape
    pad = span - 1
    dtype = center_vectors.dtype
    center_rows = center_vectors[center_indices]  # v_t, (T, d)
    halo_rows = outside_vectors[halo_indices]  # u of the T + 2w tokens around the run, (T + 2w, d)
    neighbours = _sliding_rows(halo_rows, span)  # neighbours[t, :, k] = u of token t + k − w
    # Pairs: one score per (center, slot); slots that are not pairs get coefficient 0.
    pair_sigma = _sigmoid(np.einsum("td,tdk->tk", center_rows, neighbours))  # σ(u_oᵀ v_c)
    pair_coefs = (pair_sigma - 1.0) * pair_mask  # ∂J/∂(u_oᵀ v_c) = σ − 1
    # Negatives: every pair of center t uses all N pool words, each with weight K/N.
    pool_rows = outside_vectors[pool_indices]  # (N, d)
    pool_sigma = _sigmoid(center_rows @ pool_rows.T)  # σ(u_kᵀ v_t), (T, N)
    pair_counts = pair_mask.sum(axis=1)
    pool_weights = (pair_counts * (negative / pool_indices.shape[0])).astype(dtype)  # n_t · K/N
    pool_coefs = pool_sigma * pool_weights[:, None]  # ∂J/∂(u_kᵀ v_t), summed over t's pairs
    tiny = np.finfo(dtype).tiny
    losses = (-(np.log(np.maximum(pair_sigma, tiny)) * pair_mask).sum(axis=1)
              - pool_weights * np.log(np.maximum(1.0 - pool_sigma, tiny)).sum(axis=1))
    grad_center = np.einsum("tk,tdk->td", pair_coefs, neighbours) + pool_coefs @ pool_rows
    # The same pairs seen from the outside token j = t + k (halo row): its center is t = j − k.
    # With m = span − 1 − k, coefs_by_outside[j, m] = pair_coefs[j − k, k] and the center row is
    # row j + m of the padded centers, so one more sliding view gives every outside gradient.
    slots = np.arange(span)
    coefs_by_outside = _pad_rows(pair_coefs, pad)[np.arange(n_centers + pad)[:, None] + slots, pad - slots]
    grad_halo = np.einsum("jm,jdm->jd", coefs_by_outside, _sliding_rows(_pad_rows(center_rows, pad), span))
    grad_pool = pool_coefs.T @ center_rows
    grad_outside = RowGradient(np.concatenate((halo_indices, pool_indices)), np.concatenate((grad_halo, grad_pool)))
    return losses, pair_counts, RowGradient(center_indices, grad_center), grad_outside


def skipgram_chunk_batch(center_indices, halo_indices, pair_mask, pool_indices, center_vectors, outside_vectors,
                         negative):
    r"""Skip-gram negative sampling for a run of consecutive centers, with negatives shared by the run.

    The fast path of :func:`w2vlib.train` (``negatives="shared"``). Instead of a
    list of pairs it takes :math:`T` consecutive center tokens and the
    :math:`T + 2w` tokens around them (the *halo*): every outside word of every
    center is in the halo, so one gather of :math:`T + 2w` rows replaces one per pair,
    and a sliding view of the halo scores all pairs in one ``einsum``.

    The :math:`K` negatives of word2vec are replaced by a pool of :math:`N` words
    drawn once for the whole run; each pair uses **all** of them, each with weight
    :math:`K/N`. Pair :math:`(c, o)` thus has the loss

    .. math::

        J = -\log \sigma(u_o^\top v_c) - \frac{K}{N} \sum_{p=1}^{N} \log \sigma(-u_{w_p}^\top v_c),

    whose expectation over the pool equals that of word2vec's loss
    (:func:`w2vlib.neg_sampling_loss_and_gradient` with :math:`K` negatives drawn from the
    same distribution). With :math:`N = K` it *is* that loss with the pool as
    ``neg_indices``. Gradients are summed over all pairs of the run, as in
    :func:`skipgram_batch`. Explained in chapter 9, *Real text*.

    Parameters
    ----------
    center_indices : ndarray of int, shape (T,)
        Words of the :math:`T` consecutive center tokens.
    halo_indices : ndarray of int, shape (T + 2w,)
        Words of the tokens from :math:`w` positions before the first center to
        :math:`w` after the last (any index where no pair reaches, e.g. 0 as padding).
    pair_mask : ndarray of bool, shape (T, 2w + 1)
        ``pair_mask[t, k]``: halo token :math:`t + k` is an outside word of center
        :math:`t` (rows of :func:`window_mask`); column :math:`w` (the center itself) must be False.
    pool_indices : ndarray of int, shape (N,)
        The shared negatives :math:`w_1, \dots, w_N` (repeats allowed).
    center_vectors, outside_vectors : ndarray of shape (V, d)
        Rows :math:`v_w` and :math:`u_w` (:math:`U^\top`).
    negative : int
        :math:`K`, the number of negatives the pool stands in for.

    Returns
    -------
    losses : ndarray of shape (T,)
        Sum of :math:`J` over the pairs of each center (0 for a center without pairs).
    pair_counts : ndarray of int, shape (T,)
        Number of pairs of each center.
    grad_center : RowGradient
        One row per center token: :math:`\sum_{o} \partial J/\partial v_c`.
    grad_outside : RowGradient
        One row per halo token and one per pool word (repeats kept).

    Examples
    --------
    Four tokens of one sentence, window 1: centers 1 and 2 (tokens ``[5, 6]``), halo ``[4, 5, 6, 7]``:

    >>> mask = window_mask(np.zeros(4, dtype=int), np.ones(4, dtype=int), 1)[1:3]
    >>> losses, pair_counts, grad_center, grad_outside = skipgram_chunk_batch(
    ...     np.array([5, 6]), np.array([4, 5, 6, 7]), mask, np.array([0, 1]),
    ...     np.zeros((8, 3)), np.zeros((8, 3)), negative=2)
    >>> pair_counts.tolist(), np.round(losses / pair_counts, 4).tolist()   # each pair: (1 + K) log 2
    ([2, 2], [2.0794, 2.0794])
    """
    center_vectors = _as_float_matrix("center_vectors", center_vectors, None, "of shape (V, d) (rows are v_w)")
    outside_vectors = _as_float_matrix("outside_vectors", outside_vectors, center_vectors.shape,
                                       "of shape (V, d) like center_vectors (U stored as Uᵀ: rows are u_w)")
    vocab_size = center_vectors.shape[0]
    center_indices = check_indices("center_indices", center_indices, vocab_size,
                                   shape_doc="of shape (T,) (words of consecutive center tokens)")
    pair_mask = np.asarray(pair_mask)
    n_centers = center_indices.shape[0]
    if pair_mask.dtype != bool or pair_mask.ndim != 2 or pair_mask.shape[0] != n_centers or pair_mask.shape[1] % 2 != 1:
        raise ValueError(f"pair_mask must be a bool array of shape ({n_centers}, 2w + 1), "
                         f"got {pair_mask.dtype} array of shape {pair_mask.shape}")
    window = pair_mask.shape[1] // 2
    if np.any(pair_mask[:, window]):
        raise ValueError(f"pair_mask[:, {window}] must be False: a center is not its own outside word")
    halo_indices = check_indices("halo_indices", halo_indices, vocab_size, shape=(n_centers + 2 * window,),
                                 shape_doc=f"of shape ({n_centers + 2 * window},) = (T + 2w,)")
    pool_indices = check_indices("pool_indices", pool_indices, vocab_size,
                                 shape_doc="of shape (N,) with N ≥ 1 shared negatives")
    if isinstance(negative, bool) or not isinstance(negative, (int, np.integer)) or negative < 1:
        raise ValueError(f"negative must be an integer K ≥ 1, got {negative!r}")
    return _skipgram_chunk(center_indices, halo_indices, pair_mask, pool_indices, center_vectors, outside_vectors,
                           int(negative))
