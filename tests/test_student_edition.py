"""The student edition hides every solution and keeps every exercise stub.

Uses the student edition that `make test` builds (via `make student`) before pytest, in
``_build/student/_build/html``, and the teacher edition in ``_build/html`` as the control:
a line taken from a solution must be on the teacher page (so the check means something)
and absent from the student page. Beyond the pages, every file of the student build (the
downloads in ``_sources/``, the search index, scripts, archives, the student PDF if
``make pdf`` made it) and the student notebooks are searched for every distinctive solution line.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jupytext
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
BOOK_ROOT = Path(os.environ.get("W2V_BOOK_ROOT", ROOT))  # the sources the editions were built from
BUILD_DIR = Path(os.environ.get("W2V_BUILD_DIR", ROOT / "_build"))
TEACHER_HTML = BUILD_DIR / "html"
STUDENT_HTML = BUILD_DIR / "student" / "_build" / "html"
STUDENT_BUILD = BUILD_DIR / "student" / "_build"  # html/, latex/ (make pdf), jupyter_execute/

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


# --- Every file of the student build --------------------------------------------------------------

# Files that cannot hold a line of text (images, fonts, compiled code, message catalogs, pickles).
_BINARY = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".eot", ".otf", ".wasm",
           ".mo", ".pickle", ".doctree", ".pyc", ".inv"}
_ARCHIVES = {".zip", ".whl"}
_MIN_LENGTH = 12  # characters (without spaces) that make a line distinctive


def student_source(text: str) -> str:
    """A MyST page with every solution removed (the rule make_notebooks applies)."""
    return "\n".join(make_notebooks._SolutionRemover().filter_lines(text.splitlines()))


def distinctive_solution_lines() -> list[tuple[str, str]]:
    """(chapter, line) for each solution line that no page shows outside a solution.

    A line counts when it has at least ``_MIN_LENGTH`` characters without spaces and its text
    (spaces removed) is in no page of the book once the solutions are removed, nor in the code
    the book ships (w2vlib, tools: ``except ValueError as error:`` is in the answer box's
    worker): then finding it anywhere in the student edition means that a solution leaked.
    """
    pages = [make_notebooks.find_source(BOOK_ROOT, name) for name in make_notebooks.toc_files(ROOT / "_toc.yml")]
    code = [path for folder in ("w2vlib", "tools") for pattern in ("*.py", "*.js")
            for path in (ROOT / folder).rglob(pattern)]
    shown = "\n".join([_normal(student_source(page.read_text(encoding="utf-8"))) for page in pages]
                      + [_normal(path.read_text(encoding="utf-8")) for path in code])
    found = {}
    for name in chapters():
        for block in solution_lines((BOOK_ROOT / f"{name}.md").read_text(encoding="utf-8")):
            for line in block:
                key = _normal(line)
                if len(key) >= _MIN_LENGTH and key not in shown:
                    found.setdefault(key, (name, line.strip()))
    return list(found.values())


def _spellings(line: str) -> set[str]:
    """The line as it can appear in a file: as written, JSON-escaped (.ipynb, .js, .json), HTML-escaped."""
    return {_normal(text) for text in (line, json.dumps(line)[1:-1], json.dumps(line, ensure_ascii=False)[1:-1],
                                       html.escape(line), html.escape(line, quote=False))}


def _views(path: Path, data: bytes, where: str):
    """(where, normalised text) of a file: its text, and for HTML also its visible text."""
    text = data.decode("utf-8", errors="replace")
    yield where, _normal(text)
    if path.suffix == ".html":
        yield f"{where} (visible text)", _normal(BeautifulSoup(text, "html.parser").get_text(""))


def file_texts(folder: Path):
    """(where, normalised text) for every file under ``folder``, archive members and PDFs included."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        where = (path.relative_to(BUILD_DIR) if path.is_relative_to(BUILD_DIR) else path.relative_to(folder)).as_posix()
        suffix = path.suffix.lower()
        if suffix in _BINARY:
            continue
        if suffix in _ARCHIVES and zipfile.is_zipfile(path):  # (the checker's scrambled zip is searched as served)
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    if not member.endswith("/") and Path(member).suffix.lower() not in _BINARY:
                        yield from _views(Path(member), archive.read(member), f"{where}:{member}")
        elif suffix == ".pdf":
            if shutil.which("pdftotext"):
                text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                                      capture_output=True).stdout
                yield f"{where} (pdftotext)", _normal(text.decode("utf-8", errors="replace"))
        else:
            yield from _views(path, path.read_bytes(), where)


