r"""compare() and Derivation: proofs, numeric-only agreement, counterexamples, shapes, rendering, time limits."""

import math
import signal
import threading

import numpy as np
import pytest
import sympy

from w2vlib.symbolic import Derivation, DerivationError, compare
from w2vlib.symbolic.checker import format_value, reason_latex
from w2vlib.symbolic.notation.evaluate import sigma_of as sigma

x, a = sympy.symbols("x a", real=True)
positive = sympy.Symbol("p", positive=True)

# A tiny naive-softmax model, component-wise, for compare(): d = 2, |V| = 3, true word o = 1.
D, V, O = 2, 3, 1
v_c = sympy.Matrix(D, 1, lambda i, _: sympy.Symbol(f"v_{i}", real=True))
U = sympy.Matrix(D, V, lambda i, j: sympy.Symbol(f"U_{i}{j}", real=True))
scores = U.T * v_c
denominator = sum(sympy.exp(s) for s in scores)
yhat = scores.applyfunc(sympy.exp) / denominator
y = sympy.Matrix(V, 1, lambda i, _: 1 if i == O else 0)
J = -sympy.log(yhat[O])
weighted_sum = sum((sympy.exp(scores[w]) * U[:, w] for w in range(V)), sympy.zeros(D, 1))


def gradient(scalar, wrt):
    return wrt.applyfunc(lambda entry: sympy.diff(scalar, entry))


CHAIN_RULE_LINE = (r"-\mathbf{u}_o SIGN \frac{\sum_{w} e^{\mathbf{u}_w^\top \mathbf{v}_c} \mathbf{u}_w}"
                   r"{\sum_{w'} e^{\mathbf{u}_{w'}^\top \mathbf{v}_c}}")


def grad_center(chain_rule_sign="+"):
    """∂J/∂v_c = U(ŷ − y) in five displayed lines; ``chain_rule_sign="-"`` injects a sign error in step 3."""
    chain_rule = CHAIN_RULE_LINE.replace("SIGN", chain_rule_sign)
    return rf"""
\frac{{\partial J}}{{\partial \mathbf{{v}}_c}}
  &= \frac{{\partial}}{{\partial \mathbf{{v}}_c}}(-\log \hat{{y}}_o) && \text{{definition of $J$}} \\
  &= -\mathbf{{u}}_o + \frac{{\partial}}{{\partial \mathbf{{v}}_c}} \log \sum_{{w}} e^{{\mathbf{{u}}_w^\top \mathbf{{v}}_c}}
     && \text{{log of a quotient}} \\
  &= {chain_rule} && \text{{chain rule}} \\
  &= -\mathbf{{u}}_o {chain_rule_sign} \mathbf{{U}}\hat{{\mathbf{{y}}}} && \text{{definition of $\hat y$}} \\
  &= \mathbf{{U}}(\hat{{\mathbf{{y}}}} - \mathbf{{y}}) && \text{{$u_o = Uy$}}
"""


def derivation(text=None, **options):
    return Derivation.from_latex(grad_center() if text is None else text, "softmax", **options)


# ----------------------------------------------------------------------------- compare


def test_compare_proves_algebraic_identity():
    result = compare((x + 1) ** 2, x**2 + 2 * x + 1)
    assert result.status == "proved" and result.point is None and result


def test_compare_proves_sigmoid_identities_via_rewrite_to_exp():
    assert compare(sigma(x), 1 / (1 + sympy.exp(-x))).status == "proved"
    assert compare(sympy.diff(sigma(x), x), sigma(x) * sigma(-x)).status == "proved"
    assert compare(sympy.tanh(x), (sympy.exp(2 * x) - 1) / (sympy.exp(2 * x) + 1)).status == "proved"


def test_compare_is_numeric_only_when_no_proof_is_allowed():
    result = compare((x + 1) ** 2, x**2 + 2 * x + 1, timeout=0)
    assert result.status == "numeric" and result  # agrees, but unproved
    assert "8 random points" in result.message


def test_compare_refutes_missing_chain_rule_factor_with_counterexample():
    result = compare(sympy.diff(sympy.exp(2 * x), x), sympy.exp(2 * x))
    assert result.status == "refuted" and not result
    point = result.point["x"]
    assert result.a_value == pytest.approx(2 * math.exp(2 * point))
    assert result.b_value == pytest.approx(math.exp(2 * point))
    assert "x = " in result.message and format_value(result.b_value) in result.message


def test_compare_counterexample_respects_positive_symbols():
    result = compare(sympy.log(positive), positive - 1)
    assert result.status == "refuted" and result.point["p"] > 0


def test_compare_skips_singular_points_and_still_proves():
    assert compare(x / x, 1).status == "proved"
    assert compare((x**2 - 1) / (x - 1), x + 1).status == "proved"


