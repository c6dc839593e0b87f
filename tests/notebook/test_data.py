"""surface="data" from Python: any built-in dataset, model, loss, L2, minibatch and the network's free
weights, with exactly the server's numbers and its errors."""

from __future__ import annotations

import numpy as np
import pytest

import errorscape
from errorscape import notebook as nb
from errorscape.data.datasets import BUILTINS
from errorscape.data.models import MODELS

from .test_equality import assert_same

RUNS = [
    {"dataset": "sine", "model": "network", "weights": "in-in", "optimizer": "adam", "lr": 0.05, "steps": 40},
    {"dataset": "moons", "model": "network", "weights": "x1-x2", "loss": "mse", "l2": 0.1, "batch_size": 16,
     "optimizer": "momentum", "lr": 0.3, "momentum": 0.9, "steps": 30, "seed": 5},
    {"dataset": "line", "model": "tanh", "data_size": 500, "data_seed": 7, "optimizer": "sgd", "lr": 0.05, "steps": 30},
    {"dataset": "xor", "model": "logistic", "loss": "mse", "optimizer": "rmsprop", "lr": 0.01, "restarts": 3,
     "steps": 25},
]


@pytest.mark.parametrize("query", RUNS, ids=lambda q: f"{q['dataset']}-{q['model']}")
def test_run_on_any_dataset_equals_get_api_runs(client, query):
    response = client.get("/api/runs", params={"surface": "data", **query, "format": "json"})
    assert response.status_code == 200, response.text
    settings = dict(query)
    result = nb.run("data", settings.pop("optimizer"), **settings)
    assert_same(response.json(), result)
    assert result.start["surface"] == "data"


def test_race_with_minibatches_equals_post_api_runs(client):
    body = {"surface": "data", "dataset": "blobs", "model": "network", "weights": "out-out", "batch_size": 10,
            "steps": 20, "runs": [{"optimizer": "sgd", "params": {"lr": 0.5}}, {"optimizer": "adam", "params": {"lr": 0.1}}]}
    response = client.post("/api/runs?format=json", json=body)
    assert response.status_code == 200, response.text
    args = dict(body)
    assert_same(response.json(), nb.race(args.pop("surface"), args.pop("runs"), **args))


@pytest.mark.parametrize("dataset", list(BUILTINS))
def test_every_builtin_dataset_with_every_model_that_fits_it(dataset):
    kind = BUILTINS[dataset].kind
    for model in (m for m in MODELS.values() if kind in m.kinds):
        result = errorscape.run("data", "adam", dataset=dataset, model=model.id, data_size=40, steps=3)
        assert np.isfinite(result.loss).all(), (dataset, model.id)
        assert nb.surface("data", dataset=dataset, model=model.id, data_size=40)["extra"]["model"] == model.id


def test_surface_and_grid_equal_the_api(client):
    q = {"dataset": "sine", "model": "network", "weights": "bias-bias", "l2": 0.2}
    assert nb.surface("data", **q) == client.get("/api/surfaces/data", params=q).json()
    grid = nb.grid("data", n=6, **q)
    api = client.get("/api/surfaces/data/grid", params={**q, "n": 6}).json()
    assert grid["x"].tolist() == api["x"] and grid["z"].tolist() == api["z"]


@pytest.mark.parametrize("query", [
    {"dataset": "nope"}, {"dataset": "moons", "model": "linear"}, {"dataset": "line", "loss": "cross-entropy"},
    {"l2": 11}, {"l2": -0.5}, {"data_size": 9}, {"data_size": 5001}, {"batch_size": 0}, {"batch_size": 201},
    {"data_seed": -1}, {"model": "network", "weights": "nope"}, {"dataset": "sine", "model": "network", "weights": "x1-x2"},
    {"weights": "in-out"},
])
def test_bad_selections_get_the_api_message(client, query):
    body = client.get("/api/runs", params={"surface": "data", "optimizer": "sgd", **query}).json()
    assert body["errors"], body
    with pytest.raises(errorscape.ParamError) as raised:
        errorscape.run("data", "sgd", **query)
    assert (raised.value.param, raised.value.message) == (body["errors"][0]["param"], body["errors"][0]["message"])


def test_surface_rejects_what_is_not_a_selection():
    with pytest.raises(errorscape.ParamError) as raised:
        nb.surface("data", datset="moons")
    assert raised.value.param == "datset" and "dataset" in raised.value.message


@pytest.mark.parametrize("query, names", [
    ({"dataset": "line", "model": "linear"}, ["w (slope)", "b (intercept)"]),
    ({"dataset": "moons", "model": "network", "weights": "in-out"}, ["hidden 1 ← x₁", "output ← hidden 1"]),
])
def test_figures_title_their_axes_with_the_weights(query, names):
    result = errorscape.run("data", "adam", lr=0.05, steps=4, **query)
    assert result.start["surface"] == "data" and nb.surface("data", **query)["extra"]["axes"] == names
    combined, flat, scene = errorscape.combined(result, n=8), errorscape.figure_contour(result, n=8), \
        errorscape.figure_3d(result, n=8)
    for fig in (combined, flat):
        assert [fig.layout.xaxis.title.text, fig.layout.yaxis.title.text] == names
    for fig in (combined, scene):
        assert [fig.layout.scene.xaxis.title.text, fig.layout.scene.yaxis.title.text] == names
    surface = next(t for t in flat.data if t.type == "contour")
    assert surface.hovertemplate.startswith(f"{names[0]} %{{x:.4g}}, {names[1]} %{{y:.4g}}")


def test_figures_of_a_plain_surface_keep_x_and_y():
    fig = errorscape.combined(errorscape.run("himmelblau", "adam", steps=3), n=8)
    assert [fig.layout.xaxis.title.text, fig.layout.scene.yaxis.title.text] == ["x", "y"]
