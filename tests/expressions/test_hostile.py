"""Hostile input: everything is refused with ExpressionError, quickly, and no code path can run it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from errorscape.expressions import ExpressionError, describe_expression, parse

PACKAGE = Path(__file__).resolve().parents[2] / "errorscape" / "expressions"

HOSTILE = [
    "x.__class__",
    "x.__class__.__bases__[0].__subclasses__()",
    "__import__('os').system('true')",
    "__import__",
    "__builtins__",
    "__class__",
    "import os",
    "from os import system",
    "lambda: 1",
    "(lambda x: x)(1)",
    "exec('1')",
    "eval('x')",
    "compile('1', 'f', 'eval')",
    "open('/etc/passwd')",
    "getattr(x, 'real')",
    "globals()",
    "x; y",
    "x\ny = 1",
    "x if y else 1",
    "[x for x in range(9)]",
    "x[0]",
    "{'a': 1}",
    "'x'",
    '"x"',
    "f'{x}'",
    "x @ y",
    "x % y",
    "x // y",
    "x << 1",
    "x & y",
    "~x",
    "not x",
    "x and y",
    "x == y",
    "x < y",
    "x := 1",
    "`x`",
    "#x",
    "\\x",
    "9^9^9",
    "9**9**9",
    "10^1000",
    "x^1e9",
    "2^(2^(2^(2^2)))",
    "exp(x)^(10^10)",
    "(" * 10_000 + "x" + ")" * 10_000,
    "(" * 200 + "x" + ")" * 200,
    "-" * 300 + "x",
    "sin(" * 100 + "x" + ")" * 100,
    "x^" * 100 + "x",
    "+".join(["x"] * 200),
    "x" * 10_000,
    "1" * 400,
    "1" * 100_000,
    "x + " * 100_000 + "x",
    "\u0445 + y",  # Cyrillic kha
    "x + \u0443",  # Cyrillic u
    "\uff58 + y",  # full-width x
    "\uff11 + x",  # full-width 1
    "\u0661 + x",  # Arabic-Indic digit one
    "x\u200b + y",  # zero-width space
    "x\u00a0+ y",  # no-break space
    "s\u0456n(x)",  # Cyrillic i in sin
    "\U0001d465 + y",  # mathematical italic x
    "",
    " ",
    "\t\n",
    "\x00",
    "x\x00",
    "x + \x00 y",
    "\ud800",  # a lone surrogate
    "x = y",
    "sin",
    "sin(x",
    "min(x, y, x)",
    "max()",
    "x,",
    ")",
    "1e999",
    "1.2.3",
    "NaN",
    "inf",
    "nan * x",
    "True",
    "None",
    "X",
    "self",
    "os",
    "np.exp(x)",
    "math.pi",
]


@pytest.mark.timeout(20)
@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t[:24]) for t in HOSTILE])
def test_hostile_input_is_refused(text):
    with pytest.raises(ExpressionError) as caught:
        describe_expression(text)
    error = caught.value
    assert error.message
    assert error.position is None or 0 <= error.position <= max(len(text), 500)


def test_position_points_at_the_first_bad_character():
    assert _position("x + y.__class__") == 5
    assert _position("x + __import__('os')") == 15  # the quote: characters are checked first
    assert _position("x + __import__(x)") == 4
    assert _position("x" * 600) == 500


@pytest.mark.parametrize(
    "text",
    [
        "*".join(f"sin(x + {k})" for k in range(1, 25)),  # the Hessian of a long product
        "sin(" * 60 + "x*y" + ")" * 60,  # nested compositions
        "x^x^x^x^x^x^x^x^x^x^x^x",
    ],
)
def test_explosive_derivatives_are_refused_with_a_clear_message(text):
    parse(text)  # within the parser's limits ...
    with pytest.raises(ExpressionError) as caught:
        describe_expression(text)  # ... but its derivatives are not
    assert "too complex to differentiate" in caught.value.message


def _position(text: str) -> int:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    return caught.value.position


def test_the_package_never_runs_text_as_code():
    forbidden = re.compile(r"\b(eval|exec|compile|__import__|getattr|importlib)\s*\(|\bsympy\b|\bnumexpr\b")
    sources = sorted(PACKAGE.glob("*.py"))
    assert sources
    for source in sources:
        for number, line in enumerate(source.read_text().splitlines(), 1):
            assert not forbidden.search(line), f"{source.name}:{number}: {line.strip()}"
