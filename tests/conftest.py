"""Shared fixtures: a seeded generator and a small word2vec parameter set with V ≠ d."""

import numpy as np
import pytest
from hypothesis import settings

# Deterministic property tests, no timing-based failures, no .hypothesis/ directory.
settings.register_profile("w2vlib", derandomize=True, deadline=None, database=None, max_examples=60)
settings.load_profile("w2vlib")

VOCAB_SIZE, DIM = 7, 4


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.fixture
def center_vectors(rng):
    """Rows are v_w, shape (V, d) = (7, 4)."""
    return rng.normal(scale=0.5, size=(VOCAB_SIZE, DIM))


@pytest.fixture
def outside_vectors(rng):
    """U stored as Uᵀ: rows are u_w, shape (V, d) = (7, 4)."""
    return rng.normal(scale=0.5, size=(VOCAB_SIZE, DIM))
