"""Every listed point is a critical point of its kind, and the global minima are global and known."""

from __future__ import annotations

import math

import numpy as np
import pytest

from errorscape.surfaces import SURFACES

from .sampling import ALL, hessian_matrix, listed_points

# Published (or independently recomputed, see docs/surfaces.md) global minimum values.
GLOBAL_MINIMUM = {
    "bowl": 0.0,
    "elliptic-bowl": 0.0,
    "plateau": 0.0,
    "rosenbrock": 0.0,
    "himmelblau": 0.0,
    "beale": 0.0,
    "booth": 0.0,
    "matyas": 0.0,
    "goldstein-price": 3.0,
    "six-hump-camel": -1.0316284534898774,
    "three-hump-camel": 0.0,
    "styblinski-tang": -78.33233140754282,
    "rastrigin": 0.0,
    "ackley": 0.0,
    "levy": 0.0,
    "easom": -1.0,
    "tanh-net": 0.0,
    "tanh-pair": 0.0,
}

# Other published values: (surface, x, y) -> f, to 4-6 significant digits as published.
PUBLISHED = [
    ("himmelblau", 3.3852, 0.0739, 13.312),
    ("himmelblau", 0.0867, 2.8843, 67.719),
    ("himmelblau", -3.0730, -0.0814, 104.015),
    ("himmelblau", -0.1280, -1.9537, 178.337),
    ("himmelblau", -0.270845, -0.923039, 181.6165),
    ("beale", 0.0, 1.0, 14.203125),
    ("beale", 0.100538, -2.644514, 9.8645),
    ("goldstein-price", -0.6, -0.4, 30.0),
    ("goldstein-price", 1.8, 0.2, 84.0),
    ("goldstein-price", 1.2, 0.8, 840.0),
    ("goldstein-price", 0.8, 0.2, 1155.0),
    ("six-hump-camel", 1.703607, -0.796084, -0.21546),
    ("six-hump-camel", 1.607105, 0.568651, 2.10425),
    ("three-hump-camel", 1.747552, -0.873776, 0.298638),
]


def _signature_matches(kind: str, eigenvalues: np.ndarray, on_a_valley_of_minima: bool) -> bool:
    low, high = eigenvalues
    tol = 1e-7 * max(1.0, abs(low), abs(high))
    if kind in ("minimum", "local-minimum"):
        if on_a_valley_of_minima:  # flat along the valley, curved across it
            return abs(low) <= tol and high > tol
        return low > tol
    if kind == "saddle":
        return low < -tol and high > tol
    if kind == "maximum":
        return high < -tol
    if kind == "degenerate":
        return min(abs(low), abs(high)) <= tol
    raise AssertionError(f"unknown kind {kind}")


@pytest.mark.parametrize("surface", ALL)
def test_listed_points_are_critical_points_of_their_kind(surface):
    valley = "minima_manifold" in surface.extra
    for x, y, kind in listed_points(surface):
        gradient = np.array([float(g) for g in surface.grad(x, y)])
        hessian = hessian_matrix(surface, x, y)
        eigenvalues = np.linalg.eigvalsh(hessian)
        on_valley = valley and kind == "minimum"
        assert _signature_matches(kind, eigenvalues, on_valley), (surface.id, x, y, kind, eigenvalues)
        if np.min(np.abs(eigenvalues)) > 1e-7 * np.max(np.abs(eigenvalues)):
            # non-degenerate: the Newton step is the distance to the exact critical point
            assert np.linalg.norm(np.linalg.solve(hessian, gradient)) < 1e-10, (surface.id, x, y, kind)
        else:
            assert np.linalg.norm(gradient) < 1e-12, (surface.id, x, y, kind)


@pytest.mark.parametrize("surface", ALL)
def test_listed_points_are_distinct_and_inside_the_domain(surface):
    points = [(x, y) for x, y, _ in listed_points(surface)]
    assert len(points) == len({(round(x, 6), round(y, 6)) for x, y in points}), surface.id
    for x, y in points:
        assert surface.domain.contains(np.float64(x), np.float64(y)), (surface.id, x, y)


@pytest.mark.parametrize("surface_id", sorted(GLOBAL_MINIMUM))
def test_global_minimum_value_is_the_known_one(surface_id):
    surface = SURFACES[surface_id]
    assert surface.minima
    for x, y in surface.minima:
        assert float(surface.f(x, y)) == pytest.approx(GLOBAL_MINIMUM[surface_id], abs=1e-12, rel=1e-12)


@pytest.mark.parametrize("surface", ALL)
def test_global_minima_are_lowest_on_a_fine_grid_of_the_domain(surface):
    if not surface.minima:  # the saddles are unbounded below
        assert surface.id in ("saddle", "monkey-saddle")
        return
    lowest = min(float(surface.f(x, y)) for x, y in surface.minima)
    xs, ys = np.linspace(*surface.domain.x, 301), np.linspace(*surface.domain.y, 301)
    grid = surface.f(*np.meshgrid(xs, ys))
    assert grid.min() >= lowest - 1e-12 * max(1.0, abs(lowest))
    for x, y, _ in listed_points(surface):
        assert float(surface.f(x, y)) >= lowest - 1e-12 * max(1.0, abs(lowest))


@pytest.mark.parametrize("surface_id, x, y, value", PUBLISHED)
def test_published_critical_values(surface_id, x, y, value):
    surface = SURFACES[surface_id]
    nearest = min(listed_points(surface), key=lambda p: math.hypot(p[0] - x, p[1] - y))
    assert math.hypot(nearest[0] - x, nearest[1] - y) < 1e-3
    assert float(surface.f(nearest[0], nearest[1])) == pytest.approx(value, rel=1e-5, abs=1e-4)


def test_named_facts_from_the_teaching_reference():
    eig = np.linalg.eigvalsh(hessian_matrix(SURFACES["rosenbrock"], 1.0, 1.0))
    assert eig == pytest.approx([0.39936, 1001.6], rel=1e-4)
    assert np.linalg.eigvalsh(hessian_matrix(SURFACES["matyas"], 0.0, 0.0)) == pytest.approx([0.04, 1.0])
    assert np.linalg.eigvalsh(hessian_matrix(SURFACES["elliptic-bowl"], 0.3, -2.0)) == pytest.approx([1.0, 25.0])
    assert np.hypot(*SURFACES["easom"].grad(0.0, 0.0)) < 1e-7  # the plain around the needle is flat
    assert len(SURFACES["rastrigin"].critical_points) == 120  # plus the global minimum: 121 minima
    assert np.all(hessian_matrix(SURFACES["monkey-saddle"], 0.0, 0.0) == 0.0)
