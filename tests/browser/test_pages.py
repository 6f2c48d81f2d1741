"""Every page of the table of contents, as Chromium shows it, offline.

Each page is visited once (conftest.book_visits); these tests check what was recorded: the
page answered 200, nothing was asked of any host but 127.0.0.1, nothing failed or logged an
error, all math (prose, amsmath, the checker's derivations) was typeset by MathJax, every
check mark of the symbolic checker was rendered, every image loaded, and the page is not
blank in light or dark mode (screenshots in _build/screenshots/).
"""

from __future__ import annotations

import pytest

from . import _support
from ._support import MATH_MARK_CLASSES, raw_math_left

PAGES = _support.toc_pages()
MIN_PAGE_HEIGHT = 600  # px: the header and sidebar alone are shorter than a real page
MIN_ARTICLE_STD = 6.0  # grey-level spread of the article area; a blank area is ~0
MIN_ARTICLE_TEXT = 40  # characters of text in the article


@pytest.fixture(params=PAGES)
def visit(request, book_visits):
    return book_visits[request.param].require()


def _listing(lines: list[str]) -> str:
    return "\n  " + "\n  ".join(lines)


def test_table_of_contents_lists_the_chapters():
    assert PAGES[0].endswith("intro") and len(PAGES) >= 3, PAGES
    assert len(set(PAGES)) == len(PAGES), "a page is listed twice in _toc.yml"


def test_page_answers_200(visit):
    assert visit.status == 200, f"{visit.url} answered HTTP {visit.status}"


def test_no_request_leaves_localhost(visit):
    external = visit.recorder.external
    assert not external, f"{visit.url} asked another host for:" + _listing(external)
    assert any(url.endswith(".css") or ".css?" in url for url in visit.recorder.requests), (
        "no stylesheet request was recorded: the recorder is not seeing the page's requests"
    )


def test_no_request_fails(visit):
    failures = visit.recorder.failed + visit.recorder.bad_responses
    assert not failures, f"{visit.url}: failed requests:" + _listing(failures)


def test_no_page_error_or_console_error(visit):
    errors = visit.recorder.page_errors + visit.recorder.console_errors
    assert not errors, f"{visit.url}: errors in the browser:" + _listing(errors)


def test_all_math_is_typeset(visit):
    expected, rendered = visit.expected, visit.rendered
    if expected.math_elements:
        assert visit.mathjax_version, f"{visit.url} has {expected.math_elements} math elements but no MathJax"
    assert not rendered["untypeset"], (
        f"{visit.url}: {len(rendered['untypeset'])} of {expected.math_elements} math elements "
        "have no MathJax container (or more than one):" + _listing(rendered["untypeset"][:10])
    )
    assert rendered["containersInMath"] == expected.math_elements, (
        f"{visit.url}: {rendered['containersInMath']} MathJax containers for "
        f"{expected.math_elements} math elements in the HTML ({expected.output_math} in cell outputs)"
    )
    assert rendered["containers"] >= expected.math_elements
    assert not rendered["mathErrors"], f"{visit.url}: TeX errors:" + _listing(rendered["mathErrors"])
    left = raw_math_left(rendered["text"])
    assert not left, f"{visit.url}: raw TeX left in the visible text:" + _listing(left)


def test_wide_math_scrolls_instead_of_being_cut_off(visit):
    cut_off = visit.rendered["cutOffMath"]
    assert not cut_off, f"{visit.url}: display math cut off at the text column's edge:" + _listing(cut_off)


def test_every_check_mark_is_rendered(visit):
    expected, rendered = visit.expected, visit.rendered
    unknown = set(expected.marks) - set(MATH_MARK_CLASSES)
    assert not unknown, f"{visit.url}: unknown checker mark classes {sorted(unknown)}"
    wanted = {name: expected.marks.get(name, 0) for name in MATH_MARK_CLASSES}
    outside = sum(expected.marks.values()) - sum(expected.marks_in_math.values())
    assert rendered["marks"] == wanted, (
        f"{visit.url}: rendered check marks {rendered['marks']} but the page source has {wanted}"
        + (f" ({outside} of them outside any math element: shown as text, never typeset?)" if outside else "")
    )


def test_images_load(visit):
    assert not visit.broken_images, f"{visit.url}: images that did not load:" + _listing(visit.broken_images)


def test_favicon_is_declared_and_served(visit):
    # Browsers ask for /favicon.ico when a page declares no icon: a 404 on every page.
    assert visit.favicon, f"{visit.url} declares no <link rel=\"icon\">"
    url, status = visit.favicon
    assert status == 200, f"{visit.url}: its favicon {url} answered HTTP {status}"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_page_is_not_blank(visit, mode):
    shot = visit.screenshots[mode]
    assert shot.path.is_file()
    assert shot.theme == mode, f"{visit.url}: asked for {mode} mode, the page shows data-theme={shot.theme}"
    assert visit.rendered["pageHeight"] >= MIN_PAGE_HEIGHT, (
        f"{visit.url} is only {visit.rendered['pageHeight']} px high"
    )
    assert visit.rendered["articleTextLength"] >= MIN_ARTICLE_TEXT, f"{visit.url}: the article has no text"
    seen = f"(grey mean {shot.mean:.0f}, std {shot.std:.1f}); see {shot.path}"
    assert shot.std >= MIN_ARTICLE_STD, f"{visit.url} renders a nearly uniform article in {mode} mode {seen}"
    if mode == "light":
        assert shot.mean > 150, f"{visit.url}: the article is dark in light mode {seen}"
    else:
        assert shot.mean < 110, f"{visit.url}: the article is light in dark mode {seen}"
