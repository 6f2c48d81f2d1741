r"""Making a displayed line of a chapter's derivation wrong makes the chapter fail, naming the line.

For every ``Derivation.from_latex`` call in chapters 1–6 (found by
``tools/derivation_report.find_derivations``, as the build finds them), one displayed line of
the chapter's ``.md`` is mutated — its sign flipped (``-\bigl(…\bigr)``), a factor 2 or a
transpose inserted — and the chapter's own check (``assert_valid`` or
``expect_mistake_at``) must fail with a message that names that line's step number. A line
that is 0 cannot be made wrong by a sign or a factor; it gets a non-zero term instead. One
test runs chapter 2 as a notebook with ŷ − y turned into y − ŷ and expects the cell to fail.
"""

import re
import sys
from pathlib import Path

import jupytext
import pytest
import sympy
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from w2vlib.symbolic import DerivationError
from w2vlib.symbolic.configurations import configurations
from w2vlib.symbolic.notation import NotationError, ShapeError, evaluate, read_latex, split_aligned
from w2vlib.symbolic.notation.evaluate import ZERO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from derivation_report import check, find_derivations  # noqa: E402

CHAPTERS = sorted((ROOT / "book").glob("ch0[1-6]_*.md"))
FOUND = [(path, number, found) for path in CHAPTERS for number, found in enumerate(find_derivations(path))]


def derivation_id(path, number, found):
    """``ch02-eq-ch02-grad-center`` (or ``ch02-line275`` for an unlabelled derivation)."""
    return f"{path.stem.split('_')[0]}-{found.keywords.get('label') or f'line{found.line}'}"


