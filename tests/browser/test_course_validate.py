"""The course in the pinned JupyterLab: nbgrader's Validate button on a student's notebook answers.

A module fixture makes the course of chapter 3 (tools/make_notebooks.py --course), generates its
assignment with nbgrader, and writes two student notebooks from the release: one with every
solution, one with every solution but a derivation answered with a flipped sign. JupyterLab is
started from `.venv` on that workspace as in test_jupyterlab.py (settings and runtime in the
temporary folder, stopped by its PID). Pressing *Validate* must say "Success!" for the first and,
for the second, show the checker's own diagnosis of the wrong answer.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

import nbformat
import pytest
from playwright.sync_api import expect

from ._support import ROOT
from .test_jupyterlab import JUPYTER, UI_TIMEOUT_MS, VIEWPORT, _free_port, _open_by_double_click, _stop_server, _wait_until_up

sys.path.insert(0, str(ROOT / "tools"))
import make_notebooks  # noqa: E402

CHAPTER = "ch03_sigmoid"
QUESTION, WRONG = "sigmoid_derivative", "-sigma(x)(1 - sigma(x))"
VALIDATE_TIMEOUT_MS = 300_000  # nbgrader runs the whole chapter


def _student_notebook(source, release, wrong: dict) -> nbformat.NotebookNode:
    """The release with every solution of ``source`` in its answer cells, except ``wrong`` answers."""
    solutions = {cell.metadata["nbgrader"]["grade_id"]: cell for cell in source.cells if "nbgrader" in cell.metadata}
    notebook = nbformat.from_dict(release)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        question = next((q for q in wrong if meta["grade_id"].endswith(f"_{q}_answer")), None)
        if question:
            cell.source = re.sub(rf'^answer_{question} = "\.\.\.".*$', f"answer_{question} = {wrong[question]!r}",
                                 cell.source, count=1, flags=re.M)
        else:
            cell.source = "\n".join(line for line in solutions[meta["grade_id"]].source.splitlines()
                                    if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)
    return notebook


@pytest.fixture(scope="module")
def course_lab(tmp_path_factory):
    home = tmp_path_factory.mktemp("course_lab")
    course = home / "course"
    make_notebooks.make_course(ROOT, course, chapters=[CHAPTER.split("_")[0]])
    env = {**os.environ, "PATH": f"{JUPYTER.parent}{os.pathsep}{os.environ['PATH']}"}
    assignment = CHAPTER.split("_")[0]
    subprocess.run([str(JUPYTER.parent / "nbgrader"), "generate_assignment", assignment], cwd=course, env=env,
                   check=True, capture_output=True)
    source = nbformat.read(course / "source" / assignment / f"{CHAPTER}.ipynb", as_version=4)
    release = nbformat.read(course / "release" / assignment / f"{CHAPTER}.ipynb", as_version=4)
    workspace = home / "work" / "week"
    workspace.mkdir(parents=True)
    nbformat.write(_student_notebook(source, release, {}), workspace / "solved.ipynb")
    nbformat.write(_student_notebook(source, release, {QUESTION: WRONG}), workspace / "mistake.ipynb")

    port, token = _free_port(), secrets.token_hex(16)
    env.update({"JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
                "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
                "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "IPYTHONDIR": str(home / "ipython"),
                "JUPYTER_PREFER_ENV_PATH": "1"})
    news = home / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false"}')
    log = home / "server.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [str(JUPYTER), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
             "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
             f"--ServerApp.root_dir={home / 'work'}", "--LabApp.news_url=",
             "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
             *(["--allow-root"] if os.geteuid() == 0 else [])],
            cwd=home / "work", env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/api/status?token={token}", server, log)
        yield f"http://127.0.0.1:{port}", token
    finally:
        _stop_server(server)


@pytest.fixture
def course_page(w2v_browser, course_lab):
    url, token = course_lab
    context = w2v_browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{url}/lab?reset&token={token}", wait_until="domcontentloaded")
    expect(page.locator(".jp-DirListing-itemText").first).to_be_visible(timeout=UI_TIMEOUT_MS)
    expect(page.locator(".jp-LauncherCard").first).to_be_visible(timeout=UI_TIMEOUT_MS)
    yield page
    context.close()


def _validate(page, name: str):
    """Open week/<name>, press Validate, return the dialog of the results."""
    panel = _open_by_double_click(page, "week", name)
    panel.get_by_role("button", name="Validate").click()
    dialog = page.locator(".jp-Dialog", has_text="Validation Results")
    expect(dialog).to_be_visible(timeout=VALIDATE_TIMEOUT_MS)
    return dialog


def test_validate_says_success_for_every_solution(course_page):
    dialog = _validate(course_page, "solved.ipynb")
    expect(dialog).to_contain_text("Success! Your notebook passes all the tests.")


def test_validate_shows_the_checkers_diagnosis_of_a_wrong_answer(course_page):
    dialog = _validate(course_page, "mistake.ipynb")
    expect(dialog.locator(".validation-failed")).to_be_visible()
    expect(dialog).to_contain_text("The sign is flipped")
