"""What a person sees, at 1280 × 900 and 390 × 844, in light and dark mode (issue 20).

Every page of the table of contents is opened once per width (the theme is switched in place:
it changes colours, not layout, and is measured again), and these are checked:

- every check mark of the symbolic checker lies inside the visible part of its equation box
  (not scrolled away, not clipped, not past the window), and no equation number overlaps its math;
- at 1280 px no table is wider than its column; at 390 px a table that is wider scrolls, and
  shows the scroll cue;
- chapter N numbers per chapter: its first equation reads "(N.1)", its first figure "Fig. N.1",
  its first exercise "Exercise N.1" (chapters 8 and 9 number no equation);
- no page text shows the checker's internal names (``U_0_0 =``) or character offsets;
- no console error while the pages load, are measured and are used;
- every control inside a cell's output does something when used (at 1280 px, light).

The built book is the one ``make test`` builds (tests/browser/conftest.py serves it once per
session); the visits are made once per session and shared by the tests below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Error as PlaywrightError

from . import _support
from ._support import MATH_MARK_CLASSES, NAVIGATION_TIMEOUT_MS, RequestRecorder, open_page

WIDTHS = {"wide": {"width": 1280, "height": 900}, "narrow": {"width": 390, "height": 844}}
THEMES = ("light", "dark")
CHAPTER = re.compile(r"(?:^|/)ch(\d\d)_")
INTERNAL_NAME = re.compile(r"\b[A-Za-z]+(?:_\d+){2}\s*=|\(at character \d+\)")
TOLERANCE_PX = 1.5

# Measured in the page: marks outside their visible box, equation numbers over their math,
# tables against their column, the first numbers of the chapter.
MEASURE_JS = """
(markSelector) => {
  const tolerance = %s;
  const viewportWidth = document.documentElement.clientWidth;
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  // The part of the window through which `el` can be seen: the viewport's width, cut by every
  // ancestor that clips (overflow other than visible).
  function visibleBox(el) {
    let box = {left: 0, right: viewportWidth, top: -Infinity, bottom: Infinity};
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      const clipX = style.overflowX !== 'visible', clipY = style.overflowY !== 'visible';
      if (!clipX && !clipY) continue;
      const r = a.getBoundingClientRect();
      const left = r.left + a.clientLeft, top = r.top + a.clientTop;
      if (clipX) box = {...box, left: Math.max(box.left, left), right: Math.min(box.right, left + a.clientWidth)};
      if (clipY) box = {...box, top: Math.max(box.top, top), bottom: Math.min(box.bottom, top + a.clientHeight)};
    }
    return box;
  }
  const where = (el) => (el.closest('[id]') || {}).id || '?';
  const hiddenMarks = [];
  let marks = 0;
  for (const mark of document.querySelectorAll(markSelector)) {
    if (!mark.closest('div.math') || !shown(mark.closest('div.math'))) continue;  // closed dropdowns
    if (mark.closest('mjx-assistive-mml')) continue;  // MathJax's hidden copy for screen readers
    marks += 1;
    const r = mark.getBoundingClientRect(), v = visibleBox(mark);
    const inside = r.width > 0 && r.height > 0 && r.left >= v.left - tolerance && r.right <= v.right + tolerance
      && r.top >= v.top - tolerance && r.bottom <= v.bottom + tolerance;
    if (!inside) hiddenMarks.push(`${where(mark)}: mark at x ${Math.round(r.left)}..${Math.round(r.right)}, `
      + `visible ${Math.round(v.left)}..${Math.round(v.right)}`);
  }
  const overlaps = [];
  for (const math of document.querySelectorAll('div.math')) {
    const number = math.querySelector(':scope > .eqno'), body = math.querySelector(':scope > mjx-container');
    if (!number || !body || !shown(math)) continue;
    const a = number.getBoundingClientRect(), b = body.getBoundingClientRect();
    const apart = a.right <= b.left + tolerance || b.right <= a.left + tolerance
      || a.bottom <= b.top + tolerance || b.bottom <= a.top + tolerance;
    if (!apart) overlaps.push(`${math.id || where(math)}: ${number.textContent.trim()}`);
  }
  const tables = [];
  for (const table of document.querySelectorAll('article table')) {
    if (!shown(table)) continue;
    let column = table.parentElement;
    while (column && getComputedStyle(column).overflowX !== 'visible') column = column.parentElement;
    const style = getComputedStyle(column);
    const columnWidth = column.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    let scroller = table.parentElement;
    while (scroller && scroller !== column && getComputedStyle(scroller).overflowX === 'visible') {
      scroller = scroller.parentElement;
    }
    const scrolls = scroller !== column && ['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX);
    tables.push({where: where(table), width: table.getBoundingClientRect().width, column: columnWidth,
                 scrolls, cue: scrolls && scroller.classList.contains('w2v-scrolls'),
                 head: (table.querySelector('th, td') || {}).textContent || ''});
  }
  const firstText = (selector) => {
    const el = document.querySelector(selector);
    return el ? el.textContent.replace(/[#\\s]+/g, ' ').trim() : null;
  };
  return {
    marks, hiddenMarks, overlaps, tables,
    pageWidth: document.documentElement.scrollWidth, viewportWidth,
    equation: firstText('article div.math > .eqno'),
    figure: firstText('article figure .caption-number'),
    exercise: firstText('article .exercise .caption-number, article .exercise .admonition-title'),
    text: (document.querySelector('article') || document.body).innerText,
    layoutDone: document.documentElement.dataset.w2vLayout === 'done',
  };
}
""" % TOLERANCE_PX

# Use every control inside a cell's output once; report those after which nothing changed.
CONTROLS_JS = """
async () => {
  let changes = 0;
  const observer = new MutationObserver((records) => { changes += records.length; });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const pause = () => new Promise((resolve) => setTimeout(resolve, 400));
  const controls = Array.from(document.querySelectorAll(
    'article .cell_output button, article .cell_output input, article .cell_output select'))
    .filter((el) => el.getClientRects().length > 0 && !el.disabled);
  const idle = [];
  // A matplotlib animation's buttons call methods of a global player object (onclick="anim….play()"):
  // a button that changes the player's state (playing, direction, speed) did something.
  const callOf = (control) => (control.getAttribute('onclick') || '').match(/^\\s*(\\w+)\\.(\\w+)\\(/);
  const playerOf = (control) => {
    const call = callOf(control);
    return call && window[call[1]] ? window[call[1]] : null;
  };
  const stateOf = (player) => player ? JSON.stringify(Object.entries(player)
    .filter(([, value]) => value === null || ['number', 'string', 'boolean'].includes(typeof value))) : '';
  for (const control of controls) {
    if (control.type === 'radio' && control.checked) continue;  // choosing the chosen option is a no-op
    changes = 0;
    const before = control.type === 'radio' || control.type === 'checkbox' ? control.checked : control.value;
    const player = playerOf(control);
    if (player && /pause/i.test(callOf(control)[2]) && player.play_animation) {
      if (player.first_frame) player.first_frame();
      player.play_animation();  // a pause button is judged on a playing animation
      await pause();
      changes = 0;
    }
    const playerBefore = stateOf(player);
    if (control.tagName === 'SELECT') {
      control.selectedIndex = (control.selectedIndex + 1) %% control.options.length;
      control.dispatchEvent(new Event('change', {bubbles: true}));
    } else if (control.type === 'range') {
      control.value = control.value === control.max ? control.min : control.max;
      control.dispatchEvent(new Event('input', {bubbles: true}));
      control.dispatchEvent(new Event('change', {bubbles: true}));
    } else {
      control.click();
    }
    await pause();
    const after = control.type === 'radio' || control.type === 'checkbox' ? control.checked : control.value;
    if (changes === 0 && after === before && stateOf(player) === playerBefore) {
      idle.push(control.title || control.getAttribute('aria-label') || control.textContent.trim()
                || control.type || control.tagName);
    }
  }
  observer.disconnect();
  // Stop anything left playing.
  document.querySelectorAll("article .cell_output button[title='Pause']").forEach((b) => b.click());
  return {count: controls.length, idle};
}
""".replace("%%", "%")


@dataclass
class LayoutVisit:
    docname: str
    width: str
    error: str | None = None
    themes: dict = field(default_factory=dict)  # theme → MEASURE_JS result
    console_errors: list[str] = field(default_factory=list)
    controls: dict | None = None

    def require(self) -> "LayoutVisit":
        if self.error:
            pytest.fail(f"{self.docname} at {self.width}: the visit failed: {self.error}")
        return self


def _switch_theme(page, mode: str) -> None:
    page.emulate_media(color_scheme=mode)
    try:
        page.wait_for_function(f"() => document.documentElement.dataset.theme === '{mode}'", timeout=3000)
    except PlaywrightError:
        page.evaluate(f"() => document.documentElement.dataset.theme = '{mode}'")


def _visit(browser, base_url: str, docname: str, width: str) -> LayoutVisit:
    visit = LayoutVisit(docname, width)
    context = browser.new_context(viewport=WIDTHS[width], color_scheme="light")
    context.set_default_timeout(NAVIGATION_TIMEOUT_MS)
    page = context.new_page()
    recorder = RequestRecorder(base_url.rstrip("/")).attach(page)
    try:
        open_page(page, f"{base_url}{docname}.html")
        try:
            page.wait_for_function("() => document.documentElement.dataset.w2vLayout === 'done'", timeout=30_000)
        except PlaywrightError:
            pass  # reported by test_layout_script_ran
        for mode in THEMES:
            _switch_theme(page, mode)
            visit.themes[mode] = page.evaluate(MEASURE_JS, ", ".join(f".{name}" for name in MATH_MARK_CLASSES))
        if width == "wide":
            _switch_theme(page, "light")
            visit.controls = page.evaluate(CONTROLS_JS)
    except PlaywrightError as error:
        visit.error = str(error).splitlines()[0]
    finally:
        visit.console_errors = recorder.problems()  # console and page errors, failed or external requests
        context.close()
    return visit


@pytest.fixture(scope="session")
def layout_visits(w2v_browser, book_url) -> dict[tuple[str, str], LayoutVisit]:
    return {(docname, width): _visit(w2v_browser, book_url, docname, width)
            for docname in _support.toc_pages() for width in WIDTHS}


PAGES = _support.toc_pages()
CHAPTERS = [docname for docname in PAGES if CHAPTER.search(docname)]


def _each(visit: LayoutVisit):
    for mode, measured in visit.require().themes.items():
        yield f"{visit.docname} at {WIDTHS[visit.width]['width']} px, {mode}", measured


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("docname", PAGES)
def test_layout_script_ran(layout_visits, docname, width):
    for where, measured in _each(layout_visits[docname, width]):
        assert measured["layoutDone"], f"{where}: w2v_layout.js did not finish"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("docname", PAGES)
def test_every_check_mark_is_in_view(layout_visits, docname, width):
    for where, measured in _each(layout_visits[docname, width]):
        hidden = measured["hiddenMarks"]
        assert not hidden, (f"{where}: {len(hidden)} of {measured['marks']} check marks are outside the "
                            "visible part of their equation:\n  " + "\n  ".join(hidden[:10]))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("docname", PAGES)
def test_equation_numbers_never_overlap_the_math(layout_visits, docname, width):
    for where, measured in _each(layout_visits[docname, width]):
        assert not measured["overlaps"], f"{where}: numbers over the math: {measured['overlaps'][:10]}"
        assert measured["pageWidth"] <= measured["viewportWidth"] + TOLERANCE_PX, (
            f"{where}: the page itself is {measured['pageWidth']} px wide in a {measured['viewportWidth']} px window")


@pytest.mark.parametrize("docname", PAGES)
def test_tables_fit_their_column_at_1280(layout_visits, docname):
    for where, measured in _each(layout_visits[docname, "wide"]):
        wide = [f"{t['where']} ('{t['head'][:30]}'): {t['width']:.0f} px in a {t['column']:.0f} px column"
                for t in measured["tables"] if t["width"] > t["column"] + TOLERANCE_PX]
        assert not wide, f"{where}: tables wider than their column:\n  " + "\n  ".join(wide)


@pytest.mark.parametrize("docname", PAGES)
def test_wide_tables_scroll_with_a_cue_at_390(layout_visits, docname):
    for where, measured in _each(layout_visits[docname, "narrow"]):
        for table in measured["tables"]:
            if table["width"] > table["column"] + TOLERANCE_PX:
                assert table["scrolls"] and table["cue"], (
                    f"{where}: table {table['where']} ('{table['head'][:30]}') is {table['width']:.0f} px "
                    f"in {table['column']:.0f} px and {'has no scroll cue' if table['scrolls'] else 'does not scroll'}")


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_numbers_its_equations_figures_and_exercises(layout_visits, docname):
    number = int(CHAPTER.search(docname).group(1))
    measured = layout_visits[docname, "wide"].require().themes["light"]
    firsts = [measured[kind] for kind in ("equation", "figure", "exercise")]
    assert any(first is not None for first in firsts), f"{docname}: no numbered equation, figure or exercise"
    if measured["equation"] is not None:
        assert measured["equation"] == f"({number}.1)", f"{docname}: first equation number {measured['equation']!r}"
    if measured["figure"] is not None:
        assert measured["figure"].startswith(f"Fig. {number}.1"), f"{docname}: first figure {measured['figure']!r}"
    if measured["exercise"] is not None:
        assert measured["exercise"].startswith(f"Exercise {number}.1"), (
            f"{docname}: first exercise {measured['exercise']!r}")


@pytest.mark.parametrize("docname", PAGES)
def test_no_internal_names_in_the_text(layout_visits, docname):
    text = layout_visits[docname, "wide"].require().themes["light"]["text"]
    found = sorted({match.group(0) for match in INTERNAL_NAME.finditer(text)})
    assert not found, f"{docname}: internal names in the text: {found[:10]}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("docname", PAGES)
def test_no_console_errors(layout_visits, docname, width):
    visit = layout_visits[docname, width].require()
    assert not visit.console_errors, f"{docname} at {width}: " + "\n  ".join(visit.console_errors)


@pytest.mark.parametrize("docname", PAGES)
def test_every_control_does_something(layout_visits, docname):
    controls = layout_visits[docname, "wide"].require().controls
    assert not controls["idle"], f"{docname}: {len(controls['idle'])} of {controls['count']} controls did nothing: " \
                                 f"{controls['idle']}"
