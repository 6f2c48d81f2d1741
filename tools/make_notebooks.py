"""Turn every chapter in _toc.yml into plain Jupyter notebooks, for teachers and students.

For each page of the table of contents that is a notebook (a MyST file with a jupytext
``kernelspec``), writes

* ``<out>/teacher/<name>.ipynb``: every cell except the exercise stubs (cells tagged
  ``student-stub``), so the solutions run in their place;
* ``<out>/student/<name>.ipynb``: everything between ``{solution-start}`` and
  ``{solution-end}`` (and inside any ``{solution}`` directive) removed, prose and code alike;
  the stubs are kept and lose their ``skip-execution`` tag, so running them raises
  ``NotImplementedError("Student exercise: ...")`` until the student fills them in.

Notebooks are written without outputs. Usage:
``python tools/make_notebooks.py [--out _build/notebooks]``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
STUB_TAG = "student-stub"
SKIP_TAG = "skip-execution"

# Opening fence of a MyST directive: ``` or ~~~ or ::: (3 or more), then {name}.
_DIRECTIVE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,}|:{3,})\s*\{(?P<name>[a-z-]+)\}")


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


def teacher_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """All cells except the student stubs."""
    result = nbformat.from_dict(notebook)
    result.cells = [cell for cell in result.cells if STUB_TAG not in _tags(cell)]
    return result


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Solutions removed (across cells), stubs kept and made executable."""
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
                cell.metadata["tags"] = [tag for tag in _tags(cell) if tag != SKIP_TAG]
            cells.append(cell)
    if state.inside:
        raise ValueError("a {solution-start} (or {solution}) block is never closed")
    result.cells = cells
    return result


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


def make_notebooks(root: Path, out: Path) -> list[tuple[Path, Path]]:
    """Write teacher and student notebooks of every toc chapter; return their paths."""
    written = []
    for name in toc_files(root / "_toc.yml"):
        source = find_source(root, name)
        if not is_notebook(source):
            continue  # plain pages (intro, notation, bibliography) have no code
        notebook = jupytext.read(source)
        notebook.metadata.pop("jupytext", None)  # plain .ipynb, not paired with the .md
        pair = []
        for edition, transform in (("teacher", teacher_notebook), ("student", student_notebook)):
            target = out / edition / f"{Path(name).name}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(transform(notebook), target)
            pair.append(target)
        written.append((pair[0], pair[1]))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="book root (with _toc.yml)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "notebooks")
    args = parser.parse_args(argv)
    written = make_notebooks(args.root, args.out)
    for teacher, student in written:
        print(f"make_notebooks: {teacher}  {student}")
    print(f"make_notebooks: {len(written)} chapters into {args.out}/teacher and {args.out}/student")
    return 0


if __name__ == "__main__":
    sys.exit(main())
