"""The expression tree: small immutable nodes, compared by value.

A tree never holds a negative number: ``-2`` is ``Neg(Num(2))``, exactly as the parser reads it, so that
every tree prints to a string that parses back to the same tree. Each node knows its ``size`` (nodes in
its subtree), ``depth`` and ``variables``, computed once when it is built, so limits can be checked
while trees grow instead of after.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

VARIABLES = ("x", "y")
CONSTANTS = {"pi": math.pi, "e": math.e}
OPERATORS = "+-*/^"
_NO_NAMES: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Expr:
    size: int = field(init=False, compare=False, repr=False)
    depth: int = field(init=False, compare=False, repr=False)
    variables: frozenset[str] = field(init=False, compare=False, repr=False)

    def children(self) -> tuple[Expr, ...]:
        return ()

    def __post_init__(self) -> None:
        size, depth, names = 1, 1, _NO_NAMES
        for kid in self.children():
            size += kid.size
            depth = max(depth, kid.depth + 1)
            if not kid.variables <= names:
                names = names | kid.variables
        object.__setattr__(self, "size", size)
        object.__setattr__(self, "depth", depth)
        object.__setattr__(self, "variables", names)

    def __str__(self) -> str:
        return to_string(self)


@dataclass(frozen=True, slots=True)
class Num(Expr):
    value: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and self.value >= 0):
            raise ValueError(f"Num holds a finite number >= 0, not {self.value!r}")
        object.__setattr__(self, "value", float(self.value) + 0.0)  # -0.0 becomes 0.0
        Expr.__post_init__(self)


@dataclass(frozen=True, slots=True)
class Var(Expr):
    name: str  # "x" | "y"

    def __post_init__(self) -> None:
        Expr.__post_init__(self)
        object.__setattr__(self, "variables", frozenset((self.name,)))


@dataclass(frozen=True, slots=True)
class Const(Expr):
    name: str  # "pi" | "e"

    @property
    def value(self) -> float:
        return CONSTANTS[self.name]


@dataclass(frozen=True, slots=True)
class Neg(Expr):
    arg: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)


@dataclass(frozen=True, slots=True)
class BinOp(Expr):
    op: str  # one of OPERATORS
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Call(Expr):
    name: str  # a key of functions.FUNCTIONS
    args: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.args


def is_num(e: Expr, value: float | None = None) -> bool:
    """True for a literal number (optionally equal to ``value``)."""
    return isinstance(e, Num) and (value is None or e.value == value)


# --- canonical text -------------------------------------------------------------------------------
#
# Canonical text of a tree: the shortest unambiguous form, which parses back to the very same tree.
#
# Parentheses appear only where precedence needs them (plus around a negative exponent, ``x^(-2)``,
# for readability); ``+`` and ``-`` get spaces, ``* / ^`` none; numbers use Python's shortest repr,
# integers without ``.0``. Precedence is Python's: ``-x^2`` is ``-(x^2)`` and ``^`` is right-associative.

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
