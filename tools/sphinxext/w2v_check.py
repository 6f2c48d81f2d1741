"""Sphinx extension: an answer box under every derivation exercise, checked in the page (Pyodide).

Registered in ``_config.yml`` under ``sphinx: local_extensions`` (both editions). It

1. puts a box after every student-stub cell that calls ``check("<question id>", ...)``, one per
   question id: a ``<form class="w2v-check" data-question="...">`` with a labelled ``<textarea>``,
   a *Check* button and a result area (``role="status"``); a stub that calls
   ``check_steps("<question id>", ...)`` gets a box for a derivation (``data-steps="true"``, a taller
   field labelled "one step per line", checked by :func:`w2vlib.symbolic.steps.check_steps`). An id that
   :data:`w2vlib.symbolic.answers.QUESTIONS` does not know is a build warning (an error under -W);
2. adds ``w2v_check.js`` and ``w2v_check.css`` (in ``w2v_static/``) to the pages that have a box; on the first *Check* it starts
   ``w2v_check_worker.js``, a Web Worker that runs Pyodide and ``w2vlib.symbolic`` from
   ``_static/pyodide/`` (nothing from the network);
3. builds the wheel ``w2vlib-<version>-py3-none-any.whl`` (``w2vlib/__init__.py``,
   ``book_build.py`` and ``w2vlib/symbolic/``, pure Python, from the source at every build), writes it compiled to
   ``.pyc`` as ``_static/pyodide/w2vlib-<version>.zip`` (as tools/copy_assets.py does for the
   sympy and mpmath wheels), and ``_static/pyodide/w2v-check.json``, the files the worker puts
   on Pyodide's ``sys.path``: ``mpmath-<version>.zip``, ``sympy-<version>.zip`` and this one, which is
   served scrambled (:func:`scramble`; the worker unscrambles it), so that no file of the built book
   shows the exercises' answers to a reader who unzips it.
   The build fails if Pyodide or SymPy is missing.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from copy_assets import PYODIDE_FILES as PYODIDE_CORE, compile_zip, pyodide_python  # noqa: E402
PYODIDE_DIR = "pyodide"  # under _static/ (copied from offline_assets/pyodide by tools/copy_assets.py)
MANIFEST = "w2v-check.json"
# check("softmax_grad_center", ...) or check_steps("sigmoid_derivative", ...) in a stub cell; the first
# argument is the question id.
CHECK_CALL = re.compile(r"""\bcheck(_steps)?\(\s*["']([A-Za-z0-9_]+)["']""")
# Fixed time stamp of the files in the w2vlib wheel: the same source gives the same wheel.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- the boxes
def question_ids(source: str) -> list[str]:
    """The question ids that a cell's code checks, in order, each once.

    >>> question_ids('display(check("a_b", "..."))\\ndisplay(check("c", "..."))\\ncheck("a_b", "x")')
    ['a_b', 'c']
    """
    return list(dict.fromkeys(question_id for question_id, _ in checked_questions(source)))


def checked_questions(source: str) -> list[tuple[str, bool]]:
    """``(question id, steps)`` of each check in a cell's code, in order, each once (``steps``: a
    ``check_steps`` call, answered with a derivation).

    >>> checked_questions('check_steps("a", r"...")\\ncheck("a", "...")\\ncheck_steps("a", "")')
    [('a', True), ('a', False)]
    """
    return list(dict.fromkeys((question_id, bool(steps)) for steps, question_id in CHECK_CALL.findall(source)))


def box_html(question_id: str, number: int, quantity: str, steps: bool = False) -> str:
    """The answer box of one question (``number`` makes the element ids unique on the page); with
    ``steps``, a box for a derivation, one step per line."""
    key = f"w2v-check-{html.escape(question_id)}-{number}"
    if steps:
        label = (f"Your derivation of {html.escape(quantity)}, one step per line (= …):" if quantity else
                 "Your derivation, one step per line (= …):")
        rows, kind, placeholder = 5, ' data-steps="true"', "= …&#10;= …&#10;(plain, LaTeX with &amp;= and \\\\, or unicode)"
        keys = ("Enter starts a new line, Ctrl+Enter (or the button) checks. Each step is checked against the "
                "line before it, the first against the asked quantity; ")
    else:
        label = f"Your answer: {html.escape(quantity)} =" if quantity else "Your answer:"
        rows, kind, placeholder = 1, "", "plain, code, LaTeX or unicode"
        keys = "Enter checks, Shift+Enter starts a new line (several lines are checked step by step). "
    return (
        f'<form class="w2v-check{" w2v-check-steps" if steps else ""}" data-question="{html.escape(question_id)}"'
        f'{kind} autocomplete="off" novalidate>\n'
        f'<label class="w2v-check-label" for="{key}">{label}</label>\n'
        f'<div class="w2v-check-row">'
        f'<textarea id="{key}" class="w2v-check-field" name="answer" rows="{rows}" spellcheck="false" '
        f'autocapitalize="off" aria-describedby="{key}-help {key}-result" '
        f'placeholder="{placeholder}"></textarea>'
        f'<button type="submit" class="w2v-check-button">Check</button></div>\n'
        f'<p class="w2v-check-help" id="{key}-help">{keys}'
        f"the check runs in your browser (Python and SymPy, loaded on the first check), "
        f"with no server.</p>\n"
        f'<div class="w2v-check-result" id="{key}-result" role="status" aria-live="polite"></div>\n'
        f"</form>\n"
    )


def _questions() -> dict:
    from w2vlib.symbolic.answers import QUESTIONS

    return QUESTIONS


def _stub_cells(doctree: nodes.document):
    for node in doctree.findall(nodes.container):
        if node.get("nb_element") == "cell_code" and "student-stub" in node.get("cell_metadata", {}).get("tags", []):
            yield node


def _add_boxes(app: Sphinx, doctree: nodes.document) -> None:
    questions = None
    number = 0  # boxes on the page so far
    for cell in list(_stub_cells(doctree)):
        source = "\n".join(block.astext() for block in cell.findall(nodes.literal_block))
        checked = checked_questions(source)
        if not checked:
            continue
        questions = questions if questions is not None else _questions()
        boxes = []
        for question_id, steps in checked:
            if question_id not in questions:
                logger.warning(
                    "exercise stub checks the unknown question %r (known: %s)", question_id, ", ".join(questions),
                    location=cell, type="w2v", subtype="answer-box",
                )
                continue
            number += 1
            boxes.append(box_html(question_id, number, questions[question_id].quantity, steps))
        if boxes:
            cell.parent.insert(cell.parent.index(cell) + 1, nodes.raw("", "".join(boxes), format="html"))


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if 'class="w2v-check"' in context.get("body", ""):
        app.add_js_file("w2v_check.js", defer="defer")
        app.add_css_file("w2v_check.css")


# --------------------------------------------------------------------------- the w2vlib wheel
#: The served w2vlib zip is XORed with this key (w2v_check_worker.js has the same key and undoes it), so
#: that no file of the built book, the student edition's included, holds the exercises' answers as
#: readable text, zipped or not. It is no secret: a checker must contain the answers it checks.
SCRAMBLE_KEY = b"w2v-book: a checker holds the answers it checks"


def scramble(data: bytes) -> bytes:
    """``data`` XOR the repeated :data:`SCRAMBLE_KEY` (its own inverse)."""
    key = (SCRAMBLE_KEY * (len(data) // len(SCRAMBLE_KEY) + 1))[:len(data)]
    return (int.from_bytes(data, "big") ^ int.from_bytes(key, "big")).to_bytes(len(data), "big")


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_w2vlib_wheel(dest_dir: Path, root: Path = ROOT) -> Path:
    """Write the pure-Python wheel that Pyodide imports: ``w2vlib/__init__.py`` (lazy), what it
    imports (``book_build.py``) and ``w2vlib/symbolic/``; return its path. The version is
    pyproject.toml's."""
    version = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    package = root / "w2vlib"
    # w2vlib/__init__.py imports book_build (the standard library only) when it loads.
    sources = [package / "__init__.py", package / "book_build.py"] + sorted(
        path for path in (package / "symbolic").rglob("*.py") if "__pycache__" not in path.parts
    )
    files = {path.relative_to(root).as_posix(): path.read_bytes() for path in sources}
    dist_info = f"w2vlib-{version}.dist-info"
    files[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: w2vlib\nVersion: {version}\n"
        "Summary: w2vlib.symbolic only: the answer checker of the w2v-book, for Pyodide\n"
        "Requires-Dist: sympy\n"
    ).encode()
    files[f"{dist_info}/WHEEL"] = (
        "Wheel-Version: 1.0\nGenerator: w2v-book (tools/sphinxext/w2v_check.py)\n"
        "Root-Is-Purelib: true\nTag: py3-none-any\n"
    ).encode()
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in files.items())
    files[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\n").encode()
    dest_dir.mkdir(parents=True, exist_ok=True)
    wheel = dest_dir / f"w2vlib-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return wheel


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    runtime = Path(app.outdir) / "_static" / PYODIDE_DIR
    missing = [name for name in PYODIDE_CORE if not (runtime / name).is_file()]
    libraries = sorted(path.name for path in runtime.glob("*.zip")
                       if path.name != "python_stdlib.zip" and not path.name.startswith("w2vlib-"))
    if not any(name.startswith("sympy-") for name in libraries):
        missing.append("sympy-<version>.zip")
    if missing:
        raise ExtensionError(
            f"the in-page answer checker needs Pyodide and SymPy in {runtime} (missing: {', '.join(missing)}): "
            "run `python tools/copy_assets.py` (make does)"
        )
    for stale in runtime.glob("w2vlib-*"):  # an earlier build's (Sphinx keeps old static files)
        stale.unlink()
    with tempfile.TemporaryDirectory() as folder:
        wheel = build_w2vlib_wheel(Path(folder))
        served = runtime / (wheel.name.split("-py3-")[0] + ".zip")  # w2vlib-<version>.zip, compiled like SymPy
        compile_zip(wheel, served, compile_to=pyodide_python(runtime / "pyodide-lock.json"))
    served.write_bytes(scramble(served.read_bytes()))
    # what the worker puts on Pyodide's sys.path, and which of those it unscrambles first
    manifest = {"path": libraries + [served.name], "scrambled": [served.name]}
    (runtime / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _add_boxes)
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
