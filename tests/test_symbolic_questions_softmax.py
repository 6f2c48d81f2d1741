"""The softmax-variant questions of chapters 1 and 2 (temperature, bias, L2, label smoothing, soft target):
right forms in every spelling proved, typical slips refuted with a specific message, τ/λ/ε readable."""

import pytest

from w2vlib.symbolic.answers import QUESTIONS, _expected, check_answer, read_answer
from w2vlib.symbolic.checker import compare
from w2vlib.symbolic.configurations import configurations, generated_configurations
from w2vlib.symbolic.notation import evaluate, read_latex
from w2vlib.symbolic.notation.render import to_latex

# question id → right answers as a student would type them: plain, code, LaTeX, unicode, rearranged, expanded.
CORRECT = {
    "softmax_temperature_loss": [
        "-u_o^T v_c / tau + log(sum_w(exp(u_w^T v_c / tau)))", "log(sum_w exp(u_w^T v_c/tau)) - u_o^T v_c/tau",
        "-(1/tau) u_o^T v_c + log(sum_w(exp((1/tau) u_w^T v_c)))", "-u_o.T @ v_c / tau + np.log(sum_w(np.exp(u_w.T @ v_c / tau)))",
        "-s_o/tau + log(sum_w(exp(s_w/tau)))", "-log(exp(u_o^T v_c/tau) / sum_w(exp(u_w^T v_c/tau)))",
        r"-\frac{\mathbf{u}_o^\top \mathbf{v}_c}{\tau} + \log \sum_{w} \exp\left(\frac{\mathbf{u}_w^\top \mathbf{v}_c}{\tau}\right)",
        r"\log \sum_{w=1}^{|V|} e^{\frac{1}{\tau}\mathbf{u}_w^\top \mathbf{v}_c} - \frac{1}{\tau}\mathbf{u}_o^\top \mathbf{v}_c",
        r"-\log \frac{\exp(\frac{s_o}{\tau})}{\sum_{w} \exp(\frac{s_w}{\tau})}", "−u_oᵀv_c/τ + log Σ_w exp(u_wᵀv_c/τ)",
        "−s_o/τ + log(Σ_w exp(s_w/τ))", "-s_o/tau + log(sum_{w=1}^{|V|} exp(s_w/tau))",
    ],
    "softmax_bias_loss": [
        "-u_o^T v_c - b_o + log(sum_w(exp(u_w^T v_c + b_w)))", "log(sum_w exp(u_w^T v_c + b_w)) - u_o^T v_c - b_o",
        "-(u_o^T v_c + b_o) + log(sum_w(exp(u_w^T v_c + b_w)))", "-(u_o.T @ v_c + b_o) + np.log(sum_w(np.exp(u_w.T @ v_c + b_w)))",
        "-log(exp(u_o^T v_c + b_o)/sum_w(exp(u_w^T v_c + b_w)))", "log(sum_w(exp(u_w^T v_c + b_w - u_o^T v_c - b_o)))",
        r"-\mathbf{u}_o^\top \mathbf{v}_c - b_o + \log \sum_{w} \exp(\mathbf{u}_w^\top \mathbf{v}_c + b_w)",
        r"\log \sum_{w=1}^{|V|} e^{\mathbf{u}_w^\top \mathbf{v}_c + b_w} - (\mathbf{u}_o^\top \mathbf{v}_c + b_o)",
        r"-\log \frac{e^{u_o^T v_c + b_o}}{\sum_w e^{u_w^T v_c + b_w}}", "−(u_oᵀv_c + b_o) + log Σ_w exp(u_wᵀv_c + b_w)",
        "log(sum_w(exp(b_w) exp(u_w^T v_c))) - b_o - u_o^T v_c",
    ],
    "softmax_smoothing_loss": [
        "-(1 - eps) log(yhat_o) - eps/|V| sum_w(log(yhat_w))", "-(1-epsilon) log(yhat_o) - (epsilon/|V|) sum_w log(yhat_w)",
        "-(1 - eps + eps/|V|) log(yhat_o) - eps/|V| sum_{w != o}(log(yhat_w))",
        "(eps - 1) np.log(y_hat[o]) - eps / |V| * sum_w(np.log(y_hat_w))", "-log(yhat_o) + eps log(yhat_o) - eps/|V| sum_w(log(yhat_w))",
        "-(1-eps) log yhat_o - sum_w(eps/|V| log(yhat_w))",
        r"-(1 - \epsilon) \log \hat{y}_o - \frac{\epsilon}{|V|} \sum_{w} \log \hat{y}_w",
        r"-(1 - \varepsilon)\log\hat{y}_o - \frac{\varepsilon}{|V|}\sum_{w=1}^{|V|}\log\hat{y}_w",
        r"(\epsilon - 1)\log \hat{y}_o - \sum_{w} \frac{\epsilon}{|V|} \log \hat{y}_w",
        "−(1 − ε) log ŷ_o − ε/|V| Σ_w log ŷ_w", "−(1 − ε) log(ŷₒ) − (ε/|V|)·Σ_w log(ŷ_w)",
        "(1 - eps) * (-log(yhat_o)) + eps * (-1/|V| * sum_w(log(yhat_w)))",
    ],
    "softmax_soft_target_loss": [
        "-sum_w(y_w u_w^T v_c) + log(sum_w(exp(u_w^T v_c)))", "log(sum_w exp(u_w^T v_c)) - sum_w y_w u_w^T v_c",
        "-y^T U^T v_c + log(sum_w(exp(u_w^T v_c)))", "-y.T @ U.T @ v_c + np.log(sum_w(np.exp(u_w.T @ v_c)))",
        "-sum_w(y_w (u_w^T v_c - log(sum_x(exp(u_x^T v_c)))))", "-sum_w(y_w s_w) + log(sum_w(exp(s_w)))",
        r"-\sum_{w} y_w \mathbf{u}_w^\top \mathbf{v}_c + \log \sum_{w} \exp(\mathbf{u}_w^\top \mathbf{v}_c)",
        r"-\mathbf{y}^\top \mathbf{U}^\top \mathbf{v}_c + \log \sum_{w=1}^{|V|} e^{\mathbf{u}_w^\top \mathbf{v}_c}",
        r"-\sum_{w} y_w \log \frac{\exp(u_w^T v_c)}{\sum_{x} \exp(u_x^T v_c)}", "−Σ_w y_w u_wᵀv_c + log Σ_w exp(u_wᵀv_c)",
        "-(U y)^T v_c + log(sum_w(exp(u_w^T v_c)))", "−yᵀs + log Σ_w exp(s_w)",
    ],
    "softmax_l2_loss": [
        "-u_o^T v_c + log(sum_w(exp(u_w^T v_c))) + lambda/2 v_c^T v_c", "log(sum_w exp(u_w^T v_c)) - u_o^T v_c + 0.5 lambda v_c^T v_c",
        "-u_o.T @ v_c + np.log(sum_w(np.exp(u_w.T @ v_c))) + lambda / 2 * v_c.T @ v_c",
        "-log(exp(u_o^T v_c)/sum_w(exp(u_w^T v_c))) + lambda v_c^T v_c / 2", "(lambda/2) v_c^T v_c - u_o^T v_c + log(sum_w(exp(u_w^T v_c)))",
        r"-\mathbf{u}_o^\top \mathbf{v}_c + \log \sum_{w} \exp(\mathbf{u}_w^\top \mathbf{v}_c) + \frac{\lambda}{2} \mathbf{v}_c^\top \mathbf{v}_c",
        r"\log\sum_{w=1}^{|V|} e^{\mathbf{u}_w^\top\mathbf{v}_c} - \mathbf{u}_o^\top\mathbf{v}_c + \tfrac{1}{2}\lambda\,\mathbf{v}_c^\top\mathbf{v}_c",
        "−u_oᵀv_c + log Σ_w exp(u_wᵀv_c) + (λ/2) v_cᵀv_c", "−u_oᵀ v_c + log(Σ_w exp(u_wᵀ v_c)) + λ·v_cᵀv_c/2",
        "log(sum_w(exp((u_w - u_o)^T v_c))) + lambda/2 v_c^T v_c", "-v_c^T u_o + log(sum_w(exp(v_c^T u_w))) + lambda/2 v_c^T v_c",
    ],
    "softmax_temperature_grad_center": [
        "U(yhat - y)/tau", "(1/tau) U (yhat - y)", "U @ (y_hat - y) / tau", "(U yhat - u_o)/tau", "-u_o/tau + sum_w(yhat_w u_w)/tau",
        "sum_w((yhat_w - y_w) u_w) / tau", "1/tau * (U@yhat - U@y)", r"\frac{1}{\tau}\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})",
        r"\frac{\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})}{\tau}", r"-\frac{\mathbf{u}_o}{\tau} + \frac{1}{\tau}\sum_{w} \hat{y}_w \mathbf{u}_w",
        "U(ŷ − y)/τ", "(1/τ)(U ŷ − u_o)",
    ],
    "softmax_temperature_grad_outside_w": [
        "yhat_w v_c / tau", "(1/tau) yhat_w v_c", "v_c yhat_w / tau", "y_hat_w * v_c / tau", "(yhat_w - y_w) v_c / tau",
        "yhat_w/tau * v_c", r"\frac{\hat{y}_w}{\tau}\mathbf{v}_c", r"\frac{1}{\tau}\hat{y}_w \mathbf{v}_c",
        r"\frac{(\hat{y}_w - y_w)\mathbf{v}_c}{\tau}", "ŷ_w v_c/τ", "(ŷ_w − y_w) v_c / τ", "v_c * y_hat_w / tau",
    ],
    "softmax_temperature_grad_tau": [
        "(u_o^T v_c - sum_w(yhat_w u_w^T v_c)) / tau^2", "u_o^T v_c/tau^2 - sum_w(yhat_w u_w^T v_c)/tau^2",
        "(s_o - sum_w(yhat_w s_w))/tau^2", "-(yhat - y)^T U^T v_c / tau^2", "-(yhat - y)^T s / tau**2",
        "(u_o.T @ v_c - sum_w(y_hat_w * u_w.T @ v_c)) / tau**2", "-sum_w((yhat_w - y_w) u_w^T v_c)/tau^2",
        r"\frac{1}{\tau^2}\Bigl(\mathbf{u}_o^\top \mathbf{v}_c - \sum_{w} \hat{y}_w \mathbf{u}_w^\top \mathbf{v}_c\Bigr)",
        r"\frac{s_o - \sum_{w} \hat{y}_w s_w}{\tau^{2}}", r"-\frac{(\hat{\mathbf{y}} - \mathbf{y})^\top \mathbf{U}^\top \mathbf{v}_c}{\tau^2}",
        "(s_o − Σ_w ŷ_w s_w)/τ²", "−(ŷ − y)ᵀ Uᵀ v_c / τ²",
    ],
    "softmax_l2_grad_center": [
        "U(yhat - y) + lambda v_c", "U @ (y_hat - y) + lambda * v_c", "lambda v_c + U(yhat - y)", "U yhat - u_o + lambda v_c",
        "-u_o + sum_w(yhat_w u_w) + lambda v_c", "sum_w((yhat_w - y_w) u_w) + lambda*v_c", "U(yhat-y)+lambda v_c",
        r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}) + \lambda \mathbf{v}_c", r"\lambda\mathbf{v}_c - \mathbf{u}_o + \sum_{w}\hat{y}_w\mathbf{u}_w",
        r"\mathbf{U}\left(\hat{\mathbf{y}} - \mathbf{y}\right) + \lambda\,\mathbf{v}_c", "U(ŷ − y) + λ v_c", "U(ŷ − y) + λ·v_c",
    ],
    "softmax_smoothing_grad_center": [
        "U yhat - (1 - eps) u_o - eps/|V| sum_w(u_w)", "U(yhat - (1 - eps) y) - eps/|V| sum_w(u_w)",
        "U(yhat - y) + eps u_o - eps/|V| sum_w(u_w)", "sum_w((yhat_w - (1 - eps) y_w - eps/|V|) u_w)",
        "U @ y_hat - (1 - epsilon) * u_o - epsilon / |V| * sum_w(u_w)", "-(1-eps) u_o + sum_w((yhat_w - eps/|V|) u_w)",
        "(1 - eps) U(yhat - y) + eps (U yhat - sum_w(u_w)/|V|)",
        r"\mathbf{U}\hat{\mathbf{y}} - (1 - \epsilon)\mathbf{u}_o - \frac{\epsilon}{|V|}\sum_{w}\mathbf{u}_w",
        r"\mathbf{U}\bigl(\hat{\mathbf{y}} - (1-\varepsilon)\mathbf{y}\bigr) - \frac{\varepsilon}{|V|}\sum_{w=1}^{|V|}\mathbf{u}_w",
        r"\sum_{w} \Bigl(\hat{y}_w - (1-\epsilon) y_w - \frac{\epsilon}{|V|}\Bigr)\mathbf{u}_w",
        "U ŷ − (1 − ε) u_o − (ε/|V|) Σ_w u_w", "U(ŷ − (1 − ε)y) − ε/|V| Σ_w u_w",
    ],
}
# question id → (a typical wrong answer, words of the specific message it must get).
WRONG = {
    "softmax_temperature_loss": [
        ("-u_o^T v_c/tau + log(sum_w(exp(u_w^T v_c)))", "inside the log-sum-exp too"),
        ("-u_o^T v_c + log(sum_w(exp(u_w^T v_c/tau)))", "true word's score is divided by τ"),
        ("(-u_o^T v_c + log(sum_w(exp(u_w^T v_c))))/tau", "does not come out of the log-sum-exp"),
        ("-tau u_o^T v_c + log(sum_w(exp(tau u_w^T v_c)))", "not multiplied"),
        ("-u_o^T v_c + log(sum_w(exp(u_w^T v_c)))", "τ = 1"),
        ("u_o^T v_c/tau - log(sum_w(exp(u_w^T v_c/tau)))", "sign"),
        ("-u_o^T v_c/tau + log(exp(u_w^T v_c/tau))", "sum over w missing"),
        ("-log(yhat_o)", "without ŷ"), ("-log(P(O=o|C=c))", "without ŷ"),
        ("-u_o v_c/tau + log(sum_w(exp(u_w^T v_c/tau)))", "Shape"),
    ],
    "softmax_bias_loss": [
        ("-u_o^T v_c - b_o + log(sum_w(exp(u_w^T v_c)))", "part of every score"),
        ("-u_o^T v_c + log(sum_w(exp(u_w^T v_c + b_w)))", "its bias too"),
        ("-u_o^T v_c + b_o + log(sum_w(exp(u_w^T v_c + b_w)))", "sign of b_o"),
        ("-u_o^T v_c + log(sum_w(exp(u_w^T v_c)))", "without biases"),
        ("-u_o^T v_c - b_w + log(sum_x(exp(u_x^T v_c + b_x)))", "one other word"),
        ("u_o^T v_c + b_o - log(sum_w(exp(u_w^T v_c + b_w)))", "sign is flipped"),
        ("-s_o + log(sum_w(exp(s_w)))", "without s"), ("-log(yhat_o)", "without ŷ"),
    ],
    "softmax_smoothing_loss": [
        ("-(1 - eps) log(yhat_o) - eps/|V| sum_{w != o}(log(yhat_w))", "o included"),
        ("-log(yhat_o) - eps/|V| sum_w(log(yhat_w))", "1 − ε"),
        ("-(1 - eps) log(yhat_o)", "uniform part is missing"),
        ("-(1 - eps) log(yhat_o) - eps sum_w(log(yhat_w))", "shared by the |V| words"),
        ("-(1 - eps) log(yhat_o) - eps/(|V| - 1) sum_{w != o}(log(yhat_w))", "|V| − 1 other words"),
        ("-log(yhat_o)", "one-hot target"),
        ("(1 - eps) log(yhat_o) + eps/|V| sum_w(log(yhat_w))", "sign is flipped"),
        ("-sum_w(((1 - eps) y_w + eps/|V|) log(yhat_w))", "without y"),
        ("-(1 - eps) log(yhat_o) - eps/|V| log(yhat_w)", "sum"),
    ],
    "softmax_soft_target_loss": [
        ("-u_o^T v_c + log(sum_w(exp(u_w^T v_c)))", "one-hot case"),
        ("-sum_w(y_w u_w^T v_c)", "log-sum-exp is missing"),
        ("-sum_w(y_w u_w^T v_c) + |V| log(sum_x(exp(u_x^T v_c)))", "not |V| times"),
        ("-sum_w(u_w^T v_c) + log(sum_w(exp(u_w^T v_c)))", "weights y_w are missing"),
        ("sum_w(y_w u_w^T v_c) - log(sum_w(exp(u_w^T v_c)))", "sign is flipped"),
        ("-y^T U v_c + log(sum_w(exp(u_w^T v_c)))", "Shape"),
        ("-sum_w(y_w log(yhat_w))", "without ŷ"), ("-log(softmax(U^T v_c)_o)", "without ŷ"),
    ],
    "softmax_l2_loss": [
        ("-u_o^T v_c + log(sum_w(exp(u_w^T v_c))) + lambda v_c^T v_c", "doubled"),
        ("-u_o^T v_c + log(sum_w(exp(u_w^T v_c)))", "penalty (λ/2) v_cᵀv_c is missing"),
        ("-u_o^T v_c + log(sum_w(exp(u_w^T v_c))) - lambda/2 v_c^T v_c", "not subtracted"),
        ("-u_o^T v_c + log(sum_w(exp(u_w^T v_c))) + lambda/2 (v_c^T v_c)^2", "‖v_c‖⁴"),
        ("-u_o^T v_c + log(sum_w(exp(u_w^T v_c))) + lambda/2 v_c", "Shape"),
        ("-u_o^T v_c + log(sum_w(exp(u_w^T v_c))) + lambda/2 v_c v_c^T", "Shape"),
        ("u_o^T v_c - log(sum_w(exp(u_w^T v_c))) - lambda/2 v_c^T v_c", "sign is flipped"),
        ("-log(yhat_o) + lambda/2 v_c^T v_c", "without ŷ"),
    ],
    "softmax_temperature_grad_center": [
        ("U(yhat - y)", "1/τ is missing"), ("tau U(yhat - y)", "not τ"), ("U(yhat - y)/tau^2", "τ² would need two"),
        ("-u_o/tau + sum_w(yhat_w u_w)", "Both terms carry 1/τ"), ("-u_o + sum_w(yhat_w u_w)/tau", "−u_o/τ"),
        ("U(y - yhat)/tau", "sign is flipped"), ("U^T(yhat - y)/tau", "Shape"), ("2 U(yhat - y)/tau", "2 times"),
    ],
    "softmax_temperature_grad_outside_w": [
        ("yhat_w v_c", "1/τ is missing"), ("tau yhat_w v_c", "not τ"), ("(yhat_w - 1) v_c/tau", "true word o only"),
        ("yhat_o v_c/tau", "not ŷ_o"), ("-yhat_w v_c/tau", "sign is flipped"), ("yhat_w v_c^T/tau", "transpose"),
    ],
    "softmax_temperature_grad_tau": [
        ("(u_o^T v_c - sum_w(yhat_w u_w^T v_c))/tau", "not 1/τ"),
        ("(u_o^T v_c - sum_w(u_w^T v_c))/tau^2", "weights each score by its probability"),
        ("-sum_w(yhat_w u_w^T v_c)/tau^2", "true word's term is missing"),
        ("(1 - yhat_o) u_o^T v_c/tau^2", "not only the true word's"),
        ("(sum_w(yhat_w u_w^T v_c) - u_o^T v_c)/tau^2", "sign is flipped"),
        ("-U(yhat - y)/tau^2", "Wrong shape"),
        ("(u_o^T v_c - yhat_w u_w^T v_c)/tau^2", "sum over w missing"),
    ],
    "softmax_l2_grad_center": [
        ("U(yhat - y) + lambda/2 v_c", "cancels the 1/2"), ("U(yhat - y) + 2 lambda v_c", "not 2λ v_c"),
        ("U(yhat - y)", "penalty's gradient is missing"), ("U(yhat - y) - lambda v_c", "plus sign"),
        ("lambda v_c", "penalty's gradient alone"), ("U(yhat - y) + lambda v_c^T", "transpose"),
        ("U(yhat - y) + lambda", "Shape"), ("U(y - yhat) - lambda v_c", "sign is flipped"),
    ],
    "softmax_smoothing_grad_center": [
        ("U(yhat - y)", "one-hot target"), ("U(yhat - (1 - eps) y)", "uniform part of the target is missing"),
        ("U(yhat - y) - eps/|V| sum_w(u_w)", "−(1 − ε) u_o"), ("U yhat - (1 - eps) u_o - eps sum_w(u_w)", "shared by the |V| words"),
        ("(1 - eps) U(yhat - y) - eps/|V| sum_w(u_w)", "weighted by Σ_w ỹ_w = 1"),
        ("(1 - eps) u_o + eps/|V| sum_w(u_w) - U yhat", "sign is flipped"),
        ("U^T yhat - (1 - eps) u_o - eps/|V| sum_w(u_w)", "Shape"),
        ("U yhat - (1 - eps) u_o - eps/|V| u_w", "sum"),
    ],
}

