"""The printed book (`make pdf`): complete, marked, resolved, self-contained, and the student PDF has no solution.

Reads the PDFs that `make pdf` writes (`make test` builds them when TeX is installed; this file
builds them itself if they are missing) with poppler's ``pdftotext`` and ``pdffonts``. Skipped,
saying why, when TeX is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
BOOK_ROOT = Path(os.environ.get("W2V_BOOK_ROOT", ROOT))
BUILD_DIR = Path(os.environ.get("W2V_BUILD_DIR", ROOT / "_build"))
TEACHER_PDF = BUILD_DIR / "latex" / "w2v-book.pdf"
STUDENT_PDF = BUILD_DIR / "student" / "_build" / "latex" / "w2v-book-student.pdf"
TEACHER_HTML = BUILD_DIR / "html"

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_notebooks import toc_files  # noqa: E402
from test_student_edition import _normal, chapters, solution_lines  # noqa: E402  (the same fingerprints)

TEX_TOOLS = ["xelatex", "latexmk", "pdftotext", "pdffonts"]
MISSING = [tool for tool in TEX_TOOLS if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"TeX is not installed ({', '.join(MISSING)} missing): `make pdf` installs it as root, "
    "or apt-get install texlive-xetex texlive-latex-extra latexmk poppler-utils (see the Makefile)",
)

MARKS = "✓✗"  # ✓ proved (✓* numerically), ✗ wrong, (✗) follows from a wrong line
_DERIVATION = re.compile(r'Derivation\.from_latex\(\s*r"""(.*?)"""', re.S)
_CHECKED_LINE = re.compile(r"&\s*=")  # each displayed line after the left-hand side: "LHS &= …"


@pytest.fixture(scope="session")
def pdfs() -> tuple[Path, Path]:
    if not (TEACHER_PDF.is_file() and STUDENT_PDF.is_file()):
        subprocess.run(["make", "pdf"], cwd=ROOT, check=True)
    return TEACHER_PDF, STUDENT_PDF


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture(scope="session")
def teacher_text(pdfs) -> str:
    return pdf_text(pdfs[0])


@pytest.fixture(scope="session")
def student_text(pdfs) -> str:
    return pdf_text(pdfs[1])


def title_of(name: str) -> str:
    """A page's title: its first ``# `` heading."""
    for line in (BOOK_ROOT / f"{name}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise AssertionError(f"{name}.md has no title")


def plain(text: str) -> str:
    """Text without whitespace, with LaTeX's typographic quotes as typed ones."""
    return _normal(text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"'))


def chapter_texts(text: str, names: list[str]) -> dict[str, str]:
    """The text of each numbered chapter ("N. Title"): from its opening page to the next one's.

    A chapter opens with its title in capitals (the contents and the running heads do not).
    """
    flat = plain(text)
    starts = {}
    for name in names:
        number, _, title = title_of(name).partition(". ")
        if number.isdigit():
            where = flat.find(plain(title).upper())
            assert where != -1, f"the opening of {name} ({title!r}) is not in the PDF"
            starts[name] = where
    ordered = sorted(starts, key=starts.get)
    ends = [starts[name] for name in ordered[1:]] + [len(flat)]
    return {name: flat[starts[name]:end] for name, end in zip(ordered, ends)}


def checked_lines(source: str) -> int:
    """Number of displayed derivation lines (each gets a mark) in a chapter's derivation cells."""
    return sum(len(_CHECKED_LINE.findall(text)) for text in _DERIVATION.findall(source))


def test_every_chapter_title_is_in_both_pdfs(teacher_text, student_text):
    names = toc_files(ROOT / "_toc.yml")
    for text, edition in ((teacher_text, "teacher"), (student_text, "student")):
        flat = plain(text)
        missing = [title_of(name) for name in names if plain(title_of(name)) not in flat]
        assert not missing, f"{edition} PDF lacks the titles {missing}"
    assert len(names) >= 10


def mark_characters_in_html(name: str) -> int | None:
    """✓ and ✗ written as characters (prose, tables, verdicts) on a page of the HTML book."""
    page = TEACHER_HTML / f"{name}.html"
    if not page.is_file():
        return None
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    text = (soup.select_one("main") or soup).get_text()
    return sum(text.count(mark) for mark in MARKS)


def test_every_derivation_line_has_its_mark(teacher_text):
    names = toc_files(ROOT / "_toc.yml")
    lines = sum(checked_lines((BOOK_ROOT / f"{name}.md").read_text(encoding="utf-8")) for name in names)
    marks = sum(teacher_text.count(mark) for mark in MARKS)
    assert lines > 100, "the chapters have fewer derivation lines than expected: nothing was tested"
    assert marks >= lines, f"{marks} check marks in the PDF for {lines} derivation lines"
    # Beyond each line's mark, the PDF prints the marks the HTML book writes as characters
    # (prose, verdict sentences, ch07's table); the HTML's own marks are MathJax, not characters.
    in_text = [mark_characters_in_html(name) for name in names]
    if None not in in_text:
        assert marks <= 1.05 * (lines + sum(in_text)), (
            f"{marks} check marks in the PDF for {lines} derivation lines and {sum(in_text)} marks in the text")


def test_no_unresolved_reference_or_raw_markup(teacher_text, student_text):
    for text, edition in ((teacher_text, "teacher"), (student_text, "student")):
        for raw in ("??", "\\class{", "{eq}", "{ref}", "{cite}", "{numref}", "{doc}", "{math}"):
            where = text.find(raw)
            assert where == -1, f"{edition} PDF has {raw!r}: …{text[max(0, where - 80):where + 80]}…"


def test_references_resolve_to_chapter_numbered_equations(teacher_text):
    numbers = re.findall(r"\((\d+)\.(\d+)\)", teacher_text)  # equation references such as (2.3)
    chapters_with_equations = {int(chapter) for chapter, _ in numbers}
    assert {1, 2, 3, 4}.issubset(chapters_with_equations), sorted(chapters_with_equations)


def test_every_font_is_embedded(pdfs):
    for path in pdfs:
        lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                               text=True).stdout.splitlines()
        assert lines[0].split()[-5:] == ["emb", "sub", "uni", "object", "ID"], lines[0]
        rows = lines[2:]
        assert rows, f"{path.name}: pdffonts lists no font"
        # Columns from the right (a long font name pushes the others): emb sub uni object generation.
        not_embedded = [row for row in rows if row.split()[-5] != "yes"]
        assert not not_embedded, f"{path.name}: fonts not embedded:\n" + "\n".join(not_embedded)


def test_no_solution_line_reaches_the_student_pdf(teacher_text, student_text):
    names = toc_files(ROOT / "_toc.yml")
    teacher_chapters, student_chapters = chapter_texts(teacher_text, names), chapter_texts(student_text, names)
    checked = 0
    for name in chapters():
        source = (BOOK_ROOT / f"{name}.md").read_text(encoding="utf-8")
        blocks = solution_lines(source)
        if not blocks:
            continue
        teacher, student = teacher_chapters[name], student_chapters[name]
        outside = plain(source)
        for block in blocks:
            # As for the student HTML: lines of this solution found nowhere else in the chapter's
            # source and printed verbatim in the teacher PDF's chapter must be absent from the
            # student PDF's chapter.
            distinctive = [
                plain(line) for line in block
                if len(line.strip()) >= 12 and outside.count(plain(line)) == 1 and plain(line) in teacher
            ]
            for line in distinctive:
                assert line not in student, f"{name}: solution line in the student PDF: {line!r}"
            checked += len(distinctive)
    assert checked > 20, f"only {checked} solution lines found in the teacher PDF: nothing was tested"


def test_widgets_and_animations_have_a_still_and_a_note(teacher_text):
    flat = " ".join(teacher_text.split())
    assert "Still picture: the last frame of an animation" in flat
    assert "Still picture of an interactive widget" in flat


def test_the_html_book_links_its_pdf(pdfs):
    page = TEACHER_HTML / "book" / "ch02_softmax_gradients.html"
    if not page.is_file():
        pytest.skip(f"no HTML book in {TEACHER_HTML}")
    html = page.read_text(encoding="utf-8")
    assert 'href="../_downloads/w2v-book.pdf"' in html, "the HTML book has no Book (PDF) download"
    assert (TEACHER_HTML / "_downloads" / "w2v-book.pdf").is_file()


def test_no_character_is_missing_from_the_fonts(pdfs):
    # XeLaTeX only logs a character its font lacks, and prints nothing in its place.
    for path in pdfs:
        log = path.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
        missing = sorted(set(re.findall(r"Missing character: There is no (.+?) in font", log)))
        assert not missing, f"{path.name}: characters missing from the fonts: {missing}"
