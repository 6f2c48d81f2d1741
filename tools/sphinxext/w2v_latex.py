"""Sphinx extension for the printed w2v-book (``make pdf``) and the HTML book's link to it.

Registered in ``_config.yml`` under ``sphinx: local_extensions``, next to ``w2v_offline``. It

1. gives the LaTeX build (XeLaTeX) the files in ``w2v_texinputs/``: the document class
   ``w2vprint.cls`` (sphinx-jupyterbook-latex's class without the packages only
   texlive-fonts-extra has) and ``w2vbook.sty``, whose ``\\class`` macro prints the symbolic
   checker's MathJax-only ``\\class{w2v-…}{…}`` marks as real glyphs (✓, ✓*, ✗, (✗)), plus
   fonts for the characters the text fonts lack and accents grouped as MathJax groups them;
2. numbers the chapters as the book does: a page titled ``N. Title`` is chapter N (its
   equations are (N.1), (N.2), …) and the front and back matter are unnumbered;
3. sets long tables as ``longtable`` (they break across pages) with column widths from their text;
4. gives every animation and widget output a still picture for print, with a line saying where
   to run it: the last frame of a ``FuncAnimation.to_jshtml()`` player, the image shown by a
   widget (read from the notebook's saved widget state). The still is one more mime type of the
   output (``image/png``), so the HTML book keeps the live output and only LaTeX picks the still;
5. adds **Book (PDF)** to the HTML book's download menu when ``make pdf`` has built the PDF of
   the same edition before the HTML build (teacher: ``_build/latex/w2v-book.pdf``, student:
   ``_build/student/_build/latex/w2v-book-student.pdf``), and copies the PDF into the site.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

TEXINPUTS = Path(__file__).parent / "w2v_texinputs"
STYLE = TEXINPUTS / "w2vbook.sty"
DOCUMENT_CLASS = TEXINPUTS / "w2vprint.cls"  # replaces sphinx-jupyterbook-latex's jupyterBook.cls
TEACHER_PDF = "w2v-book.pdf"
STUDENT_PDF = "w2v-book-student.pdf"
DOWNLOADS = "_downloads"  # where the HTML site keeps the PDF

# XeLaTeX fonts (Debian: fonts-freefont-otf, fonts-dejavu-core). FreeSerif for text and math
# text; DejaVu Sans Mono for code and outputs (it has the arrows, ŷ, − and box characters the
# chapters print, which FreeMono draws poorly or lacks).
FONTPKG = r"""
\setmainfont{FreeSerif}[Extension=.otf, UprightFont=*, ItalicFont=*Italic,
  BoldFont=*Bold, BoldItalicFont=*BoldItalic]
\setsansfont{FreeSans}[Extension=.otf, UprightFont=*, ItalicFont=*Oblique,
  BoldFont=*Bold, BoldItalicFont=*BoldOblique]
\setmonofont{DejaVu Sans Mono}[Scale=0.88]
"""

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# A frame of matplotlib's jshtml player: frames[i] = "data:image/png;base64,<lines ending in \>".
_JSHTML_FRAME = re.compile(r'frames\[\d+\]\s*=\s*"data:image/png;base64,([^"]+)"')
_WIDGET_JSON = re.compile(r"<script[^>]*>(.*)</script>", re.S)

ANIMATION_NOTE = (
    "Still picture: the last frame of an animation. To play it, open this chapter in the HTML "
    "book, or run it as a notebook (make lab, or the Binder button of the HTML book)."
)
WIDGET_NOTE = (
    "Still picture of an interactive widget. To use it, run this chapter as a notebook "
    "(make lab, or the Binder button of the HTML book)."
)


def pdf_name(config: Config) -> str:
    """The PDF's file name for this edition (w2v_offline sets ``w2v_student_edition`` at config-inited)."""
    return STUDENT_PDF if getattr(config, "w2v_student_edition", False) else TEACHER_PDF


