"""``import w2vlib`` is lazy (w2vlib/__init__.py, PEP 562): the symbolic checker, which also runs in
the browser (Pyodide), must not pull in NumPy, numba, matplotlib or ipywidgets.

Each import runs in a fresh interpreter, since this test process has long imported them all.
"""

import json
import subprocess
import sys

import pytest

import w2vlib

HEAVY = ("numpy", "numba", "matplotlib", "ipywidgets")


def _modules_after(code):
    """The top-level modules loaded by ``code`` in a fresh ``python -c``, as a set."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{name.split('.')[0] for name in sys.modules}})))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


@pytest.mark.parametrize("code", ["import w2vlib", "import w2vlib.symbolic", "from w2vlib import check_answer"])
def test_the_symbolic_side_loads_no_heavy_dependency(code):
    loaded = _modules_after(code)
    assert "w2vlib" in loaded
    assert not loaded & set(HEAVY), f"`{code}` imported {sorted(loaded & set(HEAVY))}"


def test_the_check_really_is_measured_by_the_probe():
    # The negative case: the numerics do load NumPy, and the probe sees it.
    assert "numpy" in _modules_after("from w2vlib import softmax")


def test_every_public_name_resolves_to_its_module():
    for name in w2vlib.__all__:
        assert getattr(w2vlib, name).__module__.startswith("w2vlib."), name
    assert set(w2vlib.__all__) <= set(dir(w2vlib))


def test_a_function_keeps_its_name_when_its_module_of_the_same_name_loads():
    # w2vlib.gradcheck is the function, even after the module w2vlib.gradcheck was imported.
    loaded = subprocess.run(
        [sys.executable, "-c", "import w2vlib.gradcheck, w2vlib; from w2vlib import gradcheck; print(callable(gradcheck))"],
        capture_output=True, text=True, timeout=300, check=True,
    )
    assert loaded.stdout.strip() == "True"


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        w2vlib.nope
