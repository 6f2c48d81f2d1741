r"""Train word2vec (skip-gram or CBOW, naive softmax or negative sampling) with SGD.

:func:`train` runs the gradients of chapters 2–6 over a whole corpus: the
corpus becomes word indices, each epoch subsamples frequent words and draws
dynamic windows, and SGD follows word2vec's linearly decaying learning rate.
Two trainers share that loop:

* the **compiled trainer** (the default for negative sampling, ``batch_size=None``):
  :mod:`w2vlib.kernels` walks the text window by window, one SGD step per pair
  (``negatives="per_pair"``, the default: chapter 4's update, as word2vec.c) or per window
  (``negatives="per_window"``, faster, shared negatives), on ``workers`` threads at once;
* the **minibatch trainer** (``batch_size=B``, and always for the naive softmax): numpy
  cuts the text into examples (:mod:`w2vlib.batch`) and takes one step per minibatch.

Explained in chapter 8, *Training a toy word2vec*, and chapter 9, *Real text*.
"""

import collections
import concurrent.futures
import contextlib
import numbers
import os

import numpy as np
from tqdm.auto import tqdm

from w2vlib._validation import check_positive_int, check_real_scalar
from w2vlib import kernels
from w2vlib.batch import _cbow_batch, _skipgram_batch, _skipgram_chunk, _window_mask, cbow_examples, skipgram_pairs
from w2vlib.model import TrainingHistory, Word2VecModel
from w2vlib.sampling import NegativeSampler
from w2vlib.sgd import linear_decay_lr
from w2vlib.vocab import Vocabulary, keep_probabilities

__all__ = ["train", "TrainingDivergedError", "ARCHITECTURES", "LOSSES", "INITS", "NEGATIVES"]

ARCHITECTURES = ("skipgram", "cbow")
LOSSES = ("neg", "softmax")
INITS = ("word2vec", "gensim", "random")
NEGATIVES = ("per_pair", "per_window", "shared")
DEFAULT_BATCH_SIZE = 1024  # minibatch trainer: examples per step when batch_size is not given (softmax, "shared")
SHARED_POOL_FRACTION = 4  # negatives="shared": a pool of T/4 words for T centers (at least K)
MAX_SENTENCE_LENGTH = 1000  # word2vec.c's MAX_SENTENCE_LENGTH: longer sentences are split
_CHUNK_TOKENS = 16384  # tokens turned into examples at a time (bounds memory on large corpora)
LOSS_EVERY = 8  # compiled trainer: the loss is measured on every 8th center (its logarithms are costly)


# A mean loss per example above this means scores of this size: the vectors have blown up
# (a healthy run starts near log|V| or (K+1) log 2 and goes down), even if still finite.
EXPLODED_LOSS = 1e4


class TrainingDivergedError(FloatingPointError):
    """The training loss became NaN, infinite or exploded; the learning rate is almost always too high.

    Attributes
    ----------
    step : int
        1-based number of the step whose loss was non-finite or above ``EXPLODED_LOSS``.
    epoch : int
        1-based epoch of that step.
    lr : float
        Learning rate at that step.
    """

    def __init__(self, message, *, step, epoch, lr):
        super().__init__(message)
        self.step, self.epoch, self.lr = step, epoch, lr


def _choice(name, value, allowed):
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(repr(option) for option in allowed)}, got {value!r}")
    return value


def _resolve_trainer(loss, batch_size, negatives, workers):
    """Pick the trainer: ("compiled" or "minibatch", negatives, batch_size), or raise naming the argument."""
    if negatives is not None:
        _choice("negatives", negatives, NEGATIVES)
    compiled = loss == "neg" and batch_size is None and negatives != "shared"
    if compiled:
        return "compiled", negatives or "per_pair", None
    if negatives == "per_window":
        raise ValueError('negatives="per_window" is the compiled trainer\'s (loss="neg", batch_size=None); '
                         f"with batch_size={batch_size!r} use negatives=\"per_pair\" or \"shared\"")
    if workers != 1:
        raise ValueError(f"workers={workers} needs the compiled trainer (loss=\"neg\", batch_size=None, "
                         "negatives \"per_pair\" or \"per_window\"); the minibatch trainer runs on one thread")
    batch_size = DEFAULT_BATCH_SIZE if batch_size is None else check_positive_int("batch_size", batch_size)
    return "minibatch", negatives or "per_pair", batch_size


