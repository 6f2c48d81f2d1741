"""w2vlib.book_build: in the book build, inline figures also come as vector PDF (for `make pdf`)."""

from __future__ import annotations

import matplotlib
import pytest
from IPython.core.interactiveshell import InteractiveShell
from matplotlib_inline.config import InlineBackend

from w2vlib.book_build import keep_vector_figures


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    backend = InlineBackend.instance(parent=shell)
    formats, fonttype = set(backend.figure_formats), matplotlib.rcParams["pdf.fonttype"]
    active = list(shell.display_formatter.active_types)
    shell.display_formatter.active_types = list(shell.display_formatter.format_types)  # as a kernel
    yield shell
    shell.display_formatter.active_types = active
    backend.figure_formats = formats
    matplotlib.rcParams["pdf.fonttype"] = fonttype


def _figure_mime_types(shell):
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    data, _ = shell.display_formatter.format(figure)
    plt.close(figure)
    return set(data)


def test_the_book_build_adds_a_pdf_copy_with_embedded_truetype_fonts(shell, monkeypatch):
    monkeypatch.setenv("W2V_BOOK_BUILD", "1")
    assert keep_vector_figures(shell)
    assert {"image/png", "application/pdf"} <= _figure_mime_types(shell)
    assert matplotlib.rcParams["pdf.fonttype"] == 42


def test_outside_the_book_build_figures_stay_png_only(shell, monkeypatch):
    monkeypatch.delenv("W2V_BOOK_BUILD", raising=False)
    InlineBackend.instance(parent=shell).figure_formats = {"png"}
    assert not keep_vector_figures(shell)
    assert "application/pdf" not in _figure_mime_types(shell)
