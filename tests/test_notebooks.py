"""`make notebooks` / `make lab` output: notebooks that read like the book and run start to finish.

tools/make_notebooks.py turns every chapter of _toc.yml into a teacher notebook (stubs
removed, solutions kept) and a student notebook (solutions removed, stubs kept). Both are
executed here from a clean kernel with nbclient, errors not allowed, as Run All in JupyterLab
would run them: a teacher notebook must run without an error; in a student notebook a code stub
(tagged ``raises-exception``, as JupyterLab and nbclient both honour) prints "Exercise not done
yet" and the cells after it still run — so no later cell depends on a removed solution. The
generated Markdown carries no MyST markup.
"""

from __future__ import annotations

import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BOOK_ROOT = Path(os.environ.get("W2V_BOOK_ROOT", ROOT))  # the book whose chapters are run
sys.path.insert(0, str(ROOT / "tools"))
import make_notebooks  # noqa: E402

CELL_TIMEOUT = 600  # seconds, as in _config.yml


def chapter_names() -> list[str]:
    names = []
    for name in make_notebooks.toc_files(BOOK_ROOT / "_toc.yml"):
        try:
            source = make_notebooks.find_source(BOOK_ROOT, name)
        except FileNotFoundError:
            names.append(Path(name).name)  # fails below with make_notebooks' clear message
            continue
        if make_notebooks.is_notebook(source):
            names.append(Path(name).name)
    return names