def _validate(architecture, loss, dim, window, negative, epochs, lr, min_lr, min_count, subsample, batch_size,
              seed, init, snapshot_every, negatives=None, neg_power=0.75, workers=1):
    config = {
        "architecture": _choice("architecture", architecture, ARCHITECTURES),
        "loss": _choice("loss", loss, LOSSES),
        "dim": check_positive_int("dim", dim),
        "window": check_positive_int("window", window),
        "epochs": check_positive_int("epochs", epochs),
        "min_count": check_positive_int("min_count", min_count),
        "init": _choice("init", init, INITS),
        "neg_power": check_real_scalar("neg_power", neg_power, minimum=0.0),
        "workers": check_positive_int("workers", workers),
    }
    config["trainer"], config["negatives"], config["batch_size"] = _resolve_trainer(
        config["loss"], batch_size, negatives, config["workers"])
    if config["negatives"] == "shared" and (architecture, loss) != ("skipgram", "neg"):
        raise ValueError(f'negatives="shared" is the fast path of skip-gram with negative sampling; it needs '
                         f'architecture="skipgram" and loss="neg", got architecture={architecture!r}, loss={loss!r}')
    if loss == "neg":
        config["negative"] = check_positive_int("negative", negative)
    else:
        config["negative"] = None  # naive softmax uses every word; negative is ignored
    if lr is None:
        lr = 0.025 if architecture == "skipgram" else 0.05  # word2vec.c's defaults
    config["lr"] = check_real_scalar("lr", lr, minimum=0.0, strict=True)
    config["min_lr"] = 1e-4 * config["lr"] if min_lr is None else check_real_scalar("min_lr", min_lr, minimum=0.0)
    if config["min_lr"] > config["lr"]:
        raise ValueError(f"min_lr must be ≤ lr={config['lr']} (the rate decays from lr down to min_lr), "
                         f"got {config['min_lr']}")
    config["subsample"] = check_real_scalar("subsample", subsample, minimum=0.0)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    config["seed"] = int(seed)
    if snapshot_every is not None:
        snapshot_every = check_positive_int("snapshot_every", snapshot_every)
    config["snapshot_every"] = snapshot_every
    return config


def _tokenize(sentences):
    if isinstance(sentences, (str, bytes)):
        raise TypeError("sentences must be an iterable of sentences (token lists or strings), got a single "
                        "string; pass [text] to train on it as one sentence, or text.splitlines()")
    try:
        return [sentence.split() if isinstance(sentence, str) else sentence if isinstance(sentence, list)
                else list(sentence) for sentence in sentences]  # token lists are used as they are, not copied
    except TypeError:
        raise TypeError(f"sentences must be an iterable of token lists or strings, "
                        f"got {type(sentences).__name__}") from None


