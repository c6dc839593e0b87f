"""torch.optim equivalence end to end: the trajectory a user streams over HTTP is torch's.

The unit tests call the optimizer factories directly; these go through ``GET /api/runs/stream``
(hyperparameters as query strings, booleans spelled as people type them) and ``POST /api/runs/stream``
(a race in a JSON body), on a built-in surface with the engine's analytic gradient, and compare every
frame with torch.optim stepping the textbook formula (tests/surfaces/reference.py) by autograd.
Every optimizer runs with non-default hyperparameters, including every boolean flag.
"""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np
import pytest
import torch

from tests.support.sse import frames, parse_text
from tests.surfaces.reference import CLASSIC

from .reference import resolved, torch_optimizer
from .twins import assert_trajectories_close

SURFACE, START, STEPS = "himmelblau", (1.0, 1.0), 150

#: id -> (hyperparameters as a person types them in a URL, the values they mean)
TYPED = {
    "sgd": ({"lr": "0.002", "weight_decay": "0.05"}, {"lr": 0.002, "weight_decay": 0.05}),
    "momentum": ({"lr": "1e-3", "momentum": ".5", "dampening": "0.25"}, {"lr": 1e-3, "momentum": 0.5, "dampening": 0.25}),
    "nesterov": ({"lr": "0.001", "momentum": "0.7"}, {"lr": 0.001, "momentum": 0.7}),
    "adagrad": ({"lr": "0.2", "lr_decay": "0.01", "initial_accumulator_value": "0.5", "eps": "1e-6"},
                {"lr": 0.2, "lr_decay": 0.01, "initial_accumulator_value": 0.5, "eps": 1e-6}),
    "rmsprop": ({"lr": "0.01", "centered": "true", "momentum": "0.3", "alpha": "0.95"},
                {"lr": 0.01, "centered": True, "momentum": 0.3, "alpha": 0.95}),
    "adadelta": ({"lr": "0.5", "rho": "0.8", "eps": "1e-5"}, {"lr": 0.5, "rho": 0.8, "eps": 1e-5}),
    "adam": ({"lr": "0.05", "beta1": "0.8", "beta2": "0.99", "eps": "1e-6"}, {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
    "adamw": ({"lr": "0.05", "weight_decay": "0.1"}, {"lr": 0.05, "weight_decay": 0.1}),
    "amsgrad": ({"lr": "0.05", "beta2": "0.9"}, {"lr": 0.05, "beta2": 0.9}),
    "adamax": ({"lr": "0.05", "beta1": "0.85"}, {"lr": 0.05, "beta1": 0.85}),
    "nadam": ({"lr": "0.02", "weight_decay": "0.1", "decoupled_weight_decay": "True", "momentum_decay": "0.01"},
              {"lr": 0.02, "weight_decay": 0.1, "decoupled_weight_decay": True, "momentum_decay": 0.01}),
    "radam": ({"lr": "0.05", "weight_decay": "0.1", "decoupled_weight_decay": "1", "beta2": "0.99"},
              {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True, "beta2": 0.99}),
}
# the other ways people write a true boolean in a URL
TRUE_SPELLINGS = ["true", "True", "1", "yes", "on"]


def torch_trajectory(optimizer_id: str, setting: dict, start=START, steps=STEPS) -> np.ndarray:
    """(steps + 1, 2): torch.optim from the start on the textbook formula, gradients by autograd."""
    f = CLASSIC[SURFACE]
    p = torch.tensor([start], dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(optimizer_id, resolved(optimizer_id, setting))([p])
    out = [p.detach().numpy()[0].copy()]
    for _ in range(steps):
        opt.zero_grad()
        f(p[:, 0], p[:, 1], torch).sum().backward()
        opt.step()
        out.append(p.detach().numpy()[0].copy())
    return np.array(out)


def streamed(response) -> np.ndarray:
    """(frames, runs, 2) from a stream's frames."""
    assert response.status_code == 200, response.text
    fr = frames(parse_text(response.text))
    assert [f["step"] for f in fr] == list(range(STEPS + 1))
    return np.array([np.stack([f["x"], f["y"]], axis=-1) for f in fr])


BASE = {"surface": SURFACE, "x0": START[0], "y0": START[1], "steps": STEPS, "tol": 0}


def test_every_torch_optimizer_is_streamed():
    from .reference import TORCH

    assert set(TYPED) == set(TORCH)


@pytest.mark.parametrize("optimizer_id", list(TYPED))
def test_get_stream_is_torchs_trajectory(client, optimizer_id):
    typed, meant = TYPED[optimizer_id]
    r = client.get("/api/runs/stream?" + urlencode({**BASE, "optimizer": optimizer_id, **typed}))
    start = parse_text(r.text)[0]["data"]
    assert start["runs"][0]["params"] == resolved(optimizer_id, meant)  # the values were read as meant
    ours = streamed(r)[:, 0]
    assert_trajectories_close(ours[:, None], torch_trajectory(optimizer_id, meant)[:, None], 1e-9, 1e-12)


@pytest.mark.parametrize("spelling", TRUE_SPELLINGS)
def test_a_boolean_typed_any_usual_way_is_true(client, spelling):
    typed = {"lr": "0.01", "centered": spelling}
    r = client.get("/api/runs/stream?" + urlencode({**BASE, "optimizer": "rmsprop", **typed}))
    assert parse_text(r.text)[0]["data"]["runs"][0]["params"]["centered"] is True
    ours = streamed(r)[:, 0]
    expected = torch_trajectory("rmsprop", {"lr": 0.01, "centered": True})
    assert_trajectories_close(ours[:, None], expected[:, None], 1e-9, 1e-12)


def test_post_race_is_torchs_trajectories(client):
    """Two races of up to 8 entries cover every optimizer; JSON booleans as true and as 1."""
    ids = list(TYPED)
    for race in (ids[:8], ids[8:]):
        runs = []
        for oid in race:
            params = dict(TYPED[oid][1])
            if oid == "radam":
                params["decoupled_weight_decay"] = 1  # a number a hand-written body might hold
            runs.append({"optimizer": oid, "params": params})
        ours = streamed(client.post("/api/runs/stream", json={**BASE, "runs": runs}))
        for index, oid in enumerate(race):
            expected = torch_trajectory(oid, TYPED[oid][1])
            assert_trajectories_close(ours[:, index][:, None], expected[:, None], 1e-9, 1e-12)