def _on_config_inited(app: Sphinx, config: Config) -> None:
    # LaTeX: the document class and the style file next to the .tex (the style file loaded at
    # the end of the preamble). sphinx-jupyterbook-latex sets its own class at config-inited;
    # this handler runs after it.
    config.latex_additional_files = [*config.latex_additional_files, str(DOCUMENT_CLASS), str(STYLE)]
    config.latex_theme = DOCUMENT_CLASS.stem
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + "\n\\usepackage{w2vbook}\n"
    elements.setdefault("fontpkg", FONTPKG)
    elements.setdefault("papersize", "a4paper")
    elements.setdefault("pointsize", "11pt")
    config.latex_elements = elements
    # HTML: the PDF of this edition, if `make pdf` built it (sibling `latex` folder of the HTML).
    built = Path(app.outdir).parent / "latex" / pdf_name(config)
    config.w2v_pdf_download = pdf_name(config) if built.is_file() else ""


# ---------------------------------------------------------------------------------------------
# Still pictures of animations and widgets
# ---------------------------------------------------------------------------------------------

def _last_animation_frame(html: str) -> bytes | None:
    """PNG bytes of the last frame of a ``to_jshtml()`` player, or None if ``html`` is not one."""
    frames = _JSHTML_FRAME.findall(html)
    if not frames:
        return None
    return base64.b64decode(frames[-1].replace("\\\n", "").replace("\\n", "").replace("\n", ""))


def _widget_image(view_html: str, state: dict) -> bytes | None:
    """PNG bytes of the first Image widget inside the widget shown by ``view_html``, or None."""
    match = _WIDGET_JSON.search(view_html)
    if match is None:
        return None
    try:
        model_id = json.loads(match.group(1))["model_id"]
    except (ValueError, KeyError, TypeError):
        return None
    models = state.get("state", {})
    seen, todo = set(), [model_id]
    while todo:  # breadth first through the children, so the widget's main picture comes first
        current = todo.pop(0)
        if current in seen or current not in models:
            continue
        seen.add(current)
        model = models[current]
        if model.get("model_name") == "ImageModel":
            for buffer in model.get("buffers", []):
                if buffer.get("path") == ["value"] and buffer.get("encoding") == "base64":
                    return base64.b64decode(buffer["data"])
        children = model.get("state", {}).get("children", [])
        todo.extend(child.removeprefix("IPY_MODEL_") for child in children if isinstance(child, str))
    return None


def _widget_state(app: Sphinx, docname: str) -> dict:
    try:
        from myst_nb.sphinx_ import NbMetadataCollector

        js_files = NbMetadataCollector.get_js_files(app.env, docname)
    except (ImportError, KeyError, AttributeError):
        return {}
    _, kwargs = js_files.get("ipywidgets_state", (None, {}))
    try:
        return json.loads(kwargs.get("body", "{}"))
    except ValueError:
        return {}


def _still_container(app: Sphinx, docname: str, png: bytes, note: str) -> nodes.container:
    """An ``image/png`` mime container: the still (written next to myst-nb's outputs) and the note."""
    name = f"still-{hashlib.sha256(png).hexdigest()[:16]}.png"
    folder = Path(app.outdir).parent / "jupyter_execute" / Path(docname).parent
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        path.write_bytes(png)
    uri = "/" + path.resolve().relative_to(Path(app.srcdir).resolve()).as_posix()
    image = nodes.image(uri=uri, alt="still picture")
    image["candidates"] = {"*": path.resolve().relative_to(Path(app.srcdir).resolve()).as_posix()}
    paragraph = nodes.paragraph("", "", nodes.emphasis(note, note))
    return nodes.container("", image, paragraph, mime_type="image/png", classes=["w2v-still"])


