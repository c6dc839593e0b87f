"""Canonical text of a tree: the shortest unambiguous form, which parses back to the very same tree.

Parentheses appear only where precedence needs them (plus around a negative exponent, ``x^(-2)``,
for readability); ``+`` and ``-`` get spaces, ``* / ^`` none; numbers use Python's shortest repr,
integers without ``.0``. Precedence is Python's: ``-x^2`` is ``-(x^2)`` and ``^`` is right-associative.
"""

from __future__ import annotations

from .tree import BinOp, Call, Const, Expr, Neg, Num, Var

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 4}
_NEG = 3
_ATOM = 5
_SPACED = {"+": " + ", "-": " - ", "*": "*", "/": "/", "^": "^"}


def precedence(e: Expr) -> int:
    if isinstance(e, BinOp):
        return _PRECEDENCE[e.op]
    return _NEG if isinstance(e, Neg) else _ATOM


def format_number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def to_string(e: Expr) -> str:
    match e:
        case Num(value=v):
            return format_number(v)
        case Var(name=n) | Const(name=n):
            return n
        case Call(name=n, args=args):
            return f"{n}({', '.join(to_string(a) for a in args)})"
        case Neg(arg=a):
            return "-" + _wrap(a, precedence(a) < _NEG)
        case BinOp(op="^", left=a, right=b):
            # right-associative, and the exponent may itself be a unary minus
            return _wrap(a, precedence(a) <= _PRECEDENCE["^"]) + "^" + _wrap(b, precedence(b) <= _NEG)
        case BinOp(op=op, left=a, right=b):
            p = _PRECEDENCE[op]
            return _wrap(a, precedence(a) < p) + _SPACED[op] + _wrap(b, precedence(b) <= p)
    raise TypeError(f"not an expression node: {e!r}")


def _wrap(e: Expr, parenthesise: bool) -> str:
    text = to_string(e)
    return f"({text})" if parenthesise else text
