r"""Unicode in typed answers: normalised to one of the ASCII spellings before reading.

Text pasted from the rendered book or typed on a phone carries σ, ŷ, ᵀ, Σ, −, ′, ·,
subscripts and superscripts, and letters that only look Latin (a Cyrillic ``о``, a Greek
``Ο``, a mathematical bold 𝐔). :func:`normalize` rewrites each of them to the plain spelling
(``sigma``, ``yhat``, ``^T``, ``sum``) or to the LaTeX spelling (``\sigma``, ``\hat{y}``,
``^\top``, ``\sum``) and returns notes such as "read the Cyrillic letter о as o". Invisible
characters (zero-width spaces, byte-order marks) are dropped; any other character outside
printable ASCII is a :class:`~w2vlib.symbolic.notation.latex.NotationError` that names it.

Used by :func:`w2vlib.symbolic.answers.check_answer` (chapters 1–9, exercises).

Examples
--------
>>> normalize("U(ŷ − y)")[0]
'U(yhat - y)'
>>> normalize("σ(u_kᵀv_c) v_c")[0]
'sigma(u_k^T v_c) v_c'
>>> normalize("σ(u_kᵀv_c)", latex=True)[0]
'\\sigma (u_k^{\\top}v_c)'
>>> normalize("Σⱼ W′ EI")[0]
"sum_j W' EI"
"""

import unicodedata

from .latex import NotationError

__all__ = ["normalize", "CONFUSABLES"]

#: Letters that look Latin but are not (Cyrillic, Greek capitals, a few Greek small letters).
CONFUSABLES = {
    "а": "a", "в": "B", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "к": "k", "м": "M", "н": "H", "т": "T",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ι": "i", "κ": "k",
    "ı": "i", "ℓ": "l",
}

_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵤᵥᵣ₊₋", "0123456789aeoxhklmnpstijuvr+-"))
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿⁱˣʲᵏᵐ", "0123456789-+nixjkm"))
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
_SPACES = {"\u00a0", "\u2009", "\u200a", "\u2002", "\u2003", "\u202f", "\u205f", "\u3000", "\t", "\n", "\r"}

# character → (plain spelling, LaTeX spelling)
_SYMBOLS = {
    "σ": ("sigma", "\\sigma "), "Σ": ("sum", "\\sum"), "∑": ("sum", "\\sum"), "η": ("eta", "\\eta "),
    "α": ("alpha", "\\alpha "),
    "ŷ": ("yhat", "\\hat{y}"), "Ŷ": ("yhat", "\\hat{y}"),
    "ᵀ": ("^T ", "^{\\top}"), "⊤": ("^T ", "^{\\top}"), "⊺": ("^T ", "^{\\top}"),
    "−": ("-", "-"), "–": ("-", "-"), "—": ("-", "-"), "‐": ("-", "-"), "‑": ("-", "-"), "﹣": ("-", "-"),
    "－": ("-", "-"), "′": ("'", "'"), "’": ("'", "'"), "‘": ("'", "'"), "ʹ": ("'", "'"),
    "·": ("*", "\\cdot "), "⋅": ("*", "\\cdot "), "∙": ("*", "\\cdot "), "×": ("*", "\\cdot "),
    "∗": ("*", "*"), "≠": ("!=", "\\ne "), "≤": ("<=", "\\le "), "≥": (">=", "\\ge "),
    "∂": ("d", "\\partial "), "ℯ": ("e", "e"), "∈": (" in ", " in "), "⁄": ("/", "/"), "∕": ("/", "/"),
    "（": ("(", "("), "）": (")", ")"),
    "τ": ("tau", "\\tau "), "λ": ("lambda", "\\lambda "), "ε": ("epsilon", "\\epsilon "), "ϵ": ("epsilon", "\\epsilon "),
}
_COMBINING_HAT = "\u0302"


def _name(char):
    try:
        return unicodedata.name(char)
    except ValueError:
        return f"U+{ord(char):04X}"


def normalize(text, latex=False):
    r"""(ASCII text, notes): ``text`` with its unicode rewritten to the plain or LaTeX spelling.

    Parameters
    ----------
    text : str
        A typed answer, e.g. ``"U(ŷ − y)"``.
    latex : bool
        Rewrite to the LaTeX spelling (``\sigma``, ``\hat{y}``, ``^{\top}``) instead of the
        plain one (``sigma``, ``yhat``, ``^T``).

    Returns
    -------
    (str, list of str)
        The ASCII text and one note per look-alike letter that was replaced.

    Raises
    ------
    NotationError
        For a character that is neither ASCII nor one of the known symbols (named, with its position).
    """
    notes = []
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isascii():
            if char == "\x00" or (not char.isprintable() and char not in _SPACES):
                raise NotationError(f"the control character {_name(char)} is not part of the notation", i, text)
            out.append(" " if char in _SPACES else char)
            i += 1
            continue
        if char in _INVISIBLE:
            i += 1
            continue
        if char in _SPACES:
            out.append(" ")
            i += 1
            continue
        if char == _COMBINING_HAT:
            if not out or not out[-1].isalpha():
                raise NotationError("a combining hat ^ must follow a letter, as in ŷ", i, text)
            letter = out.pop()
            out.append(f"\\hat{{{letter}}}" if latex else f"{letter}hat")
            i += 1
            continue
        if char in _SUBSCRIPTS or char in _SUPERSCRIPTS:
            table, mark = (_SUBSCRIPTS, "_") if char in _SUBSCRIPTS else (_SUPERSCRIPTS, "^")
            run = []
            while i < len(text) and text[i] in table:
                run.append(table[text[i]])
                i += 1
            body = "".join(run)
            out.append(f"{mark}{body}" if len(body) == 1 else f"{mark}{{{body}}}")
            continue
        if char in _SYMBOLS:
            out.append(_SYMBOLS[char][1 if latex else 0])
            i += 1
            continue
        if char in CONFUSABLES:
            out.append(CONFUSABLES[char])
            notes.append(f"read the {_name(char).split()[0].title()} letter {char} as {CONFUSABLES[char]}")
            i += 1
            continue
        folded = unicodedata.normalize("NFKC", char)
        if folded != char and folded.isascii() and folded.isprintable():
            out.append(folded)
            i += 1
            continue
        raise NotationError(f"the character {char!r} ({_name(char).lower()}) is not part of the notation", i, text)
    return "".join(out), notes
