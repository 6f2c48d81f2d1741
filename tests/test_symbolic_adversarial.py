r"""A ✓ holds against anyone's line: wrong lines and answers that a student (or an author) would
write, each right at some size or for some data, and none accepted; right lines in ordinary
notation, each accepted.

Issue "A check mark that holds against a student": the fixed sizes of a context can conspire with
a wrong factor (m² = 2m at m = 2), its fixed data can hide a case (the center word never in its
window), a derivative through a layer can treat the layer's inputs as constants, a letter can
mean nothing, and a tiny difference can pass as rounding. Every case below is one of those.
"""

import pytest

from w2vlib.symbolic import Derivation, NotationError, check_answer

# ----------------------------------------------------------------------------- wrong answers

#: (question, answer): each wrong, most of them right at the fixed sizes or data of the context.
WRONG_ANSWERS = [
    # sizes that conspire
    ("negsamp_grad_outside_repeated", r"\frac{K+1}{2}\,\sigma(\mathbf u_w^\top\mathbf v_c)\mathbf v_c"),
    ("negsamp_grad_outside_repeated", "(K+1)/2 sigma(u_w^T v_c) v_c"),
    ("negsamp_grad_outside_repeated", "(K-1) sigma(u_w^T v_c) v_c"),
    ("negsamp_grad_outside_repeated", "(2K - 4) sigma(u_w^T v_c) v_c"),
    ("negsamp_grad_outside_repeated", "K sigma(u_w^T v_c) v_c"),
    ("negsamp_grad_outside_repeated", "sigma(u_w^T v_c) v_c"),
    ("negsamp_grad_outside_repeated", "n_w sigma(-u_w^T v_c) v_c"),
    ("negsamp_grad_outside_repeated", "n_w^2 sigma(u_w^T v_c) v_c / 2"),
    ("skipgram_grad_U", r"\mathbf v_c ((m^2-3m+6)\hat{\mathbf y} - \sum_{j} \mathbf y_{t+j})^\top"),
    ("skipgram_grad_U", "v_c ((m^2 - 3m + 6) yhat - sum_j(y_j))^T"),
    ("skipgram_grad_U", "v_c (m^2 yhat - sum_j(y_j))^T"),
    ("skipgram_grad_U", "v_c (2^m yhat - sum_j(y_j))^T"),
    ("skipgram_grad_U", "v_c (yhat - sum_j(y_j))^T"),
    ("skipgram_grad_U", "sum_j(v_c (yhat - y_j))"),
    ("skipgram_grad_U", "sum_{j=-m}^{m} v_c (yhat - y_j)^T"),
    ("skipgram_grad_U", "sum_j(v_c (yhat - y_j)^T)/(2m)"),
    ("skipgram_grad_center", "U((m^2 - 3m + 6) yhat - sum_j(y_j))"),
    ("skipgram_grad_center", "U(m^2 yhat - sum_j(y_j))"),
    ("skipgram_grad_center", "U(yhat - sum_j(y_j))"),
    ("skipgram_grad_center", "sum_j(U^T(yhat - y_j))"),
    ("skipgram_grad_center", "sum_j(U(y_j - yhat))"),
    ("skipgram_grad_center", "sum_{j=-m}^{m} U(yhat - y_j)"),
    ("rong_EI", r"\sum_{c=1}^{C} (C\mathbf y - \mathbf t_c)"),
    ("rong_EI", r"\mathbf y - \sum_{c=1}^{C} \mathbf t_c"),
    ("rong_EI", r"(6 - N)\mathbf y - \sum_{c=1}^{C} \mathbf t_c"),
    ("rong_EI", r"\frac{1}{C}\sum_{c=1}^{C} (\mathbf y - \mathbf t_c)"),
    ("rong_EI", r"\sum_{c=1}^{C} (\mathbf y + \mathbf t_c)"),
    ("rong_EH", r"\mathbf{W}' (\mathbf{y} - \mathbf{t}_1)"),
    ("rong_EH", r"\mathbf{W}'^\top \mathrm{EI}"),
    ("rong_EH", r"(6 - N) \mathbf{W}' \mathbf y - \mathbf W' \sum_{c=1}^{C} \mathbf t_c"),
    # data that hide a case: w = o
    ("softmax_grad_center", r"\mathbf U\hat{\mathbf y} - \mathbf u_o + \mathbf u_o - \mathbf U \mathbf y + \mathbf v_c"),
    ("softmax_grad_center", "U yhat"),
    ("softmax_grad_center", "U^T (yhat - y)"),
    ("softmax_grad_center", "(yhat - y)^T U^T"),
    ("softmax_grad_center", "-u_o + sum_w(yhat_o u_w)"),
    ("softmax_grad_center", "U(y - yhat)"),
    ("softmax_grad_center", "U yhat - v_c"),
    ("softmax_grad_outside_o", "yhat_o v_c"),
    ("softmax_grad_outside_o", "(1 - yhat_o) v_c"),
    ("softmax_grad_outside_o", "(yhat_o - 1) u_o"),
    ("softmax_grad_outside_o", "U(yhat - y)"),
    ("softmax_grad_outside_w", "(yhat_w - 1) v_c"),
    ("softmax_grad_outside_w", "yhat_o v_c"),
    ("softmax_grad_outside_w", "-yhat_w v_c"),
    ("softmax_grad_U", "v_c yhat^T"),
    ("softmax_grad_U", "(yhat - y) v_c^T"),
    ("softmax_grad_U", "v_c (y - yhat)^T"),
    ("cross_entropy", "-log(yhat_w)"),
    ("cross_entropy", "log(yhat_o)"),
    ("cross_entropy", "-sum_w(log(yhat_w))"),
    ("cross_entropy", "-log(yhat_o) + e^(-30)"),
    ("cross_entropy", "-log(yhat_o)/1.000000001"),
    # sigmoid
    ("sigmoid_derivative", "sigma(x)(1 + sigma(x))"),
    ("sigmoid_derivative", "-sigma(x)(1 - sigma(x))"),
    ("sigmoid_derivative", "sigma(x)^2"),
    ("sigmoid_derivative", "e^(-x)/(1 + e^(-x))"),
    ("sigmoid_derivative", "(1 + 2e^(-x))/(1 + e^(-x))^2"),
    ("sigmoid_derivative", "sigma(x)(1 - sigma(x)) + e^(-30)"),
    ("sigmoid_derivative", "sigma(x)(1 - sigma(x))/1.000000001"),
    ("sigmoid_derivative", "sigma(x)(1 - sigma(-x))"),
    ("sigmoid_derivative", "1/4"),
    # negative sampling
    ("negsamp_grad_center", "-(1 - sigma(u_o^T v_c)) u_o + sum_k((1 - sigma(u_k^T v_c)) u_k)"),
    ("negsamp_grad_center", "(1 - sigma(u_o^T v_c)) u_o + sum_k((1 - sigma(-u_k^T v_c)) u_k)"),
    ("negsamp_grad_center", "-(1 - sigma(u_o^T v_c)) u_o + K (1 - sigma(-u_k^T v_c)) u_k"),
    ("negsamp_grad_center", "-(1 - sigma(u_o^T v_c)) u_o + (1 - sigma(-u_k^T v_c)) u_k"),
    ("negsamp_grad_center", "-(1 - sigma(u_o^T v_c)) u_o"),
    ("negsamp_grad_outside_o", "sigma(u_o^T v_c) v_c"),
    ("negsamp_grad_outside_o", "(sigma(u_o^T v_c) - 1) u_o"),
    ("negsamp_grad_outside_o", "(1 - sigma(u_o^T v_c)) v_c"),
    ("negsamp_grad_outside_k", "sigma(-u_k^T v_c) v_c"),
    ("negsamp_grad_outside_k", "(sigma(u_k^T v_c) - 1) v_c"),
    ("negsamp_grad_outside_k", "K sigma(u_k^T v_c) v_c"),
    # the center's other vectors
    ("skipgram_grad_other_center", "sum_j(U(yhat - y_j))"),
    ("skipgram_grad_other_center", "v_w"),
]