def _encode_corpus(sentences, min_count):
    """Vocabulary, the corpus as one token array, and a sentence id per token (long sentences split)."""
    if not any(len(sentence) for sentence in sentences):
        raise ValueError("sentences is empty: it must contain at least one sentence with two words")
    try:
        vocab = Vocabulary.build(sentences, min_count=min_count)
    except ValueError as error:
        raise ValueError(f"min_count={min_count} leaves an empty vocabulary ({error}); lower min_count") from None
    # One int32 array filled in place, no per-sentence arrays: the encoded corpus is most of the
    # training memory. Every in-vocabulary token is counted in vocab.counts, so its size is known.
    tokens, lengths = vocab.encode_flat(sentences, n_tokens=vocab.counts.sum())
    lengths = lengths[lengths > 0]
    if not lengths.size:
        raise ValueError("sentences has no words left after min_count")
    pieces = -(-lengths // MAX_SENTENCE_LENGTH)  # a sentence of L words is cut into ⌈L / 1000⌉ pieces
    piece_lengths = np.full(int(pieces.sum()), MAX_SENTENCE_LENGTH)
    piece_lengths[np.cumsum(pieces) - 1] = lengths - (pieces - 1) * MAX_SENTENCE_LENGTH
    sentence_ids = np.repeat(np.arange(piece_lengths.size, dtype=np.int32), piece_lengths)
    if not np.any(sentence_ids[1:] == sentence_ids[:-1]):
        raise ValueError(f"sentences has no sentence with two words that occur ≥ min_count={min_count} times, "
                         "so there is no (center, outside) pair to train on")
    return vocab, tokens, sentence_ids


def _kept_positions(tokens, keep_probs, rng):
    """Positions that survive subsampling this epoch, drawn block by block (same draws, little memory)."""
    kept = []
    for start in range(0, tokens.shape[0], _CHUNK_TOKENS):
        block = tokens[start:start + _CHUNK_TOKENS]
        kept.append((start + np.flatnonzero(rng.random(block.shape[0]) < keep_probs[block])).astype(np.int32))
    return np.concatenate(kept)


def _chunks(sentence_ids):
    """(start, end) slices of about _CHUNK_TOKENS tokens that never split a sentence."""
    n_tokens = sentence_ids.shape[0]
    sentence_starts = np.flatnonzero(np.concatenate(([True], sentence_ids[1:] != sentence_ids[:-1])))
    targets = np.arange(_CHUNK_TOKENS, n_tokens, _CHUNK_TOKENS)
    cuts = np.unique(sentence_starts[np.minimum(np.searchsorted(sentence_starts, targets),
                                                sentence_starts.size - 1)])
    bounds = [0] + [int(cut) for cut in cuts if 0 < cut < n_tokens] + [n_tokens]
    return list(zip(bounds[:-1], bounds[1:]))


def _initial_vectors(vocab_size, dim, init, rng):
    """word2vec.c: v_w ~ uniform(−0.5/d, 0.5/d), u_w = 0; "gensim": v_w ~ uniform(−1/d, 1/d), u_w = 0
    (gensim's ``prep_vectors``); "random": both uniform(−0.5/d, 0.5/d)."""
    half_width = np.float32(1.0 if init == "gensim" else 0.5)

    def uniform(half_width=np.float32(0.5)):  # in place: no temporary tables ((x - 0.5) · 2w / d)
        table = rng.random((vocab_size, dim), dtype=np.float32)
        table -= np.float32(0.5)
        table *= np.float32(2.0) * half_width
        table /= np.float32(dim)
        return table

    center_vectors = uniform(half_width)
    outside_vectors = np.zeros((vocab_size, dim), dtype=np.float32) if init != "random" else uniform()
    return center_vectors, outside_vectors


def show_progress(progress):
    """Whether :func:`train` shows a progress bar: ``progress`` if given, else unless the book is built.

    >>> show_progress(False), show_progress(True)
    (False, True)
    """
    if progress is None:
        return not os.environ.get("W2V_BOOK_BUILD")
    return bool(progress)


def train(sentences, *, architecture="skipgram", loss="neg", dim=50, window=5, negative=5, epochs=5, lr=None,
          min_lr=None, min_count=5, subsample=1e-3, batch_size=None, seed=0, init="word2vec", progress=None,
          snapshot_every=None, negatives=None, neg_power=0.75, workers=1):
    r"""Train word2vec on ``sentences`` and return a :class:`~w2vlib.Word2VecModel`.

    The loop, as in word2vec.c:

    1. Build the vocabulary (words occurring ≥ ``min_count`` times) and encode
       the corpus; sentences longer than 1000 words are split (word2vec.c does the same).
    2. Each epoch, drop frequent tokens with word2vec's subsampling
       (:func:`w2vlib.keep_probabilities` with ``subsample``); windows then reach past
       the dropped tokens, as in word2vec.c.
    3. For every center position draw a **reduced window**
       :math:`b \in [1, \text{window}]` uniformly (word2vec.c's dynamic window:
       close neighbours count more): skip-gram pairs :math:`(c, o)` or CBOW
       examples (context → :math:`c`), in corpus order.
    4. Take SGD steps on the losses of chapters 2, 4 and 5, with negatives from
       :math:`P(w) \propto \mathrm{count}(w)^{3/4}` and :math:`\eta` decayed linearly
       from ``lr`` to ``min_lr`` over all words of all epochs.

    **Which trainer runs.** By default (``loss="neg"``, ``batch_size=None``) the
    *compiled trainer* of :mod:`w2vlib.kernels` does step 4 window by window, updating
    the vectors in place after every step, as word2vec.c does:

    * ``negatives="per_pair"`` (the default): the update the book derives and word2vec.c's:
      every (center, outside) pair draws :math:`K` fresh negatives and is one SGD step on
      chapter 4's pair loss (:func:`w2vlib.kernels.pair_step`).
    * ``negatives="per_window"``: one step per window; its :math:`K` negatives are drawn
      once and shared by the window's pairs (skip-gram; for CBOW a window is one example
      anyway). Each pair's loss is still chapter 4's loss with :math:`K` negatives from
      :math:`P(w)`; what changes is that the ≈ 6 pairs of a window use the same :math:`K`
      words instead of independent ones, so a window costs :math:`n + K` dot products
      instead of :math:`n (K + 1)`: faster, but it learns about half the analogies of the
      exact update on chapter 9's corpus (``benchmarks/README.md``).

    Its CBOW moves every context vector by the whole :math:`\eta\,\partial J/\partial h`,
    as word2vec.c and gensim do (:func:`w2vlib.kernels.cbow_sgd`); the minibatch trainer
    follows chapter 6's gradient :math:`\frac{1}{C}\,\partial J/\partial h`.

    ``workers=N`` runs N such loops at once on different chunks of the text (about
    16 000 tokens each), writing to the shared tables without locks (Hogwild).
    ``workers=1`` is deterministic: the same ``seed`` gives the same vectors. With
    ``workers > 1`` the chunks, windows, subsampling and negatives are still the same
    draws as with one worker, but the order in which the threads' updates interleave
    (and the rare update lost when two threads write the same row at the same moment)
    varies from run to run, so the vectors differ slightly between runs.
    A *step* of ``model.history`` (and of ``snapshot_every``) is one chunk.

    With ``batch_size=B`` (and always for ``loss="softmax"``, default B = 1024) the
    *minibatch trainer* of chapter 8 runs instead: numpy turns the text into examples
    and takes one step per minibatch of B examples, with the **sum** of their gradients
    evaluated at the minibatch's start (:mod:`w2vlib.batch`); ``negatives="per_pair"``
    draws :math:`K` negatives per example. ``negatives="shared"`` (skip-gram with
    negative sampling) is chapter 9's numpy fast path: a step takes
    ``B // (window + 1)`` consecutive center tokens (about B pairs), scores all their
    pairs from one gather of the neighbouring rows, and replaces the :math:`K` negatives
    of each pair by a pool of :math:`N = \max(K, T/4)` words shared by the step, each
    weighted :math:`K/N` (same expected loss; see :func:`w2vlib.batch.skipgram_chunk_batch`).

    Initialization follows word2vec.c: center (input) vectors
    :math:`v_w \sim \mathcal{U}(-\tfrac{0.5}{d}, \tfrac{0.5}{d})`, outside (output)
    vectors :math:`u_w = 0` (``init="word2vec"``). ``init="gensim"`` draws the center vectors
    from gensim's twice wider :math:`\mathcal{U}(-\tfrac{1}{d}, \tfrac{1}{d})` (its ``prep_vectors``;
    ``benchmarks/README.md`` measures what that changes). ``init="random"`` draws the outside
    vectors like the center vectors, which makes small 2-D pictures livelier.
    All arrays are float32. The same ``seed`` gives identical vectors (with ``workers=1``).
    Explained in chapter 8, *Training a toy word2vec*, and chapter 9, *Real text*.

    Parameters
    ----------
    sentences : iterable of (list of str or str)
        The corpus. A string sentence is split on whitespace; a token list is used as is.
    architecture : {"skipgram", "cbow"}, default "skipgram"
        Skip-gram (center predicts each outside word) or CBOW (mean of the
        context's center vectors predicts the center word, Rong's formulation).
    loss : {"neg", "softmax"}, default "neg"
        Negative sampling or naive (full) softmax.
    dim : int, default 50
        :math:`d`, the vector dimension.
    window : int, default 5
        Maximum window size, words on each side.
    negative : int, default 5
        :math:`K`, negatives per example (``loss="neg"`` only; ignored for softmax).
    epochs : int, default 5
        Passes over the corpus.
    lr : float, optional
        Starting learning rate :math:`\eta_0 > 0`; default 0.025 (skip-gram) or 0.05 (CBOW), as word2vec.c.
    min_lr : float, optional
        Final learning rate, in ``[0, lr]``; default ``1e-4 * lr`` (word2vec.c's floor).
    min_count : int, default 5
        Words rarer than this are dropped from the corpus.
    subsample : float, default 1e-3
        word2vec's ``-sample`` threshold :math:`t`; 0 disables subsampling.
    batch_size : int, optional
        None (default): the compiled trainer for ``loss="neg"`` (one step per window or pair).
        An int: the minibatch trainer with this many examples per SGD step (default 1024 for
        the softmax and ``negatives="shared"``). Gradients are summed, not averaged, so very
        large batches act like a much larger learning rate on frequent words.
    seed : int, default 0
        Seeds initialization, windows, subsampling and negatives.
    init : {"word2vec", "gensim", "random"}, default "word2vec"
        Initialization of the vectors (see above): word2vec.c's, gensim's wider center vectors,
        or random outside vectors too.
    progress : bool or None, default None
        Show a ``tqdm`` progress bar (notebook-aware) with the running loss. ``None``: a bar
        that disappears when training ends, except while the static book is built (the book's
        build sets ``W2V_BOOK_BUILD=1``), whose pages show no bars.
    snapshot_every : int, optional
        Copy both vector tables every this many steps (plus at the start and the
        end) into ``model.snapshots`` — for watching the vectors move.
    negatives : {"per_window", "per_pair", "shared"}, optional
        How negatives are drawn (``loss="neg"``), see above. Default: ``"per_pair"``,
        :math:`K` fresh negatives for every pair, as word2vec.c (both trainers).
        ``"per_window"``: shared by a window's pairs (compiled trainer only).
        ``"shared"``: chapter 9's numpy fast path (skip-gram only; minibatch trainer).
    neg_power : float, default 0.75
        Exponent :math:`\alpha` of the noise distribution
        :math:`P(w) \propto \mathrm{count}(w)^{\alpha}` (word2vec: 3/4; 1 is the unigram
        distribution, 0 the uniform one).
    workers : int, default 1
        Threads of the compiled trainer (see above); only 1 for the minibatch trainer.

    Returns
    -------
    Word2VecModel
        ``vocab``, float32 ``center_vectors`` and ``outside_vectors`` (V, d),
        ``counts``, ``history`` (:class:`~w2vlib.model.TrainingHistory`:
        ``step_loss``, ``step_lr``, ``step_epoch``, ``epoch_loss``),
        ``snapshots`` (list of ``(step, center_vectors, outside_vectors)``) and ``config``.

    Raises
    ------
    ValueError
        Naming the argument: unknown ``architecture``/``loss``/``init``, ``lr ≤ 0``,
        ``min_lr > lr``, ``dim``/``window``/``epochs``/``min_count``/``batch_size``/``workers`` < 1,
        ``negative < 1`` with ``loss="neg"``, a ``negatives`` the chosen trainer does not have,
        ``workers > 1`` with the minibatch trainer, an empty corpus or one with nothing
        left after ``min_count``.
    TypeError
        If ``sentences`` is a single string or not an iterable of sentences.
    TrainingDivergedError
        If the loss becomes NaN or infinite (learning rate too high); no model is returned.

    Examples
    --------
    >>> model = train([["a", "b", "a", "c"]] * 20, dim=4, window=1, min_count=1, subsample=0,
    ...               epochs=2, progress=False)
    >>> model.vocab, model.center_vectors.shape, model.center_vectors.dtype
    (['a', 'b', 'c'], (3, 4), dtype('float32'))
    >>> len(model.history.epoch_loss), model.config["trainer"], model.config["negatives"]
    (2, 'compiled', 'per_pair')
    """
    config = _validate(architecture, loss, dim, window, negative, epochs, lr, min_lr, min_count, subsample,
                       batch_size, seed, init, snapshot_every, negatives, neg_power, workers)
    vocab, tokens, sentence_ids = _encode_corpus(_tokenize(sentences), config["min_count"])
    init_rng, window_rng, subsample_rng, negative_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence(config["seed"]).spawn(4))
    center_vectors, outside_vectors = _initial_vectors(len(vocab), config["dim"], config["init"], init_rng)
    n_tokens = tokens.shape[0]
    trainer = _Trainer(config, vocab, center_vectors, outside_vectors, negative_rng,
                       total_words=config["epochs"] * n_tokens)
    keep_probs = keep_probabilities(vocab.counts, config["subsample"])
    # Overflow is detected explicitly (TrainingDivergedError), so numpy's warnings would only be noise.
    with _single_threaded_blas(config["negatives"] == "shared"), _thread_pool(config["workers"]) as pool, \
            tqdm(total=config["epochs"] * n_tokens, unit="word", unit_scale=True,
                 disable=not show_progress(progress), leave=progress is not None,
                 desc=f"{config['architecture']}/{config['loss']}") as bar, \
            np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(config["epochs"]):
            if config["subsample"] > 0:
                kept_positions = _kept_positions(tokens, keep_probs, subsample_rng)
            else:
                kept_positions = np.arange(n_tokens, dtype=np.int32)
            trainer.start_epoch(epoch)
            chunks = _chunk_arrays(tokens, sentence_ids, kept_positions, epoch * n_tokens, n_tokens)
            if config["trainer"] == "compiled":
                words_done = trainer.train_chunks_compiled(chunks, window_rng, pool)
            else:
                train_chunk = trainer.train_chunk_shared if config["negatives"] == "shared" else trainer.train_chunk
                words_done = (train_chunk(*chunk, window_rng) for chunk in chunks)
            for words in words_done:
                bar.update(words)
                bar.set_postfix(loss=f"{trainer.running_loss:.4f}", refresh=False)
            trainer.end_epoch()
            del kept_positions, chunks  # before the next epoch draws its own
    return trainer.model(vocab)


