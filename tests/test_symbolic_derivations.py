"""Ready-made derivations: every one verifies, and an injected mistake is caught at the right step."""

import re

import pytest
import sympy

from w2vlib.symbolic import Derivation, DerivationError, Step, derivations
from w2vlib.symbolic.contexts import negsamp_context, sigma_explicit, sigmoid_context, softmax_context


def with_step_replaced(derivation, index, expr, latex):
    """A copy of ``derivation`` whose step ``index`` is replaced by a (wrong) expression."""
    steps = list(derivation.steps)
    steps[index] = Step(expr, latex, steps[index].reason)
    return Derivation(derivation.lhs_latex, steps, label=derivation.label, title=derivation.title)


def assert_first_mistake_at(derivation, index):
    assert derivation.first_error is not None and derivation.first_error.index == index
    derivation.expect_mistake_at(index)
    with pytest.raises(DerivationError) as error:
        derivation.assert_valid()
    assert f"step {index}" in str(error.value)
    assert derivation.steps[index].latex in str(error.value)


@pytest.mark.parametrize("name", sorted(derivations.ALL))
def test_every_ready_made_derivation_verifies(name):
    derivation = derivations.ALL[name]()
    assert derivation.assert_valid() is derivation
    statuses = [result.status for result in derivation.verify()]
    assert statuses[0] == "given"
    assert set(statuses[1:]) <= {"proved", "numeric"}
    assert 3 <= len(derivation.steps) <= 8
    markdown = derivation._repr_markdown_()
    assert f"$$ ({derivation.label})" in markdown and r"\begin{aligned}" in markdown


def test_default_labels_are_unique_and_follow_the_eq_name_pattern():
    labels = [function().label for function in derivations.ALL.values()]
    assert len(set(labels)) == len(labels)
    assert all(re.fullmatch(r"eq-[a-z]+(-[A-Za-z]+)+", label) for label in labels)
    assert derivations.softmax_grad_center().label == "eq-softmax-grad-center"


def test_label_argument_overrides_the_default():
    assert derivations.sigmoid_derivative(label="eq-ch03-sigma-prime").label == "eq-ch03-sigma-prime"


def test_verify_all_reports_seconds_and_statuses_per_derivation():
    report = derivations.verify_all(["sigmoid_symmetry", "rong_update_output"])
    assert set(report) == {"sigmoid_symmetry", "rong_update_output"}
    seconds, statuses = report["sigmoid_symmetry"]
    assert seconds >= 0 and statuses[0] == "given" and len(statuses) == len(derivations.sigmoid_symmetry().steps)


def test_verify_all_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown derivation"):
        derivations.verify_all(["softmax_grad_nonsense"])


def test_sign_error_in_the_softmax_chain_rule_step_is_caught_at_that_step():
    ctx = softmax_context()
    weighted = sum((sympy.exp(ctx.score(w)) * ctx.u(w) for w in range(ctx.V)), sympy.zeros(ctx.d, 1))
    wrong = with_step_replaced(derivations.softmax_grad_center(), 2,
                               ctx.u(ctx.o) + weighted / ctx.denominator, r"+\mathbf{u}_o + \dots")
    assert_first_mistake_at(wrong, 2)


def test_sign_error_in_the_inner_derivative_of_a_negative_sample_is_caught():
    ctx = negsamp_context()
    s_k = ctx.score(ctx.once)
    sigma_k = sigma_explicit(-s_k)
    wrong = with_step_replaced(derivations.negsamp_grad_outside_k(), 2,
                               -sigma_k * (1 - sigma_k) / sigma_k * ctx.v_c, r"\dots\,\mathbf{v}_c")
    assert_first_mistake_at(wrong, 2)


def test_probability_of_o_in_place_of_w_inside_the_sum_is_caught():
    ctx = softmax_context()
    wrong_sum = sum((ctx.yhat_of(ctx.o) * ctx.u(w) for w in range(ctx.V)), sympy.zeros(ctx.d, 1))
    wrong = with_step_replaced(derivations.softmax_grad_center(), 3, -ctx.u(ctx.o) + wrong_sum,
                               r"-\mathbf{u}_o + \sum_w P(O=o \mid C=c)\,\mathbf{u}_w")
    assert_first_mistake_at(wrong, 3)
    # The later steps are right again, so they are not blamed for it.
    assert all(result.status in ("proved", "numeric") for result in wrong.verify()[4:])


