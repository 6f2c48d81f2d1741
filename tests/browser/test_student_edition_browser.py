"""The student edition in the browser: every exercise and stub is there, no solution is.

The student edition (`make student`, _build/student/_build/html) is served like the book and
every page of the table of contents is visited once. The teacher edition's HTML is the
control: its solutions give the texts that must not appear on the student page, and its
exercise and stub counts are the ones the student page must have.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Error as PlaywrightError

from . import _support
from ._support import HTML_DIR, NAVIGATION_TIMEOUT_MS, RequestRecorder, open_page, solution_texts, squash

PAGES = _support.toc_pages()

# Live DOM counts (after every script ran) and the page's text.
STUDENT_DOM_JS = """
() => ({
  solutions: document.querySelectorAll(".solution, [id*='-solution-']").length,
  exercises: document.querySelectorAll(".exercise").length,
  stubs: document.querySelectorAll(".tag_student-stub").length,
  untypeset: Array.from(document.querySelectorAll("span.math, div.math"))
    .filter((el) => !el.querySelector("mjx-container")).length,
  text: document.body.textContent,
})
"""


@dataclass
class StudentVisit:
    docname: str
    url: str
    status: int | None = None
    error: str | None = None
    recorder: RequestRecorder | None = None
    raw_text: str = ""  # squashed text of the HTML as served
    dom: dict = field(default_factory=dict)


@pytest.fixture(scope="session")
def student_visits(w2v_browser, student_url) -> dict[str, StudentVisit]:
    context = w2v_browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(NAVIGATION_TIMEOUT_MS)
    visits = {}
    try:
        for docname in PAGES:
            visit = StudentVisit(docname=docname, url=f"{student_url}{docname}.html")
            page = context.new_page()
            visit.recorder = RequestRecorder(student_url.rstrip("/")).attach(page)
            try:
                response, _ = open_page(page, visit.url)
                visit.status = response.status if response else None
                html = response.text() if response else ""
                visit.raw_text = squash(BeautifulSoup(html, "html.parser").get_text(""))
                visit.dom = page.evaluate(STUDENT_DOM_JS)
            except PlaywrightError as error:
                visit.error = str(error).splitlines()[0]
            finally:
                page.close()
            visits[docname] = visit
    finally:
        context.close()
    return visits


@pytest.fixture(params=PAGES)
def docname(request):
    return request.param


@pytest.fixture
def student(docname, student_visits) -> StudentVisit:
    visit = student_visits[docname]
    if visit.error:
        pytest.fail(f"{visit.url}: the visit failed: {visit.error}")
    assert visit.status == 200, f"{visit.url} answered HTTP {visit.status}"
    return visit


@pytest.fixture
def teacher(docname) -> str:
    """The teacher edition's HTML of the same page."""
    path = _support.page_file(HTML_DIR, docname)
    assert path.is_file(), f"the teacher edition has no {path}"
    return path.read_text(encoding="utf-8")


def test_student_page_loads_offline_without_errors(student):
    problems = student.recorder.problems()
    assert not problems, f"{student.url}:\n  " + "\n  ".join(problems)
    untypeset = student.dom["untypeset"]
    assert untypeset == 0, f"{student.url}: {untypeset} math elements not typeset"


def test_student_page_has_no_solution_element(student):
    solutions = student.dom["solutions"]
    assert solutions == 0, f"{student.url} still has {solutions} solution element(s)"


def test_student_page_has_no_solution_text(student, teacher):
    pieces = solution_texts(teacher)
    expected = _support.static_expectations(teacher)
    if expected.solutions:
        assert pieces, f"{student.docname}: could not take any distinctive text from the teacher's solutions"
    dom_text = squash(student.dom["text"])
    leaked = [piece for piece in pieces if piece in student.raw_text or piece in dom_text]
    assert not leaked, (
        f"{student.url} shows text of a solution:\n  " + "\n  ".join(piece[:100] for piece in leaked[:10])
    )


def test_student_page_keeps_every_exercise_and_stub(student, teacher):
    expected = _support.static_expectations(teacher)
    assert student.dom["exercises"] == expected.exercises, (
        f"{student.url}: {student.dom['exercises']} exercises, the teacher edition has {expected.exercises}"
    )
    assert student.dom["stubs"] == expected.student_stubs, (
        f"{student.url}: {student.dom['stubs']} student stubs, the teacher edition has {expected.student_stubs}"
    )


def test_the_book_has_exercises_with_solutions():
    """The student checks above mean something only if the teacher edition has solutions."""
    counts = {}
    for name in PAGES:
        path = _support.page_file(HTML_DIR, name)
        if path.is_file():
            counts[name] = _support.static_expectations(path.read_text(encoding="utf-8")).solutions
    assert sum(counts.values()) > 0, f"no solution in the teacher edition: {counts}"


def test_the_download_menu_serves_student_sources(w2v_browser, student_url):
    """Header → Download: every file it offers on a chapter with solutions has none of them."""
    import sys

    sys.path.insert(0, str(_support.ROOT / "tests"))
    from test_student_edition import _normal, _spellings, distinctive_solution_lines

    docname = "book/ch01_cross_entropy"
    lines = [line for name, line in distinctive_solution_lines() if name == docname]
    assert lines, f"{docname}: no solution line to look for"
    context = w2v_browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(NAVIGATION_TIMEOUT_MS)
    try:
        page = context.new_page()
        open_page(page, f"{student_url}{docname}.html")
        page.click("button[aria-label='Download this page']")
        menu = page.locator(".dropdown-download-buttons .dropdown-menu a")
        menu.first.wait_for(state="visible")
        _support.SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(_support.SCREENSHOT_DIR / "student-download-menu.png"))
        offered = {menu.nth(i).inner_text().strip(): menu.nth(i).get_attribute("href") for i in range(menu.count())}
        # .md only: the theme offers a page's notebook (.ipynb) only beside a launch button, and the student
        # edition has none (Binder opens the repository, which holds the solutions)
        assert ".md" in offered, f"the download menu offers {sorted(offered)}"
        for label, href in offered.items():
            if label not in (".md", ".ipynb"):
                continue  # the PDF: its text is searched with pdftotext in tests/test_student_edition.py
            response = context.request.get(page.url.rsplit("/", 1)[0] + "/" + href)
            assert response.ok, f"Download → {label} ({href}) answered HTTP {response.status}"
            text = _normal(response.text())
            leaked = [line for line in lines if any(form in text for form in _spellings(line))]
            assert "solution-start" not in text and not leaked, f"Download → {label} holds solutions: {leaked[:3]}"
    finally:
        context.close()
