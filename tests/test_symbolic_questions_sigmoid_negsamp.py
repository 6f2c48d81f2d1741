"""The variant questions of chapters 3 and 4 (the sigmoid, negative sampling): right forms in every spelling
accepted, typical slips rejected with a specific message, the slips the fixed sizes hide caught at the
generated ones."""

import pytest

from w2vlib.symbolic.answers import QUESTIONS, _expected, check_answer
from w2vlib.symbolic.checker import compare
from w2vlib.symbolic.configurations import configurations, generated_configurations
from w2vlib.symbolic.notation import evaluate, read_latex

# question id → right answers as a student would type them: plain, code, LaTeX, unicode, rearranged, expanded.
CORRECT = {
    "sigmoid_second_derivative": [
        "sigma(x)(1 - sigma(x))(1 - 2 sigma(x))", "sigma(x) sigma(-x) (1 - 2 sigma(x))",
        "sigmoid(x) * (1 - sigmoid(x)) * (1 - 2*sigmoid(x))", "sigma(x) - 3 sigma(x)^2 + 2 sigma(x)^3",
        "sigma(x)(1 - sigma(x))(sigma(-x) - sigma(x))", "(1 - 2 sigma(x)) sigma(x) (1 - sigma(x))",
        "sigma(x)(1-sigma(x))(1-2sigma(x))", "np.exp(-x) * (np.exp(-x) - 1) / (1 + np.exp(-x))**3",
        "e^(-x)(e^(-x) - 1)/(1 + e^(-x))^3",
        r"\sigma(x)\bigl(1 - \sigma(x)\bigr)\bigl(1 - 2\sigma(x)\bigr)", r"\sigma(x)\sigma(-x)(1 - 2\sigma(x))",
        r"\frac{e^{-x}(e^{-x} - 1)}{(1 + e^{-x})^3}", "σ(x)(1 − σ(x))(1 − 2σ(x))", "σ(x)·σ(−x)·(1 − 2σ(x))",
        "σ(x) − 3σ(x)² + 2σ(x)³",
    ],
    "sigmoid_silu_derivative": [
        "sigma(x) + x sigma(x)(1 - sigma(x))", "sigma(x)(1 + x(1 - sigma(x)))", "sigma(x) + x sigma(x) sigma(-x)",
        "sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x))", "sigma(x)(1 + x sigma(-x))",
        "sigma(x) + x sigma(x) - x sigma(x)^2", "x sigma(x)(1 - sigma(x)) + sigma(x)",
        "1/(1 + exp(-x)) + x exp(-x)/(1 + exp(-x))^2", r"\sigma(x) + x\,\sigma(x)\bigl(1 - \sigma(x)\bigr)",
        r"\sigma(x)\bigl(1 + x\,\sigma(-x)\bigr)", r"\frac{1}{1 + e^{-x}} + \frac{x e^{-x}}{(1 + e^{-x})^2}",
        "σ(x) + x σ(x)(1 − σ(x))", "σ(x)(1 + x σ(−x))",
    ],
    "sigmoid_affine_derivative": [
        "a sigma(a x + b)(1 - sigma(a x + b))", "a sigma(a*x + b) sigma(-a*x - b)",
        "a * sigmoid(a * x + b) * (1 - sigmoid(a * x + b))", "sigma(a x + b)(1 - sigma(a x + b)) a",
        "a sigma(b + a x)(1 - sigma(b + a x))", "a (sigma(a x + b) - sigma(a x + b)^2)",
        "a exp(-(a x + b))/(1 + exp(-(a x + b)))^2", "a e^(-a x - b)/(1 + e^(-a x - b))^2",
        r"a\,\sigma(ax + b)\bigl(1 - \sigma(ax + b)\bigr)", r"a\sigma(ax+b)\sigma(-ax-b)",
        r"\frac{a e^{-(ax + b)}}{(1 + e^{-(ax + b)})^2}", "a σ(a x + b)(1 − σ(a x + b))", "a·σ(a x + b)·σ(−a x − b)",
    ],
    "sigmoid_bce_grad": [
        "sigma(x) - y", "-y + sigma(x)", "sigmoid(x) - y", "-(y - sigma(x))", "-y(1 - sigma(x)) + (1 - y) sigma(x)",
        "-y sigma(-x) + (1 - y) sigma(x)", "1/(1 + exp(-x)) - y", "(1 - y) - sigma(-x)", "1 - y - sigma(-x)",
        r"\sigma(x) - y", r"-y\bigl(1 - \sigma(x)\bigr) + (1 - y)\,\sigma(x)", r"\frac{1}{1 + e^{-x}} - y",
        "σ(x) − y", "−y σ(−x) + (1 − y) σ(x)",
    ],
    "sigmoid_softplus_derivative": [
        "sigma(a x)", "sigmoid(a * x)", "sigma(x a)", "1/(1 + exp(-a x))", "exp(a x)/(1 + exp(a x))",
        "e^(a x)/(1 + e^(a x))", "1 - sigma(-a x)", "np.exp(a*x) / (1 + np.exp(a*x))", r"\sigma(ax)",
        r"\frac{e^{ax}}{1 + e^{ax}}", r"\frac{1}{1 + e^{-ax}}", r"1 - \sigma(-ax)", "σ(a x)", "1 − σ(−a x)",
        "(1/a) a e^(a x)/(1 + e^(a x))",
    ],
    "negsamp_grad_U": [
        "(sigma(u_o^T v_c) - 1) v_c e_o^T + sum_k(sigma(u_k^T v_c) v_c e_k^T)",
        "v_c ((sigma(u_o^T v_c) - 1) e_o + sum_k(sigma(u_k^T v_c) e_k))^T",
        "-sigma(-u_o^T v_c) v_c e_o^T + sum_k sigma(u_k^T v_c) v_c e_k^T",
        "(sigmoid(u_o.T @ v_c) - 1) * v_c @ e_o.T + sum_k(sigmoid(u_k.T @ v_c) * v_c @ e_k.T)",
        "v_c (sum_k(sigma(u_k^T v_c) e_k) - sigma(-u_o^T v_c) e_o)^T",
        "sum_{k=1}^K (1 - sigma(-u_k^T v_c)) v_c e_k^T - (1 - sigma(u_o^T v_c)) v_c e_o^T",
        "(sigma(u_o^T v_c) - 1) v_c e_o^T + sum_w(n_w sigma(u_w^T v_c) v_c e_w^T)",
        "(sigma(u_o^T v_c) - 1) v_c e_o^T + sum_k(sigma(u_{w_k}^T v_c) v_c e_{w_k}^T)",
        r"(\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - 1)\mathbf{v}_c \mathbf{e}_o^\top + \sum_{k=1}^{K} "
        r"\sigma(\mathbf{u}_k^\top \mathbf{v}_c)\mathbf{v}_c \mathbf{e}_k^\top",
        r"\mathbf{v}_c\Bigl(\sum_{k=1}^{K}\sigma(\mathbf{u}_k^\top\mathbf{v}_c)\mathbf{e}_k - "
        r"\sigma(-\mathbf{u}_o^\top\mathbf{v}_c)\mathbf{e}_o\Bigr)^\top",
        "(σ(u_oᵀv_c) − 1) v_c e_oᵀ + Σ_k σ(u_kᵀv_c) v_c e_kᵀ", "−σ(−u_oᵀv_c) v_c e_oᵀ + Σₖ σ(u_kᵀ v_c) v_c e_kᵀ",
    ],
    "negsamp_grad_outside_o_drawn": [
        "(sigma(u_o^T v_c) - 1) v_c + n_o sigma(u_o^T v_c) v_c", "((1 + n_o) sigma(u_o^T v_c) - 1) v_c",
        "((1 + n) sigma(u_o^T v_c) - 1) v_c", "-sigma(-u_o^T v_c) v_c + n sigma(u_o^T v_c) v_c",
        "(n_o + 1) sigmoid(u_o.T @ v_c) * v_c - v_c", "v_c ((n_o + 1) sigma(v_c^T u_o) - 1)",
        "(n_o sigma(u_o^T v_c) - sigma(-u_o^T v_c)) v_c", "-(1 - sigma(u_o^T v_c)) v_c + n_o (1 - sigma(-u_o^T v_c)) v_c",
        r"\bigl((1 + n_o)\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - 1\bigr)\mathbf{v}_c",
        r"(\sigma(\mathbf{u}_o^\top\mathbf{v}_c) - 1)\mathbf{v}_c + n_o\,\sigma(\mathbf{u}_o^\top\mathbf{v}_c)\mathbf{v}_c",
        "((1 + n_o) σ(u_oᵀv_c) − 1) v_c", "−σ(−u_oᵀv_c) v_c + n_o σ(u_oᵀv_c) v_c",
    ],
    "negsamp_bias_grad_repeated": [
        "n_w sigma(u_w^T v_c + b_w)", "n sigma(u_w^T v_c + b_w)", "n_w (1 - sigma(-u_w^T v_c - b_w))",
        "n * sigmoid(u_w.T @ v_c + b_w)", "sigma(b_w + v_c^T u_w) n_w", "n_w/(1 + exp(-u_w^T v_c - b_w))",
        "n_w - n_w sigma(-(u_w^T v_c + b_w))", "sum_k(0) + n_w sigma(u_w^T v_c + b_w)",
        r"n_w\,\sigma(\mathbf{u}_w^\top \mathbf{v}_c + b_w)", r"n_w\bigl(1 - \sigma(-\mathbf{u}_w^\top\mathbf{v}_c - b_w)\bigr)",
        r"\frac{n_w}{1 + e^{-\mathbf{u}_w^\top\mathbf{v}_c - b_w}}", "n_w σ(u_wᵀv_c + b_w)", "n (1 − σ(−u_wᵀv_c − b_w))",
    ],
    "negsamp_mean_grad_center": [
        "(sigma(u_o^T v_c) - 1) u_o + sum_k(sigma(u_k^T v_c) u_k)/K",
        "(sigma(u_o^T v_c) - 1) u_o + 1/K sum_k(sigma(u_k^T v_c) u_k)",
        "-(1 - sigma(u_o^T v_c)) u_o + (1/K) sum_k((1 - sigma(-u_k^T v_c)) u_k)",
        "-sigma(-u_o^T v_c) u_o + sum_k(sigma(u_k^T v_c) u_k / K)",
        "(sigmoid(u_o.T @ v_c) - 1) * u_o + sum_k(sigmoid(u_k.T @ v_c) * u_k) / K",
        "sum_{k=1}^K sigma(u_k^T v_c) u_k / K - sigma(-u_o^T v_c) u_o",
        "(K (sigma(u_o^T v_c) - 1) u_o + sum_k(sigma(u_k^T v_c) u_k))/K",
        r"(\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - 1)\mathbf{u}_o + \frac{1}{K}\sum_{k=1}^{K} "
        r"\sigma(\mathbf{u}_k^\top \mathbf{v}_c)\mathbf{u}_k",
        r"-\sigma(-\mathbf{u}_o^\top\mathbf{v}_c)\mathbf{u}_o + \frac{1}{K}\sum_{k=1}^{K}\bigl(1 - "
        r"\sigma(-\mathbf{u}_k^\top\mathbf{v}_c)\bigr)\mathbf{u}_k",
        "(σ(u_oᵀv_c) − 1) u_o + (1/K) Σ_k σ(u_kᵀv_c) u_k", "−σ(−u_oᵀv_c) u_o + Σₖ σ(u_kᵀv_c) u_k / K",
    ],
    "negsamp_hessian_repeated": [
        "n_w sigma(u_w^T v_c) sigma(-u_w^T v_c) v_c v_c^T", "n sigma(u_w^T v_c)(1 - sigma(u_w^T v_c)) v_c v_c^T",
        "n_w * sigmoid(u_w.T @ v_c) * (1 - sigmoid(u_w.T @ v_c)) * v_c @ v_c.T",
        "n_w (sigma(u_w^T v_c) - sigma(u_w^T v_c)^2) v_c v_c^T", "v_c v_c^T n_w sigma(v_c^T u_w) sigma(-v_c^T u_w)",
        "n_w exp(-u_w^T v_c)/(1 + exp(-u_w^T v_c))^2 v_c v_c^T", "n (v_c sigma(u_w^T v_c)) (v_c sigma(-u_w^T v_c))^T",
        r"n_w\,\sigma(\mathbf{u}_w^\top \mathbf{v}_c)\,\sigma(-\mathbf{u}_w^\top \mathbf{v}_c)\,\mathbf{v}_c \mathbf{v}_c^\top",
        r"n_w\,\sigma(\mathbf{u}_w^\top\mathbf{v}_c)\bigl(1 - \sigma(\mathbf{u}_w^\top\mathbf{v}_c)\bigr)"
        r"\mathbf{v}_c\mathbf{v}_c^\top",
        "n_w σ(u_wᵀv_c) σ(−u_wᵀv_c) v_c v_cᵀ", "n σ(u_wᵀv_c)(1 − σ(u_wᵀv_c)) v_c v_cᵀ",
    ],
}

