"""Helpers for the browser tests: where the built book is, a local server, the browser, and
what a page is expected to show (read from its static HTML) versus what Chromium shows.

Nothing here talks to the network: the book is served from 127.0.0.1 by a thread of the test
process, and Chromium is started with its background networking switched off and every host
name except 127.0.0.1 mapped to "not found", so a page that tries to reach a CDN fails fast
and the request is still recorded (and reported) by :class:`RequestRecorder`.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
BUILD_DIR = Path(os.environ.get("W2V_BUILD_DIR", ROOT / "_build"))
# The teacher edition (`make book`) and the student edition (`make student`, see the Makefile).
HTML_DIR = Path(os.environ.get("W2V_HTML_DIR", BUILD_DIR / "html"))
STUDENT_HTML_DIR = Path(os.environ.get("W2V_STUDENT_HTML_DIR", BUILD_DIR / "student" / "_build" / "html"))
# Screenshots go next to the HTML they show (`_build/screenshots/` for `make test`); never committed.
SCREENSHOT_DIR = Path(os.environ.get("W2V_SCREENSHOT_DIR", HTML_DIR.parent / "screenshots"))
TOC_FILE = Path(os.environ.get("W2V_TOC", ROOT / "_toc.yml"))

sys.path.insert(0, str(ROOT / "tools"))
from make_notebooks import toc_files  # noqa: E402  (tools/ is not a package)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Any host other than 127.0.0.1 resolves to nothing: an external request fails at once
    # instead of waiting for a DNS timeout, and page.on("request") has already recorded it.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

# Schemes that never leave the machine: inline data, blobs made by the page, about:blank.
LOCAL_SCHEMES = {"data", "blob", "about"}
MATH_MARK_CLASSES = ("w2v-proved", "w2v-numeric", "w2v-refuted", "w2v-follows")
NAVIGATION_TIMEOUT_MS = 60_000
MATH_TIMEOUT_MS = 30_000


# --- The table of contents --------------------------------------------------------------------
def toc_pages(toc_path: Path = TOC_FILE) -> list[str]:
    """The documents of the jb-book ``_toc.yml`` in reading order, without suffix.

    The same reading of the table of contents as ``make notebooks`` and the build tests.
    """
    return [re.sub(r"\.(md|ipynb)$", "", name) for name in toc_files(toc_path)]


def page_file(html_dir: Path, docname: str) -> Path:
    return html_dir / f"{docname}.html"


def screenshot_name(docname: str, mode: str) -> str:
    """``book/ch02_softmax`` in dark mode → ``book__ch02_softmax-dark.png``."""
    return f"{docname.replace('/', '__')}-{mode}.png"


# --- A local HTTP server ------------------------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        pass  # the browser-side recorder reports what matters


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port in a thread; yield the base URL."""
    if not (directory / "index.html").is_file():
        raise FileNotFoundError(
            f"no built book in {directory} (index.html missing): run `make test` (it builds the "
            "book and the student edition first), or point W2V_HTML_DIR / W2V_STUDENT_HTML_DIR at a build"
        )
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve {directory}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- The browser ----------------------------------------------------------------------------------
def launch_chromium(playwright):
    """Debian's Chromium, headless, with the offline flags; a fresh profile per launch.

    ``browser_type.launch`` makes Playwright create a throw-away ``--user-data-dir``; every
    context made from this browser is incognito-like on top of it.
    """
    if not CHROMIUM.is_file():
        raise RuntimeError(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(as root: apt-get install chromium; .ci/run installs it)"
        )
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


@dataclass
class RequestRecorder:
    """Everything a page asks the network for, and everything that goes wrong while loading it."""

    allowed_origin: str  # e.g. "http://127.0.0.1:41234"
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page) -> "RequestRecorder":
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        return self

    def _is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return True
        origin = f"{parts.scheme}://{parts.netloc}"
        return parts.scheme in ("http", "https", "ws") and origin == self.allowed_origin

    def _on_request(self, request) -> None:
        self.requests.append(request.url)
        if not self._is_local(request.url):
            self.external.append(f"{request.resource_type} {request.url}")

    def _on_request_failed(self, request) -> None:
        self.failed.append(f"{request.url[:200]} ({request.failure})")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.bad_responses.append(f"HTTP {response.status} {response.url}")

    def _on_console(self, message) -> None:
        if message.type == "error":
            where = message.location or {}
            at = f"{where.get('url', '?')}:{where.get('lineNumber', '?')}"
            self.console_errors.append(f"{message.text} (at {at})")

    def _on_page_error(self, error) -> None:
        self.page_errors.append(str(error))

    def problems(self) -> list[str]:
        """One line per problem, empty when the page loaded cleanly and offline."""
        return (
            [f"request leaves 127.0.0.1: {url}" for url in self.external]
            + [f"request failed: {text}" for text in self.failed]
            + [f"bad response: {text}" for text in self.bad_responses]
            + [f"page error: {text}" for text in self.page_errors]
            + [f"console error: {text}" for text in self.console_errors]
        )


