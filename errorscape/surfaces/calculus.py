"""Exact first and second derivatives for the families of surfaces that recur.

Each builder returns ``{"f": ..., "grad": ..., "hess": ...}`` for ``helpers.surface(**...)``, so a
surface module states only its own maths:

* ``quadratic``: E = level + ½ (p − c)ᵀ H (p − c), a constant Hessian (bowls, Booth, Matyas, saddle);
* ``separable``: E = g(x) + h(y) + k·xy, each term a ``Curve`` with its two derivatives (Rastrigin,
  Styblinski-Tang, the camels, Levy);
* ``from_jet``: anything written with ``Jet``s, value-gradient-Hessian bundles combined by the sum and
  product rules (sums of squared residuals, products of factors: Rosenbrock, Beale, Goldstein-Price...).

Everything is plain numpy arithmetic on arrays of any shape: the derivatives are analytic, the
rules just keep them from being written out (and mistyped) by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, NamedTuple

import numpy as np

Array = np.ndarray
#: Batches up to this many points keep their last jet (``from_jet``): a cohort's rows, a race's runs;
#: not a plotted grid, whose jet would be megabytes kept for nothing (grids ask for one order at a time).
KEEP_POINTS = 4096


def quadratic(hessian, centre: tuple[float, float], level: float = 0.0) -> dict:
    """E = level + ½ (p − c)ᵀ H (p − c), in the centred form so that E(c) is exactly ``level``."""
    (a, b), (b_again, d) = hessian
    assert b == b_again, "a Hessian is symmetric"
    cx, cy = centre

    def f(x, y):
        u, v = x - cx, y - cy
        return level + 0.5 * (a * u * u + 2 * b * u * v + d * v * v)

    def grad(x, y):
        u, v = x - cx, y - cy
        return a * u + b * v, b * u + d * v

    return {"f": f, "grad": grad, "hess": lambda x, y: (a, b, d)}


@dataclass(frozen=True)
class Curve:
    """A function of one variable with its first two derivatives: one term of a separable surface."""

    value: Callable[[Array], Array]
    d1: Callable[[Array], Array]
    d2: Callable[[Array], Array]

    @classmethod
    def polynomial(cls, *coefficients: float) -> "Curve":
        """The polynomial c0 + c1·t + c2·t² + ... (coefficients in increasing degree)."""
        p = np.polynomial.Polynomial(coefficients)
        return cls(p, p.deriv(1), p.deriv(2))

    @classmethod
    def from_triple(cls, triple: Callable[[Array], tuple[Array, Array, Array]]) -> "Curve":
        """From one function returning (value, first, second derivative) together."""
        return cls(lambda t: triple(t)[0], lambda t: triple(t)[1], lambda t: triple(t)[2])


def separable(gx: Curve, gy: Curve | None = None, xy: float = 0.0) -> dict:
    """E = gx(x) + gy(y) + xy·x·y (gy defaults to gx); the only cross derivative is the constant ``xy``."""
    gy = gy or gx
    return {
        "f": lambda x, y: gx.value(x) + gy.value(y) + xy * x * y,
        "grad": lambda x, y: (gx.d1(x) + xy * y, gy.d1(y) + xy * x),
        "hess": lambda x, y: (gx.d2(x), xy, gy.d2(y)),
    }


class Jet(NamedTuple):
    """A function's value, gradient and Hessian at the same points: (v, ∂x, ∂y, ∂xx, ∂xy, ∂yy)."""

    v: Array
    x: Array
    y: Array
    xx: Array
    xy: Array
    yy: Array


def poly2(x, y, c=0.0, cx=0.0, cy=0.0, cxx=0.0, cxy=0.0, cyy=0.0) -> Jet:
    """The jet of c + cx·x + cy·y + cxx·x² + cxy·xy + cyy·y²."""
    return Jet(
        c + cx * x + cy * y + cxx * x * x + cxy * x * y + cyy * y * y,
        cx + 2 * cxx * x + cxy * y,
        cy + cxy * x + 2 * cyy * y,
        2 * cxx,
        cxy,
        2 * cyy,
    )


