"""Copy the browser assets the book needs from node_modules/ into offline_assets/.

``npm ci`` installs the exact versions in package-lock.json; this script copies only what
the pages load. Sphinx serves offline_assets/ as ``html_static_path``, so everything ends
up under ``_build/html/_static/`` and the book works without a network:

* ``mathjax/``: MathJax 3 ``tex-chtml.js`` plus the folders it loads on demand (TeX
  extensions such as ``\\class`` and ``\\color``, CHTML fonts, menu, accessibility);
* ``require.js``: RequireJS, which the Jupyter widget manager needs;
* ``widgets/``: ``embed-amd.js`` from ``@jupyter-widgets/html-manager`` and its fonts.

The folder is deliberately not called ``_static``: Jupyter Book 1 would inject every
.js/.css file found in a ``_static`` folder into every page.

Usage: ``python tools/copy_assets.py [--node-modules DIR] [--dest DIR]``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MATHJAX_FILES = ["tex-chtml.js"]
# Loaded on demand by tex-chtml.js: input/tex/extensions (autoloaded packages), output
# (fonts; the menu can switch to SVG), ui (menu), a11y + sre (accessibility/speech), adaptors.
MATHJAX_DIRS = ["input", "output", "ui", "a11y", "sre", "adaptors"]
WIDGET_FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".eot", ".svg")


def copy_assets(node_modules: Path, dest: Path) -> list[Path]:
    """Copy the needed files from ``node_modules`` into a fresh ``dest``; return key files."""
    mathjax = node_modules / "mathjax" / "es5"
    requirejs = node_modules / "requirejs" / "require.js"
    widgets = node_modules / "@jupyter-widgets" / "html-manager" / "dist"
    for needed in (mathjax / "tex-chtml.js", requirejs, widgets / "embed-amd.js"):
        if not needed.is_file():
            raise FileNotFoundError(f"{needed} is missing: run `npm ci` first (make does).")

    if dest.exists():
        shutil.rmtree(dest)
    (dest / "mathjax").mkdir(parents=True)
    for name in MATHJAX_FILES:
        shutil.copy2(mathjax / name, dest / "mathjax" / name)
    for name in MATHJAX_DIRS:
        shutil.copytree(mathjax / name, dest / "mathjax" / name)

    shutil.copy2(requirejs, dest / "require.js")

    (dest / "widgets").mkdir()
    shutil.copy2(widgets / "embed-amd.js", dest / "widgets" / "embed-amd.js")
    for font in widgets.iterdir():
        if font.suffix in WIDGET_FONT_SUFFIXES:
            shutil.copy2(font, dest / "widgets" / font.name)

    return [dest / "mathjax" / "tex-chtml.js", dest / "require.js", dest / "widgets" / "embed-amd.js"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, default=ROOT / "node_modules")
    parser.add_argument("--dest", type=Path, default=ROOT / "offline_assets")
    args = parser.parse_args(argv)
    try:
        key_files = copy_assets(args.node_modules, args.dest)
    except FileNotFoundError as error:
        print(f"copy_assets: {error}", file=sys.stderr)
        return 1
    size = sum(path.stat().st_size for path in args.dest.rglob("*") if path.is_file())
    print(f"copy_assets: {size / 1e6:.1f} MB into {args.dest} ({', '.join(p.name for p in key_files)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
