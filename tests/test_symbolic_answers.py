"""check_answer: equivalent forms accepted, wrong forms rejected with a helpful message, hostile text handled."""

import pytest

from w2vlib.symbolic.answers import QUESTIONS, Feedback, _setup, check_answer
from w2vlib.symbolic.checker import compare

# question id → (equivalent correct answers, besides the canonical one)
EQUIVALENT = {
    "cross_entropy": ["-sum_w(y_w log(yhat_w))", "log(1/yhat_o)", "-u_o^T v_c + log(sum_w(exp(u_w^T v_c)))"],
    "softmax_grad_center": ["U*(yhat - y)", "U@yhat - u_o", "U yhat - u_o", "-u_o + sum_w(yhat_w u_w)"],
    "softmax_grad_outside_o": ["v_c(yhat_o - 1)", "yhat_o v_c - v_c", "(yhat_o - y_o) v_c"],
    "softmax_grad_outside_w": ["(yhat_w - y_w) v_c", "v_c yhat_w"],
    "softmax_grad_U": ["v_c yhat^T - v_c y^T", "v_c @ (yhat - y)^T"],
    "sigmoid_derivative": ["sigma(x)*(1 - sigma(x))", "sigma(x)*sigma(-x)", "exp(-x)/(1+exp(-x))^2"],
    "negsamp_grad_center": ["(sigma(u_o^T v_c) - 1) u_o + sum_k(sigma(u_k^T v_c) u_k)",
                            "-sigma(-u_o^T v_c) u_o + sum_k(u_k sigma(v_c^T u_k))"],
    "negsamp_grad_outside_o": ["(sigma(u_o^T v_c) - 1) v_c", "-sigma(-u_o^T v_c) v_c"],
    "negsamp_grad_outside_k": ["sigma(u_k^T v_c) v_c", "v_c sigma(v_c^T u_k)"],
    "negsamp_grad_outside_repeated": ["2 sigma(u_w^T v_c) v_c", "(1 - sigma(-u_w^T v_c)) v_c + (1 - sigma(-u_w^T v_c)) v_c"],
    "skipgram_grad_U": ["v_c (2m yhat - sum_j(y_j))^T", "sum_j(v_c yhat^T - v_c y_j^T)"],
    "skipgram_grad_center": ["U(2m yhat - sum_j(y_j))", "sum_j(U yhat - u_j)"],
    "skipgram_grad_other_center": ["0 v_c", "v_w - v_w"],
    "rong_EI": ["sum_c(e_c)", "C y - sum_c(t_c)"],
    "rong_EH": ["Wp @ EI", "sum_c(Wp e_c)", "W_prime(C y - sum_c(t_c))"],
}

# question id → [(wrong answer, words the message must contain)]
WRONG = {
    "cross_entropy": [("log(yhat_o)", "sign"), ("-sum_w(log(yhat_w))", "weights y_w")],
    "softmax_grad_center": [("U(y - yhat)", "sign"), ("(yhat - y)^T U^T", "transpose"),
                            ("-u_o + sum_w(yhat_o u_w)", "P(O=w|C=c)"), ("U^T(yhat - y)", "shape")],
    "softmax_grad_outside_o": [("(1 - yhat_o) v_c", "sign"), ("(yhat_o - 1) v_c^T", "transpose"),
                               ("yhat_o v_c", "−v_c")],
    "softmax_grad_outside_w": [("yhat_o v_c", "P(O=w|C=c)"), ("-yhat_w v_c", "sign"), ("(yhat_w - 1) v_c", "y_w = 0")],
    "softmax_grad_U": [("(yhat - y) v_c^T", "transpose"), ("v_c (y - yhat)^T", "sign"), ("(yhat - y)^T v_c", "shape")],
    "sigmoid_derivative": [("-sigma(x)(1 - sigma(x))", "sign"), ("(1 + 2exp(-x))/(1 + exp(-x))^2", "quotient rule"),
                           ("sigma(x)", "gives")],
    "negsamp_grad_center": [("-(1-sigma(u_o^T v_c)) u_o + sum_k((1-sigma(u_k^T v_c)) u_k)", "minus sign was dropped"),
                            ("(1-sigma(u_o^T v_c)) u_o - sum_k((1-sigma(-u_k^T v_c)) u_k)", "sign")],
    "negsamp_grad_outside_o": [("(1 - sigma(u_o^T v_c)) v_c", "sign"), ("(sigma(u_o^T v_c) - 1) u_o", "inner derivative"),
                               ("(sigma(u_o^T v_c) - 1) v_c^T", "transpose")],
    "negsamp_grad_outside_k": [("K (1 - sigma(-u_k^T v_c)) v_c", "K = 3"), ("(1 - sigma(u_k^T v_c)) v_c", "minus sign"),
                               ("-(1 - sigma(-u_k^T v_c)) v_c", "sign")],
    "negsamp_grad_outside_repeated": [("K (1 - sigma(-u_w^T v_c)) v_c", "K = 3"),
                                      ("(1 - sigma(-u_w^T v_c)) v_c", "n = 2")],
    "skipgram_grad_U": [("sum_j((yhat - y_j) v_c^T)", "transpose"), ("v_c (yhat - sum_j(y_j))^T", "once per window word"),
                        ("-sum_j(v_c (yhat - y_j)^T)", "sign")],
    "skipgram_grad_center": [("U(yhat - sum_j(y_j))", "once per window word"), ("sum_j(U(y_j - yhat))", "sign")],
    "skipgram_grad_other_center": [("sum_j(U(yhat - y_j))", "center word c itself"), ("0 v_c^T", "transpose"),
                                   ("v_w", "gives")],
    "rong_EI": [("sum_c(t_c - y)", "sign"), ("y - sum_c(t_c)", "C·y"), ("y - t_c", "only has a meaning inside sum_c")],
    "rong_EH": [("-Wp EI", "sign"), ("EI^T Wp^T", "transpose"), ("Wp^T EI", "shape")],
}


