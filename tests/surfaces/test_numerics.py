"""Shapes, dtypes and behaviour far outside the domain, where diverging optimizers end up."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from errorscape.surfaces import networks

from .sampling import ALL, points_in

FAR = [0.0, 1.0, -3.7, 1e3, -1e5, 1e10, -1e20, 1e100, -1e154, 1e200, 1e300, -1e308, 1.7e308]


@pytest.mark.parametrize("surface", ALL)
def test_far_outside_the_domain_there_are_no_warnings_and_no_nan_values(surface):
    x, y = (a.ravel() for a in np.meshgrid(FAR, FAR))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's floating-point warnings would raise here
        value = surface.f(x, y)
        surface.grad(x, y)
        surface.hess(x, y)
        surface.value(np.stack([x, y], -1)), surface.gradient(np.stack([x, y], -1))
    assert not np.isnan(value).any()  # finite, or inf where it overflowed: the runner's divergence signal


@pytest.mark.parametrize("surface", ALL)
def test_vectorised_over_any_shape(surface):
    x, y = points_in(surface, n=12)
    grid_x, grid_y = x.reshape(3, 4), y.reshape(3, 4)
    flat = [surface.f(x, y), *surface.grad(x, y), *surface.hess(x, y)]
    shaped = [surface.f(grid_x, grid_y), *surface.grad(grid_x, grid_y), *surface.hess(grid_x, grid_y)]
    for a, b in zip(flat, shaped):
        assert b.shape == (3, 4) and b.dtype == np.float64
        np.testing.assert_array_equal(a.reshape(3, 4), b)
    # broadcasting a column against a row gives the full grid, as np.meshgrid would
    outer = surface.f(x[:4, None], y[None, :3])
    assert outer.shape == (4, 3)
    assert outer[2, 1] == surface.f(x[2], y[1])
    # one point: 0-d results that float() accepts
    assert np.ndim(surface.f(1, 2)) == 0 and all(np.ndim(h) == 0 for h in surface.hess(1.0, 2.0))


@pytest.mark.parametrize("surface", ALL)
def test_objective_protocol_shapes(surface):
    x, y = points_in(surface, n=5)
    params = np.stack([x, y], axis=-1)
    assert surface.value(params).shape == (5,)
    np.testing.assert_array_equal(surface.gradient(params), np.stack(surface.grad(x, y), -1))
    assert surface.hessian(params).shape == (5, 2, 2)


def test_network_chunking_does_not_change_results(monkeypatch):
    surface = networks.SURFACES[1]
    x, y = np.meshgrid(np.linspace(-4, 4, 37), np.linspace(-4, 4, 23))
    whole = [surface.f(x, y), *surface.grad(x, y), *surface.hess(x, y)]
    monkeypatch.setattr(networks, "_CHUNK_ENTRIES", 7 * 40)  # 7 weight points per chunk, a ragged tail
    chunked = [surface.f(x, y), *surface.grad(x, y), *surface.hess(x, y)]
    for a, b in zip(whole, chunked):
        np.testing.assert_array_equal(a, b)
