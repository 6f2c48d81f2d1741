"""What a reader does with the book: open a solution, run the training animation, see the
static explorer, follow an equation reference and search. Each test also fails if the page
asked another host for anything or logged an error while being used.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from . import _support
from ._support import HTML_DIR, open_page

ANIMATION_PAGE = "book/ch08_toy_training"
SEARCH_QUERY = "negative sampling"


def _pages_whose_html(matches) -> list[str]:
    """Docnames (in reading order) whose built HTML satisfies ``matches(html)``."""
    found = []
    for docname in _support.toc_pages():
        path = _support.page_file(HTML_DIR, docname)
        if path.is_file() and matches(path.read_text(encoding="utf-8")):
            found.append(docname)
    return found


def _first_page_with(description: str, matches) -> str:
    pages = _pages_whose_html(matches)
    if not pages:
        pytest.fail(f"no page of the table of contents has {description}", pytrace=False)
    return pages[0]


def _assert_clean(page) -> None:
    problems = page.recorder.problems()
    assert not problems, f"{page.url}:\n  " + "\n  ".join(problems)


def test_solution_dropdown_opens_on_click(new_page, book_url):
    docname = _first_page_with(
        "a dropdown solution", lambda html: re.search(r'class="solution dropdown\b', html) is not None
    )
    open_page(new_page, f"{book_url}{docname}.html")
    solution = new_page.locator(".solution.dropdown").first
    content = solution.locator("section, .admonition-title ~ *").first
    expect(content).to_be_hidden()  # closed until the reader asks

    solution.locator(".admonition-title").click()

    expect(content).to_be_visible()
    assert solution.inner_text().strip(), "the opened solution shows no text"
    assert content.bounding_box()["height"] > 10
    _assert_clean(new_page)


def test_training_animation_plays_to_the_last_frame(new_page, book_url):
    path = _support.page_file(HTML_DIR, ANIMATION_PAGE)
    assert path.is_file(), f"{path} is missing: the toy-training chapter was not built"
    open_page(new_page, f"{book_url}{ANIMATION_PAGE}.html")
    animation = new_page.locator(".animation").filter(has=new_page.locator("img[id^='_anim_img']")).first
    expect(animation).to_be_visible()
    frame = animation.locator("img[id^='_anim_img']")
    first_src = frame.get_attribute("src")
    assert first_src and first_src.startswith("data:image/"), "the animation shows no frame"

    animation.locator("button[title='Last frame']").click()
    new_page.wait_for_function("([img, src]) => img.src !== src", arg=[frame.element_handle(), first_src])
    assert frame.get_attribute("src") != first_src

    animation.locator("button[title='First frame']").click()
    new_page.wait_for_function("([img, src]) => img.src === src", arg=[frame.element_handle(), first_src])

    animation.locator("button[title='Play']").click()  # plays from frame 0 onwards
    new_page.wait_for_function("([img, src]) => img.src !== src", arg=[frame.element_handle(), first_src])
    animation.locator("button[title='Pause']").click()
    assert new_page.evaluate("() => document.images.length") > 0
    _assert_clean(new_page)


def test_static_explorer_is_a_picture_that_says_it_needs_a_kernel(new_page, book_url):
    """The training explorer needs a kernel: the static page shows its picture and says so,
    with no controls that would move without retraining (issue 20)."""
    docname = _first_page_with("the training explorer", lambda html: "w2v-static-explorer" in html)
    open_page(new_page, f"{book_url}{docname}.html")
    explorer = new_page.locator(".w2v-static-explorer").first
    explorer.scroll_into_view_if_needed()
    expect(explorer).to_be_visible()
    note = explorer.locator(".w2v-static-note").inner_text()
    assert "kernel" in note and "notebook" in note, note
    picture = explorer.locator("img")
    assert picture.get_attribute("src").startswith("data:image/png;base64,")
    assert new_page.evaluate("(img) => img.complete && img.naturalWidth > 100", picture.element_handle())
    assert explorer.locator("button, input, select").count() == 0, "the static explorer shows controls"
    assert new_page.locator(".jupyter-widgets .widget-button").count() == 0, "a widget button without a kernel"
    _assert_clean(new_page)


def _equation_links(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [a["href"] for a in soup.select("article a[href*='#equation-']")]


def test_equation_reference_scrolls_to_the_equation(new_page, book_url):
    docname = _first_page_with("a link to an equation", lambda html: bool(_equation_links(html)))
    open_page(new_page, f"{book_url}{docname}.html")
    links = new_page.locator("article a[href*='#equation-']")
    # A link whose equation is out of sight, so arriving there means the link worked.
    for index in range(links.count()):
        link = links.nth(index)
        target_id = link.get_attribute("href").split("#", 1)[1]
        target = new_page.locator(f"[id='{target_id}']")
        link.scroll_into_view_if_needed()
        if target.count() == 0 or not _in_viewport(target):
            break
    else:
        pytest.fail(f"{docname}: every equation link points at an equation already on screen")

    link.click()

    new_page.wait_for_url(re.compile(f"#{re.escape(target_id)}$"))
    target = new_page.locator(f"[id='{target_id}']")
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    assert target.locator("mjx-container").count() >= 1, "the referenced equation is not typeset"
    _assert_clean(new_page)


def _in_viewport(locator) -> bool:
    return locator.evaluate(
        "(el) => { const r = el.getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight && r.width > 0; }"
    )


def test_search_finds_negative_sampling(new_page, book_url):
    chapters = [name for name in _support.toc_pages() if "negative_sampling" in name]
    assert chapters, "no negative-sampling chapter in the table of contents"
    new_page.goto(f"{book_url}search.html?q={SEARCH_QUERY.replace(' ', '+')}")
    results = new_page.locator("#search-results ul.search li")
    expect(results.first).to_be_visible(timeout=30_000)
    hrefs = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
    assert any(chapters[0] in (href or "") for href in hrefs), (
        f"searching {SEARCH_QUERY!r} did not list {chapters[0]}; results: {hrefs}"
    )
    _assert_clean(new_page)


def test_the_book_opens_at_its_address(new_page, book_url):
    # `make serve` prints the bare address: index.html must lead to the first page of the toc.
    first_page = _support.toc_pages()[0]
    # A page without <link rel="icon"> makes Chromium ask for /favicon.ico: a 404 that shows
    # up only when the redirect is slow enough, so check the declaration itself.
    index = BeautifulSoup(new_page.request.get(book_url).text(), "html.parser")
    icon = index.select_one("link[rel~='icon'][href]")
    assert icon is not None, f"{book_url}index.html declares no icon (the browser then asks for /favicon.ico)"
    assert new_page.request.get(f"{book_url}{icon['href']}").status == 200, f"icon {icon['href']} is not served"

    response = new_page.goto(book_url)
    assert response.status == 200
    new_page.wait_for_url(re.compile(re.escape(f"{first_page}.html")))
    expect(new_page.locator("article h1").first).to_be_visible()
    # Leaving the redirect page cancels its icon request (net::ERR_ABORTED); the icon itself
    # was checked above. Everything else must be clean.
    problems = [
        line for line in new_page.recorder.problems()
        if not ("net::ERR_ABORTED" in line and icon["href"].split("?")[0] in line)
    ]
    assert not problems, "\n  ".join(problems)
