"""GET /api/surfaces/{id}/classify: gradient, Hessian, eigen-decomposition and the verdict at a point."""

import numpy as np
import pytest

from errorscape.surfaces import SURFACES
from tests.lessons.helpers import classify

KIND = {"minimum": "minimum", "local-minimum": "minimum", "saddle": "saddle", "maximum": "maximum"}


@pytest.mark.parametrize("surface_id", ["himmelblau", "six-hump-camel", "styblinski-tang", "tanh-net"])
def test_every_listed_critical_point_gets_its_kind(client, surface_id):
    s = SURFACES[surface_id]
    points = [(x, y, "minimum") for x, y in s.minima] + [(c.x, c.y, c.kind) for c in s.critical_points]
    for x, y, kind in points:
        got = classify(client, surface_id, x, y)
        assert got["critical"], (x, y, got["gradient_norm"])
        assert got["verdict"] == KIND[kind], (x, y, got)


def test_the_tanh_network_saddle_in_numbers(client):
    got = classify(client, "tanh-net", 0, 0)
    assert got["verdict"] == "saddle" and got["index"] == 1 and got["gradient_norm"] == 0.0
    lo, hi = got["eigenvalues"]
    assert lo == pytest.approx(-3.75, abs=0.01) and hi == pytest.approx(3.75, abs=0.01) and lo == -hi
    assert "saddle" in got["sentence"].lower()


def test_eigenvectors_are_orthonormal_and_diagonalise_the_hessian(client):
    got = classify(client, "himmelblau", 1.0, 1.0)
    h, lam, vecs = np.array(got["hessian"]), np.array(got["eigenvalues"]), np.array(got["eigenvectors"])
    assert np.allclose(vecs @ vecs.T, np.eye(2))
    for value, vector in zip(lam, vecs):
        assert np.allclose(h @ vector, value * vector)
    assert got["hessian"] == [[-26.0, 8.0], [8.0, -10.0]]  # himmelblau's Hessian at (1, 1), by hand


def test_a_sloped_point_is_not_critical_but_its_curvature_is_reported(client):
    got = classify(client, "himmelblau", 1.0, 1.0)
    assert not got["critical"] and got["gradient"] == [-46.0, -38.0]
    assert got["verdict"] == "maximum" and got["sentence"].startswith("Not a critical point")


def test_flat_and_degenerate_points(client):
    monkey = classify(client, "monkey-saddle", 0, 0)
    assert monkey["critical"] and monkey["verdict"] == "saddle" and monkey["degenerate"]
    assert monkey["test"] == "higher-order" and monkey["eigenvalues"] == [0.0, 0.0]
    easom = classify(client, "easom", 0, 0, tol=1e-6)
    assert easom["critical"] and easom["verdict"] == "flat"
    valley = classify(client, "deep-linear", *SURFACES["deep-linear"].minima[0])
    # a valley of minima: nothing curves down, one direction is flat
    assert valley["verdict"] == "minimum" and valley["degenerate"] and "degenerate minimum" in valley["sentence"]


def test_a_custom_formula(client):
    got = classify(client, "custom", 0, 0, expr="x^2 - y^2")
    assert got["verdict"] == "saddle" and got["eigenvalues"] == [-2.0, 2.0]


@pytest.mark.parametrize("query,param,status", [
    ("y=0", "x", 422), ("x=0&y=1e400", "y", 422), ("x=0&y=0&tol=0", "tol", 422), ("x=0&y=0&bogus=1", "bogus", 422),
])
def test_bad_input_names_the_parameter(client, query, param, status):
    r = client.get(f"/api/surfaces/bowl/classify?{query}")
    assert r.status_code == status and r.json()["errors"][0]["param"] == param


def test_unknown_surface_is_404_with_the_choices(client):
    r = client.get("/api/surfaces/nope/classify?x=0&y=0")
    assert r.status_code == 404 and "himmelblau" in r.json()["detail"]


def test_beale_is_defined_on_its_axis_and_newton_runs_there(client):
    """Beale's k = 1 term once gave a 0·∞ Hessian on y = 0: "not defined" and a 'diverged' Newton run."""
    got = classify(client, "beale", 2, 0)
    assert got["defined"] and got["hessian"] is not None and got["verdict"] in ("minimum", "saddle", "maximum")
    r = client.get("/api/runs?surface=beale&optimizer=newton&lr=1&x0=2&y0=0&steps=50&format=json")
    assert r.status_code == 200, r.text
    run = r.json()["done"]["runs"][0]
    assert run["reason"] == "converged" and abs(run["x"] - 3) < 1e-9 and abs(run["y"] - 0.5) < 1e-9, run