def product(a: Jet, b: Jet) -> Jet:
    """The product rule, to second order."""
    return Jet(
        a.v * b.v,
        a.x * b.v + a.v * b.x,
        a.y * b.v + a.v * b.y,
        a.xx * b.v + 2 * a.x * b.x + a.v * b.xx,
        a.xy * b.v + a.x * b.y + a.y * b.x + a.v * b.xy,
        a.yy * b.v + 2 * a.y * b.y + a.v * b.yy,
    )


def total(jets: Iterable[Jet]) -> Jet:
    """The sum rule: component-wise sum of jets."""
    return Jet(*(sum(parts) for parts in zip(*jets)))


def sum_of_squares(residuals: Iterable[Jet]) -> Jet:
    """E = Σ r², the shape of every least-squares loss."""
    return total(product(r, r) for r in residuals)


def from_jet(jet: Callable[[Array, Array], Jet]) -> dict:
    """f, grad and hess all read from one jet function (it computes every order; cheap at 2 weights).

    A single point is evaluated on numpy scalars: a one-run stream asks for one point per step, and a
    jet is ~100 small operations whose per-call overhead on one-element arrays is 3-4 times that on
    scalars (bench: himmelblau's value and gradient 140 µs vs 390 µs per step).

    The engine asks for the value and then the gradient at the same points, so one jet serves both:
    - a single point's last jet is kept (one tuple, replaced whole: safe across threads);
    - a small batch's (up to ``KEEP_POINTS`` points, a cohort's or a race's rows) is kept by ``f`` with a
      copy of its points' bits, and taken by the next ``grad`` given the same bits (and by that one
      only: what a caller does with the arrays it was given never reaches a later call).
    """
    whole = jet
    last_point: tuple = (None, None)  # (bits(x, y), jet)
    last_batch: tuple = (None, None)

    def bits(x, y) -> tuple[bytes, bytes]:
        """What a kept jet is found by: the points' bits, not their values (-0.0 == 0.0, and a jet may tell
        them apart)."""
        return x.tobytes(), y.tobytes()

    def point_jet(x, y) -> Jet:
        nonlocal last_point
        key = bits(x, y)
        seen, found = last_point
        if seen != key:
            found = Jet(*(np.array([part]) if np.ndim(part) == 0 else part for part in whole(x[0], y[0])))
            last_point = (key, found)
        return found

    def small_batch(x, y) -> bool:
        return np.ndim(x) == 1 and 1 < np.size(x) <= KEEP_POINTS and np.shape(y) == np.shape(x)

    def f(x, y):
        nonlocal last_batch
        if np.shape(x) == (1,):
            return point_jet(x, y).v
        j = whole(x, y)
        if small_batch(x, y):
            last_batch = (bits(x, y), j)
        return j.v

    def grad(x, y):
        nonlocal last_batch
        if np.shape(x) == (1,):
            j = point_jet(x, y)
        else:
            seen, j = last_batch
            if j is not None and small_batch(x, y) and seen == bits(x, y):
                last_batch = (None, None)
            else:
                j = whole(x, y)
        return j.x, j.y

    def hess(x, y):
        j = point_jet(x, y) if np.shape(x) == (1,) else whole(x, y)
        return j.xx, j.xy, j.yy

    return {"f": f, "grad": grad, "hess": hess}


def chain(inner: Jet, value: Array, d1: Array, d2: Array) -> Jet:
    """The chain rule for φ(inner), given φ, φ′ and φ″ already evaluated at ``inner.v``."""
    return Jet(
        value,
        d1 * inner.x,
        d1 * inner.y,
        d2 * inner.x * inner.x + d1 * inner.xx,
        d2 * inner.x * inner.y + d1 * inner.xy,
        d2 * inner.y * inner.y + d1 * inner.yy,
    )


def exp(inner: Jet) -> Jet:
    e = np.exp(inner.v)
    return chain(inner, e, e, e)
