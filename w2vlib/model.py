r"""A trained word2vec model: vocabulary, both vector tables, training history, snapshots.

:func:`w2vlib.train` returns a :class:`Word2VecModel`. The word vectors used
for similarity (and saved to word2vec's text format) are the **center**
vectors :math:`v_w` (word2vec.c's input vectors ``syn0``), as in word2vec.c and gensim.
Explained in chapter 8, *Training a toy word2vec*.
"""

import dataclasses
import numbers
import os

import numpy as np

__all__ = ["TrainingHistory", "Word2VecModel"]


@dataclasses.dataclass
class TrainingHistory:
    r"""Loss and learning rate recorded during :func:`w2vlib.train`.

    A *step* is one minibatch update. Losses are means over the examples of the
    step or epoch (a skip-gram pair or a CBOW example each count once), so runs
    with different batch sizes are comparable.

    Attributes
    ----------
    step_loss : list of float
        Mean per-example loss :math:`J` of each step, measured before that step's update.
    step_lr : list of float
        Learning rate :math:`\eta` used at each step.
    step_epoch : list of int
        Epoch (0-based) of each step.
    epoch_loss : list of float
        Mean per-example loss over each epoch.
    examples_per_epoch : list of int
        Number of training examples (pairs or CBOW windows) in each epoch.
    """

    step_loss: list = dataclasses.field(default_factory=list)
    step_lr: list = dataclasses.field(default_factory=list)
    step_epoch: list = dataclasses.field(default_factory=list)
    epoch_loss: list = dataclasses.field(default_factory=list)
    examples_per_epoch: list = dataclasses.field(default_factory=list)

    @property
    def n_steps(self):
        """Number of steps (minibatch updates) recorded."""
        return len(self.step_loss)