def _chunk_arrays(tokens, sentence_ids, kept_positions, words_before, n_tokens):
    """Yield (tokens, sentence_ids, first_word, last_word) of each chunk of the kept positions, one at a time."""
    for start, end in _chunks(sentence_ids[kept_positions]):
        positions = kept_positions[start:end]
        first_word = words_before + (int(positions[0]) if start > 0 else 0)
        last_word = words_before + (int(positions[-1]) + 1 if end < kept_positions.size else n_tokens)
        yield tokens[positions], sentence_ids[positions], first_word, last_word


def _bounded_map(pool, function, items, depth):
    """``(item, function(item))`` in order, with at most ``depth`` items submitted to ``pool`` at a time."""
    pending = collections.deque()
    for item in items:
        pending.append((item, pool.submit(function, item)))
        if len(pending) >= depth:
            item, future = pending.popleft()
            yield item, future.result()
    while pending:
        item, future = pending.popleft()
        yield item, future.result()


@contextlib.contextmanager
def _thread_pool(workers):
    """Threads for the compiled trainer's chunks (None for one worker: chunks run in this thread)."""
    if workers == 1:
        yield None
        return
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="w2vlib-train")
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _single_threaded_blas(active):
    """Limit BLAS to one thread while the fast path runs (a no-op context when ``active`` is False).

    Its matrix products are small (≈170 × 100 × 42); spreading each over several
    threads costs more in synchronization than it saves, and on a busy machine it
    made training 6× slower in our measurements (chapter 9).
    """
    if not active:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits  # pinned in requirements.txt

    return threadpool_limits(limits=1, user_api="blas")


