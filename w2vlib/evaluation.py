r"""How good are the vectors? Word similarity, analogies and nearest neighbours.

Each function takes the embeddings as a plain ``(V, d)`` array plus the
words of its rows, so the same code scores w2vlib's vectors and gensim's
(``kv.vectors, kv.index_to_key``) with one protocol. It follows gensim's
``KeyedVectors.evaluate_word_pairs`` and ``evaluate_word_analogies``:
words are compared case-insensitively (when a vocabulary holds the same word
in two cases, the more frequent, i.e. earlier, row wins), pairs or questions
with an out-of-vocabulary word are skipped and counted, similarity is the
cosine, and analogies use 3CosAdd over the ``restrict_vocab`` most
frequent words. :func:`similarity_curve` scores snapshots taken during
training, to show quality growing epoch by epoch (:func:`epoch_snapshots`
places a w2vlib model's snapshots on that epoch axis).
Explained in chapter 9, *Real text*.
"""

import dataclasses

import numpy as np

from w2vlib._validation import check_matrix, check_positive_int

__all__ = [
    "SimilarityResult",
    "AnalogyResult",
    "spearman_correlation",
    "word_similarity",
    "analogy_accuracy",
    "nearest_neighbours",
    "epochs_completed",
    "epoch_snapshots",
    "similarity_curve",
]


@dataclasses.dataclass(frozen=True)
class SimilarityResult:
    """Agreement of cosine similarities with human scores on a word-pair data set.

    Attributes
    ----------
    spearman : float
        Spearman rank correlation between cosines and human scores (NaN if < 2 pairs).
    pearson : float
        Pearson correlation of the same numbers.
    pairs_used : int
        Pairs whose two words are both in the vocabulary.
    pairs_total : int
        All pairs in the data set.
    oov_pairs : tuple of tuple (str, str)
        The skipped pairs (at least one word out of vocabulary).
    """

    spearman: float
    pearson: float
    pairs_used: int
    pairs_total: int
    oov_pairs: tuple

    @property
    def oov_ratio(self):
        """Fraction of pairs skipped because a word is out of vocabulary, in [0, 1]."""
        return (self.pairs_total - self.pairs_used) / self.pairs_total if self.pairs_total else 0.0

    def __str__(self):
        return (f"Spearman {self.spearman:.3f} on {self.pairs_used}/{self.pairs_total} pairs "
                f"({100 * self.oov_ratio:.0f}% out of vocabulary)")


@dataclasses.dataclass(frozen=True)
class AnalogyResult:
    """Accuracy on analogy questions ``a : b :: c : ?`` (3CosAdd).

    Attributes
    ----------
    accuracy : float
        ``correct / attempted`` (NaN if nothing was attempted).
    correct : int
    attempted : int
        Questions whose four words are all among the ``restrict_vocab`` most frequent words.
    total : int
        All questions given.
    by_section : dict of str to tuple (int, int)
        Section → (correct, attempted).
    """

    accuracy: float
    correct: int
    attempted: int
    total: int
    by_section: dict

    def __str__(self):
        return f"accuracy {self.accuracy:.3f} ({self.correct}/{self.attempted} attempted of {self.total})"


def _check_embeddings(vectors, words):
    vectors = check_matrix("vectors", vectors, shape_doc="of shape (V, d) (one row per word)")
    if isinstance(words, str):
        raise TypeError("words must be a sequence of V str (or a w2vlib.Vocabulary), got a single string")
    words = list(getattr(words, "words", words))
    if len(words) != vectors.shape[0]:
        raise ValueError(f"words must name the {vectors.shape[0]} rows of vectors, got {len(words)} words")
    for word in words:
        if not isinstance(word, str):
            raise TypeError(f"words must contain only str, got {word!r}")
    return vectors, words


def _unit_rows(vectors):
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _casefold_index(words, limit=None):
    index = {}
    for position, word in enumerate(words[:limit]):
        index.setdefault(word.lower(), position)  # the first (most frequent) spelling wins
    return index


def _average_ranks(values):
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    _, tie_group, tie_size = np.unique(values, return_inverse=True, return_counts=True)
    rank_sums = np.bincount(tie_group, weights=ranks)
    return rank_sums[tie_group] / tie_size[tie_group]