class Word2VecModel:
    r"""Word vectors with their vocabulary, as returned by :func:`w2vlib.train`.

    Parameters
    ----------
    vocab : sequence of str, length V
        The words; position ``w`` is the row of word ``w`` in both tables.
    center_vectors : ndarray of shape (V, d)
        Rows :math:`v_w` (input vectors); these are "the word vectors".
    outside_vectors : ndarray of shape (V, d) or None
        :math:`U^\top`: rows :math:`u_w` (output vectors). ``None`` for a model
        loaded from word2vec's text format, which stores only :math:`v_w`.
    counts : array_like of int, shape (V,), optional
        Corpus count of each word.
    history : TrainingHistory, optional
    snapshots : list of (int, ndarray, ndarray), optional
        ``(step, center_vectors, outside_vectors)`` copies taken during training.
    config : dict, optional
        The arguments :func:`w2vlib.train` ran with.

    Examples
    --------
    >>> model = Word2VecModel(["cat", "dog", "car"], np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]), None)
    >>> round(model.similarity("cat", "dog"), 3)
    0.8
    >>> [word for word, _ in model.most_similar("cat", topn=2)]
    ['dog', 'car']
    """

    def __init__(self, vocab, center_vectors, outside_vectors, *, counts=None, history=None, snapshots=None,
                 config=None):
        if isinstance(vocab, str):
            raise TypeError("vocab must be a sequence of str words, got a single string")
        self.vocab = list(vocab)
        center_vectors = np.asarray(center_vectors)
        if center_vectors.ndim != 2 or center_vectors.shape[0] != len(self.vocab):
            raise ValueError(f"center_vectors must have shape ({len(self.vocab)}, d) (one row per word), "
                             f"got shape {center_vectors.shape}")
        if outside_vectors is not None and np.shape(outside_vectors) != center_vectors.shape:
            raise ValueError(f"outside_vectors must have shape {center_vectors.shape} like center_vectors "
                             f"(or be None), got shape {np.shape(outside_vectors)}")
        self.center_vectors = center_vectors
        self.outside_vectors = None if outside_vectors is None else np.asarray(outside_vectors)
        self.counts = None if counts is None else np.asarray(counts)
        self.history = history if history is not None else TrainingHistory()
        self.snapshots = list(snapshots) if snapshots is not None else []
        self.config = dict(config) if config is not None else {}
        self._index = {word: position for position, word in enumerate(self.vocab)}
        if len(self._index) != len(self.vocab):
            raise ValueError("vocab must not contain a word twice")

    def __repr__(self):
        return f"Word2VecModel({len(self.vocab)} words, dim={self.dim})"

    def __len__(self):
        return len(self.vocab)

    def __contains__(self, word):
        return word in self._index

    @property
    def dim(self):
        """Vector dimension :math:`d`."""
        return self.center_vectors.shape[1]

    def index(self, word):
        """Row index :math:`w` of ``word``; ``KeyError`` with a clear message if it is unknown."""
        try:
            return self._index[word]
        except (KeyError, TypeError):
            raise KeyError(f"word {word!r} is not in the model's vocabulary ({len(self.vocab)} words; "
                           "it may have been rarer than min_count)") from None

    def vector(self, word):
        r"""The word vector :math:`v_w` of ``word`` (a copy), shape (d,)."""
        return self.center_vectors[self.index(word)].copy()

    def _unit_vectors(self):
        norms = np.linalg.norm(self.center_vectors, axis=1, keepdims=True)
        return self.center_vectors / np.where(norms > 0, norms, 1.0)

    def similarity(self, word_a, word_b):
        r"""Cosine similarity :math:`\cos(v_a, v_b)` of two words' vectors, a float in [−1, 1] (0 for a zero vector)."""
        unit = self._unit_vectors()
        return float(unit[self.index(word_a)] @ unit[self.index(word_b)])

    def most_similar(self, word, topn=10):
        """The ``topn`` words with the highest cosine similarity to ``word`` (itself excluded).

        Returns
        -------
        list of (str, float)
            Words and cosines, most similar first.
        """
        if isinstance(topn, bool) or not isinstance(topn, numbers.Integral) or topn < 1:
            raise ValueError(f"topn must be a positive integer, got {topn!r}")
        unit = self._unit_vectors()
        target = self.index(word)
        cosines = unit @ unit[target]
        order = [other for other in np.argsort(-cosines, kind="stable") if other != target]
        return [(self.vocab[other], float(cosines[other])) for other in order[:int(topn)]]

    def group_margin(self, groups):
        r"""How well the vectors separate known word groups: mean cosine within groups minus mean cosine between.

        For every pair of distinct words that both appear in ``groups`` (and in the
        vocabulary), take :math:`\cos(v_a, v_b)`; the margin is the mean over pairs in
        the same group minus the mean over pairs in different groups. It is near 0
        for vectors that ignore the groups and up to 2 for perfectly separated ones.

        Parameters
        ----------
        groups : dict of str to list of str
            Group name → words; at least two groups with words in the vocabulary,
            one of them with two such words.

        Returns
        -------
        float

        Examples
        --------
        Two groups pointing in opposite directions are perfectly separated:

        >>> vectors = np.array([[1.0, 0.0], [2.0, 0.0], [-1.0, 0.0], [-3.0, 0.0]])
        >>> Word2VecModel(["a", "b", "c", "d"], vectors, None).group_margin({"x": ["a", "b"], "y": ["c", "d"]})
        2.0
        """
        labels = {word: group for group, words in groups.items() for word in words if word in self._index}
        words = list(labels)
        group_labels = np.array([labels[word] for word in words])
        same = group_labels[:, None] == group_labels[None, :]
        different_pairs = ~same
        same_pairs = same & ~np.eye(len(words), dtype=bool)
        if not same_pairs.any() or not different_pairs.any():
            raise ValueError("groups must have at least two groups with words in the vocabulary, "
                             "one of them with two words")
        unit = self._unit_vectors()[[self._index[word] for word in words]]
        cosines = unit @ unit.T
        return float(cosines[same_pairs].mean() - cosines[different_pairs].mean())

    def save_word2vec_format(self, path):
        """Write the center vectors in word2vec's text format: a ``"V d"`` header, then ``word v1 ... vd`` lines.

        gensim reads the file with ``KeyedVectors.load_word2vec_format(path)``.
        Values are written with 9 significant digits, so float32 vectors round-trip exactly.
        """
        for word in self.vocab:
            if not word or any(character.isspace() for character in word):
                raise ValueError(f"word {word!r} cannot be saved in word2vec text format "
                                 "(words must be non-empty and contain no whitespace)")
        with open(os.fspath(path), "w", encoding="utf-8") as handle:
            handle.write(f"{len(self.vocab)} {self.dim}\n")
            for word, row in zip(self.vocab, self.center_vectors):
                handle.write(word + " " + " ".join(f"{float(value):.9g}" for value in row) + "\n")

    @classmethod
    def load_word2vec_format(cls, path):
        """Read word2vec's text format (as written by :meth:`save_word2vec_format`, word2vec.c or gensim).

        Returns a model with float32 ``center_vectors`` and ``outside_vectors=None``
        (the format does not store them).

        Raises
        ------
        ValueError
            If the header or a line does not match the format.
        """
        with open(os.fspath(path), encoding="utf-8") as handle:
            header = handle.readline().split()
            if len(header) != 2 or not all(part.isdigit() for part in header):
                raise ValueError(f"{path}: the first line must be 'V d' (two integers), got {' '.join(header)!r}")
            vocab_size, dim = int(header[0]), int(header[1])
            words, rows = [], []
            for line_number, line in enumerate(handle, start=2):
                parts = line.rstrip("\n").rstrip().split(" ")
                if parts == [""]:
                    continue
                if len(parts) != dim + 1:
                    raise ValueError(f"{path}, line {line_number}: expected a word and {dim} numbers, "
                                     f"got {len(parts)} fields")
                words.append(parts[0])
                try:
                    rows.append([float(value) for value in parts[1:]])
                except ValueError:
                    raise ValueError(f"{path}, line {line_number}: the vector of {parts[0]!r} "
                                     "holds a value that is not a number") from None
        if len(words) != vocab_size:
            raise ValueError(f"{path}: header announces {vocab_size} words, found {len(words)}")
        center_vectors = np.array(rows, dtype=np.float32).reshape(vocab_size, dim)
        return cls(words, center_vectors, None)