def _add_stills(app: Sphinx, doctree: nodes.document) -> None:
    """Give each animation or widget output an ``image/png`` still (LaTeX picks it, HTML does not)."""
    docname = app.env.docname
    state = None
    for bundle in list(doctree.findall(nodes.container)):
        if bundle.get("nb_element") != "mime_bundle":
            continue
        by_type = {child.get("mime_type"): child for child in bundle.children}
        if "image/png" in by_type or "application/pdf" in by_type:
            continue
        png, note = None, None
        if WIDGET_VIEW in by_type:
            state = _widget_state(app, docname) if state is None else state
            png, note = _widget_image(by_type[WIDGET_VIEW].astext(), state), WIDGET_NOTE
        elif "text/html" in by_type and "w2v-static-explorer" in by_type["text/html"].astext():
            png, note = _static_explorer_image(by_type["text/html"].astext()), WIDGET_NOTE
        elif "text/html" in by_type:
            png, note = _last_animation_frame(by_type["text/html"].astext()), ANIMATION_NOTE
        if png is not None:
            bundle.append(_still_container(app, docname, png, note))


def _static_explorer_image(html: str) -> bytes | None:
    """The picture of the static book's explorer (``TrainingExplorer.static_html``), or None."""
    match = re.search(r'class="w2v-static-explorer".*?src="data:image/png;base64,([^"]+)"', html, re.S)
    return base64.b64decode(match.group(1)) if match else None


# ---------------------------------------------------------------------------------------------
# Chapter numbers: the book's own ("2. Softmax gradients" is chapter 2), front matter unnumbered
# ---------------------------------------------------------------------------------------------

_NUMBERED_TITLE = re.compile(r"(\d+)\.\s+(.+)", re.S)


class ChapterNumbers(SphinxPostTransform):
    """LaTeX: number a page titled ``N. Title`` as chapter N (title ``Title``), the others not at all.

    LaTeX would number every page of the book in turn (Notation 1, ..., "2. Softmax gradients"
    4), so equations would be (4.1) where the chapter says 2. Runs on the whole book's tree.
    The introduction, before the first part, gets empty running heads.
    """

    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for start in list(self.document.findall(addnodes.start_of_file)):
            section = next((child for child in start.children if isinstance(child, nodes.section)), None)
            if section is None or not isinstance(section[0], nodes.title):
                continue
            title = section[0]
            match = _NUMBERED_TITLE.fullmatch(title.astext().strip())
            # the numbered _toc.yml's number (w2v_offline has already dropped "N. " from the title)
            numbers = self.env.toc_secnumbers.get(start.get("docname", ""), {}).get("", ())
            if match and len(title.children) == 1 and isinstance(title[0], nodes.Text):
                title[0] = nodes.Text(match.group(2))
                command = rf"\wtvnumberedchapter{{{int(match.group(1))}}}"
            elif numbers:
                command = rf"\wtvnumberedchapter{{{int(numbers[0])}}}"
            else:
                command = r"\wtvunnumberedchapter"
            start.insert(start.index(section), nodes.raw("", command + "\n", format="latex"))
        # The root page (the introduction, whose title is the book's) follows the contents:
        # its pages would be headed "Contents".
        self.document.insert(0, nodes.raw("", "\\markboth{}{}\n", format="latex"))


# ---------------------------------------------------------------------------------------------
# Long tables: split across pages, columns as wide as their text needs
# ---------------------------------------------------------------------------------------------

LONG_TABLE_ROWS = 15  # more rows than this (with wrapped cells) may not fit on one page


LINE_CHARACTERS = 90  # about this many characters of the text font fill a line


