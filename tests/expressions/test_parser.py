"""The grammar: what is accepted, how it groups, and the messages for what is not."""

from __future__ import annotations

import pytest

from errorscape.expressions import ExpressionError, parse, to_string
from errorscape.expressions.tree import BinOp, Call, Const, Neg, Num, Var

x, y = Var("x"), Var("y")


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("x", x),
        ("  y\t", y),
        ("2.5", Num(2.5)),
        (".5", Num(0.5)),
        ("5.", Num(5.0)),
        ("1e3", Num(1000.0)),
        ("2.5E-3", Num(0.0025)),
        ("1e+2", Num(100.0)),
        ("pi", Const("pi")),
        ("e", Const("e")),
        ("-x^2", Neg(BinOp("^", x, Num(2)))),  # like Python: -(x^2)
        ("x**2", BinOp("^", x, Num(2))),
        ("2^3^2", BinOp("^", Num(2), BinOp("^", Num(3), Num(2)))),  # right-associative
        ("2^-x", BinOp("^", Num(2), Neg(x))),
        ("x - y - 1", BinOp("-", BinOp("-", x, y), Num(1))),  # left-associative
        ("x/y/2", BinOp("/", BinOp("/", x, y), Num(2))),
        ("x + y*2", BinOp("+", x, BinOp("*", y, Num(2)))),
        ("(x + y)*2", BinOp("*", BinOp("+", x, y), Num(2))),
        ("-x*y", BinOp("*", Neg(x), y)),
        ("+x", x),
        ("--x", Neg(Neg(x))),
        ("2*-x", BinOp("*", Num(2), Neg(x))),
        ("sin(x)", Call("sin", (x,))),
        ("atan(x)", Call("arctan", (x,))),
        ("ln(x)", Call("log", (x,))),
        ("max(x, y^2)", Call("max", (x, BinOp("^", y, Num(2))))),
        ("e^x", BinOp("^", Const("e"), x)),
        ("2e-1*e", BinOp("*", Num(0.2), Const("e"))),
    ],
)
def test_grammar(text, tree):
    assert parse(text) == tree


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ("", 0, "empty"),
        ("   ", 0, "empty"),
        ("2x", 1, "missing operator"),
        ("x y", 2, "missing operator"),
        ("x(2)", 1, "not a function"),
        ("pi(2)", 2, "not a function"),
        ("sin x", 0, "write sin(...)"),
        ("sin()", 4, "expected a number"),
        ("min(x)", 0, "min takes 2 arguments"),
        ("sin(x, y)", 0, "sin takes 1 argument"),
        ("(x + 1", 6, "missing ')'"),
        ("sin(x", 5, "sin("),
        ("x)", 1, "without a matching"),
        ("x +", 3, "ends too early"),
        ("* x", 0, "unexpected '*'"),
        ("x, y", 1, "commas"),
        ("foo(x)", 0, "unknown name 'foo'"),
        ("Sin(x)", 0, "did you mean 'sin'"),
        ("xy", 0, "did you mean x*y"),
        ("X + 1", 0, "lower-case"),
        ("x = 1", 2, "not 'z = ...'"),
        ("x.y", 1, "dot"),
        ("x ^ 101", 4, "between -100 and 100"),
        ("x^(0/0)", 2, "not a number"),
        ("1e400", 0, "too large"),
        ("x $ y", 2, "U+0024 DOLLAR SIGN"),
        ("x \u2212 y", 2, "did you mean '-'"),
        ("2\u00d7x", 1, "did you mean '*'"),
        ("\u03c0*x", 0, "did you mean 'pi'"),
        ("x\u00b2", 1, "did you mean '^2'"),
        ("[x]", 0, "did you mean '('"),
    ],
)
def test_errors_point_at_the_problem(text, position, fragment):
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    error = caught.value
    assert error.position == position, error
    assert fragment in error.message
    assert str(error) == f"{error.message} at position {position}"
    assert isinstance(error, ValueError)


def test_error_lists_what_is_allowed():
    with pytest.raises(ExpressionError) as caught:
        parse("gamma(x)")
    for allowed in ("x, y, pi, e", "sin", "sigmoid", "min", "max", "softplus"):
        assert allowed in caught.value.message


def test_error_shapes_for_the_api():
    error = ExpressionError("unknown name 'q'", 4)
    assert error.detail() == "expr: unknown name 'q' at position 4"
    assert error.as_error() == {"param": "expr", "message": "unknown name 'q'", "position": 4}
    whole = ExpressionError("too complex")
    assert whole.detail("expr") == "expr: too complex" and whole.as_error()["position"] is None


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("x**2", "x^2"),
        ("x^-2", "x^(-2)"),
        ("(x+y)+(x-y)", "x + y + (x - y)"),
        ("x-(y-1)", "x - (y - 1)"),
        ("(x^2)^3", "(x^2)^3"),
        ("(-x)^2", "(-x)^2"),
        ("-(x*y)", "-(x*y)"),
        ("2*(x/y)", "2*(x/y)"),
        ("atan(x)+ln(y)", "arctan(x) + log(y)"),
        ("1.50*x", "1.5*x"),
        ("1e20", "1e+20"),
        ("0.0001", "0.0001"),
    ],
)
def test_printing_is_minimal_and_exact(text, printed):
    tree = parse(text)
    assert to_string(tree) == printed
    assert parse(printed) == tree
