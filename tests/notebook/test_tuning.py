"""Maps and fair tuning in Python: the API's numbers (POST /api/tuning/map and /tune), its figures and its errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

import errorscape
from errorscape import ParamError
from errorscape import notebook as nb

from .test_equality import as_array, assert_same

MAP = {"surface": "elliptic-bowl", "optimizer": "momentum", "steps": 80, "restarts": 3, "seed": 5,
       "params": {"dampening": 0.1},
       "x": {"param": "lr", "min": 0.01, "max": 0.3, "n": 6, "log": True},
       "y": {"param": "momentum", "min": 0.0, "max": 0.9, "n": 4, "log": False}}


def _map():
    return nb.hypermap("elliptic-bowl", "momentum", x_axis=("lr", 0.01, 0.3, 6, "log"), y_axis=("momentum", 0, 0.9, 4),
                       starts=3, seed=5, steps=80, dampening=0.1)


def test_hypermap_is_the_apis_map(client):
    server = client.post("/api/tuning/map", json=MAP).json()
    m = _map()
    assert m.data == server  # JSON carries float64 exactly: equal dicts are equal bits
    assert np.array_equal(m.loss, as_array(server["loss"]), equal_nan=True)
    assert np.array_equal(m.steps_to_target, as_array(server["steps_to_target"]), equal_nan=True)
    assert m.x.tolist() == server["x"]["values"] and m.y.tolist() == server["y"]["values"]
    assert m.diverged.shape == (4, 6) and m.diverged[0, -1] == 3  # GD at lr 0.3 > 2/25: every start diverges
    assert math.isnan(m.loss[0, -1])
    assert errorscape.hypermap is nb.hypermap


def test_the_map_figure_plots_the_numbers():
    m = _map()
    fig = m.figure()
    heat, red, best = fig.data
    assert np.array_equal(np.array(heat.z, dtype=float), np.log10(m.loss), equal_nan=True)
    assert list(heat.x) == m.x.tolist() and list(heat.y) == m.y.tolist()
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "linear"
    assert (~np.isnan(np.array(red.z, dtype=float))).sum() == (m.diverged > 0).sum()
    assert (best.x[0], best.y[0]) == (m.best["lr"], m.best["momentum"])
    assert m.best["loss"] == np.nanmin(m.loss)
    steps = m.figure(colour_by="steps_to_target").data[0]
    assert np.array_equal(np.array(steps.z, dtype=float), m.steps_to_target, equal_nan=True)
    assert "steps to the target" in m.figure(colour_by="steps_to_target").layout.title.text


TUNE = {"surface": "himmelblau", "steps": 60, "restarts": 3, "seed": 1, "x0": -1, "y0": 1,
        "lr": {"param": "lr", "min": 1e-3, "max": 0.1, "n": 4, "log": True},
        "runs": [{"optimizer": "sgd"},
                 {"optimizer": "adam", "params": {"beta2": 0.99}, "second": {"param": "beta1", "min": 0.5, "max": 0.9, "n": 3}}]}


def test_tune_is_the_apis_table_and_its_race(client):
    server = client.post("/api/tuning/tune", json=TUNE).json()
    t = nb.tune("himmelblau", ["sgd", {"optimizer": "adam", "beta2": 0.99, "second": ("beta1", 0.5, 0.9, 3)}],
                lr=(1e-3, 0.1, 4), starts=3, seed=1, steps=60, x0=-1, y0=1)
    assert t.data == {k: v for k, v in server.items() if k != "race"}
    race = client.post("/api/runs?format=json", json=server["race"]).json()
    assert_same(race, t.result)
    assert t.figure().data  # the race's combined view
    table = t.table_figure().data[0]
    assert list(table.cells.values[0]) == [row["race_label"] for row in t.table]
    assert "beta1 = " in t._repr_html_()


def test_tune_defaults_are_the_apis(client):
    server = client.post("/api/tuning/tune", json={"surface": "bowl", "steps": 20, "runs": [{"optimizer": "sgd"}]}).json()
    t = nb.tune("bowl", "sgd", steps=20)
    assert t.data == {k: v for k, v in server.items() if k != "race"}
    assert len(t.data["starts"]) == client.get("/api/tuning").json()["tune"]["restarts"]


@pytest.mark.parametrize("call, param, words", [
    (lambda: nb.hypermap(x_axis=("lr", 0.01, 50, 5), y_axis=("momentum", 0, 0.9, 4)), "x_axis.max", "10.0"),
    (lambda: nb.hypermap(x_axis=("lr", 0.01, 1, 101), y_axis=("momentum", 0, 0.9, 4)), "x_axis.n", "100"),
    (lambda: nb.hypermap(x_axis=("lr", 0.01, 1, 5), y_axis=("momentum", 0, 0.9, 4, "log")), "y_axis.min", "min > 0"),
    (lambda: nb.hypermap(x_axis=("lr", 0.01, 1, 5), y_axis=("beta1", 0, 0.9, 4)), "y_axis.param", "momentum"),
    (lambda: nb.hypermap(x_axis=("lr", 0.01, 1), y_axis=("momentum", 0, 0.9, 4)), "x_axis", "(param, min, max, n)"),
    (lambda: nb.hypermap(x_axis=("lr", "a", 1, 5), y_axis=("momentum", 0, 0.9, 4)), "x_axis.min", "number"),
    (lambda: nb.hypermap(x_axis=("lr", 0.01, 1, 5), y_axis=("momentum", 0, 0.9, 4), colour_by="final"), "colour_by", "steps_to_target"),
    (lambda: nb.hypermap(x_axis=("lr", 0.01, 1, 100), y_axis=("momentum", 0, 0.9, 100), starts=5), "restarts", "40000"),
    (lambda: nb.hypermap(x_axis=("lr", 0.01, 1, 5), y_axis=("momentum", 0, 0.9, 4), starts=2, restarts=2), "starts", "not both"),
    (lambda: nb.tune(lr=(1e-9, 1, 5)), "lr.min", "between 1e-08"),
    (lambda: nb.tune(starts=5000), "restarts", "1000"),
    (lambda: nb.tune(runs=["sgd", {"optimizer": "sgd", "second": ("lr", 0.1, 1, 3)}]), "runs[1].second.param", "lr is always"),
    (lambda: nb.tune(runs=["newton"]), "lr.param", "cannot be swept"),
])
def test_bad_input_names_the_parameter_and_the_limit(call, param, words):
    with pytest.raises(ParamError) as caught:
        call()
    assert caught.value.param == param and words in caught.value.message, caught.value


LINK = ("#surface=himmelblau&optimizer=momentum,sgd&lr=0.01,0.02&steps=60&seed=2"
        "&map=lr_log_0p001_0p3_10__momentum_lin_0_0p95_8__steps_to_target&tune=k3__lr_log_0p001_0p3_5__momentum_lin_0p5_0p9_3")


def test_a_page_link_gives_the_map_and_table_the_page_asks_the_api_for(client):
    from errorscape.hashstate import racer_defaults

    linked = nb.tuning_from_hash(LINK)
    start = client.get("/api/surfaces/himmelblau").json()["start"]
    view = {"surface": "himmelblau", "steps": 60, "seed": 2, "x0": start[0], "y0": start[1]}  # hypermap.js request()
    momentum = {**racer_defaults("momentum"), "lr": 0.01}
    server = client.post("/api/tuning/map", json={**view, "optimizer": "momentum", "params": momentum,
                         "x": {"param": "lr", "min": 0.001, "max": 0.3, "n": 10, "log": True},
                         "y": {"param": "momentum", "min": 0, "max": 0.95, "n": 8, "log": False}}).json()
    assert linked["map"].data == server and linked["map"].colour_by == "steps_to_target"
    sgd = {k: v for k, v in racer_defaults("sgd").items() if k != "lr"}
    server = client.post("/api/tuning/tune", json={**view, "restarts": 3, "lr": {"param": "lr", "min": 0.001, "max": 0.3, "n": 5, "log": True},
                         "runs": [{"optimizer": "momentum", "params": {k: v for k, v in momentum.items() if k != "lr"},
                                   "second": {"param": "momentum", "min": 0.5, "max": 0.9, "n": 3, "log": False}},
                                  {"optimizer": "sgd", "params": sgd}]}).json()
    assert linked["tune"].data == {k: v for k, v in server.items() if k != "race"}


def test_an_exported_link_draws_the_map_and_the_table():
    from errorscape.export import page_html

    page = page_html(LINK, plotlyjs="sibling")
    linked = nb.tuning_from_hash(LINK)
    assert page.count('<div class="figure">') == 3
    assert '"type":"heatmap"' in page and '"type":"table"' in page
    assert linked["tune"].table[0]["race_label"] in page


@pytest.mark.parametrize("link, param", [
    ("#surface=bowl&map=lr_log_0p01_1__momentum_lin_0_0p9_4__loss", "map"),
    ("#surface=bowl&map=lr_log_0p01_1_5", "map"),
    ("#surface=bowl&tune=8__lr_log_0p01_1_5", "tune"),
    ("#surface=bowl&tune=k8__lr_log_0p01_x_5", "tune"),
])
def test_a_malformed_link_names_the_key(link, param):
    with pytest.raises(ParamError) as caught:
        nb.tuning_from_hash(link)
    assert caught.value.param == param
