"""Sphinx extension that keeps the rendered w2v-book offline, tidy and honest.

Registered in ``_config.yml`` under ``sphinx: local_extensions``. It

1. serves the small files in ``w2v_static/``: the MathJax 2 shim for widgets, a script that
   puts each derivation line's mark and step number at the front of the line (always in view)
   and a stylesheet (marks readable in dark mode, equation numbers beside the math, tables
   that fit or scroll with a cue);
2. removes duplicate ``<script>`` entries (Sphinx 7.4 can emit an extension's inline
   script twice, e.g. sphinx-thebe's ``THEBE_JS_URL``, which is a redeclaration error);
3. on pages with Jupyter widgets, tells RequireJS where the widget manager lives, so the
   manager finds its fonts under ``_static/widgets/`` instead of next to the page;
4. strips the CDN Font Awesome stylesheet that ``FuncAnimation.to_jshtml()`` links;
5. fails the build if any page still loads something from the network
   (``<script src>``, ``<link href>``, ``<img src>`` or CSS ``@import`` with an
   ``http(s)://`` or ``//`` URL); plain ``<a href>`` links are fine;
6. numbers per chapter: a chapter's source title keeps its number ("# 4. Negative sampling",
   which the notebooks read); the HTML takes the number from the numbered parts of
   ``_toc.yml`` instead (so equations are (4.1), figures 4.1, exercises 4.1), so the title's
   own "4. " is dropped from the doctree, and the build fails if the two numbers differ;
7. builds the student edition: with ``hide_solutions = True`` it removes every solution
   (gated or not) from the doctree.  sphinx-exercise 1.2.1 cannot do this itself for
   gated solutions: its ``solution-start`` returns nothing when ``hide_solutions`` is set,
   the gated content stays visible and the writer crashes on the orphan ``solution_end_node``
   (executablebooks/sphinx-exercise#89).  So the extension takes the setting over.
   The downloads of the student edition hold no solution either: when the build has finished,
   the page sources in ``_sources/`` (the header's Download → .md and .ipynb) and the executed
   notebooks in ``jupyter_execute/`` are rewritten as their student versions, by the rule of
   ``tools/make_notebooks.py`` (solutions removed, stubs kept; a notebook's stubs become
   runnable answer boxes). The search index is built from the cleaned doctrees.
"""

from __future__ import annotations

import re
import sys
from html import escape as html_escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "w2v_static"
TOOLS_DIR = Path(__file__).resolve().parent.parent  # tools/: make_notebooks.py

# A URL that makes the browser go to the network: http://, https:// or protocol-relative //.
_REMOTE = r"""["']?\s*(?:https?:)?//"""
# (description, pattern) pairs for the resources a page *loads*. <a href> is not listed.
EXTERNAL_RESOURCE_PATTERNS = [
    ("<script src>", re.compile(r"<script\b[^>]*\bsrc\s*=\s*" + _REMOTE, re.IGNORECASE)),
    ("<link href>", re.compile(r"<link\b[^>]*\bhref\s*=\s*" + _REMOTE, re.IGNORECASE)),
    ("<img src>", re.compile(r"<img\b[^>]*\bsrc\s*=\s*" + _REMOTE, re.IGNORECASE)),
    ("CSS @import", re.compile(r"@import\s+(?:url\(\s*)?" + _REMOTE, re.IGNORECASE)),
]

# matplotlib's HTMLWriter (FuncAnimation.to_jshtml) links Font Awesome 4 from a CDN.
# The book theme already ships Font Awesome, so the player's icons still render.
CDN_FONT_AWESOME = re.compile(
    r"<link\b[^>]*\bhref\s*=\s*[\"'](?:https?:)?//[^\"']*font-?awesome[^\"']*[\"'][^>]*>",
    re.IGNORECASE,
)

WIDGET_MANAGER_SCRIPT = "widgets/embed-amd.js"


