"""Vocabulary ordering/min_count/lookup, word2vec subsampling formula, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from w2vlib import Vocabulary, keep_probabilities, subsample

SENTENCES = [["b", "a", "c", "a"], ["d", "c", "a", "e"], ["b", "c"]]  # a:3 c:3 b:2 d:1 e:1


def test_words_ordered_by_descending_count_then_alphabetically():
    vocab = Vocabulary.build(SENTENCES)
    assert vocab.words == ("a", "c", "b", "d", "e")
    assert vocab.counts.tolist() == [3, 3, 2, 1, 1]
    assert Vocabulary.build(SENTENCES[::-1]).words == vocab.words  # independent of sentence order


def test_min_count_drops_rare_words():
    vocab = Vocabulary.build(SENTENCES, min_count=2)
    assert vocab.words == ("a", "c", "b") and len(vocab) == 3 and "d" not in vocab


def test_index_word_and_encode_round_trip_dropping_unknown_words():
    vocab = Vocabulary.build(SENTENCES, min_count=2)
    assert [vocab.word(vocab.index(word)) for word in vocab.words] == list(vocab.words)
    encoded = vocab.encode([["c", "zzz", "a"], ["e"]])
    assert [ids.tolist() for ids in encoded] == [[1, 0], []] and encoded[1].dtype == np.int64


def test_unknown_word_raises_key_error_naming_it():
    with pytest.raises(KeyError, match="word 'zebra' is not in the vocabulary"):
        Vocabulary.build(SENTENCES).index("zebra")


@pytest.mark.parametrize("sentences, min_count, error, message", [
    ("a b c", 1, TypeError, "got a single string"),
    (["a b", "c"], 1, TypeError, r"sentences\[0\] must be a list of str tokens"),
    ([["a", 3]], 1, TypeError, r"sentences\[0\] must contain only str tokens, got 3"),
    (42, 1, TypeError, "sentences must be an iterable of token lists"),
    (SENTENCES, 0, ValueError, "min_count must be a positive integer"),
    (SENTENCES, 4, ValueError, "no word occurs at least min_count=4 times"),
])
def test_bad_build_arguments_raise_clear_errors(sentences, min_count, error, message):
    with pytest.raises(error, match=message):
        Vocabulary.build(sentences, min_count=min_count)


def test_constructor_rejects_duplicates_and_mismatched_counts():
    with pytest.raises(ValueError, match="words must be distinct, 'a'"):
        Vocabulary(["a", "b", "a"], [1, 2, 3])
    with pytest.raises(ValueError, match=r"counts must have shape \(2,\)"):
        Vocabulary(["a", "b"], [1, 2, 3])
    with pytest.raises(ValueError, match=r"index must be in \[0, 2\)"):
        Vocabulary(["a", "b"], [2, 1]).word(2)


def test_keep_probability_matches_word2vec_formula_by_hand():
    counts, sample = [1000, 100, 10, 1], 1e-3
    threshold = sample * 1111
    by_hand = (math.sqrt(1000 / threshold) + 1) * threshold / 1000
    keep = keep_probabilities(counts, sample=sample)
    assert keep[0] == pytest.approx(by_hand, rel=1e-12) and keep[0] == pytest.approx(0.034443, abs=1e-6)
    assert keep[3] == 1.0  # rare word: formula exceeds 1 and is clipped


@given(st.lists(st.integers(min_value=1, max_value=10**6), min_size=2, max_size=30),
       st.floats(min_value=1e-6, max_value=1e-1))
def test_keep_probability_is_non_increasing_in_count_and_in_unit_interval(counts, sample):
    order = np.argsort(counts)
    keep = keep_probabilities(counts, sample=sample)[order]
    assert np.all(np.diff(keep) <= 1e-12) and np.all((keep > 0) & (keep <= 1))


def test_sample_zero_disables_subsampling_and_zero_counts_are_kept():
    assert keep_probabilities([5, 1], sample=0).tolist() == [1.0, 1.0]
    assert keep_probabilities([10**6, 0], sample=1e-5)[1] == 1.0


def test_subsample_keeps_tokens_at_their_keep_rate_in_order(rng):
    sentence = np.tile([0, 1, 2], 20_000)
    kept = subsample(sentence, np.array([0.25, 1.0, 0.0]), rng)
    assert np.count_nonzero(kept == 1) == 20_000 and not np.any(kept == 2)
    assert np.count_nonzero(kept == 0) / 20_000 == pytest.approx(0.25, abs=0.01)
    assert np.array_equal(kept, subsample(sentence, np.array([0.25, 1.0, 0.0]), np.random.default_rng(1234)))


def test_subsample_bad_input_raises_clear_errors(rng):
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        subsample(np.array([0]), np.array([0.5]), 0)
    with pytest.raises(ValueError, match=r"keep_probs must hold probabilities in \[0, 1\]"):
        subsample(np.array([0]), np.array([1.5]), rng)
    with pytest.raises(ValueError, match=r"encoded_sentence must hold word indices in \[0, 2\), got 2"):
        subsample(np.array([0, 2]), np.array([0.5, 0.5]), rng)
    with pytest.raises(ValueError, match="sample must be ≥ 0"):
        keep_probabilities([1, 2], sample=-1e-3)
    with pytest.raises(ValueError, match="counts must be non-negative"):
        keep_probabilities([1, -2])


def test_encode_flat_equals_encode_concatenated_and_checks_its_size():
    sentences = [["a", "b", "a", "x"], [], ["x"], ["b", "a"]]
    vocab = Vocabulary.build(sentences, min_count=2)
    tokens, lengths = vocab.encode_flat(sentences, n_tokens=vocab.counts.sum())
    expected = vocab.encode(sentences)
    assert tokens.dtype == np.int32 and lengths.tolist() == [len(sentence) for sentence in expected]
    assert tokens.tolist() == np.concatenate(expected).tolist()
    assert vocab.encode_flat(sentences)[0].tolist() == tokens.tolist()
    with pytest.raises(ValueError, match="n_tokens"):
        vocab.encode_flat(sentences, n_tokens=3)


def test_token_lists_are_checked_without_being_copied_and_other_sentences_become_lists():
    """A corpus of lists is not copied token by token (that was 3.6 MB on chapter 9's corpus)."""
    from w2vlib.vocab import _check_sentences

    class Word(str):  # a str subclass is a str token
        pass

    sentences = [["a", "b"], ("c", Word("d")), iter(["e"])]
    checked = _check_sentences(sentences)
    assert checked[0] is sentences[0]
    assert checked[1] == ["c", "d"] and isinstance(checked[1], list)
    assert checked[2] == ["e"]
    assert sentences[1] == ("c", "d")  # the caller's corpus is left as it was
    with pytest.raises(TypeError, match=r"sentences\[1\] must contain only str tokens, got 7"):
        _check_sentences([["a"], ["b", 7]])
    with pytest.raises(TypeError, match=r"sentences\[0\] must contain only str tokens, got b'x'"):
        _check_sentences([("a", b"x")])