# question id → [(wrong answer, words the message must contain)]: a sign, a forgotten term, a factor right at
# one size only, an index that means nothing here, a transpose or shape, and σ(x) for σ(−x).
WRONG = {
    "sigmoid_second_derivative": [
        ("sigma(x)(1 - sigma(x))", "first derivative"), ("sigma(x)(1 - sigma(x))^2", "only the factor σ(x)"),
        ("-sigma(x)^2 (1 - sigma(x))", "only the factor 1 − σ(x)"), ("1 - 2 sigma(x)", "chain rule"),
        ("sigma(x)^2 (1 - sigma(x))^2", "σ′(x)·σ′(x)"), ("-sigma(x)(1 - sigma(x))(1 - 2 sigma(x))", "sign"),
        ("sigma(x) sigma(x) (1 - 2 sigma(x))", "σ(x) for σ(−x)"),
        ("sigma(x)(1 - sigma(x))(1 - 2 sigma(-x))", "sign"), ("sigma(x)(1 - sigma(x))(1 - 2 sigma(k))", "k"),
    ],
    "sigmoid_silu_derivative": [
        ("x sigma(x)(1 - sigma(x))", "two terms"), ("sigma(x) + sigma(x)(1 - sigma(x))", "the x is missing"),
        ("sigma(x)(1 - sigma(x))", "product"), ("sigma(x) + x sigma(x)", "not σ(x)"),
        ("sigma(x) + x sigma(x)^2", "σ(x)·σ(x)"), ("-sigma(x) - x sigma(x)(1 - sigma(x))", "sign"),
    ],
    "sigmoid_affine_derivative": [
        ("sigma(a x + b)(1 - sigma(a x + b))", "inner derivative"), ("a sigma(x)(1 - sigma(x))", "inner value"),
        ("x sigma(a x + b)(1 - sigma(a x + b))", "with respect to a"), ("a sigma(a x + b)", "not σ(z)"),
        ("(a + b) sigma(a x + b)(1 - sigma(a x + b))", "b is a constant"),
        ("a^2 sigma(a x + b)(1 - sigma(a x + b))", "a twice"), ("sigma(ax + b)", "ax"),
        ("-a sigma(a x + b) sigma(-a x - b)", "sign"),
    ],
    "sigmoid_bce_grad": [
        ("y - sigma(x)", "sign"), ("-y(1 - sigma(x)) - (1 - y) sigma(x)", "second term's sign"),
        ("sigma(-x) - y", "You wrote σ(−x)"), ("-y/sigma(x) + (1 - y)/(1 - sigma(x))", "dJ/dσ"),
        ("-y(1 - sigma(x))", "Only the first term"), ("sigma(x) - 1", "y = 1"),
        ("sigma(x)(1 - sigma(x))(sigma(x) - y)", "cancels"), ("2 (sigma(x) - y)", "2 times"),
    ],
    "sigmoid_softplus_derivative": [
        ("a sigma(a x)", "cancels the inner derivative"), ("sigma(a x)/a", "inner derivative a"),
        ("sigma(x)", "a = 1 only"), ("sigma(-a x)", "You wrote σ(−ax)"), ("1/(1 + exp(a x))", "numerator"),
        ("1/(a(1 + e^(a x)))", "z′/z"), ("-sigma(a x)", "sign"),
    ],
    "negsamp_grad_U": [
        ("sum_k(sigma(u_k^T v_c) v_c e_k^T)", "true word's column is missing"),
        ("sigma(u_o^T v_c) v_c e_o^T + sum_k(sigma(u_k^T v_c) v_c e_k^T)", "−1"),
        ("(sigma(u_o^T v_c) - 1) u_o e_o^T + sum_k(sigma(u_k^T v_c) u_k e_k^T)", "multiple of v_c"),
        ("(sigma(u_o^T v_c) - 1) v_c e_o^T + sum_w(sigma(u_w^T v_c) v_c e_w^T)", "every word"),
        ("(sigma(u_o^T v_c) - 1) v_c e_o^T + K sigma(u_k^T v_c) v_c e_k^T", "K for Σ_k"),
        ("(sigma(u_o^T v_c) - 1) v_c e_o^T + sum_k(sigma(-u_k^T v_c) v_c e_k^T)", "You wrote σ(−u_kᵀv_c)"),
        ("(sigma(u_o^T v_c) - 1) e_o v_c^T + sum_k(sigma(u_k^T v_c) e_k v_c^T)", "transpose"),
        ("(sigma(u_o^T v_c) - 1) v_c e_o^T + sigma(u_k^T v_c) v_c e_k^T", "sum is missing"),
        ("(1 - sigma(u_o^T v_c)) v_c e_o^T - sum_k(sigma(u_k^T v_c) v_c e_k^T)", "sign"),
    ],
    "negsamp_grad_outside_o_drawn": [
        ("(sigma(u_o^T v_c) - 1) v_c", "not drawn"), ("(n_o sigma(u_o^T v_c) - 1) v_c", "1 + n_o times"),
        ("(2 sigma(u_o^T v_c) - 1) v_c", "n_o times"),
        ("(sigma(u_o^T v_c) - 1) v_c - n_o sigma(u_o^T v_c) v_c", "sign of the draws"),
        ("(sigma(u_o^T v_c) - 1) v_c + n_o sigma(-u_o^T v_c) v_c", "You wrote σ(−u_oᵀv_c)"),
        ("(sigma(u_o^T v_c) - 1) v_c + K sigma(u_o^T v_c) v_c", "only the n_o draws"),
        ("((1 + n_o) sigma(u_o^T v_c) - 1) v_c^T", "transpose"), ("((1 + n_o) sigma(u_o^T v_c) - 1) u_o", "gives"),
    ],
    "negsamp_bias_grad_repeated": [
        ("n_w sigma(u_w^T v_c)", "part of the score"), ("n_w sigma(-u_w^T v_c - b_w)", "You wrote σ(−(u_wᵀv_c + b_w))"),
        ("n_w (sigma(u_w^T v_c + b_w) - 1)", "true word o"), ("(K - 1) sigma(u_w^T v_c + b_w)", "K − 1"),
        ("sigma(u_w^T v_c + b_w)", "one draw"), ("K sigma(u_w^T v_c + b_w)", "all K samples"),
        ("n_w sigma(u_w^T v_c + b_w) v_c", "Wrong shape"), ("n_w sigma(u_w^T v_c + b_w) - 1", "o ≠ w"),
    ],
    "negsamp_mean_grad_center": [
        ("((sigma(u_o^T v_c) - 1) u_o + sum_k(sigma(u_k^T v_c) u_k))/K", "negatives only"),
        ("(sigma(u_o^T v_c) - 1) u_o + sum_k(sigma(u_k^T v_c) u_k)", "summed loss"),
        ("(sigma(u_o^T v_c) - 1) u_o + K sum_k(sigma(u_k^T v_c) u_k)", "not K"),
        ("(sigma(u_o^T v_c) - 1) u_o + sigma(u_k^T v_c) u_k", "not one term"),
        ("(1 - sigma(u_o^T v_c)) u_o + sum_k(sigma(u_k^T v_c) u_k)/K", "sign of the true word"),
        ("(sigma(u_o^T v_c) - 1) u_o + sum_k(sigma(-u_k^T v_c) u_k)/K", "You wrote σ(−u_kᵀv_c)"),
        ("(sigma(u_o^T v_c) - 1) u_o^T + sum_k(sigma(u_k^T v_c) u_k^T)/K", "transpose"),
    ],
    "negsamp_hessian_repeated": [
        ("n_w sigma(u_w^T v_c) v_c v_c^T", "not σ(s)"), ("n_w sigma(u_w^T v_c) sigma(-u_w^T v_c) u_w u_w^T", "v_c v_cᵀ"),
        ("n_w (sigma(u_w^T v_c) - 1) v_c v_c^T", "true word"),
        ("(K - 1) sigma(u_w^T v_c) sigma(-u_w^T v_c) v_c v_c^T", "K − 1"),
        ("sigma(u_w^T v_c) sigma(-u_w^T v_c) v_c v_c^T", "one draw"),
        ("K sigma(u_w^T v_c) sigma(-u_w^T v_c) v_c v_c^T", "all K samples"),
        ("n_w sigma(u_w^T v_c) sigma(-u_w^T v_c) v_c^T v_c", "Wrong shape"),
        ("-n_w sigma(u_w^T v_c) sigma(-u_w^T v_c) v_c v_c^T", "sign"),
    ],
}