#: (context, derivation text, where): each has a wrong line (or cannot be read at all).
WRONG_LINES = [
    ("negative_sampling", r"\frac{\partial J}{\partial \mathbf u_w} &= \frac{K+1}{2}\,\sigma(\mathbf u_w^\top\mathbf v_c)\mathbf v_c", None),
    ("negative_sampling", r"\frac{\partial J}{\partial \mathbf u_w} &= (K - 1)\,\sigma(\mathbf u_w^\top\mathbf v_c)\mathbf v_c", None),
    ("skipgram", r"\frac{\partial J}{\partial \mathbf{U}} &= \mathbf v_c ((m^2-3m+6)\hat{\mathbf y} - \sum_{j} \mathbf y_{t+j})^\top", None),
    ("skipgram", r"\frac{\partial J}{\partial \mathbf{u}_c} &= 2m\,\hat y_c \mathbf v_c", None),
    ("skipgram", r"\frac{\partial J}{\partial \mathbf v_c} &= \sum_{\substack{-m \le j \le m \\ j \ne c}} \mathbf U(\hat{\mathbf y} - \mathbf y_{t+j})", None),
    ("rong", r"\frac{\partial E}{\partial u_{1,j}} &= e_{3,j}", None),
    ("rong", r"\sum_{c=1}^{C} y_{c,j} &= (6 - N)\, y_j", None),
    ("cbow", r"\mathbf h &= \frac{1}{|V| - 1}\sum_{c=1}^{C} \mathbf v_{w_{I,c}}", None),
    ("softmax", r"\frac{\partial J}{\partial \mathbf u_w} &= (\hat y_w + y_w)\mathbf v_c", None),
    ("softmax", r"\frac{\partial J}{\partial \mathbf u_w} &= \hat y_w \mathbf v_c", None),
    ("softmax", r"\frac{\partial J}{\partial \mathbf{v}_c} - \mathbf U(\hat{\mathbf y} - \mathbf y) &= \mathbf U^\top \mathbf{0}", None),
    ("sigmoid", r"\log(x^2) &= 2\log x", None),
    ("sigmoid", r"\sigma(x)(1 - \sigma(x)) &= \frac{d\sigma(x)}{dx} + e^{-30}", None),
    ("sigmoid", r"\sigma(x) &= \frac{\sigma(x)}{1.000000001}", None),
    ("sigmoid", r"\frac{d\sigma(x)}{dx} &= \frac{1}{4}", None),
    ("softmax", r"\frac{\partial J}{\partial \mathbf{u}_o} &= \hat y_o \mathbf v_c", None),
    ("softmax", r"\frac{\partial J}{\partial \mathbf{v}_c} &= \mathbf U \hat{\mathbf y}", None),
    ("negative_sampling", r"\frac{\partial J}{\partial \mathbf u_k} &= K\sigma(\mathbf u_k^\top\mathbf v_c)\mathbf v_c", None),
]

