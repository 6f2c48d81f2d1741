"""Light and dark mode: the header's switcher turns the book dark and the choice is kept,
and the symbolic checker's marks stay legible on both backgrounds.

(Every page is also screenshotted in both modes by test_pages.py, which fails on a blank page.)
"""

from __future__ import annotations

import re

import pytest

from . import _support
from ._support import HTML_DIR, MATH_MARK_CLASSES, open_page

MIN_MARK_CONTRAST = 3.0  # WCAG contrast for large text / graphical symbols

# Colour of a node and of the first opaque background behind it, as [r, g, b].
COLOURS_JS = """
(el) => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  let background = null;
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    const value = rgb(getComputedStyle(node).backgroundColor);
    if (value.length === 3 || (value.length === 4 && value[3] > 0.9)) { background = value.slice(0, 3); break; }
  }
  if (!background) background = rgb(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
  if (background.length < 3) background = [255, 255, 255];  // the canvas default
  return {colour: rgb(getComputedStyle(el).color).slice(0, 3), background: background};
}
"""


def relative_luminance(rgb: list[float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour given as 0…255 channels.

    >>> relative_luminance([255, 255, 255]), relative_luminance([0, 0, 0])
    (1.0, 0.0)
    """
    channels = []
    for value in rgb:
        c = value / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return round(0.2126 * red + 0.7152 * green + 0.0722 * blue, 6)


def contrast(a: list[float], b: list[float]) -> float:
    """WCAG contrast ratio, 1 (same) … 21 (black on white).

    >>> round(contrast([0, 128, 0], [255, 255, 255]), 1)
    5.1
    """
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _theme(page) -> str | None:
    return page.evaluate("() => document.documentElement.dataset.theme || null")


def _page_with_marks() -> str:
    for docname in _support.toc_pages():
        path = _support.page_file(HTML_DIR, docname)
        if path.is_file() and "\\class{w2v-" in path.read_text(encoding="utf-8"):
            return docname
    pytest.fail("no page shows a derivation checked by the symbolic checker", pytrace=False)


def test_theme_switcher_turns_the_book_dark_and_remembers_it(new_page, book_url):
    url = f"{book_url}{_support.toc_pages()[1]}.html"
    open_page(new_page, url)
    assert _theme(new_page) == "light"  # the context prefers light and the book follows the system
    body = new_page.locator("body")
    light = relative_luminance(body.evaluate(COLOURS_JS)["background"])

    switch = new_page.locator(".theme-switch-button:visible").first
    for _ in range(3):  # the button cycles auto → dark → light
        if _theme(new_page) == "dark":
            break
        switch.click()
    assert _theme(new_page) == "dark", "the theme switcher never turned the page dark"
    dark = relative_luminance(body.evaluate(COLOURS_JS)["background"])
    assert dark < 0.1 < light, f"background luminance light {light:.2f}, dark {dark:.2f}"
    assert new_page.evaluate("() => localStorage.getItem('mode')") == "dark"

    new_page.reload(wait_until="load")
    assert _theme(new_page) == "dark", "the dark mode chosen with the switcher was forgotten on reload"
    problems = new_page.recorder.problems()
    assert not problems, "\n  ".join(problems)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_check_marks_are_legible(new_page, book_url, mode):
    new_page.context.add_init_script(f"localStorage.setItem('mode', '{mode}')")
    open_page(new_page, f"{book_url}{_page_with_marks()}.html")
    assert _theme(new_page) == mode
    checked = 0
    for name in MATH_MARK_CLASSES:
        glyphs = new_page.locator(f"mjx-container .{name} mjx-c")
        for index in range(min(glyphs.count(), 3)):
            colours = glyphs.nth(index).evaluate(COLOURS_JS)
            ratio = contrast(colours["colour"], colours["background"])
            assert ratio >= MIN_MARK_CONTRAST, (
                f"{name} mark in {mode} mode: colour {colours['colour']} on {colours['background']} "
                f"has contrast {ratio:.1f} < {MIN_MARK_CONTRAST}"
            )
            checked += 1
    assert checked, "no rendered check mark found to measure"


def test_colour_helpers_tell_legible_from_illegible():
    assert contrast([60, 60, 60], [18, 18, 18]) < MIN_MARK_CONTRAST  # dark grey on the dark theme
    assert contrast([111, 220, 111], [18, 18, 18]) > MIN_MARK_CONTRAST  # w2v.css's green there
    assert contrast([0, 0, 0], [255, 255, 255]) == pytest.approx(21.0)
    assert re.fullmatch(r"\d+\.\d", f"{contrast([1, 2, 3], [4, 5, 6]):.1f}")
