"""normalize: unicode from the rendered book (σ, ŷ, ᵀ, Σ, −, ′, ·, subscripts, look-alikes) to one ASCII spelling."""

import pytest

from w2vlib.symbolic.notation import NotationError
from w2vlib.symbolic.notation.unicode import normalize


@pytest.mark.parametrize("text, plain, latex", [
    ("U(ŷ − y)", "U(yhat - y)", r"U(\hat{y} - y)"),
    ("σ(x)", "sigma(x)", r"\sigma (x)"),
    ("u_kᵀv_c", "u_k^T v_c", r"u_k^{\top}v_c"),
    ("Σ_j", "sum_j", r"\sum_j"),
    ("W′ EI", "W' EI", "W' EI"),
    ("a·b", "a*b", r"a\cdot b"),
    ("uₒ", "u_o", "u_o"),
    ("e⁻ˣ", "e^{-x}", "e^{-x}"),
    ("x²", "x^2", "x^2"),
    ("y\u0302", "yhat", r"\hat{y}"),
    ("w ≠ o", "w != o", r"w \ne  o"),
    ("𝐔 𝐯", "U v", "U v"),
])
def test_unicode_is_rewritten_to_the_plain_or_the_latex_spelling(text, plain, latex):
    assert normalize(text)[0] == plain
    assert normalize(text, latex=True)[0] == latex


def test_look_alike_letters_are_read_as_latin_with_a_note():
    text, notes = normalize("u_\u043e")  # Cyrillic о
    assert text == "u_o" and notes == ["read the Cyrillic letter о as o"]


def test_invisible_characters_are_dropped():
    assert normalize("ex\u200bp(x)\ufeff")[0] == "exp(x)"


@pytest.mark.parametrize("text", ["x\u202e", "x ☃", "x\x00", "\u0302"])
def test_other_characters_are_refused_by_name(text):
    with pytest.raises(NotationError):
        normalize(text)