#: (context, derivation text, fragment of the refusal): lines that must not be read at all.
REFUSED_LINES = [
    ("softmax", r"\frac{\partial}{\partial \mathbf s}\Bigl(-\mathbf u_o^\top\mathbf v_c + \log\sum_w \exp(s_w)\Bigr) &= \hat{\mathbf y}",
     "with respect to a layer"),
    ("rong", r"\frac{\partial}{\partial u_j}\sum_{i=1}^{N} w'_{ij}h_i &= 0", "with respect to a layer"),
    ("cbow", r"\frac{\partial}{\partial h_i} \sum_{c=1}^{C} W_{w_{I,c}, i} &= 0", ""),
    ("softmax", r"\hat y_m &= \hat y_w", "index m has no meaning"),
    ("skipgram", r"\mathbf v_m &= \mathbf v_w", "no meaning"),
]


@pytest.mark.parametrize("question, answer", WRONG_ANSWERS)
def test_a_wrong_answer_is_never_accepted(question, answer):
    feedback = check_answer(question, answer)
    assert not feedback.correct, feedback.message
    assert feedback.message  # and says why


@pytest.mark.parametrize("context, text, where", WRONG_LINES)
def test_a_wrong_line_never_gets_a_check_mark(context, text, where):
    derivation = Derivation.from_latex(text, context, where=where)
    assert derivation.first_error is not None or derivation.unproved_steps, derivation.summary()
    with pytest.raises(AssertionError):
        derivation.assert_valid()


