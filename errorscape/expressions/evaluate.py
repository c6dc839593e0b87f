"""Vectorised numpy evaluation: a tree becomes a tree of closures (never Python source).

``compile_tree(e)`` returns ``f(x, y) -> ndarray`` that broadcasts ``x`` and ``y`` and returns float64 of
their common shape. It runs under ``np.errstate(all="ignore")``: overflow gives inf, invalid operations
(log of a negative number, 0/0, ...) give nan, and nothing raises. Callers decide what a non-finite value
means (a gap in the grid, a diverged run).

Derivatives are compiled with ``derivative=True``: there a product with an exact zero factor is zero even
when the other factor is infinite, and so is a quotient with an exact zero numerator (``a/b = a*(1/b)``). The chain rule multiplies an outer derivative by an inner one, and where
the inner one is exactly 0 (``y*(1/x)`` in ``d(x^y)/dx`` at y = 0, a cone's tip) the function does not
change in that direction, so 0 is the derivative's value, not ``0*inf = nan`` (docs/custom-formulas.md).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .functions import FUNCTIONS
from .tree import BinOp, Call, Const, Expr, Neg, Num, Var

Array = np.ndarray
Kernel = Callable[[Array, Array], Array]

_BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "^": np.power}


def _zero_wins(ufunc, zero_operand):
    """``ufunc`` whose result is 0 wherever ``zero_operand(a, b)`` holds, should it come out non-finite."""

    def apply(a: Array, b: Array) -> Array:
        result = ufunc(a, b)
        return result if np.all(np.isfinite(result)) else np.where(zero_operand(a, b), 0.0, result)

    return apply


# a product with an exact zero factor; a quotient with an exact zero numerator, as in
# step(x)/(2*sqrt(max(x, 0))) at x < 0, the derivative of a flat 0 (0, not 0/0)
_DERIVATIVE_BINARY = {**_BINARY, "*": _zero_wins(np.multiply, lambda a, b: (a == 0) | (b == 0)),
                      "/": _zero_wins(np.divide, lambda a, b: a == 0)}


def compile_tree(e: Expr, derivative: bool = False) -> Callable[[Array, Array], Array]:
    binary = _DERIVATIVE_BINARY if derivative else _BINARY
    kernel = _kernel(e, binary)

    def evaluate(x, y) -> Array:
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        with np.errstate(all="ignore"):
            value = kernel(x, y)
        # a constant or one-variable formula still returns the full broadcast shape
        return np.broadcast_to(value, np.broadcast_shapes(x.shape, y.shape)).astype(np.float64, copy=True)

    return evaluate


def _kernel(e: Expr, binary: dict) -> Kernel:
    match e:
        case Num(value=v) | Const(value=v):
            value = np.float64(v)
            return lambda x, y: value
        case Var(name="x"):
            return lambda x, y: x
        case Var(name="y"):
            return lambda x, y: y
        case Neg(arg=a):
            inner = _kernel(a, binary)
            return lambda x, y: np.negative(inner(x, y))
        case BinOp(op=op, left=a, right=b):
            ufunc, left, right = binary[op], _kernel(a, binary), _kernel(b, binary)
            return lambda x, y: ufunc(left(x, y), right(x, y))
        case Call(name=name, args=(a,)):
            fn, inner = FUNCTIONS[name].numpy, _kernel(a, binary)
            return lambda x, y: fn(inner(x, y))
        case Call(name=name, args=(a, b)):
            fn, left, right = FUNCTIONS[name].numpy, _kernel(a, binary), _kernel(b, binary)
            return lambda x, y: fn(left(x, y), right(x, y))
    raise TypeError(f"cannot evaluate {e!r}")
