"""Turn every chapter in _toc.yml into plain Jupyter notebooks, for teachers and students.

For each page of the table of contents that is a notebook (a MyST file with a jupytext
``kernelspec``), writes

* ``<out>/teacher/<name>.ipynb``: every cell except the exercise stubs (cells tagged
  ``student-stub``), so the solutions run in their place; each solution is a ``<details>``
  block (its code cells collapsed);
* ``<out>/student/<name>.ipynb``: everything between ``{solution-start}`` and
  ``{solution-end}`` (and inside any ``{solution}`` directive) removed, prose and code alike.
  The stubs are kept and made runnable: a derivation stub ``check("id", "...")`` becomes the
  answer box ``answer_box("id")``; a code stub that raises
  ``NotImplementedError("Student exercise: ...")`` is tagged ``raises-exception`` (JupyterLab
  and nbclient then go on with the next cell) and prints "Exercise not done yet: ..." instead
  of a traceback.

Both editions read like the book in JupyterLab: MyST roles become Markdown links
(``{ref}``, ``{eq}``, ``{numref}``, ``{prf:ref}``) or author–year citations (``{cite}``, with a
References list at the end, from ``book/references.bib``); labels and directive options are
dropped (an ``<a id>`` anchor stays where a label was), exercises become headings,
admonitions become quotes, figure captions become Markdown under the figure, equations get
their number as ``\\tag``, and build-only cells (``remove-cell`` cells that define nothing a
later cell uses, such as the build's asserts) are dropped. A hidden first code cell sets the
notebook up (see :data:`SETUP_CELL`).

Notebooks are written without outputs. With ``--keep-edited`` (``make lab``), a notebook that
was changed since it was generated (its cells' sources differ from the hash recorded in its
metadata) is left alone, and the new version is written next to it as ``<name>.new.ipynb``.
With ``--course`` (``make course``), writes an nbgrader course instead: ``<out>/nbgrader_config.py``
and ``<out>/source/<chNN>/<chapter>.ipynb``, the student edition in which each exercise that can
be graded automatically becomes an answer cell (the solution between ``### BEGIN SOLUTION`` and
``### END SOLUTION``) and a locked graded cell (see :func:`course_notebook`).
Usage: ``python tools/make_notebooks.py [--out _build/notebooks] [--keep-edited | --course]``.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
STUB_TAG = "student-stub"
SKIP_TAG = "skip-execution"
RAISES_TAG = "raises-exception"
METADATA_KEY = "w2v_book"  # notebook metadata: source, edition, hash of the generated sources

# Opening fence of a MyST directive: ``` or ~~~ or ::: (3 or more), then {name} and an argument.
_DIRECTIVE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,}|:{3,})\s*\{(?P<name>[a-z:-]+)\}\s*(?P<argument>.*)$")
_OPTION = re.compile(r"^\s*:(?P<key>[a-z_-]+):\s*(?P<value>.*)$")
_LABEL_LINE = re.compile(r"^\s*\((?P<label>[^()\s]+)\)=\s*$")
_EQUATION_END = re.compile(r"^(?P<math>.*?)\$\$\s*\((?P<label>[^()\s]+)\)\s*$")
_ROLE = re.compile(r"\{(?P<role>[a-z]+(?::[a-z]+)?)\}`(?P<content>[^`]+)`")
_EXPLICIT_TITLE = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
_CODE_LABEL = re.compile(r"""\blabel\s*=\s*["'](?P<label>eq-[^"']+)["']""")
_CHECK_STUB = re.compile(r"""\bcheck\((?P<quote>["'])(?P<question>[A-Za-z0-9_]+)(?P=quote),\s*["']\.\.\.["']\)""")
# check_steps("sigmoid_derivative", r"""...""") — a derivation asked step by step (w2vlib.symbolic.steps);
# the stub may show the layout, a first step and ... (or \dots) for the rest (r"""\frac{dJ}{dx} &= ... \\ &= ...""").
_STEPS_STUB = re.compile(r"\bcheck_steps\((?P<quote>[\"'])(?P<question>[A-Za-z0-9_]+)(?P=quote),\s*r?"
                         r"(?P<body>\"{3}|'{3}|[\"'])(?P<skeleton>(?:(?!(?P=body)).)*?(?:\.\.\.|\\dots)(?:(?!(?P=body)).)*?)(?P=body)\)", re.S)
_ADMONITIONS = {"note", "tip", "hint", "important", "warning", "caution", "attention", "danger",
                "error", "seealso"}

# The first code cell of every generated notebook (its source is collapsed in JupyterLab).
# The generator fills in EQUATION_NUMBERS: this chapter's equation labels and their numbers.
SETUP_CELL = r'''# Set-up for running this chapter in Jupyter (written by tools/make_notebooks.py).
import re

from IPython import get_ipython
from IPython.core.formatters import MarkdownFormatter

EQUATION_NUMBERS = {}


class BookMarkdown(MarkdownFormatter):
    """Markdown output as the book shows it: a labelled display gets its number as a tag."""

    def __call__(self, obj):
        text = super().__call__(obj)
        if not isinstance(text, str):
            return text
        return re.sub(r"\n\$\$ \(([^()\s]+)\)",
                      lambda match: "\n\\tag{%s}\n$$" % EQUATION_NUMBERS.get(match[1], match[1]), text)


def exercise_not_done(shell, etype, value, tb, tb_offset=None):
    """An unfinished exercise says so in one line; any other error shows its traceback."""
    if str(value).startswith("Student exercise"):
        task = str(value).removeprefix("Student exercise").lstrip(":, ")
        print(f"\x1b[1;33mExercise not done yet\x1b[0m: {task}. Write your code in this cell "
              "and run it again; the cells below do not need it.")
    else:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)


shell = get_ipython()
shell.display_formatter.formatters["text/markdown"] = BookMarkdown(parent=shell.display_formatter)
shell.set_custom_exc((NotImplementedError,), exercise_not_done)
'''


# --- The table of contents ---------------------------------------------------------------------

def toc_files(toc_path: Path) -> list[str]:
    """Return the files of a jb-book ``_toc.yml`` in reading order (without suffix)."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return files


def find_source(root: Path, name: str) -> Path:
    for suffix in (".md", ".ipynb"):
        path = root / f"{name}{suffix}"
        if path.is_file():
            return path
    raise FileNotFoundError(f"_toc.yml lists {name!r} but neither {name}.md nor {name}.ipynb exists")


def is_notebook(path: Path) -> bool:
    """True for .ipynb files and MyST files with a jupytext kernelspec header."""
    if path.suffix == ".ipynb":
        return True
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return False
    header = text.split("---", 2)[1]
    return "kernelspec" in (yaml.safe_load(header) or {})


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


# --- Teacher and student editions (which cells) ---------------------------------------------------

def teacher_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """All cells except the student stubs."""
    result = nbformat.from_dict(notebook)
    result.cells = [cell for cell in result.cells if STUB_TAG not in _tags(cell)]
    return result


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Solutions removed (across cells), stubs kept and made runnable (see the module docstring)."""
    result = nbformat.from_dict(notebook)
    cells = []
    state = _SolutionRemover()
    for cell in result.cells:
        if cell.cell_type == "markdown":
            kept = state.filter_lines(cell.source.splitlines())
            cell.source = "\n".join(kept).strip("\n")
            if cell.source.strip():
                cells.append(cell)
        elif not state.inside:
            if STUB_TAG in _tags(cell):
                _make_stub_runnable(cell)
            cells.append(cell)
    if state.inside:
        raise ValueError("a {solution-start} (or {solution}) block is never closed")
    result.cells = cells
    return result


def _make_stub_runnable(cell: nbformat.NotebookNode) -> None:
    """Drop skip-execution; ``check(id, "...")`` → an answer box, ``check_steps(id, r\"\"\"...\"\"\")`` → a
    box for a derivation (``steps=True``); a raising stub → raises-exception."""
    tags = [tag for tag in _tags(cell) if tag != SKIP_TAG]
    source = cell.source
    if _CHECK_STUB.search(source) or _STEPS_STUB.search(source):
        source = _CHECK_STUB.sub(lambda match: f"answer_box({match['quote']}{match['question']}{match['quote']})",
                                 source)
        source = _STEPS_STUB.sub(lambda match: f"answer_box({match['quote']}{match['question']}{match['quote']}, "
                                               "steps=True)", source)
        source = re.sub(r"(from w2vlib\.symbolic\.exercise import )check(_steps)?\b", r"\1answer_box", source)
        source = re.sub(r"[ \t]*#\s*replace \.\.\. with your (answer|steps)[^\n]*", "", source)
        if "import answer_box" not in source:
            source = "from w2vlib.symbolic.exercise import answer_box\n\n" + source.lstrip("\n")
    if "NotImplementedError" in source and RAISES_TAG not in tags:
        tags.append(RAISES_TAG)
    cell.source = source
    cell.metadata["tags"] = tags


class _SolutionRemover:
    """Line filter that drops solution blocks, remembering its state across cells."""

    def __init__(self) -> None:
        self.inside = False  # inside a solution: drop everything
        self.gated = False  # {solution-start} ... {solution-end} rather than {solution}
        self.skip_directive_fence: str | None = None  # closes the {solution-start} header
        self.closing_fence: str | None = None  # fence that ends the solution

    def filter_lines(self, lines: list[str]) -> list[str]:
        kept = []
        for line in lines:
            if not self.inside:
                match = _DIRECTIVE.match(line)
                if match and match["name"] in ("solution-start", "solution"):
                    self.inside = True
                    # Gated: runs until the {solution-end} directive's closing fence.
                    # Plain {solution}: runs until its own closing fence.
                    self.gated = match["name"] == "solution-start"
                    self.closing_fence = None if self.gated else match["fence"]
                    self.skip_directive_fence = match["fence"] if self.gated else None
                    continue
                kept.append(line)
                continue
            stripped = line.strip()
            if self.gated:
                if self.skip_directive_fence and stripped == self.skip_directive_fence:
                    self.skip_directive_fence = None  # end of the {solution-start} options
                    continue
                match = _DIRECTIVE.match(line)
                if match and match["name"] == "solution-end":
                    self.closing_fence = match["fence"]
                    continue
                if self.closing_fence and stripped == self.closing_fence:
                    self.inside, self.closing_fence = False, None
                continue
            if stripped == self.closing_fence:
                self.inside, self.closing_fence = False, None
        return kept


# --- What the book's labels point at --------------------------------------------------------------

@dataclass
class Target:
    """A label: the notebook (or page) it is in, its anchor, and the text a link shows."""

    doc: str  # file name without suffix, e.g. "ch02_softmax_gradients"
    anchor: str | None  # None: the page itself
    text: str
    is_notebook: bool


@dataclass
class BookIndex:
    """Every label of the book and every bibliography entry, read from the sources."""

    targets: dict[str, Target] = field(default_factory=dict)
    numbers: dict[str, dict[str, str]] = field(default_factory=dict)  # doc → equation label → "2.3"
    bibliography: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def build(cls, root: Path) -> "BookIndex":
        index = cls(bibliography=_read_bibliography(root / "book" / "references.bib"))
        for position, name in enumerate(toc_files(root / "_toc.yml")):
            source = find_source(root, name)
            notebook = is_notebook(source)
            cells = jupytext.read(source).cells if notebook else [
                nbformat.v4.new_markdown_cell(source.read_text(encoding="utf-8"))]
            index._add_document(Path(name).name, cells, notebook, position)
        return index

    def _add_document(self, doc: str, cells: list, notebook: bool, position: int) -> None:
        title = next((match[1] for cell in cells if cell.cell_type == "markdown"
                      for match in [re.search(r"^# (.+)$", cell.source, re.M)] if match), doc)
        number = re.match(r"(\d+)\.", title)
        prefix = f"{number[1]}." if number else f"{position}."
        counters: dict[str, int] = {}
        equations = self.numbers.setdefault(doc, {})

        def count(kind: str) -> str:
            counters[kind] = counters.get(kind, 0) + 1
            return f"{prefix}{counters[kind]}"

        first_label = True
        for cell in cells:
            if cell.cell_type == "code":
                figure = cell.metadata.get("mystnb", {}).get("figure", {})
                for match in _CODE_LABEL.finditer(cell.source):
                    equations[match["label"]] = count("equation")
                    self.targets[match["label"]] = Target(doc, match["label"], f"({equations[match['label']]})",
                                                          notebook)
                if figure.get("name"):
                    self.targets[figure["name"]] = Target(doc, figure["name"], f"Figure {count('figure')}",
                                                          notebook)
                continue
            lines = cell.source.splitlines()
            for i, line in enumerate(lines):
                if match := _LABEL_LINE.match(line):
                    heading = next((re.sub(r"^#+\s*", "", later) for later in lines[i + 1:]
                                    if later.startswith("#")), title)
                    anchor = None if first_label and heading == title else match["label"]
                    self.targets[match["label"]] = Target(doc, anchor, heading, notebook)
                elif match := _EQUATION_END.match(line):
                    equations[match["label"]] = count("equation")
                    self.targets[match["label"]] = Target(doc, match["label"], f"({equations[match['label']]})",
                                                          notebook)
                elif match := _DIRECTIVE.match(line):
                    name = match["name"]
                    options = _options(lines, i + 1)
                    if name in ("exercise", "exercise-start"):
                        text = f"Exercise {count('exercise')}"
                    elif name.startswith("prf:") and name != "prf:proof":
                        text = f"{name[4:].capitalize()} {count(name)}"
                    elif name == "figure":
                        text = f"Figure {count('figure')}"
                    elif name == "math":
                        equations[options.get("label", "")] = count("equation")
                        text = f"({equations[options.get('label', '')]})"
                    else:
                        continue
                    if "label" in options or "name" in options:
                        label = options.get("label") or options["name"]
                        self.targets[label] = Target(doc, label, text, notebook)
                if line.startswith("# "):
                    first_label = False

    def link(self, label: str, text: str | None, here: str) -> str:
        """Markdown for a reference to ``label`` from notebook ``here`` (plain text if no notebook)."""
        target = self.targets.get(label)
        if target is None:
            raise KeyError(f"{here}: reference to unknown label {label!r}")
        text = text or target.text
        if not target.is_notebook:
            return f"*{text}* (in the book)"
        if target.doc == here:
            return f"[{text}](#{target.anchor})" if target.anchor else text
        return f"[{text}]({target.doc}.ipynb{'#' + target.anchor if target.anchor else ''})"


def _options(lines: list[str], start: int) -> dict[str, str]:
    """The ``:key: value`` options right after a directive's opening line."""
    options = {}
    for line in lines[start:]:
        match = _OPTION.match(line)
        if not match:
            break
        options[match["key"]] = match["value"].strip()
    return options


def _read_bibliography(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    from pybtex.database import parse_file  # sphinxcontrib-bibtex's parser

    entries = {}
    for key, entry in parse_file(str(path)).entries.items():
        people = entry.persons.get("author", []) or entry.persons.get("editor", [])
        last = [" ".join(person.last_names) for person in people]
        if len(last) >= 3:
            short = f"{last[0]} et al."
        elif len(last) == 2:
            short = f"{last[0]} and {last[1]}"
        else:
            short = last[0] if last else entry.fields.get("title", key)
        full = ", ".join(f"{' '.join(person.last_names)}, {' '.join(n[0] + '.' for n in person.first_names)}"
                         for person in people)
        fields = {name: _plain_bibtex(value) for name, value in entry.fields.items()}
        venue = fields.get("journal") or fields.get("booktitle") or fields.get("howpublished", "")
        entries[key] = {"short": _plain_bibtex(short), "year": fields.get("year", "n.d."),
                        "full": _plain_bibtex(full), "title": fields.get("title", ""), "venue": venue,
                        "url": fields.get("url", "")}
    return entries


def _plain_bibtex(text: str) -> str:
    text = re.sub(r"\\url\{([^}]*)\}", r"\1", text)
    return text.replace("{", "").replace("}", "").replace("--", "–")


# --- MyST markup → Markdown that JupyterLab renders -------------------------------------------------

class MarkdownConverter:
    """Converts the Markdown cells of one notebook, in order (solutions and exercises span cells)."""

    def __init__(self, index: BookIndex, doc: str, edition: str) -> None:
        self.index, self.doc, self.edition = index, doc, edition
        self.cited: list[str] = []
        self.exercise_titles: dict[str, str] = {}  # exercise label → "Exercise 2.1"
        self.solution: str | None = None  # inside a solution: its summary text

    # Roles -------------------------------------------------------------------------------------
    def roles(self, text: str) -> str:
        return _ROLE.sub(self._role, text)

    def _role(self, match: re.Match) -> str:
        role, content = match["role"], match["content"].strip()
        explicit = _EXPLICIT_TITLE.match(content)
        title, target = (explicit["title"], explicit["target"]) if explicit else (None, content)
        if role in ("ref", "numref", "prf:ref", "eq", "doc"):
            target = Path(target).name if role == "doc" else target
            if role == "numref" and title and "%s" in title:
                title = title.replace("%s", self.index.targets[target].text.split()[-1])
            return self.index.link(target, title, self.doc)
        if role in ("cite", "cite:p", "cite:t", "cite:ps", "cite:ts"):
            return self._citation(target.split(","), textual=role.startswith("cite:t"))
        if role == "math":
            return f"${content}$"
        return content  # any other role: its text

    def _citation(self, keys: list[str], textual: bool) -> str:
        parts = []
        for key in (key.strip() for key in keys):
            entry = self.index.bibliography.get(key)
            if entry is None:
                raise KeyError(f"{self.doc}: citation of unknown key {key!r} (book/references.bib)")
            if key not in self.cited:
                self.cited.append(key)
            text = f"{entry['short']} ({entry['year']})" if textual else f"{entry['short']}, {entry['year']}"
            parts.append(f"[{text}](#ref-{key})")
        return "; ".join(parts) if textual else f"({'; '.join(parts)})"

    def references(self) -> str | None:
        """The References section for the entries this notebook cites."""
        if not self.cited:
            return None
        lines = ["## References", ""]
        for key in self.cited:
            entry = self.index.bibliography[key]
            url = f" <{entry['url']}>" if entry["url"] else ""
            venue = f" {entry['venue']}." if entry["venue"] else ""
            lines.append(f'- <a id="ref-{key}"></a>{entry["full"]} ({entry["year"]}). '
                         f'*{entry["title"]}*.{venue}{url}')
        return "\n".join(lines)

    # Cells -------------------------------------------------------------------------------------
    def cell(self, source: str) -> str:
        """One Markdown cell: directives, labels, roles; a solution's prose in <details>."""
        blocks = self._convert(source.splitlines())
        pieces, current = [], []
        for kind, text in blocks:
            if kind == "text":
                current.append(text)
                continue
            # kind: "open-solution" / "close-solution" boundaries inside this cell
            pieces.append(("\n".join(current), self.solution))
            current = []
            self.solution = text if kind == "open-solution" else None
        pieces.append(("\n".join(current), self.solution))
        out = []
        for text, summary in pieces:
            text = text.strip("\n")
            if not text.strip():
                continue
            if summary is not None and self.edition == "teacher":
                text = f"<details>\n<summary><b>{summary}</b></summary>\n\n{text}\n\n</details>"
            out.append(text)
        return re.sub(r"\n{3,}", "\n\n", "\n\n".join(out)).strip("\n")

    def _convert(self, lines: list[str]) -> list[tuple[str, str]]:
        """Lines → ("text", markdown) and solution boundary markers, in order."""
        blocks: list[tuple[str, str]] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if match := _LABEL_LINE.match(line):
                target = self.index.targets.get(match["label"])
                if target and target.anchor:
                    blocks.append(("text", f'<a id="{match["label"]}"></a>\n'))
                i += 1
                continue
            if match := _EQUATION_END.match(line):
                label = match["label"]
                number = self.index.numbers.get(self.doc, {}).get(label)
                blocks.append(("text", f"{match['math']}\\tag{{{number}}}\n$$" if number else
                               f"{match['math']}$$"))
                self._anchor_before_math(blocks, label)
                i += 1
                continue
            if match := _DIRECTIVE.match(line):
                i = self._directive(lines, i, match, blocks)
                continue
            if re.match(r"^\s*%", line):  # MyST comment
                i += 1
                continue
            blocks.append(("text", self.roles(line)))
            i += 1
        return blocks

    def _anchor_before_math(self, blocks: list[tuple[str, str]], label: str) -> None:
        """Put ``<a id=label>`` before the ``$$`` that opened this display (a blank line between)."""
        for position in range(len(blocks) - 1, -1, -1):
            kind, text = blocks[position]
            if kind == "text" and text.strip().startswith("$$"):
                blocks.insert(position, ("text", f'<a id="{label}"></a>\n'))
                return

    def _directive(self, lines: list[str], start: int, match: re.Match, blocks: list) -> int:
        """Convert the directive opening at ``lines[start]``; return the index after it."""
        fence, name, argument = match["fence"], match["name"], match["argument"].strip()
        end = start + 1
        options = _options(lines, end)
        end += len(options)
        body: list[str] = []
        while end < len(lines) and lines[end].strip() != fence:
            body.append(lines[end])
            end += 1
        end += 1  # the closing fence (or the end of the cell)
        while body and not body[0].strip():
            body.pop(0)
        label = options.get("label") or options.get("name")
        anchor = f'<a id="{label}"></a>\n\n' if label else ""
        inner = "\n".join(text for kind, text in self._convert(body) if kind == "text")
        if name in ("exercise-start", "exercise"):
            title = self.index.targets[label].text if label in self.index.targets else "Exercise"
            self.exercise_titles[label or argument] = title
            heading = f"### {title}" + (f": {self.roles(argument)}" if argument else "")
            blocks.append(("text", f"{anchor}{heading}\n\n{inner}"))
        elif name in ("exercise-end", "solution-end"):
            if name == "solution-end":
                blocks.append(("close-solution", ""))
        elif name in ("solution-start", "solution"):
            exercise = self.exercise_titles.get(argument.split()[0] if argument else "", "the exercise")
            blocks.append(("open-solution", f"Solution to {exercise}"))
            if inner.strip():
                blocks.append(("text", inner))
            if name == "solution":
                blocks.append(("close-solution", ""))
        elif name == "admonition" or name in _ADMONITIONS:
            title = self.roles(argument) if name == "admonition" else name.capitalize()
            quoted = "\n".join(f"> {text}" if text else ">" for text in f"**{title}**\n\n{inner}".splitlines())
            blocks.append(("text", f"{anchor}{quoted}\n"))
        elif name == "prf:proof":
            blocks.append(("text", f"*Proof.* {inner.strip()} ∎\n"))
        elif name.startswith("prf:"):
            title = self.index.targets[label].text if label in self.index.targets else name[4:].capitalize()
            named = f" ({self.roles(argument)})" if argument else ""
            blocks.append(("text", f"{anchor}**{title}{named}.** {inner.strip()}\n"))
        elif name == "math":
            number = self.index.numbers.get(self.doc, {}).get(label or "")
            tag = f"\n\\tag{{{number}}}" if number else ""
            blocks.append(("text", f"{anchor}$$\n{chr(10).join(body).strip()}{tag}\n$$\n"))
        elif name in ("code-block", "code", "sourcecode"):
            blocks.append(("text", f"```{argument}\n" + "\n".join(body) + "\n```\n"))
        elif name in ("figure", "image"):
            caption = f"\n\n*{inner.strip()}*" if inner.strip() else ""
            blocks.append(("text", f"{anchor}![{options.get('alt', '')}]({argument}){caption}\n"))
        else:  # any other directive: its content
            blocks.append(("text", f"{anchor}{inner}\n"))
        return end


# --- Code cells ----------------------------------------------------------------------------------

def _bound_names(source: str) -> set[str]:
    """Names a cell binds at top level (assignments, imports, defs, classes)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        else:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names.add(sub.id)
    return names


def _is_build_only(cells: list, position: int) -> bool:
    """A remove-cell cell that binds nothing a later code cell uses (the build's asserts)."""
    bound = _bound_names(cells[position].source)
    later = " ".join(cell.source for cell in cells[position + 1:] if cell.cell_type == "code")
    used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", later))
    return not (bound & used)


def _hide_source(cell: nbformat.NotebookNode) -> None:
    cell.metadata.setdefault("jupyter", {})["source_hidden"] = True


def readable_notebook(notebook: nbformat.NotebookNode, index: BookIndex, doc: str,
                      edition: str) -> nbformat.NotebookNode:
    """The notebook of one edition as JupyterLab should show it (see the module docstring)."""
    result = nbformat.from_dict(notebook)
    converter = MarkdownConverter(index, doc, edition)
    source_cells = result.cells
    cells = []
    for position, cell in enumerate(source_cells):
        tags = _tags(cell)
        if cell.cell_type == "markdown":
            cell.source = converter.cell(cell.source)
            labels = [match["label"] for following in source_cells[position + 1:position + 2]
                      if following.cell_type == "code" for match in _CODE_LABEL.finditer(following.source)]
            cell.source += "".join(f'\n\n<a id="{label}"></a>' for label in labels)
            if cell.source.strip():
                cells.append(cell)
            continue
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        if "remove-cell" in tags:
            if _is_build_only(source_cells, position):
                continue
            _hide_source(cell)  # set-up the book hides (imports): needed, but not the lesson
        if {"remove-input", "hide-input"} & set(tags) or converter.solution is not None:
            _hide_source(cell)
        figure = cell.metadata.pop("mystnb", {}).get("figure", {})
        cell.metadata["tags"] = [tag for tag in tags if tag not in ("remove-cell", "remove-input", "hide-input")]
        if not cell.metadata["tags"]:
            del cell.metadata["tags"]
        cells.append(cell)
        if figure.get("caption") or figure.get("name"):
            target = index.targets.get(figure.get("name", ""))
            anchor = f'<a id="{figure["name"]}"></a>\n\n' if figure.get("name") else ""
            number = f"**{target.text}.** " if target else ""
            cells.append(nbformat.v4.new_markdown_cell(
                f"{anchor}{number}{converter.roles(' '.join(str(figure.get('caption', '')).split()))}"))
    references = converter.references()
    if references:
        cells.append(nbformat.v4.new_markdown_cell(references))
    numbers = index.numbers.get(doc, {})
    setup = nbformat.v4.new_code_cell((COURSE_SETUP_CELL if edition == "course" else SETUP_CELL).replace(
        "EQUATION_NUMBERS = {}", f"EQUATION_NUMBERS = {json.dumps(numbers, indent=4) if numbers else '{}'}"))
    _hide_source(setup)
    first_code = next((i for i, cell in enumerate(cells) if cell.cell_type == "code"), len(cells))
    cells.insert(first_code, setup)
    for position, cell in enumerate(cells):  # stable, unique cell ids
        cell["id"] = f"{edition[0]}{position:03d}"
    result.cells = cells
    result.nbformat, result.nbformat_minor = 4, 5
    return result


# --- The nbgrader course (make course) -----------------------------------------------------------
#
# The course edition is the student edition in which every exercise that can be graded
# automatically is split into nbgrader cells: an answer cell (a "solution" cell, with the solution
# between ### BEGIN SOLUTION and ### END SOLUTION) and a locked, graded test cell. The solutions
# come from the chapter's own {solution-start} blocks, so the course never drifts from the book.

COURSE_ID = "w2v-book"
DERIVATION_POINTS = 2  # per question id of a derivation exercise
CODE_POINTS = 3  # per code exercise
NBGRADER_SCHEMA = 3
COURSE_KEY = "w2v_course"  # cell metadata of generated cells: exercise, question, kind
# The first code cell of a course notebook: as SETUP_CELL, but an unfinished exercise raises
# (a test cell must fail, not print "not done yet") and warnings are silenced (nbgrader gives
# a test cell 0 points for any stderr output).
COURSE_SETUP_CELL = SETUP_CELL.replace(
    "import re\n", "import re\nimport warnings\n", 1).replace(
    "shell.set_custom_exc((NotImplementedError,), exercise_not_done)\n",
    "# Graded notebook: a warning on stderr would cost a test cell its points.\n"
    'warnings.filterwarnings("ignore")\n')
NBGRADER_CONFIG = '''"""nbgrader configuration of the w2v-book course (written by tools/make_notebooks.py --course).

Run every nbgrader command from this folder (see the book's page "Teaching with this book").
"""
import os

c = get_config()  # noqa: F821 - nbgrader defines get_config when it reads this file
HERE = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "{course_id}"
c.CourseDirectory.root = HERE
# Same-machine exchange for release / fetch / submit / collect (a shared folder in a real class).
c.Exchange.root = os.path.join(HERE, "exchange")
# Chapter 9 trains on real text: give each cell time.
c.Execute.timeout = {timeout}
# A solution region becomes an empty line: each answer cell already holds its stub
# (answer = "..." or the book's raise NotImplementedError("Student exercise: ...")).
c.ClearSolutions.code_stub = {{"python": ""}}
# nbgrader zip_collect: files named <student>_<notebook>.ipynb in downloaded/<assignment>/archive/.
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.FileNameCollectorPlugin"
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[A-Za-z0-9-]+)_(?P<file_id>[^/]+)$"
'''
COURSE_TIMEOUT = 1800  # seconds per cell in autograde


@dataclass
class _Exercise:
    """One exercise of a chapter: its stub cells and the code cells of its solution."""

    label: str
    stubs: list = field(default_factory=list)
    solutions: list = field(default_factory=list)


def _exercises(notebook: nbformat.NotebookNode) -> tuple[dict[str, _Exercise], dict[int, str]]:
    """Exercises by label, and the exercise label of each stub cell (by cell position)."""
    exercises: dict[str, _Exercise] = {}
    stub_of: dict[int, str] = {}
    current = solution = None
    for position, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            lines = cell.source.splitlines()
            for i, line in enumerate(lines):
                if match := _DIRECTIVE.match(line):
                    if match["name"] in ("exercise-start", "exercise"):
                        current = _options(lines, i + 1).get("label", match["argument"].strip())
                    elif match["name"] == "solution-start":
                        solution = match["argument"].split()[0] if match["argument"].strip() else current
                    elif match["name"] == "solution-end":
                        solution = None
            continue
        if cell.cell_type != "code":
            continue
        if STUB_TAG in _tags(cell) and current:
            exercises.setdefault(current, _Exercise(current)).stubs.append(cell)
            stub_of[position] = current
        elif solution and "remove-cell" not in _tags(cell):
            exercises.setdefault(solution, _Exercise(solution)).solutions.append(cell)
    return exercises, stub_of


def course_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student edition with each gradable exercise's stub replaced by nbgrader cells.

    A derivation stub (``check("id", "...")``) becomes, per question id, an answer cell and a
    graded cell asserting ``check_answer(id, answer).correct``; a step-by-step stub
    (``check_steps("id", r\"\"\"...\"\"\")``) an answer cell holding a derivation and a graded
    cell asserting ``check_steps(id, steps).correct``; a code stub (a function that
    raises ``NotImplementedError("Student exercise: ...")``) becomes the solution between
    BEGIN/END SOLUTION, then a graded cell with the solution's checks (gradchecks hidden).
    Other stubs (experiments to run and compare) stay as in the student edition.
    """
    exercises, stub_of = _exercises(notebook)
    result = nbformat.from_dict(notebook)
    cells = []
    for position, cell in enumerate(result.cells):
        label = stub_of.get(position)
        graded = _graded_cells(exercises[label], cell) if label else None
        cells.extend(graded if graded is not None else [cell])
    result.cells = cells
    return student_notebook(result)


def _nbgrader_cell(kind: str, source: str, label: str, grade_id: str, points: int = 0,
                   question: str = "") -> nbformat.NotebookNode:
    """An answer ("solution") or a locked graded ("test") code cell with nbgrader metadata."""
    cell = nbformat.v4.new_code_cell(source)
    meta = {"grade": kind == "test", "solution": kind == "answer", "locked": kind == "test",
            "grade_id": grade_id, "schema_version": NBGRADER_SCHEMA}
    if kind == "test":
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    cell.metadata[COURSE_KEY] = {"exercise": label, "question": question, "kind": kind}
    if kind == "test":
        cell.metadata["editable"] = cell.metadata["deletable"] = False
    return cell


def _graded_cells(exercise: _Exercise, stub: nbformat.NotebookNode) -> list | None:
    """The nbgrader cells that replace ``stub``, or None if the exercise is not graded automatically."""
    questions = [match["question"] for match in _CHECK_STUB.finditer(stub.source)]
    derivations = [match["question"] for match in _STEPS_STUB.finditer(stub.source)]
    if questions or derivations:
        cells = []
        for question in questions:
            cells.extend(_derivation_cells(exercise, question))
        for question in derivations:
            cells.extend(_steps_cells(exercise, question))
        return cells
    return _code_cells(exercise, stub)


def _points_note(points: int, what: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(
        f"**Graded: {points} points.** {what} The locked cell after it grades it "
        "(*Validate* runs the whole notebook and shows what the grader will see).")


def _string_values(cells: list) -> list[str]:
    """Every string literal of the cells, plus names bound to strings and their ``+`` sums, in order."""
    bound: dict[str, str] = {}
    found: list[str] = []

    def value(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return bound.get(node.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = value(node.left), value(node.right)
            return left + right if left is not None and right is not None else None
        return None

    for cell in cells:
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                text = value(node.value)
                if text is not None:
                    bound[node.targets[0].id] = text
                    found.append(text)
            elif (text := value(node)) is not None:
                found.append(text)
    return found


def _solution_answer(exercise: _Exercise, question: str) -> str:
    """The first string of the exercise's solution that the checker proves right for ``question``."""
    from w2vlib.symbolic import check_answer  # only the course needs the checker

    for text in _string_values(exercise.solutions):
        if text != question and len(text) > 0 and check_answer(question, text).correct:
            return text
    raise ValueError(f"exercise {exercise.label}: its solution has no answer to {question!r} "
                     "that check_answer proves correct")


def _solution_steps(exercise: _Exercise, question: str) -> str:
    """The first derivation (several lines) of the exercise's solution that check_steps proves right."""
    from w2vlib.symbolic.steps import check_steps, is_derivation  # only the course needs the checker

    for text in _string_values(exercise.solutions):
        if is_derivation(text) and check_steps(question, text).correct:
            return text
    raise ValueError(f"exercise {exercise.label}: its solution has no derivation of {question!r} "
                     "that check_steps proves correct")


def _block_literal(text: str) -> str:
    """A derivation as a Python literal a student would write: r\"\"\"…\"\"\" over several lines."""
    if '"""' not in text and not text.endswith("\\"):
        return f'r"""{text}"""'
    return json.dumps(text, ensure_ascii=False)


def _string_literal(text: str) -> str:
    """``text`` as a Python literal a student would write: r"..." when it has a backslash."""
    if "\\" in text and '"' not in text and not text.endswith("\\"):
        return f'r"{text}"'
    return json.dumps(text, ensure_ascii=False)


def _derivation_cells(exercise: _Exercise, question: str) -> list:
    """Points note, answer cell (answer in the source) and graded cell for one question id."""
    name = f"answer_{question}"
    answer = _solution_answer(exercise, question)
    answer_source = (f"from w2vlib.symbolic.exercise import check\n\n"
                     f'{name} = "..."   # replace ... with your answer (plain, code, LaTeX or unicode)\n'
                     f"### BEGIN SOLUTION\n{name} = {_string_literal(answer)}\n### END SOLUTION\n"
                     f'check("{question}", {name})')
    test_source = (f"# Grades {exercise.label} ({question}, {DERIVATION_POINTS} points): the checker must prove "
                   "your answer right;\n# if not, its message says what is wrong. This cell is locked.\n"
                   "from w2vlib.symbolic import check_answer\n\n"
                   f'feedback = check_answer("{question}", {name})\n'
                   'assert feedback.correct, f"[{feedback.code}] {feedback.message}"')
    grade = f"{exercise.label}_{question}"
    return [_points_note(DERIVATION_POINTS, f"Type your answer between the quotes in the next cell "
                                            f"(`{name} = \"...\"`) and run it to see the checker's verdict."),
            _nbgrader_cell("answer", answer_source, exercise.label, f"{grade}_answer", question=question),
            _nbgrader_cell("test", test_source, exercise.label, f"{grade}_test", DERIVATION_POINTS, question)]


def _steps_cells(exercise: _Exercise, question: str) -> list:
    """Points note, answer cell (a derivation) and graded cell for one ``check_steps`` question.

    The graded cell's message starts with ``[code; step N]`` (the diagnosis code and the first
    wrong step), which tools/class_report.py counts.
    """
    name = f"steps_{question}"
    derivation = _solution_steps(exercise, question)
    answer_source = (f"from w2vlib.symbolic.exercise import check_steps\n\n"
                     f'{name} = r"""..."""   # replace ... with your steps, one per line (each after =)\n'
                     f"### BEGIN SOLUTION\n{name} = {_block_literal(derivation)}\n### END SOLUTION\n"
                     f'check_steps("{question}", {name})')
    test_source = (f"# Grades {exercise.label} ({question} step by step, {DERIVATION_POINTS} points): every step "
                   "must be proved\n# and the last line must answer; if not, the message names the first wrong "
                   "step. This cell is locked.\n"
                   "from w2vlib.symbolic import check_steps\n\n"
                   f'feedback = check_steps("{question}", {name})\n'
                   'assert feedback.correct, f"[{feedback.code}; step {feedback.first_wrong}] {feedback.message}"')
    grade = f"{exercise.label}_{question}_steps"
    return [_points_note(DERIVATION_POINTS, f"Write your derivation between the triple quotes in the next cell "
                                            f"(`{name} = r\"\"\"...\"\"\"`), one step per line, and run it "
                                            "to see each step's mark."),
            _nbgrader_cell("answer", answer_source, exercise.label, f"{grade}_answer", question=question),
            _nbgrader_cell("test", test_source, exercise.label, f"{grade}_test", DERIVATION_POINTS, question)]


def _raising_functions(tree: ast.Module) -> dict[str, ast.stmt]:
    """Top-level functions whose body raises NotImplementedError → that raise statement."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for statement in node.body:
                if (isinstance(statement, ast.Raise) and isinstance(statement.exc, ast.Call)
                        and getattr(statement.exc.func, "id", "") == "NotImplementedError"):
                    out[node.name] = statement
    return out


def _lines(source: str, node: ast.AST) -> list[str]:
    return source.splitlines()[node.lineno - 1:node.end_lineno]


def _called(node: ast.AST) -> str:
    """Name of the function a call expression calls ("" if it is not a call of a plain name)."""
    if isinstance(node, ast.Call):
        function = node.func
        return function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
    return ""


_BOOLEAN_CALLS = {"allclose", "isclose", "array_equal", "all", "any", "isinstance", "callable"}


class _Silencer(ast.NodeTransformer):
    """Inside a compound test statement: print(...) → pass (a test cell prints nothing)."""

    def visit_Expr(self, node):
        return ast.Pass() if _called(node.value) == "print" else node


def _test_statements(node: ast.stmt, source: str, functions: set[str]) -> list[tuple[str, bool]]:
    """A solution statement as silent test code: [(source, hidden)]; displays are dropped.

    ``gradcheck(...)`` is hidden and its returned error assigned (a cell value would be read as
    partial credit); ``print(...)`` of booleans becomes ``assert``; a display of a value (a name,
    a call of the student's function, a print of numbers or text) is dropped.
    """
    if isinstance(node, ast.Expr):
        call, name = node.value, _called(node.value)
        if name == "gradcheck":
            return [("relative_error = " + "\n".join(_lines(source, node)).lstrip(), True)]
        if name == "print":
            if all(_called(arg) == "gradcheck" for arg in call.args):
                return [(f"relative_error = {ast.unparse(arg)}", True) for arg in call.args]
            if call.args and all(_called(arg) in _BOOLEAN_CALLS or isinstance(arg, ast.Compare)
                                 for arg in call.args):
                return [(f"assert {ast.unparse(arg)}", False) for arg in call.args]
            return []
        if isinstance(call, ast.Name) or name in functions or name == "display" or \
                not isinstance(call, ast.Call):
            return []
        return [("\n".join(_lines(source, node)), False)]
    if any(_called(sub.value) == "print" for sub in ast.walk(node) if isinstance(sub, ast.Expr)):
        return [(ast.unparse(_Silencer().visit(node)), False)]
    return [("\n".join(_lines(source, node)), False)]


def _function_with_solution_region(node: ast.FunctionDef, source: str, stub_raise: list[str]) -> str:
    """``def f(...):`` + the solution body between BEGIN/END SOLUTION + the stub's raise."""
    lines = source.splitlines()
    header_end = max([node.lineno] + [sub.end_lineno for sub in ast.walk(node.args) if hasattr(sub, "end_lineno")]
                     + ([node.returns.end_lineno] if node.returns else []))
    while not lines[header_end - 1].rstrip().endswith(":"):
        header_end += 1
    body = lines[header_end:node.end_lineno]
    indent = re.match(r"\s*", body[0])[0] if body else "    "
    return "\n".join(lines[node.lineno - 1:header_end] + [f"{indent}### BEGIN SOLUTION"] + body
                     + [f"{indent}### END SOLUTION"] + stub_raise)


def _code_cells(exercise: _Exercise, stub: nbformat.NotebookNode) -> list | None:
    """Points note, answer cell and graded test cell of a code exercise (None if not gradable)."""
    try:
        stub_tree = ast.parse(stub.source)
        solution_trees = [(cell.source, ast.parse(cell.source)) for cell in exercise.solutions]
    except SyntaxError:
        return None
    raising = _raising_functions(stub_tree)
    if not raising:
        return None
    stub_defs = {node.name for node in stub_tree.body if isinstance(node, ast.FunctionDef)}
    imports, answer, visible, hidden = [], [], [], []
    for source, tree in solution_trees:
        for node in tree.body:
            text = "\n".join(_lines(source, node))
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imports.append(text) if text not in imports else None
            elif isinstance(node, ast.FunctionDef) and node.name in raising:
                answer.append(_function_with_solution_region(node, source, _lines(stub.source, raising[node.name])))
            elif isinstance(node, ast.FunctionDef) and node.name in stub_defs:
                answer.append(text)  # given in the stub: kept as it is
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                answer.append(f"### BEGIN SOLUTION\n{text}\n### END SOLUTION")  # a helper of the solution
            else:
                for statement, is_hidden in _test_statements(node, source, set(raising)):
                    (hidden if is_hidden else visible).append(statement)
    missing = set(raising) - {name for source, tree in solution_trees for node in tree.body
                              if isinstance(node, ast.FunctionDef) for name in [node.name]}
    if missing or not (visible or hidden):
        return None
    header = "\n".join(imports) + "\n\n" if imports else ""
    names = ", ".join(f"`{name}`" for name in raising)
    checks = "the checks below, then hidden gradient checks" if hidden else "the checks below"
    test = [f"# Grades {exercise.label} ({CODE_POINTS} points): {checks}.\n"
            "# This cell is locked; it runs as written here, whatever is typed into it.",
            "\n".join(imports)] + visible
    if hidden:
        test += ["### BEGIN HIDDEN TESTS\n" + "\n".join(hidden) + "\n### END HIDDEN TESTS"]
    grade = f"{exercise.label}_code"
    return [_points_note(CODE_POINTS, f"Write {names} in the next cell, in place of the "
                                      "`raise NotImplementedError(...)`, and run it."),
            _nbgrader_cell("answer", header + "\n\n".join(answer), exercise.label, f"{grade}_answer"),
            _nbgrader_cell("test", "\n".join(part for part in test if part), exercise.label, f"{grade}_test",
                           CODE_POINTS)]


def make_course(root: Path, out: Path, chapters: list[str] | None = None) -> list[Path]:
    """Write the nbgrader course: ``nbgrader_config.py`` and ``source/<chNN>/<chapter>.ipynb``.

    One assignment per chapter with a graded exercise, named by its number (``ch01``); only
    the assignments in ``chapters`` if given. Returns the notebooks written.
    """
    index = BookIndex.build(root)
    written = []
    for source, doc, notebook in _chapter_notebooks(root):
        if chapters is not None and doc.split("_")[0] not in chapters:
            continue
        result = readable_notebook(course_notebook(notebook), index, doc, "course")
        if not any(cell.metadata.get("nbgrader", {}).get("grade") for cell in result.cells):
            continue
        result.metadata[METADATA_KEY] = {"source": source.relative_to(root).as_posix(), "edition": "course"}
        assignment = doc.split("_")[0]
        target = out / "source" / assignment / f"{doc}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(result, target)
        written.append(target)
    out.mkdir(parents=True, exist_ok=True)
    (out / "nbgrader_config.py").write_text(
        NBGRADER_CONFIG.format(course_id=COURSE_ID, timeout=COURSE_TIMEOUT), encoding="utf-8")
    return written


def sources_hash(notebook: nbformat.NotebookNode) -> str:
    """Hash of the cells' types and sources: what a student's edit changes (outputs do not count)."""
    cells = [[cell.cell_type, cell.source if isinstance(cell.source, str) else "".join(cell.source)]
             for cell in notebook.cells]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()


def _was_edited(path: Path) -> bool:
    """True if ``path`` exists and its sources differ from the hash written when it was generated."""
    if not path.is_file():
        return False
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - unreadable: do not overwrite it either
        return True
    recorded = notebook.metadata.get(METADATA_KEY, {}).get("sources_sha256")
    return recorded != sources_hash(notebook)


def _chapter_notebooks(root: Path):
    """Yield (source path, name, notebook) for every chapter of the toc that is a notebook."""
    for name in toc_files(root / "_toc.yml"):
        source = find_source(root, name)
        if not is_notebook(source):
            continue  # plain pages (intro, notation, bibliography) have no code
        notebook = jupytext.read(source)
        notebook.metadata.pop("jupytext", None)  # plain .ipynb, not paired with the .md
        yield source, Path(name).name, notebook


def make_notebooks(root: Path, out: Path, keep_edited: bool = False) -> list[tuple[Path, Path]]:
    """Write teacher and student notebooks of every toc chapter; return their paths.

    With ``keep_edited``, a notebook edited since it was generated is kept and the new one is
    written as ``<name>.new.ipynb`` beside it (the returned path is the one written).
    """
    index = BookIndex.build(root)
    written = []
    for source, doc, notebook in _chapter_notebooks(root):
        pair = []
        for edition, transform in (("teacher", teacher_notebook), ("student", student_notebook)):
            result = readable_notebook(transform(notebook), index, doc, edition)
            result.metadata[METADATA_KEY] = {"source": source.relative_to(root).as_posix(), "edition": edition,
                                             "sources_sha256": sources_hash(result)}
            target = out / edition / f"{doc}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            if keep_edited and _was_edited(target):
                target = target.with_suffix(".new.ipynb")
                print(f"make_notebooks: kept your edited {target.with_suffix('').with_suffix('.ipynb')}; "
                      f"the new version is {target}")
            nbformat.write(result, target)
            pair.append(target)
        written.append((pair[0], pair[1]))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="book root (with _toc.yml)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "notebooks")
    parser.add_argument("--keep-edited", action="store_true",
                        help="leave notebooks changed since they were generated; write <name>.new.ipynb")
    parser.add_argument("--course", action="store_true",
                        help="write the nbgrader course instead (nbgrader_config.py, source/<chNN>/)")
    parser.add_argument("--chapters", help="with --course: only these assignments, e.g. ch01,ch02")
    args = parser.parse_args(argv)
    if args.course:
        notebooks = make_course(args.root, args.out, args.chapters.split(",") if args.chapters else None)
        for path in notebooks:
            print(f"make_notebooks: {path}")
        print(f"make_notebooks: nbgrader course with {len(notebooks)} assignments in {args.out}")
        return 0
    written = make_notebooks(args.root, args.out, keep_edited=args.keep_edited)
    for teacher, student in written:
        print(f"make_notebooks: {teacher}  {student}")
    print(f"make_notebooks: {len(written)} chapters into {args.out}/teacher and {args.out}/student")
    return 0


if __name__ == "__main__":
    sys.exit(main())
