"""Building blocks shared by the built-in surfaces.

``surface(...)`` is the one constructor every built-in goes through. It makes the three callables safe
for the optimizer engine and the grid endpoint, whatever the formula:

* inputs become float64 arrays broadcast against each other, and every output has their common shape,
  so a constant Hessian entry or a gradient that depends on one coordinate still comes back per point;
* numpy's floating-point warnings are silenced: optimizers diverge far outside the domain and the runner
  detects that from non-finite values, so an overflow must give ``inf``, not a warning. Where ``f``
  overflows into ``nan`` (``inf - inf``, ``cos(inf)``) at a finite point it returns ``+inf``;
* the listed critical points are polished with a few Newton steps, so published 4-6 digit coordinates
  become exact to ~1e-12 and the gradient there is zero to rounding.

The exact derivatives themselves are built with ``calculus``.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable, Iterable

import numpy as np

from .base import Array, CriticalPoint, Domain, Surface


def _as_pair(x, y) -> tuple[Array, Array]:
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape == y.shape:  # the optimizer engine's case: skip broadcasting, it costs per call
        return x, y
    return tuple(np.broadcast_arrays(x, y))


def _shaped(value, shape: tuple[int, ...]) -> Array:
    value = np.asarray(value, dtype=np.float64)
    if value.shape == shape:
        return value
    return np.broadcast_to(value, shape).copy()  # a real array: callers may write into it


def safe_value(fn: Callable) -> Callable:
    """Wrap ``f``: broadcast float64 inputs, no warnings, ``nan`` from overflow at finite points -> ``inf``."""

    @wraps(fn)
    def wrapped(x, y):
        x, y = _as_pair(x, y)
        with np.errstate(all="ignore"):
            out = _shaped(fn(x, y), x.shape)
        overflowed = np.isnan(out)
        if overflowed.any():
            out = np.where(overflowed & np.isfinite(x) & np.isfinite(y), np.inf, out)
        return out

    return wrapped


def safe_tuple(fn: Callable) -> Callable:
    """Wrap ``grad`` or ``hess``: broadcast float64 inputs, no warnings, every component per point."""

    @wraps(fn)
    def wrapped(x, y):
        x, y = _as_pair(x, y)
        with np.errstate(all="ignore"):
            parts = fn(x, y)
        return tuple(_shaped(p, x.shape) for p in parts)

    return wrapped


def polish(grad: Callable, hess: Callable, points: Array, steps: int = 12) -> Array:
    """Newton's method on grad = 0 from each row of ``points`` (k, 2); returns the refined rows.

    Newton converges to whichever critical point is nearest (minimum, saddle or maximum alike), which
    is exactly what turns a published approximation into the point it approximates.
    """
    p = np.array(points, dtype=np.float64).reshape(-1, 2)
    for _ in range(steps):
        gx, gy = grad(p[:, 0], p[:, 1])
        hxx, hxy, hyy = hess(p[:, 0], p[:, 1])
        det = hxx * hyy - hxy * hxy
        with np.errstate(all="ignore"):
            step = np.stack([(hyy * gx - hxy * gy) / det, (hxx * gy - hxy * gx) / det], axis=-1)
        # a singular Hessian (a degenerate point) has no Newton step: leave that point where it is
        p = p - np.where(np.isfinite(step), step, 0.0)
    return p


Point = tuple[float, float]


def surface(
    id: str,
    name: str,
    description: str,
    *,
    domain: tuple[Point, Point],
    f: Callable,
    grad: Callable,
    hess: Callable,
    minima: Iterable[Point] = (),
    local_minima: Iterable[Point] = (),
    saddles: Iterable[Point] = (),
    maxima: Iterable[Point] = (),
    degenerate: Iterable[Point] = (),
    start: Point,
    formula: str,
    category: str,
    log_scale: bool = False,
    extra: dict | None = None,
    exact: bool = False,
) -> Surface:
    """A built-in surface with safe callables and polished critical points.

    ``minima`` are the global minima; the other notable points are listed by kind. Pass
    ``exact=True`` when the listed coordinates are already exact (Newton would only add rounding, and
    along a valley of minima it is ill-posed).
    """
    f, grad, hess = safe_value(f), safe_tuple(grad), safe_tuple(hess)
    minima = list(minima)
    critical = [
        (point, kind)
        for kind, points in (
            ("local-minimum", local_minima),
            ("saddle", saddles),
            ("maximum", maxima),
            ("degenerate", degenerate),
        )
        for point in points
    ]
    points = np.array(minima + [point for point, _ in critical], dtype=np.float64).reshape(-1, 2)
    if not exact and len(points):
        points = polish(grad, hess, points)
    rows = [tuple(map(float, p)) for p in points]
    return Surface(
        id=id,
        name=name,
        description=description,
        domain=Domain(tuple(map(float, domain[0])), tuple(map(float, domain[1]))),
        f=f,
        grad=grad,
        hess=hess,
        minima=tuple(rows[: len(minima)]),
        critical_points=tuple(CriticalPoint(x, y, kind) for (x, y), (_, kind) in zip(rows[len(minima) :], critical)),
        start=tuple(map(float, start)),
        log_scale=log_scale,
        category=category,
        formula=formula,
        extra=dict(extra or {}),
    )
