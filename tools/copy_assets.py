"""Copy the browser assets the book needs from node_modules/ into offline_assets/.

``npm ci`` installs the exact versions in package-lock.json; this script copies only what
the pages load. Sphinx serves offline_assets/ as ``html_static_path``, so everything ends
up under ``_build/html/_static/`` and the book works without a network:

* ``mathjax/``: MathJax 3 ``tex-chtml.js`` plus the folders it loads on demand (TeX
  extensions such as ``\\class`` and ``\\color``, CHTML fonts, menu, accessibility);
* ``require.js``: RequireJS, which the Jupyter widget manager needs;
* ``widgets/``: ``embed-amd.js`` from ``@jupyter-widgets/html-manager`` and its fonts;
* ``pyodide/``: the Pyodide core from npm (``pyodide.js``, ``pyodide.asm.js``/``.wasm``, the
  standard library ``python_stdlib.zip``, compiled to ``.pyc`` as below, and
  ``pyodide-lock.json``) and sympy and mpmath for
  the in-page answer checker (tools/sphinxext/w2v_check.py, which adds the w2vlib wheel at
  build time). Their PyPI wheels have the versions pinned in requirements.txt and the SHA-256
  recorded in tools/pyodide_wheels.txt: ``pip download --require-hashes`` fetches them once into
  ``.venv/pyodide-wheels/`` and each is checked against its hash. Each wheel is served as
  ``<name>-<version>.zip``, the same files compiled to ``.pyc`` by this Python 3.11 (Pyodide's
  Python is 3.11 too) and without the package's own ``tests/`` folders: Pyodide imports from
  the zip directly, and SymPy loads in seconds instead of half a minute of compiling.

The folder is deliberately not called ``_static``: Jupyter Book 1 would inject every
.js/.css file found in a ``_static`` folder into every page.

Usage: ``python tools/copy_assets.py [--node-modules DIR] [--dest DIR] [--wheel-cache DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import marshal
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MATHJAX_FILES = ["tex-chtml.js"]
# Loaded on demand by tex-chtml.js: input/tex/extensions (autoloaded packages), output
# (fonts; the menu can switch to SVG), ui (menu), a11y + sre (accessibility/speech), adaptors.
MATHJAX_DIRS = ["input", "output", "ui", "a11y", "sre", "adaptors"]
WIDGET_FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".eot", ".svg")
# What the page's Web Worker loads from node_modules/pyodide (a classic worker: pyodide.js).
PYODIDE_FILES = ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]
# Pure-Python wheels from PyPI that w2vlib.symbolic needs in Pyodide.
PYODIDE_WHEELS = ["mpmath", "sympy"]
# Fixed time stamp of the files in the zips: the same wheel gives the same zip.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
REQUIREMENTS = ROOT / "requirements.txt"
WHEEL_HASHES = ROOT / "tools" / "pyodide_wheels.txt"
WHEEL_CACHE = ROOT / ".venv" / "pyodide-wheels"


class WheelError(Exception):
    """A wheel for Pyodide that cannot be had with its pinned version and recorded hash."""


def pinned_versions(requirements: Path, names: list[str]) -> dict[str, str]:
    """``{name: version}`` of the ``name==version`` lines of ``requirements``.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "r.txt").write_text("# pins\\nSymPy==1.14.0\\nmpmath==1.3.0\\n")
    >>> pinned_versions(folder / "r.txt", ["sympy", "mpmath"])
    {'sympy': '1.14.0', 'mpmath': '1.3.0'}
    """
    pins = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s;#]+)\s*(?:#.*)?", line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    missing = [name for name in names if name not in pins]
    if missing:
        raise WheelError(f"{requirements} pins no version of {', '.join(missing)} (name==version)")
    return {name: pins[name] for name in names}


def recorded_hashes(path: Path) -> dict[str, str]:
    """``{wheel file name: sha256 hex}`` from ``path`` (``name sha256:hex`` lines, ``#`` comments)."""
    hashes = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, digest = line.split()
            hashes[name] = digest.removeprefix("sha256:")
    return hashes


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_wheels(cache: Path, requirements: Path = REQUIREMENTS, hashes_file: Path = WHEEL_HASHES) -> list[Path]:
    """The PyPI wheels of :data:`PYODIDE_WHEELS` at their pinned versions, in ``cache``, hashes checked.

    A wheel already in ``cache`` with the recorded hash is used as it is (no network); the
    others are fetched by ``pip download --no-deps --only-binary=:all: --require-hashes``.
    """
    versions = pinned_versions(requirements, PYODIDE_WHEELS)
    hashes = recorded_hashes(hashes_file)
    wanted = {}
    for name, version in versions.items():
        filename = f"{name}-{version}-py3-none-any.whl"
        if filename not in hashes:
            raise WheelError(
                f"no SHA-256 for {filename} in {hashes_file}: {requirements.name} pins {name}=={version}; "
                "add the hash that PyPI lists for that file"
            )
        wanted[filename] = (name, version, hashes[filename])
    cache.mkdir(parents=True, exist_ok=True)
    missing = [f for f, (_, _, digest) in wanted.items() if not (cache / f).is_file() or _sha256(cache / f) != digest]
    if missing:
        with tempfile.TemporaryDirectory() as folder:
            pins = Path(folder) / "pyodide-wheels.txt"
            pins.write_text("".join(f"{wanted[f][0]}=={wanted[f][1]} --hash=sha256:{wanted[f][2]}\n" for f in missing))
            command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                       "--require-hashes", "-r", str(pins), "-d", str(cache)]
            if subprocess.run(command).returncode != 0:
                raise WheelError(f"`{' '.join(command)}` failed (see above)")
    for filename, (_, _, digest) in wanted.items():
        if not (cache / filename).is_file():
            raise WheelError(f"pip did not write {cache / filename}")
        if _sha256(cache / filename) != digest:
            raise WheelError(f"{cache / filename} does not have the SHA-256 recorded in {hashes_file}")
    return [cache / filename for filename in wanted]


