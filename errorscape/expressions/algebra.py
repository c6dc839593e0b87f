"""Smart constructors that keep trees tidy as they are built, and ``simplify``/``canonical`` on top.

Every rule keeps the value of the expression wherever it is finite (up to float rounding); the few that
drop a factor or a term (``0*u -> 0``, ``u - u -> 0``, ``u/u -> 1``) can only turn a non-finite point
into a finite one, the usual convention of symbolic algebra. The rules:

- constant folding when the folded number prints shorter than what it replaces (``2*3 -> 6``,
  ``log(e) -> 1``, ``cos(pi) -> -1``; ``1/3``, ``1/2`` and ``2*pi`` stay as typed);
- identities with 0, 1 and -1; double negation; ``a + -b -> a - b``, ``a - -b -> a + b``;
- sums and products associate to the left, as they print without parentheses
  (``a + (b - c) -> a + b - c``, ``a*(b*c) -> a*b*c``, ``a*(b/c) -> a*b/c``; a long product on the
  right stays grouped, since regrouping it would cost time quadratic in its length);
- a minus sign goes to the leftmost factor of a product or quotient (``-2*x``, ``-x*y``);
- numbers go to the front of products and merge (``x*3 -> 3*x``, ``2*x*(3*y) -> 6*x*y``), numeric
  offsets merge (``y - 1 - 1 -> y - 2``), numeric coefficients cancel in quotients
  (``2*x/(2*u) -> x/u``);
- equal small factors merge into powers (``x*x -> x^2``, ``2*x*x^2 -> 2*x^3``, ``x/x^3 -> 1/x^2``),
  ``(u^2)^3 -> u^6``; equal small terms merge (``u + u -> 2*u``, ``u - u -> 0``).
"""

from __future__ import annotations

import math
from typing import Callable

from .evaluate import compile_tree
from .tree import format_number, to_string
from .tree import BinOp, Call, Const, Expr, Neg, Num, is_num

ZERO, ONE, TWO = Num(0.0), Num(1.0), Num(2.0)
_CHEAP = 24  # only compare subtrees up to this size for equality: merging must stay cheap


def number(value: float) -> Expr:
    """A finite constant as a tree: negative numbers are ``Neg(Num)``."""
    return Neg(Num(-value)) if value < 0 else Num(value)


def constant_value(e: Expr) -> float:
    """The value of a tree without variables (nan or inf when it has none)."""
    return float(compile_tree(e)(0.0, 0.0))


def _folded(e: Expr) -> Expr:
    """``e`` itself, or the number it equals when that number prints shorter."""
    if e.variables or not all(isinstance(k, Const) or _is_number(k) for k in e.children()):
        return e
    value = constant_value(e)
    if not math.isfinite(value):
        return e
    folded = number(value)
    return folded if len(to_string(folded)) < len(to_string(e)) else e


def _is_number(e: Expr) -> bool:
    return isinstance(e, Num) or (isinstance(e, Neg) and isinstance(e.arg, Num))


def _signed(e: Expr) -> float:
    return -e.arg.value if isinstance(e, Neg) else e.value


def _same(a: Expr, b: Expr) -> bool:
    return a.size <= _CHEAP and b.size <= _CHEAP and a == b


def _yields_to_numbers(e: Expr) -> bool:
    """Whether a number goes before ``e`` in a product: not before a number, nor before a product of
    constants that did not fold (``0.1*0.1``), or moving numbers to the front would never end."""
    return not _is_number(e) and (bool(e.variables) or not _is(e, "*"))


def _is(e: Expr, op: str) -> bool:
    return isinstance(e, BinOp) and e.op == op


def _negative(e: Expr) -> Expr | None:
    """For ``-u`` or a product/quotient whose leftmost factor is negative, the positive form; else None."""
    if isinstance(e, Neg):
        return e.arg
    if isinstance(e, BinOp) and e.op in "*/":
        left = _negative(e.left)
        return None if left is None else BinOp(e.op, left, e.right)
    return None