def find_lines(lines: list[tuple[str, str]], texts) -> dict[str, list[str]]:
    """For each line (by its text) the files in which it appears."""
    spellings = [(line, _spellings(line)) for _, line in lines]
    hits: dict[str, list[str]] = {}
    for where, text in texts:
        for line, forms in spellings:
            if any(form in text for form in forms):
                hits.setdefault(line, []).append(where)
    return hits


def _report(kind: str, lines, hits) -> str:
    shown = "\n".join(f"  {line[:70]!r} in {', '.join(places[:3])}{' …' if len(places) > 3 else ''}"
                      for line, places in list(hits.items())[:25])
    return f"{kind}: {len(hits)} of {len(lines)} distinctive solution lines found\n{shown}"


@pytest.fixture(scope="session")
def solution_fingerprints() -> list[tuple[str, str]]:
    lines = distinctive_solution_lines()
    assert len(lines) > 50, f"only {len(lines)} distinctive solution lines: the fingerprinting broke"
    return lines


@pytest.fixture(scope="session")
def notebooks(tmp_path_factory) -> Path:
    """Teacher and student notebooks, as `make notebooks` writes them."""
    out = tmp_path_factory.mktemp("notebooks")
    make_notebooks.make_notebooks(BOOK_ROOT, out)
    return out


def test_no_solution_line_is_in_any_file_of_the_student_edition(editions, solution_fingerprints, capsys):
    """html/ (pages, _sources/ downloads, search index, scripts, archives), latex/ and its PDF, jupyter_execute/."""
    hits = find_lines(solution_fingerprints, file_texts(STUDENT_BUILD))
    with capsys.disabled():
        print("\n" + _report(f"student build ({STUDENT_BUILD})", solution_fingerprints, hits))
    assert not hits, _report("solution lines in the student edition", solution_fingerprints, hits)


def test_no_solution_line_is_in_a_student_notebook(notebooks, solution_fingerprints, capsys):
    hits = find_lines(solution_fingerprints, file_texts(notebooks / "student"))
    with capsys.disabled():
        print("\n" + _report("student notebooks", solution_fingerprints, hits))
    assert not hits, _report("solution lines in the student notebooks", solution_fingerprints, hits)


def test_the_teacher_book_and_notebooks_keep_every_solution(editions, notebooks, solution_fingerprints):
    """The control: the same search finds every line in the teacher's sources, and code lines in its notebooks."""
    teacher, _ = editions
    in_sources = find_lines(solution_fingerprints, file_texts(teacher / "_sources"))
    missing = [line for _, line in solution_fingerprints if line not in in_sources]
    assert not missing, f"{len(missing)} solution lines are not in the teacher's _sources, e.g. {missing[:3]}"
    in_notebooks = find_lines(solution_fingerprints, file_texts(notebooks / "teacher"))
    assert len(in_notebooks) > len(solution_fingerprints) // 2, _report("teacher notebooks", solution_fingerprints,
                                                                      in_notebooks)


# --- Accepted answers in the student edition ------------------------------------------------------

_MATH_WRAPPERS = re.compile(r"^\\[(\[]|\\[)\]]$")
_DOLLARS = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.S)
_STRING = re.compile(r"""r?"((?:[^"\\\n]|\\.)*)"|r?'((?:[^'\\\n]|\\.)*)'""")
# Marks, reasons and spacing of a displayed line that are not part of its formula.
_DECORATIONS = [
    (re.compile(r"\\class\{[^{}]*\}\{\\color\{[^{}]*\}\{\\[a-z]+\}\}"), ""),    # the ✓ ✗ marks
    (re.compile(r"\\scriptstyle\s*\(\d+\)"), ""),                                 # step numbers
    (re.compile(r"\\(?:begin|end)\{(?:aligned|split|align\*?|equation\*?)\}"), ""),
    (re.compile(r"\\overset\{\\text\{def\}\}\{=\}"), "="),
    (re.compile(r"\\(?:qquad|quad|;|,|!|:)"), " "),
]


