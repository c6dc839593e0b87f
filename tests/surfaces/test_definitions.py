"""Each surface is the textbook function (or the real network's loss), and its derivatives are torch's.

The references in ``reference.py`` are written independently of errorscape/surfaces; torch's autograd
differentiates them, so the analytic gradients and Hessians are checked against a second,
independent derivation (on top of the central differences in test_derivatives.py).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from errorscape.surfaces import SURFACES

from . import reference
from .sampling import points_in

CLASSIC = [pytest.param(SURFACES[i], reference.CLASSIC[i], id=i) for i in reference.CLASSIC]
NETWORKS = [pytest.param(SURFACES[i], id=i) for i in reference.MODELS]


def test_every_surface_has_a_reference():
    assert set(SURFACES) == set(reference.CLASSIC) | set(reference.MODELS)


def _torch_derivatives(fn, x: np.ndarray, y: np.ndarray):
    """Value, gradient and Hessian entries of fn at each point, by torch autograd in float64."""
    tx = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    ty = torch.tensor(y, dtype=torch.float64, requires_grad=True)
    value = fn(tx, ty)
    gx, gy = torch.autograd.grad(value.sum(), (tx, ty), create_graph=True)
    # separable surfaces have no cross term: autograd then reports the y-input "unused"
    hxx, hxy = torch.autograd.grad(gx.sum(), (tx, ty), retain_graph=True, allow_unused=True, materialize_grads=True)
    (hyy,) = torch.autograd.grad(gy.sum(), (ty,), allow_unused=True, materialize_grads=True)
    return [t.detach().numpy() for t in (value, gx, gy, hxx, hxy, hyy)]


def _ours(surface, x, y):
    return [surface.f(x, y), *surface.grad(x, y), *surface.hess(x, y)]


def _assert_same(ours, theirs, names):
    for name, a, b in zip(names, ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9 * (1 + np.max(np.abs(b))), err_msg=name)


NAMES = ["f", "∂x", "∂y", "∂xx", "∂xy", "∂yy"]


@pytest.mark.parametrize("surface, definition", CLASSIC)
def test_classic_surface_matches_its_definition_and_autograd(surface, definition):
    x, y = points_in(surface, n=200, grow=0.1, seed=2)
    np.testing.assert_allclose(surface.f(x, y), definition(x, y, np), rtol=1e-12, atol=1e-12)
    theirs = _torch_derivatives(lambda a, b: definition(a, b, torch), x, y)
    _assert_same(_ours(surface, x, y), theirs, NAMES)


@pytest.mark.parametrize("surface", NETWORKS)
def test_network_surface_is_the_models_mean_loss_and_autograd_agrees(surface):
    data_x = torch.tensor(surface.extra["x"], dtype=torch.float64)
    data_y = torch.tensor(surface.extra["y"], dtype=torch.float64)

    def loss(w1, w2):  # one loss per weight point: the data run along a trailing axis
        return reference.network_loss(surface.id, w1[:, None], w2[:, None], data_x, data_y, torch)

    x, y = points_in(surface, n=200, grow=0.1, seed=3)
    _assert_same(_ours(surface, x, y), _torch_derivatives(loss, x, y), NAMES)
