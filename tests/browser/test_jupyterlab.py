"""The chapters as a student runs them: the pinned JupyterLab, driven in Debian's Chromium.

A module fixture writes the notebooks as `make lab` does (tools/make_notebooks.py) into a
temporary workspace and starts `jupyter lab` from `.venv` on a free 127.0.0.1 port, with its
settings, data and runtime directories in that workspace (nothing from the home directory).
The tests open a notebook by double-click, run all cells from the Run menu, use the training
explorer and an answer box, and check that the math (with the derivations' check marks) is
typeset. The server is stopped by its PID; the repository's tracked files must be unchanged.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

from ._support import ROOT, SCREENSHOT_DIR

sys.path.insert(0, str(ROOT / "tools"))
import make_notebooks  # noqa: E402

JUPYTER = ROOT / ".venv" / "bin" / "jupyter"
STUDENT_CHAPTER = "ch08_toy_training"  # stubs, the training explorer and an answer box
MATH_CHAPTER = "ch03_sigmoid"  # derivations with check marks
RUN_ALL_TIMEOUT_MS = 300_000
UI_TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1280, "height": 900}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tracked_files() -> dict[str, str]:
    """Every tracked file of the repository → the SHA-256 of its content in the working tree."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split("\0")
    return {name: hashlib.sha256((ROOT / name).read_bytes()).hexdigest()
            for name in names if name and (ROOT / name).is_file()}