def find_external_resources(html: str) -> list[tuple[str, str]]:
    """Return ``(kind, snippet)`` for every network resource that ``html`` loads.

    >>> find_external_resources('<script src="https://cdn.example/x.js"></script>')
    [('<script src>', '<script src="https://cdn.example/x.js">')]
    >>> find_external_resources('<a href="https://example.org">a link is fine</a>')
    []
    """
    found = []
    for kind, pattern in EXTERNAL_RESOURCE_PATTERNS:
        for match in pattern.finditer(html):
            end = html.find(">", match.start())
            snippet = html[match.start() : end + 1 if end != -1 else match.end() + 80]
            found.append((kind, snippet[:200]))
    return found


def _on_config_inited(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(STATIC_DIR))
    # Student edition: take over hide_solutions (see the module docstring, point 6).
    if config.hide_solutions:
        config.w2v_student_edition = True
        config.hide_solutions = False


def _remove_solutions(app: Sphinx, doctree: nodes.document) -> None:
    """Student edition: drop every (merged) solution node from the page."""
    if not app.config.w2v_student_edition:
        return
    from sphinx_exercise.nodes import solution_node

    for node in list(doctree.findall(solution_node)):
        node.parent.remove(node)


def _make_notebooks():
    """tools/make_notebooks.py, whose rule removes the solutions from sources and notebooks."""
    if str(TOOLS_DIR) not in sys.path:
        sys.path.insert(0, str(TOOLS_DIR))
    import make_notebooks

    return make_notebooks


def student_download(path: Path) -> bool:
    """Rewrite a page source (.md) or notebook (.ipynb) as its student version; True if it changed.

    Files of other kinds are left alone (False).
    """
    make_notebooks = _make_notebooks()
    if path.suffix == ".md" or path.name.endswith(".md.txt"):
        text = path.read_text(encoding="utf-8")
        lines = make_notebooks._SolutionRemover().filter_lines(text.splitlines())
        student = "\n".join(lines) + ("\n" if text.endswith("\n") else "")
    elif path.suffix == ".ipynb":
        import nbformat

        text = path.read_text(encoding="utf-8")
        notebook = make_notebooks.student_notebook(nbformat.reads(text, as_version=4))
        student = nbformat.writes(notebook)
    else:
        return False
    if student == text:
        return False
    path.write_text(student, encoding="utf-8")
    return True


def _clean_student_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Student edition: the sources and notebooks a reader can download lose their solutions (point 7)."""
    if exception is not None or not app.config.w2v_student_edition:
        return
    outdir = Path(app.outdir)
    folders = [outdir / "_sources", outdir.parent / "jupyter_execute"]
    changed = [path for folder in folders if folder.is_dir()
               for path in sorted(folder.rglob("*")) if path.is_file() and student_download(path)]
    logger.info("w2v_offline: student edition, %d downloadable sources and notebooks without solutions",
                len(changed))


_TITLE_NUMBER = re.compile(r"^(\d+)\.\s+")


def _strip_title_number(app: Sphinx, doctree: nodes.document) -> None:
    """Drop "4. " from a chapter's title; Sphinx's section number takes its place (point 6)."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    title = section[0]
    first = title.children[0] if title.children else None
    match = _TITLE_NUMBER.match(first.astext()) if isinstance(first, nodes.Text) else None
    if match is None:
        return
    title.replace(first, nodes.Text(first.astext()[match.end():]))
    app.env.metadata[app.env.docname]["w2v_title_number"] = int(match.group(1))


def _check_title_numbers(app: Sphinx, env: Any) -> None:
    """The number a chapter's source title gives must be the one the table of contents gives."""
    for docname in sorted(env.found_docs):
        written = env.metadata.get(docname, {}).get("w2v_title_number")
        if written is None:
            continue
        given = env.toc_secnumbers.get(docname, {}).get("", ())
        if tuple(given) != (written,):
            raise ExtensionError(
                f"{docname}: the title says chapter {written}, the numbered _toc.yml makes it "
                f"{'.'.join(map(str, given)) or 'unnumbered'}"
            )


