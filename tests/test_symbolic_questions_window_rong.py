"""The exercises of chapters 5 and 6 on variants the chapters do not show: a weighted and an averaged
window, Rong's ∂E/∂W, CBOW with a sum, hierarchical softmax. Right forms are proved, typical slips get
their own message, and the generated configurations catch what the fixed sizes cannot."""

import pytest

from w2vlib.symbolic.answers import QUESTIONS, _expected, _generated_refutation, _value, check_answer, read_answer
from w2vlib.symbolic.checker import compare
from w2vlib.symbolic.configurations import configurations, generated_configurations
from w2vlib.symbolic.notation import read_latex

RIGHT = {
    "skipgram_weighted_center": [
        "sum_j(alpha_j U(yhat - y_j))", "sum_j alpha_j U (yhat - y_j)", "U sum_j(alpha_j (yhat - y_j))",
        "sum_j(alpha_j) U yhat - U sum_j(alpha_j y_j)", "U(sum_j(alpha_j) yhat - sum_j(alpha_j y_j))",
        "sum_j(alpha_j U @ (y_hat - y_j))", "sum_j(alpha_j * U @ y_hat) - sum_j(alpha_j * U @ y_j)",
        "-sum_j(alpha_j U(y_j - yhat))", "sum_j(alpha_j (U yhat - u_{t+j}))",
        r"\sum_{j} \alpha_j \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}_{t+j})",
        r"\mathbf{U} \sum_{j} \alpha_j (\hat{\mathbf{y}} - \mathbf{y}_{t+j})",
        r"\sum_{\substack{-m \le j \le m \\ j \ne 0}} \alpha_j \mathbf{U}\left(\hat{\mathbf{y}} - \mathbf{y}_{t+j}\right)",
        "Σ_j α_j U(ŷ − y_j)", "Σ_j α_j (U ŷ − u_{t+j})",
        r"\mathbf{U}\Bigl(\bigl(\sum_{j} \alpha_j\bigr)\hat{\mathbf{y}} - \sum_{j} \alpha_j \mathbf{y}_{t+j}\Bigr)",
    ],
    "skipgram_weighted_U": [
        "sum_j(alpha_j v_c (yhat - y_j)^T)", "v_c sum_j(alpha_j (yhat - y_j))^T", "sum_j(alpha_j v_c (yhat - y_j).T)",
        "sum_j(alpha_j) v_c yhat^T - v_c sum_j(alpha_j y_j)^T", "v_c (sum_j(alpha_j) yhat - sum_j(alpha_j y_j))^T",
        "sum_j(alpha_j (yhat - y_j) v_c^T)^T", "-sum_j(alpha_j v_c (y_j - yhat)^T)", "sum_j(alpha_j v_c @ (y_hat - y_j).T)",
        r"\sum_{j} \alpha_j \mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y}_{t+j})^\top",
        r"\mathbf{v}_c \Bigl(\sum_{j} \alpha_j (\hat{\mathbf{y}} - \mathbf{y}_{t+j})\Bigr)^\top",
        "Σ_j α_j v_c (ŷ − y_j)ᵀ", "Σ_j α_j v_c(ŷ - y_{t+j})ᵀ",
    ],
    "skipgram_weighted_outside_w": [
        "sum_j(alpha_j) yhat_w v_c", "sum_j(alpha_j yhat_w v_c)", "sum_j(alpha_j yhat_w) v_c", "yhat_w v_c sum_j(alpha_j)",
        "sum_j(alpha_j * y_hat_w * v_c)", "sum_j(alpha_j (yhat_w - 0) v_c)", "sum_j alpha_j yhat_w v_c",
        r"\sum_{j} \alpha_j \hat{y}_w \mathbf{v}_c", r"\hat{y}_w \mathbf{v}_c \sum_{j} \alpha_j",
        r"\sum_{j} \alpha_j\, \hat{y}_w\, \mathbf{v}_c", "Σ_j α_j ŷ_w v_c", "Σ_j α_j·ŷ_w·v_c",
        r"\Bigl(\sum_{j} \alpha_j\Bigr) \hat{y}_w \mathbf{v}_c", "(Σ_j α_j) ŷ_w v_c",
    ],
    "skipgram_mean_center": [
        "sum_j(U(yhat - y_j))/(2m)", "U(yhat - sum_j(y_j)/(2m))", "U yhat - U sum_j(y_j)/(2m)",
        "sum_j(U(yhat - y_j)/(2m))", "1/(2m) sum_j(U(yhat - y_j))", "U(2m yhat - sum_j(y_j))/(2m)",
        "U @ (y_hat - sum_j(y_j) / (2*m))", "-U(sum_j(y_j)/(2m) - yhat)",
        r"\frac{1}{2m} \sum_{j} \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}_{t+j})",
        r"\mathbf{U}\Bigl(\hat{\mathbf{y}} - \frac{1}{2m}\sum_{j} \mathbf{y}_{t+j}\Bigr)",
        r"\frac{1}{2m}\mathbf{U}\left(2m\,\hat{\mathbf{y}} - \sum_{j} \mathbf{y}_{t+j}\right)",
        "U(ŷ − Σ_j y_j/(2m))", "Σ_j U(ŷ − y_j)/(2m)",
    ],
    "skipgram_mean_U": [
        "sum_j(v_c (yhat - y_j)^T)/(2m)", "v_c (yhat - sum_j(y_j)/(2m))^T", "v_c yhat^T - v_c sum_j(y_j)^T/(2m)",
        "sum_j(v_c (yhat - y_j)^T/(2m))", "1/(2m) sum_j(v_c (yhat - y_j).T)", "v_c (2m yhat - sum_j(y_j))^T/(2m)",
        "((yhat - sum_j(y_j)/(2m)) v_c^T)^T", "-v_c (sum_j(y_j)/(2m) - yhat)^T",
        r"\frac{1}{2m} \sum_{j} \mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y}_{t+j})^\top",
        r"\mathbf{v}_c\Bigl(\hat{\mathbf{y}} - \frac{1}{2m}\sum_{j} \mathbf{y}_{t+j}\Bigr)^\top",
        "v_c(ŷ − Σ_j y_j/(2m))ᵀ", "Σ_j v_c(ŷ − y_j)ᵀ/(2m)",
    ],
    "rong_grad_W": [
        "x (Wp EI)^T", "x EH^T", "x EH.T", "x @ EH.T", "x EI^T Wp^T", "x (Wp sum_c(y - t_c))^T",
        "x (Wp (C y - sum_c(t_c)))^T", "(EH x^T)^T", "x sum_c(Wp e_c)^T",
        r"\mathbf{x}\, \mathrm{EH}^\top", r"\mathbf{x} (\mathbf{W}' \mathrm{EI})^\top", r"\mathbf{x}\,\mathrm{EI}^\top \mathbf{W}'^\top",
        "x EHᵀ", "x (W′ EI)ᵀ",
    ],
    "cbow_sum_grad_W": [
        "sum_c(x_c (Wp e)^T)", "sum_c(x_c EH^T)", "sum_c(x_c) EH^T", "sum_c(x_c) (Wp e)^T", "sum_c(x_c) e^T Wp^T",
        "sum_c(x_c @ EH.T)", "(EH sum_c(x_c)^T)^T", "sum_c(x_c) (Wp (y - t))^T", "sum_{c=1}^{C} x_c EH^T",
        r"\sum_{c=1}^{C} \mathbf{x}_c (\mathbf{W}' \mathbf{e})^\top", r"\sum_{c=1}^{C} \mathbf{x}_c\, \mathrm{EH}^\top",
        "Σ_c x_c EHᵀ", "Σ_c x_c (W′e)ᵀ",
    ],
    "cbow_sum_grad_repeated": [
        "n_w Wp e", "n_w EH", "n EH", "EH n_w", "n_w * Wp @ e", "n_w Wp (y - t)", "n_w (Wp y - Wp t)",
        "n_w W_prime e", r"n_w \mathbf{W}' \mathbf{e}", r"n_w\, \mathrm{EH}", r"n_w \mathbf{W}'(\mathbf{y} - \mathbf{t})",
        "n_w W′e", "n_w·EH",
    ],
    "hs_grad_node": [
        "(sigma(v'_j^T h) - t_j) h", "(sigmoid(v'_j^T h) - t_j) h", "h (sigma(v'_j^T h) - t_j)",
        "sigma(v'_j^T h) h - t_j h", "(sigma(h^T v'_j) - t_j) h", "-(t_j - sigma(v'_j^T h)) h",
        "(1/(1 + exp(-v'_j^T h)) - t_j) h", "(sigma(v'_j.T @ h) - t_j) * h",
        r"(\sigma({\mathbf{v}'_j}^\top \mathbf{h}) - t_j) \mathbf{h}", r"\left(\sigma(\mathbf{h}^\top \mathbf{v}'_j) - t_j\right)\mathbf{h}",
        r"\sigma({v'_j}^\top h)\, h - t_j h", "(σ(v′_jᵀh) − t_j) h", "(σ(hᵀv′_j) − t_j)·h",
    ],
    "hs_grad_h": [
        "sum_j((sigma(v'_j^T h) - t_j) v'_j)", "sum_j (sigma(v'_j^T h) - t_j) v'_j", "sum_{j=1}^{L-1} (sigma(v'_j^T h) - t_j) v'_j",
        "sum_j(sigma(v'_j^T h) v'_j) - sum_j(t_j v'_j)", "sum_j(v'_j (sigmoid(h^T v'_j) - t_j))", "-sum_j((t_j - sigma(v'_j^T h)) v'_j)",
        "sum_j((sigma(v'_j.T @ h) - t_j) * v'_j)",
        r"\sum_{j=1}^{L-1} (\sigma({\mathbf{v}'_j}^\top \mathbf{h}) - t_j) \mathbf{v}'_j",
        r"\sum_{j=1}^{L-1} \left(\sigma(\mathbf{h}^\top \mathbf{v}'_j) - t_j\right) \mathbf{v}'_j",
        r"\sum_{j} \sigma({v'_j}^\top h) v'_j - \sum_{j} t_j v'_j", "Σ_j (σ(v′_jᵀh) − t_j) v′_j", "Σ_j v′_j (σ(hᵀv′_j) − t_j)",
    ],
}

