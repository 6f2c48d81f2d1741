"""Count and check the displayed derivations of the chapters, read from their own source.

Every derivation the book displays is a ``Derivation.from_latex(r\"\"\"…\"\"\", "context", …)``
call in a chapter's ``.md``; its lines are the LaTeX the reader sees. This script finds
those calls, reads and checks each one exactly as the chapter does, and finds every other
display (``$$ … $$``) with an equals sign, which must be marked as a definition
(``\\overset{\\text{def}}{=}``) or hold no claim. It prints, per chapter, the lines read
from their own text, the ✓* (not proved) lines with the reason their cell gives, the equations
stated inside the reasons (each read and proved in the derivation's context) and the index
relations there (``$w = o$``), the unchecked displays, and the ratio

    displayed derivation lines read from their own text / all displayed derivation lines.

Usage: ``python tools/derivation_report.py [book/ch01_cross_entropy.md …]`` (default: every
chapter in ``book/``). Exits non-zero if a derivation fails or a display is unchecked.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_CALL = re.compile(r'Derivation\.from_latex\(r"""(?P<text>.*?)""",', re.S)
_CHECK = re.compile(r"\.(?:assert_valid|expect_mistake_at|expect_mistakes_at)\((?P<lines>[\d,\s]*)\)")
_DISPLAY = re.compile(r"^\$\$\s*\n(?P<body>.*?)\n\$\$", re.S | re.M)
_DEFINITION = r"\overset{\text{def}}{=}"


@dataclass
class FoundDerivation:
    """One ``Derivation.from_latex`` call found in a chapter."""

    path: Path
    line: int          # 1-based line of the call in the file
    text: str          # the aligned block, exactly as in the source
    context: str
    keywords: dict     # label=…, title=…
    expects_mistake: tuple | None  # the lines of expect_mistake_at(n) / expect_mistakes_at(…)
    text_start: int    # character offset of ``text`` in the file
    check_call: str = ""  # ".assert_valid()", ".expect_mistake_at(3)", … as written


def _arguments_end(source, start):
    """Index of the ``)`` closing ``Derivation.from_latex(`` (strings skipped), scanning from ``start``."""
    depth, i, quote = 1, start, None
    while i < len(source):
        char = source[i]
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unclosed Derivation.from_latex( call")


def find_derivations(path):
    """Every ``Derivation.from_latex`` call in a chapter source."""
    source = Path(path).read_text(encoding="utf-8")
    found = []
    for match in _CALL.finditer(source):
        end = _arguments_end(source, match.end())
        call = ast.parse(f"f({source[match.end():end]})", mode="eval").body
        context = ast.literal_eval(call.args[0])
        keywords = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
        check = _CHECK.match(source, end + 1)
        lines = tuple(int(n) for n in re.findall(r"\d+", check.group("lines"))) if check else ()
        found.append(FoundDerivation(Path(path), source.count("\n", 0, match.start()) + 1, match.group("text"),
                                     context, keywords, lines or None, match.start("text"),
                                     check.group(0) if check else ""))
    return found


_BUILT_ELSEWHERE = re.compile(r"^(?!\s*#).*\b(derivations\.\w+|notes\.(?:note|line))\(", re.M)


def unchecked_displays(path):
    """``$$`` displays with a claim (an ``=``) that are not marked as definitions, and derivations
    displayed from Python-built steps (``derivations.…``, ``notes.…``) rather than read from text."""
    source = Path(path).read_text(encoding="utf-8")
    problems = [(source.count("\n", 0, match.start()) + 1, f"built in Python, not read from the text: {match.group(0).strip()}")
                for match in _BUILT_ELSEWHERE.finditer(source)]
    for match in _DISPLAY.finditer(source):
        if _top_level_claims(match.group("body")):
            problems.append((source.count("\n", 0, match.start()) + 1, " ".join(match.group("body").split())[:80]))
    return problems


def _top_level_claims(body):
    """Number of ``=`` outside braces and parentheses, definitions not counted."""
    body = body.replace(_DEFINITION, " ")
    for pattern in (r"\{[^{}]*\}", r"\([^()]*\)"):
        previous = None
        while previous != body:
            previous, body = body, re.sub(pattern, " ", body)
    return body.count("=")


def check(found):
    """Verify one found derivation as its chapter does; returns the Derivation."""
    from w2vlib.symbolic import Derivation

    derivation = Derivation.from_latex(found.text, found.context, **found.keywords)
    if found.check_call.startswith(".expect_mistakes_at"):
        derivation.expect_mistakes_at(*found.expects_mistake)
    elif found.check_call.startswith(".expect_mistake_at"):
        derivation.expect_mistake_at(*found.expects_mistake)
    else:
        derivation.assert_valid()
    return derivation


_CLAIM_ROLE = re.compile(r"\{claim\}`(?P<text>[^`]*)`")


def prose_claims(path):
    """The ``{claim}`a = b <context>` `` equations of a page's prose, each checked as the build checks it
    (tools/sphinxext/w2v_claims.py); returns ``(line, latex, problem)``, ``problem`` None when it holds."""
    sys.path.insert(0, str(ROOT / "tools" / "sphinxext"))
    from w2v_claims import check as check_prose_claim

    source = Path(path).read_text(encoding="utf-8")
    return [(source.count("\n", 0, match.start()) + 1, *check_prose_claim(match.group("text")))
            for match in _CLAIM_ROLE.finditer(source)]


def chapters():
    return sorted((ROOT / "book").glob("ch*.md"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.paths or chapters()
    total_read = total_numeric = total_unchecked = total_claims = total_relations = total_prose = 0
    failed = False
    for path in paths:
        start = time.perf_counter()
        read = numeric = claims = relations = 0
        for found in find_derivations(path):
            try:
                derivation = check(found)
            except Exception as error:  # reported, then the exit code says it failed
                print(f"{path.name}:{found.line}: {type(error).__name__}: {error}")
                failed = True
                continue
            statuses = [result.status for result in derivation.verify()]
            read += len(statuses)
            numeric += statuses.count("numeric")
            claims += sum(claim.derivation is not None for claim in derivation.reason_claims)
            relations += sum(claim.derivation is None for claim in derivation.reason_claims)
            for step in derivation.unproved_steps:
                print(f"{path.name}:{found.line}: ✓* step {step}, allowed because: {derivation.unproved[step]}")
        prose = prose_claims(path)
        for line, latex, problem in prose:
            if problem is not None:
                print(f"{path.name}:{line}: {problem}")
                failed = True
        unchecked = unchecked_displays(path)
        for line, text in unchecked:
            print(f"{path.name}:{line}: display not read by the checker and not marked as a definition: {text}")
        seconds = time.perf_counter() - start
        print(f"{path.name}: {read} derivation lines read from their own text ({numeric} ✓*), "
              f"{claims} equations in reasons proved ({relations} index relations such as w = o), "
              f"{sum(problem is None for _, _, problem in prose)} of {len(prose)} claims in the prose proved, "
              f"{len(unchecked)} unchecked displays, checks {seconds:.1f} s")
        total_read += read
        total_numeric += numeric
        total_unchecked += len(unchecked)
        total_claims += claims
        total_relations += relations
        total_prose += len(prose)
    denominator = total_read + total_unchecked
    ratio = 100.0 * total_read / denominator if denominator else 100.0
    print(f"total: {total_read} / {denominator} displayed derivation lines read from their own text = "
          f"{ratio:.0f}% ({total_numeric} of them ✓*, agreeing numerically but not proved); "
          f"{total_claims} equations in the reasons proved, {total_relations} index relations; "
          f"{total_prose} claims in the prose")
    return 1 if failed or total_unchecked else 0


if __name__ == "__main__":
    sys.exit(main())