VARIANT_QUESTIONS = sorted(CORRECT)


def test_ten_variant_questions_with_ten_right_and_five_wrong_forms_each():
    assert set(CORRECT) == set(WRONG) <= set(QUESTIONS) and len(CORRECT) == 10
    assert all(len(set(CORRECT[key])) >= 10 and len(WRONG[key]) >= 5 for key in CORRECT)
    assert {QUESTIONS[key].context for key in CORRECT} == {
        "softmax_temperature", "softmax_bias", "softmax_l2", "softmax_smoothing", "softmax_soft_target"}


@pytest.mark.parametrize("question_id", VARIANT_QUESTIONS)
def test_the_expected_latex_equals_the_asked_quantity_at_every_fixed_configuration(question_id):
    question = QUESTIONS[question_id]
    quantity = read_latex(question.quantity_latex)
    for configuration, expected in zip(configurations(question.context), _expected(question_id)):
        assert compare(evaluate(quantity, configuration), expected).status == "proved", configuration


@pytest.mark.parametrize("question_id, text", [(key, text) for key, texts in CORRECT.items() for text in texts])
def test_right_forms_in_every_spelling_are_proved(question_id, text):
    feedback = check_answer(question_id, text)
    assert feedback.correct and feedback.status == "proved", f"{text!r}: {feedback.message}"
    assert feedback.understood_latex


