r"""Drawing negative samples from the smoothed unigram distribution.

Explained in chapter 4, *Negative sampling*. Word2vec draws negatives with
probability :math:`P(w) \propto \mathrm{count}(w)^{3/4}`, which flattens the
unigram distribution so rare words are drawn more often than their frequency.
"""

import numbers

import numpy as np

from w2vlib._validation import (
    check_counts,
    check_index,
    check_indices,
    check_positive_int,
    check_real_scalar,
)

__all__ = ["NegativeSampler"]


class NegativeSampler:
    r"""Seeded sampler of negative word indices with :math:`P(w) \propto \mathrm{count}(w)^{\alpha}`.

    Draws are independent and with replacement, so a batch may repeat a word
    (the losses accumulate repeats). With ``exclude``, draws equal to the
    positive word :math:`o` are redrawn, which samples from the same
    distribution conditioned on :math:`w \ne o`.
    Explained in chapter 4, *Negative sampling*.

    Parameters
    ----------
    counts : array_like of shape (V,)
        Word counts :math:`\mathrm{count}(w)`: finite, non-negative, positive sum.
        Words with count 0 are never drawn.
    power : float, default 0.75
        The exponent :math:`\alpha` (word2vec uses 3/4), finite and ≥ 0.
    seed : int, numpy.random.Generator or None, default 0
        Seed of the sampler's own ``numpy.random.Generator`` (or the generator itself).
        The same seed gives the same draws.

    Attributes
    ----------
    probabilities : ndarray of shape (V,)
        :math:`P(w) = \mathrm{count}(w)^{\alpha} / \sum_{w'} \mathrm{count}(w')^{\alpha}` (a copy).
    vocab_size : int
        :math:`V`.

    Examples
    --------
    >>> sampler = NegativeSampler([16, 1, 0, 1], seed=0)
    >>> print(np.round(sampler.probabilities, 3))
    [0.8 0.1 0.  0.1]
    >>> sampler.sample(5, exclude=0).tolist()
    [3, 3, 1, 1, 1]
    >>> sampler.sample_matrix(2, 3, exclude=np.array([1, 3])).shape
    (2, 3)
    """

    def __init__(self, counts, power=0.75, seed=0):
        counts = check_counts("counts", counts)
        power = check_real_scalar("power", power, minimum=0.0)
        weights = np.where(counts > 0, counts ** power, 0.0)
        self._probabilities = weights / weights.sum()
        self._support = np.flatnonzero(weights > 0)
        cumulative = np.cumsum(weights[self._support])
        self._cumulative = cumulative / cumulative[-1]
        self._cumulative[-1] = 1.0  # uniform draws in [0, 1) always land inside the support
        if isinstance(seed, np.random.Generator):
            self._rng = seed
        elif seed is None or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool)):
            self._rng = np.random.default_rng(seed)
        else:
            raise TypeError(f"seed must be an int, None or a numpy.random.Generator, got {type(seed).__name__}")

    @property
    def probabilities(self):
        return self._probabilities.copy()

    @property
    def vocab_size(self):
        return self._probabilities.shape[0]

    def __repr__(self):
        return f"NegativeSampler(vocab_size={self.vocab_size})"

    def _draw(self, shape):
        positions = np.searchsorted(self._cumulative, self._rng.random(shape), side="right")
        return self._support[positions]

    def _check_exclusion_possible(self, excluded):
        only_word = self._support[0] if self._support.size == 1 else None
        if only_word is not None and np.any(excluded == only_word):
            raise ValueError(f"exclude cannot be word {only_word}: it is the only word with a positive count")

    def _redraw_excluded(self, samples, excluded):
        clash = samples == excluded
        while np.any(clash):
            samples[clash] = self._draw(int(clash.sum()))
            clash = samples == excluded
        return samples

    def sample(self, k, exclude=None):
        r"""Draw :math:`K` negative word indices, optionally never equal to ``exclude``.

        Parameters
        ----------
        k : int
            :math:`K \ge 1`, the number of negatives.
        exclude : int, optional
            :math:`o`, a word index in ``[0, V)`` that must not be drawn (it is redrawn).

        Returns
        -------
        ndarray of int64, shape (K,)
            :math:`w_1, \dots, w_K`; may repeat.
        """
        k = check_positive_int("k", k)
        samples = self._draw(k)
        if exclude is None:
            return samples
        exclude = check_index("exclude", exclude, self.vocab_size)
        self._check_exclusion_possible(np.array([exclude]))
        return self._redraw_excluded(samples, exclude)

    def sample_matrix(self, n, k, exclude=None):
        r"""Draw an ``(n, K)`` matrix of negatives, row ``j`` never equal to ``exclude[j]``.

        Suits :func:`w2vlib.skipgram`, whose ``neg_indices`` has one row per outside word.

        Parameters
        ----------
        n : int
            Number of rows (e.g. outside words in the window), ≥ 1.
        k : int
            :math:`K \ge 1`, negatives per row.
        exclude : ndarray of int, shape (n,), optional
            Row ``j``'s positive word :math:`o_j`, which row ``j`` must not contain.

        Returns
        -------
        ndarray of int64, shape (n, K)
        """
        n = check_positive_int("n", n)
        k = check_positive_int("k", k)
        samples = self._draw((n, k))
        if exclude is None:
            return samples
        exclude = check_indices("exclude", exclude, self.vocab_size, shape=(n,),
                                shape_doc=f"of shape ({n},) (one positive word per row)")
        self._check_exclusion_possible(exclude)
        return self._redraw_excluded(samples, exclude[:, None])
