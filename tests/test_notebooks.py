"""`make notebooks` output: teacher notebooks run clean, student notebooks fail only in stubs.

tools/make_notebooks.py turns every chapter of _toc.yml into a teacher notebook (stubs
removed, solutions kept) and a student notebook (solutions removed, stubs kept). Both are
executed here from a clean kernel, as a reader would run them: a teacher notebook must run
without an error; in a student notebook only the cells tagged ``student-stub`` may fail, and
only with ``NotImplementedError`` — so no later cell depends on a removed solution.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BOOK_ROOT = Path(os.environ.get("W2V_BOOK_ROOT", ROOT))  # the book whose chapters are run
sys.path.insert(0, str(ROOT / "tools"))
import make_notebooks  # noqa: E402

CELL_TIMEOUT = 600  # seconds, as in _config.yml


def chapter_names() -> list[str]:
    names = []
    for name in make_notebooks.toc_files(BOOK_ROOT / "_toc.yml"):
        try:
            source = make_notebooks.find_source(BOOK_ROOT, name)
        except FileNotFoundError:
            names.append(Path(name).name)  # fails below with make_notebooks' clear message
            continue
        if make_notebooks.is_notebook(source):
            names.append(Path(name).name)
    return names


def execute(path: str, allow_errors: bool) -> dict:
    """Run a notebook in a fresh kernel (cwd: book/, like the book build); return it as a dict."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=allow_errors,
        resources={"metadata": {"path": str(BOOK_ROOT / "book")}},
    )
    try:
        client.execute()
    except Exception as error:  # noqa: BLE001 - reported by the test, with the cell
        return {"error": f"{type(error).__name__}: {error}"[-4000:]}
    return {"notebook": notebook}


@pytest.fixture(scope="session")
def executed(tmp_path_factory):
    """Make and execute every teacher and student notebook, two kernels at a time."""
    out = tmp_path_factory.mktemp("notebooks")
    written = make_notebooks.make_notebooks(BOOK_ROOT, out)
    jobs = {}
    with ProcessPoolExecutor(max_workers=2) as pool:
        for teacher, student in written:
            jobs[("teacher", teacher.stem)] = pool.submit(execute, str(teacher), False)
            jobs[("student", student.stem)] = pool.submit(execute, str(student), True)
        return {key: job.result() for key, job in jobs.items()}


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("chapter", chapter_names())
def test_teacher_notebook_runs_without_error(executed, chapter):
    result = executed[("teacher", chapter)]
    assert "error" not in result, result.get("error")


@pytest.mark.parametrize("chapter", chapter_names())
def test_student_notebook_fails_only_in_stubs_with_not_implemented(executed, chapter):
    result = executed[("student", chapter)]
    assert "error" not in result, result.get("error")
    problems = []
    for index, cell in enumerate(result["notebook"].cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") != "error":
                continue
            if "student-stub" not in _tags(cell) or output.get("ename") != "NotImplementedError":
                problems.append(f"cell {index} ({_tags(cell)}): {output.get('ename')}: "
                                f"{output.get('evalue')}\n{cell.source[:300]}")
    assert not problems, "\n\n".join(problems)


# --- The notebook transformation itself, on a small synthetic chapter ---------------------

def _chapter() -> nbformat.NotebookNode:
    markdown, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    return nbformat.v4.new_notebook(cells=[
        markdown("# 1. Title\n\n```{exercise-start}\n:label: ch01_ex1\n```\nWrite f."),
        code('raise NotImplementedError("Student exercise: write f")',
             metadata={"tags": ["student-stub", "skip-execution"]}),
        markdown("```{exercise-end}\n```\n\n```{solution-start} ch01_ex1\n:class: dropdown\n```\n"
                 "The secret solution prose."),
        code("def f():\n    return 42", metadata={"tags": ["hide-input"]}),
        markdown("```{solution-end}\n```\n\nText after the solution.\n\n"
                 "````{solution} ch01_ex2\nA plain solution.\n```python\nx = 1\n```\n````\nThe end."),
    ])


def test_student_notebook_drops_solutions_and_keeps_runnable_stubs():
    student = make_notebooks.student_notebook(_chapter())
    text = "\n".join(cell.source for cell in student.cells)
    assert "secret solution" not in text and "return 42" not in text
    assert "A plain solution" not in text and "x = 1" not in text
    assert "Text after the solution." in text and "The end." in text
    assert "{exercise-end}" in text and "solution-end" not in text
    stubs = [cell for cell in student.cells if "student-stub" in _tags(cell)]
    assert len(stubs) == 1 and "skip-execution" not in _tags(stubs[0])


def test_teacher_notebook_drops_stubs_and_keeps_solutions():
    teacher = make_notebooks.teacher_notebook(_chapter())
    text = "\n".join(cell.source for cell in teacher.cells)
    assert "NotImplementedError" not in text
    assert "return 42" in text and "secret solution" in text


def test_unclosed_solution_is_an_error():
    chapter = _chapter()
    chapter.cells = chapter.cells[:4]  # cut before {solution-end}
    with pytest.raises(ValueError, match="never closed"):
        make_notebooks.student_notebook(chapter)
