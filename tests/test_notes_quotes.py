"""Chapter 7 quotes the handwritten notes as the scan has them: every quotation is in the seed.

The seeds are the OCR of the notes, in ``../shared/seeds/`` beside the repository (skipped with a
message when absent). The chapter's table "What the scan says and what the book reads" lists the
OCR cleanings; applied to the seed, they must turn every line the chapter quotes (a derivation line
whose reason starts with ``000 l.N:``) into a substring of the cited seed line. Readings (rows of
the table under "Readings", and reasons that start with "reading of") are the book's and are not quotations.
"""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from derivation_report import find_derivations  # noqa: E402
from w2vlib.symbolic.notation.aligned import split_aligned  # noqa: E402

CHAPTER = ROOT / "book" / "ch07_handwritten_notes.md"
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_FILES = {"000": "000_78623fee03bd046a.txt", "001": "001_ef0a2631f0c7daf5.txt"}
_ROW = re.compile(r"^\| (000|001) \| ([^|]+) \| `(.+?)` \| (.+?) \| (.+?) \|$", re.M)
_READINGS = "### Readings"
_QUOTE = re.compile(r"^(000|001) l\.(\d+):")


def _seed_lines():
    if not all((SEEDS / name).is_file() for name in SEED_FILES.values()):
        pytest.skip(f"the seeds are not in {SEEDS} (they come with the project's shared folder)")
    return {seed: (SEEDS / name).read_text(encoding="utf-8").split("\n") for seed, name in SEED_FILES.items()}


def _table():
    rows = []
    text = CHAPTER.read_text(encoding="utf-8")
    readings_start = text.index(_READINGS)
    for match in _ROW.finditer(text):
        seed, lines, ocr, book, _why = match.groups()
        kind = "reading" if match.start() > readings_start else "OCR"
        numbers = None if lines.strip() == "all" else [int(n) for n in re.findall(r"\d+", lines)]
        if "–" in lines:
            first, last = (int(n) for n in lines.split("–"))
            numbers = list(range(first, last + 1))
        rows.append((seed, numbers, kind, ocr, book.strip().strip("`")))
    return rows


def _replace(text, ocr, book):
    """Replace ``ocr`` by ``book``; a cleaning that starts with a letter does not match inside a macro name."""
    pattern = re.escape(ocr)
    if ocr[0].isalpha():
        pattern = r"(?<![\\A-Za-z])" + pattern
    return re.sub(pattern, lambda _: book, text)


def _cleaned(seeds):
    cleaned = {seed: list(lines) for seed, lines in seeds.items()}
    for seed, numbers, kind, ocr, book in _table():
        if kind == "reading":
            continue
        for index, line in enumerate(cleaned[seed]):
            if numbers is None or index + 1 in numbers:
                cleaned[seed][index] = _replace(line, ocr, book)
    return cleaned


def _squeeze(text):
    return re.sub(r"\s+", "", text)


def test_the_cleaning_table_has_rows_of_every_kind():
    kinds = {kind for _, _, kind, _, _ in _table()}
    assert kinds == {"OCR", "reading"}
    assert len(_table()) >= 30


def test_every_cleaning_is_found_in_the_seed_where_the_table_says():
    seeds = _seed_lines()
    for seed, numbers, kind, ocr, _book in _table():
        if kind == "reading" and ("\\dots" in ocr or len(ocr) < 4):
            continue  # a reading names a piece of a line; checked below when it is quoted whole
        lines = seeds[seed] if numbers is None else [seeds[seed][n - 1] for n in numbers]
        for piece in ocr.split("`, `"):
            assert any(_squeeze(piece) in _squeeze(line) for line in lines), (
                f"{seed} l.{numbers or 'all'}: the table's OCR text {piece!r} is not in the seed")


def test_every_quoted_line_is_in_the_seed_after_the_stated_cleanings():
    cleaned = _cleaned(_seed_lines())
    quoted = 0
    for found in find_derivations(CHAPTER):
        for row in split_aligned(found.text):
            match = _QUOTE.match(row.reason)
            if not match:
                continue
            seed, number = match.group(1), int(match.group(2))
            assert _squeeze(row.rhs) in _squeeze(cleaned[seed][number - 1]), (
                f"{found.keywords.get('label')}: {row.rhs!r} is quoted from {seed} l.{number}, "
                f"but that line reads (cleaned) {cleaned[seed][number - 1]!r}")
            quoted += 1
    assert quoted >= 20


def test_a_quotation_with_a_word_the_notes_do_not_contain_fails(monkeypatch):
    cleaned = _cleaned(_seed_lines())
    invented = r"-u_o + \sum_w P(O=w|C=c) u_w"   # the correct line, which l.19 does not have
    assert _squeeze(invented) not in _squeeze(cleaned["000"][18])
    assert _squeeze(r"-u_o + \sum_w P(O=o|C=c) u_w") in _squeeze(cleaned["000"][18])


def test_every_quoted_derivation_cites_its_seed_line_in_the_rendered_reasons():
    labels = [found.keywords.get("label") for found in find_derivations(CHAPTER)]
    assert len(labels) == len(set(labels)) and all(label and label.startswith("eq-ch07-") for label in labels[:-1])