def execute(path: str) -> dict:
    """Run a notebook in a fresh kernel in its own folder, errors not allowed; return it as a dict."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=False,
        resources={"metadata": {"path": str(Path(path).parent)}},  # as JupyterLab starts the kernel
    )
    start = time.perf_counter()
    try:
        client.execute()
    except Exception as error:  # noqa: BLE001 - reported by the test, with the cell
        return {"error": f"{type(error).__name__}: {error}"[-4000:]}
    return {"notebook": notebook, "seconds": time.perf_counter() - start}


@pytest.fixture(scope="session")
def executed(tmp_path_factory):
    """Make and execute every teacher and student notebook, two kernels at a time."""
    out = tmp_path_factory.mktemp("notebooks")
    written = make_notebooks.make_notebooks(BOOK_ROOT, out)
    jobs = {}
    with ProcessPoolExecutor(max_workers=2) as pool:
        for teacher, student in written:
            jobs[("teacher", teacher.stem)] = pool.submit(execute, str(teacher))
            jobs[("student", student.stem)] = pool.submit(execute, str(student))
        results = {key: job.result() for key, job in jobs.items()}
    print("\nnbclient Run All (seconds): " + ", ".join(
        f"{edition} {name} {result['seconds']:.1f}" for (edition, name), result in results.items()
        if "seconds" in result))
    return results


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("chapter", chapter_names())
def test_teacher_notebook_runs_without_error(executed, chapter):
    result = executed[("teacher", chapter)]
    assert "error" not in result, result.get("error")


@pytest.mark.parametrize("chapter", chapter_names())
def test_student_notebook_runs_to_the_end_and_stubs_say_not_done_yet(executed, chapter):
    result = executed[("student", chapter)]
    assert "error" not in result, result.get("error")
    problems = []
    for index, cell in enumerate(result["notebook"].cells):
        if cell.cell_type != "code":
            continue
        errors = [output for output in cell.get("outputs", []) if output.get("output_type") == "error"]
        printed = "".join(output.get("text", "") for output in cell.get("outputs", []))
        if errors:
            problems.append(f"cell {index} ({_tags(cell)}): {errors[0].get('ename')}: {errors[0].get('evalue')}"
                            f"\n{cell.source[:300]}")
        elif "raises-exception" in _tags(cell) and "Exercise not done yet" not in printed:
            problems.append(f"cell {index}: a code stub that does not say 'Exercise not done yet'\n{cell.source[:300]}")
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("chapter", chapter_names())
def test_derivations_show_their_number_not_their_label(executed, chapter):
    for edition in ("teacher", "student"):
        result = executed[(edition, chapter)]
        assert "error" not in result, result.get("error")
        for cell in result["notebook"].cells:
            for output in cell.get("outputs", []):
                markdown = output.get("data", {}).get("text/markdown", "")
                assert not re.search(r"\$\$\s*\(", markdown), f"{edition}: a MyST label in\n{markdown[:400]}"


FORBIDDEN_MARKUP = re.compile(r"\{(ref|cite|cite:[a-z]+|eq|numref|doc|prf:ref|term)\}`|:label:|:class:|"
                              r"^\s*\([^()\s]+\)=\s*$|^\s*(`{3,}|:{3,}|~{3,})\s*\{", re.M)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("readable")
    return make_notebooks.make_notebooks(BOOK_ROOT, out)


@pytest.mark.parametrize("chapter", chapter_names())
def test_generated_markdown_has_no_myst_markup(generated, chapter):
    for path in (path for pair in generated for path in pair if path.stem == chapter):
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "markdown":
                found = FORBIDDEN_MARKUP.search(cell.source)
                assert not found, f"{path.parent.name}/{path.name} cell {index}: {found[0]!r} in\n{cell.source[:500]}"


@pytest.mark.parametrize("chapter", chapter_names())
def test_generated_notebooks_drop_build_only_cells_and_collapse_plumbing(generated, chapter):
    for path in (path for pair in generated for path in pair if path.stem == chapter):
        cells = nbformat.read(path, as_version=4).cells
        code = [cell for cell in cells if cell.cell_type == "code"]
        assert code[0].metadata["jupyter"]["source_hidden"] and "set_custom_exc" in code[0].source
        for cell in code:
            tags = _tags(cell)
            assert not {"remove-cell", "remove-input", "hide-input", "skip-execution"} & set(tags), tags
            assert "mystnb" not in cell.metadata


# --- The notebook transformation itself, on a small synthetic chapter ---------------------

def _chapter() -> nbformat.NotebookNode:
    markdown, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    return nbformat.v4.new_notebook(cells=[
        markdown("# 1. Title\n\n```{exercise-start}\n:label: ch01_ex1\n```\nWrite f."),
        code('raise NotImplementedError("Student exercise: write f")',
             metadata={"tags": ["student-stub", "skip-execution"]}),
        markdown("```{exercise-end}\n```\n\n```{solution-start} ch01_ex1\n:class: dropdown\n```\n"
                 "The secret solution prose."),
        code("def f():\n    return 42", metadata={"tags": ["hide-input"]}),
        markdown("```{solution-end}\n```\n\nText after the solution.\n\n"
                 "````{solution} ch01_ex2\nA plain solution.\n```python\nx = 1\n```\n````\nThe end."),
    ])


def test_student_notebook_drops_solutions_and_keeps_runnable_stubs():
    student = make_notebooks.student_notebook(_chapter())
    text = "\n".join(cell.source for cell in student.cells)
    assert "secret solution" not in text and "return 42" not in text
    assert "A plain solution" not in text and "x = 1" not in text
    assert "Text after the solution." in text and "The end." in text
    assert "{exercise-end}" in text and "solution-end" not in text
    stubs = [cell for cell in student.cells if "student-stub" in _tags(cell)]
    assert len(stubs) == 1 and "skip-execution" not in _tags(stubs[0])


def test_teacher_notebook_drops_stubs_and_keeps_solutions():
    teacher = make_notebooks.teacher_notebook(_chapter())
    text = "\n".join(cell.source for cell in teacher.cells)
    assert "NotImplementedError" not in text
    assert "return 42" in text and "secret solution" in text


def test_unclosed_solution_is_an_error():
    chapter = _chapter()
    chapter.cells = chapter.cells[:4]  # cut before {solution-end}
    with pytest.raises(ValueError, match="never closed"):
        make_notebooks.student_notebook(chapter)


# --- The whole generator on a two-chapter book in a temporary folder ------------------------

HEADER = ("---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
          "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n")
TINY_CHAPTER_1 = HEADER + '''(ch01)=
# 1. First

The loss {cite}`rong2014word2vec` is

$$
J = -\\log \\hat{y}_o
$$ (eq-ch01-loss)

(ch01-more)=
## More

```{code-cell} ipython3
:tags: [remove-cell]

import math
```

```{code-cell} ipython3
:tags: [remove-input]

Derivation.from_latex(r"""x &= x""", "softmax", label="eq-ch01-step")
```

```{code-cell} ipython3
:tags: [remove-cell]

assert math.pi > 3
```

```{admonition} Careful
:class: note

Read {eq}`eq-ch01-loss` twice.
```

## Exercises

```{exercise-start}
:label: ch01_ex1
```

Differentiate {eq}`eq-ch01-step`.

```{code-cell} ipython3
:tags: [student-stub, skip-execution]

check("softmax_grad_center", "...")   # replace ... with your answer
```

```{code-cell} ipython3
:tags: [student-stub, skip-execution]

def f():
    raise NotImplementedError("Student exercise: write f")

f()
```

```{exercise-end}
```

```{solution-start} ch01_ex1
:class: dropdown
```

The secret solution prose.

```{code-cell} ipython3
def f():
    return math.pi
```

```{solution-end}
```
'''
TINY_CHAPTER_2 = HEADER + '''(ch02)=
# 2. Second

As in {ref}`the first chapter <ch01>`, {ref}`ch01-more` and {eq}`eq-ch01-loss`
({cite:t}`rong2014word2vec`).

```{code-cell} ipython3
print(1)
```
'''
TINY_BIB = """@article{rong2014word2vec,
  author = {Rong, Xin}, title = {word2vec Parameter Learning Explained},
  journal = {arXiv preprint arXiv:1411.2738}, year = {2014}, url = {https://arxiv.org/abs/1411.2738}
}
"""


@pytest.fixture
def tiny_book(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n"
                                       "  - file: book/ch01_first\n  - file: book/ch02_second\n")
    (tmp_path / "book" / "intro.md").write_text("(intro)=\n# Intro\n")
    (tmp_path / "book" / "ch01_first.md").write_text(TINY_CHAPTER_1)
    (tmp_path / "book" / "ch02_second.md").write_text(TINY_CHAPTER_2)
    (tmp_path / "book" / "references.bib").write_text(TINY_BIB)
    return tmp_path


def _markdown(path) -> str:
    return "\n\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells
                       if cell.cell_type == "markdown")


def _code(path) -> list:
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def test_roles_become_links_and_author_year_citations(tiny_book):
    (teacher_1, _), (teacher_2, _) = make_notebooks.make_notebooks(tiny_book, tiny_book / "out")
    first, second = _markdown(teacher_1), _markdown(teacher_2)
    assert "([Rong, 2014](#ref-rong2014word2vec))" in first
    assert '<a id="ref-rong2014word2vec"></a>Rong, X. (2014). *word2vec Parameter Learning Explained*' in first
    assert '<a id="eq-ch01-loss"></a>\n\n$$\nJ = -\\log \\hat{y}_o\n\\tag{1.1}\n$$' in first
    assert "Read [(1.1)](#eq-ch01-loss) twice." in first and "> **Careful**" in first
    assert "Differentiate [(1.2)](#eq-ch01-step)." in first  # a derivation's label, numbered in order
    assert '<a id="ch01-more"></a>\n\n## More' in first and "(ch01)=" not in first
    assert "[the first chapter](ch01_first.ipynb)" in second
    assert "[More](ch01_first.ipynb#ch01-more)" in second and "[(1.1)](ch01_first.ipynb#eq-ch01-loss)" in second
    assert "([Rong (2014)](#ref-rong2014word2vec))" in second


def test_exercises_become_headings_and_teacher_solutions_details(tiny_book):
    (teacher, student), _ = make_notebooks.make_notebooks(tiny_book, tiny_book / "out")
    text = _markdown(teacher)
    assert '<a id="ch01_ex1"></a>\n\n### Exercise 1.1' in text
    assert ("<details>\n<summary><b>Solution to Exercise 1.1</b></summary>\n\nThe secret solution prose."
            "\n\n</details>") in text
    solution_code = _code(teacher)[-1]
    assert "return math.pi" in solution_code.source and solution_code.metadata["jupyter"]["source_hidden"]
    assert "secret" not in _markdown(student) and "### Exercise 1.1" in _markdown(student)


def test_build_only_cells_are_dropped_and_needed_hidden_cells_kept_collapsed(tiny_book):
    (teacher, _), _ = make_notebooks.make_notebooks(tiny_book, tiny_book / "out")
    sources = [cell.source for cell in _code(teacher)]
    assert not any("assert math.pi" in source for source in sources)  # build-only: dropped
    imports = next(cell for cell in _code(teacher) if cell.source == "import math")  # used later: kept
    assert imports.metadata["jupyter"]["source_hidden"] and "tags" not in imports.metadata


def test_student_stubs_become_an_answer_box_and_a_cell_that_lets_run_all_go_on(tiny_book):
    (_, student), _ = make_notebooks.make_notebooks(tiny_book, tiny_book / "out")
    box, code_stub = [cell for cell in _code(student) if "student-stub" in _tags(cell)]
    assert box.source.startswith("from w2vlib.symbolic.exercise import answer_box")
    assert 'answer_box("softmax_grad_center")' in box.source and "raises-exception" not in _tags(box)
    assert _tags(code_stub) == ["student-stub", "raises-exception"]


def test_a_code_stub_prints_not_done_yet_and_the_next_cell_runs(tiny_book):
    (_, student), _ = make_notebooks.make_notebooks(tiny_book, tiny_book / "out")
    notebook = nbformat.read(student, as_version=4)
    setup = _code(student)[0]
    stub = next(cell for cell in notebook.cells if "raises-exception" in _tags(cell))
    other = nbformat.v4.new_code_cell('raise NotImplementedError("not an exercise")',
                                      metadata={"tags": ["raises-exception"]})
    notebook.cells = [setup, stub, other, nbformat.v4.new_code_cell('print("still running")')]
    NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=False).execute()
    printed = re.sub(r"\x1b\[[0-9;]*m", "", notebook.cells[1].outputs[0]["text"])  # without colours
    assert printed.startswith("Exercise not done yet: write f. Write your code in this cell")
    assert notebook.cells[2].outputs[0]["ename"] == "NotImplementedError"  # other errors: a traceback
    assert notebook.cells[3].outputs[0]["text"] == "still running\n"


def test_remaking_the_workspace_keeps_an_edited_notebook(tiny_book):
    out = tiny_book / "lab"
    (_, student), _ = make_notebooks.make_notebooks(tiny_book, out, keep_edited=True)

    def last_code_cell(notebook):
        return [cell for cell in notebook.cells if cell.cell_type == "code"][-1]

    notebook = nbformat.read(student, as_version=4)
    last_code_cell(notebook).outputs = [nbformat.v4.new_output("stream", text="ran\n")]  # run, not edited
    nbformat.write(notebook, student)
    (_, again), _ = make_notebooks.make_notebooks(tiny_book, out, keep_edited=True)
    assert again == student and not last_code_cell(nbformat.read(student, as_version=4)).outputs  # replaced

    notebook = nbformat.read(student, as_version=4)
    last_code_cell(notebook).source = "def f():\n    return 3"  # the student's answer
    nbformat.write(notebook, student)
    (_, new), _ = make_notebooks.make_notebooks(tiny_book, out, keep_edited=True)
    assert new == student.with_name("ch01_first.new.ipynb") and new.is_file()
    assert last_code_cell(nbformat.read(student, as_version=4)).source == "def f():\n    return 3"  # kept


def test_launch_buttons_offer_binder_with_md_opening_as_a_notebook_and_no_colab():
    import json

    import yaml

    buttons = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["launch_buttons"]
    assert "colab_url" not in buttons, "Colab cannot open the chapters' .md files"
    assert buttons["binderhub_url"] == "https://mybinder.org"
    requirements = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").split("\n")
    assert "-r ../requirements.txt" in requirements  # the one place for pins
    viewers = json.loads((ROOT / "binder" / "overrides.json").read_text(encoding="utf-8"))[
        "@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers == {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    extension = ROOT / ".venv" / "share" / "jupyter" / "labextensions" / "jupyterlab-jupytext" / "static"
    assert any('"Jupytext Notebook"' in path.read_text(encoding="utf-8", errors="replace")
               for path in extension.glob("*.js")), "the pinned jupytext has no 'Jupytext Notebook' viewer"
    assert "overrides.json" in (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")


def test_a_step_by_step_stub_becomes_an_answer_box_for_a_derivation():
    cell = nbformat.v4.new_code_cell(
        'from w2vlib.symbolic.exercise import check_steps\n\n'
        'check_steps("sigmoid_derivative", r"""...""")   # replace ... with your steps, one per line',
        metadata={"tags": ["student-stub", "skip-execution"]})
    make_notebooks._make_stub_runnable(cell)
    assert cell.source == ('from w2vlib.symbolic.exercise import answer_box\n\n'
                           'answer_box("sigmoid_derivative", steps=True)')
    assert _tags(cell) == ["student-stub"]