def test_compare_refutes_a_side_that_is_never_real():
    result = compare(sympy.log(-(x**2) - 1), x)
    assert result.status == "refuted" and "left side is not a real number" in result.message
    assert compare(sympy.log(x**2), 2 * sympy.log(x)).status == "refuted"  # right only for x > 0
    assert compare(1 / (x - x), x).status == "refuted"  # never finite: nothing agrees


def test_compare_shape_mismatch_is_reported_not_raised():
    column = sympy.Matrix([x, 1, 2])
    result = compare(column, column.T)
    assert result.status == "shape"
    assert result.message == "left side is 3×1 but right side is 1×3"
    assert compare(column, x).message == "left side is 3×1 but right side is a scalar"


def test_compare_matrices_entrywise_names_first_differing_entry():
    assert compare(sympy.Matrix([[x, 2 * x], [x**2, 1]]), sympy.Matrix([[x, x + x], [x * x, 1]])).status == "proved"
    result = compare(sympy.Matrix([x, 1, x]), sympy.Matrix([x, 1, -x]))
    assert result.status == "refuted" and result.entry == (2, 0)
    assert len(result.a_value) == 3 and all(len(row) == 1 for row in result.a_value)  # a column, row by row


def test_compare_treats_one_by_one_matrix_as_scalar():
    assert compare((v_c.T * v_c), v_c[0] ** 2 + v_c[1] ** 2).status == "proved"


def test_compare_refuses_text_and_bad_settings():
    with pytest.raises(TypeError, match="not text"):
        compare("x + 1", x + 1)
    with pytest.raises(ValueError, match="points"):
        compare(x, x, points=0)
    with pytest.raises(ValueError, match="timeout"):
        compare(x, x, timeout=-1)


def test_compare_is_reproducible_for_a_seed_and_varies_with_it():
    first = compare(sympy.sin(x), x, seed=3)
    assert first.point == compare(sympy.sin(x), x, seed=3).point
    assert first.point != compare(sympy.sin(x), x, seed=4).point


# ----------------------------------------------------------------------------- time limits


def _expensive_identity():
    """True identity whose expansion takes far longer than the test's proof budget."""
    symbols = sympy.symbols("s0:5", real=True)
    base = sum(symbols)
    return base**12, (base + sympy.sin(symbols[0]) ** 2 + sympy.cos(symbols[0]) ** 2 - 1) ** 12


def _fail_after_30_s(signum, frame):
    pytest.fail("the proof time limit did not stop the computation")


def test_proof_time_limit_returns_numeric_and_keeps_outer_timer():
    left, right = _expensive_identity()
    previous = signal.signal(signal.SIGALRM, _fail_after_30_s)
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        result = compare(left, right, timeout=0.3)
        outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert result.status == "numeric"
    assert outer_remaining > 0  # the outer alarm was re-armed, not lost


def test_proof_time_limit_works_outside_the_main_thread():
    left, right = _expensive_identity()
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(result=compare(left, right, timeout=0.3)))
    previous = signal.signal(signal.SIGALRM, _fail_after_30_s)
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        worker.start()
        worker.join()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert outcome["result"].status == "numeric"


# ----------------------------------------------------------------------------- Derivation


def test_valid_derivation_is_proved_step_by_step_at_every_size():
    checked = derivation(label="eq-test-grad")
    statuses = [result.status for result in checked.verify()]
    assert statuses == ["given", "proved", "proved", "proved", "proved", "proved"]
    assert checked.assert_valid() is checked and checked.first_error is None
    assert len(checked.configurations) == 2


def test_sign_error_in_chain_rule_step_is_named_and_later_steps_follow_it():
    wrong = derivation(grad_center("-"), title="sign error")
    results = wrong.verify()
    # step 5 lands back on the right value, but does not follow from step 4: ✗ too (one meaning of ✓)
    assert [result.status for result in results] == ["given", "proved", "proved", "refuted", "follows_error",
                                                      "refuted"]
    assert wrong.first_error.index == 3 and results[4].follows == 3
    with pytest.raises(DerivationError) as raised:
        wrong.assert_valid()
    message = str(raised.value)
    comparison = results[3].vs_previous
    assert "step 3" in message and CHAIN_RULE_LINE.replace("SIGN", "-") in message and "chain rule" in message
    assert "random entries of U, v_c" in message and "|V| = 5, d = 3" in message
    assert "U_1_1" not in message and "v_c_0" not in message  # no internal names
    assert format_value(comparison.a_value) in message and format_value(comparison.b_value) in message
    assert "step 4" not in message  # the consequence is not reported as a second mistake


def test_step_that_returns_to_the_truth_after_an_error_is_wrong_too():
    wrong = derivation(grad_center("-"))
    assert wrong.verify()[5].status == "refuted"  # U(ŷ − y) equals step 0 again, but not step 4
    assert wrong.verify()[5].vs_first.equal


