"""The answer widget, driven programmatically: type, click Check, read the verdict in the Output."""

import ipywidgets as widgets
import pytest

from w2vlib.symbolic.answers import QUESTIONS
from w2vlib.symbolic.exercise import answer_box, check


def shown_text(box):
    """Plain text of what the Output currently shows."""
    return "".join(output["data"]["text/plain"] for output in box.output.outputs)


def test_answer_box_is_a_vbox_with_prompt_text_button_and_output():
    box = answer_box("softmax_grad_center")
    assert isinstance(box, widgets.VBox)
    assert isinstance(box.prompt, widgets.HTMLMath) and QUESTIONS["softmax_grad_center"].prompt_latex in box.prompt.value
    assert isinstance(box.text, widgets.Text) and isinstance(box.output, widgets.Output)
    assert box.button.description == "Check"
    assert box.output.outputs == ()


def test_clicking_check_on_a_correct_answer_shows_a_tick():
    box = answer_box("softmax_grad_center")
    box.text.value = "U(yhat - y)"
    box.button.click()
    assert box.feedback.correct
    assert shown_text(box).startswith("✓ Correct")
    assert "Understood as" in box.output.outputs[0]["data"]["text/html"]


def test_clicking_check_on_a_wrong_answer_shows_a_cross_the_reason_and_a_hint():
    box = answer_box("softmax_grad_center")
    box.text.value = "U(y - yhat)"
    box.button.click()
    assert shown_text(box).startswith("✗") and "sign" in shown_text(box)
    assert "Hint:" in box.output.outputs[0]["data"]["text/html"]


def test_a_second_click_replaces_the_previous_verdict():
    box = answer_box("sigmoid_derivative")
    box.text.value = "sigma(x)"
    box.button.click()
    box.text.value = "sigma(x) sigma(-x)"
    box.button.click()
    assert len(box.output.outputs) == 1 and shown_text(box).startswith("✓")


def test_a_click_that_reaches_the_kernel_before_the_new_text_is_judged_again_when_the_text_arrives():
    # The front end holds a value update back while the kernel is busy, but sends a click at once.
    box = answer_box("sigmoid_second_derivative")
    box.text.value = "sigma(x)(1 - sigma(x))^2"
    box.button.click()
    assert shown_text(box).startswith("✗")
    box.button.click()  # the click for the new answer arrives first ...
    box.text.value = "sigma(x)(1 - sigma(x))(1 - 2 sigma(x))"  # ... then its text
    assert len(box.output.outputs) == 1 and shown_text(box).startswith("✓")


def test_editing_before_any_check_checks_nothing():
    box = answer_box("sigmoid_derivative")
    box.text.value = "sigma(x)"
    assert box.output.outputs == () and box.feedback is None


def test_unreadable_text_in_the_box_shows_the_parser_message():
    box = answer_box("rong_EH")
    box.text.value = "__import__('os')"
    box.button.click()
    assert shown_text(box).startswith("✗ I could not read your answer")


def test_check_is_the_plain_function_behind_the_widget():
    assert check("rong_EH", "Wp EI").correct
    assert not check("rong_EH", "-Wp EI").correct


def test_unknown_question_id_raises_value_error():
    with pytest.raises(ValueError, match="known ids"):
        answer_box("no_such_question")


def test_a_steps_box_has_a_multi_line_field_and_checks_each_step():
    box = answer_box("sigmoid_derivative", steps=True)
    assert isinstance(box.text, widgets.Textarea) and box.text.rows >= 4
    box.text.value = "= e^(-x)/(1 + e^(-x))^2\n= -sigma(x)(1 - sigma(x))"
    box.button.click()
    assert box.feedback.first_wrong == 2 and box.feedback.marks == ("✓", "✗")
    shown = shown_text(box)
    assert shown.startswith("✗") and "\n1. = " in shown and "\n2. = " in shown
    assert '<ol class="w2v-steps">' in box.output.outputs[0]["data"]["text/html"]


def test_a_right_derivation_in_the_steps_box_shows_a_tick():
    box = answer_box("softmax_grad_center", steps=True)
    box.text.value = "dJ/dv_c = -u_o + sum_w(yhat_w u_w)\n= U yhat - U y\n= U(yhat - y)"
    box.button.click()
    assert box.feedback.correct and shown_text(box).startswith("✓ Correct") and box.feedback.marks == ("✓",) * 3


def test_several_lines_in_a_one_line_box_are_checked_as_steps():
    box = answer_box("sigmoid_derivative")
    assert isinstance(box.text, widgets.Text)
    box.text.value = r"\frac{d\sigma(x)}{dx} &= \frac{e^{-x}}{(1 + e^{-x})^2} \\ &= \sigma(x)(1 - \sigma(x))"
    box.button.click()
    assert box.feedback.correct and box.feedback.marks == ("✓", "✓")
    box.text.value = "sigma(x)(1 - sigma(x))"
    box.button.click()
    assert box.feedback.correct and not hasattr(box.feedback, "marks")


def test_hostile_steps_in_the_box_give_a_message_not_a_traceback():
    box = answer_box("rong_EH", steps=True)
    box.text.value = "= __import__('os')\n= 1"
    box.button.click()
    assert shown_text(box).startswith("✗ I could not read step 1")
