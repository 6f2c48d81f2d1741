r"""Vocabulary (word ↔ index, counts) and word2vec's subsampling of frequent words.

The vocabulary is explained in chapter 8, *Training a toy word2vec*; subsampling
in chapter 9, *Real text*.
"""

import collections
import itertools
import numbers

import numpy as np

from w2vlib._validation import (
    check_counts,
    check_indices,
    check_positive_int,
    check_real_array,
    check_real_scalar,
)

__all__ = ["Vocabulary", "keep_probabilities", "subsample"]


def _check_sentences(sentences):
    """``sentences`` as a list of token lists, or a TypeError naming the first bad sentence or token.

    A sentence that is already a list is used as it is, not copied: on a real corpus the copies
    would be one more pointer per token (3.6 MB on chapter 9's 450 000 tokens).
    """
    if isinstance(sentences, (str, bytes)):
        raise TypeError("sentences must be an iterable of token lists, got a single string; "
                        "split it into tokens and wrap it in a list")
    try:
        sentences = list(sentences)  # the outer list only: one pointer per sentence
    except TypeError:
        raise TypeError(f"sentences must be an iterable of token lists, got {type(sentences).__name__}") from None
    for position, sentence in enumerate(sentences):
        if isinstance(sentence, (str, bytes)):
            raise TypeError(f"sentences[{position}] must be a list of str tokens, got a single string")
        if type(sentence) is not list:
            try:
                sentence = sentences[position] = list(sentence)
            except TypeError:
                raise TypeError(f"sentences[{position}] must be a list of str tokens, "
                                f"got {type(sentence).__name__}") from None
        if not set(map(type, sentence)) <= {str}:  # the types of the tokens, in C; then the exact check
            for token in sentence:
                if not isinstance(token, str):
                    raise TypeError(f"sentences[{position}] must contain only str tokens, got {token!r}")
    return sentences


class Vocabulary:
    r"""Words with their indices and counts, most frequent first.

    Build one with :meth:`Vocabulary.build`. Index :math:`w` of a word is its
    row in ``center_vectors`` and ``outside_vectors``.
    Explained in chapter 8, *Training a toy word2vec*.

    Parameters
    ----------
    words : sequence of str, length V
        Distinct words; position = index.
    counts : array_like of int, shape (V,)
        Non-negative count of each word.

    Attributes
    ----------
    words : tuple of str, length V
    counts : ndarray of int64, shape (V,) (a copy)

    Examples
    --------
    >>> vocab = Vocabulary.build([["the", "cat", "sat"], ["the", "dog", "sat", "down"]], min_count=1)
    >>> vocab.words
    ('sat', 'the', 'cat', 'dog', 'down')
    >>> vocab.counts.tolist(), len(vocab), vocab.index("cat"), vocab.word(1)
    ([2, 2, 1, 1, 1], 5, 2, 'the')
    >>> [ids.tolist() for ids in vocab.encode([["the", "bird", "sat"]])]
    [[1, 0]]
    """

    def __init__(self, words, counts):
        if isinstance(words, str):
            raise TypeError("words must be a sequence of str, got a single string")
        words = tuple(words)
        for word in words:
            if not isinstance(word, str):
                raise TypeError(f"words must contain only str, got {word!r}")
        if len(set(words)) != len(words):
            duplicate = next(word for word, n in collections.Counter(words).items() if n > 1)
            raise ValueError(f"words must be distinct, {duplicate!r} appears more than once")
        counts = np.asarray(counts)
        if counts.dtype.kind not in "iu":
            raise TypeError(f"counts must be an integer array of shape ({len(words)},), got dtype {counts.dtype}")
        if counts.shape != (len(words),):
            raise ValueError(f"counts must have shape ({len(words)},) like words, got shape {counts.shape}")
        if np.any(counts < 0):
            raise ValueError("counts must be non-negative")
        self._words = words
        self._counts = counts.astype(np.int64)
        self._index = {word: position for position, word in enumerate(words)}

    @classmethod
    def build(cls, sentences, min_count=1):
        r"""Count the tokens of ``sentences`` and keep words occurring ≥ ``min_count`` times.

        Words are ordered by descending count, ties alphabetically, so the
        result does not depend on the order of the sentences.

        Parameters
        ----------
        sentences : iterable of list of str
            Tokenized sentences.
        min_count : int, default 1
            Smallest count a word needs to enter the vocabulary, ≥ 1.

        Returns
        -------
        Vocabulary

        Raises
        ------
        TypeError
            If ``sentences`` is not an iterable of lists of str.
        ValueError
            If no word reaches ``min_count``.
        """
        sentences = _check_sentences(sentences)
        min_count = check_positive_int("min_count", min_count)
        frequency = collections.Counter(itertools.chain.from_iterable(sentences))
        kept = sorted((item for item in frequency.items() if item[1] >= min_count),
                      key=lambda item: (-item[1], item[0]))
        if not kept:
            raise ValueError(f"no word occurs at least min_count={min_count} times in sentences "
                             f"({len(frequency)} distinct tokens)")
        return cls([word for word, _ in kept], [count for _, count in kept])

    @property
    def words(self):
        return self._words

    @property
    def counts(self):
        return self._counts.copy()

    def __len__(self):
        return len(self._words)

    def __contains__(self, word):
        return word in self._index

    def __repr__(self):
        return f"Vocabulary({len(self)} words)"

    def index(self, word):
        """Return the index :math:`w` of ``word``; ``KeyError`` naming the word if absent."""
        try:
            return self._index[word]
        except (KeyError, TypeError):
            raise KeyError(f"word {word!r} is not in the vocabulary ({len(self)} words)") from None

    def word(self, index):
        """Return the word at ``index`` in ``[0, V)``."""
        if isinstance(index, (bool, np.bool_)) or not isinstance(index, numbers.Integral):
            raise TypeError(f"index must be an integer, got {type(index).__name__} {index!r}")
        if not 0 <= index < len(self):
            raise ValueError(f"index must be in [0, {len(self)}), got {index}")
        return self._words[int(index)]

    def encode(self, sentences):
        """Map each sentence to an int64 array of word indices, dropping out-of-vocabulary words.

        Parameters
        ----------
        sentences : iterable of list of str

        Returns
        -------
        list of ndarray of int64
            One array per sentence (possibly empty).
        """
        return [np.array([self._index[token] for token in sentence if token in self._index], dtype=np.int64)
                for sentence in _check_sentences(sentences)]

    def encode_flat(self, sentences, n_tokens=None):
        """Encode all sentences into one int32 array, without a per-sentence list (little memory).

        Parameters
        ----------
        sentences : iterable of list of str
        n_tokens : int, optional
            The number of in-vocabulary tokens, if known (``counts.sum()`` when the vocabulary
            was built from the same sentences): the array is then allocated once.

        Returns
        -------
        tokens : ndarray of int32, shape (n,)
            The word indices of all sentences, one after the other (out-of-vocabulary words dropped).
        lengths : ndarray of int64, shape (number of sentences,)
            How many of ``tokens`` each sentence contributed (possibly 0).

        Examples
        --------
        >>> vocab = Vocabulary.build([["a", "b", "a"], ["c"]], min_count=2)
        >>> tokens, lengths = vocab.encode_flat([["a", "b", "a"], ["c"], ["a"]])
        >>> tokens.tolist(), lengths.tolist()
        ([0, 0, 0], [2, 0, 1])
        """
        index, lengths = self._index, []

        def indices():
            for sentence in _check_sentences(sentences):
                kept = 0
                for token in sentence:
                    word = index.get(token)
                    if word is not None:
                        kept += 1
                        yield word
                lengths.append(kept)

        words = indices()
        tokens = np.fromiter(words, dtype=np.int32, count=-1 if n_tokens is None else int(n_tokens))
        if next(words, None) is not None:  # also lets the generator record the last sentence's length
            raise ValueError(f"n_tokens={n_tokens} is less than the number of in-vocabulary tokens")
        return tokens, np.array(lengths, dtype=np.int64)