def _uncommitted() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def _stop_server(server):
    """Stop a JupyterLab server started by a fixture: SIGTERM by PID (it shuts its kernels down), then
    SIGKILL if it has not ended after 30 s."""
    if server.poll() is None:
        os.kill(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"jupyter lab exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"jupyter lab did not answer {url} within {timeout} s:\n{log.read_text()[-3000:]}")


@dataclass
class Lab:
    url: str
    token: str
    workspace: Path
    tracked_before: dict[str, str]  # tracked file → content hash, before the server started
    clean_before: bool  # no uncommitted change in the repository before the server started


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving a fresh workspace made as `make lab` makes it."""
    if not JUPYTER.is_file():
        pytest.fail(f"{JUPYTER} is missing: `make setup` installs the pinned JupyterLab", pytrace=False)
    before = _tracked_files()
    clean = not _uncommitted()  # a fresh clone (CI): nothing else is changing the files
    home = tmp_path_factory.mktemp("jupyterlab")
    workspace = home / "lab"
    make_notebooks.make_notebooks(ROOT, workspace, keep_edited=True)
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "IPYTHONDIR": str(home / "ipython"),
           "JUPYTER_PREFER_ENV_PATH": "1"}
    news = home / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false"}')  # no "notified about Jupyter news?" prompt
    log = home / "server.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [str(JUPYTER), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
             "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
             f"--ServerApp.root_dir={workspace}", "--LabApp.news_url=",
             "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
             *(["--allow-root"] if os.geteuid() == 0 else [])],  # CI runs as root
            cwd=workspace, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/api/status?token={token}", server, log)
        yield Lab(f"http://127.0.0.1:{port}", token, workspace, before, clean)
    finally:
        _stop_server(server)


@pytest.fixture
def lab_page(w2v_browser, lab):
    context = w2v_browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    page.page_errors = []
    page.on("pageerror", lambda error: page.page_errors.append(str(error)))
    page.goto(f"{lab.url}/lab?reset&token={lab.token}", wait_until="domcontentloaded")  # a fresh layout
    expect(page.locator(".jp-DirListing-itemText").first).to_be_visible(timeout=UI_TIMEOUT_MS)
    # The launcher lists the kernels once JupyterLab knows them; a notebook opened before that
    # would ask which kernel to start.
    expect(page.locator(".jp-LauncherCard").first).to_be_visible(timeout=UI_TIMEOUT_MS)
    yield page
    context.close()


def _open_by_double_click(page, folder: str, name: str):
    """Double-click ``folder`` then ``name`` in the file browser; return the notebook panel."""
    page.locator(".jp-DirListing-itemText", has_text=re.compile(rf"^{re.escape(folder)}$")).dblclick()
    item = page.locator(".jp-DirListing-itemText", has_text=re.compile(rf"^{re.escape(name)}$"))
    item.dblclick()
    panel = page.locator(".jp-NotebookPanel:visible")
    expect(panel).to_have_count(1, timeout=UI_TIMEOUT_MS)
    # The kernel starts by itself (no "Select Kernel" dialog) and becomes idle.
    expect(page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\(ipykernel\) \| Idle"))).to_have_count(
        1, timeout=UI_TIMEOUT_MS)
    expect(page.locator(".jp-Dialog")).to_have_count(0)
    return panel


def _run_all(page, path: Path) -> tuple[float, list]:
    """Run → Run All Cells; wait until the last code cell has run; return the seconds it took and
    the code cells as JupyterLab saves them (input prompts of collapsed cells show no count, so
    the saved notebook is read instead)."""
    start = time.monotonic()
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).click()
    idle = page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\(ipykernel\) \| Idle"))
    while time.monotonic() - start < RUN_ALL_TIMEOUT_MS / 1000:
        page.wait_for_timeout(2000)
        if idle.count() and not page.locator(".jp-InputPrompt", has_text="[*]").count():
            seconds = time.monotonic() - start
            code_cells = _save_and_read(page, path)
            if code_cells[-1].execution_count is not None:
                return seconds, code_cells
    pytest.fail(f"Run All of {path.name} did not reach the last cell in {RUN_ALL_TIMEOUT_MS / 1000:.0f} s")


def _save_and_read(page, path: Path) -> list:
    """Save the notebook (Ctrl+S) and return its code cells as JupyterLab wrote them."""
    tab = page.locator(".lm-TabBar-tab.jp-mod-current")
    page.keyboard.press("Control+s")
    expect(tab).not_to_have_class(re.compile(r"\bjp-mod-dirty\b"), timeout=UI_TIMEOUT_MS)
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def test_student_notebook_runs_all_and_its_widgets_answer(lab_page, lab):
    page = lab_page
    panel = _open_by_double_click(page, "student", f"{STUDENT_CHAPTER}.ipynb")
    seconds, code_cells = _run_all(page, lab.workspace / "student" / f"{STUDENT_CHAPTER}.ipynb")
    print(f"\nRun All of student/{STUDENT_CHAPTER}.ipynb in JupyterLab: {seconds:.1f} s")

    # Every code cell ran (an unfinished exercise does not stop Run All) and none failed.
    not_run = [cell.source[:80] for cell in code_cells if cell.execution_count is None]
    assert not not_run, f"cells that did not run: {not_run}"
    errors = [(output.ename, output.evalue) for cell in code_cells for output in cell.outputs
              if output.output_type == "error"]
    assert not errors, errors
    raising_stubs = [cell for cell in code_cells if "raises-exception" in cell.metadata.get("tags", [])]
    assert raising_stubs, "the chapter has no code stub"
    for cell in raising_stubs:
        assert "Exercise not done yet" in "".join(output.get("text", "") for output in cell.outputs), cell.source

    # The training explorer retrains and redraws: another seed, Train, a new picture.
    explorer = panel.locator(".jp-OutputArea-output").filter(has=page.get_by_role("button", name="Train"))
    image = explorer.locator("img").first
    expect(image).to_have_attribute("src", re.compile("."), timeout=UI_TIMEOUT_MS)
    old_source = image.get_attribute("src")
    seed = explorer.locator(".widget-slider", has=page.locator(".widget-label", has_text=re.compile("^seed$")))
    seed.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    explorer.get_by_role("button", name="Train").click()
    expect(image).not_to_have_attribute("src", old_source, timeout=UI_TIMEOUT_MS)

    # An answer box: type the answer, press Check, read the verdict.
    box = panel.locator(".jp-OutputArea-output").filter(has=page.locator("input[placeholder^='type your answer']"))
    box.locator("input").fill("0")
    box.locator("input").press("Enter")
    box.get_by_role("button", name="Check").click()
    expect(box).to_contain_text("✓", timeout=UI_TIMEOUT_MS)
    assert not page.page_errors, page.page_errors


def test_a_derivation_chapter_runs_all_and_its_new_boxes_answer(lab_page, lab):
    """ch03's student notebook: Run All completes; a variant question's box and a step-by-step box answer."""
    page = lab_page
    panel = _open_by_double_click(page, "student", f"{MATH_CHAPTER}.ipynb")
    seconds, code_cells = _run_all(page, lab.workspace / "student" / f"{MATH_CHAPTER}.ipynb")
    print(f"\nRun All of student/{MATH_CHAPTER}.ipynb in JupyterLab: {seconds:.1f} s")
    errors = [(output.ename, output.evalue) for cell in code_cells for output in cell.outputs
              if output.output_type == "error"]
    assert not errors, errors

    # A variant question (σ″, asked by no page): a wrong answer gets ✗ and a message, the right one ✓.
    box = panel.locator(".jp-OutputArea-output").filter(has_text="Write the second derivative")
    field = box.locator("input[placeholder^='type your answer']")
    box.scroll_into_view_if_needed()
    field.fill("sigma(x)(1 - sigma(x))^2")
    box.get_by_role("button", name="Check").click()
    expect(box).to_contain_text("✗", timeout=UI_TIMEOUT_MS)
    field.fill("sigma(x)(1 - sigma(x))(1 - 2 sigma(x))")
    box.get_by_role("button", name="Check").click()
    expect(box).to_contain_text("✓", timeout=UI_TIMEOUT_MS)

    # A step-by-step box (the binary cross-entropy): a sign slipped at step 2 is named there.
    steps = panel.locator(".jp-OutputArea-output").filter(has_text="the binary cross-entropy").filter(
        has=page.locator("textarea"))
    steps.scroll_into_view_if_needed()
    steps.locator("textarea").fill("= -y (1 - sigma(x)) + (1 - y) sigma(x)\n= -y + y sigma(x) - sigma(x) + y sigma(x)")
    steps.get_by_role("button", name="Check").click()
    expect(steps).to_contain_text("Step 2", timeout=UI_TIMEOUT_MS)
    steps.locator("textarea").fill("= -y (1 - sigma(x)) + (1 - y) sigma(x)\n= sigma(x) - y")
    steps.get_by_role("button", name="Check").click()
    expect(steps).to_contain_text("✓", timeout=UI_TIMEOUT_MS)
    expect(steps).not_to_contain_text("✗", timeout=UI_TIMEOUT_MS)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "jupyterlab-ch03-steps-box.png"))
    assert not page.page_errors, page.page_errors


def test_derivations_typeset_with_their_check_marks(lab_page, lab):
    page = lab_page
    panel = _open_by_double_click(page, "teacher", f"{MATH_CHAPTER}.ipynb")
    seconds, _ = _run_all(page, lab.workspace / "teacher" / f"{MATH_CHAPTER}.ipynb")
    print(f"\nRun All of teacher/{MATH_CHAPTER}.ipynb in JupyterLab: {seconds:.1f} s")
    expect(panel.locator(".jp-OutputArea-output mjx-container").first).to_be_visible(timeout=UI_TIMEOUT_MS)
    # JupyterLab's MathJax typesets \class{w2v-proved}{\color{green}{\checkmark}} with its "safe"
    # extension, which drops class names not starting with mjx-: the green ✓ stays.
    marks = panel.locator(".jp-OutputArea-output mjx-mstyle[style*='green'] mjx-c.mjx-c2713")
    assert marks.count() >= 3, "no typeset check marks in the derivations"
    expect(panel.locator("mjx-merror")).to_have_count(0)
    text = panel.inner_text()
    for raw in ("{eq}", "{ref}", "{cite}", "(eq-ch03", ":label:"):
        assert raw not in text, f"raw markup {raw!r} in the notebook as shown"
    assert not page.page_errors, page.page_errors


def test_running_the_notebooks_changed_no_tracked_file(lab):
    """Students work on copies: JupyterLab and the kernels never write into the repository.

    In a fresh clone (CI) every tracked file must be unchanged. In a working tree that already
    had uncommitted changes, other people may be editing while the test runs; then only the
    chapters' sources (what a JupyterLab opening them would rewrite) are compared.
    """
    after = _tracked_files()
    changed = sorted(name for name, digest in after.items() if lab.tracked_before.get(name) != digest)
    if not lab.clean_before:
        changed = [name for name in changed if name.startswith("book/")]
    assert not changed, f"tracked files changed while the notebooks ran: {changed}"
