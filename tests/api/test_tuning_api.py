"""POST /api/tuning/map and /tune, and state=true on runs, through TestClient."""

import pytest

from tests.support.sse import frames, parse_text

MAP = {"surface": "elliptic-bowl", "optimizer": "momentum", "steps": 80,
       "x": {"param": "lr", "min": 0.01, "max": 0.3, "n": 5, "log": True},
       "y": {"param": "momentum", "min": 0.0, "max": 0.9, "n": 4}}


def test_map_answers_a_grid_whose_cells_run_in_the_main_view(client):
    r = client.post("/api/tuning/map", json=MAP)
    assert r.status_code == 200, r.text
    m = r.json()
    assert len(m["loss"]) == 4 and len(m["loss"][0]) == 5 and m["x"]["values"][0] == 0.01
    assert m["diverged"][0][-1] == 1 and m["loss"][0][-1] is None  # GD at lr 0.3 > 2/25
    # a click on a cell runs that setting: the same numbers as the stream of that setting
    lr, mu = m["x"]["values"][1], m["y"]["values"][2]
    done = client.get("/api/runs", params={"surface": "elliptic-bowl", "optimizer": "momentum", "steps": 80,
                                           "lr": lr, "momentum": mu}).json()["done"]
    assert done["runs"][0]["loss"] == m["loss"][2][1]


@pytest.mark.parametrize("change, param, words", [
    ({"x": {"param": "beta1", "min": 0.1, "max": 0.9}}, "x.param", "lr, momentum, dampening, weight_decay"),
    ({"x": {"param": "lr", "min": 0.01, "max": 50}}, "x.max", "10.0"),
    ({"y": {"param": "momentum", "min": -1, "max": 0.5}}, "y.min", "between 0.0 and 0.999999"),
    ({"x": {"param": "lr", "min": 0.01, "max": 1, "n": 101}}, "x.n", "100"),
    ({"y": {"param": "momentum", "min": 0.0, "max": 0.9, "log": True}}, "y.min", "min > 0"),
    ({"restarts": 500, "x": {"param": "lr", "min": 0.01, "max": 1, "n": 100}}, "restarts", "40000"),
    ({"steps": 10000, "x": {"param": "lr", "min": 0.01, "max": 1, "n": 100},
      "y": {"param": "momentum", "min": 0, "max": 0.9, "n": 100}}, "steps", "at most 2000"),
    ({"optimizer": "newton"}, "x.param", "cannot be swept"),
    ({"noise": 0.1}, "noise", "exact gradient"),
])
def test_bad_map_requests_name_the_parameter_and_the_limit(client, change, param, words):
    r = client.post("/api/tuning/map", json={**MAP, **change})
    assert r.status_code == 422
    err = r.json()["errors"][0]
    assert err["param"] == param and words in err["message"], err


def test_tune_then_race_with_the_tuned_settings(client):
    body = {"surface": "himmelblau", "steps": 100, "restarts": 4, "seed": 1,
            "lr": {"param": "lr", "min": 1e-3, "max": 0.1, "n": 5, "log": True},
            "runs": [{"optimizer": "sgd"}, {"optimizer": "adam", "second": {"param": "beta1", "min": 0.5, "max": 0.9, "n": 3}}]}
    r = client.post("/api/tuning/tune", json=body)
    assert r.status_code == 200, r.text
    out = r.json()
    assert [row["optimizer"] for row in out["table"]] == ["sgd", "adam"]
    assert out["table"][1]["over"][1]["param"] == "beta1"
    race = client.post("/api/runs", json=out["race"]).json()
    n = 4
    for g, row in enumerate(out["table"]):
        losses = [run["loss"] for run in race["done"]["runs"][g * n:(g + 1) * n]]
        assert sum(losses) / n == pytest.approx(row["score"], rel=1e-12)
    bad = client.post("/api/tuning/tune", json={**body, "runs": [{"optimizer": "sgd", "second": {"param": "momentum", "min": 0, "max": 0.9}}]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["param"] == "runs[0].second.param"


def test_state_is_off_by_default_and_streams_on_request(client):
    url = "/api/runs/stream?surface=bowl&optimizer=adam&lr=0.1&steps=3"
    assert "state" not in frames(parse_text(client.get(url).text))[1]
    fr = frames(parse_text(client.get(url + "&state=true").text))
    assert set(fr[1]["state"][0]) == {"exp_avg", "exp_avg_sq"}
    assert set(fr[1]["next"][0]) >= {"grad", "update", "from_momentum", "from_gradient", "effective_lr",
                                     "bias_correction1", "bias_correction2"}


def test_openapi_documents_the_tuning_routes(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/tuning/map", "/api/tuning/tune"} <= set(spec["paths"])
    assert spec["components"]["schemas"]["AxisModel"]["properties"]["n"]["maximum"] == 100


def test_limits_and_defaults_are_published_once(client):
    from errorscape.optimizers import OPTIMIZERS
    from errorscape.runs.sweep import MAX_AXIS, MAX_SWEEP_RUNS, METRICS

    got = client.get("/api/tuning").json()
    assert got["axis_n"] == [2, MAX_AXIS] and got["max_runs"] == MAX_SWEEP_RUNS
    assert [m["id"] for m in got["metrics"]] == list(METRICS)
    assert "sgd" in got["sweepable"] and "newton" not in got["sweepable"]
    assert got["restarts"][1] == client.app.state.settings.max_restarts
    # the tune body's defaults are these: a request without lr or restarts tunes over them
    out = client.post("/api/tuning/tune", json={"surface": "bowl", "steps": 5, "runs": [{"optimizer": "sgd"}]}).json()
    assert len(out["starts"]) == got["tune"]["restarts"]
    assert {k: out["table"][0]["over"][0][k] for k in ("min", "max", "n", "log")} == \
        {k: got["tune"]["lr"][k] for k in ("min", "max", "n", "log")}
    assert got["tune"]["lr"]["min"] >= OPTIMIZERS["sgd"].params[0].min


@pytest.mark.parametrize("change, param, words", [
    ({"restarts": 1001}, "restarts", "≤ 1000"),
    ({"restarts": 401, "lr": {"param": "lr", "min": 1e-3, "max": 1, "n": 100, "log": True}}, "restarts", "40000"),
    ({"lr": {"param": "lr", "min": 1e-9, "max": 1, "n": 5, "log": True}}, "lr.min", "between 1e-08 and 10.0"),
    ({"lr": {"param": "lr", "min": 1e-3, "max": 1, "n": 1, "log": True}}, "lr.n", "greater than or equal to 2"),
    ({"lr": {"param": "momentum", "min": 0.1, "max": 0.9}}, "lr.param", "must be lr"),
    ({"runs": [{"optimizer": "momentum", "second": {"param": "momentum", "min": 0, "max": 2}}]}, "runs[0].second.max", "0.999999"),
])
def test_bad_tune_requests_name_the_parameter_and_the_limit(client, change, param, words):
    body = {"surface": "bowl", "steps": 20, "runs": [{"optimizer": "sgd"}], **change}
    r = client.post("/api/tuning/tune", json=body)
    assert r.status_code == 422, r.text
    err = r.json()["errors"][0]
    assert err["param"] == param and words in err["message"], err
