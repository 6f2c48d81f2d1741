r"""Step-by-step answers: each step marked as the book marks a derivation, the last line judged as an answer."""

import pytest

from w2vlib.symbolic import StepsFeedback as ExportedStepsFeedback
from w2vlib.symbolic import check_steps as exported_check_steps
from w2vlib.symbolic.steps import MAX_STEPS, StepsFeedback, check_steps, split_steps

SOFTMAX_RIGHT = r"""
\frac{\partial J}{\partial \mathbf{v}_c}
  &= \frac{\partial}{\partial \mathbf{v}_c}\left(-\mathbf{u}_o^\top \mathbf{v}_c
     + \log \sum_{w} \exp(\mathbf{u}_w^\top \mathbf{v}_c)\right) && \text{split the log} \\
  &= -\mathbf{u}_o + \sum_{w} \hat{y}_w \mathbf{u}_w \\
  &= \mathbf{U}\hat{\mathbf{y}} - \mathbf{U}\mathbf{y} \\
  &= \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})
"""

SIGMOID_RIGHT = r"""
\frac{d\sigma(x)}{dx} &= \frac{e^{-x}}{(1 + e^{-x})^2} \\
  &= \frac{1}{1 + e^{-x}} \cdot \frac{e^{-x}}{1 + e^{-x}} \\
  &= \sigma(x)(1 - \sigma(x))
"""


def test_check_steps_is_exported_next_to_check():
    from w2vlib.symbolic import exercise

    assert exported_check_steps is check_steps and ExportedStepsFeedback is StepsFeedback
    assert exercise.check_steps is check_steps


def test_a_right_derivation_is_correct_with_a_tick_per_step():
    feedback = check_steps("softmax_grad_center", SOFTMAX_RIGHT)
    assert feedback.correct and feedback.status == "proved" and feedback.code == "proved"
    assert feedback.marks == ("✓",) * 4 and feedback.first_wrong is None
    assert len(feedback.steps) == 4 and r"\hat{\mathbf{y}}" in feedback.steps[-1]
    assert feedback.answer.correct and "last line answers" in feedback.message


def test_a_right_sigmoid_derivation_is_correct():
    feedback = check_steps("sigmoid_derivative", SIGMOID_RIGHT)
    assert feedback.correct and feedback.marks == ("✓", "✓", "✓")


def test_a_sign_slipped_at_step_two_is_named_with_a_counterexample():
    text = SOFTMAX_RIGHT.replace(r"&= -\mathbf{u}_o + \sum_{w}", r"&= \mathbf{u}_o + \sum_{w}")
    feedback = check_steps("softmax_grad_center", text)
    assert not feedback.correct and feedback.first_wrong == 2
    assert feedback.marks == ("✓", "✗", "✗", "✓")  # step 3 is right again, so it does not follow from step 2
    assert "Step 2 does not follow from step 1" in feedback.message
    assert "with random entries of U, v_c" in feedback.message and "but step 2 is" in feedback.message


def test_a_flipped_sign_is_diagnosed_as_such():
    feedback = check_steps("sigmoid_derivative", "= e^(-x)/(1 + e^(-x))^2\n= -e^(-x)/(1 + e^(-x))^2\n"
                                                 "= -sigma(x)(1 - sigma(x))")
    assert feedback.first_wrong == 2 and feedback.code == "sign" and "−1 times step 1" in feedback.message
    assert feedback.marks == ("✓", "✗", "(✗)")


def test_steps_that_all_hold_but_stop_before_the_answer_are_not_correct():
    text = r"""\frac{d\sigma(x)}{dx} &= \frac{d}{dx} (1 + e^{-x})^{-1} \\
                &= -(1 + e^{-x})^{-2} \frac{d}{dx}(1 + e^{-x})"""
    feedback = check_steps("sigmoid_derivative", text)
    assert feedback.marks == ("✓", "✓") and not feedback.correct
    assert feedback.status == "incomplete" and feedback.first_wrong is None
    assert "Every step holds" in feedback.message and "not yet the answer" in feedback.message
    assert "not the derivative itself" in feedback.message


def test_a_wrong_first_line_is_compared_with_the_asked_quantity():
    feedback = check_steps("softmax_grad_center", r"""
        \frac{\partial J}{\partial \mathbf{v}_c} &= \mathbf{u}_o + \sum_{w} \hat{y}_w \mathbf{u}_w \\
        &= \mathbf{U}(\hat{\mathbf{y}} + \mathbf{y})""")
    assert feedback.first_wrong == 1 and feedback.marks == ("✗", "(✗)")
    assert "Step 1 is not ∂J/∂v_c" in feedback.message and "step 0" not in feedback.message