def _on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    if any(str(js.filename).endswith(WIDGET_MANAGER_SCRIPT) for js in scripts):
        # A global `require` object defined before require.js loads is its configuration.
        # The widget manager's modules (@jupyter-widgets/base, .../html-manager/dist/...)
        # resolve their fonts next to their module URL, so map both module prefixes onto
        # the folder that holds embed-amd.js and the fonts.
        widgets_dir = context["pathto"]("_static/widgets", 1)
        url = f"new URL('{widgets_dir}', document.baseURI).href"
        app.builder.add_js_file(
            "",
            body=(
                f"var require = {{paths: {{'@jupyter-widgets': {url}, "
                f"'@jupyter-widgets/html-manager/dist': {url}}}}};"
            ),
            priority=499,  # before require.js and embed-amd.js (myst-nb adds them at 500)
        )
    # Drop duplicates (same file or same inline body, same attributes; the priority may
    # differ), keeping the first. `scripts` is the builder's own list, so the widget
    # configuration added above is in it.
    unique = {}
    for js in scripts:
        key = (str(js.filename or ""), tuple(sorted(getattr(js, "attributes", {}).items())))
        unique.setdefault(key, js)
    context["script_files"] = list(unique.values())


def _html_pages(outdir: Path) -> list[Path]:
    return [
        path
        for path in sorted(outdir.rglob("*.html"))
        if not path.relative_to(outdir).parts[0].startswith(("_static", "_sources"))
    ]


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    problems = []
    for page in _html_pages(outdir):
        html = page.read_text(encoding="utf-8")
        stripped = CDN_FONT_AWESOME.sub("", html)
        if stripped != html:
            page.write_text(stripped, encoding="utf-8")
        for kind, snippet in find_external_resources(stripped):
            problems.append((page.relative_to(outdir).as_posix(), kind, snippet))
    for stylesheet in sorted((outdir / "_static").rglob("*.css")):
        css = stylesheet.read_text(encoding="utf-8", errors="replace")
        for kind, snippet in find_external_resources(css):
            problems.append((stylesheet.relative_to(outdir).as_posix(), kind, snippet))
    for where, kind, snippet in problems:
        logger.error(
            "%s loads a network resource (%s): %s", where, kind, snippet,
            type="w2v", subtype="external-resource",
        )
    if problems:
        raise ExtensionError(
            f"{len(problems)} network resource(s) in the built HTML (listed above); the book "
            "must work offline: serve the file from offline_assets/ instead (tools/copy_assets.py)."
        )


# The root index.html that sphinx-external-toc writes is a bare <meta> redirect: no icon, so
# the browser asks for /favicon.ico (a 404 and a console error) while it redirects.
_BARE_REDIRECT = re.compile(r'\s*<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*')
REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="icon" href="{icon}">
<meta http-equiv="Refresh" content="0; url={target}">
</head>
<body><p><a href="{target}">{title}</a></p></body>
</html>
"""


def _on_build_finished_redirect(app: Sphinx, exception: Exception | None) -> None:
    """Turn the root redirect into a small HTML page that declares the book's favicon."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    index = Path(app.outdir) / "index.html"
    match = _BARE_REDIRECT.fullmatch(index.read_text(encoding="utf-8")) if index.is_file() else None
    if match is None or not app.config.html_favicon:
        return
    title = html_escape(app.config.html_title or app.config.project)
    icon = "_static/" + Path(app.config.html_favicon).name
    index.write_text(REDIRECT_PAGE.format(title=title, icon=icon, target=match.group(1)), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("w2v_student_edition", False, "env")
    app.connect("config-inited", _on_config_inited)
    app.connect("doctree-read", _remove_solutions)
    app.connect("build-finished", _clean_student_downloads)
    app.connect("doctree-read", _strip_title_number, priority=100)  # before the title collector
    app.connect("env-check-consistency", _check_title_numbers)
    # Deferred and after MathJax (priority 500), so it runs once MathJax 3 is defined.
    app.add_js_file("w2v_mathjax2_shim.js", defer="defer", priority=510)
    # Marks and step numbers at the front of each derivation line, scroll cues (issue 20).
    app.add_js_file("w2v_layout.js", defer="defer", priority=510)
    app.add_css_file("w2v.css")  # marks readable in dark mode, equations and tables that fit
    app.connect("html-page-context", _on_page_context, priority=900)  # after myst-nb and mathjax
    app.connect("build-finished", _on_build_finished)
    # After sphinx-external-toc has written the redirect (default priority 500).
    app.connect("build-finished", _on_build_finished_redirect, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
