"""The in-page answer checker (issue 21): every derivation exercise has an answer box that checks
the answer in the browser, with Pyodide and SymPy served by the book, and nothing else.

One page load of a chapter runs the answer cases of tests/test_symbolic_answers.py and of the
page "How to write answers" through ``window.w2vCheck`` (Pyodide, in a Web Worker) and through
``check_answer`` (CPython, in this process), and compares the verdicts; then a hostile answer,
the time limit, and a reader typing into a box. Every request that would leave 127.0.0.1 is
blocked and counted: there must be none. The measured times (first check on a cold page, median
of the later ones) are written to ``_build/in_page_checker.json``; no test depends on them.
"""

from __future__ import annotations

import importlib.util
import json
import re
import statistics
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from w2vlib.symbolic.answer_guide import SPELLINGS
from w2vlib.symbolic.answers import QUESTIONS, check_answer

from . import _support
from ._support import BUILD_DIR, HTML_DIR, NAVIGATION_TIMEOUT_MS, ROOT, SCREENSHOT_DIR, STUDENT_HTML_DIR, open_page

CHAPTERS = [name for name in _support.toc_pages() if re.search(r"/ch0[1-6]_", name)]
CHECK_PAGE = "book/ch02_softmax_gradients"
REPORT = BUILD_DIR / "in_page_checker.json"
# A whole run of w2vCheck calls in one page.evaluate must end within this (it never should hang).
BATCH_MS = 20 * 60 * 1000
HOSTILE = [  # from tests/test_symbolic_answers.py: each is refused by the reader or by a limit
    "__import__('os').system('echo hacked')", "9**9**9**9", "exp(exp(exp(exp(exp(exp(U))))))",
    "(" * 200 + "U" + ")" * 200, "U" * 10_000, "((((((2^10)^10)^10)^10)^10)^10)", "sum_w(" * 50 + "u_w" + ")" * 50,
]
HOSTILE_SECONDS = 20  # issue 21: a hostile answer is answered within 20 s


