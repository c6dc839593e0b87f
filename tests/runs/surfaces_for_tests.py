"""Tiny surfaces defined here so the engine's tests do not depend on the catalogue's contents."""

import numpy as np

from errorscape.surfaces.base import Domain, Surface


def _const(x, c):
    return np.full(np.shape(x), c, dtype=float)


BOWL = Surface(
    id="t-bowl", name="bowl", description="", domain=Domain((-3.0, 3.0), (-3.0, 3.0)),
    f=lambda x, y: x * x + y * y, grad=lambda x, y: (2 * x, 2 * y),
    hess=lambda x, y: (_const(x, 2.0), _const(x, 0.0), _const(x, 2.0)), start=(2.5, 2.0),
)
SADDLE = Surface(
    id="t-saddle", name="saddle", description="", domain=Domain((-2.0, 2.0), (-2.0, 2.0)),
    f=lambda x, y: x * x - y * y, grad=lambda x, y: (2 * x, -2 * y),
    hess=lambda x, y: (_const(x, 2.0), _const(x, 0.0), _const(x, -2.0)), start=(1.5, 0.0),
)