def test_expect_mistake_at_passes_only_for_the_one_wrong_step():
    wrong = derivation(grad_center("-"))
    with pytest.raises(DerivationError, match=r"exactly the lines \[3\].*flagged \[3, 5\]"):
        wrong.expect_mistake_at(3)  # a second wrong line (5) may not hide behind the first
    assert wrong.expect_mistakes_at(3, 5) is wrong
    with pytest.raises(DerivationError, match=r"exactly the lines \[4\]"):
        wrong.expect_mistake_at(4)
    right = derivation()
    with pytest.raises(DerivationError, match="found every step correct"):
        right.expect_mistake_at(2)
    with pytest.raises(ValueError, match="index"):
        right.expect_mistake_at(0)


def test_expect_mistakes_at_needs_exactly_the_flagged_lines():
    text = r"x &= x + 0 \\ &= 2x && \text{wrong} \\ &= 2x + 0 \\ &= 3x && \text{wrong again}"
    wrong = Derivation.from_latex(text, "sigmoid")
    assert [r.status for r in wrong.verify()] == ["given", "proved", "refuted", "follows_error", "refuted"]
    assert wrong.expect_mistakes_at(2, 4) is wrong
    with pytest.raises(DerivationError, match=r"exactly the lines \[2\].* flagged \[2, 4\]"):
        wrong.expect_mistakes_at(2)
    with pytest.raises(ValueError, match="line numbers"):
        wrong.expect_mistakes_at(9)


def test_missing_transpose_is_a_shape_error_named_with_its_shapes():
    text = r"""\frac{\partial J}{\partial \mathbf{v}_c} &= \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y}) \\
        &= (\hat{\mathbf{y}} - \mathbf{y})^\top \mathbf{U}^\top && \text{transpose}"""
    wrong = derivation(text)
    assert wrong.first_error.status == "shape" and wrong.first_error.index == 2
    with pytest.raises(DerivationError, match="step 1 is 3×1 but step 2 is 1×3"):
        wrong.assert_valid()
    assert "changes the shape" in wrong.summary()


def test_a_product_whose_shapes_do_not_fit_is_a_wrong_line_not_a_crash():
    wrong = derivation(r"\frac{\partial J}{\partial \mathbf{v}_c} &= \mathbf{U}^\top(\hat{\mathbf{y}} - \mathbf{y})")
    assert wrong.first_error.status == "shape"
    assert "cannot multiply 5×3 by 5×1" in wrong.first_error.vs_previous.message


def test_numeric_steps_are_marked_with_star_and_counted_in_summary():
    weak = derivation(timeout=0)
    statuses = [result.status for result in weak.verify()]
    assert "numeric" in statuses and set(statuses[1:]) <= {"numeric", "proved"}
    numeric = statuses.count("numeric")
    assert r"\class{w2v-numeric}{\color{green}{\checkmark^{*}}}" in weak._repr_markdown_()
    assert "agreed everywhere but not proved (✓*)" in weak.summary()
    with pytest.raises(DerivationError, match="no proof"):
        weak.assert_valid()  # a ✓* fails the build unless the cell says why
    allowed = derivation(timeout=0, unproved={i: "no proof within no time" for i, s in enumerate(statuses)
                                              if s == "numeric"})
    assert allowed.assert_valid() is allowed and "no proof within no time" in allowed.summary()


def _math_rows(markdown):
    """The lines of the ``aligned`` block in a Markdown display."""
    block = markdown.split("\\begin{aligned}\n")[1].split("\n\\end{aligned}")[0]
    return block.split(" \\\\\n")


def test_markdown_has_the_displayed_text_marks_label_sizes_and_summary():
    wrong = derivation(grad_center("-"), label="eq-test-grad")
    markdown = wrong._repr_markdown_()
    assert markdown.startswith("$$\n\\begin{aligned}\n\\frac{\\partial J}{\\partial \\mathbf{v}_c} &= ")
    assert CHAIN_RULE_LINE.replace("SIGN", "-") in markdown  # the displayed line is the source text
    assert "\\end{aligned}\n$$ (eq-test-grad)\n\n- (1) " in markdown  # label right after $$, then the reasons
    for mark in (r"\class{w2v-proved}{\color{green}{\checkmark}}", r"\class{w2v-refuted}{\color{red}{\times}}",
                 r"\class{w2v-follows}"):
        assert mark in markdown
    assert markdown.count(r"\class{w2v-") == 5  # one mark per checked step, none in the reasons
    assert "\n\n" not in markdown.split("$$")[1]  # a blank line would end MyST display math
    assert ("Checked by SymPy at 2 sizes (\\|V\\| = 5, d = 3; \\|V\\| = 7, d = 2), and in float64 at 24 generated "
            "configurations: 2 steps proved, steps 3, 5 wrong (✗), step 4 follows from them ((✗)), and the 1 "
            "equation in the reasons is proved too.") in markdown
    assert "Step 3 (chain rule) does not follow from step 2: at " in wrong.summary()