def _answer_cases_module():
    spec = importlib.util.spec_from_file_location("_answer_cases", ROOT / "tests" / "test_symbolic_answers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _variant_tables() -> list[tuple[dict, dict]]:
    """(right answers, wrong answers) of each variant-question test file (read as the coverage test reads them)."""
    spec = importlib.util.spec_from_file_location("_coverage", ROOT / "tests" / "test_symbolic_question_coverage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._all_tables()[1]


def _spelling(text: str) -> str:
    if "\\" in text:
        return "latex"
    if any(ord(char) > 127 for char in text):
        return "unicode"
    if re.search(r"@|\*|\.T\b|np\.|y_hat|sigmoid|\*\*", text):
        return "code"
    return "plain"


def answer_cases() -> list[tuple[str, str]]:
    """(question id, answer): for every question, one right answer of each spelling and two
    wrong ones, the unreadable ones, and the examples of "How to write answers"."""
    cases = _answer_cases_module()
    chosen = []
    for question_id in sorted(set(QUESTIONS) & set(cases.CORRECT)):
        by_spelling = {}
        for text in cases.CORRECT[question_id]:
            by_spelling.setdefault(_spelling(text), text)
        chosen += [(question_id, text) for text in by_spelling.values()]
        chosen += [(question_id, text) for text, _ in cases.WRONG[question_id][:2]]
    # the exercises' variant questions (tests/test_symbolic_questions_*.py): one right and one wrong answer each
    for right, wrong in _variant_tables():
        for question_id in sorted(right):
            chosen += [(question_id, right[question_id][0]), (question_id, wrong[question_id][0][0])]
    chosen += [(question_id, text) for question_id, text, _ in cases.UNREADABLE]
    for _what, *spellings, context in SPELLINGS:  # not an answer: each is refused, in both checkers alike
        question_id = next(question.id for question in QUESTIONS.values() if question.context == context)
        chosen += [(question_id, text) for text in spellings]
    return list(dict.fromkeys(chosen))


# --- Every derivation exercise has its box (the built HTML of both editions) -----------------------
_STUB_CELL = re.compile(r"```\{code-cell\}[^\n]*\n:tags: \[([^\]]*)\]\n(.*?)\n```", re.S)
_CHECK_CALL = re.compile(r"""\bcheck(?:_steps)?\(\s*["']([A-Za-z0-9_]+)["']""")


def exercise_questions(docname: str) -> list[str]:
    """The question ids checked by the stub cells of a chapter's source, in order."""
    source = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
    ids = []
    for tags, code in _STUB_CELL.findall(source):
        if "student-stub" in tags:
            ids += list(dict.fromkeys(_CHECK_CALL.findall(code)))
    return ids


@pytest.mark.parametrize("edition", ["teacher", "student"])
@pytest.mark.parametrize("docname", CHAPTERS)
def test_every_derivation_exercise_has_its_box(docname, edition):
    html_dir = HTML_DIR if edition == "teacher" else STUDENT_HTML_DIR
    path = _support.page_file(html_dir, docname)
    assert path.is_file(), f"no {path}: build the book and the student edition first (make test does)"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    forms = soup.select("form.w2v-check")
    expected = exercise_questions(docname)
    assert [form["data-question"] for form in forms] == expected
    for form in forms:
        field = form.find("textarea")
        assert form.find_parent(class_="exercise") is not None, f"{form['data-question']}: box outside its exercise"
        assert form.find("label", attrs={"for": field["id"]}) and form.find("button", attrs={"type": "submit"})
        assert form.find(class_="w2v-check-result", attrs={"role": "status"})
    if expected:
        assert soup.find("script", src=re.compile(r"_static/w2v_check\.js")), "the page does not load w2v_check.js"


def test_the_chapters_have_derivation_exercises():
    # The test above means something only if chapters 1-6 have exercises with answer boxes.
    assert len(CHAPTERS) == 6
    assert sum(len(exercise_questions(docname)) for docname in CHAPTERS) >= 10


# --- In Chromium: one page, every check ----------------------------------------------------------
class BlockedRequests:
    """Route handler of a context: requests to the book's server go on, anything else is aborted
    and counted (workers' requests included; the recorder's list shows that they are seen)."""

    def __init__(self, base_url: str):
        self.origin = base_url.rstrip("/")
        self.blocked: list[str] = []
        self.seen: list[str] = []

    def __call__(self, route):
        url = route.request.url
        self.seen.append(url)
        if url.startswith(self.origin + "/") or url.split(":", 1)[0] in _support.LOCAL_SCHEMES:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def _open(browser, base_url: str, docname: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.set_default_timeout(NAVIGATION_TIMEOUT_MS)
    blocked = BlockedRequests(base_url)
    context.route("**/*", blocked)
    page = context.new_page()
    page.recorder = _support.RequestRecorder(base_url.rstrip("/")).attach(page)
    page.blocked = blocked
    open_page(page, f"{base_url}{docname}.html")
    return context, page


RUN_CHECKS_JS = """
async ([cases, batchMs]) => {
  const run = async () => {
    const results = [];
    for (const [question, text] of cases) {
      const start = performance.now();
      const result = await window.w2vCheck(question, text);
      results.push({...result, seconds: (performance.now() - start) / 1000});
    }
    return results;
  };
  const late = new Promise((_, reject) => setTimeout(() => reject(new Error("checks did not finish")), batchMs));
  return Promise.race([run(), late]);
}
"""


# Starts the checks without waiting for them: the page's promise is window.w2vTestRun.
START_CHECKS_JS = "([cases, batchMs]) => { window.w2vTestRun = (" + RUN_CHECKS_JS + ")([cases, batchMs]); " \
    "window.w2vTestRun.then(() => { window.w2vTestRun.done = true; }); return true; }"


@pytest.fixture(scope="module")
def checker_page(w2v_browser, book_url):
    """Chapter 2 of the book, after a first check on the cold page (measured)."""
    context, page = _open(w2v_browser, book_url, CHECK_PAGE)
    first = page.evaluate(RUN_CHECKS_JS, [[["softmax_grad_center", "U(yhat - y)"]], BATCH_MS])[0]
    report(first_check_seconds=round(first["seconds"], 2),
           loading_seconds={k: round(v, 2) for k, v in page.evaluate("w2vCheck.loadingSeconds").items()})
    page.first = first
    yield page
    context.close()


def report(**values) -> None:
    """Add ``values`` to the measurements in _build/in_page_checker.json (and print them)."""
    try:
        known = json.loads(REPORT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps({**known, **values}, indent=1) + "\n", encoding="utf-8")
    print(f"in-page checker: {json.dumps(values)}")


def test_the_first_check_on_a_cold_page_loads_python_and_answers(checker_page):
    assert checker_page.first["correct"] is True, checker_page.first
    assert set(checker_page.evaluate("w2vCheck.loadingSeconds")) == {"python", "libraries", "sympy", "checker"}


def test_pyodide_and_cpython_give_the_same_verdicts(checker_page):
    cases = answer_cases()
    assert len(cases) >= 60 and {_spelling(text) for _, text in cases} == {"plain", "code", "latex", "unicode"}
    in_page = checker_page.evaluate(RUN_CHECKS_JS, [[list(case) for case in cases], BATCH_MS])
    seconds = [result["seconds"] for result in in_page]
    report(later_checks=len(seconds), median_check_seconds=round(statistics.median(seconds), 3),
           slowest_check_seconds=round(max(seconds), 2))
    assert any(result["correct"] for result in in_page) and not all(result["correct"] for result in in_page)
    differences = []
    for (question_id, text), browser in zip(cases, in_page):
        kernel = check_answer(question_id, text)
        if kernel.status == "numeric" and browser["correct"]:  # a proof cut short by a busy machine: once more
            kernel = check_answer(question_id, text)
        if browser["correct"] != kernel.correct or browser["understood"] != kernel.understood_latex:
            differences.append(f"{question_id} {text!r}: browser {browser['correct']} {browser['status']} "
                               f"({browser['message'][:80]}), kernel {kernel.correct} {kernel.status} ({kernel.message[:80]})")
    assert not differences, f"{len(differences)} of {len(cases)} answers differ:\n  " + "\n  ".join(differences)


def test_hostile_answers_are_refused_within_the_limit(checker_page):
    results = checker_page.evaluate(RUN_CHECKS_JS, [[["softmax_grad_center", text] for text in HOSTILE], BATCH_MS])
    for text, result in zip(HOSTILE, results):
        assert result["correct"] is False and len(result["message"]) > 20, (text[:40], result)
        assert result["seconds"] < HOSTILE_SECONDS, (text[:40], result["seconds"])


def test_an_answer_over_the_time_limit_stops_the_worker_and_a_fresh_one_checks_the_next(checker_page):
    checker_page.evaluate("() => { w2vCheck.secondsPerAnswer = 0.001; }")
    try:
        stopped = checker_page.evaluate(RUN_CHECKS_JS, [[["softmax_grad_center", "U(yhat - y)"]], BATCH_MS])[0]
    finally:
        checker_page.evaluate("() => { w2vCheck.secondsPerAnswer = 12; }")
    assert stopped["correct"] is False and "was stopped" in stopped["message"]
    assert stopped["seconds"] < HOSTILE_SECONDS
    checker_page.evaluate(START_CHECKS_JS, [[["softmax_grad_center", "U(yhat - y)"]], BATCH_MS])
    # A fresh Python loads and checks in its worker; meanwhile the page answers at once.
    assert checker_page.evaluate("() => [window.w2vTestRun.done, document.querySelectorAll('form.w2v-check').length]") \
        == [None, len(exercise_questions(CHECK_PAGE))]
    fresh = checker_page.evaluate("() => window.w2vTestRun")[0]
    assert fresh["correct"] is True, fresh


def _check_in_box(page, question_id: str, text: str, *, press_enter: bool) -> dict:
    form = page.locator(f"form.w2v-check[data-question='{question_id}']").first
    field = form.locator("textarea")
    field.fill("")
    field.press_sequentially(text)
    if press_enter:
        field.press("Enter")
    else:
        form.get_by_role("button", name="Check").click()
    result = form.locator(".w2v-check-result")
    result.locator(".w2v-check-verdict").wait_for(timeout=BATCH_MS)
    page.wait_for_function(  # MathJax has typeset "Understood as"
        "(el) => !el.querySelector('.math') || el.querySelector('mjx-container')", arg=result.element_handle())
    return {
        "verdict": result.locator(".w2v-check-verdict").inner_text(),
        "understood": result.locator(".w2v-check-understood").count(),
        "typeset": result.locator(".w2v-check-understood mjx-container").count(),
        "correct": result.get_attribute("data-correct"),
        "saved": page.evaluate(f"() => localStorage.getItem('w2v-answer:{question_id}')"),
    }


def test_typing_an_answer_and_pressing_check_shows_the_verdict(checker_page):
    right = _check_in_box(checker_page, "softmax_grad_center", "U(yhat - y)", press_enter=False)
    assert right["verdict"].startswith("✓") and right["correct"] == "true"
    assert right["understood"] == 1 and right["typeset"] == 1 and right["saved"] == "U(yhat - y)"
    form = checker_page.locator("form.w2v-check[data-question='softmax_grad_center']").first
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    form.screenshot(path=str(SCREENSHOT_DIR / "in_page_checker-right.png"))
    wrong = _check_in_box(checker_page, "softmax_grad_center", "U^T(yhat - y)", press_enter=True)
    assert wrong["verdict"].startswith("✗") and "Shape" in wrong["verdict"] and wrong["correct"] == "false"
    form.screenshot(path=str(SCREENSHOT_DIR / "in_page_checker-wrong.png"))


def test_shift_enter_starts_a_new_line_and_the_answer_is_kept_for_the_next_visit(checker_page):
    field = checker_page.locator("form.w2v-check[data-question='softmax_grad_U'] textarea")
    field.fill("")
    field.press_sequentially("v_c (yhat - y)^T")
    field.press("Shift+Enter")
    field.press_sequentially("+ 0")
    assert field.input_value() == "v_c (yhat - y)^T\n+ 0"
    assert checker_page.locator("form.w2v-check[data-question='softmax_grad_U'] .w2v-check-verdict").count() == 0
    again = checker_page.context.new_page()
    try:
        again.goto(checker_page.url, wait_until="load")
        kept = again.locator("form.w2v-check[data-question='softmax_grad_U'] textarea").input_value()
    finally:
        again.close()
    assert kept == "v_c (yhat - y)^T\n+ 0"


def test_nothing_left_127_0_0_1_and_the_workers_requests_were_seen(checker_page):
    # The last test of the module on this page: everything above happened offline.
    assert checker_page.blocked.blocked == [], checker_page.blocked.blocked
    seen = checker_page.blocked.seen
    assert any(url.endswith("/pyodide.asm.wasm") for url in seen) and any(re.search(r"/sympy-[^/]+\.zip$", url) for url in seen)
    problems = checker_page.recorder.problems()
    assert not problems, "\n  ".join(problems)


def test_the_student_edition_checks_the_same_way(w2v_browser, student_url):
    context, page = _open(w2v_browser, student_url, CHECK_PAGE)
    try:
        right = _check_in_box(page, "softmax_grad_U", "v_c (yhat - y)^T", press_enter=True)
        assert right["verdict"].startswith("✓") and right["typeset"] == 1
        assert page.blocked.blocked == [] and not page.recorder.problems(), page.recorder.problems()
    finally:
        context.close()


def test_the_book_grows_by_pyodide_and_the_libraries_only():
    static = HTML_DIR / "_static" / "pyodide"
    served = sorted(path.name for path in static.iterdir())
    core = ["pyodide-lock.json", "pyodide.asm.js", "pyodide.asm.wasm", "pyodide.js", "python_stdlib.zip"]
    libraries = [name for name in served if name not in core and name != "w2v-check.json"]
    assert set(core) <= set(served)
    assert sorted(re.sub(r"-\d.*", "", name) for name in libraries) == ["mpmath", "sympy", "w2vlib"], served
    report(book_growth_mb=round(sum(path.stat().st_size for path in static.iterdir()) / 1e6, 1), served=served)


# --- A derivation, step by step (check_steps) ------------------------------------------------------
STEPS_PAGE = "book/ch03_sigmoid"
STEPS_QUESTION = "sigmoid_derivative"
RIGHT_STEPS = ["= e^(-x)/(1 + e^(-x))^2", "= 1/(1 + e^(-x)) * e^(-x)/(1 + e^(-x))", "= sigma(x)(1 - sigma(x))"]
WRONG_AT_TWO = ["= e^(-x)/(1 + e^(-x))^2", "= -1/(1 + e^(-x)) * e^(-x)/(1 + e^(-x))", "= -sigma(x)(1 - sigma(x))"]


@pytest.fixture(scope="module")
def steps_page(w2v_browser, book_url):
    """Chapter 3, whose last exercise asks for σ′(x) step by step (a check_steps stub)."""
    context, page = _open(w2v_browser, book_url, STEPS_PAGE)
    yield page
    context.close()


def _check_steps_in_box(page, lines: list[str], form_selector: str, *, new_line: str, submit: str) -> dict:
    form = page.locator(form_selector).first
    field = form.locator("textarea")
    field.fill("")
    for number, line in enumerate(lines):
        if number:
            field.press(new_line)
        field.press_sequentially(line)
    field.press(submit)
    result = form.locator(".w2v-check-result")
    result.locator(".w2v-check-verdict").wait_for(timeout=BATCH_MS)
    page.wait_for_function("(el) => [...el.querySelectorAll('.math')].every((m) => m.querySelector('mjx-container'))",
                           arg=result.element_handle())
    items = result.locator("li.w2v-check-step")
    return {
        "field": field.input_value(),
        "verdict": result.locator(".w2v-check-verdict").inner_text(),
        "marks": [items.nth(i).get_attribute("data-mark") for i in range(items.count())],
        "typeset": result.locator("li.w2v-check-step mjx-container").count(),
        "first_wrong": [i + 1 for i in range(items.count())
                        if "w2v-check-first-wrong" in (items.nth(i).get_attribute("class") or "")],
        "correct": result.get_attribute("data-correct"),
    }


def test_a_check_steps_stub_has_a_taller_box_that_says_one_step_per_line(steps_page):
    form = steps_page.locator(f"form.w2v-check[data-steps='true'][data-question='{STEPS_QUESTION}']")
    assert form.count() == 1
    assert "one step per line" in form.locator("label").inner_text()
    single = steps_page.locator(f"form.w2v-check:not([data-steps])[data-question='{STEPS_QUESTION}'] textarea")
    assert form.locator("textarea").bounding_box()["height"] > 2 * single.bounding_box()["height"]


def test_a_derivation_is_checked_step_by_step_in_the_page(steps_page):
    selector = f"form.w2v-check[data-steps='true'][data-question='{STEPS_QUESTION}']"
    right = _check_steps_in_box(steps_page, RIGHT_STEPS, selector, new_line="Enter", submit="Control+Enter")
    assert right["field"] == "\n".join(RIGHT_STEPS)  # Enter started new lines; Ctrl+Enter checked
    assert right["verdict"].startswith("✓") and right["correct"] == "true"
    assert right["marks"] == ["✓", "✓", "✓"] and right["typeset"] == 3 and right["first_wrong"] == []
    form = steps_page.locator(selector)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    form.screenshot(path=str(SCREENSHOT_DIR / "in_page_checker-steps-right.png"))
    wrong = _check_steps_in_box(steps_page, WRONG_AT_TWO, selector, new_line="Enter", submit="Control+Enter")
    assert wrong["verdict"].startswith("✗") and wrong["correct"] == "false"
    assert wrong["marks"] == ["✓", "✗", "(✗)"] and wrong["first_wrong"] == [2]
    assert "Step 2 does not follow from step 1" in wrong["verdict"] and "x = " in wrong["verdict"]
    kernel = __import__("w2vlib.symbolic.steps", fromlist=["check_steps"]).check_steps(
        STEPS_QUESTION, "\n".join(WRONG_AT_TWO))
    assert wrong["verdict"] == f"✗ {kernel.message}"  # the same verdict as the kernel's
    form.screenshot(path=str(SCREENSHOT_DIR / "in_page_checker-steps-wrong.png"))
    steps_page.set_viewport_size({"width": 390, "height": 844})
    try:
        form.scroll_into_view_if_needed()
        width = steps_page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways at 390 px ({width} px)"
        form.screenshot(path=str(SCREENSHOT_DIR / "in_page_checker-steps-wrong-390.png"))
    finally:
        steps_page.set_viewport_size({"width": 1280, "height": 900})


def test_several_lines_in_a_one_line_box_are_checked_as_steps(steps_page):
    selector = f"form.w2v-check:not([data-steps])[data-question='{STEPS_QUESTION}']"
    result = _check_steps_in_box(steps_page, RIGHT_STEPS[1:], selector, new_line="Shift+Enter", submit="Enter")
    assert result["verdict"].startswith("✓") and result["marks"] == ["✓", "✓"]
