"""answer_guide: the page "How to write answers" is generated from the contexts; its examples are checked
and none of them answers an exercise."""

import functools
import re
import sys
from pathlib import Path

import pytest

from w2vlib.symbolic.answer_guide import NAMES, SPELLINGS, answer_guide, name_rows
from w2vlib.symbolic.answers import QUESTIONS, check_answer
from w2vlib.symbolic.configurations import CONTEXTS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_student_edition import code_pieces, math_pieces  # noqa: E402  (the same snippets as the build test)


def test_the_guide_lists_every_question_every_context_and_the_sizes_checked():
    markdown = answer_guide().markdown
    assert all(f"`{question_id}`" in markdown for question_id in QUESTIONS)
    assert "Every answer is checked at: |V| = 5, d = 3, m = 2; |V| = 6, d = 2, m = 3." in markdown
    assert "| plain | code | LaTeX | unicode |" in markdown and "## What the marks mean" in markdown


def test_every_spelling_example_has_four_spellings_read_in_a_context():
    assert all(len(row) == 6 and row[5] in CONTEXTS for row in SPELLINGS)


@functools.lru_cache(maxsize=None)
def page_examples() -> frozenset[str]:
    """Every code span, code line and math snippet of the page: the generated part and book/answers.md."""
    text = (ROOT / "book" / "answers.md").read_text(encoding="utf-8") + "\n" + answer_guide().markdown
    examples = set()
    for code in re.findall(r"```[a-z0-9]*\n(.*?)```", text, re.S):
        examples |= code_pieces(code)
    for code in re.findall(r"`([^`\n]+)`", text):
        examples |= code_pieces(code)
    for double, single in re.findall(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", text, re.S):
        examples |= math_pieces(double or single)
    return frozenset(examples)


@pytest.mark.parametrize("question_id", sorted(QUESTIONS))
def test_no_example_on_the_page_answers_a_question(question_id):
    examples = page_examples()
    assert len(examples) > 60, f"only {len(examples)} examples found on the page: the extraction broke"
    accepted = [text for text in sorted(examples) if check_answer(question_id, text).correct]
    assert not accepted, f"the page \"How to write answers\" gives away {question_id}: {accepted}"


def test_the_guide_refuses_an_example_that_answers_a_question(monkeypatch):
    from w2vlib.symbolic import answer_guide as guide

    answer = ("a product", "U(yhat - y)", "U @ (y_hat - y)", r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})", "U(ŷ − y)",
              "softmax")
    monkeypatch.setattr(guide, "SPELLINGS", [*SPELLINGS, answer])
    with pytest.raises(AssertionError, match="answers softmax_grad_center"):
        guide.answer_guide()


def test_the_guide_refuses_spellings_that_are_not_one_formula(monkeypatch):
    from w2vlib.symbolic import answer_guide as guide

    mixed = ("a transpose", "U^T v_c", "U.T @ v_c", r"\mathbf{U}^\top \mathbf{v}_c", "Uᵀv_o", "softmax")
    monkeypatch.setattr(guide, "SPELLINGS", [*SPELLINGS, mixed])
    with pytest.raises(AssertionError, match="is not the formula"):
        guide.answer_guide()


def test_name_rows_give_shapes_in_the_size_names():
    rows = {plain: shape for _, plain, _, shape, _ in name_rows("softmax")}
    assert rows["U"] == "d×\\|V\\|" and rows["v_c"] == "d×1" and rows["yhat_o"] == "scalar"
    assert {plain for _, plain, *_ in name_rows("rong")} == {plain for plain, _ in NAMES["rong"]}
