r"""Timing helpers: the cost of a training pair, training speed, and gensim for comparison.

Naive softmax touches all :math:`|V|` outside vectors for every pair; negative
sampling touches :math:`K + 1`. :func:`seconds_per_pair` measures that
difference with w2vlib's own minibatch kernels (:func:`w2vlib.batch.skipgram_batch`
plus the SGD update), on random vectors of a chosen vocabulary size, with
words drawn from a Zipf law (count of the :math:`r`-th word :math:`\propto 1/r`) as in real text.
Used by ``benchmarks/bench_scaling.py`` and chapter 9, *Real text*.

:func:`words_per_second` times one :func:`w2vlib.train` run, and
:func:`train_gensim` trains gensim's skip-gram with the same arguments
(w2vlib's names), keeping a copy of its vectors after every epoch, so chapter 9
can compare speed and quality on the same text.
"""

import dataclasses
import time

import numpy as np

from w2vlib._validation import check_positive_int
from w2vlib.batch import _skipgram_batch
from w2vlib.sampling import NegativeSampler
from w2vlib.training import _single_threaded_blas, train

__all__ = ["GensimRun", "seconds_per_pair", "train_gensim", "words_per_second"]


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


def words_per_second(sentences, **settings):
    """Train once with :func:`w2vlib.train` and return the corpus words processed per second.

    Parameters
    ----------
    sentences : list of list of str
        The corpus; every token counts, including words later dropped by ``min_count``.
    **settings
        :func:`w2vlib.train` arguments (``progress`` is off unless given).

    Returns
    -------
    float
        ``epochs × tokens / seconds``, with the run's number of epochs.

    Examples
    --------
    >>> words_per_second([["a", "b", "c"]] * 20, dim=4, min_count=1, epochs=1) > 0
    True
    """
    settings = {"progress": False, **settings}
    start = time.perf_counter()
    model = train(sentences, **settings)
    seconds = time.perf_counter() - start
    tokens = sum(len(sentence) for sentence in sentences)
    return model.config["epochs"] * tokens / seconds


@dataclasses.dataclass
class GensimRun:
    """A gensim skip-gram model trained by :func:`train_gensim`, with what chapter 9 reads from it.

    Attributes
    ----------
    vectors : ndarray of shape (V, d)
        The word vectors (gensim's ``wv.vectors``, its input vectors, like w2vlib's :math:`v_w`).
    words : list of str, length V
        The word of each row, most frequent first.
    snapshots : list of (int, ndarray of shape (V, d))
        ``(epochs completed, vectors)`` after every epoch.
    seconds : float
        Wall time of training (including the per-epoch copies, which take milliseconds).
    model : gensim.models.Word2Vec
    """

    vectors: np.ndarray
    words: list
    snapshots: list
    seconds: float
    model: object


def train_gensim(sentences, *, dim=100, window=5, negative=5, min_count=5, subsample=1e-3, lr=0.025,
                 min_lr=1e-4, epochs=5, seed=1, workers=1, keep_snapshots=True, architecture="skipgram",
                 init="gensim"):
    r"""Train gensim's skip-gram (or CBOW) with negative sampling, given w2vlib's argument names.

    The arguments mean what they mean for :func:`w2vlib.train` and map to gensim's
    ``vector_size``, ``window``, ``negative``, ``min_count``, ``sample``, ``alpha``,
    ``min_alpha``, ``epochs``, ``seed`` and ``workers`` (``sg=1``, ``hs=0``; ``architecture="cbow"``
    gives ``sg=0`` with gensim's default ``cbow_mean=1``, the mean of the context, as w2vlib).
    With ``workers=1`` the same seed gives the same vectors every time.

    Parameters
    ----------
    sentences : list of list of str
    dim, window, negative, min_count : int
        :math:`d`, :math:`m`, :math:`K` and the smallest count kept.
    subsample, lr, min_lr : float
        Subsampling threshold :math:`t`, starting and final learning rate :math:`\eta`.
    epochs, seed, workers : int
        ``workers=1`` compares one thread with w2vlib's one thread.
    keep_snapshots : bool
        Copy the vectors after each epoch (``GensimRun.snapshots``); off for
        benchmarks, where the copies would count in time and peak memory.
    architecture : {"skipgram", "cbow"}, default "skipgram"
    init : {"gensim", "word2vec"}, default "gensim"
        ``"gensim"`` keeps gensim's input vectors :math:`\mathcal{U}(-\tfrac{1}{d}, \tfrac{1}{d})`;
        ``"word2vec"`` redraws them from word2vec.c's (and w2vlib's)
        :math:`\mathcal{U}(-\tfrac{0.5}{d}, \tfrac{0.5}{d})` between ``build_vocab`` and ``train``
        (numpy's generator seeded with ``seed``), to measure what the range changes.

    Returns
    -------
    GensimRun
    """
    from gensim.models import Word2Vec
    from gensim.models.callbacks import CallbackAny2Vec

    class _CopyEachEpoch(CallbackAny2Vec):
        def __init__(self):
            self.snapshots = []

        def on_epoch_end(self, gensim_model):
            self.snapshots.append((len(self.snapshots) + 1, gensim_model.wv.vectors.copy()))

    if isinstance(sentences, (str, bytes)) or not sentences:
        raise TypeError("sentences must be a non-empty list of lists of str")
    copies = _CopyEachEpoch()
    start = time.perf_counter()
    if architecture not in ("skipgram", "cbow"):
        raise ValueError(f'architecture must be "skipgram" or "cbow", got {architecture!r}')
    if init not in ("gensim", "word2vec"):
        raise ValueError(f'init must be "gensim" or "word2vec", got {init!r}')
    settings = dict(sg=int(architecture == "skipgram"), hs=0, vector_size=dim, window=window, negative=negative,
                    min_count=min_count, sample=subsample, alpha=lr, min_alpha=min_lr, epochs=epochs,
                    seed=seed, workers=workers, callbacks=[copies] if keep_snapshots else [])
    if init == "gensim":
        model = Word2Vec(sentences, **settings)
    else:  # the same run, with word2vec.c's initial range in place of gensim's before training
        model = Word2Vec(**settings)
        model.build_vocab(sentences)
        vectors = model.wv.vectors
        vectors[:] = np.random.default_rng(seed).random(vectors.shape, dtype=np.float32)
        vectors -= np.float32(0.5)
        vectors /= np.float32(dim)
        model.train(sentences, total_examples=model.corpus_count, epochs=epochs,
                    callbacks=[copies] if keep_snapshots else [])
    seconds = time.perf_counter() - start
    return GensimRun(model.wv.vectors, list(model.wv.index_to_key), copies.snapshots, seconds, model)