# question id → (wrong answer, words its message must contain)
WRONG = {
    "skipgram_weighted_center": [
        ("sum_j(U(yhat - y_j))", "weights are missing"), ("U(2m yhat - sum_j(alpha_j y_j))", "not 2m"),
        ("U(yhat - sum_j(alpha_j y_j))", "once per offset"), ("sum_j(U(alpha_j yhat - y_j))", "target part"),
        ("sum_j(alpha_j) U(yhat - sum_j(y_j))", "own offset"), ("-sum_j(alpha_j U(yhat - y_j))", "sign is flipped"),
        ("sum_j(alpha_j U^T(yhat - y_j))", "transpose"), ("alpha_j U(yhat - y_j)", "sum"),
        ("sum_j(alpha_j U(yhat - y_j))/(2m)", "not a mean"), ("2m sum_j(alpha_j U(yhat - y_j))", "2m"),
    ],
    "skipgram_weighted_U": [
        ("sum_j(v_c (yhat - y_j)^T)", "weights are missing"), ("v_c(2m yhat - sum_j(alpha_j y_j))^T", "not 2m"),
        ("sum_j(alpha_j (yhat - y_j) v_c^T)", "transpose"), ("sum_j(v_c (alpha_j yhat - y_j)^T)", "target part"),
        ("sum_j(alpha_j) v_c (yhat - sum_j(y_j))^T", "own offset"), ("-sum_j(alpha_j v_c (yhat - y_j)^T)", "sign is flipped"),
    ],
    "skipgram_weighted_outside_w": [
        ("2m yhat_w v_c", "not 2m"), ("yhat_w v_c", "every offset"), ("sum_j(alpha_j (yhat_w - 1) v_c)", "no −1"),
        ("0", "denominator"), ("alpha_j yhat_w v_c", "sum"), ("-sum_j(alpha_j) yhat_w v_c", "sign is flipped"),
        ("sum_j(alpha_j) yhat_w U", "shape"),
    ],
    "skipgram_mean_center": [
        ("U(yhat - sum_j(y_j))", "target part too"), ("U(yhat - sum_j(y_j)/(2m))/(2m)", "twice"),
        ("U(yhat - sum_j(y_j)/m)", "not m"), ("sum_j(U(yhat - y_j))", "summed window loss"),
        ("sum_j(U(yhat - y_j))/m", "not m"), ("-U(yhat - sum_j(y_j)/(2m))", "sign is flipped"),
        ("sum_{j=-m}^{m} U(yhat - y_j)/(2m)", "skips j = 0"), ("U^T(yhat - sum_j(y_j)/(2m))", "transpose"),
    ],
    "skipgram_mean_U": [
        ("v_c(yhat - sum_j(y_j))^T", "target part too"), ("v_c(yhat - sum_j(y_j)/m)^T", "not m"),
        ("sum_j(v_c (yhat - y_j)^T)", "summed window loss"), ("(yhat - sum_j(y_j)/(2m)) v_c^T", "transpose"),
        ("-v_c(yhat - sum_j(y_j)/(2m))^T", "sign is flipped"), ("v_c(yhat - sum_j(y_j)/(2m))^T/(2m)", "twice"),
    ],
    "rong_grad_W": [
        ("EH x^T", "transpose"), ("x EI^T", "shape"), ("C x EH^T", "no further factor C"),
        ("x (Wp (y - t_1))^T", "one panel"), ("x (Wp (y - sum_c(t_c)))^T", "once per panel"),
        ("x (Wp (C^2 y - sum_c(t_c)))^T", "twice"), ("-x EH^T", "sign is flipped"), ("x EH^T / C", "do not divide by C"),
    ],
    "cbow_sum_grad_W": [
        ("sum_c(x_c EH^T)/C", "mean"), ("x_c EH^T", "sum is missing"), ("C x_c EH^T", "not the sum"),
        ("EH sum_c(x_c)^T", "transpose"), ("sum_c(x_c e^T)", "shape"), ("-sum_c(x_c EH^T)", "sign is flipped"),
    ],
    "cbow_sum_grad_repeated": [
        ("EH", "one occurrence"), ("n_w EH / C", "mean CBOW"), ("C EH", "only the n_w occurrences"),
        ("2 EH", "factor that depends on the sizes"), ("n_w Wp^T e", "shape"), ("-n_w EH", "sign is flipped"),
    ],
    "hs_grad_node": [
        ("(sigma(v'_j^T h) - 1) h", "turns left"), ("sigma(v'_j^T h) h", "target t_j is missing"),
        ("(sigma(v'_j^T h) - t_j) v'_j", "inner derivative"), ("(t_j - sigma(v'_j^T h)) h", "sign is flipped"),
        ("(sigma(-v'_j^T h) - t_j) h", "σ(−x)"), ("(sigma(v'_j^T h) - t_j) h^T", "transpose"),
        ("sum_j((sigma(v'_j^T h) - t_j) h)", "Only the j-th term"),
    ],
    "hs_grad_h": [
        ("(sigma(v'_j^T h) - t_j) v'_j", "sum is missing"), ("sum_j((sigma(v'_j^T h) - 1) v'_j)", "turns left"),
        ("sum_j(sigma(v'_j^T h) v'_j)", "targets t_j are missing"), ("sum_j((sigma(v'_j^T h) - t_j) h)", "not h"),
        ("(L - 1)(sigma(v'_j^T h) - t_j) v'_j", "not the sum"), ("-sum_j((sigma(v'_j^T h) - t_j) v'_j)", "sign is flipped"),
        ("sum_j((sigma(-v'_j^T h) - t_j) v'_j)", "σ(−x)"), ("L sum_j((sigma(v'_j^T h) - t_j) v'_j)", "no factor L"),
    ],
}

