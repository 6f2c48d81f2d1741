"""tools/sphinxext/w2v_check.py: the answer boxes it writes and the w2vlib wheel it builds for Pyodide.

The boxes in the built pages and the checks in Chromium are tested in
tests/browser/test_in_page_checker.py.
"""

import base64
import json
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from w2vlib.symbolic.answers import QUESTIONS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tools" / "sphinxext"))
import w2v_check  # noqa: E402
from w2v_check import box_html, build_w2vlib_wheel, question_ids  # noqa: E402


def test_question_ids_are_read_from_the_stub_calls():
    source = 'display(check("softmax_grad_outside_w", "..."))   # w ≠ o\ndisplay(check(\'softmax_grad_outside_o\', "..."))'
    assert question_ids(source) == ["softmax_grad_outside_w", "softmax_grad_outside_o"]
    assert question_ids("gradcheck(f, x)\nnp.check(1)") == []


def test_every_stub_of_the_chapters_names_a_known_question():
    found = set()
    for chapter in sorted((ROOT / "book").glob("ch*.md")):
        found.update(question_ids(chapter.read_text(encoding="utf-8")))
    assert found and found <= set(QUESTIONS), sorted(found - set(QUESTIONS))


def test_a_box_is_a_labelled_form_control_with_a_button_and_a_live_result():
    soup = BeautifulSoup(box_html("softmax_grad_center", 3, "∂J/∂v_c"), "html.parser")
    form = soup.find("form")
    assert form["data-question"] == "softmax_grad_center" and "w2v-check" in form["class"]
    field = form.find("textarea")
    label = form.find("label")
    assert label["for"] == field["id"] and "∂J/∂v_c" in label.get_text()
    assert form.find("button")["type"] == "submit"
    result = form.find(class_="w2v-check-result")
    assert result["role"] == "status" and result["aria-live"] == "polite"
    assert result["id"] in field["aria-describedby"].split()


