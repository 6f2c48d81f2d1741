r"""Toy corpora with known word groups, for watching word2vec learn.

* :func:`load_toy` reads one of the small hand-written text corpora shipped with
  w2vlib (a few hundred tokens, one sentence per line) and returns its word groups;
* :func:`planted_corpus` generates a synthetic corpus in which words co-occur
  only within their group (plus optional noise), so the structure word2vec
  should find is known exactly.

Groups are a dict ``group name → list of words``; words of a toy corpus that
belong to no group (``the``, ``and``, ...) are simply left out.
Explained in chapter 8, *Training a toy word2vec*.
"""

import importlib.resources
import numbers
import string

import numpy as np

__all__ = ["load_toy", "toy_names", "planted_corpus", "TOY_GROUPS", "STOPWORDS"]

# Function words of the toy texts. In a corpus of a few hundred tokens they sit in
# nearly every window and pull all vectors the same way; big corpora tame them
# with subsampling (chapter 6), toy corpora simply drop them.
STOPWORDS = frozenset(
    "a an and are at be every for from he her him his i in is it its of on or she the they to we will with"
    .split())

TOY_GROUPS = {
    "royals": {
        "royalty": ["king", "queen", "prince", "princess", "crown", "throne"],
        "villagers": ["man", "woman", "boy", "girl", "farmer", "baker"],
        "animals": ["horse", "dog", "cat", "mouse"],
    },
    "fruit_and_juice": {
        "fruit": ["apple", "banana", "orange", "mango", "lemon", "cherry"],
        "drinks": ["juice", "tea", "coffee", "milk", "water"],
        "baking": ["flour", "sugar", "butter", "salt", "cake", "bread"],
        "tableware": ["knife", "fork", "spoon", "cup", "glass", "plate"],
    },
    "animals_and_verbs": {
        "farm": ["cow", "sheep", "goat", "pig", "horse"],
        "wild": ["lion", "tiger", "wolf"],
        "water": ["fish", "shark", "whale"],
        "birds": ["eagle", "owl", "hawk"],
        "verbs": ["runs", "jumps", "swims", "flies", "sleeps", "hunts", "eats"],
    },
}


def toy_names():
    """Names of the shipped toy corpora, for :func:`load_toy`.

    >>> toy_names()
    ['animals_and_verbs', 'fruit_and_juice', 'royals']
    """
    return sorted(TOY_GROUPS)


def load_toy(name, keep_stopwords=False):
    """Load a shipped toy corpus and its word groups.

    Parameters
    ----------
    name : str
        One of :func:`toy_names`.
    keep_stopwords : bool, default False
        Keep the function words of :data:`STOPWORDS` (``the``, ``and``, ...).
        By default they are removed: in a corpus this small they dominate every
        window and hide the groups.

    Returns
    -------
    sentences : list of list of str
        One token list per line of the text file (lower case, no punctuation),
        without stopwords unless ``keep_stopwords``.
    groups : dict of str to list of str
        Group name → words of that group (each occurs in the corpus).

    Examples
    --------
    >>> sentences, groups = load_toy("royals")
    >>> sentences[0][:4], groups["royalty"][:2]
    (['king', 'queen', 'rule', 'kingdom'], ['king', 'queen'])
    >>> load_toy("royals", keep_stopwords=True)[0][0][:4]
    ['the', 'king', 'and', 'the']
    """
    if name not in TOY_GROUPS:
        raise ValueError(f"name must be one of {toy_names()}, got {name!r}")
    text = importlib.resources.files(__name__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    sentences = [[token for token in line.split() if keep_stopwords or token not in STOPWORDS]
                 for line in text.splitlines() if line.strip()]
    groups = {group: list(words) for group, words in TOY_GROUPS[name].items()}
    return sentences, groups


def _check_count(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer ≥ {minimum}, got {value!r}")
    return int(value)


def planted_corpus(n_groups=4, words_per_group=5, n_sentences=200, sentence_length=8, noise=0.1, seed=0):
    r"""A synthetic corpus with planted word groups: words co-occur within their group.

    Group ``g`` is named by a letter (``"a"``, ``"b"``, ...) and holds the words
    ``a0, a1, ...``. Each sentence picks one group uniformly and draws its
    ``sentence_length`` tokens uniformly from that group; then each token is,
    with probability ``noise``, replaced by a word drawn uniformly from the
    whole vocabulary. So with ``noise=0`` two words share a window only if
    they share a group, and trained vectors should cluster by group.

    Parameters
    ----------
    n_groups : int, default 4
        Number of groups, 2 to 26.
    words_per_group : int, default 5
        Words in each group, ≥ 2.
    n_sentences : int, default 200
        Sentences in the corpus, ≥ 1.
    sentence_length : int, default 8
        Tokens per sentence, ≥ 2.
    noise : float, default 0.1
        Probability in [0, 1] that a token is replaced by a random word.
    seed : int, default 0
        Seed of the generator; the same seed gives the same corpus.

    Returns
    -------
    sentences : list of list of str
    groups : dict of str to list of str
        ``{"a": ["a0", "a1", ...], "b": [...], ...}``.

    Examples
    --------
    >>> sentences, groups = planted_corpus(n_groups=2, words_per_group=3, n_sentences=2,
    ...                                    sentence_length=4, noise=0.0, seed=1)
    >>> groups
    {'a': ['a0', 'a1', 'a2'], 'b': ['b0', 'b1', 'b2']}
    >>> all(len({word[0] for word in sentence}) == 1 for sentence in sentences)
    True
    """
    n_groups = _check_count("n_groups", n_groups, 2)
    if n_groups > 26:
        raise ValueError(f"n_groups must be ≤ 26 (groups are named a–z), got {n_groups}")
    words_per_group = _check_count("words_per_group", words_per_group, 2)
    n_sentences = _check_count("n_sentences", n_sentences, 1)
    sentence_length = _check_count("sentence_length", sentence_length, 2)
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise must be a probability in [0, 1], got {noise!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    groups = {letter: [f"{letter}{i}" for i in range(words_per_group)]
              for letter in string.ascii_lowercase[:n_groups]}
    words = np.array([word for group_words in groups.values() for word in group_words])
    rng = np.random.default_rng(seed)
    sentence_groups = rng.integers(0, n_groups, size=n_sentences)
    in_group = rng.integers(0, words_per_group, size=(n_sentences, sentence_length))
    word_ids = sentence_groups[:, None] * words_per_group + in_group
    noisy = rng.random((n_sentences, sentence_length)) < noise
    word_ids[noisy] = rng.integers(0, words.size, size=int(noisy.sum()))
    return [words[row].tolist() for row in word_ids], groups
