"""The datasets API and surface=data through the runs, grid, classify and lesson endpoints."""

from __future__ import annotations

import numpy as np
import pytest

from errorscape.data import store
from errorscape.data.datasets import BUILTINS
from tests.support.sse import frames, parse_text

CSV = b"x1,x2,label\n1.0,2.0,0\n-1.0,0.5,1\n2.0,-2.0,1\n-0.5,-1.5,0\n0.3,0.1,1\n"


def upload(client, raw=CSV) -> dict:
    r = client.post("/api/datasets", content=raw, headers={"content-type": "text/csv"})
    assert r.status_code == 201, r.text
    return r.json()


def test_catalogue_describes_datasets_models_losses_and_parameters(client):
    body = client.get("/api/datasets").json()
    assert [d["id"] for d in body["datasets"]] == ["blobs", "xor", "circles", "moons", "spiral", "line", "sine"]
    assert {m["id"]: m["kinds"] for m in body["models"]} == {
        "linear": ["regression"], "tanh": ["regression"], "logistic": ["classification"],
        "network": ["classification", "regression"]}
    params = {p["name"]: p for p in body["parameters"]}
    assert set(params) == {"dataset", "model", "loss", "l2", "data_seed", "data_size", "batch_size", "weights"}
    assert params["data_size"]["maximum"] == 5000 and params["l2"]["maximum"] == 10
    assert body["upload"]["max_rows"] == 5000 and body["upload"]["max_bytes"] == 2**20


@pytest.mark.parametrize("dataset", list(BUILTINS))
def test_builtin_points_are_seeded(client, dataset):
    a = client.get(f"/api/datasets/{dataset}?data_seed=4&data_size=50").json()
    b = client.get(f"/api/datasets/{dataset}?data_seed=4&data_size=50").json()
    c = client.get(f"/api/datasets/{dataset}?data_seed=5&data_size=50").json()
    assert a == b and a["x"] != c["x"] and a["n"] == 50 and len(a["x"][0]) == a["features"]
    if a["kind"] == "classification":
        assert set(a["y"]) == {0.0, 1.0}


def test_upload_is_content_addressed_and_runs_on_it(client):
    first, again = upload(client), upload(client)
    assert first["id"] == again["id"] and first["id"].startswith("u-") and first["kind"] == "classification"
    assert first["x"][0] == [1.0, 2.0] and first["models"] == ["logistic", "network"]
    r = client.get("/api/runs/stream", params={"surface": "data", "dataset": first["id"], "steps": 5, "lr": 0.5})
    events = parse_text(r.text)
    assert events[0]["data"]["surface"] == "data" and len(frames(events)) == 6
    # the loss in the frames is the mean cross-entropy of the uploaded rows
    x = np.array(first["x"]); y = np.array(first["y"])
    f = frames(events)[-1]
    z = x @ np.array([f["x"][0], f["y"][0]])
    assert f["loss"][0] == pytest.approx(np.mean(np.logaddexp(0, z) - y * z), rel=1e-12)


def test_uploads_are_never_served_back_and_expire(client):
    key = upload(client)["id"]
    assert client.get(f"/api/datasets/{key}").status_code == 404
    store.UPLOADS._items.pop(key)  # as if it expired, or this replica never saw it
    r = client.get("/api/surfaces/data/grid", params={"dataset": key, "n": 5})
    assert r.status_code == 404 and r.json()["errors"][0]["param"] == "dataset" and "again" in r.json()["detail"]
    assert upload(client)["id"] == key  # the client's retry: same file, same id, same runs
    assert client.get("/api/surfaces/data/grid", params={"dataset": key, "n": 5}).status_code == 200


def test_store_is_bounded_and_forgets():
    now = [0.0]
    s = store.ExpiringStore(ttl=10, max_entries=3, max_bytes=100, clock=lambda: now[0])
    for i in range(4):
        s.put(f"k{i}", i, 10)
    assert s.get("k0") is None and s.get("k3") == 3 and len(s) == 3
    s.put("big", "x", 95)
    assert len(s) == 1 and s.nbytes == 95
    now[0] = 11
    assert s.get("big") is None and len(s) == 0 and s.nbytes == 0


