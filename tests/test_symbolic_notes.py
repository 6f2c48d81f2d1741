"""The checker finds exactly the recorded mistakes in the handwritten notes, and the fixes hold."""

import dataclasses
import re

import pytest

from w2vlib.symbolic import derivations, notes
from w2vlib.symbolic.checker import DerivationError

WRONG = [record for record in notes.NOTES if record.mistake_step is not None]
RIGHT = [record for record in notes.NOTES if record.mistake_step is None]


def _ids(records):
    return [record.name for record in records]


@pytest.mark.parametrize("record", WRONG, ids=_ids(WRONG))
def test_checker_flags_the_recorded_step_as_first_mistake(record):
    derivation = record.student()
    assert derivation.expect_mistake_at(record.mistake_step) is derivation
    assert derivation.first_error.index == record.mistake_step


@pytest.mark.parametrize("record", WRONG, ids=_ids(WRONG))
def test_checker_flags_no_other_step_than_the_recorded_ones(record):
    assert record.wrong_steps() == tuple(sorted((record.mistake_step, *record.also_wrong)))


@pytest.mark.parametrize("record", WRONG, ids=_ids(WRONG))
def test_expecting_the_mistake_elsewhere_fails(record):
    other_step = 1 if record.mistake_step != 1 else 2
    with pytest.raises(DerivationError, match=f"step {record.mistake_step}"):
        record.student().expect_mistake_at(other_step)


@pytest.mark.parametrize("record", WRONG, ids=_ids(WRONG))
def test_error_report_names_step_and_counterexample(record):
    with pytest.raises(DerivationError) as raised:
        record.student().assert_valid()
    message = str(raised.value)
    assert f"step {record.mistake_step}" in message
    point = record.student().first_error.vs_previous.point
    assert point, "a refuted step must come with a counterexample point"
    assert "counterexample:" in message
    assert all(name in message for name in point)


@pytest.mark.parametrize("record", RIGHT, ids=_ids(RIGHT))
def test_correct_parts_of_the_notes_are_valid(record):
    assert record.student().assert_valid().first_error is None
    with pytest.raises(DerivationError, match="found every step correct"):
        record.student().expect_mistake_at(1)


@pytest.mark.parametrize("record", notes.NOTES, ids=_ids(notes.NOTES))
def test_every_corrected_derivation_is_valid(record):
    assert record.corrected.assert_valid().first_error is None


@pytest.mark.parametrize("record", notes.NOTES, ids=_ids(notes.NOTES))
def test_check_passes_and_points_to_a_chapter_and_a_ready_made_derivation(record):
    assert record.check() is record
    assert re.fullmatch(r"ch0[1-6]", record.chapter)
    assert record.ready_made is None or record.ready_made in derivations.ALL


def test_check_fails_when_the_recorded_step_is_wrong():
    record = notes.note("sigmoid_derivative")
    moved = dataclasses.replace(record, mistake_step=3)
    with pytest.raises(DerivationError, match="flagged step 1 first"):
        moved.check()


def test_check_fails_when_a_wrong_part_is_recorded_as_right():
    record = dataclasses.replace(notes.note("negsamp_center"), mistake_step=None)
    with pytest.raises(DerivationError, match="step 2"):
        record.check()


@pytest.mark.parametrize("record", notes.NOTE_LINES, ids=_ids(notes.NOTE_LINES))
def test_notes_line_is_rejected_and_corrected_line_accepted(record):
    result = record.check()
    assert result.expect_mistake() is result
    assert not result.student_correct
    assert result.corrected_correct


@pytest.mark.parametrize("record", [r for r in notes.NOTE_LINES if r.kind.startswith("transpose")],
                         ids=_ids([r for r in notes.NOTE_LINES if r.kind.startswith("transpose")]))
def test_transposed_products_are_reported_with_their_shapes(record):
    result = record.check()
    assert result.student_status == "undefined"
    assert re.search(r"\d×\d.*\d×\d", result.student_message)


def test_row_instead_of_column_is_a_shape_mismatch():
    result = notes.line("rong_hidden_row").check()
    assert result.student_status == "shape"
    assert "3×1" in result.student_message and "1×3" in result.student_message


def test_expect_mistake_fails_when_the_notes_line_is_right():
    record = notes.line("softmax_center_transpose")
    right = dataclasses.replace(record, name="right", student_answer=record.corrected_answer)
    status, _ = right.judge(right.student_answer)
    assert status in ("proved", "numeric")
    with pytest.raises(DerivationError, match="to be rejected"):
        notes.LineCheck(right, status, "", status, "").expect_mistake()


def test_derivation_display_marks_the_wrong_step_and_keeps_the_label():
    text = notes.note("negsamp_center").student(label="eq-test-notes")._repr_markdown_()
    assert text.count(r"\color{red}{\times}") == 1
    assert "$$ (eq-test-notes)" in text
    assert "does not follow" in text


def test_line_display_shows_the_shape_message_in_a_code_span():
    text = notes.line("softmax_center_transpose").check(label="eq-test-line")._repr_markdown_()
    assert "$$ (eq-test-line)" in text
    assert "`cannot multiply a 5×3 matrix (U^T)" in text


def test_line_display_keeps_its_words_out_of_the_math():
    text = notes.line("softmax_center_transpose").check(label="eq-test-line")._repr_markdown_()
    math = text.split("$$")[1]
    assert r"\text" not in math and "notes" not in math
    assert r"{\scriptstyle (1)}" in math and r"{\scriptstyle (2)}" in math
    assert "- (1) as in the notes\n- (2) corrected" in text.split("$$")[2]


def test_derivation_titles_say_whether_they_show_the_notes_or_the_fix():
    record = notes.note("softmax_center")
    assert record.student().title.startswith("Notes, part (b)")
    assert record.corrected.title.startswith("Corrected, part (b)")
    assert notes.note("log_base_rule").corrected.title.startswith("Notes, ")


def test_softmax_notes_use_a_separate_index_for_the_sum_over_words():
    # ∂J/∂u_w: the sum over the vocabulary must not reuse the fixed w (the chapter warns of this).
    text = notes.note("softmax_outside_w").corrected._repr_markdown_()
    assert r"\sum_{w'}" in text and r"\sum_{w}" not in text


def test_every_part_of_the_notes_is_covered():
    references = " ".join(record.source_ref for record in [*notes.NOTES, *notes.NOTE_LINES])
    for part in "abcdefgh":
        assert f"part ({part})" in references
    for equation in ("(24)", "(29)", "(30)", "(32)", "(35)"):
        assert equation in references


def test_unknown_names_raise_value_error_listing_the_known_ones():
    with pytest.raises(ValueError, match="softmax_center"):
        notes.note("no_such_part")
    with pytest.raises(ValueError, match="rong_hidden_row"):
        notes.line("no_such_line")
