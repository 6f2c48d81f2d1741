"""Fixtures of the browser tests: one Chromium for the session, the built book served from
127.0.0.1, and every page of the table of contents visited once (data collected here, checked
by the parametrized tests in test_pages.py).

The HTML comes from `make test` (it builds `_build/html` and the student edition first). Point
W2V_HTML_DIR / W2V_STUDENT_HTML_DIR (and W2V_TOC for a trimmed table of contents) at another
build while developing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from . import _support
from ._support import (
    HTML_DIR,
    MATH_MARK_CLASSES,
    NAVIGATION_TIMEOUT_MS,
    SCREENSHOT_DIR,
    STUDENT_HTML_DIR,
    RequestRecorder,
    StaticExpectations,
    open_page,
    static_expectations,
    wait_until_typeset,
)

THEME_MODES = ("light", "dark")
VIEWPORT = {"width": 1280, "height": 900}


@dataclass
class Screenshot:
    path: Path
    theme: str | None  # html[data-theme] when the picture was taken
    mean: float  # grey level of the article area, 0 (black) … 255 (white)
    std: float  # its spread: a blank page is nearly uniform


@dataclass
class PageVisit:
    """What one page of the book did in the browser."""

    docname: str
    url: str
    status: int | None = None
    error: str | None = None  # the visit itself broke (timeout, crash): every check fails with it
    recorder: RequestRecorder | None = None
    raw_html: str = ""
    expected: StaticExpectations | None = None
    mathjax_version: str | None = None
    rendered: dict = field(default_factory=dict)
    broken_images: list[str] = field(default_factory=list)
    favicon: tuple[str, int] | None = None  # (URL, HTTP status) of <link rel="icon">
    screenshots: dict[str, Screenshot] = field(default_factory=dict)

    def require(self) -> "PageVisit":
        """Fail the calling test if the page could not be visited at all."""
        if self.error:
            pytest.fail(f"{self.url}: the visit failed: {self.error}")
        return self


def pytest_collection_modifyitems(items):
    # The browser tests share one Chromium; keep them together at the end of the run.
    browser_items = [item for item in items if "tests/browser/" in item.nodeid.replace("\\", "/")]
    others = [item for item in items if item not in browser_items]
    items[:] = others + browser_items


@pytest.fixture(scope="session")
def w2v_playwright():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def w2v_browser(w2v_playwright):
    try:
        browser = _support.launch_chromium(w2v_playwright)
    except RuntimeError as error:  # Chromium missing: a failure, never a skip
        pytest.fail(str(error), pytrace=False)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def book_url():
    try:
        with _support.serve_directory(HTML_DIR) as url:
            yield url
    except FileNotFoundError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def student_url():
    try:
        with _support.serve_directory(STUDENT_HTML_DIR) as url:
            yield url
    except FileNotFoundError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture
def new_page(w2v_browser, book_url):
    """A fresh context and page for one interaction test, with its problems recorded."""
    context = w2v_browser.new_context(viewport=VIEWPORT, color_scheme="light")
    context.set_default_timeout(NAVIGATION_TIMEOUT_MS)
    page = context.new_page()
    page.recorder = RequestRecorder(book_url.rstrip("/")).attach(page)
    yield page
    context.close()


def _switch_theme(page, mode: str) -> None:
    """Show the page in ``mode``: the book follows the system setting (default_mode: auto),
    so emulate it; if the theme does not follow, store the mode as the switcher does and reload."""
    page.emulate_media(color_scheme=mode)
    try:
        page.wait_for_function(f"() => document.documentElement.dataset.theme === '{mode}'", timeout=3000)
    except PlaywrightError:
        page.evaluate(f"() => localStorage.setItem('mode', '{mode}')")
        page.reload(wait_until="load")
        wait_until_typeset(page)


def _visit(context, base_url: str, docname: str) -> PageVisit:
    url = f"{base_url}{docname}.html"
    visit = PageVisit(docname=docname, url=url)
    page = context.new_page()
    visit.recorder = RequestRecorder(base_url.rstrip("/")).attach(page)
    try:
        response, visit.mathjax_version = open_page(page, url)
        visit.status = response.status if response else None
        visit.raw_html = response.text() if response else ""
        visit.expected = static_expectations(visit.raw_html)
        visit.broken_images = page.evaluate(_support.LOAD_IMAGES_JS)
        icon = page.evaluate("() => document.querySelector(\"link[rel~='icon']\")?.href || null")
        if icon:
            visit.favicon = (icon, page.request.get(icon).status)
        visit.rendered = page.evaluate(_support.RENDERED_STATE_JS, list(MATH_MARK_CLASSES))
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        for mode in THEME_MODES:
            _switch_theme(page, mode)
            path = SCREENSHOT_DIR / _support.screenshot_name(docname, mode)
            page.screenshot(path=str(path), full_page=True, animations="disabled")
            box = page.evaluate(
                "() => { const el = document.querySelector('article') || document.body;"
                " const r = el.getBoundingClientRect();"
                " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; }"
            )
            theme = page.evaluate("() => document.documentElement.dataset.theme || null")
            mean, std = _support.image_stats(path, box)
            visit.screenshots[mode] = Screenshot(path=path, theme=theme, mean=mean, std=std)
    except PlaywrightError as error:
        visit.error = str(error).splitlines()[0]
    finally:
        page.close()
    return visit


@pytest.fixture(scope="session")
def book_visits(w2v_browser, book_url) -> dict[str, PageVisit]:
    """Every page of the table of contents, visited once in light and then dark mode."""
    context = w2v_browser.new_context(viewport=VIEWPORT, color_scheme="light")
    context.set_default_timeout(NAVIGATION_TIMEOUT_MS)
    try:
        return {docname: _visit(context, book_url, docname) for docname in _support.toc_pages()}
    finally:
        context.close()