@pytest.mark.parametrize("params, param, status", [
    ({"dataset": "nope"}, "dataset", 422),
    ({"dataset": "u-0123456789abcdef0123456789abcdef"}, "dataset", 404),
    ({"dataset": "moons", "model": "linear"}, "model", 422),
    ({"dataset": "line", "model": "logistic"}, "model", 422),
    ({"dataset": "line", "loss": "cross-entropy"}, "loss", 422),
    ({"dataset": "moons", "model": "mlp"}, "model", 422),
    ({"dataset": "moons", "model": "network", "weights": "nope"}, "weights", 422),
    ({"dataset": "sine", "model": "network", "weights": "x1-x2"}, "weights", 422),
    ({"dataset": "moons", "weights": "in-out"}, "weights", 422),
    ({"dataset": "moons", "batch_size": 201}, "batch_size", 422),
    ({"dataset": "moons", "data_size": 9}, "data_size", 422),
    ({"dataset": "moons", "data_size": 5001}, "data_size", 422),
    ({"dataset": "moons", "l2": -1}, "l2", 422),
    ({"dataset": "moons", "loss": "hinge"}, "loss", 422),
    ({"dataset": "../etc"}, "dataset", 422),
])
def test_bad_selections_name_the_parameter(client, params, param, status):
    for url in ("/api/runs", "/api/surfaces/data/grid", "/api/surfaces/data"):
        r = client.get(url, params={"surface": "data", **params} if url == "/api/runs" else params)
        assert r.status_code == status, (url, r.text)
        assert r.json()["errors"][0]["param"] == param


def test_grid_classify_and_lesson_tools_work_on_data(client):
    q = {"dataset": "line", "model": "linear", "l2": 0.1}
    grid = client.get("/api/surfaces/data/grid", params={**q, "n": 7}).json()
    assert len(grid["z"]) == 7 and all(v is not None for row in grid["z"] for v in row)
    described = client.get("/api/surfaces/data", params=q).json()
    (minimum,) = described["minima"]
    c = client.get("/api/surfaces/data/classify", params={**q, "x": minimum["x"], "y": minimum["y"]}).json()
    assert c["verdict"] == "minimum" and c["critical"]
    r = client.get("/api/lessons/restarts", params={"surface": "data", **q, "restarts": 20, "steps": 300,
                                                     "optimizer": "sgd", "lr": 0.1})
    assert r.status_code == 200 and r.json()["p"] == 1.0
    race = client.post("/api/runs", json={"surface": "data", **q, "steps": 3, "batch_size": 8,
                                          "runs": [{"optimizer": "adam"}, {"optimizer": "sgd"}]})
    assert race.status_code == 200 and len(race.json()["frames"][-1]["x"]) == 2


def test_fit_is_the_model_at_those_weights(client):
    body = client.get("/api/datasets/fit", params={"dataset": "moons", "w": "1.5,-2;0,1", "n": 9}).json()
    x1, x2 = np.meshgrid(body["x1"], body["x2"])
    p = 1 / (1 + np.exp(-(1.5 * x1 - 2 * x2)))
    np.testing.assert_allclose(body["fits"][0]["p"], p, rtol=1e-12)
    loss = client.get("/api/surfaces/data/classify", params={"dataset": "moons", "x": 1.5, "y": -2}).json()["loss"]
    assert body["fits"][0]["loss"] == pytest.approx(loss, rel=1e-14)
    reg = client.get("/api/datasets/fit", params={"dataset": "line", "model": "linear", "w": "2,0.5"}).json()
    np.testing.assert_allclose(reg["fits"][0]["y"], 2 * np.array(reg["x"]) + 0.5, rtol=1e-12)
    for bad in ("", "1", "1,2,3", "a,b", "1,nan", ";".join(["1,2"] * 25), "1e300,1"):
        r = client.get("/api/datasets/fit", params={"dataset": "moons", "w": bad})
        assert r.status_code == 422 and r.json()["errors"][0]["param"] == "w", bad


def test_minibatch_surface_beside_the_full_one(client):
    q = {"dataset": "moons", "batch_size": 8, "seed": 2, "step": 5, "n": 11, "x": 1.0, "y": -2.0}
    body = client.get("/api/datasets/minibatch", params=q).json()
    assert len(body["batch"]) == 8 and len(body["full"]) == 11 and body["full"] != body["minibatch"]
    full = client.get("/api/surfaces/data/classify", params={"dataset": "moons", "x": 1.0, "y": -2.0}).json()
    assert body["at"]["gradient"]["full"] == full["gradient"] and body["at"]["loss"]["full"] == full["loss"]
    data = np.array(client.get("/api/datasets/moons").json()["x"])[body["batch"]]
    labels = np.array(client.get("/api/datasets/moons").json()["y"])[body["batch"]]
    z = data @ np.array([1.0, -2.0])
    assert body["at"]["loss"]["minibatch"] == pytest.approx(np.mean(np.logaddexp(0, z) - labels * z), rel=1e-12)
    assert client.get("/api/datasets/minibatch", params={**q, "batch_size": 201}).status_code == 422
