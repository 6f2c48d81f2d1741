"""w2vlib's fast trainer learns real word similarity from real text (WordSim-353 on Wikipedia).

Corpus: the first half of gensim's enwiki-short test file (253 chunks of ≤ 1000 tokens,
230 311 tokens; 184 of the 353 WordSim pairs in vocabulary), trained with the benchmark's
settings (skip-gram, K = 5, window 5, d = 100, min_count 5, sample 1e-3, 10 epochs,
lr 0.025 → 1e-4, negatives="shared").

Threshold, from measurements on this machine (numpy 2.4, seeds 0–9):
Spearman ρ = 0.402 0.350 0.382 0.364 0.351 0.371 0.345 0.357 0.340 0.374,
mean 0.363, sd 0.019, min 0.340. We require ρ > 0.28 for each of three seeds,
4.4 sd below the mean, so a correct trainer fails with probability far below 1e-4.
The same vectors with their rows shuffled among the words (so the vectors are
trained but belong to the wrong words) gave ρ between −0.12 and 0.19 over the
same ten seeds (chance level for 184 pairs: sd ≈ 1/√183 ≈ 0.074), far below 0.28.
"""

import numpy as np
import pytest

from w2vlib import train
from w2vlib.datasets import load_enwiki_short, load_wordsim353
from w2vlib.evaluation import word_similarity

THRESHOLD = 0.28
SETTINGS = {"dim": 100, "window": 5, "negative": 5, "epochs": 10, "lr": 0.025, "min_lr": 1e-4, "min_count": 5,
            "subsample": 1e-3, "negatives": "shared", "progress": False}


@pytest.fixture(scope="module")
def half_wiki():
    sentences = load_enwiki_short()
    return sentences[:len(sentences) // 2]


@pytest.fixture(scope="module")
def wordsim():
    return load_wordsim353()


@pytest.fixture(scope="module")
def trained(half_wiki):
    return {seed: train(half_wiki, seed=seed, **SETTINGS) for seed in (0, 1, 2)}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_wordsim353_spearman_exceeds_threshold(trained, wordsim, seed):
    model = trained[seed]
    result = word_similarity(model.center_vectors, model.vocab, wordsim)
    assert result.pairs_used == 184
    assert result.spearman > THRESHOLD, str(result)


def test_trained_vectors_assigned_to_the_wrong_words_fall_below_threshold(trained, wordsim):
    """Negative case: the same vectors, rows shuffled among the words, carry no word similarity."""
    model = trained[0]
    shuffled = np.random.default_rng(0).permutation(len(model.vocab))
    result = word_similarity(model.center_vectors[shuffled], model.vocab, wordsim)
    assert result.spearman < THRESHOLD