@pytest.mark.parametrize("context, text, because", REFUSED_LINES)
def test_a_line_without_meaning_is_refused_with_a_message_that_says_why(context, text, because):
    with pytest.raises(NotationError, match=because or None):
        Derivation.from_latex(text, context)


def test_the_conspiracies_are_right_at_the_fixed_sizes_so_only_generated_ones_catch_them():
    # the point of the generated configurations: at the two fixed sizes these wrong lines are proved
    for context, text in [("negative_sampling", WRONG_LINES[0][1]), ("skipgram", WRONG_LINES[2][1]),
                          ("cbow", WRONG_LINES[7][1]), ("rong", WRONG_LINES[6][1])]:
        derivation = Derivation.from_latex(text, context)
        assert derivation.first_error is not None
        assert derivation.first_error.configuration.startswith("generated: "), derivation.summary()


# ----------------------------------------------------------------------------- right answers

RIGHT_ANSWERS = [
    ("cross_entropy", "-log(yhat_o)"), ("cross_entropy", r"-\log \hat{y}_o"), ("cross_entropy", "−log ŷₒ"),
    ("cross_entropy", "-ln(y_hat[o])"), ("cross_entropy", "log(1/yhat_o)"), ("cross_entropy", r"\log\frac{1}{\hat y_o}"),
    ("cross_entropy", "-log(yhat_o) + 0"), ("cross_entropy", "-np.log(y_hat_o)"),
    ("softmax_grad_center", "U(yhat - y)"), ("softmax_grad_center", r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})"),
    ("softmax_grad_center", "U(ŷ − y)"), ("softmax_grad_center", "U yhat - U y"), ("softmax_grad_center", "-u_o + U yhat"),
    ("softmax_grad_center", "-u_o + sum_w(yhat_w u_w)"), ("softmax_grad_center", r"-\mathbf u_o + \sum_{w} \hat y_w \mathbf u_w"),
    ("softmax_grad_center", r"\sum_{w} (\hat y_w - y_w) \mathbf u_w"), ("softmax_grad_center", "U @ (y_hat - y)"),
    ("softmax_grad_center", r"\mathbf U\hat{\mathbf y} - \mathbf u_o"),
    ("softmax_grad_outside_o", "(yhat_o - 1) v_c"), ("softmax_grad_outside_o", r"(\hat{y}_o - 1)\mathbf{v}_c"),
    ("softmax_grad_outside_o", "yhat_o v_c - v_c"), ("softmax_grad_outside_o", "-(1 - yhat_o) v_c"),
    ("softmax_grad_outside_o", "(ŷₒ − 1) v_c"), ("softmax_grad_outside_o", "v_c (yhat_o - 1)"),
    ("softmax_grad_outside_o", "(yhat_o - y_o) v_c"),
    ("softmax_grad_outside_w", "yhat_w v_c"), ("softmax_grad_outside_w", r"\hat{y}_w \mathbf{v}_c"),
    ("softmax_grad_outside_w", "(yhat_w - y_w) v_c"), ("softmax_grad_outside_w", "v_c yhat_w"),
    ("softmax_grad_outside_w", r"\frac{\exp(\mathbf u_w^\top \mathbf v_c)}{\sum_{w'} \exp(\mathbf u_{w'}^\top \mathbf v_c)}\mathbf v_c"),
    ("softmax_grad_U", "v_c (yhat - y)^T"), ("softmax_grad_U", r"\mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y})^\top"),
    ("softmax_grad_U", "v_c yhat^T - v_c y^T"), ("softmax_grad_U", "v_c @ (y_hat - y).T"),
    ("softmax_grad_U", r"\mathbf v_c\hat{\mathbf y}^\top - \mathbf v_c \mathbf y^\top"),
    ("sigmoid_derivative", "sigma(x)(1 - sigma(x))"), ("sigmoid_derivative", "sigmoid(x)*(1 - sigmoid(x))"),
    ("sigmoid_derivative", r"\sigma(x)(1 - \sigma(x))"), ("sigmoid_derivative", "σ(x)(1 − σ(x))"),
    ("sigmoid_derivative", "sigma(x) sigma(-x)"), ("sigmoid_derivative", "e^(-x)/(1 + e^(-x))^2"),
    ("sigmoid_derivative", r"\frac{e^{-x}}{(1+e^{-x})^2}"), ("sigmoid_derivative", "exp(-x)/(1 + exp(-x))^2"),
    ("sigmoid_derivative", "sigma(x) - sigma(x)^2"), ("sigmoid_derivative", "1/(e^x + 2 + e^(-x))"),
    ("sigmoid_derivative", r"\frac{e^{x}}{(1 + e^{x})^2}"), ("sigmoid_derivative", "np.exp(-x) / (1 + np.exp(-x))**2"),
    ("negsamp_grad_center", "-(1 - sigma(u_o^T v_c)) u_o + sum_k((1 - sigma(-u_k^T v_c)) u_k)"),
    ("negsamp_grad_center", "(sigma(u_o^T v_c) - 1) u_o + sum_k(sigma(u_k^T v_c) u_k)"),
    ("negsamp_grad_center", r"(\sigma(\mathbf u_o^\top\mathbf v_c) - 1)\mathbf u_o + \sum_{k=1}^{K}\sigma(\mathbf u_k^\top\mathbf v_c)\mathbf u_k"),
    ("negsamp_grad_center", "-sigma(-u_o^T v_c) u_o + sum_k(sigma(u_k^T v_c) u_k)"),
    ("negsamp_grad_center", "sum_k(sigma(u_k^T v_c) u_k) - (1 - sigma(u_o^T v_c)) u_o"),
    ("negsamp_grad_outside_o", "(sigma(u_o^T v_c) - 1) v_c"), ("negsamp_grad_outside_o", "-(1 - sigma(u_o^T v_c)) v_c"),
    ("negsamp_grad_outside_o", "-sigma(-u_o^T v_c) v_c"), ("negsamp_grad_outside_o", r"(\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - 1)\mathbf{v}_c"),
    ("negsamp_grad_outside_o", "v_c (sigma(u_o^T v_c) - 1)"),
    ("negsamp_grad_outside_k", "sigma(u_k^T v_c) v_c"), ("negsamp_grad_outside_k", "(1 - sigma(-u_k^T v_c)) v_c"),
    ("negsamp_grad_outside_k", r"\sigma(\mathbf{u}_k^\top \mathbf{v}_c)\mathbf{v}_c"), ("negsamp_grad_outside_k", "v_c sigma(u_k^T v_c)"),
    ("negsamp_grad_outside_repeated", "n_w sigma(u_w^T v_c) v_c"), ("negsamp_grad_outside_repeated", "n (1 - sigma(-u_w^T v_c)) v_c"),
    ("negsamp_grad_outside_repeated", r"n_w \sigma(\mathbf{u}_w^\top \mathbf{v}_c)\mathbf{v}_c"),
    ("negsamp_grad_outside_repeated", r"\sum_{k: w_k = w} \sigma(\mathbf u_w^\top \mathbf v_c)\mathbf v_c"),
    ("negsamp_grad_outside_repeated", "n_w (1 - sigma(-u_w^T v_c)) v_c"),
    ("skipgram_grad_U", "sum_j(v_c (yhat - y_j)^T)"), ("skipgram_grad_U", r"\sum_{j} \mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y}_{t+j})^\top"),
    ("skipgram_grad_U", "v_c (2m yhat - sum_j(y_j))^T"), ("skipgram_grad_U", "2m v_c yhat^T - v_c sum_j(y_j)^T"),
    ("skipgram_grad_U", r"\mathbf v_c \Bigl(2m\hat{\mathbf y} - \sum_{j} \mathbf y_{t+j}\Bigr)^\top"),
    ("skipgram_grad_U", r"\sum_{\substack{-m \le j \le m \\ j \ne 0}} \mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y}_{t+j})^\top"),
    ("skipgram_grad_center", "sum_j(U(yhat - y_j))"), ("skipgram_grad_center", r"\sum_{j} \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}_{t+j})"),
    ("skipgram_grad_center", "U(2m yhat - sum_j(y_j))"), ("skipgram_grad_center", "2m U yhat - U sum_j(y_j)"),
    ("skipgram_grad_center", r"\mathbf U \sum_{j}(\hat{\mathbf y} - \mathbf y_{t+j})"),
    ("skipgram_grad_other_center", "0"), ("skipgram_grad_other_center", r"\mathbf{0}"),
    ("skipgram_grad_other_center", "0 v_w"),
    ("rong_EI", "sum_c(y - t_c)"), ("rong_EI", r"\sum_{c=1}^{C} (y_j - t_{c,j})"), ("rong_EI", r"\sum_{c=1}^{C} (\mathbf y - \mathbf t_c)"),
    ("rong_EI", r"C\mathbf y - \sum_{c=1}^{C} \mathbf t_c"), ("rong_EI", r"\sum_{c=1}^{C} \mathbf e_c"),
    ("rong_EH", "Wp EI"), ("rong_EH", r"\mathbf W' \mathrm{EI}"), ("rong_EH", r"\sum_{j=1}^{V} w'_{ij} \mathrm{EI}_j"),
    ("rong_EH", r"\mathbf W' \sum_{c=1}^{C} (\mathbf y - \mathbf t_c)"),
]