@pytest.mark.parametrize("question_id, text, words",
                         [(key, text, words) for key, cases in WRONG.items() for text, words in cases])
def test_typical_slips_are_rejected_with_a_specific_message(question_id, text, words):
    feedback = check_answer(question_id, text)
    assert not feedback.correct
    assert words in feedback.message, feedback.message


@pytest.mark.parametrize("question_id, text", [
    # 1/|V| replaced by (12 − |V|)/35, equal at |V| = 5 and 7 only
    ("softmax_smoothing_loss", "-(1 - eps) log(yhat_o) - eps (12 - |V|)/35 sum_w(log(yhat_w))"),
    ("softmax_smoothing_grad_center", "U yhat - (1 - eps) u_o - eps (12 - |V|)/35 sum_w(u_w)"),
    # the log-sum-exp counted (|V| − 5)(|V| − 7) + 1 times: once at the fixed sizes only
    ("softmax_soft_target_loss", "-sum_w(y_w u_w^T v_c) + ((|V| - 5)(|V| - 7) + 1) log(sum_x(exp(u_x^T v_c)))"),
    # a factor (d − 2)(d − 3) + 1 that is 1 at the fixed d = 2, 3 only
    ("softmax_l2_grad_center", "U(yhat - y) + ((d - 2)(d - 3) + 1) lambda v_c"),
])
def test_generated_configurations_refute_a_slip_right_at_the_fixed_sizes(question_id, text):
    tree = read_answer(text).tree
    question = QUESTIONS[question_id]
    fixed = [compare(evaluate(tree, c), e).status
             for c, e in zip(configurations(question.context), _expected(question_id))]
    assert fixed == ["proved"] * len(fixed)  # right at every fixed configuration …
    feedback = check_answer(question_id, text)
    assert not feedback.correct and feedback.status == "refuted"  # … and refuted at a generated one
    assert "right at the fixed sizes" in feedback.message, feedback.message