OURS = sorted(CORRECT)


def test_every_question_of_chapters_3_and_4_has_ten_right_and_five_wrong_forms():
    assert set(CORRECT) == set(WRONG) <= set(QUESTIONS)
    assert sum(QUESTIONS[key].context.startswith("sigmoid") for key in OURS) == 5
    assert sum(QUESTIONS[key].context.startswith("negative_sampling") for key in OURS) == 5
    assert all(len(set(CORRECT[key])) >= 10 and len(WRONG[key]) >= 5 for key in OURS)


@pytest.mark.parametrize("question_id", OURS)
def test_the_expected_latex_equals_the_asked_quantity_at_every_fixed_size(question_id):
    question = QUESTIONS[question_id]
    quantity = read_latex(question.quantity_latex)
    for configuration, expected in zip(configurations(question.context), _expected(question_id)):
        assert compare(evaluate(quantity, configuration), expected).status == "proved", configuration


@pytest.mark.parametrize("question_id, text", [(key, text) for key, texts in CORRECT.items() for text in texts])
def test_right_forms_in_every_spelling_are_proved(question_id, text):
    feedback = check_answer(question_id, text)
    assert feedback.correct and feedback.status == "proved", f"{text!r}: {feedback.message}"


@pytest.mark.parametrize("question_id, text, words",
                         [(key, text, words) for key, cases in WRONG.items() for text, words in cases])