def test_markdown_numbers_each_line_and_lists_its_reason_below_the_math():
    markdown = derivation(grad_center("-"), label="eq-test-grad")._repr_markdown_()
    rows = _math_rows(markdown)
    assert rows[0].endswith(r"&& \class{w2v-proved}{\color{green}{\checkmark}}\ {\scriptstyle (1)}")
    assert rows[2].endswith(r"&& \class{w2v-refuted}{\color{red}{\times}}\ {\scriptstyle (3)}")
    assert rows[3].endswith(r"&& \class{w2v-follows}{\color{gray}{(\times)}}\ {\scriptstyle (4)}")
    assert rows[4].endswith(r"&& \class{w2v-refuted}{\color{red}{\times}}\ {\scriptstyle (5)}")
    assert r"\text" not in markdown.split("$$")[1]  # the reasons left the math block
    reasons, verdict = markdown.split("$$ (eq-test-grad)\n\n")[1].split("\n\nChecked by SymPy")
    assert reasons.split("\n") == [
        "- (1) definition of $J$",
        "- (2) log of a quotient",
        "- (3) chain rule",
        r"- (4) definition of $\hat y$ (follows from the wrong step 3)",
        "- (5) $u_o = Uy$",
    ]
    assert "2 steps proved" in verdict


def test_lines_without_reason_have_no_list_item_and_markdown_is_escaped():
    text = r"(x + 1)^2 &= (x + 1)(x + 1) \\ &= x^2 + 2x + 1 && \text{expand *twice*, $a_1$ and $x > 0$}"
    markdown = Derivation.from_latex(text, "sigmoid")._repr_markdown_()
    rows = _math_rows(markdown)
    assert len(rows) == 2 and rows[0].startswith("(x + 1)^2 &= (x + 1)(x + 1) && ")
    assert "(0)" not in markdown
    assert rows[0].endswith(r"\ {\scriptstyle (1)}") and rows[1].endswith(r"\ {\scriptstyle (2)}")
    assert ("$$\n\n- (2) expand \\*twice\\*, $a_1$ and $x > 0$\n\nChecked by SymPy (a real scalar x), and in float64 at "
            "24 generated configurations: 2 steps proved.") in markdown
    assert "- (1)" not in markdown  # step 1 gives no reason


def test_latex_repr_keeps_numbered_reasons_inline_and_has_no_label():
    latex = derivation(label="eq-test-grad")._repr_latex_()
    assert latex.startswith("$$\n\\begin{aligned}") and latex.endswith("\\end{aligned}\n$$")
    assert r"{\color{green}{\checkmark}}\ {\scriptstyle (3)} \quad \text{chain rule}" in latex
    assert r"{\scriptstyle (1)} \quad \text{definition of }J" in latex
    assert "eq-test-grad" not in latex


def test_unlabelled_markdown_without_reasons_ends_plainly():
    text = r"\frac{\partial J}{\partial \mathbf{v}_c} &= \mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})"
    markdown = derivation(text)._repr_markdown_()
    assert markdown.endswith("\\end{aligned}\n$$\n\nChecked by SymPy at 2 sizes "
                             "(\\|V\\| = 5, d = 3; \\|V\\| = 7, d = 2), and in float64 at 24 generated "
                             "configurations: 1 step proved.\n")


def test_reason_text_is_escaped_and_dollar_math_kept():
    latex = reason_latex(r"50% of {x} & y_1 \cdot, see $\hat y_o$")
    assert r"\%" in latex and r"\{" in latex and r"\&" in latex and r"\_" in latex and r"\backslash" in latex
    assert r"\hat y_o" in latex and "$" not in latex
    assert latex.count("{") - latex.count(r"\{") == latex.count("}") - latex.count(r"\}")
    assert reason_latex("a\nb") == r"\text{a b}"


def test_verify_results_are_cached():
    checked = derivation()
    assert checked.verify()[2] is checked.verify()[2]


def test_derivation_rejects_bad_arguments():
    with pytest.raises(ValueError, match="left-hand side"):
        Derivation([], [])
    with pytest.raises(TypeError, match=r"lines\[0\]"):
        Derivation([(x, "x")], [("", [x])])
    with pytest.raises(ValueError, match="label"):
        derivation(label="bad label")
    with pytest.raises(ValueError, match="unknown context"):
        Derivation.from_latex("x &= x", "no-such-context")


def test_vector_values_in_messages_are_rounded_columns():
    assert format_value(np.array([[1.23456789], [2.0]])) == "(1.2346, 2)ᵀ"