def neg(a: Expr) -> Expr:
    """``-a``; in a product or quotient the sign goes to the leftmost factor (``-2*x``, ``-x*y``)."""
    if (positive := _negative(a)) is not None:
        return positive
    if is_num(a, 0.0):
        return a
    if isinstance(a, BinOp) and a.op in "*/":
        return BinOp(a.op, neg(a.left), a.right)
    return Neg(a)


def add(a: Expr, b: Expr) -> Expr:
    if is_num(a, 0.0):
        return b
    if is_num(b, 0.0):
        return a
    if (positive := _negative(b)) is not None:
        return sub(a, positive)
    if _is(b, "+") or _is(b, "-"):  # a + (p ± q) = a + p ± q
        return _BUILD[b.op](add(a, b.left), b.right)
    if _same(a, b):
        return mul(TWO, a)
    return _offset(a, b, 1.0) or _folded(BinOp("+", a, b))


def sub(a: Expr, b: Expr) -> Expr:
    if is_num(b, 0.0):
        return a
    if is_num(a, 0.0):
        return neg(b)
    if (positive := _negative(b)) is not None:
        return add(a, positive)
    if _is(b, "+"):  # a - (p + q) = a - p - q
        return sub(sub(a, b.left), b.right)
    if _is(b, "-"):  # a - (p - q) = a - p + q
        return add(sub(a, b.left), b.right)
    if _same(a, b):
        return ZERO
    return _offset(a, b, -1.0) or _folded(BinOp("-", a, b))


def _offset(a: Expr, b: Expr, sign: float) -> Expr | None:
    """``u ± c1 ± c2 -> u ± c`` when ``c`` prints no longer than ``c1`` or ``c2``."""
    if not (_is_number(b) and (_is(a, "+") or _is(a, "-")) and _is_number(a.right)):
        return None
    total = (1.0 if a.op == "+" else -1.0) * _signed(a.right) + sign * _signed(b)
    if len(format_number(abs(total))) > max(len(to_string(a.right)), len(to_string(b))):
        return None
    return add(a.left, number(total))


def mul(a: Expr, b: Expr) -> Expr:
    if is_num(a, 0.0) or is_num(b, 0.0):
        return ZERO
    for one, other in ((a, b), (b, a)):
        if is_num(one, 1.0):
            return other
        if isinstance(one, Neg) and is_num(one.arg, 1.0):
            return neg(other)
    if (positive := _negative(b)) is not None:
        return neg(mul(a, positive))
    if _is_number(b) and _yields_to_numbers(a):
        return mul(b, a)
    if _is(b, "/"):  # a*(p/q) = a*p/q
        return div(mul(a, b.left), b.right)
    if _is(a, "/"):  # (p/q)*b = p*b/q
        return div(mul(a.left, b), a.right)
    if _is(b, "*"):
        if _is_number(a) and _is_number(b.left):  # c1*(c2*r) = (c1*c2)*r when the product is tidy
            coefficient = _folded(BinOp("*", a, b.left))
            if _is_number(coefficient):
                return mul(coefficient, b.right)
        if _is_number(b.left) and _yields_to_numbers(a):  # a*(c*r) = c*a*r: the number to the front
            return mul(mul(b.left, a), b.right)
        if b.size <= _CHEAP:  # a*(p*q) = a*p*q; a long product stays grouped, or building it is quadratic
            return mul(mul(a, b.left), b.right)
    merged = _in_product(a, b, _merge_powers)
    return merged if merged is not None else _folded(BinOp("*", a, b))


def _base_and_exponent(e: Expr) -> tuple[Expr, float]:
    if _is(e, "^") and isinstance(e.right, Num):
        return e.left, e.right.value
    return e, 1.0


