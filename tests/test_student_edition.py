"""The student edition hides every solution and keeps every exercise stub.

Uses the student edition that `make test` builds (via `make student`) before pytest, in
``_build/student/_build/html``, and the teacher edition in ``_build/html`` as the control:
a line taken from a solution must be on the teacher page (so the check means something)
and absent from the student page.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import jupytext
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
BOOK_ROOT = Path(os.environ.get("W2V_BOOK_ROOT", ROOT))  # the sources the editions were built from
BUILD_DIR = Path(os.environ.get("W2V_BUILD_DIR", ROOT / "_build"))
TEACHER_HTML = BUILD_DIR / "html"
STUDENT_HTML = BUILD_DIR / "student" / "_build" / "html"

sys.path.insert(0, str(ROOT / "tools"))
import make_notebooks  # noqa: E402

_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})")
_OPTION = re.compile(r"^\s*:[\w-]+:")


def _normal(text: str) -> str:
    """Text without any whitespace: highlighted code splits tokens into spans."""
    return "".join(text.split())


def _text(html_path: Path) -> str:
    """A page's visible text, normalised like the lines looked up in it."""
    return _normal(BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser").get_text(""))


def solution_lines(source: str) -> list[list[str]]:
    """The lines of each solution block of a MyST chapter, without fences and options."""
    remover = make_notebooks._SolutionRemover()  # the rule make_notebooks applies
    blocks, current = [], []
    for line in source.splitlines():
        dropped = not remover.filter_lines([line])  # dropped lines belong to a solution
        if dropped and line.strip() and not _FENCE.match(line) and not _OPTION.match(line):
            current.append(line)
        if dropped and not remover.inside:  # this line closed the solution
            blocks.append(current)
            current = []
    return blocks


def chapters() -> list[str]:
    names = []
    for name in make_notebooks.toc_files(ROOT / "_toc.yml"):
        path = BOOK_ROOT / f"{name}.md"
        if path.is_file() and make_notebooks.is_notebook(path):
            names.append(name)
    return names


@pytest.fixture(scope="session")
def editions() -> tuple[Path, Path]:
    for folder, target in ((TEACHER_HTML, "make book"), (STUDENT_HTML, "make student")):
        if not (folder / "index.html").is_file():
            pytest.fail(f"no built edition in {folder}: run `make test` (or `{target}`) first")
    return TEACHER_HTML, STUDENT_HTML


def test_student_edition_has_no_solution_elements(editions):
    teacher, student = editions
    solutions_in_teacher = 0
    for name in chapters():
        soup = BeautifulSoup((student / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
        assert not soup.select(".solution"), f"{name}: a solution element is in the student edition"
        teacher_soup = BeautifulSoup((teacher / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
        solutions_in_teacher += len(teacher_soup.select("div.solution"))
    assert solutions_in_teacher > 0, "the teacher edition has no solution at all: nothing was tested"


def test_no_solution_line_reaches_the_student_edition(editions):
    teacher, student = editions
    checked = 0
    for name in chapters():
        source = (BOOK_ROOT / f"{name}.md").read_text(encoding="utf-8")
        teacher_text, student_text = _text(teacher / f"{name}.html"), _text(student / f"{name}.html")
        outside = _normal(source)
        for block in solution_lines(source):
            # Lines of this solution that appear nowhere else in the chapter and that the
            # teacher page shows verbatim (code, plain prose): they must be gone for students.
            distinctive = [
                _normal(line) for line in block
                if len(line.strip()) >= 12 and outside.count(_normal(line)) == 1
                and _normal(line) in teacher_text
            ]
            for line in distinctive:
                assert line not in student_text, f"{name}: solution line in the student edition: {line!r}"
            checked += bool(distinctive)
    assert checked > 0, "no solution line could be located in the teacher edition: nothing was tested"


def test_exercise_stubs_are_in_the_student_edition(editions):
    _, student = editions
    stubs = 0
    for name in chapters():
        notebook = jupytext.read(BOOK_ROOT / f"{name}.md")
        student_text = _text(student / f"{name}.html")
        for cell in notebook.cells:
            if "student-stub" in cell.get("metadata", {}).get("tags", []):
                longest = max(cell.source.splitlines(), key=len)
                assert _normal(longest) in student_text, f"{name}: stub missing: {longest!r}"
                stubs += 1
        if any("student-stub" in cell.get("metadata", {}).get("tags", []) for cell in notebook.cells):
            soup = BeautifulSoup((student / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
            assert soup.select("div.exercise"), f"{name}: has stubs but no exercise admonition"
    assert stubs > 0, "no exercise stub found in any chapter"
