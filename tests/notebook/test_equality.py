"""The Python API computes exactly what the server sends: every number, event and end reason."""

from __future__ import annotations

import math

import numpy as np
import pytest

from errorscape import notebook as nb

SINGLE = [
    {"surface": "himmelblau", "optimizer": "adam", "lr": 0.05, "x0": -1.5, "y0": 2, "steps": 120},
    {"surface": "rosenbrock", "optimizer": "rmsprop", "lr": 0.01, "alpha": 0.9, "centered": True, "steps": 80},
    {"surface": "six-hump-camel", "optimizer": "sgd", "lr": 0.01, "restarts": 12, "steps": 150, "seed": 3},
    {"surface": "bowl", "optimizer": "sgd", "lr": 1.05, "steps": 60},  # diverges
    {"surface": "saddle", "optimizer": "sgd", "lr": 0.05, "x0": 1.8, "y0": 0, "steps": 200},  # stalls
    {"surface": "six-hump-camel", "optimizer": "sgd", "lr": 0.05, "x0": 2, "y0": -1, "steps": 90, "noise": 6,
     "noise_decay": 0.1, "schedule": "cosine", "seed": 4, "every": 7},
    {"surface": "custom", "expr": "x^2 + 10*y^2 + sin(3*x)", "optimizer": "nadam", "lr": 0.1, "steps": 50},
    {"surface": "tanh-net", "optimizer": "newton", "lr": 0.5, "x0": 0.3, "y0": 0.2, "steps": 100},
]

RACE = {
    "surface": "himmelblau", "x0": 0.5, "y0": -0.5, "steps": 100, "seed": 2, "schedule": "step", "step_size": 30,
    "runs": [{"optimizer": "adam", "params": {"lr": 0.05}},
             {"optimizer": "momentum", "params": {"lr": 0.01, "momentum": 0.9}, "label": "heavy ball"},
             {"optimizer": "perturbed-gd", "params": {"lr": 0.02}, "noise": 0.5, "noise_decay": 0.5},
             {"optimizer": "adagrad", "params": {"lr": 0.3}, "schedule": "cosine"}],
}


def as_array(values) -> np.ndarray:
    return np.array([[math.nan if v is None else v for v in row] for row in values], dtype=np.float64)


def assert_same(server: dict, result: nb.Result) -> None:
    frames = server["frames"]
    assert result.start == server["start"]
    assert result.done == server["done"]
    assert result.step.tolist() == [f["step"] for f in frames]
    # JSON carries float64 as its shortest round-trip repr: equality here is equality of the bits.
    assert np.array_equal(result.x, as_array([f["x"] for f in frames]), equal_nan=True)
    assert np.array_equal(result.y, as_array([f["y"] for f in frames]), equal_nan=True)
    assert np.array_equal(result.loss, as_array([f["loss"] for f in frames]), equal_nan=True)
    grads = np.array([[[math.nan if v is None else v for v in g] for g in f["grad"]] for f in frames])
    assert np.array_equal(result.grad, grads, equal_nan=True)
    assert result.frames() == frames or any(math.isnan(v) for v in result.loss.ravel())


@pytest.mark.parametrize("query", SINGLE, ids=lambda q: f"{q['surface']}-{q['optimizer']}")
def test_run_equals_get_api_runs(client, query):
    response = client.get("/api/runs", params={**query, "format": "json"})
    assert response.status_code == 200, response.text
    settings = dict(query)
    assert_same(response.json(), nb.run(settings.pop("surface"), settings.pop("optimizer"), **settings))


def test_race_equals_post_api_runs(client):
    response = client.post("/api/runs?format=json", json=RACE)
    assert response.status_code == 200, response.text
    body = dict(RACE)
    assert_same(response.json(), nb.race(body.pop("surface"), body.pop("runs"), **body))


def test_catalogue_equals_api(client):
    assert nb.surfaces() == client.get("/api/surfaces").json()
    assert nb.optimizers() == client.get("/api/optimizers").json()
    assert nb.schedules() == client.get("/api/schedules").json()
    assert nb.surface("custom", expr="x^2 + y") == client.get("/api/surfaces/custom", params={"expr": "x^2 + y"}).json()


def test_events_and_reasons_match_the_stream_wording(client):
    result = nb.run("bowl", "sgd", lr=1.05, steps=60)
    assert result.reason == "diverged"
    assert "learning rate" in result.events[0]["message"]
    assert result.events[0]["frame"] == result.events[0]["step"]
