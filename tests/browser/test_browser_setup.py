"""The browser harness itself: Chromium runs with the offline flags and a fresh profile, and
the recorders and page checks catch what they are meant to catch (a page that calls a CDN,
logs errors, breaks an image and leaves math untypeset fails every one of them)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from . import _support
from ._support import CHROMIUM_ARGS, RequestRecorder, open_page, raw_math_left, static_expectations

BROKEN_PAGE = r"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>broken</title><link rel="icon" href="data:,">
<script src="https://cdn.example.org/library.js"></script>
</head><body>
<p>Inline <span class="math notranslate nohighlight">\(x^2\)</span> and a derivation:</p>
<div class="math notranslate nohighlight">\[ a \class{w2v-proved}{\checkmark} \]</div>
<p>raw $$J = -\log \hat y_o$$ and \[ v_c \] left in the text</p>
<img src="missing.png" alt="missing"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="odd">
<div style="width: 200px"><mjx-container display="true" style="display: block; overflow: hidden">
<span style="display: inline-block; width: 900px">a derivation too wide to read</span></mjx-container></div>
<script>console.error("boom from the page"); undefinedFunction();</script>
</body></html>
"""


def test_chromium_runs_headless_with_the_offline_flags_and_a_fresh_profile(w2v_browser):
    page = w2v_browser.new_page()
    try:
        page.goto("chrome://version")
        command_line = page.inner_text("#command_line")
    finally:
        page.close()
    missing = [flag for flag in CHROMIUM_ARGS if flag.split("=")[0] not in command_line]
    assert not missing, f"Chromium was started without {missing}: {command_line[:300]}"
    profile = command_line.split("--user-data-dir=", 1)[1].split()[0]
    assert Path(profile).is_relative_to(tempfile.gettempdir()), f"profile {profile} is not a fresh temp dir"
    assert w2v_browser.version.split(".")[0].isdigit()


def test_missing_chromium_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(_support, "CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(RuntimeError, match=r"/nonexistent/chromium is missing.*apt-get install chromium"):
        _support.launch_chromium(playwright=None)


def test_checks_catch_a_broken_page(w2v_browser, tmp_path):
    (tmp_path / "index.html").write_text(BROKEN_PAGE, encoding="utf-8")
    with _support.serve_directory(tmp_path) as url:
        page = w2v_browser.new_page()
        try:
            recorder = RequestRecorder(url.rstrip("/")).attach(page)
            response, _ = open_page(page, f"{url}index.html")
            broken_images = page.evaluate(_support.LOAD_IMAGES_JS)
            rendered = page.evaluate(_support.RENDERED_STATE_JS, list(_support.MATH_MARK_CLASSES))
            expected = static_expectations(response.text())
        finally:
            page.close()

    assert recorder.external == ["script https://cdn.example.org/library.js"]
    assert any("cdn.example.org" in failure for failure in recorder.failed)
    assert any("404" in line and "missing.png" in line for line in recorder.bad_responses)
    assert any("boom from the page" in line for line in recorder.console_errors)
    assert any("undefinedFunction" in line for line in recorder.page_errors)
    assert len(recorder.problems()) >= 5
    assert [image.split()[0] for image in broken_images] == ["missing.png", "data:image/gif;base64,R0lGODlhAQABAAAAACw="]
    # No MathJax on this page: both math elements stay untypeset and the mark is never drawn.
    assert expected.math_elements == 2 and len(rendered["untypeset"]) == 2
    assert expected.marks == {"w2v-proved": 1} and rendered["marks"]["w2v-proved"] == 0
    assert rendered["wideMath"] == 1 and len(rendered["cutOffMath"]) == 1
    assert [found.split(" in:")[0] for found in raw_math_left(rendered["text"])] == ["$$", "\\[", "\\("]
