"""Fuzzing: whatever the text, the parser returns a tree or raises ExpressionError, nothing else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from errorscape.expressions import ExpressionError, describe_expression, parse
from errorscape.expressions.functions import ALIASES, FUNCTIONS

# Fragments of the language and of things that look like it, glued at random.
FRAGMENTS = [
    *FUNCTIONS, *ALIASES, "x", "y", "pi", "e", "(", ")", ",", "+", "-", "*", "/", "^", "**", " ", ".", "e+",
    "0", "1", "2.5", "1e3", "9", "99", "_", "__", "[", "]", "=", ";", "'", "\\", "\x00", "\u0445", "\uff11",
]


def _refused_or_parsed(text: str) -> None:
    try:
        parse(text)
    except ExpressionError as error:
        assert error.position is None or 0 <= error.position <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text(text):
    _refused_or_parsed(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_near_miss_text(text):
    _refused_or_parsed(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_derivatives_of_anything_that_parses(text):
    try:
        result = describe_expression(text)
    except ExpressionError:
        return
    assert set(result) == {"expr", "gradient", "hessian", "variables"}