#: (context, derivation text, where): right lines that must be ✓ everywhere.
RIGHT_LINES = [
    ("softmax", r"\frac{\partial J}{\partial \mathbf u_w} &= (\hat y_w - y_w)\mathbf v_c", None),
    ("softmax", r"\frac{\partial J}{\partial \mathbf u_w} &= \hat y_w \mathbf v_c", r"w \ne o"),
    ("softmax", r"\frac{\partial J}{\partial \mathbf{s}} &= \hat{\mathbf{y}} - \mathbf{y}", None),
    ("softmax", r"\frac{\partial J}{\partial \mathbf{v}_c} &= \mathbf{U}\,\frac{\partial J}{\partial \mathbf{s}}", None),
    ("softmax", r"\frac{\partial J}{\partial \mathbf{U}} &= \mathbf{v}_c (\hat{\mathbf{y}} - \mathbf{y})^\top", None),
    ("softmax", r"\frac{\partial \hat{\mathbf{y}}}{\partial \mathbf{s}} &= \operatorname{diag}(\hat{\mathbf{y}}) - \hat{\mathbf{y}}\hat{\mathbf{y}}^\top", None),
    ("softmax", r"\sum_{w} \hat{y}_w &= 1", None),
    ("softmax", r"J &= -\log \hat y_o", None),
    ("softmax", r"\mathbf u_o &= \mathbf U \mathbf y", None),
    ("softmax", r"\sum_w \hat{y}_w \mathbf{u}_w &= \mathbf{U}\hat{\mathbf{y}}", None),
    ("softmax", r"\frac{\partial}{\partial \mathbf s}\Bigl(-s_o + \log\sum_w \exp(s_w)\Bigr) &= \hat{\mathbf y} - \mathbf y", None),
    ("sigmoid", r"\frac{d\sigma(x)}{dx} &= \sigma(x)(1 - \sigma(x))", None),
    ("sigmoid", r"1 - \sigma(-x) &= \sigma(x)", None),
    ("sigmoid", r"\frac{d}{dx}\log\sigma(x) &= 1 - \sigma(x)", None),
    ("sigmoid", r"\frac{\sigma'(x)}{\sigma(x)} &= 1 - \sigma(x)", None),
    ("sigmoid", r"\log(e^{2x}) &= 2x", None),
    ("negative_sampling", r"\frac{\partial J}{\partial \mathbf u_w} &= n_w\,\sigma(\mathbf u_w^\top\mathbf v_c)\mathbf v_c", None),
    ("negative_sampling", r"\frac{\partial J}{\partial \mathbf u_k} &= \sigma(\mathbf u_k^\top\mathbf v_c)\mathbf v_c", None),
    ("negative_sampling", r"\frac{\partial J}{\partial \mathbf u_o} &= (\sigma(\mathbf u_o^\top\mathbf v_c) - 1)\mathbf v_c", None),
    ("skipgram", r"\frac{\partial J}{\partial \mathbf v_c} &= \sum_{j} \mathbf U(\hat{\mathbf y} - \mathbf y_{t+j})", None),
    ("skipgram", r"\frac{\partial J}{\partial \mathbf v_w} &= \mathbf{0}", None),
    ("rong", r"\frac{\partial E}{\partial u_{c,j}} &= y_{c,j} - t_{c,j}", None),
    ("rong", r"\frac{\partial E}{\partial u_j} &= \mathrm{EI}_j", None),
    ("rong", r"\sum_{c=1}^{C} y_{c,j} &= C\, y_j", None),
    ("cbow", r"\mathbf h &= \frac{1}{C}\sum_{c=1}^{C} \mathbf v_{w_{I,c}}", None),
    ("sigmoid", r"\sigma(0) &= \frac{1}{2}", None),
    ("sigmoid", r"\frac{e^{x}}{1 + e^{x}} &= \sigma(x)", None),
    ("sigmoid", r"\sigma(x)\bigl(1 - \sigma(x)\bigr) &= \tfrac14 - \bigl(\sigma(x) - \tfrac12\bigr)^2", None),
    ("softmax", r"\frac{e^{s_w}}{\sum_v e^{s_v}} &= \frac{e^{s_w - s_o}}{\sum_v e^{s_v - s_o}}", None),
    ("softmax", r"\frac{\partial J}{\partial \mathbf{v}_c} &= \sum_{w \in V} (\hat y_w - y_w)\mathbf u_w", None),
    ("negative_sampling", r"\frac{\partial J}{\partial \mathbf v_c} &= (\sigma(\mathbf u_o^{\mathsf T}\mathbf v_c) - 1)\mathbf u_o "
                          r"+ \sum_{k=1}^{K}\sigma(\mathbf u_k^\top\mathbf v_c)\mathbf u_k", None),
    ("skipgram", r"\frac{\partial J}{\partial \mathbf U} &= \mathbf v_c\Bigl(2m\,\hat{\mathbf y} - \sum_j \mathbf y_{t+j}\Bigr)^\top",
     None),
    ("rong", r"\mathrm{EI}_j &= C\,y_j - \sum_c t_{c,j}", None),
    ("rong", r"\frac{\partial E}{\partial \mathbf W'} &= \mathbf h\,\mathrm{EI}^\top", None),
]


@pytest.mark.parametrize("question, answer", RIGHT_ANSWERS)
def test_a_right_answer_in_ordinary_notation_is_accepted(question, answer):
    feedback = check_answer(question, answer)
    assert feedback.correct, feedback.message


@pytest.mark.parametrize("context, text, where", RIGHT_LINES)
def test_a_right_line_gets_its_check_mark(context, text, where):
    derivation = Derivation.from_latex(text, context, where=where)
    assert derivation.assert_valid() is derivation, derivation.summary()


def test_the_counts_the_issue_asks_for():
    wrong = len(WRONG_ANSWERS) + len(WRONG_LINES) + len(REFUSED_LINES)
    right = len(RIGHT_ANSWERS) + len(RIGHT_LINES)
    assert wrong >= 80 and right >= 120, (wrong, right)