def test_typical_slips_are_rejected_with_a_specific_message(question_id, text, words):
    feedback = check_answer(question_id, text)
    assert not feedback.correct
    assert words in feedback.message, feedback.message


@pytest.mark.parametrize("question_id, text", [
    # n_o = (K - 1)/2 at both fixed sizes (K = 5, n_o = 2; K = 7, n_o = 3)
    ("negsamp_grad_outside_o_drawn", "(sigma(u_o^T v_c) - 1) v_c + (K - 1)/2 sigma(u_o^T v_c) v_c"),
    # n_w = (K + 1)/2 at both fixed sizes (K = 3, n_w = 2; K = 5, n_w = 3)
    ("negsamp_bias_grad_repeated", "(K + 1)/2 sigma(u_w^T v_c + b_w)"),
    ("negsamp_hessian_repeated", "(K + 1)/2 sigma(u_w^T v_c) sigma(-u_w^T v_c) v_c v_c^T"),
])
def test_the_generated_configurations_refute_a_factor_that_is_right_at_every_fixed_size(question_id, text):
    question = QUESTIONS[question_id]
    factor = read_latex(r"\frac{K + 1}{2}" if "K + 1" in text else r"\frac{K - 1}{2}")
    count = read_latex("n_o" if "_o_" in question_id else "n_w")
    assert all(evaluate(factor, c) == evaluate(count, c) for c in configurations(question.context))
    feedback = check_answer(question_id, text)
    assert not feedback.correct and feedback.status == "refuted"
    assert "right at the fixed sizes" in feedback.message and "generated" not in feedback.message.split(":")[0]


def test_the_variant_contexts_draw_what_their_slips_need():
    outside = [c.ctx.neg.count(c.ctx.o) for c in generated_configurations("negative_sampling_outside_drawn")]
    assert min(outside) >= 1 and len(set(outside)) >= 2
    fixed = configurations("negative_sampling_outside_drawn")
    assert all(c.ctx.o in c.ctx.neg and c.ctx.once != c.ctx.o for c in fixed)
    bias = configurations("negative_sampling_bias")[0]
    assert bias.loss != configurations("negative_sampling")[0].loss and bias.ctx.J == bias.loss
    mean = generated_configurations("negative_sampling_mean")
    assert len({c.ctx.K for c in mean}) >= 3


def test_prompts_name_the_symbols_and_canonicals_are_accepted():
    for key in OURS:
        question = QUESTIONS[key]
        assert "$" in question.prompt_latex and "Names" in question.syntax and question.hint
        assert check_answer(key, question.canonical).correct