def test_generated_configurations_vary_sizes_targets_and_whether_w_is_o():
    sizes = {(c.ctx.V, c.ctx.d) for c in generated_configurations("softmax_temperature")}
    assert len(sizes) >= 8 and any(V not in (5, 7) for V, _ in sizes)
    targets = [tuple(c.families[("y", False, 0, 0)]()) for c in generated_configurations("softmax_soft_target")]
    assert any(sum(1 for t in target if t) == 1 for target in targets)  # a one-hot soft target now and then
    assert any(len(set(target)) == 1 for target in targets)            # and a uniform one
    assert all(sum(target) == 1 for target in targets)


@pytest.mark.parametrize("question_id, text", [
    ("softmax_temperature_loss", "-log(yhat_o)"), ("softmax_temperature_loss", "-log(P(O = o | C = c))"),
    ("softmax_bias_loss", r"-\log \hat{y}_o"), ("softmax_soft_target_loss", "-log(softmax(U^T v_c)_o)"),
    ("softmax_l2_loss", "-log(ŷ_o) + λ/2 v_cᵀv_c"),
])
def test_a_question_without_yhat_refuses_yhat_and_its_other_names(question_id, text):
    feedback = check_answer(question_id, text)
    assert not feedback.correct and feedback.status == "unreadable"
    assert "without ŷ" in feedback.message and "is what is asked" not in feedback.message


