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
        from .printer import to_string  # the printer needs the node types, so it is imported late

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