def test_dropped_minus_inside_sigma_of_a_negative_sample_is_caught():
    ctx = negsamp_context()
    dropped = -(1 - sigma_explicit(ctx.score(ctx.o))) * ctx.u(ctx.o) + sum(
        ((1 - sigma_explicit(ctx.score(k))) * ctx.u(k) for k in ctx.neg), sympy.zeros(ctx.d, 1))
    wrong = with_step_replaced(derivations.negsamp_grad_center(), 3, dropped,
                               r"\dots + \sum_k (1 - \sigma(\mathbf{u}_k^\top \mathbf{v}_c))\,\mathbf{u}_k")
    assert_first_mistake_at(wrong, 3)


def test_cancelling_the_wrong_sigma_in_sigma_prime_over_sigma_is_caught():
    ctx = negsamp_context()
    s_o = ctx.score(ctx.o)
    kept_wrong_factor = -sigma_explicit(s_o) * ctx.u(ctx.o) - sum(
        (sigma_explicit(-ctx.score(k)) * -ctx.u(k) for k in ctx.neg), sympy.zeros(ctx.d, 1))
    wrong = with_step_replaced(derivations.negsamp_grad_center(), 3, kept_wrong_factor,
                               r"-\sigma(\mathbf{u}_o^\top \mathbf{v}_c)\,\mathbf{u}_o - \dots")
    assert_first_mistake_at(wrong, 3)


def test_factor_K_for_a_single_repeated_word_is_caught():
    ctx = negsamp_context()
    s_w = ctx.score(ctx.repeated)
    wrong = with_step_replaced(derivations.negsamp_grad_repeated(), 3,
                               ctx.K * ctx.v_c * (1 - sigma_explicit(-s_w)),
                               r"K\,\mathbf{v}_c(1 - \sigma(-\mathbf{u}_k^\top \mathbf{v}_c))")
    assert_first_mistake_at(wrong, 3)


def test_missing_transpose_is_caught_as_a_shape_error():
    ctx = softmax_context()
    wrong = with_step_replaced(derivations.softmax_grad_U(), 2, (ctx.yhat - ctx.y) * ctx.v_c.T,
                               r"(\hat{\mathbf{y}} - \mathbf{y})\,\mathbf{v}_c^\top")
    assert_first_mistake_at(wrong, 2)
    assert wrong.first_error.status == "shape"


def test_quotient_rule_slip_in_the_sigmoid_derivative_is_caught():
    x = sigmoid_context().x
    e = sympy.exp(-x)
    slip = (1 * (1 + e) - (-e) * 1) / (1 + e) ** 2
    wrong = with_step_replaced(derivations.sigmoid_derivative(), 1, slip,
                               r"\frac{(1)(1+e^{-x}) - (-e^{-x})(1)}{(1+e^{-x})^2}")
    assert_first_mistake_at(wrong, 1)


def test_rong_slip_is_flagged_where_the_factor_C_is_counted_twice_and_is_not_in_ALL():
    slip = derivations.rong_error_slip(label="eq-test-slip")
    assert slip.expect_mistake_at(2) is slip and slip.label == "eq-test-slip"
    statuses = [result.status for result in slip.verify()]
    assert statuses[:3] == ["given", "proved", "refuted"] and statuses[3] != "proved"
    with pytest.raises(DerivationError, match="step 2"):
        slip.assert_valid()
    assert "rong_error_slip" not in derivations.ALL


def test_rong_slip_without_the_double_count_is_the_right_error():
    slip = derivations.rong_error_slip()
    right = derivations.rong_error()
    fixed = with_step_replaced(slip, 2, right.steps[-1].expr, r"\mathrm{EI}_j")
    fixed = Derivation(fixed.lhs_latex, fixed.steps[:3], label=fixed.label)
    assert fixed.assert_valid() is fixed
