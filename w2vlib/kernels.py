r"""Compiled SGD loops for negative sampling: one window at a time, the order of word2vec.c.

The default trainer of :func:`w2vlib.train` (``batch_size=None``). Each loop walks the
text token by token and takes one plain SGD step per pair (``negatives="per_pair"``, the
default: :func:`pair_step`) or per window (``negatives="per_window"``, and CBOW:
:func:`neg_sampling_step`), updating the vector tables in place. Every step follows the
gradients of chapter 4 for one hidden vector :math:`h` (skip-gram: :math:`v_c`; CBOW: the
mean of the context's :math:`v_w`),

.. math::

    \frac{\partial J}{\partial (u_w^\top h)} = a_w\,(\sigma(u_w^\top h) - y_w), \qquad
    \frac{\partial J}{\partial h} = \sum_w a_w\,(\sigma(u_w^\top h) - y_w)\, u_w, \qquad
    \frac{\partial J}{\partial u_w} = a_w\,(\sigma(u_w^\top h) - y_w)\, h,

with label :math:`y_w = 1` for the positive word and 0 for a negative, and weight :math:`a_w`
(1, or the number of pairs that share a negative). ``tests/test_kernels.py`` checks every loop
against the per-pair functions of :mod:`w2vlib.losses`. Explained in chapters 8 and 9; speed
and the comparison with gensim and word2vec.c in ``benchmarks/README.md``.

The functions are compiled by numba on first use and cached in ``__pycache__`` next to this
file (``cache=True``), so later processes load them in well under a second. They release the
GIL (``nogil=True``): :func:`w2vlib.train` runs ``workers`` of them at once on different
chunks of text, all writing to the same two tables without locks (Hogwild). Layout as
everywhere in w2vlib: rows :math:`v_w` in ``center_vectors``, rows :math:`u_w` in
``outside_vectors`` (:math:`U^\top`).
"""

import sys

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

__all__ = ["alias_table", "draw_negatives", "neg_sampling_step", "pair_step", "skipgram_sgd", "cbow_sgd"]


def _load_numba_array_math_without_scipy_blas():
    """Import numba's array functions before the first kernel loads, without SciPy's BLAS.

    When numba loads or compiles its first function it imports ``numba.np.arraymath``, which
    imports ``scipy.linalg.cython_blas`` only to choose how ``np.correlate`` multiplies (its
    ``_HAVE_BLAS``). That import alone adds about 17 MB to the process, more than training
    on chapter 9's corpus allocates. These kernels call no BLAS, so the module is imported
    here with the SciPy import refused (numba then uses its own loop for ``np.correlate``).
    Nothing else changes: ``np.dot`` in any numba function still imports SciPy's BLAS when it
    is compiled (``tests/test_kernels.py`` checks both).
    """
    if "numba.np.arraymath" in sys.modules or "scipy.linalg.cython_blas" in sys.modules:
        return  # too late, or SciPy's BLAS is loaded anyway: nothing to save
    sys.modules["scipy.linalg.cython_blas"] = None  # "import scipy.linalg.cython_blas" raises ImportError
    try:
        import numba.np.arraymath  # noqa: F401
    finally:
        del sys.modules["scipy.linalg.cython_blas"]


_load_numba_array_math_without_scipy_blas()

# fastmath without "nnan"/"ninf": sums may be reordered (vectorized dot products), but NaN and inf
# stay meaningful, so a diverging run still shows up as a non-finite loss.
_COMPILE = {"cache": True, "nogil": True, "fastmath": {"nsz", "arcp", "contract", "afn", "reassoc"},
            "error_model": "numpy", "boundscheck": False}


# ---------------------------------------------------------------------------
# Negatives in O(1): the alias method and a small counter-based generator
# ---------------------------------------------------------------------------

