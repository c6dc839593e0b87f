"""Heights on a regular grid, in Plotly's layout, for drawing a surface."""

from __future__ import annotations

from typing import Callable

import numpy as np


def grid_values(f: Callable, n: int, x: tuple[float, float], y: tuple[float, float]) -> dict:
    """{x, y, z} with z[i][j] = f(x[j], y[i]) (Plotly's convention); non-finite heights become null (gaps).

    ``f`` is a height function of two arrays, such as ``Surface.f``.
    """
    xs = np.linspace(x[0], x[1], n)
    ys = np.linspace(y[0], y[1], n)
    with np.errstate(all="ignore"):
        z = np.asarray(f(*np.meshgrid(xs, ys)), dtype=np.float64)
    finite = np.isfinite(z)
    z_list = z.tolist() if finite.all() else np.where(finite, z, None).tolist()
    return {"x": xs.tolist(), "y": ys.tolist(), "z": z_list}
