"""The tokenizer: a hand-written scanner over a deliberately tiny, ASCII-only alphabet.

Letters and digits are tested against explicit ASCII sets (never ``str.isdigit``/``isalpha``, which
accept full-width digits and Cyrillic letters), so a look-alike character is an error that names it.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from ..errors import ExpressionError
from .limits import Limits

DIGITS = frozenset("0123456789")
LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
WHITESPACE = frozenset(" \t\r\n")
SINGLE = frozenset("+-*/^(),")
ALPHABET_HINT = "a formula uses only digits, x, y, pi, e, function names, + - * / ^ ** ( ) , and spaces"

# Characters people paste from documents or other keyboards, and what they meant.
_LOOKALIKES = {
    "\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*", "\u2217": "*",
    "\u00f7": "/", "\u2215": "/", "\u03c0": "pi", "\u0445": "x", "\u0443": "y", "\u0435": "e", "\u00b2": "^2",
    "\u00b3": "^3", "[": "(", "]": ")", "{": "(", "}": ")",
}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "number" | "name" | "op" | "end"
    text: str  # as typed ("**" for the power written that way)
    position: int
    value: float = 0.0

    def is_op(self, *texts: str) -> bool:
        return self.kind == "op" and self.text in texts


def tokenize(text: str, limits: Limits) -> list[Token]:
    if len(text) > limits.max_length:
        raise ExpressionError(
            f"the formula is too long ({len(text)} characters; at most {limits.max_length})", limits.max_length
        )
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in WHITESPACE:
            i += 1
        elif c in DIGITS or (c == "." and i + 1 < n and text[i + 1] in DIGITS):
            end = _number_end(text, i)
            tokens.append(Token("number", text[i:end], i, _number_value(text[i:end], i)))
            i = end
        elif c in LETTERS:
            end = i + 1
            while end < n and (text[end] in LETTERS or text[end] in DIGITS):
                end += 1
            tokens.append(Token("name", text[i:end], i))
            i = end
        elif text.startswith("**", i):
            tokens.append(Token("op", "**", i))
            i += 2
        elif c in SINGLE:
            tokens.append(Token("op", c, i))
            i += 1
        else:
            raise unexpected_character(c, i)
    tokens.append(Token("end", "", n))
    return tokens


def _number_end(text: str, i: int) -> int:
    """Scan ``digits [. digits] [(e|E) [+|-] digits]``; an ``e`` not followed by digits is the constant."""
    n = len(text)
    while i < n and text[i] in DIGITS:
        i += 1
    if i < n and text[i] == ".":
        i += 1
        while i < n and text[i] in DIGITS:
            i += 1
    if i < n and text[i] in "eE":
        j = i + 1
        if j < n and text[j] in "+-":
            j += 1
        if j < n and text[j] in DIGITS:
            i = j
            while i < n and text[i] in DIGITS:
                i += 1
    return i


def _number_value(literal: str, position: int) -> float:
    value = float(literal)  # the literal is ASCII digits, '.', 'e' and a sign: nothing else reaches float()
    if not math.isfinite(value):
        raise ExpressionError(f"the number {literal[:20]}{'...' if len(literal) > 20 else ''} is too large", position)
    return value


def unexpected_character(c: str, position: int) -> ExpressionError:
    if c == ".":
        return ExpressionError("unexpected '.': a dot may only appear inside a number such as 0.5", position)
    if c == "=":
        return ExpressionError("unexpected '=': type only the formula, e.g. x^2 + y^2, not 'z = ...'", position)
    code = f"U+{ord(c):04X}"
    if c.isprintable() and not c.isspace():
        described = f"'{c}' ({code} {unicodedata.name(c, 'unnamed')})"
    else:
        described = f"{code} ({unicodedata.name(c, 'a control character')})"
    suggestion = _LOOKALIKES.get(c) or _ascii_equivalent(c)
    if suggestion == " ":
        return ExpressionError(f"unexpected character {described}: use a plain space", position)
    if suggestion:
        return ExpressionError(f"unexpected character {described}: did you mean '{suggestion}'?", position)
    return ExpressionError(f"unexpected character {described}: {ALPHABET_HINT}", position)


def _ascii_equivalent(c: str) -> str | None:
    """Full-width and other compatibility forms of allowed characters (NFKC maps them to ASCII)."""
    plain = unicodedata.normalize("NFKC", c)
    allowed = DIGITS | LETTERS | SINGLE | {" "}
    if plain != c and plain.isascii() and all(ch in allowed for ch in plain):
        return plain
    return None
