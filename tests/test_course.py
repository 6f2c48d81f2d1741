"""`make course` end to end: a class of five simulated students, graded by nbgrader's own commands.

The course is written by tools/make_notebooks.py --course into a temporary folder; one
assignment, ``week1``, is made of chapters 1-3 (the smallest with both kinds of exercise). The
teacher's commands are read from the book's page *Teaching with this book* (book/teaching.md)
and run as written, from the course folder, with the assignment's name in place of ``ch01``. The
five students:

1. hands in every solution (the source's solution regions pasted into the answer cells): full marks;
2. hands in the untouched release, through the exchange (fetch, submit, collect): 0;
3. makes typical mistakes (derivations the checker diagnoses, a derivation wrong at step 2, a
   wrong gradient): partial marks, and the checker's specific messages are in the feedback HTML;
4. hands in every solution but one wrong answer, whose locked graded cell it changed to ``pass``:
   nbgrader restores the cell and runs it, so that question gets 0;
5. answers with hostile text (``__import__('os')…``, a tower of powers): refused, nothing run,
   0 for those questions.

Students 1, 3, 4 and 5 are handed in as an LMS download (``nbgrader zip_collect``). The scores
are read from ``nbgrader export``'s CSV and compared exactly with the points of the graded cells
(read from the source notebooks); the class report counts exactly the planted mistakes. The
autograde time per student is printed (``-s`` shows it), not asserted. The tests that grade the
class are marked ``slow`` (about 2 minutes of autograde per student on a loaded 2-core machine):
``pytest -m "not slow"`` leaves them out.
"""

from __future__ import annotations

import csv
import html
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import class_report  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
CHAPTERS = ["ch01", "ch02", "ch03"]
ASSIGNMENT = "week1"
PAGE = ROOT / "book" / "teaching.md"

# Student 3's mistakes: (notebook, question) → a typical wrong answer; and one wrong code exercise.
TYPICAL_MISTAKES = {
    ("ch01_cross_entropy", "cross_entropy"): "-log(yhat_w)",
    ("ch02_softmax_gradients", "softmax_grad_center"): "U yhat",
    ("ch02_softmax_gradients", "softmax_grad_outside_o"): "yhat_o v_c",
    ("ch02_softmax_gradients", "softmax_grad_U"): "(yhat - y) v_c^T",
    ("ch03_sigmoid", "sigmoid_derivative"): "-sigma(x)(1 - sigma(x))",
}
# Student 3's step-by-step derivation (check_steps), wrong at step 2: a sign slipped.
WRONG_STEPS = ("ch03_sigmoid", "sigmoid_derivative", "= e^(-x)/(1 + e^(-x))^2\n= -sigma(x)(1 - sigma(x))")
WRONG_CODE = ("ch03_sigmoid", "log_sigmoid_and_slope",  # the slope of log σ(x) is σ(−x), not σ(x)
              "def log_sigmoid_and_slope(x):\n    return np.sum(log_sigmoid(x)), sigmoid(x)")
# Student 4: one wrong answer whose graded cell it replaced by `pass`.
TAMPERED = ("ch02_softmax_gradients", "softmax_grad_center", "U yhat")


def _hostile(marker: Path) -> dict:
    return {("ch01_cross_entropy", "cross_entropy"): f"__import__('os').system('touch {marker}')",
            ("ch03_sigmoid", "sigmoid_derivative"): "((((x^4)^4)^4)^4)^4"}


def _run(command: str | list[str], cwd: Path) -> str:
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}", "PYTHONWARNINGS": "ignore"}
    args = shlex.split(command) if isinstance(command, str) else command
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def page_commands() -> dict[str, str]:
    """The teacher's commands of book/teaching.md run from the course folder, by first two words."""
    blocks = re.findall(r"```bash\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    commands = {}
    for block in blocks:
        for line in block.splitlines():
            command = line.split("#")[0].strip()
            if command.startswith(("nbgrader ", "python ../tools/")):
                words = command.split()
                commands[" ".join(words[:2])] = command.replace("ch01", ASSIGNMENT)
    return commands


def _strip_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if "### BEGIN SOLUTION" not in line
                     and "### END SOLUTION" not in line)