def _in_product(a: Expr, b: Expr, combine: Callable[[Expr, Expr], Expr | None], reach: int = 6) -> Expr | None:
    """``combine(factor, b)`` on the first of the last few factors of the product ``a`` that it accepts."""
    if _is(a, "*"):
        combined = combine(a.right, b)
        if combined is not None:
            return mul(a.left, combined)
        combined = _in_product(a.left, b, combine, reach - 1) if reach > 0 else None
        return None if combined is None else mul(combined, a.right)
    return combine(a, b)


def _merge_powers(a: Expr, b: Expr) -> Expr | None:
    """``u^p * u^q -> u^(p+q)`` for literal exponents and small ``u``."""
    base, p = _base_and_exponent(a)
    other, q = _base_and_exponent(b)
    if _is_number(base) or not _same(base, other):
        return None
    return power(base, Num(p + q))


def _cancel_powers(a: Expr, b: Expr) -> Expr | None:
    """``u^p / u^q -> u^(p-q)`` or ``1/u^(q-p)`` for literal exponents and small ``u``."""
    base, p = _base_and_exponent(a)
    other, q = _base_and_exponent(b)
    if _is_number(base) or not _same(base, other):
        return None
    return power(base, Num(p - q)) if p >= q else div(ONE, power(base, Num(q - p)))


def _coefficient(e: Expr) -> tuple[Expr | None, Expr]:
    """A leading number and the rest: ``2*x -> (2, x)``, ``3 -> (3, 1)``, ``x -> (None, x)``."""
    if _is_number(e):
        return e, ONE
    if _is(e, "*") and _is_number(e.left):
        return e.left, e.right
    return None, e


def div(a: Expr, b: Expr) -> Expr:
    if is_num(b, 1.0):
        return a
    if is_num(a, 0.0):
        return ZERO
    if (positive := _negative(b)) is not None:
        return neg(div(a, positive))
    if _same(a, b):
        return ONE
    if _is(b, "/"):  # a/(p/q) = a*q/p
        return div(mul(a, b.right), b.left)
    if _is(a, "/"):  # (p/q)/b = p/(q*b)
        return div(a.left, mul(a.right, b))
    ca, ra = _coefficient(a)
    cb, rb = _coefficient(b)
    if cb is not None:  # (ca*ra)/(cb*rb) = (ca/cb)*(ra/rb) when ca/cb is tidy
        ratio = _folded(BinOp("/", ca or ONE, cb))
        if _is_number(ratio):
            return mul(ratio, div(ra, rb))
    cancelled = _in_product(ra, rb, _cancel_powers)
    if cancelled is not None:
        return div(mul(ONE if ca is None else ca, cancelled), ONE if cb is None else cb)
    return _folded(BinOp("/", a, b))


def power(a: Expr, b: Expr) -> Expr:
    if is_num(b, 0.0) or is_num(a, 1.0):
        return ONE
    if is_num(b, 1.0):
        return a
    if is_num(a, 0.0) and isinstance(b, Num):
        return ZERO
    if _is(a, "^") and isinstance(a.right, Num) and isinstance(b, Num):
        p, q = a.right.value, b.value
        if p.is_integer() and q.is_integer():  # (u^p)^q = u^(pq) for every real u only then
            return power(a.left, Num(p * q))
    return _folded(BinOp("^", a, b))


def call(name: str, *args: Expr) -> Expr:
    return _folded(Call(name, tuple(args)))


_BUILD = {"+": add, "-": sub, "*": mul, "/": div, "^": power}


def simplify(e: Expr) -> Expr:
    """Rebuild ``e`` bottom-up through the smart constructors."""
    match e:
        case Neg(arg=a):
            return neg(simplify(a))
        case BinOp(op=op, left=a, right=b):
            return _BUILD[op](simplify(a), simplify(b))
        case Call(name=n, args=args):
            return call(n, *(simplify(a) for a in args))
    return e


def canonical(e: Expr) -> Expr:
    """Simplify until nothing changes (two or three passes in practice)."""
    for _ in range(8):
        simpler = simplify(e)
        if simpler == e:
            return e
        e = simpler
    return e