@njit(cache=True)
def alias_table(probabilities):
    r"""Walker's alias table of a distribution :math:`P(w)`: one uniform word and one coin per draw.

    Word :math:`i` is kept with probability ``accept[i]``, otherwise ``alias[i]`` is drawn
    instead; with :math:`i` uniform on :math:`\{0, \dots, V-1\}` this draws :math:`w` with
    probability :math:`P(w)` exactly (Vose's construction).

    Parameters
    ----------
    probabilities : ndarray of float64, shape (V,)
        :math:`P(w)`, non-negative and summing to 1 (e.g. ``NegativeSampler.probabilities``).

    Returns
    -------
    accept : ndarray of float64, shape (V,)
    alias : ndarray of int64, shape (V,)

    Examples
    --------
    >>> accept, alias = alias_table(np.array([0.5, 0.25, 0.25, 0.0]))
    >>> reconstructed = accept.copy()
    >>> np.add.at(reconstructed, alias, 1 - accept)
    >>> (reconstructed / 4).tolist()
    [0.5, 0.25, 0.25, 0.0]
    """
    n_words = probabilities.shape[0]
    scaled = probabilities * n_words
    accept = np.ones(n_words)
    alias = np.arange(n_words)
    small = np.empty(n_words, dtype=np.int64)
    large = np.empty(n_words, dtype=np.int64)
    n_small = n_large = 0
    for word in range(n_words):
        if scaled[word] < 1.0:
            small[n_small] = word
            n_small += 1
        else:
            large[n_large] = word
            n_large += 1
    while n_small > 0 and n_large > 0:
        n_small -= 1
        poor = small[n_small]
        rich = large[n_large - 1]
        accept[poor] = scaled[poor]
        alias[poor] = rich
        scaled[rich] -= 1.0 - scaled[poor]
        if scaled[rich] < 1.0:
            n_large -= 1
            small[n_small] = rich
            n_small += 1
    return accept, alias  # words left on either stack keep accept = 1 (rounding)


