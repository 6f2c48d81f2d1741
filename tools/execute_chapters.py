"""Execute the book's notebook pages two at a time into the build's execution cache.

`make book` runs this before `jupyter-book build`. Jupyter Book (myst-nb, ``execute_notebooks:
cache``) executes one page after the other while it reads them, so on a two-core machine one core
waits. This script reads each page exactly as myst-nb reads it (``read_myst_markdown_notebook``
with the book's MyST extensions), executes the pages that the cache does not hold yet with
jupyter-cache's own executor (``single_nb_execution``, in the page's folder, with the book's
timeout and no errors allowed), two kernels at a time, and stores them in the cache as myst-nb
does. The build then finds every page in the cache ("Using cached notebook") and executes nothing.

A page that fails is reported with its error, and the script exits with status 1 without caching
it; the strict build then executes it again and stops at the failing cell, as always.

Usage: ``python tools/execute_chapters.py [--root .] [--cache <root>/_build/.jupyter_cache] [--jobs 2]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _book_config(root=ROOT):
    return yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8"))


def _pages(root=ROOT):
    """The .md pages of the table of contents, in its order."""
    root = Path(root)
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(entries):
        for entry in entries or ():
            if "file" in entry:
                found.append(entry["file"])
            walk(entry.get("sections"))
            for part in entry.get("parts", ()):
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", ()):
        walk(part.get("chapters"))
    return [root / f"{name}.md" for name in found if (root / f"{name}.md").exists()]


def read_page(path: Path, root=ROOT):
    """The notebook myst-nb makes of ``path`` (None for a page that is not a notebook)."""
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    text = path.read_text(encoding="utf-8")
    if not is_myst_markdown_notebook(text):
        return None
    extensions = _book_config(root).get("parse", {}).get("myst_enable_extensions", [])
    config = MdParserConfig(enable_extensions=set(extensions))
    return read_myst_markdown_notebook(text, config=config, add_source_map=True, path=str(path))


def _execute(path: str, timeout: int, root: str):
    """Execute one page in its folder (a worker process): (path, notebook, seconds, error text)."""
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = read_page(Path(path), root)
    result = single_nb_execution(notebook, cwd=str(Path(path).parent), allow_errors=False, timeout=timeout,
                                 meta_override=True)
    return path, notebook, result.time, (result.exc_string if result.err is not None else None)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(ROOT), help="the book's folder (with _config.yml and _toc.yml)")
    parser.add_argument("--cache", default=None, help="default: <root>/_build/.jupyter_cache")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    args.cache = args.cache or str(root / "_build" / ".jupyter_cache")

    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(args.cache)
    todo = []
    for path in _pages(root):
        notebook = read_page(path, root)
        if notebook is None:
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            todo.append(path)
    if not todo:
        print("execute_chapters: every page is in the execution cache")
        return 0
    timeout = int(_book_config(root).get("execute", {}).get("timeout", 30))
    os.environ.setdefault("W2V_BOOK_BUILD", "1")
    print(f"execute_chapters: executing {len(todo)} pages, {args.jobs} at a time: "
          + ", ".join(path.stem for path in todo), flush=True)
    start = time.perf_counter()
    failed = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        # the longest pages first (last run's times are not known: larger files first)
        jobs = [pool.submit(_execute, str(path), timeout, str(root))
                for path in sorted(todo, key=lambda p: -p.stat().st_size)]
        for job in jobs:
            path, notebook, seconds, error = job.result()
            name = Path(path).relative_to(root)
            if error is not None:
                failed.append(name)
                print(f"execute_chapters: {name} failed:\n{error}", file=sys.stderr, flush=True)
                continue
            cache.cache_notebook_bundle(CacheBundleIn(notebook, path, data={"execution_seconds": seconds}),
                                        check_validity=False, overwrite=True)
            print(f"execute_chapters: {name} executed in {seconds:.1f} s", flush=True)
    print(f"execute_chapters: {len(todo) - len(failed)} of {len(todo)} pages in "
          f"{time.perf_counter() - start:.0f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
