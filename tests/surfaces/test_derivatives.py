"""Every gradient and Hessian against central differences, in the domain and a little beyond it."""

from __future__ import annotations

import numpy as np
import pytest

from .sampling import ALL, points_in

H = 1e-5  # central differences: truncation error ~H², rounding ~eps·|f|/H


def _central(fn, x, y, h):
    """Central differences of each output of ``fn`` along x and along y."""
    along_x = [(a - b) / (2 * h) for a, b in zip(fn(x + h, y), fn(x - h, y))]
    along_y = [(a - b) / (2 * h) for a, b in zip(fn(x, y + h), fn(x, y - h))]
    return along_x, along_y


def _assert_close(exact, estimate, scale, what):
    """Agreement to ~1e-6 relative, allowing for rounding in the differenced values (``scale``)."""
    exact, estimate = np.asarray(exact), np.asarray(estimate)
    tolerance = 1e-6 * (1 + np.abs(exact)) + 1e-13 * scale / H
    bad = np.abs(exact - estimate) > tolerance
    assert not bad.any(), f"{what}: worst |error| {np.max(np.abs(exact - estimate)[bad]):.3g} at {np.argmax(bad)}"


@pytest.mark.parametrize("surface", ALL)
def test_gradient_matches_central_differences(surface):
    x, y = points_in(surface, n=300, grow=0.1)
    (fx,), (fy,) = _central(lambda a, b: (surface.f(a, b),), x, y, H)
    gx, gy = surface.grad(x, y)
    scale = np.abs(surface.f(x, y)) + 1
    _assert_close(gx, fx, scale, f"{surface.id} ∂f/∂x")
    _assert_close(gy, fy, scale, f"{surface.id} ∂f/∂y")


@pytest.mark.parametrize("surface", ALL)
def test_hessian_matches_central_differences_of_gradient(surface):
    x, y = points_in(surface, n=300, grow=0.1, seed=1)
    (gxx, gyx), (gxy, gyy) = _central(surface.grad, x, y, H)
    hxx, hxy, hyy = surface.hess(x, y)
    gx, gy = surface.grad(x, y)
    scale = np.abs(gx) + np.abs(gy) + 1
    _assert_close(hxx, gxx, scale, f"{surface.id} ∂²f/∂x²")
    _assert_close(hyy, gyy, scale, f"{surface.id} ∂²f/∂y²")
    _assert_close(hxy, gxy, scale, f"{surface.id} ∂²f/∂x∂y (from ∂f/∂y)")
    _assert_close(hxy, gyx, scale, f"{surface.id} ∂²f/∂y∂x (from ∂f/∂x)")