def _strip_text_groups(latex: str) -> tuple[str, list[str]]:
    r"""``latex`` without its ``\text{…}`` groups (reasons), and the ``$…$`` math inside them."""
    out, inner, position = [], [], 0
    for match in re.finditer(r"\\(?:text|textrm|mathrm\{\\text)\{", latex):
        if match.start() < position:
            continue
        depth, end = 1, match.end()
        while end < len(latex) and depth:
            depth += {"{": 1, "}": -1}.get(latex[end], 0)
            end += 1
        out.append(latex[position:match.start()])
        inner += [a or b for a, b in _DOLLARS.findall(latex[match.end():end - 1])]
        position = end
    out.append(latex[position:])
    return " ".join(out), inner


def _top_level_parts(text: str, separators: re.Pattern) -> list[str]:
    """``text`` split at the separators that are outside every bracket."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif depth == 0:
            match = separators.match(text, i)
            if match and i >= start:
                parts.append(text[start:i])
                start = match.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


_LINE_BREAK = re.compile(r"\\\\")
_RELATION = re.compile(r"&?\s*(?:=|\\approx|\\equiv|\\le(?:q)?\b|\\ge(?:q)?\b)\s*&?|&")


def math_pieces(latex: str) -> set[str]:
    """Every formula a reader can copy from a math snippet: the whole, each line, each side of each =."""
    latex = latex.strip()
    latex = _MATH_WRAPPERS.sub("", latex[:2]) + latex[2:-2] + _MATH_WRAPPERS.sub("", latex[-2:]) \
        if len(latex) >= 4 else latex
    for pattern, replacement in _DECORATIONS:
        latex = pattern.sub(replacement, latex)
    latex, inner = _strip_text_groups(latex)
    pieces = {latex.strip(), *inner}
    for line in _top_level_parts(latex, _LINE_BREAK) + inner:
        pieces.add(line)
        pieces.update(_top_level_parts(line, _RELATION))
    return {piece.strip(" ,.;") for piece in pieces if piece.strip(" ,.;")}


def code_pieces(code: str) -> set[str]:
    """Every answer a reader can copy from code: each line (comments dropped), each side of =, each string."""
    pieces = set()
    for line in code.splitlines():
        strings = [a or b for a, b in _STRING.findall(line)]
        line = re.sub(r"\s#.*$", "", line).strip()
        pieces.update([line, *strings, *_top_level_parts(line, re.compile(r"(?<![=!<>])=(?!=)"))])
    return {piece.strip() for piece in pieces if piece.strip()}


def student_pages() -> list[Path]:
    return [path for path in sorted(STUDENT_HTML.rglob("*.html"))
            if path.relative_to(STUDENT_HTML).parts[0] not in ("_static", "_sources")
            and path.name not in ("genindex.html", "search.html")]


def page_snippets(path: Path) -> set[str]:
    """Every math snippet and code span of a built page, cut into the formulas a reader could copy."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for number in soup.select(".eqno, .headerlink, script, style"):
        number.decompose()
    snippets = set()
    for element in soup.select(".math"):
        snippets |= math_pieces(element.get_text())
    for element in soup.select("code, pre"):
        snippets |= code_pieces(element.get_text())
    for a, b in _DOLLARS.findall(soup.get_text("\n")):   # math that no renderer marked up
        snippets |= math_pieces(a or b)
    return snippets


