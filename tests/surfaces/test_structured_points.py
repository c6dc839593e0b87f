"""Every built-in surface is finite, with its gradient and Hessian, on the points people and grids hit.

Random points almost never land on an axis or an exact zero; grids, default starts and typed
coordinates do all the time. So the grid here is structured: the plot's own grid (odd, so it holds the
centre), both axes, the integers, every listed minimum and critical point, and the domain's corners.
"""

from __future__ import annotations

import numpy as np
import pytest

from .sampling import ALL, structured_points


@pytest.mark.parametrize("surface", ALL)
def test_value_gradient_and_hessian_are_finite_on_axes_zeros_and_listed_points(surface):
    x, y = structured_points(surface)
    assert ((x == 0) & (y == 0)).any() or not (surface.domain.x[0] <= 0 <= surface.domain.x[1])
    for name, values in [("value", [surface.f(x, y)]), ("gradient", surface.grad(x, y)), ("hessian", surface.hess(x, y))]:
        for component in values:
            bad = ~np.isfinite(np.broadcast_to(component, x.shape))
            assert not bad.any(), f"{surface.id}: {name} not finite at {list(zip(x[bad], y[bad]))[:5]}"
