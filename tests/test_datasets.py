"""Tests for w2vlib.datasets: gensim's bundled test data, loaded and cached."""

import pytest

from w2vlib import datasets


@pytest.fixture()
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("W2VLIB_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_enwiki_cache_is_written_on_first_use_and_reads_back_identical_tokens(private_cache):
    fresh = datasets.load_enwiki_short(max_sentence_length=None, use_cache=True)
    cache_files = list(private_cache.iterdir())
    assert [path.name for path in cache_files] == ["enwiki-short-tokens-v1.txt.bz2"]
    cached = datasets.load_enwiki_short(max_sentence_length=None)
    assert cached == fresh
    assert len(fresh) == 106 and sum(map(len, fresh)) == 452_944


def test_enwiki_chunks_keep_every_token_in_order_and_respect_the_length_limit(private_cache):
    articles = datasets.load_enwiki_short(max_sentence_length=None)
    chunks = datasets.load_enwiki_short(max_sentence_length=1000)
    assert max(map(len, chunks)) == 1000 < max(map(len, articles))
    assert [token for chunk in chunks for token in chunk] == [token for article in articles for token in article]


def test_cache_dir_defaults_to_home_cache_when_env_var_is_unset(monkeypatch, tmp_path):
    monkeypatch.delenv("W2VLIB_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert datasets.cache_dir() == tmp_path / ".cache" / "w2vlib"


def test_lee_background_has_300_lowercase_stories():
    stories = datasets.load_lee_background()
    assert len(stories) == 300
    assert 55_000 < sum(map(len, stories)) < 65_000
    assert all(token == token.lower() and token.isalpha() for story in stories for token in story)


def test_word_pair_files_have_the_documented_sizes_and_scores_in_range():
    for pairs, size in ((datasets.load_wordsim353(), 353), (datasets.load_simlex999(), 999)):
        assert len(pairs) == size
        assert all(isinstance(a, str) and isinstance(b, str) and 0 <= score <= 10 for a, b, score in pairs)


def test_analogies_come_in_14_sections_of_four_word_questions():
    sections = datasets.load_analogies()
    assert len(sections) == 14
    assert all(len(question) == 4 for questions in sections.values() for question in questions)


def test_missing_test_data_file_raises_file_not_found():
    with pytest.raises(FileNotFoundError, match="no-such-file.txt"):
        datasets.gensim_datapath("no-such-file.txt")


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_invalid_max_sentence_length_is_rejected(bad):
    with pytest.raises(ValueError, match="max_sentence_length"):
        datasets.load_lee_background(max_sentence_length=bad)
