"""Bad input in Python gets the API's errors: a ParamError naming the parameter and the allowed range."""

from __future__ import annotations

import pytest

import errorscape
from app.schemas.runs import RunEntry, RunSettings
from errorscape.inputs import SETTING_BOUNDS, TUNING_BOUNDS
from errorscape.limits import DEFAULT_LIMITS


def _pydantic_bounds(model, name):
    lo = hi = None
    lo_open = False
    for m in model.model_fields[name].metadata:
        if hasattr(m, "ge"):
            lo = m.ge
        if hasattr(m, "gt"):
            lo, lo_open = m.gt, True
        if hasattr(m, "le"):
            hi = m.le
    return lo, hi, lo_open


@pytest.mark.parametrize("name", sorted(SETTING_BOUNDS))
def test_bounds_agree_with_the_api_schema(name):
    bound = SETTING_BOUNDS[name]
    assert (bound.lo, bound.upper(DEFAULT_LIMITS), bound.lo_open) == _pydantic_bounds(RunSettings, name)
    if name in TUNING_BOUNDS:
        assert _pydantic_bounds(RunEntry, name) == _pydantic_bounds(RunSettings, name)


@pytest.mark.parametrize("query", [
    {"steps": 0}, {"steps": 20000}, {"noise": -1}, {"noise_decay": 3}, {"seed": -1}, {"restarts": 5000},
    {"lr": 50}, {"optimizer": "nope"}, {"surface": "nope"}, {"surface": "custom", "expr": "x^"},
    {"x0": 1e7}, {"surface": "custom"},
])
def test_same_message_as_the_api(client, query):
    body = client.get("/api/runs", params={"optimizer": "sgd", **query}).json()
    assert body["errors"], body
    args = dict(query)
    with pytest.raises(errorscape.ParamError) as raised:
        errorscape.run(args.pop("surface", "himmelblau"), args.pop("optimizer", "sgd"), **args)
    api = body["errors"][0]
    assert raised.value.param == api["param"]
    assert raised.value.message == api["message"]


@pytest.mark.parametrize("call, param", [
    (lambda: errorscape.run("bowl", "sgd", steps=1.5), "steps"),
    (lambda: errorscape.run("bowl", "sgd", steps="many"), "steps"),
    (lambda: errorscape.run("bowl", "sgd", learning_rate=0.1), "learning_rate"),
    (lambda: errorscape.run("bowl", "sgd", momentum=0.9), "momentum"),
    (lambda: errorscape.race("bowl", [{"optimizer": "adam", "lr": -1}]), "runs[0].lr"),
    (lambda: errorscape.race("bowl", ["sgd"] * 9), "runs"),
    (lambda: errorscape.run("bowl", "sgd", x0=float("nan")), "x0"),
    (lambda: errorscape.figure_3d(errorscape.run("bowl", "sgd", steps=5), theme="sepia"), "theme"),
    (lambda: errorscape.basins("bowl", "sgd", n=500), "n"),
    (lambda: errorscape.classify("saddle", "a", 0), "x"),
    (lambda: errorscape.highdim_run("rastrigin", dim=1), "dim"),
])
def test_bad_input_names_the_parameter(call, param):
    with pytest.raises(errorscape.ParamError) as raised:
        call()
    assert raised.value.param == param
    assert str(raised.value).startswith(f"{param}: ")