# --- What the static HTML says the page should show ------------------------------------------------
_CLASS_MARK = re.compile(r"\\class\{(w2v-[a-z]+)\}")


@dataclass
class StaticExpectations:
    """Counted in the HTML as Sphinx wrote it, before any script ran."""

    math_elements: int  # <span class="math ..."> / <div class="math ..."> (prose, amsmath, cell outputs)
    output_math: int  # of which inside executed cell outputs (the checker's derivations)
    marks: Counter  # \class{w2v-...} per class name in the page source, code listings excepted
    marks_in_math: Counter  # of which inside math elements (the rest can only render via widgets)
    solutions: int
    exercises: int
    student_stubs: int


def is_math_element(tag) -> bool:
    return tag.name in ("span", "div") and "math" in (tag.get("class") or [])


def static_expectations(html: str) -> StaticExpectations:
    r"""Count what the browser must render, in the raw HTML of a page.

    >>> page = (r'<div class="math">\[a \class{w2v-proved}{b}\]</div><span class="math">\(x\)</span>'
    ...         r'<div class="cell_input"><pre>r"\class{w2v-proved}{\checkmark}"</pre></div>')
    >>> found = static_expectations(page)
    >>> found.math_elements, dict(found.marks), dict(found.marks_in_math)
    (2, {'w2v-proved': 1}, {'w2v-proved': 1})
    """
    soup = BeautifulSoup(html, "html.parser")
    math_elements = soup.find_all(is_math_element)
    marks_in_math: Counter = Counter()
    for element in math_elements:
        marks_in_math.update(_CLASS_MARK.findall(element.get_text()))
    # Every occurrence in the source (outputs, widget state included) except code the reader
    # sees as code: a cell's source listing.
    listed: Counter = Counter()
    for listing in soup.select(".cell_input"):
        listed.update(_CLASS_MARK.findall(str(listing)))
    marks = Counter(_CLASS_MARK.findall(html))
    marks.subtract(listed)
    return StaticExpectations(
        math_elements=len(math_elements),
        output_math=sum(1 for element in math_elements if element.find_parent(class_="cell_output")),
        marks=+marks,
        marks_in_math=marks_in_math,
        solutions=len(soup.select(".solution")),
        exercises=len(soup.select(".exercise")),
        student_stubs=len(soup.select(".tag_student-stub")),
    )


def solution_texts(html: str, *, min_length: int = 25) -> list[str]:
    """Distinctive pieces of text of the page's solutions (whitespace removed).

    A piece counts only if it occurs nowhere else on the page (outside every solution), so
    finding it on the student page can only mean a solution leaked.
    """
    soup = BeautifulSoup(html, "html.parser")
    body = soup.body or soup
    for tag in body.find_all(["script", "style", "template"]):
        tag.decompose()
    pieces = []
    for solution in body.select(".solution"):
        for title in solution.select(".admonition-title"):
            title.decompose()
        blocks = solution.find_all(["p", "li", "pre", "div"], recursive=True)
        for block in blocks:
            if block.name == "div" and block.find(["p", "li", "pre", "div"]):
                continue  # use the innermost blocks only
            for line in block.get_text("\n").splitlines():
                text = squash(line)
                if len(text) >= min_length:
                    pieces.append(text)
    for solution in body.select(".solution"):
        solution.decompose()
    rest = squash(body.get_text(""))
    return sorted({piece for piece in pieces if piece not in rest})


def squash(text: str) -> str:
    """Text without whitespace: highlighted code and MathJax split text into many nodes."""
    return "".join(text.split())


# --- Scripts run in the page ------------------------------------------------------------------------
# Resolves once MathJax has typeset the page (pages without math load no MathJax at all).
WAIT_FOR_MATHJAX_JS = """
async () => {
  for (let i = 0; i < 600 && window.MathJax && !(window.MathJax.startup && window.MathJax.startup.promise); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
    await window.MathJax.startup.promise;
    return window.MathJax.version || "unknown";
  }
  return null;
}
"""

# Load every image now (lazy ones included), then report the broken ones.
LOAD_IMAGES_JS = """
async () => {
  const images = Array.from(document.images);
  await Promise.all(images.map((img) => {
    img.loading = "eager";
    if (img.complete) return Promise.resolve();
    return new Promise((resolve) => {
      img.addEventListener("load", resolve, {once: true});
      img.addEventListener("error", resolve, {once: true});
      setTimeout(resolve, 15000);
    });
  }));
  return images
    .filter((img) => !(img.complete && img.naturalWidth > 0))
    .map((img) => (img.getAttribute("src") || "(no src)").slice(0, 120) + (img.id ? " #" + img.id : ""));
}
"""