def test_every_question_has_accepted_and_rejected_examples():
    assert set(EQUIVALENT) == set(QUESTIONS) == set(WRONG)
    assert all(len(EQUIVALENT[key]) >= 2 and len(WRONG[key]) >= 2 for key in QUESTIONS)


@pytest.mark.parametrize("question_id", sorted(QUESTIONS))
def test_canonical_answer_is_accepted(question_id):
    feedback = check_answer(question_id, QUESTIONS[question_id].canonical)
    assert feedback.correct, feedback.message
    assert feedback.message.startswith("Correct")


@pytest.mark.parametrize("question_id, text", [(key, text) for key, texts in EQUIVALENT.items() for text in texts])
def test_equivalent_forms_are_accepted(question_id, text):
    feedback = check_answer(question_id, text)
    assert feedback.correct, f"{text!r}: {feedback.message}"


@pytest.mark.parametrize("question_id, text, words",
                         [(key, text, words) for key, cases in WRONG.items() for text, words in cases])
def test_wrong_forms_are_rejected_with_a_helpful_message(question_id, text, words):
    feedback = check_answer(question_id, text)
    assert not feedback.correct
    assert words in feedback.message, feedback.message


def test_shape_message_names_both_shapes_and_suggests_a_transpose():
    message = check_answer("softmax_grad_center", "(yhat - y)^T U^T").message
    assert "1×3 row" in message and "3×1" in message and "like v_c" in message and "transpose" in message


def test_counterexample_message_gives_both_values():
    message = check_answer("sigmoid_derivative", "sigma(x)").message
    assert "At x = " in message and "your expression gives" in message and "σ′(x) is" in message


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('echo hacked')",
        "U.__class__",
        "lambda: 1",
        "[x for x in U]",
        "open('/etc/passwd')",
        "9**9**9**9",
        "exp(exp(exp(exp(exp(exp(U))))))",
        "(" * 200 + "U" + ")" * 200,
        "U" * 10_000,
        "v_c; import os",
        "",
        "U(yhat - y",
        "sum_q(u_q)",
        "grad(J)",
    ],
)
def test_hostile_or_malformed_text_gives_a_clear_rejection(text):
    feedback = check_answer("softmax_grad_center", text)
    assert isinstance(feedback, Feedback) and not feedback.correct
    assert len(feedback.message) > 20 and "Traceback" not in feedback.message


def test_non_text_answer_is_rejected_without_raising():
    assert not check_answer("softmax_grad_center", None).correct


def test_unknown_question_id_raises_and_lists_the_ids():
    with pytest.raises(ValueError) as error:
        check_answer("softmax_grad_centre", "U(yhat - y)")
    assert "softmax_grad_center" in str(error.value) and "rong_EH" in str(error.value)


def test_feedback_markdown_shows_verdict_message_and_reading():
    correct = check_answer("softmax_grad_center", "U(yhat - y)")._repr_markdown_()
    assert correct.startswith("**✓**") and r"Understood as: $\mathbf{U}" in correct
    wrong = check_answer("softmax_grad_center", "U(y - yhat)")._repr_markdown_()
    assert wrong.startswith("**✗**") and "sign" in wrong


def test_understood_latex_shows_sums_transposes_and_hats():
    latex = check_answer("negsamp_grad_center", QUESTIONS["negsamp_grad_center"].canonical).understood_latex
    assert r"\sum_{k}" in latex and r"\mathbf{u}_{o}^\top" in latex and r"\sigma" in latex
    assert check_answer("softmax_grad_outside_o", "(yhat_o - 1) v_c").understood_latex.startswith(r"\left(\hat{y}_{o}")


def test_questions_describe_prompt_shape_hint_and_syntax():
    for question in QUESTIONS.values():
        assert "$" in question.prompt_latex and question.answer_shape and question.hint and "Names" in question.syntax


@pytest.mark.parametrize("question_id", sorted(QUESTIONS))
def test_closed_form_truths_equal_the_componentwise_gradient(question_id):
    setup = _setup(question_id)
    if setup.reference is not None:
        assert compare(setup.truth, setup.reference, timeout=0.1).equal


def test_counterexample_over_many_internal_symbols_is_described_as_a_random_point():
    message = check_answer("softmax_grad_center", "U(y - yhat)").message
    assert "At a random point (every symbol drawn from [−1.5, 1.5]) your expression gives (" in message
    assert ")ᵀ but ∂J/∂v_c is (" in message