@njit(inline="always")
def _next_random(state):
    """splitmix64: advance ``state[0]`` and return 64 random bits."""
    state[0] += np.uint64(0x9E3779B97F4A7C15)
    bits = state[0]
    bits = (bits ^ (bits >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    bits = (bits ^ (bits >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return bits ^ (bits >> np.uint64(31))


@njit(inline="always")
def _draw_negative(state, accept, alias):
    bits = _next_random(state)
    word = np.int64(((bits >> np.uint64(32)) * np.uint64(accept.shape[0])) >> np.uint64(32))
    coin = np.float64(bits & np.uint64(0xFFFFFFFF)) * (1.0 / 4294967296.0)
    return word if coin < accept[word] else alias[word]


@njit(cache=True)
def draw_negatives(accept, alias, n, seed):
    r"""Draw ``n`` negatives :math:`w \sim P(w)` with the generator the training loops use.

    Parameters
    ----------
    accept, alias : ndarray of shape (V,)
        From :func:`alias_table`.
    n : int
        Number of draws.
    seed : int
        Start of the generator (splitmix64); the same seed gives the same words.

    Returns
    -------
    ndarray of int64, shape (n,)
    """
    state = np.array([seed], dtype=np.uint64)
    words = np.empty(n, dtype=np.int64)
    for i in range(n):
        words[i] = _draw_negative(state, accept, alias)
    return words


# ---------------------------------------------------------------------------
# Asking for rows early: a cache hint, no effect on the results
# ---------------------------------------------------------------------------

@intrinsic
def _prefetch(typingctx, table, row, column):
    """LLVM's ``prefetch`` of ``table[row, column]``: the CPU starts loading that line, nothing else happens."""
    def codegen(context, builder, signature, arguments):
        table_type = signature.args[0]
        array = context.make_array(table_type)(context, builder, arguments[0])
        indices = [context.cast(builder, value, kind, types.intp)
                   for value, kind in zip(arguments[1:], signature.args[1:])]
        pointer = cgutils.get_item_pointer(context, builder, table_type, array, indices)
        byte = ir.IntType(8).as_pointer()
        int32 = ir.IntType(32)
        function = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(ir.VoidType(), [byte, int32, int32, int32]), "llvm.prefetch.p0i8")
        builder.call(function, [builder.bitcast(pointer, byte), int32(0), int32(3), int32(1)])  # read, keep, data
        return context.get_dummy_value()
    return types.void(table, row, column), codegen


@njit(inline="always")
def _prefetch_row(table, row):
    """Ask for every 64-byte line of ``table[row]`` (a row of d float32 is d / 16 lines)."""
    per_line = max(1, 64 // table.itemsize)
    for column in range(0, table.shape[1], per_line):
        _prefetch(table, row, column)


# ---------------------------------------------------------------------------
# One SGD step: the gradients of chapter 4 for one hidden vector
# ---------------------------------------------------------------------------

@njit(**_COMPILE)
def neg_sampling_step(hidden, outside_vectors, words, labels, weights, n_terms, lr, grad_hidden, coefs,
                      with_loss=True):
    r"""One SGD step on :math:`J = \sum_i a_i\,[-\log\sigma(\pm u_{w_i}^\top h)]`; updates :math:`u`, returns :math:`J`.

    All scores are taken at the step's start; then :math:`\partial J/\partial h` is written
    to ``grad_hidden`` (the caller updates the input vectors with it) and every outside row
    moves, :math:`u_{w_i} \leftarrow u_{w_i} - \eta\, a_i (\sigma(u_{w_i}^\top h) - y_i)\, h`.
    A word listed twice gets both terms, as a repeated negative in chapter 4.

    Parameters
    ----------
    hidden : ndarray of shape (d,)
        :math:`h` (:math:`v_c` in skip-gram, the context mean in CBOW); not modified.
    outside_vectors : ndarray of shape (V, d)
        Rows :math:`u_w`, updated in place.
    words : ndarray of int64, shape (≥ n_terms,)
        :math:`w_i`: the positive word(s) :math:`o`, then the negatives :math:`w_k`.
    labels : ndarray of shape (≥ n_terms,)
        :math:`y_i`: 1 for a positive word, 0 for a negative.
    weights : ndarray of shape (≥ n_terms,)
        :math:`a_i \ge 0` (0 skips a term, e.g. a negative equal to :math:`o`).
    n_terms : int
        Terms used (the first ``n_terms`` entries of the three arrays).
    lr : float
        :math:`\eta`.
    grad_hidden : ndarray of shape (d,)
        Output: :math:`\partial J/\partial h = \sum_i a_i (\sigma(u_{w_i}^\top h) - y_i)\, u_{w_i}`.
    coefs : ndarray of shape (≥ n_terms,)
        Scratch space for :math:`a_i (\sigma(u_{w_i}^\top h) - y_i)`.
    with_loss : bool, default True
        Compute :math:`J` (one logarithm per term); False returns 0.0 and saves the time.

    Returns
    -------
    float
        :math:`J` at the step's start.
    """
    dim = hidden.shape[0]
    one = np.float32(1.0)  # float32 constants keep float32 arithmetic float32
    loss = 0.0
    for i in range(n_terms):  # the dot products first: the processor overlaps them
        w = words[i]
        score = np.float32(0.0)
        for j in range(dim):
            score += outside_vectors[w, j] * hidden[j]       # u_wᵀ h
        coefs[i] = score
    for i in range(n_terms):
        signed = coefs[i] if labels[i] == 1 else -coefs[i]   # +u_oᵀh, or −u_kᵀh
        sigma = one / (one + np.exp(-signed))                # σ(±u_wᵀh)
        if with_loss:
            loss -= weights[i] * np.log(max(sigma, np.float32(1e-30)))
        sign = -one if labels[i] == 1 else one
        coefs[i] = weights[i] * (one - sigma) * sign         # a (σ(u_wᵀh) − y)
    for j in range(dim):
        grad_hidden[j] = 0.0
    for i in range(n_terms):
        w = words[i]
        coef = coefs[i]
        for j in range(dim):
            grad_hidden[j] += coef * outside_vectors[w, j]   # ∂J/∂h = Σ a (σ − y) u_w
    for i in range(n_terms):
        w = words[i]
        coefs[i] *= lr  # η a (σ − y), stored in the vectors' dtype
        step = coefs[i]
        for j in range(dim):
            outside_vectors[w, j] -= step * hidden[j]        # u_w −= η a (σ − y) h
    return loss


@njit(**_COMPILE)
def pair_step(center_vectors, center, outside_vectors, words, n_terms, lr, grad_hidden, coefs, with_loss=True):
    r"""One SGD step on chapter 4's pair loss :math:`J(v_c, o)`; updates :math:`v_c` and the :math:`u_w` in place.

    ``words[0]`` is the positive word :math:`o`, ``words[1:n_terms]`` the negatives
    :math:`w_1, \dots, w_K` (never equal to :math:`o`; repeats allowed). All scores are taken
    at the step's start, then every row moves by its gradient of
    :math:`J = -\log\sigma(u_o^\top v_c) - \sum_k \log\sigma(-u_{w_k}^\top v_c)`:
    :math:`u_w \leftarrow u_w - \eta\,(\sigma(u_w^\top v_c) - y_w)\,v_c` and
    :math:`v_c \leftarrow v_c - \eta \sum_w (\sigma(u_w^\top v_c) - y_w)\,u_w`, exactly as
    :func:`neg_sampling_step` with unit weights followed by the update of :math:`v_c`.

    The order is chosen for speed; the arithmetic is the same. The :math:`K + 1` dot products
    come first, one after the other, so that the processor overlaps them (a sigmoid between
    two of them would make each wait for the one before). Then, without a repeated word
    (almost always), the gradient of :math:`v_c` and the update of a row share one pass over
    the row. :math:`v_c` is row ``center`` of the table, not a copy, so the loops over text
    call this function without making a view per pair.

    Parameters
    ----------
    center_vectors : ndarray of shape (V, d)
        Rows :math:`v_w`; row ``center`` (:math:`v_c`) is updated in place.
    center : int
        :math:`c`.
    outside_vectors : ndarray of shape (V, d)
        Rows :math:`u_w`, updated in place.
    words : ndarray of int64, shape (≥ n_terms,)
        :math:`o`, then the negatives.
    n_terms : int
        :math:`1 + K` (fewer if draws equal to :math:`o` were dropped).
    lr : float
        :math:`\eta`.
    grad_hidden, coefs : ndarray of shape (d,) and (≥ n_terms,)
        Scratch space (:math:`\partial J/\partial v_c` and :math:`\sigma(u_w^\top v_c) - y_w`).
    with_loss : bool, default True
        Compute :math:`J` (one logarithm per term); False returns 0.0.

    Returns
    -------
    float
        :math:`J` at the step's start.
    """
    dim = center_vectors.shape[1]
    one = np.float32(1.0)
    loss = 0.0
    repeated = False
    for i in range(n_terms):
        w = words[i]
        for previous in range(1, i):
            if words[previous] == w:
                repeated = True
        score = np.float32(0.0)
        for j in range(dim):
            score += outside_vectors[w, j] * center_vectors[center, j]  # u_wᵀ v_c
        coefs[i] = score
    for i in range(n_terms):
        signed = coefs[i] if i == 0 else -coefs[i]           # +u_oᵀv_c, or −u_kᵀv_c
        sigma = one / (one + np.exp(-signed))                # σ(±u_wᵀv_c)
        if with_loss:
            loss -= np.log(max(sigma, np.float32(1e-30)))
        coefs[i] = sigma - one if i == 0 else one - sigma    # σ(u_wᵀv_c) − y_w
    for j in range(dim):
        grad_hidden[j] = 0.0
    if repeated:  # every gradient at the step's start: read all rows before moving any
        for i in range(n_terms):
            w = words[i]
            coef = coefs[i]
            for j in range(dim):
                grad_hidden[j] += coef * outside_vectors[w, j]
        for i in range(n_terms):
            w = words[i]
            step = coefs[i] * lr
            for j in range(dim):
                outside_vectors[w, j] -= step * center_vectors[center, j]
    else:  # distinct rows: read, accumulate and move each row in one pass
        for i in range(n_terms):
            w = words[i]
            coef = coefs[i]
            step = coef * lr
            for j in range(dim):
                row = outside_vectors[w, j]
                grad_hidden[j] += coef * row                 # ∂J/∂v_c = Σ (σ − y) u_w
                outside_vectors[w, j] = row - step * center_vectors[center, j]  # u_w −= η (σ − y) v_c
    for j in range(dim):
        center_vectors[center, j] -= lr * grad_hidden[j]     # v_c −= η ∂J/∂v_c
    return loss


# ---------------------------------------------------------------------------
# The loops over a chunk of text
# ---------------------------------------------------------------------------

@njit(**_COMPILE)
def skipgram_sgd(center_vectors, outside_vectors, tokens, sentence_ids, reduced_windows, accept, alias, negative,
                 per_pair, lr_start, lr_end, seed, loss_every=1):
    r"""Skip-gram with negative sampling over a chunk of text, one SGD step per window or per pair.

    For every center token :math:`t` (word :math:`c`), its outside words are the tokens at most
    ``reduced_windows[t]`` positions away in the same sentence. With ``per_pair=False``
    (``negatives="per_window"``) one step covers the whole window: :math:`K` negatives are
    drawn once and shared by its :math:`n` pairs, each negative weighted by the number of
    pairs whose positive word it is not, i.e. the step follows the gradient of chapter 5's window
    loss :math:`\sum_o J(v_c, o)` with the same :math:`K` negatives in every pair. With
    ``per_pair=True`` (word2vec.c's update) every pair draws :math:`K` fresh negatives and is its
    own step. A negative equal to the pair's positive word is skipped, as in word2vec.c.
    The learning rate falls linearly from ``lr_start`` at the first token to ``lr_end``.

    Parameters
    ----------
    center_vectors, outside_vectors : ndarray of float, shape (V, d)
        Rows :math:`v_w` and :math:`u_w`, updated in place.
    tokens : ndarray of int, shape (n,)
        Word indices of the chunk's tokens (after subsampling).
    sentence_ids : ndarray of int, shape (n,)
        Sentence of each token; windows never cross sentences.
    reduced_windows : ndarray of int64, shape (n,)
        Window :math:`b \in [1, m]` of each center (word2vec.c's dynamic window).
    accept, alias : ndarray of shape (V,)
        The noise distribution :math:`P(w) \propto \mathrm{count}(w)^{3/4}` (:func:`alias_table`).
    negative : int
        :math:`K`.
    per_pair : bool
        Fresh negatives for every pair (True) or once per window (False).
    lr_start, lr_end : float
        :math:`\eta` at the first and after the last token.
    seed : int
        Seed of the negatives.
    loss_every : int, default 1
        Compute the loss on every ``loss_every``-th center token only (its logarithms cost
        about a third of the time); training is the same for any value.

    Returns
    -------
    loss_sum : float
        Sum of the pair losses :math:`J(v_c, o)` of the measured centers, each taken before its step.
    n_measured : int
        Number of pairs in ``loss_sum``.
    n_pairs : int
        Number of (center, outside) pairs trained.
    """
    n_tokens = tokens.shape[0]
    dim = center_vectors.shape[1]
    dtype = center_vectors.dtype
    max_window = 1
    for t in range(n_tokens):
        max_window = max(max_window, reduced_windows[t])
    size = 2 * max_window + negative
    words = np.empty(size, dtype=np.int64)
    labels = np.empty(size, dtype=np.int64)
    weights = np.empty(size, dtype=dtype)
    coefs = np.empty(size, dtype=dtype)
    pair_words = np.empty(negative + 1, dtype=np.int64)  # per_pair: o, then its K negatives
    pair_negatives = np.empty((2 * max_window, negative), dtype=np.int64)  # per_pair: a window's negatives
    n_kept = np.empty(2 * max_window, dtype=np.int64)
    grad_hidden = np.empty(dim, dtype=dtype)
    lr_typed = np.empty(1, dtype=dtype)  # η in the vectors' dtype
    state = np.array([seed], dtype=np.uint64)
    loss_sum = 0.0
    n_measured = n_pairs = 0
    for t in range(n_tokens):
        lr_typed[0] = lr_start + (lr_end - lr_start) * (t / n_tokens)
        lr = lr_typed[0]
        center = tokens[t]
        first = max(0, t - reduced_windows[t])
        last = min(n_tokens, t + reduced_windows[t] + 1)
        n_outside = 0
        for position in range(first, last):
            if position != t and sentence_ids[position] == sentence_ids[t]:
                words[n_outside] = tokens[position]  # o, label 1, weight 1
                _prefetch_row(outside_vectors, tokens[position])
                labels[n_outside] = 1
                weights[n_outside] = 1.0
                n_outside += 1
        if n_outside == 0:
            continue
        n_pairs += n_outside
        measure = t % loss_every == 0 or n_measured == 0  # at least the first window is measured
        if measure:
            n_measured += n_outside
        if per_pair:
            # Every pair's K negatives are drawn first (the same draws, in the same order, as pair by
            # pair) and their rows requested from memory, so that loading them overlaps the arithmetic
            # of the pairs before them: the rows are what the loop waits for.
            for pair in range(n_outside):
                outside = words[pair]
                kept = 0
                for k in range(negative):
                    negative_word = _draw_negative(state, accept, alias)
                    if negative_word != outside:  # word2vec.c skips a draw equal to the positive word
                        pair_negatives[pair, kept] = negative_word
                        kept += 1
                        _prefetch_row(outside_vectors, negative_word)
                n_kept[pair] = kept
            for pair in range(n_outside):
                pair_words[0] = words[pair]
                for k in range(n_kept[pair]):
                    pair_words[1 + k] = pair_negatives[pair, k]
                loss_sum += pair_step(center_vectors, center, outside_vectors, pair_words, 1 + n_kept[pair], lr,
                                      grad_hidden, coefs, measure)
        else:
            hidden = center_vectors[center]  # v_c (a view: updated below)
            for k in range(negative):
                negative_word = _draw_negative(state, accept, alias)
                sharing = 0  # pairs of the window whose positive word is not this negative
                for pair in range(n_outside):
                    if words[pair] != negative_word:
                        sharing += 1
                words[n_outside + k] = negative_word
                labels[n_outside + k] = 0
                weights[n_outside + k] = sharing
            loss_sum += neg_sampling_step(hidden, outside_vectors, words, labels, weights, n_outside + negative,
                                          lr, grad_hidden, coefs, measure)
            for j in range(dim):
                hidden[j] -= lr * grad_hidden[j]  # v_c −= η Σ_o ∂J(v_c, o)/∂v_c, once per window
    return loss_sum, n_measured, n_pairs


@njit(**_COMPILE)
def cbow_sgd(center_vectors, outside_vectors, tokens, sentence_ids, reduced_windows, accept, alias, negative,
             lr_start, lr_end, seed, loss_every=1):
    r"""CBOW with negative sampling over a chunk of text, one SGD step per window.

    For every center token (word :math:`c`) with :math:`C \ge 1` context words in its reduced
    window, :math:`h = \frac{1}{C}\sum_{w} v_w` predicts :math:`c` against :math:`K` negatives
    (a negative equal to :math:`c` is skipped); :math:`u_c` and the negatives move as in
    :func:`neg_sampling_step`. Every context word then moves by the *whole*
    :math:`\eta\, \partial J/\partial h`, as in word2vec.c and gensim: that is :math:`C` times the
    gradient :math:`\frac{1}{C}\, \partial J/\partial h` of chapter 6 (Rong's CBOW, which the
    minibatch trainer follows), i.e. a learning rate :math:`C\eta` for the context vectors.
    With :math:`\frac{1}{C}` the context vectors learn :math:`C` times slower and, at word2vec's
    learning rate, 5 epochs of real text give much worse vectors (chapter 9).

    Parameters
    ----------
    center_vectors, outside_vectors, tokens, sentence_ids, reduced_windows, accept, alias, negative
        As in :func:`skipgram_sgd`.
    lr_start, lr_end : float
        :math:`\eta` at the first and after the last token.
    seed, loss_every
        As in :func:`skipgram_sgd`.

    Returns
    -------
    loss_sum : float
        Sum of the losses of the measured examples, each taken before its step.
    n_measured : int
        Number of examples in ``loss_sum``.
    n_examples : int
        Number of windows (CBOW examples) trained.
    """
    n_tokens = tokens.shape[0]
    dim = center_vectors.shape[1]
    dtype = center_vectors.dtype
    size = negative + 1
    words = np.empty(size, dtype=np.int64)
    labels = np.zeros(size, dtype=np.int64)
    weights = np.empty(size, dtype=dtype)
    coefs = np.empty(size, dtype=dtype)
    hidden = np.empty(dim, dtype=dtype)
    grad_hidden = np.empty(dim, dtype=dtype)
    typed = np.empty(2, dtype=dtype)  # 1 / C and η in the vectors' dtype
    state = np.array([seed], dtype=np.uint64)
    loss_sum = 0.0
    n_measured = n_examples = 0
    for t in range(n_tokens):
        lr_now = lr_start + (lr_end - lr_start) * (t / n_tokens)
        first = max(0, t - reduced_windows[t])
        last = min(n_tokens, t + reduced_windows[t] + 1)
        for j in range(dim):
            hidden[j] = 0.0
        n_context = 0
        for position in range(first, last):
            if position != t and sentence_ids[position] == sentence_ids[t]:
                word = tokens[position]
                for j in range(dim):
                    hidden[j] += center_vectors[word, j]
                n_context += 1
        if n_context == 0:
            continue
        typed[0], typed[1] = 1.0 / n_context, lr_now  # 1/C for the mean; η (not η/C) for the update
        for j in range(dim):
            hidden[j] *= typed[0]  # h = mean of the context's v_w
        center = tokens[t]
        words[0], labels[0], weights[0] = center, 1, 1.0
        for k in range(negative):
            negative_word = _draw_negative(state, accept, alias)
            words[1 + k] = negative_word
            weights[1 + k] = 0.0 if negative_word == center else 1.0
        measure = t % loss_every == 0 or n_measured == 0
        loss_sum += neg_sampling_step(hidden, outside_vectors, words, labels, weights, size, lr_now, grad_hidden,
                                      coefs, measure)
        n_measured += measure
        share = typed[1]
        for position in range(first, last):
            if position != t and sentence_ids[position] == sentence_ids[t]:
                word = tokens[position]
                for j in range(dim):
                    center_vectors[word, j] -= share * grad_hidden[j]  # v_w −= η ∂J/∂h (word2vec.c)
        n_examples += 1
    return loss_sum, n_measured, n_examples