CASES_RIGHT = [(qid, answer) for qid, answers in RIGHT.items() for answer in answers]
CASES_WRONG = [(qid, answer, words) for qid, pairs in WRONG.items() for answer, words in pairs]


def test_every_new_question_has_ten_right_and_five_wrong_forms():
    assert set(RIGHT) == set(WRONG) and set(RIGHT) <= set(QUESTIONS)
    assert all(len(RIGHT[qid]) >= 10 and len(WRONG[qid]) >= 5 for qid in RIGHT)


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_expected_is_the_asked_quantity_at_every_fixed_configuration(qid):
    question = QUESTIONS[qid]
    quantity = read_latex(question.quantity_latex)
    for configuration, expected in zip(configurations(question.context), _expected(qid)):
        assert compare(expected, _value(quantity, configuration)).status == "proved", configuration.name


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_canonical_answer_is_proved(qid):
    feedback = check_answer(qid, QUESTIONS[qid].canonical)
    assert feedback.correct and feedback.status == "proved", feedback.message


@pytest.mark.parametrize("qid, answer", CASES_RIGHT)
def test_right_forms_are_proved(qid, answer):
    feedback = check_answer(qid, answer)
    assert feedback.correct and feedback.status == "proved", f"{answer!r}: {feedback.message}"