def test_box_text_is_escaped():
    assert "<script>" not in box_html("x", 1, "<script>")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return build_w2vlib_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_holds_the_symbolic_checker_only(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    modules = [name for name in names if not name.startswith("w2vlib-")]
    expected = ["w2vlib/__init__.py", "w2vlib/book_build.py"] + sorted(
        path.relative_to(ROOT).as_posix() for path in (ROOT / "w2vlib" / "symbolic").rglob("*.py")
        if "__pycache__" not in path.parts
    )
    assert modules == expected
    assert wheel.name == "w2vlib-0.1.0-py3-none-any.whl"


def test_the_wheel_record_matches_its_files(wheel):
    with zipfile.ZipFile(wheel) as archive:
        record = archive.read("w2vlib-0.1.0.dist-info/RECORD").decode().splitlines()
        for line in record:
            name, digest, size = line.rsplit(",", 2)
            if name.endswith("RECORD"):
                continue
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(data), name
        assert len(record) == len(archive.namelist())


def test_the_same_source_gives_the_same_wheel(wheel, tmp_path):
    assert build_w2vlib_wheel(tmp_path).read_bytes() == wheel.read_bytes()


def test_the_wheel_checks_answers_with_numpy_and_ipywidgets_unavailable(wheel):
    # As in Pyodide: only the wheel on the path, and the heavy packages cannot be imported.
    code = (
        "import sys\n"
        "sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in f.__module__]  # pip install -e\n"
        "for name in ('numpy', 'numba', 'matplotlib', 'ipywidgets'): sys.modules[name] = None\n"
        f"sys.path.insert(0, {str(wheel)!r})\n"
        "import w2vlib\n"
        "assert w2vlib.__file__.startswith(sys.path[0]), w2vlib.__file__\n"
        "from w2vlib.symbolic.answers import check_answer\n"
        "print(check_answer('sigmoid_derivative', 'sigma(x)(1 - sigma(x))').correct,"
        " check_answer('sigmoid_derivative', 'sigma(x)').correct)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd="/")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["True", "False"]




def _doctree(*cells):
    """A document with myst-nb code cells: (tags, source) each."""
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("page", get_default_settings(Parser))
    for tags, source in cells:
        cell = nodes.container(nb_element="cell_code", cell_metadata={"tags": tags}, classes=["cell"])
        cell += nodes.container("", nodes.literal_block(source, source), nb_element="cell_code_source")
        document += cell
    return document


def test_boxes_follow_the_stub_cells_that_call_check():
    from docutils import nodes

    document = _doctree(
        (["student-stub", "skip-execution"], 'display(check("softmax_grad_outside_w", "..."))\ndisplay(check("softmax_grad_outside_o", "..."))'),
        ([], 'check("softmax_grad_U", "v_c (yhat - y)^T")'),  # a solution cell: no box
        (["student-stub"], "def f():\n    raise NotImplementedError"),
    )
    w2v_check._add_boxes(None, document)
    children = list(document.children)
    assert [type(child).__name__ for child in children] == ["container", "raw", "container", "container"]
    soup = BeautifulSoup(children[1].astext(), "html.parser")
    assert [form["data-question"] for form in soup.find_all("form")] == ["softmax_grad_outside_w", "softmax_grad_outside_o"]
    ids = [field["id"] for field in soup.find_all("textarea")]
    assert len(set(ids)) == 2 and isinstance(children[1], nodes.raw) and children[1]["format"] == "html"


def test_an_unknown_question_id_is_a_build_warning(caplog):
    document = _doctree((["student-stub"], 'check("no_such_question", "...")'))
    with caplog.at_level("WARNING"):
        w2v_check._add_boxes(None, document)
    assert "no_such_question" in caplog.text
    assert len(document.children) == 1  # no box


def test_a_check_steps_stub_is_read_as_a_question_answered_with_steps():
    source = 'check_steps("sigmoid_derivative", r"""...""")\ncheck("sigmoid_derivative", "...")'
    assert w2v_check.checked_questions(source) == [("sigmoid_derivative", True), ("sigmoid_derivative", False)]
    assert question_ids(source) == ["sigmoid_derivative"]


def test_a_steps_box_is_taller_and_says_one_step_per_line():
    soup = BeautifulSoup(box_html("sigmoid_derivative", 1, "σ′(x)", steps=True), "html.parser")
    form = soup.find("form")
    assert form["data-steps"] == "true" and "w2v-check-steps" in form["class"]
    field = form.find("textarea")
    assert int(field["rows"]) >= 4 and "one step per line" in form.find("label").get_text()
    assert "Ctrl+Enter" in form.find(class_="w2v-check-help").get_text()
    single = BeautifulSoup(box_html("sigmoid_derivative", 2, "σ′(x)"), "html.parser").find("form")
    assert not single.has_attr("data-steps") and single.find("textarea")["rows"] == "1"


def test_the_served_zip_is_scrambled_with_the_workers_key():
    data = b"PK\x03\x04 answers: U(yhat - y)" * 5
    assert w2v_check.scramble(w2v_check.scramble(data)) == data
    assert b"yhat" not in w2v_check.scramble(data)
    worker = (ROOT / "tools" / "sphinxext" / "w2v_static" / "w2v_check_worker.js").read_text(encoding="utf-8")
    assert f'new TextEncoder().encode("{w2v_check.SCRAMBLE_KEY.decode()}")' in worker


@pytest.mark.parametrize("edition", ["_build/html", "_build/student/_build/html"])
def test_no_file_of_a_built_edition_holds_the_answers_readable(edition):
    """The served checker is scrambled: neither its bytes nor its unzipped members show a canonical answer."""
    import io

    runtime = ROOT / edition / "_static" / "pyodide"
    manifest = json.loads((runtime / "w2v-check.json").read_text(encoding="utf-8"))
    if not manifest.get("scrambled"):
        pytest.fail(f"{edition}: the manifest names no scrambled zip (build the book first)")
    served = runtime / manifest["scrambled"][0]
    raw = served.read_bytes()
    assert not zipfile.is_zipfile(io.BytesIO(raw))
    with zipfile.ZipFile(io.BytesIO(w2v_check.scramble(raw))) as archive:
        answers = archive.read("w2vlib/symbolic/answers.pyc")  # the worker's view: the checker is all there
    canonicals = [question.canonical.encode() for question in QUESTIONS.values() if len(question.canonical) >= 12]
    assert canonicals and all(text in answers for text in canonicals[:3])  # the test can see them when readable
    assert not [text for text in canonicals if text in raw]