class _Trainer:
    """State of one training run: parameters, sampler, step counter, history, snapshots."""

    def __init__(self, config, vocab, center_vectors, outside_vectors, negative_rng, total_words):
        self.config = config
        self.center_vectors, self.outside_vectors = center_vectors, outside_vectors
        self.sampler = (NegativeSampler(vocab.counts, power=config["neg_power"], seed=negative_rng)
                        if config["loss"] == "neg" else None)
        self.negative_rng = negative_rng
        if config["trainer"] == "compiled":  # the same P(w), drawn in O(1) inside the loops
            self.noise_accept, self.noise_alias = kernels.alias_table(self.sampler.probabilities)
        self.total_words = total_words  # learning-rate schedule: words of all epochs
        self.history = TrainingHistory()
        self.step = 0
        self.epoch = 0
        self.running_loss = float("nan")
        self.snapshots = []
        if config["snapshot_every"] is not None:
            self._snapshot()
        self._epoch_loss_sum = 0.0
        self._epoch_examples = self._epoch_measured = 0

    def _snapshot(self):
        self.snapshots.append((self.step, self.center_vectors.copy(), self.outside_vectors.copy()))

    def start_epoch(self, epoch):
        self.epoch = epoch
        self._epoch_loss_sum, self._epoch_examples, self._epoch_measured = 0.0, 0, 0

    def end_epoch(self):
        mean = self._epoch_loss_sum / self._epoch_measured if self._epoch_measured else float("nan")
        self.history.epoch_loss.append(mean)
        self.history.examples_per_epoch.append(self._epoch_examples)

    def train_chunks_compiled(self, chunks, window_rng, pool):
        """Run the compiled loop on each chunk (on ``pool``'s threads if given); yield the words each covered.

        Windows and seeds are drawn here, in chunk order, so they do not depend on ``workers``.
        """
        config = self.config

        def jobs():
            for tokens, sentence_ids, first_word, last_word in chunks:
                reduced_windows = config["window"] - window_rng.integers(0, config["window"], size=tokens.shape[0])
                yield (tokens, sentence_ids, reduced_windows,
                       linear_decay_lr(first_word, self.total_words, config["lr"], config["min_lr"]),
                       linear_decay_lr(last_word, self.total_words, config["lr"], config["min_lr"]),
                       int(self.negative_rng.integers(0, 2 ** 63)), last_word - first_word)

        if pool is None:
            results = ((job, self._run_kernel(job)) for job in jobs())
        else:  # a few chunks ahead per thread: chunk copies stay small
            results = _bounded_map(pool, self._run_kernel, jobs(), 2 * config["workers"])
        for job, (loss_sum, n_measured, n_examples) in results:
            if n_examples:
                self._record_step(loss_sum, n_measured, job[3], n_trained=n_examples)
                self._maybe_snapshot()
            yield job[-1]

    def _run_kernel(self, job):
        tokens, sentence_ids, reduced_windows, lr_start, lr_end, seed, _ = job
        config = self.config
        arguments = (self.center_vectors, self.outside_vectors, tokens, sentence_ids, reduced_windows,
                     self.noise_accept, self.noise_alias, config["negative"])
        if config["architecture"] == "skipgram":
            return kernels.skipgram_sgd(*arguments, config["negatives"] == "per_pair", lr_start, lr_end, seed,
                                        LOSS_EVERY)
        return kernels.cbow_sgd(*arguments, lr_start, lr_end, seed, LOSS_EVERY)

    def train_chunk(self, tokens, sentence_ids, first_word, last_word, window_rng):
        """Cut the chunk into examples and take one SGD step per minibatch; return the words it covers."""
        config = self.config
        if config["architecture"] == "skipgram":
            centers, targets = skipgram_pairs(tokens, sentence_ids, config["window"], window_rng)
        else:
            targets, contexts, lengths = cbow_examples(tokens, sentence_ids, config["window"], window_rng)
            context_offsets = np.concatenate(([0], np.cumsum(lengths)))
        n_examples = targets.shape[0]
        if n_examples == 0:
            return last_word - first_word
        negatives = self._negatives(targets)  # drawn for the whole chunk at once: one sampler call
        batch_size = config["batch_size"]
        for batch_start in range(0, n_examples, batch_size):
            batch_end = min(batch_start + batch_size, n_examples)
            word_position = first_word + (last_word - first_word) * batch_start // max(n_examples, 1)
            lr = linear_decay_lr(int(word_position), self.total_words, config["lr"], config["min_lr"])
            batch_targets = targets[batch_start:batch_end]
            neg_indices = None if negatives is None else negatives[batch_start:batch_end]
            if config["architecture"] == "skipgram":
                losses, grad_center, grad_outside = _skipgram_batch(
                    centers[batch_start:batch_end], batch_targets, self.center_vectors, self.outside_vectors,
                    config["loss"], neg_indices)
            else:
                losses, grad_center, grad_outside = _cbow_batch(
                    batch_targets, contexts[context_offsets[batch_start]:context_offsets[batch_end]],
                    lengths[batch_start:batch_end], self.center_vectors, self.outside_vectors,
                    config["loss"], neg_indices)
            self._take_step(losses, grad_center, grad_outside, lr)
        return last_word - first_word

    def train_chunk_shared(self, tokens, sentence_ids, first_word, last_word, window_rng):
        """The numpy fast path: steps of consecutive centers with a shared pool of negatives; return its words."""
        config = self.config
        window, negative = config["window"], config["negative"]
        reduced_windows = window - window_rng.integers(0, window, size=tokens.shape[0])
        pair_mask = _window_mask(sentence_ids, reduced_windows, window)
        padding = np.zeros(window, dtype=tokens.dtype)  # never paired: pair_mask is False there
        halo_tokens = np.concatenate((padding, tokens, padding))
        centers_per_step = max(1, config["batch_size"] // (window + 1))  # ≈ batch_size pairs per step
        pool_size = max(negative, centers_per_step // SHARED_POOL_FRACTION)
        n_steps = -(-tokens.shape[0] // centers_per_step)
        pools = self.sampler.sample_matrix(n_steps, pool_size)  # one call for the whole chunk
        for step, start in enumerate(range(0, tokens.shape[0], centers_per_step)):
            stop = min(start + centers_per_step, tokens.shape[0])
            word_position = first_word + (last_word - first_word) * start // tokens.shape[0]
            lr = linear_decay_lr(int(word_position), self.total_words, config["lr"], config["min_lr"])
            losses, pair_counts, grad_center, grad_outside = _skipgram_chunk(
                tokens[start:stop], halo_tokens[start:stop + 2 * window], pair_mask[start:stop], pools[step],
                self.center_vectors, self.outside_vectors, negative)
            n_pairs = int(pair_counts.sum())
            if n_pairs:
                self._take_step(losses, grad_center, grad_outside, lr, n_examples=n_pairs)
        return last_word - first_word

    def _negatives(self, targets):
        if self.sampler is None:
            return None
        return self.sampler.sample_matrix(targets.shape[0], self.config["negative"], exclude=targets)

    def _take_step(self, losses, grad_center, grad_outside, lr, n_examples=None):
        n_examples = losses.shape[0] if n_examples is None else n_examples
        self._record_step(float(losses.sum()), n_examples, lr)  # raises before a diverged update
        grad_center.apply(self.center_vectors, lr)
        grad_outside.apply(self.outside_vectors, lr)
        self._maybe_snapshot()

    def _record_step(self, loss_sum, n_examples, lr, n_trained=None):
        """Count a step, check its loss (summed over ``n_examples``) and add it to the history.

        ``n_trained``: examples the step trained, if more than were measured (compiled trainer).
        """
        self.step += 1
        mean_loss = loss_sum / max(n_examples, 1)
        if not np.isfinite(loss_sum) or mean_loss > EXPLODED_LOSS:
            what = ("non-finite" if not np.isfinite(loss_sum)
                    else f"astronomically large (mean {mean_loss:.3g} per example)")
            raise TrainingDivergedError(
                f"training diverged: the loss became {what} at step {self.step}, "
                f"epoch {self.epoch + 1} of {self.config['epochs']}, learning rate lr={lr:.4g}. "
                f"The updates overshoot and the vectors blow up; try a lower learning rate "
                f"(e.g. lr={self.config['lr'] / 10:.3g})"
                + (" or a smaller batch_size." if self.config["trainer"] == "minibatch" else "."),
                step=self.step, epoch=self.epoch + 1, lr=lr)
        self.history.step_loss.append(mean_loss)
        self.history.step_lr.append(lr)
        self.history.step_epoch.append(self.epoch)
        self._epoch_loss_sum += loss_sum
        self._epoch_measured += n_examples
        self._epoch_examples += n_examples if n_trained is None else n_trained
        self.running_loss = mean_loss if not np.isfinite(self.running_loss) else (
            0.95 * self.running_loss + 0.05 * mean_loss)

    def _maybe_snapshot(self):
        every = self.config["snapshot_every"]
        if every is not None and self.step % every == 0:
            self._snapshot()

    def model(self, vocab):
        if not (np.all(np.isfinite(self.center_vectors)) and np.all(np.isfinite(self.outside_vectors))):
            raise TrainingDivergedError(
                f"training diverged: the vectors became non-finite by the last step ({self.step}, "
                f"epoch {self.epoch + 1}); try a lower learning rate (e.g. lr={self.config['lr'] / 10:.3g}).",
                step=self.step, epoch=self.epoch + 1, lr=self.history.step_lr[-1])
        if self.config["snapshot_every"] is not None and self.snapshots[-1][0] != self.step:
            self._snapshot()
        return Word2VecModel(list(vocab.words), self.center_vectors, self.outside_vectors, counts=vocab.counts,
                             history=self.history, snapshots=self.snapshots, config=self.config)
