"""High dimensionality: N-dimensional objectives, runs and slices, critical-point counts, the curse in numbers."""

import math
from urllib.parse import urlencode

import numpy as np
import pytest

from errorscape.lessons.counting import styblinski_tang_counts
from errorscape.surfaces.ndim import objective


def get(client, path, **query):
    r = client.get(f"/api/lessons/highdim/{path}?" + urlencode(query))
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize("name,dim", [("rastrigin", 7), ("styblinski-tang", 5), ("random", 4)])
def test_gradient_and_hessian_are_exact(name, dim):
    f = objective(name, dim, seed=3)
    p = np.random.default_rng(0).uniform(-2, 2, (3, dim))
    eps = 1e-6
    eye = np.eye(dim) * eps
    fd_grad = np.stack([(f.value(p + e) - f.value(p - e)) / (2 * eps) for e in eye], axis=1)
    fd_hess = np.stack([(f.gradient(p + e) - f.gradient(p - e)) / (2 * eps) for e in eye], axis=1)
    assert np.allclose(f.gradient(p), fd_grad, rtol=1e-6, atol=1e-6)
    assert np.allclose(f.hessian(p), fd_hess, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name,dim", [("random", 2), ("random", 300), ("random", 1000), ("rastrigin", 50)])
def test_plane_values_are_the_objective_on_the_plane(name, dim):
    f = objective(name, dim, seed=1)
    rng = np.random.default_rng(dim)
    centre, u, v = rng.uniform(-2, 2, (3, dim))
    a, b = rng.uniform(-1, 1, (2, 300))
    expected = f.value(centre[None] + a[:, None] * u + b[:, None] * v)
    assert np.allclose(f.plane_values(centre, u, v, a, b), expected, rtol=1e-12, atol=1e-12)
    # the plane's origin is the point itself, evaluated exactly as a one-row run evaluates it
    zero = np.zeros(1)
    assert f.plane_values(centre, u, v, zero, zero)[0] == f.value(centre[None])[0]


def test_known_minima():
    assert objective("rastrigin", 1000).value(np.zeros((1, 1000)))[0] == 0.0
    st = objective("styblinski-tang", 10)
    best = np.full((1, 10), -2.903534027771177)
    assert st.value(best)[0] == pytest.approx(-39.16616570377142 * 10, rel=1e-12)
    assert np.abs(st.gradient(best)).max() < 1e-12


@pytest.mark.parametrize("dim", [2, 10, 100, 1000])
def test_runs_in_any_dimension_with_loss_and_gradient_norm(client, dim):
    got = get(client, "run", objective="rastrigin", dim=dim, optimizer="adam", lr=0.05, steps=300)
    frames = got["frames"]
    assert got["dim"] == dim and len(frames["loss"]) == len(frames["grad_norm"]) == len(frames["step"])
    assert frames["loss"][-1] < 0.6 * frames["loss"][0]
    assert got["done"]["reason"] in ("converged", "completed")
    if dim <= 200 and got["done"]["reason"] == "converged":
        assert got["done"]["verdict"] == "minimum" and got["done"]["index"] == 0


def test_a_saddle_run_reports_its_index(client):
    """Newton in 6 dimensions from a random start lands on some critical point and says which kind."""
    got = get(client, "run", objective="styblinski-tang", dim=6, optimizer="newton", lr=1.0, steps=100, seed=4)
    done = got["done"]
    assert done["critical"] and 0 <= done["index"] <= 6
    assert done["verdict"] == {0: "minimum", 6: "maximum"}.get(done["index"], "saddle")


@pytest.mark.parametrize("objective_,dim,plane,n,span", [
    ("random", 300, "random", 21, None), ("random", 1000, "coordinates", 41, 0.7), ("rastrigin", 50, "random", 15, 1.3)])
def test_the_slice_passes_through_the_current_point(client, objective_, dim, plane, n, span):
    """The grid's middle is the run's point, with the run's loss to the last bit, at every step asked for."""
    query = dict(objective=objective_, dim=dim, optimizer="sgd", lr=0.02, steps=200, n=n, plane=plane,
                 **({"span": span} if span else {}))
    run = get(client, "run", **{k: v for k, v in query.items() if k not in ("n", "plane", "span")})
    for at in (0, 50, 199):
        got = get(client, "slice", **query, at=at)
        z = np.array(got["z"])
        assert z.shape == (n, n) and got["step"] == at and got["a"][n // 2] == got["b"][n // 2] == 0.0
        assert z[n // 2, n // 2] == got["centre_loss"] == run["frames"]["loss"][at]
        path = got["path"]
        assert len(path["a"]) == at + 1 and path["a"][-1] == 0.0 and path["loss"] == run["frames"]["loss"][:at + 1]


def test_a_coordinate_slice_of_rastrigin_shows_its_bumps(client):
    got = get(client, "slice", objective="rastrigin", dim=50, optimizer="sgd", lr=0.001, steps=1, plane="coordinates",
              i=3, j=7, n=41, span=2.0)
    z = np.array(got["z"])
    # along one coordinate, Rastrigin's cosine gives a minimum or maximum every half unit: many sign changes
    row = np.diff(z[20])
    assert (np.diff(np.sign(row)) != 0).sum() >= 6


@pytest.mark.parametrize("query,param", [
    ("dim=1", "dim"), ("dim=10001", "dim"), ("objective=random&dim=3000", "dim"), ("optimizer=newton&dim=500", "optimizer"),
    ("objective=random&dim=2000&steps=1000", "steps"), ("objective=nope", "objective"), ("lr=0", "lr"),
])
def test_bad_input_names_the_parameter(client, query, param):
    r = client.get(f"/api/lessons/highdim/run?{query}")
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["param"] == param


def test_slice_input_errors(client):
    r = client.get("/api/lessons/highdim/slice?dim=5&plane=coordinates&i=2&j=2")
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "j"
    r = client.get("/api/lessons/highdim/slice?dim=5&plane=coordinates&i=9&j=2")
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "i"
    r = client.get("/api/lessons/highdim/slice?dim=5&steps=10&at=11")
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "at"


@pytest.mark.parametrize("dim", [1, 2, 3, 7])
def test_styblinski_tang_counts_are_exact(dim):
    row = styblinski_tang_counts(dim)
    assert row["critical_points"]["exact"] == str(3**dim) and row["minima"]["exact"] == str(2**dim)
    counts = [int(r["count"]["exact"]) for r in row["by_index"]]
    assert counts == [math.comb(dim, k) * 2 ** (dim - k) for k in range(dim + 1)] and sum(counts) == 3**dim
    assert row["share_minima"] == pytest.approx((2 / 3) ** dim, rel=1e-12)


def test_styblinski_tang_counts_match_a_brute_force_census():
    """Every combination of the 1-D critical points is a critical point; its index is its number of maxima."""
    f = objective("styblinski-tang", 3)
    roots = np.roots([2.0, 0.0, -16.0, 2.5])  # g′(t) = 2t³ − 16t + 2.5
    grid = np.array(np.meshgrid(*[roots.real] * 3)).reshape(3, -1).T
    assert np.abs(f.gradient(grid)).max() < 1e-9
    index = (np.linalg.eigvalsh(f.hessian(grid)) < 0).sum(axis=1)
    assert np.bincount(index).tolist() == [int(r["count"]["exact"]) for r in styblinski_tang_counts(3)["by_index"]]


def test_critical_point_table_big_numbers_and_random_census(client):
    got = get(client, "critical-points", max_dim=1000, mc_max_dim=2, starts=300, samples=4000)
    last = got["styblinski_tang"][-1]
    assert last["dim"] == 1000 and last["critical_points"]["exact"] == str(3**1000)
    assert last["critical_points"]["log10"] == pytest.approx(1000 * math.log10(3))
    assert last["share_minima"] == pytest.approx(10 ** (1000 * math.log10(2 / 3)), rel=1e-9)
    assert "by_index" not in last
    one, two = got["random"]
    assert one["share_minima"] == pytest.approx(0.5, abs=0.1)  # in 1-D, minima and maxima alternate
    assert two["share_minima"] == pytest.approx(0.25, abs=0.08)  # reference (Kac-Rice): 0.248
    assert two["kac_rice_share"] == pytest.approx(0.25, abs=0.08)
    assert sum(r["count"] for r in two["by_index"]) == two["critical_points"] > 50


def test_curse_of_dimensionality_in_numbers(client):
    rows = {r["dim"]: r for r in get(client, "curse")["rows"]}
    assert rows[2]["ball_to_cube"] == pytest.approx(math.pi / 4)
    assert rows[10]["ball_to_cube"] == pytest.approx(2.49e-3, rel=0.01)  # reference: 2.5e−3
    assert rows[100]["ball_to_cube"] == pytest.approx(1.87e-70, rel=0.01)  # reference: 1.9e−70
    assert rows[1000]["ball_to_cube"] == 0.0 and rows[1000]["ball_to_cube_log10"] < -700
    assert rows[3]["grid_points"]["exact"] == str(100**3) and rows[1000]["grid_points"]["log10"] == 2000
    assert rows[1]["near_surface_share"] == pytest.approx(0.02) and rows[1000]["near_surface_share"] > 0.9999
    assert rows[100]["random_cosine_std"] == 0.1


def test_objectives_are_listed(client):
    got = client.get("/api/lessons/highdim/objectives").json()
    assert [o["id"] for o in got] == ["rastrigin", "styblinski-tang", "random"]
