"""Toy corpora load with their groups; the planted corpus has exactly the structure it promises."""

import numpy as np
import pytest

from w2vlib.corpora import STOPWORDS, load_toy, planted_corpus, toy_names


@pytest.mark.parametrize("name", toy_names())
def test_toy_corpus_is_small_and_every_group_word_occurs(name):
    sentences, groups = load_toy(name)
    tokens = [token for sentence in sentences for token in sentence]
    raw_tokens = [token for sentence in load_toy(name, keep_stopwords=True)[0] for token in sentence]
    assert 300 <= len(raw_tokens) <= 600
    assert "the" in raw_tokens and not STOPWORDS.intersection(tokens)
    assert len(groups) >= 3
    for words in groups.values():
        for word in words:
            assert tokens.count(word) >= 2, word
    grouped = [word for words in groups.values() for word in words]
    assert len(grouped) == len(set(grouped))  # no word in two groups


def test_toy_names_lists_the_shipped_corpora():
    assert toy_names() == ["animals_and_verbs", "fruit_and_juice", "royals"]


def test_unknown_toy_name_is_a_value_error():
    with pytest.raises(ValueError, match="name must be one of"):
        load_toy("shakespeare")


def test_planted_corpus_without_noise_keeps_every_sentence_in_one_group():
    sentences, groups = planted_corpus(n_groups=3, words_per_group=4, n_sentences=50, sentence_length=6,
                                       noise=0.0, seed=2)
    assert len(sentences) == 50 and all(len(sentence) == 6 for sentence in sentences)
    group_of = {word: group for group, words in groups.items() for word in words}
    assert all(len({group_of[word] for word in sentence}) == 1 for sentence in sentences)


def test_planted_corpus_noise_mixes_groups():
    """Negative case: with noise the one-group property must fail somewhere."""
    sentences, groups = planted_corpus(n_sentences=50, noise=0.5, seed=2)
    group_of = {word: group for group, words in groups.items() for word in words}
    assert any(len({group_of[word] for word in sentence}) > 1 for sentence in sentences)


def test_planted_corpus_is_seeded():
    assert planted_corpus(seed=5) == planted_corpus(seed=5)
    assert planted_corpus(seed=5)[0] != planted_corpus(seed=6)[0]


def test_planted_noise_rate_matches_the_argument():
    sentences, groups = planted_corpus(n_groups=10, n_sentences=2000, sentence_length=10, noise=0.3, seed=0)
    group_of = {word: group for group, words in groups.items() for word in words}
    majority = [max(set(map(group_of.get, sentence)), key=list(map(group_of.get, sentence)).count)
                for sentence in sentences]
    off_group = np.mean([group_of[word] != group for sentence, group in zip(sentences, majority)
                         for word in sentence])
    assert off_group == pytest.approx(0.3 * 0.9, abs=0.03)  # a random word is off-group 9 times in 10


@pytest.mark.parametrize("bad, name", [
    ({"n_groups": 1}, "n_groups"), ({"n_groups": 27}, "n_groups"), ({"words_per_group": 1}, "words_per_group"),
    ({"n_sentences": 0}, "n_sentences"), ({"sentence_length": 1}, "sentence_length"),
    ({"noise": 1.5}, "noise"), ({"seed": -1}, "seed"),
])
def test_bad_planted_arguments_name_the_argument(bad, name):
    with pytest.raises(ValueError, match=name):
        planted_corpus(**bad)
