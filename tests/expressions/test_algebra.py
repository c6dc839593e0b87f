"""Simplification keeps values, reaches a fixed point, and prints to text that parses back exactly."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, assume, given, note, settings

from errorscape.expressions import MACHINE_LIMITS, canonical, compile_tree, parse, to_string
from errorscape.expressions.tree import Expr

from .strategies import points, printable_trees, trees


def _largest_part(tree: Expr, x: float, y: float) -> float:
    """The largest |value| of any subtree at (x, y): how much float rounding can move the result."""
    here = abs(float(compile_tree(tree)(x, y)))
    return max([here, *(_largest_part(child, x, y) for child in tree.children())])


@pytest.mark.parametrize(
    ("text", "simplified"),
    [
        ("2*3*x", "6*x"),
        ("x*3", "3*x"),
        ("0*sin(x) + y", "y"),
        ("1*x + 0", "x"),
        ("x - -y", "x + y"),
        ("x + -y", "x - y"),
        ("--x", "x"),
        ("x*x", "x^2"),
        ("2*x*x^2", "2*x^3"),
        ("(x^2)^3", "x^6"),
        ("x^1 + y^0", "x + 1"),
        ("x/x^3", "1/x^2"),
        ("2*x/(2*y)", "x/y"),
        ("y - 1 - 1", "y - 2"),
        ("x - (y - 1)", "x - y + 1"),
        ("x*(y*2)", "2*x*y"),
        ("-(x*y)", "-x*y"),
        ("x*-2", "-2*x"),
        ("log(e)", "1"),
        ("cos(pi)*x", "-x"),
        ("x + x", "2*x"),
        ("x - x", "0"),
        ("1/3*x", "x/3"),
        ("2*pi*x", "2*pi*x"),
        ("(x^0.5)^2", "(x^0.5)^2"),  # not |x| and not x: only integer powers merge
        ("0.1*(0.1*x)", "0.1*0.1*x"),  # numbers that fold untidily stay apart, and simplifying ends
        ("x*0.1*0.1", "0.1*0.1*x"),
        ("pi*2", "2*pi"),
    ],
)
def test_simplification(text, simplified):
    assert to_string(canonical(parse(text))) == simplified


@settings(max_examples=200, deadline=None)
@given(tree=printable_trees)
def test_every_tree_prints_to_text_that_parses_back_to_it(tree):
    text = to_string(tree)
    note(text)
    assert parse(text, MACHINE_LIMITS) == tree


@settings(max_examples=200, deadline=None)
@given(tree=trees(max_leaves=10))
def test_canonical_form_is_a_fixed_point(tree):
    text = to_string(canonical(tree))
    note(text)
    assert to_string(canonical(parse(text, MACHINE_LIMITS))) == text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(tree=trees(max_leaves=8), point=points)
def test_simplification_keeps_the_value(tree, point):
    simple = canonical(tree)
    note(f"{tree} -> {simple}")
    size = _largest_part(tree, *point)
    assume(math.isfinite(size) and size < 1e6)
    before, after = float(compile_tree(tree)(*point)), float(compile_tree(simple)(*point))
    assert after == pytest.approx(before, abs=1e-9 * max(1.0, size))
