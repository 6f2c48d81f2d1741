"""NegativeSampler: counts^0.75 distribution, seeded draws, exclusion, bad input."""

import numpy as np
import pytest

from w2vlib import NegativeSampler

COUNTS = np.array([50, 20, 10, 5, 0, 1])


def chi_square(samples, probabilities):
    observed = np.bincount(samples.ravel(), minlength=len(probabilities))
    support = probabilities > 0
    expected = samples.size * probabilities[support]
    return float(np.sum((observed[support] - expected) ** 2 / expected)), observed


def test_probabilities_are_counts_to_the_three_quarters_normalized():
    weights = np.array([50 ** 0.75, 20 ** 0.75, 10 ** 0.75, 5 ** 0.75, 0.0, 1.0])
    np.testing.assert_allclose(NegativeSampler(COUNTS).probabilities, weights / weights.sum())


def test_same_seed_same_draws_and_different_seed_different_draws():
    first, again, other = NegativeSampler(COUNTS, seed=7), NegativeSampler(COUNTS, seed=7), NegativeSampler(COUNTS, seed=8)
    draws = first.sample_matrix(4, 10)
    np.testing.assert_array_equal(draws, again.sample_matrix(4, 10))
    assert not np.array_equal(draws, other.sample_matrix(4, 10))


def test_empirical_frequencies_match_smoothed_unigram_by_chi_square():
    sampler = NegativeSampler(COUNTS, seed=0)
    samples = sampler.sample(200_000)
    statistic, observed = chi_square(samples, sampler.probabilities)
    assert statistic < 20.5  # chi-square, 4 degrees of freedom, p = 0.9996
    assert observed[4] == 0  # count 0 is never drawn
    statistic_against_plain_unigram, _ = chi_square(samples, COUNTS / COUNTS.sum())
    assert statistic_against_plain_unigram > 1000  # the same test does reject the wrong distribution


def test_exclude_removes_the_positive_word_and_keeps_the_others_proportional():
    sampler = NegativeSampler(COUNTS, seed=1)
    samples = sampler.sample(100_000, exclude=0)
    assert not np.any(samples == 0)
    conditional = sampler.probabilities.copy()
    conditional[0] = 0.0
    statistic, _ = chi_square(samples, conditional / conditional.sum())
    assert statistic < 18.5  # 3 degrees of freedom


def test_sample_matrix_excludes_each_rows_own_word():
    exclude = np.array([0, 1, 2, 3, 0])
    matrix = NegativeSampler(COUNTS, seed=2).sample_matrix(5, 50, exclude=exclude)
    assert matrix.shape == (5, 50) and matrix.dtype == np.int64
    assert not np.any(matrix == exclude[:, None])
    assert np.any(matrix == 0)  # word 0 is excluded from rows 0 and 4 only


def test_power_zero_is_uniform_over_words_that_occur():
    np.testing.assert_allclose(NegativeSampler(COUNTS, power=0).probabilities, [0.2, 0.2, 0.2, 0.2, 0.0, 0.2])


@pytest.mark.parametrize("counts, error, message", [
    (np.ones((2, 3)), ValueError, r"counts must be a non-empty 1-D array of shape \(V,\)"),
    ([3, -1, 2], ValueError, "counts must be non-negative"),
    ([3, np.nan], ValueError, "counts must be finite"),
    ([3, np.inf], ValueError, "counts must be finite"),
    ([0, 0], ValueError, "counts must have a positive sum"),
    (["a", "b"], TypeError, r"counts must be a real-valued array of shape \(V,\)"),
])
def test_bad_counts_raise_clear_errors(counts, error, message):
    with pytest.raises(error, match=message):
        NegativeSampler(counts)


def test_bad_sampling_arguments_raise_clear_errors():
    sampler = NegativeSampler(COUNTS)
    with pytest.raises(ValueError, match=r"k must be a positive integer"):
        sampler.sample(0)
    with pytest.raises(TypeError, match="k must be an integer"):
        sampler.sample(2.5)
    with pytest.raises(ValueError, match=r"exclude must be a word index in \[0, 6\), got -1"):
        sampler.sample(3, exclude=-1)
    with pytest.raises(ValueError, match=r"exclude must be an integer array of shape \(2,\)"):
        sampler.sample_matrix(2, 3, exclude=np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="power must be ≥ 0"):
        NegativeSampler(COUNTS, power=-0.5)
    with pytest.raises(TypeError, match="seed must be"):
        NegativeSampler(COUNTS, seed="zero")
    with pytest.raises(ValueError, match="exclude cannot be word 1: it is the only word"):
        NegativeSampler([0, 4, 0]).sample(2, exclude=1)