def keep_probabilities(counts, sample=1e-3):
    r"""Probability of keeping each occurrence of a word, word2vec.c's subsampling formula.

    With frequency :math:`f_w = \mathrm{count}(w)` and
    :math:`t = \mathrm{sample} \cdot \sum_{w'} \mathrm{count}(w')`,

    .. math::

        p_{\mathrm{keep}}(w) = \min\Bigl(1, \bigl(\sqrt{f_w / t} + 1\bigr)\, t / f_w\Bigr),

    so words much more frequent than :math:`t` are mostly dropped and rare words are
    always kept. Explained in chapter 9, *Real text*.

    Parameters
    ----------
    counts : array_like of shape (V,)
        Word counts (finite, non-negative, positive sum); a count of 0 gets probability 1.
    sample : float, default 1e-3
        word2vec's ``-sample`` threshold, ≥ 0; 0 disables subsampling (all ones).

    Returns
    -------
    ndarray of shape (V,)
        :math:`p_{\mathrm{keep}}(w) \in (0, 1]`, non-increasing in the count.

    Examples
    --------
    >>> print(np.round(keep_probabilities([900, 90, 9, 1], sample=0.01), 3))
    [0.117 0.444 1.    1.   ]
    """
    counts = check_counts("counts", counts)
    sample = check_real_scalar("sample", sample, minimum=0.0)
    if sample == 0.0:
        return np.ones_like(counts)
    threshold = sample * counts.sum()
    safe_counts = np.where(counts > 0, counts, 1.0)
    keep = (np.sqrt(safe_counts / threshold) + 1.0) * threshold / safe_counts
    return np.where(counts > 0, np.minimum(keep, 1.0), 1.0)


def subsample(encoded_sentence, keep_probs, rng):
    r"""Drop each token independently, keeping token :math:`w` with probability ``keep_probs[w]``.

    Explained in chapter 9, *Real text*.

    Parameters
    ----------
    encoded_sentence : ndarray of int, shape (n,)
        Word indices of one sentence (may be empty).
    keep_probs : ndarray of shape (V,)
        :math:`p_{\mathrm{keep}}(w)` in ``[0, 1]``, e.g. from :func:`keep_probabilities`.
    rng : numpy.random.Generator
        Source of randomness (seed it for reproducible runs).

    Returns
    -------
    ndarray of int64, shape (m,), m ≤ n
        The kept tokens, in their original order.

    Examples
    --------
    >>> subsample(np.array([0, 1, 0, 1]), np.array([0.0, 1.0]), np.random.default_rng(0)).tolist()
    [1, 1]
    """
    keep_probs = check_real_array("keep_probs", keep_probs, "of shape (V,)")
    if keep_probs.ndim != 1 or keep_probs.shape[0] == 0:
        raise ValueError(f"keep_probs must be a non-empty 1-D array of shape (V,), got shape {keep_probs.shape}")
    if np.any((keep_probs < 0) | (keep_probs > 1)):
        raise ValueError("keep_probs must hold probabilities in [0, 1]")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                        f"got {type(rng).__name__}")
    tokens = check_indices("encoded_sentence", encoded_sentence, keep_probs.shape[0],
                           shape_doc="of shape (n,) (word indices)", allow_empty=True)
    return tokens[rng.random(tokens.shape[0]) < keep_probs[tokens]]
