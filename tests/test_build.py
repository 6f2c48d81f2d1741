"""The built book is complete, offline, and a wrong derivation or reference breaks the build.

Uses the HTML that `make test` builds before running pytest (`_build/html`; set
``W2V_BUILD_DIR`` to test another build folder). Tiny throw-away books, built with the
book's own config and flags, show that the build fails loudly on a refuted derivation
step, on a broken equation reference and on a page that loads something from a CDN.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = Path(os.environ.get("W2V_BUILD_DIR", ROOT / "_build"))
HTML_DIR = BUILD_DIR / "html"
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
BUILD_FLAGS = ["-W", "-n", "--keep-going"]  # the flags of `make book`

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tools" / "sphinxext"))
import w2v_offline  # noqa: E402  (the book's Sphinx extension)
from make_notebooks import toc_files  # noqa: E402


def _is_remote(url: str | None) -> bool:
    return bool(url) and re.match(r"\s*(https?:)?//", url, re.IGNORECASE) is not None


def network_resources(html: str) -> list[str]:
    """Resources a page loads from the network, found by an HTML parser (not by regex)."""
    soup = BeautifulSoup(html, "html.parser")
    found = [f"<script src={tag['src']}>" for tag in soup.find_all("script", src=True) if _is_remote(tag["src"])]
    found += [f"<link href={tag['href']}>" for tag in soup.find_all("link", href=True) if _is_remote(tag["href"])]
    found += [f"<img src={tag['src']}>" for tag in soup.find_all("img", src=True) if _is_remote(tag["src"])]
    for style in soup.find_all("style"):
        found += [f"@import {url}" for url in re.findall(r"@import\s+(?:url\()?\s*[\"']?([^\"')\s;]+)", style.get_text()) if _is_remote(url)]
    return found


@pytest.fixture(scope="session")
def html_dir() -> Path:
    if not (HTML_DIR / "index.html").is_file():
        pytest.fail(f"no built book in {HTML_DIR}: run `make test` (or `make book`) first")
    return HTML_DIR


def book_pages(html_dir: Path) -> list[Path]:
    return [html_dir / f"{name}.html" for name in toc_files(ROOT / "_toc.yml")]


def test_every_page_of_the_toc_was_built(html_dir):
    missing = [str(page.relative_to(html_dir)) for page in book_pages(html_dir) if not page.is_file()]
    assert not missing, f"pages listed in _toc.yml but not built: {missing}"


def test_network_resource_finder_flags_cdn_tags_and_ignores_links():
    page = """<html><head><script src="https://cdn.example.org/a.js"></script>
    <link rel="stylesheet" href="//cdn.example.org/b.css"><style>@import url("http://x.org/c.css");</style>
    <script src="../_static/local.js"></script></head>
    <body><img src="https://img.example.org/d.png"><a href="https://example.org">a link</a></body></html>"""
    assert len(network_resources(page)) == 4


def test_extension_check_agrees_with_the_parser_and_strips_cdn_font_awesome():
    page = """<script src="https://cdn.example.org/a.js"></script><link href='//x.org/b.css'>
    <img src="http://x.org/c.png"><style>@import url(https://x.org/d.css);</style>
    <script src="_static/e.js"></script><a href="https://example.org">fine</a>"""
    assert len(w2v_offline.find_external_resources(page)) == len(network_resources(page)) == 4
    animation = '<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/font-awesome/4.4.0/css/font-awesome.min.css">'
    assert w2v_offline.CDN_FONT_AWESOME.sub("", animation + "<p>x</p>") == "<p>x</p>"
    assert doctest.testmod(w2v_offline).failed == 0


def test_no_page_loads_anything_from_the_network(html_dir):
    offenders = {}
    for page in sorted(html_dir.rglob("*.html")):
        if page.relative_to(html_dir).parts[0] in ("_static", "_sources"):
            continue
        found = network_resources(page.read_text(encoding="utf-8"))
        if found:
            offenders[str(page.relative_to(html_dir))] = found
    assert not offenders, f"pages that load from the network: {offenders}"


def test_offline_assets_are_served_with_the_book(html_dir):
    static = html_dir / "_static"
    for asset in [
        "mathjax/tex-chtml.js",
        "mathjax/input/tex/extensions/html.js",  # \class, autoloaded
        "mathjax/input/tex/extensions/color.js",  # \color, autoloaded
        "mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff",
        "require.js",
        "widgets/embed-amd.js",
        "w2v_mathjax2_shim.js",
    ]:
        assert (static / asset).is_file(), f"{asset} is missing from {static}"
    assert list((static / "widgets").glob("*.woff2")), "the widget manager's fonts are missing"


def test_pages_with_math_load_the_local_mathjax(html_dir):
    intro = (html_dir / "book" / "intro.html").read_text(encoding="utf-8")
    sources = [tag["src"] for tag in BeautifulSoup(intro, "html.parser").find_all("script", src=True)]
    assert any(src.startswith("../_static/mathjax/tex-chtml.js") for src in sources), sources


def test_pages_with_widgets_load_the_local_widget_manager(html_dir):
    for page in book_pages(html_dir):
        html = page.read_text(encoding="utf-8")
        if "application/vnd.jupyter.widget-state+json" in html:
            assert_widget_page_is_wired(html, page.name)


def assert_widget_page_is_wired(html: str, name: str) -> None:
    scripts = BeautifulSoup(html, "html.parser").find_all("script")
    sources = [tag.get("src", "") for tag in scripts]
    require = next(i for i, src in enumerate(sources) if "_static/require.js" in src)
    manager = next(i for i, src in enumerate(sources) if "_static/widgets/embed-amd.js" in src)
    config = next(i for i, tag in enumerate(scripts) if "'@jupyter-widgets'" in tag.get_text())
    assert config < require < manager, f"{name}: RequireJS paths must be set before require.js loads"
    bodies = [tag.get_text() for tag in scripts if not tag.get("src") and tag.get_text().strip()]
    assert len(bodies) == len(set(bodies)), f"{name}: an inline script is emitted twice"


# --- Tiny books built with the book's own configuration and flags ---------------------------

TOC = "format: jb-book\nroot: page\n"
HEADER = textwrap.dedent(
    """\
    ---
    jupytext:
      text_representation: {extension: .md, format_name: myst}
    kernelspec: {display_name: Python 3, language: python, name: python3}
    ---
    """
)


def tiny_book_config() -> dict:
    """The book's _config.yml with every path made absolute, so it works from a temp dir."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["logo"] = str(ROOT / config["logo"])
    config["html"]["favicon"] = str(ROOT / config["html"]["favicon"])
    config["bibtex_bibfiles"] = [str(ROOT / path) for path in config["bibtex_bibfiles"]]
    sphinx = config["sphinx"]
    sphinx["local_extensions"] = {name: str(ROOT / path) for name, path in sphinx["local_extensions"].items()}
    sphinx["config"]["html_static_path"] = [str(ROOT / path) for path in sphinx["config"]["html_static_path"]]
    return config


def build_tiny_book(folder: Path, page: str, pre_executed: list | None = None) -> subprocess.CompletedProcess:
    """Build a one-page book in ``folder``; with a list ``pre_executed``, first run
    tools/execute_chapters.py as `make book` does and append its CompletedProcess to the list."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_config.yml").write_text(yaml.safe_dump(tiny_book_config()), encoding="utf-8")
    (folder / "_toc.yml").write_text(TOC, encoding="utf-8")
    (folder / "page.md").write_text(page, encoding="utf-8")
    if pre_executed is not None:
        pre_executed.append(subprocess.run(
            [sys.executable, str(ROOT / "tools" / "execute_chapters.py"), "--root", str(folder)],
            capture_output=True, text=True, timeout=900, cwd=folder, env={**os.environ, "W2V_BOOK_BUILD": "1"}))
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(folder), "--path-output", str(folder), *BUILD_FLAGS],
        capture_output=True, text=True, timeout=900, cwd=folder,
    )


GOOD_PAGE = HEADER + textwrap.dedent(
    r"""
    # A good page

    $$
    \class{w2v-proved}{\color{green}{\checkmark}} \quad a = a
    $$ (eq-good)

    See {eq}`eq-good`.

    ```{code-cell} ipython3
    import ipywidgets
    ipywidgets.IntSlider(value=3, description=r"$K$")
    ```
    """
)

WRONG_STEP_PAGE = HEADER + textwrap.dedent(
    r'''
    # A page with a wrong derivation step

    ```{code-cell} ipython3
    from w2vlib.symbolic import Derivation

    Derivation.from_latex(r"""
    \sigma(-x) &= \frac{1}{1 + e^{x}} && \text{definition} \\
      &= 1 - \frac{1}{1 + e^{x}} && \text{forgot which side}
    """, "sigmoid").assert_valid()
    ```
    '''
)

BROKEN_PAGE = HEADER + textwrap.dedent(
    """
    # A page with a broken reference and a CDN script

    As {eq}`eq-that-does-not-exist` shows.

    ```{raw} html
    <script src="https://cdn.example.org/library.js"></script>
    ```
    """
)


@pytest.fixture(scope="session")
def good_tiny_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("good_book")
    pre_executed = []
    result = build_tiny_book(folder, GOOD_PAGE, pre_executed)
    result.pre_executed = pre_executed[0]
    return folder, result


def test_tiny_book_with_correct_content_builds(good_tiny_book):
    folder, result = good_tiny_book
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = (folder / "_build" / "html" / "page.html").read_text(encoding="utf-8")
    assert network_resources(html) == []
    assert "application/vnd.jupyter.widget-state+json" in html
    assert_widget_page_is_wired(html, "page.html")


def test_pages_executed_before_the_build_are_taken_from_the_cache(good_tiny_book):
    # tools/execute_chapters.py reads a page as myst-nb does, so the build finds it in the cache.
    _, result = good_tiny_book
    assert result.pre_executed.returncode == 0, result.pre_executed.stderr[-3000:]
    assert "page.md executed in" in result.pre_executed.stdout, result.pre_executed.stdout
    assert "Using cached notebook" in result.stdout, result.stdout[-3000:]
    assert "Executing notebook" not in result.stdout, result.stdout[-3000:]


def test_a_wrong_derivation_step_fails_the_build_and_is_named(tmp_path, good_tiny_book):
    assert good_tiny_book[1].returncode == 0, "the harness itself is broken (see the test above)"
    pre_executed = []
    result = build_tiny_book(tmp_path, WRONG_STEP_PAGE, pre_executed)
    # the page fails before the build (and is not cached), then the strict build stops at it
    assert pre_executed[0].returncode == 1 and "DerivationError" in pre_executed[0].stderr, pre_executed[0]
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "DerivationError" in output, output[-3000:]
    assert "forgot which side" in output and "step 2" in output, output[-3000:]


def test_a_broken_equation_reference_and_a_cdn_script_fail_the_build(tmp_path, good_tiny_book):
    assert good_tiny_book[1].returncode == 0, "the harness itself is broken (see the test above)"
    result = build_tiny_book(tmp_path, BROKEN_PAGE)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "eq-that-does-not-exist" in output, output[-3000:]
    assert "cdn.example.org/library.js" in output, output[-3000:]


def test_a_chapter_title_number_that_disagrees_with_the_toc_fails_the_build():
    from types import SimpleNamespace

    from sphinx.errors import ExtensionError

    env = SimpleNamespace(found_docs={"book/ch04", "book/intro"},
                          metadata={"book/ch04": {"w2v_title_number": 4}, "book/intro": {}},
                          toc_secnumbers={"book/ch04": {"": (4,)}})
    w2v_offline._check_title_numbers(None, env)  # agrees: no error
    env.toc_secnumbers["book/ch04"] = {"": (5,)}
    with pytest.raises(ExtensionError, match="title says chapter 4.*makes it 5"):
        w2v_offline._check_title_numbers(None, env)