def spearman_correlation(x, y):
    r"""Spearman's :math:`\rho`: the Pearson correlation of the ranks (ties get their average rank).

    Parameters
    ----------
    x, y : array_like of shape (n,)
        Paired finite observations, :math:`n \ge 2`.

    Returns
    -------
    float
        :math:`\rho \in [-1, 1]`; NaN when one side is constant.

    Examples
    --------
    >>> spearman_correlation([1, 2, 3, 4], [10, 20, 30, 1000])
    1.0
    >>> round(spearman_correlation([1, 2, 3], [3, 1, 2]), 3)
    -0.5
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.shape[0] < 2:
        raise ValueError(f"x and y must be 1-D arrays of the same length n ≥ 2, got shapes {x.shape} and {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must be finite (no NaN or inf)")
    return _pearson(_average_ranks(x), _average_ranks(y))


def _pearson(x, y):
    x = x - x.mean()
    y = y - y.mean()
    denominator = np.sqrt((x @ x) * (y @ y))
    return float(x @ y / denominator) if denominator > 0 else float("nan")


def word_similarity(vectors, words, pairs):
    r"""Spearman correlation between cosine similarity and human scores (WordSim-353, SimLex-999).

    For each pair :math:`(a, b, s)` with both words in the vocabulary the model's
    score is :math:`\cos(x_a, x_b)`; the result compares the two rankings.

    Parameters
    ----------
    vectors : ndarray of shape (V, d)
        One embedding per word, e.g. ``center_vectors`` (the rows :math:`v_w`).
    words : sequence of str of length V, or Vocabulary
        The word of each row.
    pairs : iterable of tuple (str, str, float)
        E.g. :func:`w2vlib.datasets.load_wordsim353`.

    Returns
    -------
    SimilarityResult

    Examples
    --------
    >>> vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])
    >>> result = word_similarity(vectors, ["cat", "dog", "car"],
    ...                          [("cat", "dog", 9.0), ("cat", "car", 1.0), ("dog", "Car", 2.0), ("cat", "zebra", 5.0)])
    >>> print(result)
    Spearman 1.000 on 3/4 pairs (25% out of vocabulary)
    >>> result.oov_pairs
    (('cat', 'zebra'),)
    """
    vectors, words = _check_embeddings(vectors, words)
    index = _casefold_index(words)
    unit = _unit_rows(vectors)
    model_scores, human_scores, oov_pairs = [], [], []
    pairs = list(pairs)
    for pair in pairs:
        if len(pair) != 3:
            raise ValueError(f"pairs must hold (word1, word2, score) triples, got {pair!r}")
        first, second, score = pair
        if first.lower() in index and second.lower() in index:
            model_scores.append(float(unit[index[first.lower()]] @ unit[index[second.lower()]]))
            human_scores.append(float(score))
        else:
            oov_pairs.append((first, second))
    if len(model_scores) < 2:
        spearman = pearson = float("nan")
    else:
        spearman = spearman_correlation(model_scores, human_scores)
        pearson = _pearson(np.array(model_scores), np.array(human_scores))
    return SimilarityResult(spearman, pearson, len(model_scores), len(pairs), tuple(oov_pairs))


def analogy_accuracy(vectors, words, sections, *, restrict_vocab=300_000, batch_size=512):
    r"""Accuracy on analogies :math:`a : b :: c : d` by 3CosAdd, as gensim's ``evaluate_word_analogies``.

    The answer is the word :math:`x \notin \{a, b, c\}` among the
    ``restrict_vocab`` most frequent words maximizing
    :math:`\cos(x, b) - \cos(x, a) + \cos(x, c)`; it is correct if it is :math:`d`.
    Questions with a word outside those ``restrict_vocab`` words are skipped.

    Parameters
    ----------
    vectors : ndarray of shape (V, d)
        One embedding per word, rows in descending frequency order.
    words : sequence of str of length V, or Vocabulary
    sections : dict of str to list of tuple (str, str, str, str), or such a list
        E.g. :func:`w2vlib.datasets.load_analogies`.
    restrict_vocab : int, default 300000
        Only the first ``restrict_vocab`` rows are candidates (and may appear in questions).
    batch_size : int, default 512
        Questions scored per matrix product (memory only; no effect on the result).

    Returns
    -------
    AnalogyResult

    Examples
    --------
    >>> vectors = np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    >>> print(analogy_accuracy(vectors, ["man", "king", "woman", "queen"],
    ...                        [("man", "king", "woman", "queen"), ("man", "king", "woman", "emperor")]))
    accuracy 1.000 (1/1 attempted of 2)
    """
    vectors, words = _check_embeddings(vectors, words)
    restrict_vocab = check_positive_int("restrict_vocab", restrict_vocab)
    batch_size = check_positive_int("batch_size", batch_size)
    if not isinstance(sections, dict):
        sections = {"all": sections}
    index = _casefold_index(words, limit=restrict_vocab)
    unit = _unit_rows(vectors[:restrict_vocab])
    by_section, total = {}, 0
    for name, questions in sections.items():
        attempted = []
        for question in questions:
            if len(question) != 4:
                raise ValueError(f"analogy questions must be 4 words (a, b, c, d), got {question!r}")
            total += 1
            if all(word.lower() in index for word in question):
                attempted.append([index[word.lower()] for word in question])
        correct = sum(_count_correct(unit, np.array(attempted[start:start + batch_size]))
                      for start in range(0, len(attempted), batch_size))
        by_section[name] = (correct, len(attempted))
    correct = sum(hits for hits, _ in by_section.values())
    attempted = sum(tried for _, tried in by_section.values())
    accuracy = correct / attempted if attempted else float("nan")
    return AnalogyResult(accuracy, correct, attempted, total, by_section)


def _count_correct(unit, questions):
    if questions.size == 0:
        return 0
    a, b, c, expected = questions.T
    scores = (unit[b] - unit[a] + unit[c]) @ unit.T  # (Q, V): cos(x,b) − cos(x,a) + cos(x,c)
    rows = np.arange(len(questions))
    for excluded in (a, b, c):
        scores[rows, excluded] = -np.inf
    return int(np.sum(np.argmax(scores, axis=1) == expected))


def nearest_neighbours(vectors, words, word, topn=10):
    r"""The ``topn`` words with the largest cosine similarity to ``word`` (itself excluded).

    Parameters
    ----------
    vectors : ndarray of shape (V, d)
    words : sequence of str of length V, or Vocabulary
    word : str
        Looked up case-insensitively.
    topn : int, default 10

    Returns
    -------
    list of tuple (str, float)
        (neighbour, cosine), most similar first.

    Examples
    --------
    >>> nearest_neighbours(np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]), ["cat", "dog", "car"], "Cat", topn=2)
    [('dog', 0.8), ('car', 0.0)]
    """
    vectors, words = _check_embeddings(vectors, words)
    topn = check_positive_int("topn", topn)
    index = _casefold_index(words)
    if not isinstance(word, str):
        raise TypeError(f"word must be a str, got {type(word).__name__}")
    if word.lower() not in index:
        raise KeyError(f"word {word!r} is not in the vocabulary ({len(words)} words)")
    unit = _unit_rows(vectors)
    query = index[word.lower()]
    cosines = unit @ unit[query]
    cosines[query] = -np.inf
    best = np.argsort(-cosines, kind="stable")[:topn]
    return [(words[position], round(float(cosines[position]), 6)) for position in best]


def epochs_completed(history, step):
    """Epochs of training done after ``step`` minibatch steps, counting a partial epoch as a fraction.

    A step inside epoch :math:`e` (0-based) that is the :math:`j`-th of its
    :math:`n` steps gives :math:`e + j / n`; the last step of an epoch gives a whole number.

    Parameters
    ----------
    history : TrainingHistory
        Its ``step_epoch`` (the epoch of every step) places ``step``.
    step : int
        Steps done, ``0 ≤ step ≤ history.n_steps`` (a snapshot's step).

    Returns
    -------
    float

    Examples
    --------
    >>> from w2vlib.model import TrainingHistory
    >>> history = TrainingHistory(step_loss=[1.0] * 6, step_epoch=[0, 0, 0, 0, 1, 1])
    >>> [epochs_completed(history, step) for step in (0, 2, 4, 5, 6)]
    [0.0, 0.5, 1.0, 1.5, 2.0]
    """
    epochs = np.asarray(history.step_epoch, dtype=int)
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not 0 <= step <= epochs.size:
        raise ValueError(f"step must be an int between 0 and the {epochs.size} recorded steps, got {step!r}")
    if step == 0:
        return 0.0
    epoch = epochs[step - 1]
    first = int(np.searchsorted(epochs, epoch))
    steps_in_epoch = int(np.sum(epochs == epoch))
    return float(epoch + (step - first) / steps_in_epoch)


def epoch_snapshots(model):
    """A w2vlib model's snapshots as ``(epochs completed, center vectors)`` pairs.

    Parameters
    ----------
    model : Word2VecModel
        Trained with ``snapshot_every`` (:func:`w2vlib.train`).

    Returns
    -------
    list of (float, ndarray of shape (V, d))
        One pair per snapshot: :func:`epochs_completed` at its step, and its rows :math:`v_w`.
    """
    if not model.snapshots:
        raise ValueError("model has no snapshots; train it with snapshot_every=... to follow its progress")
    return [(epochs_completed(model.history, step), center) for step, center, _ in model.snapshots]


def similarity_curve(snapshots, words, pairs):
    r"""Spearman correlation with human scores of each snapshot of the vectors (see :func:`word_similarity`).

    Parameters
    ----------
    snapshots : iterable of (float, ndarray of shape (V, d))
        ``(x, vectors)``: where to plot the snapshot (e.g. epochs completed) and its vectors,
        e.g. :func:`epoch_snapshots` or :attr:`w2vlib.benchmarking.GensimRun.snapshots`.
    words : sequence of str of length V, or Vocabulary
    pairs : iterable of tuple (str, str, float)

    Returns
    -------
    x : ndarray of shape (S,)
    spearman : ndarray of shape (S,)
        :math:`\rho` of each snapshot.

    Examples
    --------
    >>> words, pairs = ["cat", "dog", "car"], [("cat", "dog", 9.0), ("cat", "car", 1.0), ("dog", "car", 2.0)]
    >>> good, bad = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 1.0], [0.9, 0.1]])
    >>> similarity_curve([(1, bad), (2, good)], words, pairs)
    (array([1., 2.]), array([-1.,  1.]))
    """
    pairs = list(pairs)
    x, spearman = [], []
    for snapshot in snapshots:
        if len(snapshot) != 2:
            raise ValueError(f"snapshots must hold (x, vectors) pairs, got an item of length {len(snapshot)}")
        x.append(float(snapshot[0]))
        spearman.append(word_similarity(snapshot[1], words, pairs).spearman)
    return np.array(x), np.array(spearman)