def test_a_factor_right_at_one_size_only_is_caught():
    feedback = check_steps("skipgram_grad_U", "= sum_j(v_c (yhat - y_j)^T)\n= v_c (m^2 yhat - sum_j(y_j))^T")
    assert feedback.first_wrong == 2 and feedback.marks == ("✓", "✗")
    assert "m² is not the number of window words" in feedback.message and feedback.code.startswith("mistake-")
    assert "m = 3" in feedback.message or "m = " in feedback.message


def test_a_size_factor_on_a_step_is_named():
    feedback = check_steps("skipgram_grad_center", "= sum_j(U(yhat - y_j))\n= 1/(2m) sum_j(U(yhat - y_j))")
    assert feedback.first_wrong == 2 and feedback.code == "factor" and "1/(2m)" in feedback.message


def test_plain_text_steps_one_per_line_work():
    feedback = check_steps("negsamp_grad_center", """
        dJ/dv_c = -(1 - sigma(u_o^T v_c)) u_o + sum_k((1 - sigma(-u_k^T v_c)) u_k)
                = (sigma(u_o^T v_c) - 1) u_o + sum_k(sigma(u_k^T v_c) u_k)
    """)
    assert feedback.correct and feedback.marks == ("✓", "✓")


def test_unicode_steps_and_a_chain_on_one_line_work():
    feedback = check_steps("softmax_grad_center", "∂J/∂v_c = −u_o + Σ_w ŷ_w u_w = U ŷ − U y = U(ŷ − y)")
    assert feedback.correct and len(feedback.marks) == 3


def test_a_first_line_without_left_side_starts_the_chain():
    feedback = check_steps("softmax_grad_center", "U yhat - u_o = U(yhat - y)")
    assert feedback.correct and feedback.marks == ("✓", "✓")


def test_a_left_side_that_is_another_quantity_is_refused():
    feedback = check_steps("softmax_grad_center", r"\frac{\partial J}{\partial \mathbf{u}_o} &= (\hat{y}_o - 1)\mathbf{v}_c")
    assert not feedback.correct and feedback.code == "wrong-quantity" and "∂J/∂v_c" in feedback.message


def test_the_last_line_is_judged_with_the_questions_own_check():
    feedback = check_steps("softmax_grad_outside_w", r"""
        \frac{\partial J}{\partial \mathbf{u}_w} &= \hat{y}_w \mathbf{v}_c""")
    assert feedback.correct, feedback.message  # where w ≠ o holds: the question's condition is used
    missing = check_steps("softmax_grad_center", "= -u_o + sum_w(yhat_w u_w)\n= U yhat")
    assert missing.first_wrong == 2 and "−1 of the true word is missing" in missing.message


def test_a_wrong_step_that_lands_back_on_the_answer_is_still_wrong():
    feedback = check_steps("sigmoid_derivative", "= sigma(x)^2\n= sigma(x)(1 - sigma(x))")
    assert feedback.marks == ("✗", "✗") and not feedback.correct and feedback.answer.correct
    assert "step by step" in feedback.message


@pytest.mark.parametrize("text", [
    "__import__('os').system('echo hacked')\n= 1", "U" * 10_000, "", "= ", r"\frac{" * 300 + "1" + "}{2}" * 300,
    "= U(yhat - y", r"\input{/etc/passwd} &= 1", "= ((((((2^10)^10)^10)^10)^10)^10)", None,
    "\n".join("= U(yhat - y)" for _ in range(MAX_STEPS + 1)), "= U(yhat - y)}", "= U(yhat - y) = sum(",
])
def test_unreadable_or_hostile_text_gets_a_clear_message(text):
    feedback = check_steps("softmax_grad_center", text)
    assert isinstance(feedback, StepsFeedback) and not feedback.correct
    assert feedback.status in ("unreadable", "unknown") and feedback.code == feedback.status
    assert len(feedback.message) > 20 and "Traceback" not in feedback.message


def test_an_unreadable_step_is_named_by_its_number():
    feedback = check_steps("softmax_grad_center", "= -u_o + sum_w(yhat_w u_w)\n= U(yhat - y")
    assert feedback.first_wrong == 2 and feedback.message.startswith("I could not read step 2")


def test_split_steps_reads_reasons_and_left_sides():
    left, steps = split_steps(r"J' &= a && \text{why} \\ &= b \quad \text{because}")
    assert left == "J'" and steps == [("a", "why"), ("b", "because")]


def test_unknown_question_id_raises():
    with pytest.raises(ValueError, match="known ids"):
        check_steps("no_such_question", "= 1")


def test_the_verdict_renders_as_a_numbered_list_of_marked_steps():
    feedback = check_steps("sigmoid_derivative", "= e^(-x)/(1 + e^(-x))^2\n= -sigma(x)(1 - sigma(x))")
    page = feedback.to_html()
    assert page.count("<li") == 2 and '<ol class="w2v-steps">' in page and "w2v-first-wrong" in page
    markdown = feedback._repr_markdown_()
    assert "1. $= " in markdown and "2. $= " in markdown and "✗" in markdown
