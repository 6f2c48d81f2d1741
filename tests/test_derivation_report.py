r"""tools/derivation_report.py: finds the chapters' derivations, checks them, counts what is read, and
reports displays that are neither read by the checker nor marked as definitions."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import derivation_report  # noqa: E402
from derivation_report import find_derivations, main, unchecked_displays  # noqa: E402

CHAPTERS = sorted((ROOT / "book").glob("ch0[1-6]_*.md"))

FRONT = "---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n# A chapter\n\n"

CELL = '''```{code-cell} ipython3
:tags: [remove-input]

Derivation.from_latex(r"""
J &= -\\log \\hat{y}_o && \\text{definition} \\\\
  &= %s
""", "softmax", label="eq-test",
   title="A test").%s
```
'''


def chapter(tmp_path, body, name="ch99_test.md"):
    path = tmp_path / name
    path.write_text(FRONT + body, encoding="utf-8")
    return path


def test_chapters_1_to_6_are_read_in_full_and_main_returns_0(capsys):
    assert len(CHAPTERS) == 6
    assert main([str(path) for path in CHAPTERS]) == 0
    output = capsys.readouterr().out
    assert "= 100%" in output and "0 unchecked displays" in output
    for path in CHAPTERS:
        assert f"{path.name}: " in output and "derivation lines read from their own text" in output
    assert "Error" not in output


def test_find_derivations_reads_a_call_spread_over_several_lines(tmp_path):
    path = chapter(tmp_path, "Some prose.\n\n" + CELL % (r"\log \frac{1}{\hat{y}_o}", "expect_mistake_at(1)"))
    [found] = find_derivations(path)
    assert found.context == "softmax"
    assert found.keywords == {"label": "eq-test", "title": "A test"}
    assert found.expects_mistake == (1,)
    assert found.text.strip().startswith("J &= -\\log \\hat{y}_o")
    source = path.read_text(encoding="utf-8")
    assert source[found.text_start:found.text_start + len(found.text)] == found.text
    assert source.splitlines()[found.line - 1].startswith("Derivation.from_latex(")


def test_a_correct_derivation_in_a_chapter_is_counted(tmp_path, capsys):
    path = chapter(tmp_path, CELL % (r"\log \frac{1}{\hat{y}_o}", "assert_valid()"))
    assert main([str(path)]) == 0
    assert "3 derivation lines read from their own text" in capsys.readouterr().out


def test_a_wrong_derivation_fails_the_report_naming_file_line_and_step(tmp_path, capsys):
    path = chapter(tmp_path, CELL % (r"\log \hat{y}_o", "assert_valid()"))
    assert main([str(path)]) == 1
    output = capsys.readouterr().out
    assert f"{path.name}:{find_derivations(path)[0].line}: DerivationError: step 2 " in output


@pytest.mark.parametrize("display", [
    "$$\na = b\n$$",
    "$$\n\\mathbf{U}^\\top \\mathbf{v}_c = \\mathbf{s}\n$$ (eq-test-claim)",
    "$$\n\\hat{y}_w = \\frac{\\exp(s_w)}{\\sum_{w'=1}^{|V|} \\exp(s_{w'})}\n$$",
])
def test_a_display_with_an_unmarked_equals_sign_is_reported(tmp_path, capsys, display):
    path = chapter(tmp_path, "Prose.\n\n" + display + "\n\nMore prose.\n")
    problems = unchecked_displays(path)
    assert [line for line, _ in problems] == [11]
    assert main([str(path)]) == 1
    output = capsys.readouterr().out
    assert f"{path.name}:11: display not read by the checker and not marked as a definition" in output
    assert "1 unchecked displays" in output


@pytest.mark.parametrize("display", [
    "$$\n\\hat{\\mathbf{y}} \\overset{\\text{def}}{=} \\operatorname{softmax}(\\mathbf{s})\n$$",
    "$$\n\\sum_{w=1}^{|V|} \\hat{y}_w\n$$",                # '=' only inside braces: no claim
    "$$\nP(O = o \\mid C = c)\n$$",                       # '=' only inside parentheses
])
def test_definitions_and_displays_without_a_claim_are_not_reported(tmp_path, display):
    path = chapter(tmp_path, "Prose.\n\n" + display + "\n")
    assert unchecked_displays(path) == []


def test_a_derivation_built_in_python_is_reported_and_a_commented_one_is_not(tmp_path, capsys):
    path = chapter(tmp_path, "```{code-cell} ipython3\nderivations.foo(label=\"x\")\n"
                             "# derivations.bar() is gone\n```\n")
    problems = unchecked_displays(path)
    assert len(problems) == 1 and problems[0][0] == 10
    assert "built in Python, not read from the text: derivations.foo(" in problems[0][1]
    assert main([str(path)]) == 1
    assert "ch99_test.md:10: display not read by the checker" in capsys.readouterr().out


def test_the_default_chapters_are_every_chapter_of_the_book():
    assert set(CHAPTERS) <= set(derivation_report.chapters())
