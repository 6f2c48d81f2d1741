"""tools/copy_assets.py: the PyPI wheels for Pyodide come at their pinned versions with their
recorded hashes, and are compiled into zips that zipimport loads."""

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import copy_assets  # noqa: E402  (tools/ is not a package)
from copy_assets import WheelError, compile_zip, fetch_wheels, pinned_versions, recorded_hashes  # noqa: E402


def _wheel(path, files):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


@pytest.fixture
def pins(tmp_path):
    """A requirements file and a hash file for fake mpmath and sympy wheels already in a cache."""
    cache = tmp_path / "cache"
    cache.mkdir()
    hashes = []
    for name, version in (("mpmath", "9.0"), ("sympy", "9.1")):
        wheel = _wheel(cache / f"{name}-{version}-py3-none-any.whl", {f"{name}/__init__.py": f"VERSION = {version!r}\n"})
        hashes.append(f"{wheel.name} sha256:{hashlib.sha256(wheel.read_bytes()).hexdigest()}")
    (tmp_path / "requirements.txt").write_text("# pins\nmpmath==9.0\nnumpy==2.0\nsympy==9.1\n")
    (tmp_path / "hashes.txt").write_text("# hashes\n" + "\n".join(hashes) + "\n")
    return tmp_path, cache


def test_the_versions_come_from_requirements_txt():
    pinned = pinned_versions(ROOT / "requirements.txt", copy_assets.PYODIDE_WHEELS)
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    assert all(f"{name}=={version}" in lines for name, version in pinned.items())


def test_every_pinned_wheel_has_a_recorded_hash():
    # Changing the sympy or mpmath pin without recording the new wheel's hash fails here first.
    pinned = pinned_versions(ROOT / "requirements.txt", copy_assets.PYODIDE_WHEELS)
    recorded = recorded_hashes(copy_assets.WHEEL_HASHES)
    for name, version in pinned.items():
        digest = recorded[f"{name}-{version}-py3-none-any.whl"]
        assert len(digest) == 64 and int(digest, 16) >= 0


def test_a_cached_wheel_with_its_hash_is_used_without_pip(pins, monkeypatch):
    folder, cache = pins
    monkeypatch.setattr(copy_assets.subprocess, "run", lambda *a, **k: pytest.fail("pip must not run"))
    wheels = fetch_wheels(cache, folder / "requirements.txt", folder / "hashes.txt")
    assert [wheel.name for wheel in wheels] == ["mpmath-9.0-py3-none-any.whl", "sympy-9.1-py3-none-any.whl"]


def test_a_pin_without_a_recorded_hash_is_refused(pins):
    folder, cache = pins
    (folder / "requirements.txt").write_text("mpmath==9.0\nsympy==9.2\n")
    with pytest.raises(WheelError, match=r"no SHA-256 for sympy-9\.2-py3-none-any\.whl"):
        fetch_wheels(cache, folder / "requirements.txt", folder / "hashes.txt")


def test_a_wheel_that_does_not_match_its_hash_is_fetched_with_require_hashes_and_refused(pins, monkeypatch):
    folder, cache = pins
    tampered = cache / "sympy-9.1-py3-none-any.whl"
    _wheel(tampered, {"sympy/__init__.py": "import os\n"})
    commands = []

    def fake_pip(command, **kwargs):  # pip "downloads" the tampered file again
        commands.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(copy_assets.subprocess, "run", fake_pip)
    with pytest.raises(WheelError, match="does not have the SHA-256"):
        fetch_wheels(cache, folder / "requirements.txt", folder / "hashes.txt")
    assert len(commands) == 1 and "--require-hashes" in commands[0] and "--no-deps" in commands[0]
    requirement_file = Path(commands[0][commands[0].index("-r") + 1])
    assert not requirement_file.exists()  # a temporary file, gone after the call


def test_compiled_zip_imports_without_sources_and_drops_tests(tmp_path):
    wheel = _wheel(tmp_path / "pkg-1.0-py3-none-any.whl", {
        "pkg/__init__.py": "from .core import answer\n",
        "pkg/core.py": "def answer():\n    return 42\n",
        "pkg/tests/test_core.py": "assert False\n",
        "pkg-1.0.dist-info/METADATA": "Name: pkg\n",
    })
    served = tmp_path / "pkg-1.0.zip"
    assert compile_zip(wheel, served, compile_to=sys.version_info[:2]) == 2
    names = zipfile.ZipFile(served).namelist()
    assert sorted(names) == ["pkg-1.0.dist-info/METADATA", "pkg/__init__.pyc", "pkg/core.pyc"]
    code = f"import sys; sys.path.insert(0, {str(served)!r}); import pkg; print(pkg.answer(), pkg.__file__)"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.split()[0] == "42" and loaded.stdout.split()[1].endswith("__init__.pyc")


def test_for_another_python_the_sources_are_kept(tmp_path):
    wheel = _wheel(tmp_path / "pkg-1.0-py3-none-any.whl", {"pkg/__init__.py": "X = 1\n"})
    compile_zip(wheel, tmp_path / "pkg.zip", compile_to=(3, sys.version_info[1] + 1))
    assert zipfile.ZipFile(tmp_path / "pkg.zip").namelist() == ["pkg/__init__.py"]
