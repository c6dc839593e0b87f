"""A real network's landscape: exact derivatives, the slice's minimum at the trained weights, the interpolation."""

import numpy as np
import pytest

from errorscape.surfaces import mlp, mlp_slice as landscape
from tests.lessons.helpers import classify, ends, run_json, view


@pytest.fixture(scope="module")
def trained():
    return landscape.trained()


def test_backprop_matches_central_differences(trained):
    rng = np.random.default_rng(5)
    thetas = 0.5 * rng.standard_normal((2, mlp.N_PARAMS))
    g = mlp.gradient(thetas, trained.x, trained.y, landscape.DECAY)
    for k in rng.choice(mlp.N_PARAMS, 12, replace=False):
        e = np.zeros(mlp.N_PARAMS)
        e[k] = 1e-6
        fd = (mlp.loss(thetas + e, trained.x, trained.y, landscape.DECAY)
              - mlp.loss(thetas - e, trained.x, trained.y, landscape.DECAY)) / 2e-6
        assert np.allclose(g[:, k], fd, rtol=1e-6, atol=1e-9)


def test_slice_gradient_is_the_projected_gradient_and_hessian_is_exact(trained):
    a, b = np.array([0.3, -0.7, 0.0]), np.array([-0.2, 0.4, 0.0])
    v, ga, gb, haa, hab, hbb = trained.jet(a, b)
    thetas = trained.theta + a[:, None] * trained.delta + b[:, None] * trained.eta
    full = mlp.gradient(thetas, trained.x, trained.y, landscape.DECAY)
    assert np.allclose(v, trained.slice_values(a, b), rtol=1e-13)
    assert np.allclose(ga, full @ trained.delta, rtol=1e-10) and np.allclose(gb, full @ trained.eta, rtol=1e-10)
    e = 1e-5
    plus, minus = trained.jet(a + e, b), trained.jet(a - e, b)
    assert np.allclose(haa, (plus[1] - minus[1]) / (2 * e), rtol=1e-6, atol=1e-8)
    assert np.allclose(hab, (plus[2] - minus[2]) / (2 * e), rtol=1e-6, atol=1e-8)
    plus, minus = trained.jet(a, b + e), trained.jet(a, b - e)
    assert np.allclose(hbb, (plus[2] - minus[2]) / (2 * e), rtol=1e-6, atol=1e-8)


def test_filter_normalised_directions(trained):
    for d in (trained.delta, trained.eta):
        for (w_d, b_d), (w_t, _) in zip(mlp.unpack(d[None]), mlp.unpack(trained.theta[None])):
            assert np.allclose(np.linalg.norm(w_d, axis=1), np.linalg.norm(w_t, axis=1))
            assert not b_d.any()


def test_training_reaches_a_minimum(trained):
    assert trained.grad_norm < 1e-3
    assert mlp.accuracy(trained.theta[None], trained.x, trained.y)[0] >= 0.97


def test_the_slice_has_its_minimum_at_the_trained_weights(client):
    got = client.get("/api/lessons/landscape/slice?n=41").json()
    z = np.array(got["z"])
    assert z.shape == (41, 41)
    assert (got["grid_minimum"]["x"], got["grid_minimum"]["y"]) == (0.0, 0.0)
    assert got["centre_loss"] == z[20, 20] == got["grid_minimum"]["z"]
    assert got["network"]["parameters"] == 337 and got["network"]["layers"] == [2, 16, 16, 1]
    surface = client.get("/api/surfaces/mlp-slice").json()
    (minimum,) = surface["minima"]
    assert abs(minimum["x"]) < 1e-3 and abs(minimum["y"]) < 1e-3  # the polished slice minimum
    at = classify(client, "mlp-slice", minimum["x"], minimum["y"])
    assert at["critical"] and at["verdict"] == "minimum"


def test_optimizers_run_on_the_slice_and_find_its_bottom(client):
    adam, sgd = ends(run_json(client, view("real-landscape", "slice"), every=300))
    for run in (adam, sgd):
        assert np.hypot(run["x"], run["y"]) < 0.01
    assert adam["reason"] == "converged"


def test_interpolation_falls_from_initial_to_trained_and_rises_beyond(client):
    got = client.get("/api/lessons/landscape/interpolation?n=81").json()
    alpha, loss = np.array(got["alpha"]), np.array(got["loss"])
    assert alpha[0] == -0.5 and alpha[-1] == 1.5 and len(loss) == 81
    i0, i1 = 20, 60  # α = 0 and α = 1
    assert alpha[i0] == 0 and alpha[i1] == 1
    assert loss[i0] == pytest.approx(got["initial_loss"]) and loss[i1] == pytest.approx(got["trained_loss"])
    assert np.argmin(loss) == i1  # the trained weights are the best point on the line
    assert np.all(np.diff(loss[i0 + 4 : i1 + 1]) < 0)  # a smooth monotone descent towards them
    assert loss[-1] > loss[i1] and got["accuracy"][i1] >= 0.97


def test_bounds(client):
    for url, param in [("/api/lessons/landscape/slice?n=102", "n"), ("/api/lessons/landscape/slice?span=0", "span"),
                       ("/api/lessons/landscape/interpolation?n=1", "n")]:
        r = client.get(url)
        assert r.status_code == 422 and r.json()["errors"][0]["param"] == param


def test_the_costly_slice_has_smaller_run_budgets(client):
    r = client.get("/api/runs?surface=mlp-slice&optimizer=sgd&restarts=100&steps=1000")
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "steps" and "costly" in r.json()["detail"]
    r = client.get("/api/lessons/basins?surface=mlp-slice&optimizer=sgd&n=150")
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "n"
    got = client.get("/api/lessons/basins?surface=mlp-slice&optimizer=adam&lr=0.05&n=8&steps=100").json()
    assert got["destinations"][0]["known"] and got["shares"][0] > 0.5  # most of the slice drains to θ*
