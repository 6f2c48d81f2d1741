"""What the class got wrong: count, per graded question, the checker's diagnoses across students.

Run after ``nbgrader autograde`` from the course folder (``make course`` writes it)::

    python ../tools/class_report.py ASSIGNMENT   # writes reports/ASSIGNMENT/class_report.html

It reads every autograded notebook (``autograded/<student>/<assignment>/*.ipynb``). Each graded
cell of a derivation exercise ran ``assert feedback.correct, f"[{feedback.code}] {feedback.message}"``:
a failed one holds the checker's diagnosis code (:attr:`w2vlib.symbolic.Feedback.code`: ``sign``,
``mistake-2``, ``shape`` …) and its message (``w2vlib.symbolic.check_answer``) as its error.
Mistakes are grouped by the code, and shown with the message's first clause ("The −1 of the true
word is missing", "The sign is flipped", "Wrong shape" …); an answer left at ``"..."`` counts as
"no answer". A step-by-step derivation (``check_steps``) is graded the same way, its message
starting with ``[code; step N]``: it is grouped by the first wrong step and the code ("step 2:
sign — …"), and the page counts, per derivation, at which step the students first went wrong.
A graded cell of a code exercise counts by its error ("not done" for the stub's
NotImplementedError, GradientCheckError …). The page lists, per question, each diagnosis with its
number of students and their ids, and a figure of the counts, so a teacher sees which step to
teach again.
"""

from __future__ import annotations

import argparse
import ast
import base64
import html
import io
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import nbformat

CORRECT = "correct"
NO_ANSWER = "no answer"
NOT_DONE = "not done"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CHECK_CALL = re.compile(r"""(?:check_answer|check_steps)\(["'](?P<question>[A-Za-z0-9_]+)["'],\s*"""
                         r"""(?P<name>[A-Za-z_][A-Za-z0-9_]*)\)""")
# "[sign] The sign is flipped: …" or "[sign; step 2] The sign flipped: …" (tools/make_notebooks.py --course).
_CODED = re.compile(r"^\[(?P<code>[A-Za-z0-9-]+)(?:; step (?P<step>\d+|None))?\]\s*(?P<message>.*)$", re.S)
_STEP_LABEL = re.compile(r"^step (?P<step>\d+): ")


def diagnosis(message: str) -> str:
    """The diagnosis of one checker message: its first clause, without the numbers that follow.

    >>> diagnosis("The sign is flipped: your answer is exactly −1 times σ′(x). At x = 0.4 ...")
    'The sign is flipped'
    >>> diagnosis("Not quite. At a random point (every symbol drawn from [−1.5, 1.5]) ...")
    'Not quite'
    """
    first = re.split(r"[:;]\s|\.\s|\.$|\s—\s", message.strip(), maxsplit=1)[0]
    return first.strip() or message.strip()


def label(message: str) -> str:
    """The class report's label of a failed check: ``code: diagnosis``, with ``step N:`` in front for a
    derivation (the first wrong step), or the diagnosis alone for a message without a code.

    >>> label("[sign; step 2] The sign flipped: step 2 is −1 times step 1. Step 2 does not follow …")
    'step 2: sign: The sign flipped'
    >>> label("[mistake-2] The −1 of the true word is missing: you have Uŷ …")
    'mistake-2: The −1 of the true word is missing'
    >>> label("The sign is flipped: your answer is exactly −1 times σ′(x).")
    'The sign is flipped'
    """
    coded = _CODED.match(message.strip())
    if not coded:
        return diagnosis(message)
    step = f"step {coded['step']}: " if coded["step"] not in (None, "None") else ""
    return f"{step}{coded['code']}: {diagnosis(coded['message'])}"


def _group(found: str) -> str:
    """What a label is grouped by: its step and code (the diagnosis's words may vary within a code)."""
    head = found.split(": ")
    if _STEP_LABEL.match(found):
        return ": ".join(head[:2])
    return head[0] if len(head) > 1 and re.fullmatch(r"[a-z0-9-]+", head[0]) else found


def _answer_text(cell_source: str, name: str) -> str | None:
    """The last string literal assigned to ``name`` in an answer cell (read, never run)."""
    try:
        tree = ast.parse(cell_source)
    except SyntaxError:
        return None
    text = None
    for node in tree.body:
        if (isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets)
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            text = node.value.value
    return text


def _error(cell: nbformat.NotebookNode) -> tuple[str, str] | None:
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            return output.ename, _ANSI.sub("", output.evalue)
    return None