# What the reader's browser shows once MathJax is done.
RENDERED_STATE_JS = """
(markClasses) => {
  const visibleOnly = (el) => !el.closest("mjx-assistive-mml");
  const mathElements = Array.from(document.querySelectorAll("span.math, div.math"));
  const untypeset = mathElements
    .filter((el) => el.querySelectorAll("mjx-container").length !== 1)
    .map((el) => (el.id ? "#" + el.id + " " : "") + el.textContent.trim().slice(0, 100));
  const marks = {};
  for (const name of markClasses) {
    marks[name] = Array.from(document.getElementsByClassName(name))
      .filter((el) => el.closest("mjx-container") && visibleOnly(el)).length;
  }
  // Display math wider than the text column must scroll, never be cut off.
  const wide = Array.from(document.querySelectorAll("mjx-container[display='true']"))
    .filter((el) => el.scrollWidth > el.clientWidth + 1);
  const scrolls = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(node).overflowX) && node.scrollWidth > node.clientWidth) return true;
    }
    return false;
  };
  const cutOff = wide.filter((el) => !scrolls(el))
    .map((el) => { const math = el.closest(".math"); return math && math.id ? "#" + math.id : el.textContent.slice(0, 60); });
  // Prose text the reader sees, without code listings (code may legitimately show "$$").
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll("script, style, pre, code, textarea, mjx-container, template, noscript")
    .forEach((el) => el.remove());
  const article = document.querySelector("article") || document.querySelector("main") || document.body;
  const box = article.getBoundingClientRect();
  return {
    containers: document.querySelectorAll("mjx-container").length,
    containersInMath: mathElements.reduce((n, el) => n + el.querySelectorAll("mjx-container").length, 0),
    mathErrors: Array.from(document.querySelectorAll("mjx-merror, mjx-container [data-mjx-error]"))
      .map((el) => (el.getAttribute("data-mjx-error") || el.textContent).slice(0, 120)),
    untypeset: untypeset,
    marks: marks,
    wideMath: wide.length,
    cutOffMath: cutOff,
    text: clone.textContent,
    pageHeight: document.documentElement.scrollHeight,
    articleBox: {x: box.x + window.scrollX, y: box.y + window.scrollY, width: box.width, height: box.height},
    articleTextLength: article.innerText.trim().length,
    theme: document.documentElement.dataset.theme || null,
  };
}
"""


def wait_until_typeset(page) -> str | None:
    """Wait for MathJax's first typesetting, the network, and math typeset later (widgets)."""
    version = page.evaluate(WAIT_FOR_MATHJAX_JS)
    page.wait_for_load_state("networkidle")
    if version:
        try:  # every math element gets its container; a timeout is reported by the checks
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('span.math, div.math'))"
                ".every((el) => el.querySelector('mjx-container'))",
                timeout=MATH_TIMEOUT_MS,
            )
        except PlaywrightError:
            pass
        page.evaluate(WAIT_FOR_MATHJAX_JS)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return version


def open_page(page, url: str):
    """Go to ``url``, wait until it is typeset; return (response, MathJax version)."""
    response = page.goto(url, wait_until="load", timeout=NAVIGATION_TIMEOUT_MS)
    return response, wait_until_typeset(page)


RAW_MATH_PATTERNS = {
    "$$": re.compile(r"\$\$"),
    "\\[": re.compile(r"\\\["),
    "\\(": re.compile(r"\\\("),
    "\\begin{": re.compile(r"\\begin\{"),
}


def raw_math_left(text: str) -> list[str]:
    """Unrendered TeX delimiters in visible prose, each with some context.

    >>> raw_math_left("the loss $$J = -\\\\log y$$ here")
    ['$$ in: the loss $$J = -\\\\log y$$ here']
    >>> raw_math_left("costs 5 dollars")
    []
    """
    found = []
    for name, pattern in RAW_MATH_PATTERNS.items():
        for match in pattern.finditer(text):
            context = " ".join(text[max(0, match.start() - 40) : match.end() + 40].split())
            found.append(f"{name} in: {context}")
            break  # one example per delimiter is enough
    return found


def image_stats(path: Path, box: dict | None = None) -> tuple[float, float]:
    """(mean, standard deviation) of the grey levels of a screenshot, or of ``box`` in it."""
    from PIL import Image, ImageStat

    with Image.open(path) as image:
        grey = image.convert("L")
        if box and box["width"] > 0 and box["height"] > 0:
            left, top = max(0, int(box["x"])), max(0, int(box["y"]))
            right = min(grey.width, int(box["x"] + box["width"]))
            bottom = min(grey.height, int(box["y"] + box["height"]))
            if right > left and bottom > top:
                grey = grey.crop((left, top, right, bottom))
        stat = ImageStat.Stat(grey)
        return stat.mean[0], stat.stddev[0]
