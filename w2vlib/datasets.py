r"""Real text and human judgements that ship with gensim: no download needed.

The gensim wheel carries a small test-data folder (``gensim/test/test_data``).
This module reads from it:

- ``enwiki-short``: 106 Wikipedia articles, about 453 000 tokens once
  :class:`gensim.corpora.WikiCorpus` has stripped the markup (about 3 s).
  The extracted tokens are cached in a text file (one article per line) so
  later calls take a fraction of a second.
- ``lee_background``: 300 news stories from the Lee corpus, about 60 000 tokens.
- Word-similarity judgements (WordSim-353, SimLex-999) and Mikolov's analogy
  questions (``questions-words.txt``), used by :mod:`w2vlib.evaluation`.

Explained in chapter 9, *Real text*.

The cache folder is ``$W2VLIB_CACHE_DIR`` if set, else ``~/.cache/w2vlib``;
it is never inside the repository.
"""

import bz2
import os
import pathlib
import tempfile

__all__ = [
    "cache_dir",
    "gensim_datapath",
    "load_enwiki_short",
    "load_lee_background",
    "load_word_pairs",
    "load_wordsim353",
    "load_simlex999",
    "load_analogies",
]

ENWIKI_SHORT_FILE = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
LEE_BACKGROUND_FILE = "lee_background.cor"
WORDSIM353_FILE = "wordsim353.tsv"
SIMLEX999_FILE = "simlex999.txt"
ANALOGIES_FILE = "questions-words.txt"

_CACHE_ENV = "W2VLIB_CACHE_DIR"
_ENWIKI_CACHE_NAME = "enwiki-short-tokens-v1.txt.bz2"


