"""The lesson "Training is a search over weights": every view ends the way its claim says."""

from __future__ import annotations

import numpy as np

from errorscape.lessons.catalogue import LESSONS
from tests.lessons.helpers import run_json


def view(view_id: str) -> dict:
    return next(v.describe() for v in LESSONS["training-is-search"].views if v.id == view_id)


def minimum(client, v) -> dict:
    q = {k: v["run"][k] for k in ("dataset", "model", "loss", "weights") if k in v["run"]}
    (m,) = client.get("/api/surfaces/data", params=q).json()["minima"]
    return m


def test_moons_both_optimizers_reach_the_minimum(client):
    v = view("moons")
    m = minimum(client, v)
    done = run_json(client, v)["done"]
    for run in done["runs"]:
        assert np.hypot(run["x"] - m["x"], run["y"] - m["y"]) < 1e-2, run
        assert run["loss"] < m["z"] + 1e-6


def test_the_line_converges_to_least_squares(client):
    v = view("line")
    result = run_json(client, v)
    (run,) = result["done"]["runs"]
    m = minimum(client, v)
    assert run["reason"] == "converged" and abs(run["x"] - m["x"]) < 1e-5 and abs(run["y"] - m["y"]) < 1e-5


def test_minibatches_jitter_but_arrive(client):
    v = view("minibatch")
    result = run_json(client, v)
    assert result["start"]["surface"] == "data"
    (run,) = result["done"]["runs"]
    m = minimum(client, v)
    assert 1e-4 < np.hypot(run["x"] - m["x"], run["y"] - m["y"]) < 1.0  # near, not exactly on it
    assert run["loss"] < 1.05 * m["z"]


def test_the_network_adam_finds_the_trained_valley_and_sgd_a_plateau(client):
    v = view("network")
    m = minimum(client, v)
    adam, sgd = run_json(client, v)["done"]["runs"]
    assert np.hypot(adam["x"] - m["x"], adam["y"] - m["y"]) < 1e-2 and adam["loss"] < m["z"] + 1e-6
    assert sgd["loss"] > 10 * m["z"]  # unit 1 saturated: far from any good fit