def test_a_hidden_y_leaves_yhat_usable():
    assert check_answer("softmax_smoothing_loss", "-(1 - eps) log(yhat_o) - eps/|V| sum_w(log(yhat_w))").correct
    refused = check_answer("softmax_smoothing_loss", "-sum_w(((1 - eps) y_w + eps/|V|) log(yhat_w))")
    assert refused.status == "unreadable" and "without y" in refused.message


@pytest.mark.parametrize("plain, latex, unicode", [
    ("tau", r"\tau", "τ"), ("lambda", r"\lambda", "λ"), ("epsilon", r"\epsilon", "ε"), ("eps", r"\varepsilon", "ϵ"),
])
def test_tau_lambda_and_epsilon_are_read_in_every_spelling_and_shown_as_greek(plain, latex, unicode):
    trees = [read_answer(f"{name} v_c").tree for name in (plain, latex, unicode)]
    assert trees[0] == trees[1] == trees[2]
    shown = to_latex(trees[0])
    assert shown.startswith("\\" + ("epsilon" if plain == "eps" else plain))


def test_the_variant_contexts_keep_the_softmax_words_and_refuse_an_unknown_variant():
    from w2vlib.symbolic.configurations import SoftmaxVariantConfiguration

    with pytest.raises(ValueError, match="variants are"):
        SoftmaxVariantConfiguration(V=3, d=2, o=0, w=1, variant="dropout")
    with pytest.raises(ValueError, match="sum to 1"):
        SoftmaxVariantConfiguration(V=3, d=2, o=0, w=1, variant="soft target", target=None)
    assert configurations("softmax_bias")[0].context == "softmax_bias"


