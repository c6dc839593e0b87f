"""Two weights of a trained network (model=network): the training, the surface and runs on it equal torch
on the same float64 tensors, and every endpoint that takes a data surface works on it."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from app.schemas.runs import RunQuery
from errorscape.data import network
from errorscape.data.models import MODELS
from errorscape.data.surface import data_surface
from errorscape.lessons.minibatch import batch_indices
from errorscape.optimizers import OPTIMIZERS
from errorscape.surfaces import mlp
from tests.data.test_torch_parity import _run

CASES = [  # (dataset, weights, loss)
    ("moons", "in-out", "cross-entropy"),
    ("moons", "x1-x2", "mse"),
    ("xor", "in-in", "cross-entropy"),
    ("blobs", "out-out", "cross-entropy"),
    ("circles", "bias-bias", "mse"),
    ("sine", "in-out", "mse"),
    ("sine", "in-in", "mse"),
    ("line", "out-out", "mse"),
    ("line", "bias-bias", "mse"),
]


def torch_network(data, theta):
    """nn.Linear(features, HIDDEN) → tanh → nn.Linear(HIDDEN, 1) holding θ (mlp's layout: W is torch's weightᵀ)."""
    d, h = data.features, network.HIDDEN
    w_in, b_in = theta[: d * h].reshape(d, h), theta[d * h : d * h + h]
    w_out, b_out = theta[d * h + h : d * h + 2 * h].reshape(h, 1), theta[d * h + 2 * h :]
    x = torch.tensor(data.x, dtype=torch.float64)
    return F.linear(torch.tanh(F.linear(x, w_in.T, b_in)), w_out.T, b_out)[:, 0]


def data_loss(out, y, kind_loss, classification):
    if kind_loss == "cross-entropy":
        return F.binary_cross_entropy_with_logits(out, y)
    return F.mse_loss(torch.sigmoid(out) if classification else out, y)


def torch_slice(dataset, weights, loss, l2):
    """The surface's loss as a function of a (2,) tensor of the free weights, the others at θ*."""
    surface = data_surface(RunQuery(surface="data", dataset=dataset, model="network", weights=weights, loss=loss, l2=l2))
    theta_star = torch.tensor(network.trained(surface.data, f"{dataset}:200:0", None), dtype=torch.float64)
    index = torch.tensor([w.index(surface.data.features) for w in network.CHOICES[weights].pair])
    y = torch.tensor(surface.data.y, dtype=torch.float64)
    classification = surface.data.kind == "classification"

    def forward(w, rows=slice(None)):
        out = torch_network(surface.data, theta_star.index_put((index,), w))
        return data_loss(out[rows], y[rows], loss, classification) + 0.5 * l2 * (w * w).sum()

    return surface, forward


