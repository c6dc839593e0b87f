"""Multimodal and plateau test functions: many local minima, or a needle in a flat field.

Definitions follow Surjanovic & Bingham's VLSE (Ackley with a = 20, b = 0.2, c = 2π; Rastrigin with
A = 10; Levy in two dimensions). Plotting domains are chosen to show the structure; VLSE's search
domains are larger for Ackley and Easom.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from .calculus import Curve, Jet, chain, exp, from_jet, poly2, product, separable, total
from .curves import RASTRIGIN
from .helpers import surface as _surface

surface = partial(_surface, category="classic")

TAU = 2 * math.pi

# Rastrigin's local minima sit just inside every integer point of its box (the parabola pulls them
# towards 0); Newton from each integer point finds them.
_RASTRIGIN_LOCAL = [(i, j) for i in range(-5, 6) for j in range(-5, 6) if (i, j) != (0, 0)]


def _levy_term(w, k: float, m: float, phase: float):
    """(w − 1)²·(1 + k·sin²(mπw + phase)) with its first two derivatives in w."""
    u, du = (w - 1) ** 2, 2 * (w - 1)
    angle = 2 * (m * math.pi * w + phase)  # sin²(θ) = (1 − cos 2θ)/2 keeps the derivatives short
    v = 1 + 0.5 * k * (1 - np.cos(angle))
    dv = k * m * math.pi * np.sin(angle)
    d2v = 2 * k * (m * math.pi) ** 2 * np.cos(angle)
    return u * v, du * v + u * dv, 2 * v + 2 * du * dv + u * d2v


def _levy_x(x):
    w = 1 + (x - 1) / 4  # Levy's change of variable; each derivative in x carries a factor 1/4
    v, d1, d2 = _levy_term(w, k=10.0, m=1.0, phase=1.0)
    s = np.sin(math.pi * w)
    return v + s * s, (d1 + math.pi * np.sin(TAU * w)) / 4, (d2 + 2 * math.pi**2 * np.cos(TAU * w)) / 16


def _levy_y(y):
    v, d1, d2 = _levy_term(1 + (y - 1) / 4, k=1.0, m=2.0, phase=0.0)
    return v, d1 / 4, d2 / 16


def _square_symmetric(x: float, y: float, centre: tuple[float, float] = (0.0, 0.0)):
    """The images of (x, y) under the square's symmetries about ``centre`` (Ackley and Easom have them)."""
    u, v = x - centre[0], y - centre[1]
    images = {(a * p, b * q) for p, q in ((u, v), (v, u)) for a in (1, -1) for b in (1, -1)}
    return [(centre[0] + p, centre[1] + q) for p, q in sorted(images)]


_A, _B = 20.0, 0.2  # Ackley's a and b (c = 2π)


def _ackley(x, y):
    q = poly2(x, y, cxx=0.5, cyy=0.5)  # r² = (x² + y²)/2
    r = np.sqrt(q.v)
    radius = chain(q, r, 0.5 / r, -0.25 / (r * q.v))
    e = np.exp(-_B * r)
    cone = chain(radius, -_A * e, _A * _B * e, -_A * _B * _B * e)
    # The cone's tip is not differentiable: by convention its gradient there is 0 and its infinite
    # curvature is left out, so at the origin the Hessian is the ripples' (positive definite).
    cone = Jet(cone.v, *(np.where(r > 0, d, 0.0) for d in cone[1:]))
    cx, cy, sx, sy = np.cos(TAU * x), np.cos(TAU * y), np.sin(TAU * x), np.sin(TAU * y)
    waves = Jet(0.5 * (cx + cy), -math.pi * sx, -math.pi * sy, -TAU * math.pi * cx, 0.0, -TAU * math.pi * cy)
    ew = np.exp(waves.v)
    ripples = chain(waves, -ew, -ew, -ew)
    both = total([cone, ripples])
    return both._replace(v=both.v + _A + math.e)


def _easom(x, y):
    cx, cy, sx, sy = np.cos(x), np.cos(y), np.sin(x), np.sin(y)
    minus_cosines = Jet(-cx * cy, sx * cy, cx * sy, cx * cy, -sx * sy, cx * cy)
    well = exp(poly2(x - math.pi, y - math.pi, cxx=-1.0, cyy=-1.0))
    return product(minus_cosines, well)


SURFACES = [
    surface(
        "rastrigin",
        "Rastrigin",
        "A bowl covered in regular bumps: 121 local minima on the plotted square, and the global "
        "basin is about 1% of it. Gradient descent stops in the nearest dip; restarts or noise are needed.",
        domain=((-5.12, 5.12), (-5.12, 5.12)),
        **separable(RASTRIGIN),
        minima=[(0, 0)],
        local_minima=_RASTRIGIN_LOCAL,
        start=(2.2, -3.1),
        formula="20 + x² − 10cos(2πx) + y² − 10cos(2πy)",
    ),
    surface(
        "ackley",
        "Ackley",
        "A nearly flat, rippled outer plain around a sharp central funnel: the ripples trap gradient "
        "descent in local minima, and the global minimum is a non-differentiable point.",
        domain=((-5, 5), (-5, 5)),
        **from_jet(_ackley),
        minima=[(0, 0)],
        # a representative subset: the first ring of local minima and the saddles between them and 0
        local_minima=[*_square_symmetric(0.952167, 0.0), *_square_symmetric(0.968478, 0.968478)],
        saddles=_square_symmetric(0.625781, 0.0),
        start=(2.7, -1.6),
        formula="−20·exp(−0.2·√(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + 20 + e",
    ),
    surface(
        "levy",
        "Levy",
        "Troughs of local minima in both directions over a gentle bowl centred on (1, 1): descent from "
        "most starts stops in the nearest trough, short of the global minimum.",
        domain=((-10, 10), (-10, 10)),
        **separable(Curve.from_triple(_levy_x), Curve.from_triple(_levy_y)),
        minima=[(1, 1)],
        # a representative subset: the nearest local minimum in each direction and the saddle before it
        local_minima=[(1.0, -2.890650), (1.0, 4.890650), (3.791082, 1.0), (-4.205435, 1.0)],
        saddles=[(1.0, -2.256662), (1.0, 4.256662), (2.768860, 1.0)],
        start=(-6.0, 6.5),
        formula=(
            "sin²(πw₁) + (w₁−1)²[1 + 10sin²(πw₁+1)] + (w₂−1)²[1 + sin²(2πw₂)], "
            "wᵢ = 1 + (xᵢ−1)/4"
        ),
    ),
    surface(
        "easom",
        "Easom",
        "A needle in a haystack: one narrow well at (π, π) in a plain that is flat to eight decimal "
        "places, so almost every start sees no gradient at all.",
        domain=((-10, 10), (-10, 10)),
        **from_jet(_easom),
        minima=[(math.pi, math.pi)],
        # the rim around the well, and the barely-there dips and saddles just beyond it
        maxima=_square_symmetric(1.304995, math.pi, centre=(math.pi, math.pi)),
        local_minima=_square_symmetric(1.304995, 1.304995, centre=(math.pi, math.pi)),
        saddles=_square_symmetric(math.pi / 2, math.pi / 2, centre=(math.pi, math.pi)),
        start=(1.0, 0.5),
        formula="−cos(x)·cos(y)·exp(−(x − π)² − (y − π)²)",
    ),
]