def _cells_by_id(notebook) -> dict:
    return {cell.metadata["nbgrader"]["grade_id"]: cell for cell in notebook.cells
            if "grade_id" in cell.metadata.get("nbgrader", {})}


def _set_answer(cell, question: str, text: str) -> None:
    cell.source = re.sub(rf'^answer_{question} = "\.\.\.".*$', lambda _: f"answer_{question} = {text!r}",
                         cell.source, count=1, flags=re.M)


def _set_steps(cell, question: str, text: str) -> None:
    cell.source = re.sub(rf'^steps_{question} = r"""\.\.\.""".*$', lambda _: f"steps_{question} = {text!r}",
                         cell.source, count=1, flags=re.M)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The course after the teacher's whole path; the students' expected scores and the timings."""
    folder = tmp_path_factory.mktemp("course")
    _run([str(VENV_BIN / "python"), str(ROOT / "tools" / "make_notebooks.py"), "--course", "--out",
          str(folder), "--chapters", ",".join(CHAPTERS)], ROOT)
    (folder / "source" / ASSIGNMENT).mkdir()
    for chapter in CHAPTERS:
        for notebook in (folder / "source" / chapter).glob("*.ipynb"):
            shutil.copy(notebook, folder / "source" / ASSIGNMENT)
    commands = page_commands()
    _run(commands["nbgrader generate_assignment"], folder)
    _run(commands["nbgrader release_assignment"], folder)

    # Student 2: the untouched release, through the exchange.
    home = folder.parent / "student2_home"
    home.mkdir()
    exchange = f"--Exchange.root={folder / 'exchange'}"
    _run(f"nbgrader fetch_assignment {ASSIGNMENT} --course w2v-book {exchange}", home)
    _run(f"nbgrader submit {ASSIGNMENT} --course w2v-book --student student2 {exchange}", home)
    _run(commands["nbgrader collect"], folder)

    # Students 1, 3, 4, 5: notebooks made from the release, handed in as an LMS zip.
    marker = folder.parent / "PWNED"
    sources = {path.stem: nbformat.read(path, as_version=4) for path in (folder / "source" / ASSIGNMENT).glob("*.ipynb")}
    releases = {path.stem: nbformat.read(path, as_version=4)
                for path in (folder / "release" / ASSIGNMENT).glob("*.ipynb")}
    archive = folder / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    with zipfile.ZipFile(archive / "lms_download.zip", "w") as lms:
        for student, answers, code, tampered in (
                ("student1", {}, None, None),
                ("student3", TYPICAL_MISTAKES, WRONG_CODE, None),
                ("student4", {TAMPERED[:2]: TAMPERED[2]}, None, TAMPERED[:2]),
                ("student5", _hostile(marker), None, None)):
            for name, release in releases.items():
                notebook = nbformat.from_dict(release)
                solved = _cells_by_id(sources[name])
                for grade_id, cell in _cells_by_id(notebook).items():
                    if cell.metadata["nbgrader"]["solution"]:
                        cell.source = _strip_markers(solved[grade_id].source)  # every solution
                for (doc, question), text in answers.items():
                    if doc == name:
                        grade = f"{_exercise_of(sources[name], question)}_{question}_answer"
                        cell = _cells_by_id(notebook)[grade]
                        cell.source = _cells_by_id(release)[grade].source  # the stub, then this answer
                        _set_answer(cell, question, text)
                if code and code[0] == name:
                    cell = next(c for c in notebook.cells if f"def {code[1]}(" in c.source)
                    cell.source = code[2]
                if code and WRONG_STEPS[0] == name:  # student 3: a derivation wrong at step 2
                    grade = f"{_exercise_of(sources[name], WRONG_STEPS[1], 'steps_answer')}_{WRONG_STEPS[1]}_steps_answer"
                    cell = _cells_by_id(notebook)[grade]
                    cell.source = _cells_by_id(release)[grade].source
                    _set_steps(cell, WRONG_STEPS[1], WRONG_STEPS[2])
                if tampered and tampered[0] == name:
                    grade = f"{_exercise_of(sources[name], tampered[1])}_{tampered[1]}_test"
                    _cells_by_id(notebook)[grade].source = "pass"
                lms.writestr(f"{student}_{name}.ipynb", nbformat.writes(notebook))
    _run(commands["nbgrader zip_collect"], folder)

    timings = {}
    for student in ("student1", "student2", "student3", "student4", "student5"):
        start = time.perf_counter()
        _run(f"{commands['nbgrader autograde']} --student {student}", folder)
        timings[student] = time.perf_counter() - start
    _run(commands["nbgrader generate_feedback"], folder)
    _run(commands["nbgrader export"], folder)
    report_output = _run(commands["python ../tools/class_report.py"].replace(  # the course is not in the book here
        "python ../tools/", f"{VENV_BIN / 'python'} {ROOT / 'tools'}/", 1), folder)
    print("\nautograde time per student (s): " + ", ".join(f"{s} {t:.0f}" for s, t in timings.items()))
    return {"folder": folder, "sources": sources, "marker": marker, "timings": timings,
            "report_output": report_output}


def _exercise_of(source, question: str, kind: str = "answer") -> str:
    """The exercise label of a question's answer cell (grade ids are <label>_<question>_answer, or
    <label>_<question>_steps_answer for a step-by-step derivation: ``kind="steps_answer"``)."""
    for grade_id in _cells_by_id(source):
        if grade_id.endswith(f"_{question}_{kind}"):
            return grade_id[:-len(f"_{question}_{kind}")]
    raise KeyError(question)


def _steps_test(sources) -> str:
    doc, question, _ = WRONG_STEPS
    return f"{_exercise_of(sources[doc], question, 'steps_answer')}_{question}_steps_test"


def _points(sources: dict) -> dict[tuple[str, str], float]:
    """(notebook, grade_id) → points of every graded cell of the assignment."""
    return {(name, grade_id): float(cell.metadata["nbgrader"]["points"])
            for name, notebook in sources.items() for grade_id, cell in _cells_by_id(notebook).items()
            if cell.metadata["nbgrader"]["grade"]}


def _scores(folder: Path) -> dict[str, float]:
    with open(folder / "grades.csv", newline="", encoding="utf-8") as handle:
        return {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(handle)
                if row["assignment"] == ASSIGNMENT}


def _lost(sources, mistakes) -> float:
    points = _points(sources)
    return sum(points[(doc, f"{_exercise_of(sources[doc], question)}_{question}_test")]
               for doc, question in mistakes)


def test_every_page_command_is_used():
    commands = page_commands()
    for needed in ("generate_assignment", "release_assignment", "collect", "zip_collect", "autograde",
                   "generate_feedback", "export"):
        assert f"nbgrader {needed}" in commands, f"book/teaching.md does not give `nbgrader {needed}`"
    assert "python ../tools/class_report.py" in commands


@pytest.mark.slow
def test_release_has_no_solution_and_no_hidden_test(course):
    release = course["folder"] / "release" / ASSIGNMENT
    for path in release.glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path.name
    text = (release / "ch01_cross_entropy.ipynb").read_text(encoding="utf-8")
    assert "np.max(scores)" not in text and "-log(yhat_o)" not in text
    assert "relative_error = gradcheck" not in text
    source = (course["folder"] / "source" / ASSIGNMENT / "ch01_cross_entropy.ipynb").read_text(encoding="utf-8")
    assert "relative_error = gradcheck" in source  # hidden, not missing


@pytest.mark.slow
def test_graded_cells_have_unique_ids_points_and_a_visible_statement_of_points(course):
    for name, notebook in course["sources"].items():
        ids = [cell.metadata["nbgrader"]["grade_id"] for cell in notebook.cells if "nbgrader" in cell.metadata]
        assert len(ids) == len(set(ids)), name
        graded = [cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade")]
        assert graded, name
        for cell in graded:
            points = cell.metadata["nbgrader"]["points"]
            assert cell.metadata["nbgrader"]["locked"] and points > 0
            assert f"{points} points" in cell.source
        notes = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"
                 and cell.source.startswith("**Graded:")]
        assert len(notes) == len(graded), name


@pytest.mark.slow
def test_every_solution_gets_full_marks_and_graded_cells_are_silent(course):
    total = sum(_points(course["sources"]).values())
    assert _scores(course["folder"])["student1"] == total
    for path in (course["folder"] / "autograded" / "student1" / ASSIGNMENT).glob("*.ipynb"):
        for cell in _cells_by_id(nbformat.read(path, as_version=4)).values():
            if cell.metadata["nbgrader"]["grade"]:
                assert cell.outputs == [], f"{path.name} {cell.metadata['nbgrader']['grade_id']}: {cell.outputs}"


@pytest.mark.slow
def test_the_untouched_release_gets_zero(course):
    assert _scores(course["folder"])["student2"] == 0


@pytest.mark.slow
def test_typical_mistakes_get_partial_marks_and_the_checkers_messages(course):
    sources, folder = course["sources"], course["folder"]
    lost = (_lost(sources, TYPICAL_MISTAKES) + _points(sources)[(WRONG_CODE[0], "ch03_ex2_code_test")]
            + _points(sources)[(WRONG_STEPS[0], _steps_test(sources))])
    total = sum(_points(sources).values())
    assert 0 < total - lost < total
    assert _scores(folder)["student3"] == total - lost
    from w2vlib.symbolic import check_answer

    for (doc, question), text in TYPICAL_MISTAKES.items():
        feedback = (folder / "feedback" / "student3" / ASSIGNMENT / f"{doc}.html").read_text(encoding="utf-8")
        message = check_answer(question, text).message
        specific = class_report.diagnosis(message)
        assert html.escape(specific, quote=False) in feedback or specific in feedback, (doc, question, specific)
    feedback = (folder / "feedback" / "student3" / "week1" / "ch03_sigmoid.html").read_text(encoding="utf-8")
    assert "GradientCheckError" in feedback
    assert "[sign; step 2]" in feedback and "Step 2 does not follow from step 1" in feedback


@pytest.mark.slow
def test_a_locked_cell_changed_to_pass_is_restored_and_run(course):
    sources, folder = course["sources"], course["folder"]
    total = sum(_points(sources).values())
    assert _scores(folder)["student4"] == total - _lost(sources, [TAMPERED[:2]])
    doc, question, _ = TAMPERED
    grade = f"{_exercise_of(sources[doc], question)}_{question}_test"
    graded = _cells_by_id(nbformat.read(folder / "autograded" / "student4" / ASSIGNMENT / f"{doc}.ipynb", 4))[grade]
    assert graded.source == _cells_by_id(sources[doc])[grade].source
    assert [output.ename for output in graded.outputs if output.output_type == "error"] == ["AssertionError"]


@pytest.mark.slow
def test_a_hostile_answer_is_refused_and_nothing_runs(course):
    sources, folder = course["sources"], course["folder"]
    hostile = _hostile(course["marker"])
    total = sum(_points(sources).values())
    assert _scores(folder)["student5"] == total - _lost(sources, hostile)
    assert not course["marker"].exists()
    for (doc, question), text in hostile.items():
        grade = f"{_exercise_of(sources[doc], question)}_{question}_test"
        graded = _cells_by_id(nbformat.read(folder / "autograded" / "student5" / ASSIGNMENT / f"{doc}.ipynb", 4))[grade]
        errors = [output for output in graded.outputs if output.output_type == "error"]
        assert [error.ename for error in errors] == ["AssertionError"]  # the checker's refusal, not a timeout
        assert re.search(r"could not read your answer|powers in your answer are too large", errors[0].evalue)


@pytest.mark.slow
def test_the_class_report_counts_exactly_the_planted_mistakes(course):
    from w2vlib.symbolic import check_answer

    sources, folder = course["sources"], course["folder"]
    table = class_report.class_diagnoses(folder, ASSIGNMENT)
    expected = Counter()
    planted = [(TYPICAL_MISTAKES, "student3"), ({TAMPERED[:2]: TAMPERED[2]}, "student4"),
               (_hostile(course["marker"]), "student5")]
    for answers, _student in planted:
        for (doc, question), text in answers.items():
            grade = f"{_exercise_of(sources[doc], question)}_{question}_test"
            feedback = check_answer(question, text)
            expected[(f"{doc}: {grade}", class_report.label(f"[{feedback.code}] {feedback.message}"))] += 1
    expected[(f"{WRONG_CODE[0]}: ch03_ex2_code_test", "GradientCheckError")] += 1
    steps_question = f"{WRONG_STEPS[0]}: {_steps_test(sources)}"
    expected[(steps_question, "step 2: sign: The sign flipped")] += 1
    for (doc, grade_id), _points_value in _points(sources).items():  # student 2 answered nothing
        question_cell = _cells_by_id(sources[doc])[grade_id]
        answered = "check_answer(" in question_cell.source or "check_steps(" in question_cell.source
        found = class_report.NO_ANSWER if answered else class_report.NOT_DONE
        expected[(f"{doc}: {grade_id}", found)] += 1
    assert class_report.mistake_counts(table) == expected
    page = (folder / "reports" / ASSIGNMENT / "class_report.html").read_text(encoding="utf-8")
    assert '<img alt="Mistakes per question" src="data:image/png;base64,' in page
    center = f"ch02_softmax_gradients: {_exercise_of(sources['ch02_softmax_gradients'], 'softmax_grad_center')}" \
             "_softmax_grad_center_test"
    feedback = check_answer("softmax_grad_center", "U yhat")
    missing = class_report.label(f"[{feedback.code}] {feedback.message}")
    assert missing.startswith("mistake-2: The −1 of the true word is missing")
    assert table[center][missing] == ["student3", "student4"]
    assert f"{missing}: 2 students" in course["report_output"]
    assert class_report.first_wrong_steps(table) == {steps_question: Counter({2: 1})}
    assert "the first wrong step" in page and f"{steps_question}: first wrong step 2: 1" in course["report_output"]


# --- The generator's pieces, without nbgrader -----------------------------------------------------

import ast  # noqa: E402

import make_notebooks  # noqa: E402


def _statements(code: str, functions=("f",)) -> list[tuple[str, bool]]:
    out = []
    for node in ast.parse(code).body:
        out += make_notebooks._test_statements(node, code, set(functions))
    return out


def test_a_gradcheck_is_hidden_and_its_value_is_not_the_cells_value():
    assert _statements("gradcheck(f, x)") == [("relative_error = gradcheck(f, x)", True)]
    assert _statements("print(gradcheck(f, x), gradcheck(g, y))") == [
        ("relative_error = gradcheck(f, x)", True), ("relative_error = gradcheck(g, y)", True)]


def test_a_printed_boolean_becomes_an_assert_and_a_display_is_dropped():
    assert _statements("print(np.allclose(a, b), x < 1)") == [("assert np.allclose(a, b)", False),
                                                             ("assert x < 1", False)]
    for display in ("feedback", "f(x)", "print(f(x), 3)", "display(x)", 'print("done")'):
        assert _statements(display) == [], display
    silenced = _statements("try:\n    g()\nexcept E:\n    print(1)\nelse:\n    raise AssertionError")
    assert "print" not in silenced[0][0] and "pass" in silenced[0][0]


def test_a_solution_body_goes_between_the_markers_before_the_stubs_raise():
    solution = "def f(x,\n      y):\n    # the idea\n    return x + y\n"
    node = ast.parse(solution).body[0]
    text = make_notebooks._function_with_solution_region(node, solution, ["    raise NotImplementedError('Student exercise')"])
    assert text.splitlines() == ["def f(x,", "      y):", "    ### BEGIN SOLUTION", "    # the idea",
                                 "    return x + y", "    ### END SOLUTION",
                                 "    raise NotImplementedError('Student exercise')"]


def test_the_derivation_answer_is_the_first_string_of_the_solution_the_checker_proves():
    exercise = make_notebooks._Exercise("ex", solutions=[nbformat.v4.new_code_cell(
        'wrong = "U^T(yhat - y)"\nassert not check("softmax_grad_center", wrong).correct\n'
        'for answer in ["U(yhat - y)", "-u_o + sum_w(yhat_w u_w)"]:\n    check("softmax_grad_center", answer)')])
    assert make_notebooks._solution_answer(exercise, "softmax_grad_center") == "U(yhat - y)"
    with pytest.raises(ValueError, match="no answer"):
        make_notebooks._solution_answer(exercise, "softmax_grad_U")


def test_a_coded_message_is_labelled_by_its_code_and_grouped_by_code_and_first_wrong_step():
    assert class_report.label("[sign] The sign is flipped: your answer is exactly −1 times σ′(x).") == \
        "sign: The sign is flipped"
    assert class_report.label("[factor; step 3] A factor is off: step 3 is 2 times step 2.") == \
        "step 3: factor: A factor is off"
    assert class_report._group("size-dependent: Your answer agrees at |V| = 5") == "size-dependent"
    assert class_report._group("step 3: factor: A factor is off") == "step 3: factor"
    table = {"q": {"step 2: sign: x": ["a", "b"], "step 3: wrong-step: y": ["c"], "no answer": ["d"]}}
    assert class_report.first_wrong_steps(table) == {"q": Counter({2: 2, 3: 1})}


def test_a_steps_stub_becomes_an_answer_cell_with_the_solutions_derivation_and_a_graded_cell():
    exercise = make_notebooks._Exercise("ex5", solutions=[nbformat.v4.new_code_cell(
        'check_steps("sigmoid_derivative", "= sigma(x)^2")\n'
        'feedback = check_steps("sigmoid_derivative", r"""\n= e^{-x}/(1 + e^{-x})^2\n= \\sigma(x)(1 - \\sigma(x))\n""")')])
    note, answer, test = make_notebooks._steps_cells(exercise, "sigmoid_derivative")
    assert answer.metadata["nbgrader"]["grade_id"] == "ex5_sigmoid_derivative_steps_answer"
    assert 'steps_sigmoid_derivative = r"""..."""' in answer.source and "\\sigma(x)(1 - \\sigma(x))" in answer.source
    assert "sigma(x)^2" not in answer.source  # a wrong derivation of the solution is not the answer
    assert test.metadata["nbgrader"]["points"] == make_notebooks.DERIVATION_POINTS
    assert 'check_steps("sigmoid_derivative", steps_sigmoid_derivative)' in test.source
    assert "[{feedback.code}; step {feedback.first_wrong}]" in test.source and "points" in note.source


def test_a_diagnosis_is_the_first_clause_of_the_checkers_message():
    assert class_report.diagnosis("The sign is flipped: your answer is exactly −1 times σ′(x). At x = 0.4") == \
        "The sign is flipped"
    assert class_report.diagnosis("Not quite. At a random point (every symbol drawn from [−1.5, 1.5])") == "Not quite"
    assert class_report.diagnosis("Inside the sum you used ŷ_o for every word; the weight of u_w is ŷ_w.") == \
        "Inside the sum you used ŷ_o for every word"
