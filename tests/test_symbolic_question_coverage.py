"""Every question of QUESTIONS is tested: right forms accepted and typical slips rejected with a message.

The chapters' first questions are tested in tests/test_symbolic_answers.py, the variant questions
of the exercises in tests/test_symbolic_questions_*.py. This test reads their tables of right and
wrong forms (``CORRECT``/``RIGHT`` and ``WRONG``) and checks that together they cover every
question, with at least 10 right forms and 5 wrong ones for a variant question (issue
"Exercises that make a student derive"), and that the book has at least 24 variant questions,
at least four for each derivation chapter's stubs.
"""

import importlib.util
import re
from pathlib import Path

from w2vlib.symbolic.answers import QUESTIONS

ROOT = Path(__file__).resolve().parent.parent
_STUB = re.compile(r"""check(?:_steps)?\(\s*["'](?P<id>\w+)["']""")


def _tables(path):
    spec = importlib.util.spec_from_file_location(f"_coverage_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    right = getattr(module, "CORRECT", None) or getattr(module, "RIGHT")
    return right, module.WRONG


def _all_tables():
    first = _tables(ROOT / "tests" / "test_symbolic_answers.py")
    variants = [_tables(path) for path in sorted((ROOT / "tests").glob("test_symbolic_questions_*.py"))]
    return first, variants


def test_every_question_is_tested_somewhere():
    (first_right, first_wrong), variants = _all_tables()
    tested = set(first_right) | {key for right, _ in variants for key in right}
    assert tested == set(QUESTIONS), sorted(set(QUESTIONS) ^ tested)
    assert set(first_wrong) | {key for _, wrong in variants for key in wrong} == set(QUESTIONS)


def test_each_variant_question_has_ten_right_and_five_wrong_forms():
    _, variants = _all_tables()
    counts = {key: (len(set(right[key])), len(wrong.get(key, ()))) for right, wrong in variants for key in right}
    assert len(counts) >= 24, sorted(counts)
    thin = {key: count for key, count in counts.items() if count[0] < 10 or count[1] < 5}
    assert not thin, thin


def test_each_derivation_chapter_asks_at_least_four_variant_questions():
    (first_right, _), _ = _all_tables()
    for chapter in sorted((ROOT / "book").glob("ch0[1-6]_*.md")):
        asked = {match["id"] for match in _STUB.finditer(chapter.read_text(encoding="utf-8"))}
        assert asked <= set(QUESTIONS), (chapter.name, sorted(asked - set(QUESTIONS)))
        assert len(asked - set(first_right)) >= 4, (chapter.name, sorted(asked))