@pytest.mark.parametrize("l2", [0.0, 0.3])
@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_value_gradient_hessian_equal_torch(case, l2):
    surface, forward = torch_slice(*case, l2)
    rng = np.random.default_rng(2)
    trained = surface.extra["network"]["trained"]
    points = np.vstack([rng.uniform(-3, 3, (5, 2)), [[0.0, 0.0], trained], np.array(surface.minima).reshape(-1, 2)])
    for w in points:
        t = torch.tensor(w, dtype=torch.float64, requires_grad=True)
        value = forward(t)
        (grad,) = torch.autograd.grad(value, t)
        hess = torch.autograd.functional.hessian(forward, t.detach())
        np.testing.assert_allclose(surface.f(w[0], w[1]), value.item(), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(surface.grad(w[0], w[1]), grad.numpy(), rtol=1e-10, atol=1e-13)
        hxx, hxy, hyy = surface.hess(w[0], w[1])
        np.testing.assert_allclose([[hxx, hxy], [hxy, hyy]], hess.numpy(), rtol=1e-10, atol=1e-13)


def test_grids_equal_pointwise_values():
    """The vectorised grid (blocks of weight points × rows) gives what one point at a time gives."""
    surface = data_surface(RunQuery(surface="data", dataset="moons", model="network", weights="in-in", l2=0.1))
    a = np.linspace(-4, 4, 7)
    w1, w2 = np.meshgrid(a, a)
    for fn in (surface.f, surface.grad, surface.hess):
        grid = np.array(fn(w1, w2))
        one = np.array([[fn(p, q) for p, q in zip(r1, r2)] for r1, r2 in zip(w1, w2)])
        np.testing.assert_allclose(np.moveaxis(grid, 0, -1) if grid.ndim == 3 else grid, one, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("dataset, loss", [("moons", "cross-entropy"), ("sine", "mse")])
def test_training_equals_the_torch_adam_loop(dataset, loss):
    surface = data_surface(RunQuery(surface="data", dataset=dataset, model="network"))
    data = surface.data
    theta = torch.tensor(mlp.init_weights(network.SEED, network.shapes(data.features)), dtype=torch.float64,
                         requires_grad=True)
    opt = torch.optim.Adam([theta], lr=network.LR, weight_decay=network.DECAY, foreach=False)
    y = torch.tensor(data.y, dtype=torch.float64)
    for _ in range(network.STEPS):
        opt.zero_grad()
        data_loss(torch_network(data, theta), y, loss, False).backward()
        opt.step()
    ours = network.trained(data, f"{dataset}:200:0", None)  # trained already, by data_surface
    np.testing.assert_allclose(ours, theta.detach().numpy(), rtol=1e-8, atol=1e-10)
    assert surface.extra["network"]["trained"] == [float(ours[w.index(data.features)])
                                                   for w in network.CHOICES["in-out"].pair]


@pytest.mark.parametrize("optimizer, hyper, torch_cls", [
    ("momentum", {"lr": 0.05, "momentum": 0.9}, torch.optim.SGD),
    ("adam", {"lr": 0.05}, torch.optim.Adam),
])
@pytest.mark.parametrize("case", [CASES[0], CASES[5]], ids=lambda c: "-".join(c))
@pytest.mark.parametrize("batch_size", [None, 16])
def test_runs_equal_the_torch_optim_loop(case, optimizer, hyper, torch_cls, batch_size):
    dataset, weights, loss = case
    steps, seed, start = 40, 3, [-1.5, 1.2]
    query = RunQuery(surface="data", dataset=dataset, model="network", weights=weights, loss=loss, l2=0.01,
                     optimizer=optimizer, x0=start[0], y0=start[1], steps=steps, seed=seed, tol=0.0,
                     batch_size=batch_size, **hyper)
    ours = _run(query)
    surface, forward = torch_slice(dataset, weights, loss, 0.01)
    w = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch_cls([w], foreach=False, **hyper)
    theirs = [w.detach().numpy().copy()]
    for step in range(1, steps + 1):
        rows = slice(None) if batch_size is None else torch.tensor(batch_indices(surface.data.n, batch_size, seed, step))
        opt.zero_grad()
        forward(w, rows).backward()
        opt.step()
        theirs.append(w.detach().numpy().copy())
    np.testing.assert_allclose(ours, np.array(theirs), rtol=1e-9, atol=1e-12)


def test_catalogue_lists_the_weight_choices(client):
    body = client.get("/api/datasets").json()
    (net,) = [m for m in body["models"] if m["id"] == "network"]
    choices = {c["id"]: c for c in net["weights"]}
    assert net["default_weights"] == "in-out" and set(choices) == set(network.CHOICES)
    assert choices["in-out"]["axes"] == {"classification": ["hidden 1 ← x₁", "output ← hidden 1"],
                                         "regression": ["hidden 1 ← x", "output ← hidden 1"]}
    assert choices["x1-x2"]["kinds"] == ["classification"]
    assert MODELS["network"].describe()["default_loss"] == {"classification": "cross-entropy", "regression": "mse"}


def test_endpoints_work_on_the_network(client):
    q = {"dataset": "sine", "model": "network", "weights": "out-out"}
    described = client.get("/api/surfaces/data", params=q).json()
    assert described["extra"]["axes"] == ["output ← hidden 1", "output ← hidden 2"]
    assert described["extra"]["network"]["parameters"] == 13
    (minimum,) = described["minima"]
    c = client.get("/api/surfaces/data/classify", params={**q, "x": minimum["x"], "y": minimum["y"]}).json()
    assert c["verdict"] == "minimum"
    r = client.get("/api/lessons/restarts", params={"surface": "data", **q, "restarts": 8, "steps": 300,
                                                     "optimizer": "adam", "lr": 0.1})
    assert r.status_code == 200, r.text
    assert r.json()["p"] == 1.0  # the last layer with squared error is a convex bowl
    fit = client.get("/api/datasets/fit", params={**q, "w": f"{minimum['x']},{minimum['y']}", "n": 5}).json()
    assert fit["fits"][0]["loss"] == pytest.approx(minimum["z"], rel=1e-12)
    mb = client.get("/api/datasets/minibatch", params={**q, "batch_size": 16, "n": 5})
    assert mb.status_code == 200 and mb.json()["full"] != mb.json()["minibatch"]
    for optimizer in OPTIMIZERS:  # the second-order ones use the exact Hessian
        race = client.post("/api/runs", json={"surface": "data", **q, "steps": 5, "runs": [{"optimizer": optimizer}]})
        assert race.status_code == 200, (optimizer, race.text)