def column_widths(columns: list[list[str]]) -> list[int]:
    """Widths (in characters, summing to about a line) for columns of cell texts.

    Each column gets its longest word plus 2, and the rest of the line goes to the columns
    in proportion to what twice their mean cell (up to 60 characters) needs beyond that.

    >>> column_widths([["000", "001"], ["a long sentence that needs room", "short"], ["writer or scan"]])
    [6, 47, 37]
    """
    needed = [2 + max((len(word) for cell in cells for word in cell.split()), default=1) for cells in columns]
    wanted = [max(need, min(60, 2 * sum(map(len, cells)) // max(1, len(cells)))) for need, cells in zip(needed, columns)]
    spare = max(0, LINE_CHARACTERS - sum(needed))
    extra = sum(want - need for want, need in zip(wanted, needed)) or 1
    return [need + round(spare * (want - need) / extra) for want, need in zip(wanted, needed)]


class OpenDropdowns(SphinxPostTransform):
    """LaTeX: a dropdown (an admonition folded in the HTML page) is printed open, its title as a
    rubric and then its content, so that a long table inside it breaks across pages like any other
    (a table in a framed box cannot, and a long one exhausts TeX's input stack)."""

    default_priority = 4  # before LongTables
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for admonition in list(self.document.findall(nodes.admonition)):
            if type(admonition) is not nodes.admonition or "dropdown" not in admonition.get("classes", []):
                continue
            title = next((child for child in admonition.children if isinstance(child, nodes.title)), None)
            opened = [nodes.rubric("", "", *title.children)] if title is not None else []
            opened += [child for child in admonition.children if not isinstance(child, nodes.title)]
            admonition.replace_self(opened)


class LongTables(SphinxPostTransform):
    """LaTeX: a table of many rows becomes a ``longtable`` (it breaks across pages).

    Sphinx makes a table a ``longtable`` only above 30 rows, and a ``tabulary`` cannot break:
    ch07's table of findings ran off its page. A ``longtable`` without given widths has
    columns that never wrap, so each column gets a width from its text: its longest word fits,
    and the rest of the line is shared in proportion to the columns' longest cells.
    """

    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            if "longtable" in table["classes"] or self._inside_a_box(table):
                continue
            rows = list(table.findall(nodes.row))
            groups = list(table.findall(nodes.tgroup))
            if len(rows) <= LONG_TABLE_ROWS or len(groups) != 1:
                continue
            colspecs = [child for child in groups[0].children if isinstance(child, nodes.colspec)]
            if any(len(row.children) != len(colspecs) for row in rows):
                continue  # spanning cells: keep Sphinx's layout
            cells = [[row.children[index].astext() for row in rows] for index in range(len(colspecs))]
            for colspec, width in zip(colspecs, column_widths(cells)):
                colspec["colwidth"] = width
            table["classes"] += ["longtable", "colwidths-given"]

    @staticmethod
    def _inside_a_box(node: nodes.Node) -> bool:
        """A longtable cannot break inside an admonition, an exercise or another table."""
        parent = node.parent
        while parent is not None:
            if isinstance(parent, (nodes.Admonition, nodes.table)) or "exercise" in parent.get("classes", []) \
                    or type(parent).__name__ in ("exercise_node", "solution_node", "proof_node"):
                return True
            parent = parent.parent
        return False


# ---------------------------------------------------------------------------------------------
# The HTML book's link to the PDF
# ---------------------------------------------------------------------------------------------

def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: Any) -> None:
    name = app.config.w2v_pdf_download
    if not name:
        return
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].insert(0, {
                "type": "link",
                "url": context["pathto"](f"{DOWNLOADS}/{name}", 1),
                "text": "Book (PDF)",
                "tooltip": "Download the whole book as a PDF",
                "icon": "fas fa-book",
                "label": "download-book-pdf-button",
            })


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    name = app.config.w2v_pdf_download
    if name:
        target = Path(app.outdir) / DOWNLOADS / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(app.outdir).parent / "latex" / name, target)


def setup(app: Sphinx) -> dict[str, Any]:
    # "html": pages are rewritten (not re-read) when the PDF appears or disappears.
    app.add_config_value("w2v_pdf_download", "", "html")
    app.connect("config-inited", _on_config_inited, priority=600)  # after w2v_offline
    app.add_post_transform(ChapterNumbers)
    app.add_post_transform(OpenDropdowns)
    app.add_post_transform(LongTables)
    app.connect("doctree-read", _add_stills, priority=400)  # before Sphinx collects the images
    app.connect("html-page-context", _on_page_context, priority=600)  # after the book theme's buttons
    app.connect("build-finished", _on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
