"""Hypothesis strategies for expression trees (built directly, so every shape is reachable)."""

from __future__ import annotations

from hypothesis import strategies as st

from errorscape.expressions.functions import FUNCTIONS
from errorscape.expressions.tree import VARIABLES, BinOp, Call, Const, Neg, Num, Var

UNARY = sorted(name for name, f in FUNCTIONS.items() if f.arity == 1)
BINARY_CALLS = sorted(name for name, f in FUNCTIONS.items() if f.arity == 2)

numbers = st.one_of(
    st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 0.1, 1e-3, 10.0]),
    st.floats(0.0, 100.0).map(lambda v: round(v, 3)),
)
leaves = st.one_of(
    st.builds(Var, st.sampled_from(VARIABLES)),
    st.builds(Var, st.sampled_from(VARIABLES)),  # variables twice as likely as constants
    st.builds(Const, st.sampled_from(["pi", "e"])),
    st.builds(Num, numbers),
)


def trees(max_leaves: int = 10, leaf=leaves):
    """Random trees over the whole language: every operator and every function."""

    def extend(children):
        return st.one_of(
            st.builds(Neg, children),
            st.builds(BinOp, st.sampled_from("+-*/^"), children, children),
            st.builds(lambda name, a: Call(name, (a,)), st.sampled_from(UNARY), children),
            st.builds(lambda name, a, b: Call(name, (a, b)), st.sampled_from(BINARY_CALLS), children, children),
        )

    return st.recursive(leaf, extend, max_leaves=max_leaves)


any_numbers = st.floats(0.0, 1e300, allow_nan=False, allow_infinity=False)
printable_trees = trees(max_leaves=14, leaf=st.one_of(leaves, st.builds(Num, any_numbers)))

# Points on a grid of step 1/1024 in [-3, 3]: sums and products of coordinates are exactly 0 or far from
# it, so a formula's removable singularity (x/(x*(x + y)) at x = 0) is either hit (nan, no test) or
# not approached within rounding, where a correct symbolic derivative still cancels catastrophically.
coordinates = st.integers(-3 * 1024, 3 * 1024).map(lambda k: k / 1024)
points = st.tuples(coordinates, coordinates)
