"""The network surfaces are real models on real seeded data, with the textbook landscape features."""

from __future__ import annotations

import numpy as np
import pytest

from errorscape.surfaces import SURFACES
from errorscape.surfaces.datasets import coin_flips, noisy_line

from .sampling import hessian_matrix, points_in

NETWORKS = [s for s in SURFACES.values() if s.category == "network"]


@pytest.mark.parametrize("surface", NETWORKS, ids=lambda s: s.id)
def test_dataset_is_published_with_its_recipe(surface):
    extra = surface.extra
    assert extra["n"] == len(extra["x"]) == len(extra["y"]) == 40
    assert extra["x"] == np.linspace(-2, 2, 40).tolist()
    assert extra["data"].startswith("x = linspace(−2, 2, 40)")
    assert extra["seed"] is None or f"default_rng({extra['seed']})" in extra["data"]


def test_seeded_datasets_are_reproducible():
    assert noisy_line(1.5, 0.5, 0).y.tolist() == SURFACES["deep-linear"].extra["y"]
    assert coin_flips(3.0, -1.0, 0).y.tolist() == SURFACES["sigmoid-neuron"].extra["y"]
    assert SURFACES["logistic-regression"].extra["y"] == SURFACES["sigmoid-neuron"].extra["y"]
    labels = np.array(SURFACES["sigmoid-neuron"].extra["y"])
    assert set(labels) == {0.0, 1.0} and 0 < labels[:20].sum() and labels[20:].sum() < 20  # overlapping classes


def test_tanh_net_saddle_flat_axes_and_sign_symmetry():
    s = SURFACES["tanh-net"]
    mean_square = np.mean(np.square(s.extra["y"]))
    assert mean_square == pytest.approx(2.7055, abs=1e-4)
    axis = np.linspace(-4, 4, 9)
    np.testing.assert_allclose(s.f(axis, 0 * axis), mean_square, rtol=1e-15)  # w₂ = 0: the output is 0
    np.testing.assert_allclose(s.f(0 * axis, axis), mean_square, rtol=1e-15)  # w₁ = 0: tanh(0) = 0
    assert np.linalg.eigvalsh(hessian_matrix(s, 0.0, 0.0)) == pytest.approx([-3.7519, 3.7519], abs=1e-4)
    x, y = points_in(s, n=50)
    np.testing.assert_allclose(s.f(x, y), s.f(-x, -y), rtol=1e-14)


def test_tanh_pair_is_symmetric_under_swapping_the_units():
    s = SURFACES["tanh-pair"]
    x, y = points_in(s, n=50)
    np.testing.assert_allclose(s.f(x, y), s.f(y, x), rtol=1e-14)
    (saddle,) = s.critical_points
    assert saddle.x == pytest.approx(saddle.y, abs=1e-12) and saddle.x == pytest.approx(0.0531, abs=1e-4)


def test_deep_linear_has_a_hyperbola_of_minima_and_a_strict_saddle():
    s = SURFACES["deep-linear"]
    data_x, data_y = np.array(s.extra["x"]), np.array(s.extra["y"])
    product = np.mean(data_x * data_y) / np.mean(data_x**2)
    assert s.extra["product"] == pytest.approx(product, rel=1e-15)
    w1 = np.linspace(0.3, 3.0, 10)
    along = s.f(w1, product / w1)
    np.testing.assert_allclose(along, s.f(*s.minima[0]), rtol=1e-12)
    gx, gy = s.grad(w1, product / w1)
    assert np.max(np.hypot(gx, gy)) < 1e-12
    sxy = np.mean(data_x * data_y)
    assert np.linalg.eigvalsh(hessian_matrix(s, 0.0, 0.0)) == pytest.approx([-2 * sxy, 2 * sxy], rel=1e-12)


def test_squared_error_saturates_where_cross_entropy_does_not():
    mse, ce = SURFACES["sigmoid-neuron"], SURFACES["logistic-regression"]
    start = mse.start
    assert start == ce.start
    assert np.hypot(*mse.grad(*start)) < 0.01
    assert np.hypot(*ce.grad(*start)) > 50 * np.hypot(*mse.grad(*start))
    x, y = points_in(ce, n=200, grow=0.1)
    hxx, hxy, hyy = ce.hess(x, y)
    assert np.all(hxx >= 0) and np.all(hxx * hyy - hxy * hxy >= -1e-12)  # convex everywhere