SMOOTHED = r"""
-\sum_{w} \Bigl((1 - \epsilon) y_w + \frac{\epsilon}{|V|}\Bigr) \log \hat{y}_w
  &= -(1 - \epsilon) \sum_{w} y_w \log \hat{y}_w - \frac{\epsilon}{|V|} \sum_{w} \log \hat{y}_w \\
  &= -(1 - \epsilon) \log \hat{y}_o - \frac{\epsilon}{|V|} \sum_{w} \log \hat{y}_w
"""
TEMPERED = r"""
\frac{\partial J}{\partial \mathbf{v}_c}
  &= -\frac{1}{\tau}\mathbf{u}_o + \frac{1}{\tau}\sum_{w} \hat{y}_w \mathbf{u}_w \\
  &= \frac{1}{\tau}\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})
"""


@pytest.mark.parametrize("question_id, derivation, slip_line, step, words", [
    ("softmax_smoothing_loss", SMOOTHED,
     r"-(1 - \epsilon) \log \hat{y}_o - \frac{\epsilon}{|V|} \sum_{w \ne o} \log \hat{y}_w", 2, "o included"),
    ("softmax_temperature_grad_center", TEMPERED, r"-\mathbf{u}_o + \frac{1}{\tau}\sum_{w} \hat{y}_w \mathbf{u}_w",
     1, "−u_o/τ"),
])
def test_the_step_exercises_derivations_are_proved_and_a_slip_is_named_at_its_step(question_id, derivation,
                                                                                    slip_line, step, words):
    from w2vlib.symbolic.exercise import check_steps

    assert check_steps(question_id, derivation).correct
    lines = derivation.strip().split("\n")
    lines[step] = "  &= " + slip_line + (r" \\" if step < len(lines) - 1 else "")
    feedback = check_steps(question_id, "\n".join(lines))
    assert not feedback.correct and feedback.first_wrong == step
    assert words in feedback.message, feedback.message
