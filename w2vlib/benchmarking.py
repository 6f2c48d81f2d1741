r"""Timing helpers: what one training pair costs with each loss as the vocabulary grows.

Naive softmax touches all :math:`|V|` outside vectors for every pair; negative
sampling touches :math:`K + 1`. :func:`seconds_per_pair` measures that
difference with w2vlib's own minibatch kernels (:func:`w2vlib.batch.skipgram_batch`
plus the SGD update), on random vectors of a chosen vocabulary size, with
words drawn from a Zipf law (count of the :math:`r`-th word :math:`\propto 1/r`) as in real text.
Used by ``benchmarks/bench_scaling.py`` and chapter 9, *Real text*.
"""

import time

import numpy as np

from w2vlib._validation import check_positive_int
from w2vlib.batch import _skipgram_batch
from w2vlib.sampling import NegativeSampler
from w2vlib.training import _single_threaded_blas

__all__ = ["seconds_per_pair"]


def seconds_per_pair(loss, vocab_size, *, dim=100, negative=5, batch_size=256, repeats=5, seed=0):
    r"""Best-of-``repeats`` wall time of one minibatch SGD step, divided by its number of pairs.

    A step is what :func:`w2vlib.train` runs per minibatch: the kernel of
    :func:`w2vlib.batch.skipgram_batch` (losses and gradients of ``batch_size``
    random (center, outside) pairs, without the input checks, which read the
    whole tables) followed by the in-place SGD updates of both tables, all in
    float32 as in training, with BLAS limited to one thread.

    Parameters
    ----------
    loss : {"neg", "softmax"}
        Negative sampling (:math:`K` = ``negative`` negatives per pair, drawn as word2vec does)
        or naive softmax over all :math:`|V|` words.
    vocab_size : int
        :math:`|V|`.
    dim : int, default 100
        :math:`d`.
    negative : int, default 5
        :math:`K` (``"neg"`` only).
    batch_size : int, default 256
        Pairs per step.
    repeats : int, default 5
        Steps timed; the fastest is kept (the least disturbed by other processes).
    seed : int, default 0

    Returns
    -------
    float
        Seconds per (center, outside) pair.

    Examples
    --------
    >>> seconds_per_pair("softmax", 2000, repeats=2) > seconds_per_pair("neg", 2000, repeats=2)
    True
    """
    if loss not in ("neg", "softmax"):
        raise ValueError(f'loss must be "neg" or "softmax", got {loss!r}')
    vocab_size = check_positive_int("vocab_size", vocab_size)
    dim, negative = check_positive_int("dim", dim), check_positive_int("negative", negative)
    batch_size, repeats = check_positive_int("batch_size", batch_size), check_positive_int("repeats", repeats)
    rng = np.random.default_rng(seed)
    center_vectors = ((rng.random((vocab_size, dim)) - 0.5) / dim).astype(np.float32)
    outside_vectors = ((rng.random((vocab_size, dim)) - 0.5) / dim).astype(np.float32)
    zipf_counts = 1.0 / np.arange(1, vocab_size + 1)
    sampler = NegativeSampler(zipf_counts, seed=rng)
    best = float("inf")
    with _single_threaded_blas(True):
        for _ in range(repeats):
            best = min(best, _time_one_step(loss, center_vectors, outside_vectors, sampler, zipf_counts,
                                            batch_size, negative, rng))
    return best / batch_size


def _time_one_step(loss, center_vectors, outside_vectors, sampler, zipf_counts, batch_size, negative, rng):
    """Seconds of one SGD step on a fresh random batch (drawing the batch is not timed)."""
    vocab_size = center_vectors.shape[0]
    centers, outsides = rng.choice(vocab_size, size=(2, batch_size), p=zipf_counts / zipf_counts.sum())
    neg_indices = sampler.sample_matrix(batch_size, negative) if loss == "neg" else None
    start = time.perf_counter()
    _, grad_center, grad_outside = _skipgram_batch(centers, outsides, center_vectors, outside_vectors, loss,
                                                   neg_indices)
    grad_center.apply(center_vectors, 0.025)
    grad_outside.apply(outside_vectors, 0.025)
    return time.perf_counter() - start