def notebook_diagnoses(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """grade_id of each graded cell → its diagnosis (``correct`` if it passed)."""
    out = {}
    cells = notebook.cells
    for position, cell in enumerate(cells):
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade") or cell.cell_type != "code":
            continue
        error = _error(cell)
        match = _CHECK_CALL.search(cell.source)
        if error is None:
            out[meta["grade_id"]] = CORRECT
        elif match:  # a derivation: the checker's message is the error
            answer = next((_answer_text(previous.source, match["name"]) for previous in reversed(cells[:position])
                           if previous.metadata.get("nbgrader", {}).get("solution")
                           and match["name"] in previous.source), None)
            if answer is not None and answer.strip() in ("", "..."):
                out[meta["grade_id"]] = NO_ANSWER
            elif error[0] == "AssertionError":
                out[meta["grade_id"]] = label(error[1])
            else:
                out[meta["grade_id"]] = f"{error[0]} (no answer to check)"
        else:  # a code exercise
            out[meta["grade_id"]] = NOT_DONE if error[0] == "NotImplementedError" else error[0]
    return out


def class_diagnoses(course: Path, assignment: str) -> dict[str, dict[str, list[str]]]:
    """Question (``notebook: grade_id``) → diagnosis → the students who got it, from autograded/."""
    table: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    shown: dict[tuple[str, str], str] = {}  # (question, group) → the label of its first student
    for path in sorted((course / "autograded").glob(f"*/{assignment}/*.ipynb")):
        student = path.parent.parent.name
        notebook = nbformat.read(path, as_version=4)
        for grade_id, found in notebook_diagnoses(notebook).items():
            question = f"{path.stem}: {grade_id}"
            found = shown.setdefault((question, _group(found)), found)
            table[question][found].append(student)
    return {question: dict(found) for question, found in table.items()}


def first_wrong_steps(table: dict[str, dict[str, list[str]]]) -> dict[str, Counter]:
    """Derivation question → Counter(first wrong step → number of students), from the labels."""
    steps: dict[str, Counter] = {}
    for question, diagnoses in table.items():
        for found, students in diagnoses.items():
            match = _STEP_LABEL.match(found)
            if match:
                steps.setdefault(question, Counter())[int(match["step"])] += len(students)
    return steps


def mistake_counts(table: dict[str, dict[str, list[str]]]) -> Counter:
    """(question, diagnosis) → number of students, for every diagnosis except ``correct``."""
    return Counter({(question, found): len(students) for question, diagnoses in table.items()
                    for found, students in diagnoses.items() if found != CORRECT})


def _figure(counts: Counter) -> str:
    """A horizontal bar chart of the mistakes' counts, as a base64 PNG (no file, no network)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted(counts.items(), key=lambda item: (item[0][0], -item[1]))
    labels = [f"{question.split(': ', 1)[-1].removesuffix('_test')} — "
              f"{found if len(found) <= 50 else found[:49] + '…'}" for (question, found), _ in rows]
    # The checker's diagnoses in red; unanswered questions and unfinished code in grey.
    colors = ["#999999" if found in (NO_ANSWER, NOT_DONE) else "#b00020" for (_, found), _ in rows]
    figure, axes = plt.subplots(figsize=(10, 0.3 * len(rows) + 1.4))
    axes.barh(range(len(rows)), [count for _, count in rows], color=colors)
    axes.set_yticks(range(len(rows)), labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel("students")
    axes.xaxis.get_major_locator().set_params(integer=True)
    figure.suptitle("What the class got wrong, per question (red: the checker's diagnoses; grey: no answer)",
                    fontsize=10)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def report_html(assignment: str, table: dict[str, dict[str, list[str]]]) -> str:
    counts = mistake_counts(table)
    students = sorted({s for diagnoses in table.values() for group in diagnoses.values() for s in group})
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Class report: {html.escape(assignment)}"
             "</title><style>body{font-family:sans-serif;max-width:60em;margin:auto}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
             "td.count{text-align:right}</style></head><body>",
             f"<h1>Class report: {html.escape(assignment)}</h1>",
             f"<p>{len(students)} students, {len(table)} graded questions. Each row is a diagnosis of the "
             "checker (or a code exercise's error) and the number of students who got it.</p>"]
    if counts:
        parts.append(f'<figure><img alt="Mistakes per question" src="data:image/png;base64,{_figure(counts)}">'
                     "<figcaption>Number of students per mistake, by question.</figcaption></figure>")
    else:
        parts.append("<p>Nobody got anything wrong.</p>")
    steps = first_wrong_steps(table)
    if steps:
        parts.append("<h2>Derivations: the first wrong step</h2><table><tr><th>Question</th><th>First wrong step"
                     "</th><th>Students</th></tr>")
        for question in sorted(steps):
            for step, count in sorted(steps[question].items()):
                parts.append(f"<tr><td>{html.escape(question)}</td><td class='count'>{step}</td>"
                             f"<td class='count'>{count}</td></tr>")
        parts.append("</table>")
    parts.append("<table><tr><th>Question</th><th>Diagnosis</th><th>Students</th><th>Who</th></tr>")
    for question in sorted(table):
        for found, who in sorted(table[question].items(), key=lambda item: (item[0] == CORRECT, -len(item[1]))):
            parts.append(f"<tr><td>{html.escape(question)}</td><td>{html.escape(found)}</td>"
                         f"<td class='count'>{len(who)}</td><td>{html.escape(', '.join(sorted(who)))}</td></tr>")
    parts.append("</table></body></html>")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment", help="assignment id, as given to nbgrader autograde")
    parser.add_argument("--course", type=Path, default=Path.cwd(), help="course folder (default: here)")
    parser.add_argument("--out", type=Path, help="HTML file (default: reports/<assignment>/class_report.html)")
    args = parser.parse_args(argv)
    table = class_diagnoses(args.course, args.assignment)
    if not table:
        print(f"class_report: no autograded notebooks in {args.course}/autograded/*/{args.assignment}/; "
              "run nbgrader autograde first", file=sys.stderr)
        return 1
    out = args.out or args.course / "reports" / args.assignment / "class_report.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report_html(args.assignment, table), encoding="utf-8")
    for (question, found), count in sorted(mistake_counts(table).items()):
        print(f"{question}: {found}: {count} student{'s' if count != 1 else ''}")
    for question, counts in sorted(first_wrong_steps(table).items()):
        print(f"{question}: first wrong step " + ", ".join(f"{step}: {n}" for step, n in sorted(counts.items())))
    print(f"class_report: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