class NumericFilter:
    """A cheap first test: a snippet's float value at one generated configuration of each question.

    Each snippet is read once; it is evaluated once per (configuration, aliases) shared by
    questions, and only a snippet whose value agrees with a question's expected value there is
    handed to ``check_answer``, which stays the judge.
    """

    def __init__(self, questions):
        from w2vlib.symbolic import answers, numeric

        self.answers, self.numeric = answers, numeric
        self.groups = {}
        for question in questions.values():
            # The first generated configuration (or else fixed one) where the expected value is a float.
            fixed = zip(answers.configurations(question.context), answers._expected(question.id))
            chosen = next(((configuration, floats) for configuration, truth in
                           [*answers._generated_by_id(question.id), *fixed]
                           for floats in [self._floats(truth, configuration)] if floats is not None), None)
            assert chosen is not None, f"{question.id}: its expected value has no float value anywhere"
            configuration, floats = chosen
            key = (id(configuration), tuple(sorted(question.aliases.items())))
            group = self.groups.setdefault(key, (configuration, question.aliases, []))
            group[2].append((question.id, floats))

    def _floats(self, value, configuration):
        if value is self.answers.ZERO:
            return None
        try:
            return self.numeric.matrix_value(value, configuration.consistent_point)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None

    def candidates(self, text: str) -> list[str]:
        """The questions at whose configuration ``text`` has the expected value."""
        from w2vlib.symbolic.notation import NotationError, ShapeError

        try:
            tree = self.answers.read_answer(text).tree
        except (NotationError, RecursionError, ValueError):
            return []
        found = []
        for configuration, aliases, members in self.groups.values():
            try:
                value = self.answers._value(self.answers._apply_aliases(tree, aliases), configuration)
            except (NotationError, ShapeError, TypeError, ValueError, ZeroDivisionError, OverflowError,
                    AttributeError, RecursionError):
                continue
            floats = None if value is self.answers.ZERO else self._floats(value, configuration)
            for question_id, truth in members:
                value_floats = tuple(0j for _ in truth) if value is self.answers.ZERO else floats
                if value_floats is not None and self.numeric.agree(value_floats, truth):
                    found.append(question_id)
        return found


def test_at_most_a_third_of_the_questions_have_an_accepted_answer_in_the_student_edition(editions, capsys):
    """Every math snippet and code span of the student pages, handed to check_answer for every question."""
    from w2vlib.symbolic import QUESTIONS, check_answer

    snippets = {}
    for page in student_pages():
        for snippet in page_snippets(page):
            snippets.setdefault(snippet, page.relative_to(STUDENT_HTML).as_posix())
    assert len(snippets) > 500, f"only {len(snippets)} snippets in the student pages: the extraction broke"
    numeric = NumericFilter(QUESTIONS)
    answered: dict[str, list[str]] = {}
    candidates = 0
    for snippet, page in snippets.items():
        for question_id in numeric.candidates(snippet):
            candidates += 1
            if check_answer(question_id, snippet).correct:
                answered.setdefault(question_id, []).append(f"{snippet[:60]!r} ({page})")
    report = "\n".join(f"  {question_id}: {', '.join(where[:2])}" for question_id, where in answered.items())
    summary = (f"{len(answered)} of {len(QUESTIONS)} questions have an accepted answer in the student edition "
               f"({len(snippets)} snippets, {candidates} numeric candidates)")
    with capsys.disabled():
        print(f"\n{summary}\n{report}")
    assert len(answered) * 3 <= len(QUESTIONS), f"{summary}; at most a third may:\n{report}"


def test_the_student_edition_links_neither_the_repository_nor_binder(editions):
    """The repository holds the solutions: the teacher book links it (and Binder opens it), the student
    edition does neither."""
    teacher, student = editions
    page = chapters()[1]
    teacher_links = [a.get("href", "") for a in BeautifulSoup((teacher / f"{page}.html").read_text(encoding="utf-8"),
                                                              "html.parser").find_all("a")]
    student_links = [a.get("href", "") for a in BeautifulSoup((student / f"{page}.html").read_text(encoding="utf-8"),
                                                              "html.parser").find_all("a")]
    assert any("github.com" in link for link in teacher_links) and any("mybinder" in link for link in teacher_links)
    assert not any("github.com" in link or "mybinder" in link for link in student_links), \
        [link for link in student_links if "github.com" in link or "mybinder" in link]
