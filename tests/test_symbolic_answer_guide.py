"""answer_guide: the page "How to write answers" is generated from the contexts and every example on it is accepted."""

from w2vlib.symbolic.answer_guide import NAMES, SPELLINGS, answer_guide, name_rows
from w2vlib.symbolic.answers import QUESTIONS


def test_the_guide_lists_every_question_every_context_and_the_sizes_checked():
    markdown = answer_guide().markdown
    assert all(f"`{question_id}`" in markdown for question_id in QUESTIONS)
    assert "Every answer is checked at: |V| = 5, d = 3, m = 2; |V| = 6, d = 2, m = 3." in markdown
    assert "| plain | code | LaTeX | unicode |" in markdown and "## What the marks mean" in markdown


def test_every_spelling_example_has_four_spellings_of_one_question():
    assert all(len(row) == 6 and row[5] in QUESTIONS for row in SPELLINGS)


def test_name_rows_give_shapes_in_the_size_names():
    rows = {plain: shape for _, plain, _, shape, _ in name_rows("softmax")}
    assert rows["U"] == "d×\\|V\\|" and rows["v_c"] == "d×1" and rows["yhat_o"] == "scalar"
    assert {plain for _, plain, *_ in name_rows("rong")} == {plain for plain, _ in NAMES["rong"]}
