"""SGD and noise: annealed noise escapes a local minimum; minibatch SGD sees a different surface each step."""

import numpy as np

from errorscape.lessons.minibatch import MinibatchPlan, batch_functions, batch_indices
from errorscape.surfaces import SURFACES
from tests.lessons.helpers import ends, run_json, view

LOCAL = (1.703607, -0.796084)  # the six-hump camel's local minimum next to the start (2.0, −1.0)


def test_plain_gradient_descent_is_stuck_in_the_local_minimum(client):
    gd, _ = ends(run_json(client, view("sgd-noise", "annealed-noise")))
    assert gd["reason"] == "converged" and np.hypot(gd["x"] - LOCAL[0], gd["y"] - LOCAL[1]) < 1e-4


def test_annealed_noise_escapes_to_a_global_minimum_for_most_seeds(client):
    v = view("sgd-noise", "annealed-noise")
    best = min(m["z"] for m in client.get("/api/surfaces/six-hump-camel").json()["minima"])
    escaped = []
    for seed in range(10):
        gd, noisy = ends(run_json(client, v, seed=seed, every=2000))
        assert gd["loss"] > -0.3  # the plain run is the same for every seed: no noise, same local minimum
        escaped.append(noisy["loss"] < best + 0.01)
    assert sum(escaped) >= 7, escaped


def test_minibatch_stream_adds_batch_facts_and_reports_full_data_loss(client):
    v = view("sgd-noise", "minibatch")
    result = run_json(client, v)
    start = result["start"]
    assert start["batch_size"] == 4 and start["dataset_size"] == 40
    surface = SURFACES["deep-linear"]
    for frame in result["frames"][::50]:
        p = np.array([[frame["x"][0], frame["y"][0]]])
        assert frame["loss"][0] == surface.value(p)[0]
    losses = [f["loss"][0] for f in result["frames"]]
    assert losses[-1] < 0.2 * losses[0]  # it learns...
    assert any(b > a for a, b in zip(losses, losses[1:]))  # ...but not monotonically: the batches disagree


def test_the_minibatch_surface_differs_from_the_full_one(client):
    got = client.get("/api/lessons/minibatch/grid?surface=deep-linear&batch_size=4&seed=0&step=3&n=40").json()
    assert len(got["batch"]) == 4 and got["batch"] == batch_indices(40, 4, 0, 3).tolist()
    assert got["max_abs_difference"] > 0.1
    other = client.get("/api/lessons/minibatch/grid?surface=deep-linear&batch_size=4&seed=0&step=4&n=40").json()
    assert other["batch"] != got["batch"]
    whole = client.get("/api/lessons/minibatch/grid?surface=deep-linear&batch_size=40&n=40").json()
    assert whole["max_abs_difference"] < 1e-12


def test_the_grid_names_each_surfaces_curve_of_minima(client):
    # deep-linear's global minima are the hyperbola w₁·w₂ = c; a minibatch has its own c = Σxy / Σx².
    got = client.get("/api/lessons/minibatch/grid?surface=deep-linear&batch_size=4&seed=0&step=3&n=40").json()
    curve = got["minima_curve"]
    assert curve["full"] == SURFACES["deep-linear"].extra["product"]
    fns = batch_functions("deep-linear", 4, 0, 3)[1]
    on_curve = [(w, curve["minibatch"] / w) for w in (0.5, 1.0, 2.0, -1.5)]
    values = [float(fns["f"](np.float64(a), np.float64(b))) for a, b in on_curve]
    np.testing.assert_allclose(values, values[0], rtol=1e-12)  # one height all along the curve
    off = float(fns["f"](np.float64(1.0), np.float64(1.1 * curve["minibatch"])))
    assert off > values[0]  # and it is the lowest
    gx, gy = fns["grad"](np.float64(1.0), np.float64(curve["minibatch"]))
    assert abs(float(gx)) < 1e-12 and abs(float(gy)) < 1e-12
    plain = client.get("/api/lessons/minibatch/grid?surface=tanh-net&batch_size=4&seed=0&step=3&n=20").json()
    assert "minima_curve" not in plain


def test_a_full_batch_gradient_is_the_surface_gradient():
    surface = SURFACES["tanh-net"]
    p = np.array([[0.3, -1.2], [2.0, 0.5]])
    plan = MinibatchPlan(surface, surface.domain, (), p, 1, 0, 1, 0.0, 1e-6, batch_size=40)
    assert np.allclose(plan.stochastic_gradient(p, 1, 0), surface.gradient(p), rtol=1e-12, atol=1e-15)
    idx, fns = batch_functions("tanh-net", 5, seed=3, step=9)
    data = surface.extra
    by_hand = np.mean([(p[0, 1] * np.tanh(p[0, 0] * data["x"][k]) - data["y"][k]) ** 2 for k in idx])
    assert fns["f"](p[0, 0], p[0, 1]) == np.float64(by_hand) or np.isclose(fns["f"](p[0, 0], p[0, 1]), by_hand)


def test_minibatch_input_errors(client):
    for query, param in [("surface=bowl", "surface"), ("batch_size=41", "batch_size"), ("batch_size=0", "batch_size")]:
        r = client.get(f"/api/lessons/minibatch?surface=deep-linear&{query}")
        assert r.status_code == 422 and r.json()["errors"][0]["param"] == param, r.text
