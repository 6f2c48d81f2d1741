"""tools/sphinxext/w2v_claims.py: the {claim} role checks the equations stated in the prose.

Its rendering in the built book is tested in tests/test_book_build.py.
"""

import io
import re
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "sphinxext"))
from w2v_claims import check  # noqa: E402

CLAIM = re.compile(r"\{claim\}`([^`]*)`")


def _book_claims():
    pages = sorted((ROOT / "book").glob("*.md"))
    return [(page.name, text) for page in pages for text in CLAIM.findall(page.read_text(encoding="utf-8"))]


def test_the_book_states_claims_in_several_chapters():
    chapters = {page for page, _ in _book_claims()}
    assert len(_book_claims()) >= 8 and len(chapters) >= 4, _book_claims()


@pytest.mark.parametrize("page, text", _book_claims())
def test_every_claim_of_the_book_holds(page, text):
    latex, problem = check(text)
    assert problem is None, f"{page}: {problem}"
    assert latex and "<" not in latex


@pytest.mark.parametrize("text, words", [
    (r"\sigma(-x) = \sigma(x) <sigmoid>", "counterexample"),
    # a factor right only at one size: C^2 - 2C + 2 = C at C = 1 and C = 2 only
    (r"\mathrm{EI}_j = (C^2 - 2C + 2)\,y_j - \sum_c t_{c,j} <rong>", "does not hold"),
    (r"\sigma(x)(1 - \sigma(x)) = \frac{1}{4} - (\sigma(x) - \frac{1}{2}) <sigmoid>", "does not hold"),
    (r"\hat y_w - y_w = \hat y_w <softmax>", "w = o"),
])
def test_a_wrong_claim_is_reported_with_where_it_fails(text, words):
    _, problem = check(text)
    assert problem is not None and words in problem, problem


def test_a_condition_restricts_the_claim():
    assert check(r"\hat y_w - y_w = \hat y_w <softmax; w \ne o>")[1] is None


@pytest.mark.parametrize("text, words", [
    (r"\sigma(0) = \frac{1}{2}", "angle brackets"),
    (r"\sigma(0) <sigmoid>", "one equation"),
    (r"\tanhh(x) = 1 <sigmoid>", "cannot be checked"),
    (r"\sigma(0) = 1/2 <nocontext>", "cannot be checked"),
])
def test_a_malformed_claim_gets_a_clear_message(text, words):
    _, problem = check(text)
    assert problem is not None and words in problem, problem


def _build(tmp_path, body):
    from sphinx.application import Sphinx

    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT / 'tools' / 'sphinxext')!r})
        extensions = ["myst_parser", "w2v_claims"]
    """))
    (source / "index.md").write_text("# Claims\n\n" + body + "\n")
    warnings = io.StringIO()
    # the book builds with -W: any warning stops it (here collected, to name the one expected)
    app = Sphinx(str(source), str(source), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html",
                 status=None, warning=warnings, freshenv=True)
    app.build()
    return (tmp_path / "out" / "index.html").read_text(encoding="utf-8"), warnings.getvalue()


def test_a_right_claim_renders_as_inline_math(tmp_path):
    page, warnings = _build(tmp_path, r"At zero, {claim}`\sigma(0) = \frac{1}{2} <sigmoid>` holds.")
    assert "claim" not in warnings, warnings
    assert "w2v-claim" in page and r"\sigma(0) = \frac{1}{2}" in page and "&lt;sigmoid" not in page


def test_a_wrong_claim_stops_the_strict_build(tmp_path):
    _, warnings = _build(tmp_path, r"Wrong: {claim}`\sigma(-x) = \sigma(x) <sigmoid>`.")
    assert "index.md:3: WARNING: the claim $\\sigma(-x) = \\sigma(x)$ does not hold" in warnings, warnings
