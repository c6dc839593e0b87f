"""Shared by the surface tests: the surfaces to parametrise over, and seeded points to probe them at."""

from __future__ import annotations

import numpy as np
import pytest

from errorscape.surfaces import SURFACES

ALL = [pytest.param(s, id=s.id) for s in SURFACES.values()]


def points_in(surface, n: int = 200, grow: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` uniform random points in the surface's domain grown by ``grow`` of its size on every side."""
    rng = np.random.default_rng(seed)
    (x0, x1), (y0, y1) = surface.domain.x, surface.domain.y
    px, py = grow * (x1 - x0), grow * (y1 - y0)
    return rng.uniform(x0 - px, x1 + px, n), rng.uniform(y0 - py, y1 + py, n)


def listed_points(surface) -> list[tuple[float, float, str]]:
    """Every point the surface lists, global minima with kind "minimum"."""
    return [(x, y, "minimum") for x, y in surface.minima] + [(c.x, c.y, c.kind) for c in surface.critical_points]


def hessian_matrix(surface, x: float, y: float) -> np.ndarray:
    hxx, hxy, hyy = (float(v) for v in surface.hess(x, y))
    return np.array([[hxx, hxy], [hxy, hyy]])


def structured_points(surface) -> tuple[np.ndarray, np.ndarray]:
    """A grid of the points people and plots hit, not random ones: the plot's grid (odd, so it holds the
    centre), both axes, the integers, every listed point, the corners, and subnormal offsets from zero."""
    (x0, x1), (y0, y1) = surface.domain.x, surface.domain.y
    listed = listed_points(surface)

    def axis(lo: float, hi: float, coordinates: list[float]) -> np.ndarray:
        special = [0.0, lo, hi, -1e-300, 1e-300, 5e-324]
        return np.unique(np.concatenate([np.linspace(lo, hi, 41), special, np.arange(np.ceil(lo), np.floor(hi) + 1),
                                         coordinates]))

    xs = axis(x0, x1, [p[0] for p in listed])
    ys = axis(y0, y1, [p[1] for p in listed])
    x, y = np.meshgrid(xs, ys)
    return x.ravel(), y.ravel()
