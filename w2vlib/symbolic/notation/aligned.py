r"""Split a displayed ``aligned`` block into its lines: ``LHS &= RHS && \text{reason} \\ &= …``.

The split is brace-aware, so a ``\\`` inside ``\substack{…}`` stays in its line. Each line
keeps its offset in the block, so that errors point at the right character.

Examples
--------
>>> rows = split_aligned(r"J &= -\log \hat{y}_o && \text{definition} \\ &= 1")
>>> [(r.lhs, r.rhs, r.reason) for r in rows]
[('J', '-\\log \\hat{y}_o', 'definition'), ('', '1', '')]
"""

import re
from dataclasses import dataclass

from .latex import NotationError

__all__ = ["AlignedRow", "split_aligned", "reason_text", "MAX_BLOCK_CHARACTERS", "MAX_LINES"]

MAX_BLOCK_CHARACTERS = 20_000
MAX_LINES = 40


@dataclass(frozen=True)
class AlignedRow:
    """One displayed line: left side (only on the first line), right side, reason, offsets."""

    lhs: str
    rhs: str
    reason: str
    lhs_offset: int
    rhs_offset: int


def _split_top(text, separator):
    """Split at ``separator`` outside braces; returns (piece, offset) pairs."""
    pieces, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "\\" and text.startswith(separator, i) and depth == 0:
            pieces.append((text[start:i], start))
            i += len(separator)
            start = i
            continue
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                raise NotationError("unbalanced brace: a '}' closes nothing", i, None)
        if separator[0] != "\\" and depth == 0 and text.startswith(separator, i):
            pieces.append((text[start:i], start))
            i += len(separator)
            start = i
            continue
        i += 1
    if depth != 0:
        raise NotationError("unbalanced brace: a '{' is never closed", len(text), None)
    pieces.append((text[start:], start))
    return pieces


def split_aligned(text):
    r"""The rows of an aligned block (see the module docstring).

    Raises
    ------
    NotationError
        Unbalanced braces, a first line without ``&=``, a later line that does not start
        with ``&=``, or a block over :data:`MAX_BLOCK_CHARACTERS` / :data:`MAX_LINES`.
    """
    if not isinstance(text, str):
        raise NotationError(f"expected LaTeX text, got {type(text).__name__}")
    if len(text) > MAX_BLOCK_CHARACTERS:
        raise NotationError(f"the derivation is too long ({len(text)} characters; at most {MAX_BLOCK_CHARACTERS})")
    rows = []
    lines = [(line, offset) for line, offset in _split_top(text, "\\\\") if line.strip()]
    if len(lines) > MAX_LINES:
        raise NotationError(f"the derivation has too many lines ({len(lines)}; at most {MAX_LINES})")
    if not lines:
        raise NotationError("the derivation is empty")
    for number, (line, offset) in enumerate(lines):
        parts = _split_top(line, "&&")
        math, math_offset = parts[0]
        reason = " ".join(part for part, _ in parts[1:]).strip()
        cells = _split_top(math, "&")
        if len(cells) != 2:
            where = "the first line" if number == 0 else f"line {number}"
            raise NotationError(f"{where} must have one '&=' (LHS &= RHS on the first line, &= RHS after)")
        (lhs, lhs_offset), (rhs, rhs_offset) = cells
        if not rhs.lstrip().startswith("="):
            raise NotationError(f"line {number} must continue with '&=' (an equality chain)")
        equals = rhs.index("=")
        rhs_text = rhs[equals + 1:]
        if number == 0 and not lhs.strip():
            raise NotationError("the first line needs its left-hand side: LHS &= RHS")
        if number > 0 and lhs.strip():
            raise NotationError(f"line {number} has a left-hand side; only the first line has one")
        rows.append(AlignedRow(lhs.strip(), rhs_text.strip(), reason_text(reason),
                               offset + math_offset + lhs_offset + (len(lhs) - len(lhs.lstrip())),
                               offset + math_offset + rhs_offset + equals + 1
                               + (len(rhs_text) - len(rhs_text.lstrip()))))
    return rows


_TEXT = re.compile(r"\\text\{")


def reason_text(reason):
    r"""A reason written as ``\text{…}`` (with ``$…$`` math inside, or math around it) → plain
    text with ``$…$`` math, as the reason lists under a derivation show it.

    >>> reason_text(r"\text{chain rule: } (\log z)' = z'/z")
    "chain rule: $(\\log z)' = z'/z$"
    """
    out, i = [], 0
    math = []
    while i < len(reason):
        match = _TEXT.match(reason, i)
        if match:
            if "".join(math).strip():
                out.append("$" + "".join(math).strip() + "$")
            math = []
            depth, j = 1, match.end()
            while j < len(reason) and depth:
                if reason[j] == "{":
                    depth += 1
                elif reason[j] == "}":
                    depth -= 1
                j += 1
            if depth:
                raise NotationError(r"unbalanced brace in a \text{…} reason")
            out.append(reason[match.end():j - 1])
            i = j
            continue
        math.append(reason[i])
        i += 1
    if "".join(math).strip():
        out.append("$" + "".join(math).strip() + "$")
    return " ".join(" ".join(out).split())