@pytest.mark.parametrize("qid, answer, words", CASES_WRONG)
def test_wrong_forms_get_a_specific_message(qid, answer, words):
    feedback = check_answer(qid, answer)
    assert not feedback.correct
    assert words in feedback.message, f"{answer!r}: {feedback.message}"


@pytest.mark.parametrize("qid, slip", [
    ("cbow_sum_grad_repeated", "2 EH"),            # n_w = 2 at the first fixed size only
    ("skipgram_mean_center", "U(yhat - sum_j(y_j)/(m^2))"),   # m² = 2m at m = 2 only
    ("hs_grad_node", "(sigma(v'_j^T h) - 1) h"),   # t_j = 1 at the first fixed size only
])
def test_generated_configurations_refute_slips_right_at_one_size(qid, slip):
    question = QUESTIONS[qid]
    assert question.context in {"cbow_sum", "skipgram_mean", "hsoftmax"}
    found = _generated_refutation(question, read_answer(slip).tree)
    assert found is not None, slip
    assert found[0] in generated_configurations(question.context)


def test_generated_configurations_vary_the_discrete_data():
    weighted = generated_configurations("skipgram_alpha")
    assert {len(c.ctx.outside) // 2 for c in weighted} >= {1, 2, 3, 4, 5}
    assert all(c.ctx.other not in c.ctx.outside for c in weighted)
    assert any(c.ctx.c in c.ctx.outside for c in weighted)
    counts = {c.ctx.context.count(c.free["w"].word) for c in generated_configurations("cbow_sum")}
    assert 1 in counts and max(counts) >= 3
    paths = [c.name for c in generated_configurations("hsoftmax")]
    assert len(set(paths)) > 10


@pytest.mark.parametrize("context", ["skipgram_alpha", "skipgram_mean", "cbow_sum", "hsoftmax"])
def test_each_variant_context_has_two_fixed_configurations_of_different_sizes(context):
    names = [configuration.name for configuration in configurations(context)]
    assert len(names) >= 2 and len(set(names)) == len(names)


def test_bad_settings_of_the_variant_contexts_are_refused():
    from w2vlib.symbolic.configurations import (
        CBOWConfiguration, HierarchicalSoftmaxConfiguration, WeightedSkipGramConfiguration)

    with pytest.raises(ValueError, match="must not be in the window"):
        WeightedSkipGramConfiguration(V=5, d=2, c=0, outside=(1, 2), other=2)
    with pytest.raises(ValueError, match="weights"):
        WeightedSkipGramConfiguration(V=5, d=2, c=0, outside=(1, 2), other=3, weights="median")
    with pytest.raises(ValueError, match="context words"):
        CBOWConfiguration(V=5, N=2, context=(1, 2), center=0, average=False, w=4)
    with pytest.raises(ValueError, match="turns"):
        HierarchicalSoftmaxConfiguration(N=2, turns=(1, 2), node=1)
