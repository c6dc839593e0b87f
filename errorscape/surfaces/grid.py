"""Heights on a regular grid, in Plotly's layout, for drawing a surface."""

from __future__ import annotations

from typing import Callable

import numpy as np


def grid_arrays(f: Callable, n: int, x: tuple[float, float], y: tuple[float, float]):
    """``xs, ys, z`` with z[i, j] = f(xs[j], ys[i]) (Plotly's convention) and NaN where f is not finite.

    ``f`` is a height function of two arrays, such as ``Surface.f``.
    """
    xs = np.linspace(x[0], x[1], n)
    ys = np.linspace(y[0], y[1], n)
    with np.errstate(all="ignore"):
        z = np.asarray(f(*np.meshgrid(xs, ys)), dtype=np.float64)
    return xs, ys, np.where(np.isfinite(z), z, np.nan)


def grid_values(f: Callable, n: int, x: tuple[float, float], y: tuple[float, float]) -> dict:
    """The same grid for JSON: {x, y, z} as lists, non-finite heights as null (gaps in the plot)."""
    xs, ys, z = grid_arrays(f, n, x, y)
    finite = np.isfinite(z)
    z_list = z.tolist() if finite.all() else np.where(finite, z, None).tolist()
    return {"x": xs.tolist(), "y": ys.tolist(), "z": z_list}
