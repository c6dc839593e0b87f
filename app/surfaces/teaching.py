"""Teaching surfaces (placeholder: the surfaces work replaces this with the full set)."""

import numpy as np

from .base import Domain, Surface

bowl = Surface(
    id="bowl",
    name="Bowl",
    description="A convex bowl: one minimum, and every downhill path leads to it.",
    domain=Domain((-3.0, 3.0), (-3.0, 3.0)),
    f=lambda x, y: x * x + y * y,
    grad=lambda x, y: (2 * x, 2 * y),
    hess=lambda x, y: (np.full_like(np.asarray(x, float), 2.0), np.zeros_like(np.asarray(x, float)), np.full_like(np.asarray(x, float), 2.0)),
    minima=((0.0, 0.0),),
    start=(2.5, 2.0),
    category="teaching",
    formula="x^2 + y^2",
)

SURFACES = [bowl]
