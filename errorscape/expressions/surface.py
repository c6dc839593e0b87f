"""A typed formula as a ``Surface``: parse, simplify, differentiate twice, compile, describe.

The work for one text is cached (the grid and every run of a race ask for the same formula), and the
cache holds only what succeeded: an invalid formula is parsed again, which costs microseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from ..surfaces.base import Domain, Surface
from .algebra import canonical
from .differentiate import gradient, hessian
from ..errors import ExpressionError
from .evaluate import compile_tree
from .limits import USER_LIMITS
from .parser import parse
from .tree import to_string
from .tree import Expr

DEFAULT_DOMAIN = Domain((-5.0, 5.0), (-5.0, 5.0))
# Where to start a run, as fractions of the domain: the first point with a finite value and gradient.
_START_FRACTIONS = ((0.8, 0.7), (0.2, 0.7), (0.8, 0.3), (0.2, 0.3), (0.6, 0.9), (0.5, 0.5))


@dataclass(frozen=True)
class Analysis:
    """Everything derived from one formula: trees, their canonical text, and compiled evaluators."""

    f: Expr
    grad: tuple[Expr, Expr]
    hess: tuple[Expr, Expr, Expr]  # (xx, xy, yy)
    f_eval: Callable
    grad_eval: tuple[Callable, Callable]
    hess_eval: tuple[Callable, Callable, Callable]

    @property
    def text(self) -> str:
        return to_string(self.f)

    def describe(self) -> dict:
        hxx, hxy, hyy = (to_string(h) for h in self.hess)
        return {
            "expr": self.text,
            "gradient": [to_string(g) for g in self.grad],
            "hessian": [[hxx, hxy], [hxy, hyy]],
            "variables": sorted(self.f.variables),
        }


@lru_cache(maxsize=256)
def analyse(text: str) -> Analysis:
    """Parse and differentiate ``text`` under the user limits. Raises ExpressionError."""
    try:
        f = canonical(parse(text, USER_LIMITS))
        grad = gradient(f, USER_LIMITS)
        hess = hessian(grad, USER_LIMITS)
    except RecursionError:  # the limits are set well below this; a last guard, never a 500
        raise ExpressionError("the formula is nested too deeply to handle") from None
    return Analysis(
        f=f,
        grad=grad,
        hess=hess,
        f_eval=compile_tree(f),
        grad_eval=tuple(compile_tree(g, derivative=True) for g in grad),
        hess_eval=tuple(compile_tree(h, derivative=True) for h in hess),
    )


def describe_expression(text: str) -> dict:
    """The validate endpoint's answer: canonical formula, gradient, Hessian, variables used."""
    return analyse(text).describe()


def custom_surface(expr: str, domain: Domain | None = None) -> Surface:
    """A surface for the typed formula ``expr`` (default domain [-5, 5]²). Raises ExpressionError."""
    a = analyse(expr)
    domain = domain or DEFAULT_DOMAIN
    gx, gy = a.grad_eval
    hxx, hxy, hyy = a.hess_eval
    description = a.describe()
    return Surface(
        id="custom",
        name="Custom formula",
        description=f"Your formula f(x, y) = {a.text}, with its gradient and Hessian derived symbolically.",
        domain=domain,
        f=a.f_eval,
        grad=lambda x, y: (gx(x, y), gy(x, y)),
        hess=lambda x, y: (hxx(x, y), hxy(x, y), hyy(x, y)),
        start=_start(a, domain),
        category="custom",
        formula=a.text,
        extra={"expr": a.text, "gradient": description["gradient"], "hessian": description["hessian"]},
    )


def _start(a: Analysis, domain: Domain) -> tuple[float, float]:
    fx = np.array([p for p, _ in _START_FRACTIONS])
    fy = np.array([q for _, q in _START_FRACTIONS])
    x = domain.x[0] + fx * (domain.x[1] - domain.x[0])
    y = domain.y[0] + fy * (domain.y[1] - domain.y[0])
    finite = np.isfinite(a.f_eval(x, y)) & np.isfinite(a.grad_eval[0](x, y)) & np.isfinite(a.grad_eval[1](x, y))
    i = int(np.argmax(finite)) if finite.any() else len(x) - 1
    return float(x[i]), float(y[i])