def mutation_plan():
    """(path, number, found, kind, line): a sign flip of the last line, a factor 2 in the middle line,
    a transpose of the first line where it changes the shape; before a recorded mistake, a sign flip
    of every line (so that the flagged line moves)."""
    plan = []
    for path, number, found in FOUND:
        lines = len(split_aligned(found.text))
        wanted = [("sign", lines), ("factor", (lines + 1) // 2), ("transpose", None)]
        if found.expects_mistake:
            wanted += [("sign", line) for line in range(1, min(found.expects_mistake))]
        for kind, line in dict.fromkeys(wanted):
            plan.append(pytest.param(path, number, found, kind, line,
                                     id=f"{derivation_id(path, number, found)}-{kind}-{line or 'first'}"))
    return plan


# ----------------------------------------------------------------------------- helpers


def _values(text, context):
    tree = read_latex(text)
    return [evaluate(tree, config) for config in configurations(context)]


def _shape(value):
    if value is ZERO:
        return None
    return value.shape if isinstance(value, sympy.MatrixBase) else ()


def _is_zero(value):
    if value is ZERO:
        return True
    if isinstance(value, sympy.MatrixBase):
        return value.is_zero_matrix is True
    return value == 0


_NONZERO_TERMS = [r"1", r"\mathbf{v}_c", r"\mathbf{U}", r"\hat{\mathbf{y}}", r"\mathbf{h}", r"\mathbf{W}'"]


def _nonzero_term(found, rows):
    """A non-zero term of the derivation's shape (that of its left-hand side) in its context."""
    shapes = [_shape(value) for value in _values(rows[0].lhs, found.context)]
    for term in _NONZERO_TERMS:
        try:
            values = _values(term, found.context)
        except NotationError:
            continue
        if [_shape(value) for value in values] == shapes:
            return term
    raise AssertionError(f"no non-zero term of shape {shapes} in the {found.context} context")


def _mutated_line(kind, rhs, found, rows):
    """The mutated right-hand side, or None where this kind of mutation cannot make the line wrong."""
    values = _values(rhs, found.context)
    if kind == "transpose":
        transposed = rf"\bigl({rhs}\bigr)^\top"
        try:
            changes = [_shape(a) not in (None, ()) and _shape(a) != _shape(b)
                       for a, b in zip(values, _values(transposed, found.context))]
        except ShapeError:   # e.g. a column per free index j turned into a row: certainly wrong
            return transposed
        return transposed if any(changes) else None
    if all(_is_zero(value) for value in values):
        return rf"\bigl({rhs}\bigr) + {_nonzero_term(found, rows)}"
    return (rf"-\bigl({rhs}\bigr)" if kind == "sign" else rf"2\bigl({rhs}\bigr)")


def _mutated_chapter(path, found, rows, line, mutated_rhs, tmp_path):
    """The chapter's source with one displayed line replaced, written to ``tmp_path``."""
    source = path.read_text(encoding="utf-8")
    row = rows[line - 1]
    start = found.text_start + row.rhs_offset
    assert source[start:start + len(row.rhs)] == row.rhs
    target = tmp_path / path.name
    target.write_text(source[:start] + mutated_rhs + source[start + len(row.rhs):], encoding="utf-8")
    return target


# ----------------------------------------------------------------------------- tests


@pytest.mark.parametrize("path", CHAPTERS, ids=[path.stem for path in CHAPTERS])
def test_every_derivation_chapter_displays_derivations_read_from_its_text(path):
    found = find_derivations(path)
    assert found, f"{path.name} has no Derivation.from_latex call"
    source = path.read_text(encoding="utf-8")
    for item in found:
        assert source[item.text_start:item.text_start + len(item.text)] == item.text


@pytest.mark.parametrize("path, number, found", FOUND, ids=[derivation_id(*item) for item in FOUND])
def test_every_displayed_derivation_checks_as_its_chapter_does(path, number, found):
    derivation = check(found)
    if found.expects_mistake:
        assert [r.index for r in derivation.verify() if r.is_error][:1] == [min(found.expects_mistake)]
    else:
        assert not any(result.is_error for result in derivation.verify())


@pytest.mark.parametrize("path, number, found, kind, line", mutation_plan())
def test_a_wrong_line_fails_the_chapter_check_and_is_named(path, number, found, kind, line, tmp_path):
    rows = split_aligned(found.text)
    if line is None:   # the first line that a transpose makes wrong
        candidates = [(index, _mutated_line(kind, row.rhs, found, rows)) for index, row in enumerate(rows, 1)]
        candidates = [(index, text) for index, text in candidates if text is not None]
        if not candidates:
            pytest.skip("every line is a scalar (or a component): a transpose changes nothing")
        line, mutated_rhs = candidates[0]
    else:
        mutated_rhs = _mutated_line(kind, rows[line - 1].rhs, found, rows)
    chapter = _mutated_chapter(path, found, rows, line, mutated_rhs, tmp_path)
    mutated = find_derivations(chapter)[number]
    assert mutated_rhs in mutated.text

    recorded = min(found.expects_mistake) if found.expects_mistake else None
    if recorded is None or line < recorded:
        with pytest.raises(DerivationError) as error:
            check(mutated)
        message = str(error.value)
        if recorded is None:
            assert message.startswith(f"step {line} "), message
            assert f"step {line}: {mutated_rhs}" in message, message
        else:   # the flagged line moves to the mutated one
            assert f"flagged step {line} first" in message or f"flagged [{line}" in message, message
        return
    # at or after a recorded mistake: the check fails, or it still finds the recorded mistake first
    # and the mutated line is itself marked wrong (✗), no longer "follows from a wrong step"
    try:
        derivation = check(mutated)
    except DerivationError as error:
        assert re.search(rf"\bstep {line}\b", str(error)), str(error)
    else:
        assert derivation.verify()[line].is_error


CHAPTER_2 = ROOT / "book" / "ch02_softmax_gradients.md"
RIGHT, WRONG = r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})", r"\mathbf{U}(\mathbf{y} - \hat{\mathbf{y}})"


def test_chapter_2_run_as_a_notebook_fails_at_the_cell_whose_displayed_line_is_wrong(tmp_path):
    source = CHAPTER_2.read_text(encoding="utf-8")
    first = find_derivations(CHAPTER_2)[0]
    assert RIGHT in first.text
    start, end = first.text_start, first.text_start + len(first.text)
    mutated = source[:start] + first.text.replace(RIGHT, WRONG) + source[end:]
    (tmp_path / CHAPTER_2.name).write_text(mutated, encoding="utf-8")
    notebook = jupytext.read(tmp_path / CHAPTER_2.name)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}})
    with pytest.raises(CellExecutionError) as error:
        client.execute()
    message = str(error.value)
    assert "does not follow" in message and "DerivationError" in message
    last = len(split_aligned(first.text))
    assert f"step {last}" in message and WRONG in message