def cache_dir():
    """Folder for cached extractions: ``$W2VLIB_CACHE_DIR`` or ``~/.cache/w2vlib`` (created if missing).

    Returns
    -------
    pathlib.Path
    """
    folder = pathlib.Path(os.environ.get(_CACHE_ENV) or pathlib.Path.home() / ".cache" / "w2vlib")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def gensim_datapath(name):
    """Path of file ``name`` in gensim's bundled test data (``gensim.test.utils.datapath``).

    Parameters
    ----------
    name : str
        File name inside ``gensim/test/test_data``, e.g. ``"wordsim353.tsv"``.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ImportError
        If gensim is not installed (it is pinned in ``requirements.txt``).
    FileNotFoundError
        If gensim's test data has no such file.
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty str naming a gensim test-data file, got {name!r}")
    try:
        from gensim.test.utils import datapath
    except ImportError as error:
        raise ImportError("w2vlib.datasets reads gensim's bundled test data: pip install gensim "
                          "(pinned in requirements.txt)") from error
    path = pathlib.Path(datapath(name))
    if not path.is_file():
        raise FileNotFoundError(f"gensim's test data has no file {name!r} (looked in {path.parent})")
    return path


def _split_long(tokens, max_sentence_length):
    if max_sentence_length is None:
        return [tokens]
    return [tokens[start:start + max_sentence_length] for start in range(0, len(tokens), max_sentence_length)]


def _check_max_sentence_length(max_sentence_length):
    if max_sentence_length is None:
        return None
    if isinstance(max_sentence_length, bool) or not isinstance(max_sentence_length, int) or max_sentence_length < 1:
        raise ValueError(f"max_sentence_length must be a positive int or None, got {max_sentence_length!r}")
    return max_sentence_length


def _extract_enwiki_articles():
    from gensim.corpora import WikiCorpus

    wiki = WikiCorpus(str(gensim_datapath(ENWIKI_SHORT_FILE)), dictionary={}, processes=1)
    return [list(tokens) for tokens in wiki.get_texts()]


def _write_atomically(path, articles):
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(handle)
    try:
        with bz2.open(temporary, "wt", encoding="utf-8") as stream:
            for tokens in articles:
                stream.write(" ".join(tokens) + "\n")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def load_enwiki_short(*, max_sentence_length=1000, use_cache=True):
    """Tokenized Wikipedia articles from gensim's ``enwiki-...-shortened.bz2`` test file.

    The markup is stripped by :class:`gensim.corpora.WikiCorpus` (lower-cased
    tokens of 2–15 letters, articles with ≥ 50 tokens: 106 articles,
    452 944 tokens). The result is cached (see :func:`cache_dir`).

    Parameters
    ----------
    max_sentence_length : int or None, default 1000
        Split each article into consecutive chunks of at most this many
        tokens, as word2vec.c does (its ``MAX_SENTENCE_LENGTH`` is 1000;
        gensim silently truncates anything past 10 000). ``None`` keeps
        whole articles.
    use_cache : bool, default True
        Read and write the cached extraction; ``False`` always re-extracts.

    Returns
    -------
    list of list of str
        The token "sentences" in corpus order.

    Examples
    --------
    >>> sentences = load_enwiki_short()
    >>> sum(len(sentence) for sentence in sentences), sentences[0][:3]
    (452944, ['anarchism', 'is', 'political'])
    """
    max_sentence_length = _check_max_sentence_length(max_sentence_length)
    path = cache_dir() / _ENWIKI_CACHE_NAME
    if use_cache and path.is_file():
        with bz2.open(path, "rt", encoding="utf-8") as stream:
            articles = [line.split() for line in stream]
    else:
        articles = _extract_enwiki_articles()
        if use_cache:
            _write_atomically(path, articles)
    return [chunk for tokens in articles for chunk in _split_long(tokens, max_sentence_length)]


def load_lee_background(*, max_sentence_length=None):
    """Tokenized stories of gensim's ``lee_background.cor`` (300 news stories, 60 000 tokens).

    Each line (one story) goes through ``gensim.utils.simple_preprocess``,
    as gensim's own tests do (lower case, letters only, 2–15 characters).

    Parameters
    ----------
    max_sentence_length : int or None, default None
        Split stories into chunks of at most this many tokens (``None``: whole stories).

    Returns
    -------
    list of list of str

    Examples
    --------
    >>> stories = load_lee_background()
    >>> len(stories), stories[0][:4]
    (300, ['hundreds', 'of', 'people', 'have'])
    """
    from gensim.utils import simple_preprocess

    max_sentence_length = _check_max_sentence_length(max_sentence_length)
    with open(gensim_datapath(LEE_BACKGROUND_FILE), encoding="utf-8") as stream:
        stories = [simple_preprocess(line) for line in stream]
    return [chunk for tokens in stories for chunk in _split_long(tokens, max_sentence_length)]


def load_word_pairs(name):
    """Word pairs with a human similarity score from a gensim test-data file.

    Lines are ``word1<TAB>word2<TAB>score``; lines starting with ``#`` are
    comments. Words keep their case (evaluation lower-cases them).

    Parameters
    ----------
    name : str
        File name in gensim's test data, e.g. ``"wordsim353.tsv"``.

    Returns
    -------
    list of tuple (str, str, float)
    """
    pairs = []
    with open(gensim_datapath(name), encoding="utf-8") as stream:
        for line_number, line in enumerate(stream, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 3:
                raise ValueError(f"{name} line {line_number}: expected 'word1<TAB>word2<TAB>score', got {line!r}")
            pairs.append((fields[0], fields[1], float(fields[2])))
    return pairs


def load_wordsim353():
    """The 353 WordSim-353 pairs (relatedness, 0–10), see :func:`load_word_pairs`.

    Examples
    --------
    >>> pairs = load_wordsim353()
    >>> len(pairs), pairs[0]
    (353, ('love', 'sex', 6.77))
    """
    return load_word_pairs(WORDSIM353_FILE)


def load_simlex999():
    """The 999 SimLex-999 pairs (strict similarity, 0–10), see :func:`load_word_pairs`.

    Examples
    --------
    >>> pairs = load_simlex999()
    >>> len(pairs), pairs[0]
    (999, ('old', 'new', 1.58))
    """
    return load_word_pairs(SIMLEX999_FILE)


def load_analogies():
    """Mikolov's analogy questions ``a : b :: c : d`` from ``questions-words.txt``, by section.

    Returns
    -------
    dict of str to list of tuple (str, str, str, str)
        Section name (e.g. ``"capital-common-countries"``) → questions, in file order.

    Examples
    --------
    >>> sections = load_analogies()
    >>> len(sections), sum(len(questions) for questions in sections.values())
    (14, 19544)
    >>> sections["capital-common-countries"][0]
    ('Athens', 'Greece', 'Baghdad', 'Iraq')
    """
    sections = {}
    current = None
    with open(gensim_datapath(ANALOGIES_FILE), encoding="utf-8") as stream:
        for line_number, line in enumerate(stream, start=1):
            if line.startswith(":"):
                current = line[1:].strip()
                sections[current] = []
                continue
            words = line.split()
            if not words:
                continue
            if current is None or len(words) != 4:
                raise ValueError(f"{ANALOGIES_FILE} line {line_number}: expected a ': section' header "
                                 f"before four words per question, got {line!r}")
            sections[current].append(tuple(words))
    return sections
