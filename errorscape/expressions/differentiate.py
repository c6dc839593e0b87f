"""Symbolic differentiation: d(tree)/dx as another tree, built through the simplifying constructors.

Every result is checked against the derivative limits as it is built, node by node from the leaves up,
so an expression whose Hessian would explode is refused after a bounded amount of work.
Conventions at kinks and jumps are those of ``functions.py``: abs' = sign, relu' = step (1/2 at 0),
min/max route the derivative through ``step`` of the difference (an even split at a tie), and
sign' = step' = 0.
"""

from __future__ import annotations

from typing import Callable

from .algebra import ONE, TWO, ZERO, add, call, canonical, div, mul, neg, power, sub
from ..errors import ExpressionError
from .limits import USER_LIMITS, Limits
from .tree import BinOp, Call, Expr, Neg, Num, Var

# d f(u) / du for each one-argument function, as a tree in u.
_OUTER: dict[str, Callable[[Expr], Expr]] = {
    "sin": lambda u: call("cos", u),
    "cos": lambda u: neg(call("sin", u)),
    "tan": lambda u: add(ONE, power(call("tan", u), TWO)),
    "arcsin": lambda u: div(ONE, call("sqrt", sub(ONE, power(u, TWO)))),
    "arccos": lambda u: neg(div(ONE, call("sqrt", sub(ONE, power(u, TWO))))),
    "arctan": lambda u: div(ONE, add(ONE, power(u, TWO))),
    "sinh": lambda u: call("cosh", u),
    "cosh": lambda u: call("sinh", u),
    "tanh": lambda u: sub(ONE, power(call("tanh", u), TWO)),
    "exp": lambda u: call("exp", u),
    "log": lambda u: div(ONE, u),
    "sqrt": lambda u: div(ONE, mul(TWO, call("sqrt", u))),
    "abs": lambda u: call("sign", u),
    "sign": lambda u: ZERO,
    "step": lambda u: ZERO,
    "sigmoid": lambda u: mul(call("sigmoid", u), sub(ONE, call("sigmoid", u))),
    "softplus": lambda u: call("sigmoid", u),
    "relu": lambda u: call("step", u),
}


def derivative(e: Expr, var: str, limits: Limits = USER_LIMITS, what: str | None = None) -> Expr:
    """d e / d var, simplified. Raises ExpressionError when it outgrows ``limits``."""
    what = what or f"d/d{var}"

    def d(e: Expr) -> Expr:
        if var not in e.variables:
            return ZERO
        result = _rule(e, var, d)
        if result.size > limits.max_derivative_nodes or result.depth > limits.max_derivative_depth:
            raise ExpressionError(
                f"the formula is too complex to differentiate: {what} would need more than "
                f"{limits.max_derivative_nodes} nodes or {limits.max_derivative_depth} levels; "
                "try a shorter formula"
            )
        return result

    return canonical(d(e))


def _rule(e: Expr, var: str, d: Callable[[Expr], Expr]) -> Expr:
    match e:
        case Var(name=name):
            return ONE if name == var else ZERO
        case Neg(arg=a):
            return neg(d(a))
        case BinOp(op="+", left=a, right=b):
            return add(d(a), d(b))
        case BinOp(op="-", left=a, right=b):
            return sub(d(a), d(b))
        case BinOp(op="*", left=a, right=b):
            return add(mul(d(a), b), mul(a, d(b)))
        case BinOp(op="/", left=a, right=b):
            if var not in b.variables:
                return div(d(a), b)
            return div(sub(mul(d(a), b), mul(a, d(b))), power(b, TWO))
        case BinOp(op="^", left=a, right=b):
            if var not in b.variables:  # (u^c)' = c*u^(c-1)*u'
                return mul(mul(b, power(a, sub(b, ONE))), d(a))
            if var not in a.variables:  # (c^v)' = c^v*log(c)*v'
                if isinstance(a, Num) and a.value == 0:  # 0^v is 0 wherever it is finite (v > 0): flat, not 0*log(0)
                    return ZERO
                return mul(mul(e, call("log", a)), d(b))
            # (u^v)' = u^v*(v'*log(u) + v*u'/u)
            return mul(e, add(mul(d(b), call("log", a)), div(mul(b, d(a)), a)))
        case Call(name="min", args=(a, b)):
            return add(mul(call("step", sub(b, a)), d(a)), mul(call("step", sub(a, b)), d(b)))
        case Call(name="max", args=(a, b)):
            return add(mul(call("step", sub(a, b)), d(a)), mul(call("step", sub(b, a)), d(b)))
        case Call(name=name, args=(u,)):
            return mul(_OUTER[name](u), d(u))
    raise TypeError(f"cannot differentiate {e!r}")


def gradient(e: Expr, limits: Limits = USER_LIMITS) -> tuple[Expr, Expr]:
    return derivative(e, "x", limits, "df/dx"), derivative(e, "y", limits, "df/dy")


def hessian(grad: tuple[Expr, Expr], limits: Limits = USER_LIMITS) -> tuple[Expr, Expr, Expr]:
    """(d2f/dx2, d2f/dxdy, d2f/dy2) from the gradient trees."""
    gx, gy = grad
    return (
        derivative(gx, "x", limits, "d2f/dx2"),
        derivative(gx, "y", limits, "d2f/dxdy"),
        derivative(gy, "y", limits, "d2f/dy2"),
    )