def pyodide_python(lock_file: Path) -> tuple[int, int]:
    """(major, minor) of the Python that Pyodide runs, from its ``pyodide-lock.json``."""
    version = json.loads(lock_file.read_text(encoding="utf-8"))["info"]["python"]
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


def compile_zip(source_zip: Path, dest: Path, *, compile_to: tuple[int, int], location: str = "") -> int:
    """Write ``dest``: the files of ``source_zip`` (a wheel, or Pyodide's standard library) for
    Pyodide's ``sys.path``, without the packages' ``tests/`` folders; return the number of modules.

    When ``compile_to`` is this Python's (major, minor), each ``.py`` is stored as a sourceless
    ``.pyc`` (zipimport loads it without compiling; tracebacks name ``location + path``);
    otherwise the sources are kept.
    """
    compiled = compile_to == sys.version_info[:2]
    modules = 0
    with zipfile.ZipFile(source_zip) as source, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name = info.filename
            if "/tests/" in f"/{name}":
                continue
            data = source.read(info)
            if name.endswith(".py"):
                modules += 1
                if compiled:
                    code = compile(data, location + name, "exec", dont_inherit=True)
                    # The header of a .pyc without source: magic, flags, mtime and size all 0.
                    data = importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)
                    name = name[:-3] + ".pyc"
            target.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return modules


def copy_assets(node_modules: Path, dest: Path, wheel_cache: Path = WHEEL_CACHE) -> list[Path]:
    """Copy the needed files from ``node_modules`` (and the wheel cache) into a fresh ``dest``;
    return key files."""
    mathjax = node_modules / "mathjax" / "es5"
    requirejs = node_modules / "requirejs" / "require.js"
    widgets = node_modules / "@jupyter-widgets" / "html-manager" / "dist"
    pyodide = node_modules / "pyodide"
    for needed in (mathjax / "tex-chtml.js", requirejs, widgets / "embed-amd.js", *(pyodide / f for f in PYODIDE_FILES)):
        if not needed.is_file():
            raise FileNotFoundError(f"{needed} is missing: run `npm ci` first (make does).")
    wheels = fetch_wheels(wheel_cache)  # first: a wheel that fails its hash leaves dest as it was

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

    (dest / "pyodide").mkdir()
    python = pyodide_python(pyodide / "pyodide-lock.json")
    for name in PYODIDE_FILES:
        if name == "python_stdlib.zip":  # compiled too: Python starts twice as fast
            compile_zip(pyodide / name, dest / "pyodide" / name, compile_to=python,
                        location=f"/lib/python{python[0]}{python[1]}.zip/")
        else:
            shutil.copy2(pyodide / name, dest / "pyodide" / name)
    served = []
    for wheel in wheels:
        served.append(dest / "pyodide" / (wheel.name.split("-py3-")[0] + ".zip"))
        compile_zip(wheel, served[-1], compile_to=python)

    return [dest / "mathjax" / "tex-chtml.js", dest / "require.js", dest / "widgets" / "embed-amd.js",
            dest / "pyodide" / "pyodide.js", *served]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, default=ROOT / "node_modules")
    parser.add_argument("--dest", type=Path, default=ROOT / "offline_assets")
    parser.add_argument("--wheel-cache", type=Path, default=WHEEL_CACHE)
    args = parser.parse_args(argv)
    try:
        key_files = copy_assets(args.node_modules, args.dest, args.wheel_cache)
    except (FileNotFoundError, WheelError) as error:
        print(f"copy_assets: {error}", file=sys.stderr)
        return 1
    size = sum(path.stat().st_size for path in args.dest.rglob("*") if path.is_file())
    print(f"copy_assets: {size / 1e6:.1f} MB into {args.dest} ({', '.join(p.name for p in key_files)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
