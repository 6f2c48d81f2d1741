r"""The named contexts: two or more size configurations each, chosen so that a wrong factor that is
right at one size (m² = 2m at m = 2, K − 1 = n_w at K = 3, C² − C = 2C at C = 3) fails at another."""

import pytest

from w2vlib.symbolic import Derivation, DerivationError, compare
from w2vlib.symbolic.configurations import CONTEXTS, configurations
from w2vlib.symbolic.notation import evaluate, read_latex

EXPECTED_CONTEXTS = ["cbow", "negative_sampling", "rong", "sigmoid", "skipgram", "softmax"]


def value(text, config):
    return evaluate(read_latex(text), config)


def test_the_contexts_of_issue_10_exist_under_their_names():
    assert set(EXPECTED_CONTEXTS) <= set(CONTEXTS)  # the exercises' variants add contexts of their own
    with pytest.raises(ValueError, match="the contexts are cbow, "):
        configurations("skip-gram")


@pytest.mark.parametrize("context", EXPECTED_CONTEXTS)
def test_every_context_with_sizes_has_at_least_two_configurations_with_different_sizes(context):
    found = configurations(context)
    if context == "sigmoid":
        # σ(x) of one real scalar x has no sizes (no |V|, d, K, m or C): there is nothing to vary,
        # so one configuration is every configuration.
        assert len(found) == 1
        return
    assert len(found) >= 2
    names = [config.name for config in found]
    assert len(set(names)) == len(names), names            # different sizes, named differently


@pytest.mark.parametrize("context, left, right", [
    ("skipgram", "m^2", "2m"),
    ("negative_sampling", "K - 1", "n_w"),
    ("rong", "C^2", "2C"),
    ("rong", "C^2 - C", "2C"),
])
def test_some_configuration_separates_factors_that_agree_at_the_first_size(context, left, right):
    pairs = [(value(left, config), value(right, config)) for config in configurations(context)]
    assert any(a != b for a, b in pairs), pairs


def test_negative_sampling_has_a_repeated_negative_and_never_draws_the_outside_word():
    for setting in (setting for _, settings in [CONTEXTS["negative_sampling"]] for setting in settings):
        assert setting["o"] not in setting["neg"]
    assert all(len(set(setting["neg"])) < len(setting["neg"]) for setting in CONTEXTS["negative_sampling"][1])
    counts = [value("n_w", config) for config in configurations("negative_sampling")]
    assert all(count >= 2 for count in counts)              # a free w is a word drawn more than once


# ----------------------------------------------------------------------------- wrong factors

SKIPGRAM_CENTER = r"""
\frac{\partial J_{\text{skip-gram}}}{\partial \mathbf{v}_c}
  &= \mathbf{U}\bigl(%s \hat{\mathbf{y}} - \sum_{\substack{-m \le j \le m \\ j \ne 0}} \mathbf{y}_{t+j}\bigr)
"""

NEGATIVE_REPEATED = r"""
\frac{\partial J}{\partial \mathbf{u}_w} &= %s\, \sigma(\mathbf{u}_w^\top \mathbf{v}_c)\, \mathbf{v}_c
"""

RONG_SLIP_SIZE = r"""
\Bigl(C^2\, y_j - \sum_{c=1}^{C} t_{c,j}\Bigr) - \mathrm{EI}_j &= %s\, y_j
"""

CASES = [
    # (context, block, right factor, wrong factor that agrees at the first configuration)
    ("skipgram", SKIPGRAM_CENTER, "2m", "m^2"),
    ("negative_sampling", NEGATIVE_REPEATED, "n_w", "(K-1)"),
    ("rong", RONG_SLIP_SIZE, "(C^2 - C)", "2C"),
]


@pytest.mark.parametrize("context, block, right, wrong", CASES, ids=[case[0] for case in CASES])
def test_the_right_factor_is_proved_at_every_configuration(context, block, right, wrong):
    derivation = Derivation.from_latex(block % right, context)
    assert derivation.assert_valid() is derivation
    assert derivation.verify()[1].status == "proved"


@pytest.mark.parametrize("context, block, right, wrong", CASES, ids=[case[0] for case in CASES])
def test_a_wrong_factor_right_at_one_size_is_refuted_at_the_configuration_where_it_fails(context, block, right,
                                                                                          wrong):
    first, second = configurations(context)[:2]
    derivation = Derivation.from_latex(block % wrong, context)
    # at the first size the wrong line agrees with the derivative (that is why one size is not enough) …
    rows = block.strip().split("&=")
    lhs, rhs = read_latex(rows[0]), read_latex(rows[1] % wrong)
    assert compare(evaluate(lhs, first), evaluate(rhs, first)).equal
    assert not compare(evaluate(lhs, second), evaluate(rhs, second)).equal
    # … and the derivation is refuted, naming the configuration where it fails
    result = derivation.verify()[1]
    assert result.status == "refuted" and result.configuration == second.name
    with pytest.raises(DerivationError) as error:
        derivation.assert_valid()
    message = str(error.value)
    assert message.startswith("step 1 ") and f"at {second.name}:" in message
    assert first.name not in message
