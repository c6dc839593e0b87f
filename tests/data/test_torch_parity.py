"""The data surfaces equal torch: loss, gradient and Hessian of the same model on the same float64 tensors
(torch.nn.functional losses, autograd), and runs equal the same torch.optim loop on the torch model,
full batch and with the same seeded minibatches."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from app.schemas.runs import RunQuery, entry_from_query
from errorscape.data.surface import batch_functions, data_surface
from errorscape.lessons.minibatch import batch_indices
from errorscape.limits import DEFAULT_LIMITS
from errorscape.runs.frames import run_events
from errorscape.runs.plan import build_plan

CASES = [  # (dataset, model, loss)
    ("line", "linear", "mse"),
    ("sine", "linear", "mse"),
    ("sine", "tanh", "mse"),
    ("line", "tanh", "mse"),
    ("moons", "logistic", "cross-entropy"),
    ("blobs", "logistic", "cross-entropy"),
    ("xor", "logistic", "mse"),
    ("spiral", "logistic", "mse"),
    ("circles", "logistic", "cross-entropy"),
]
L2 = [0.0, 0.3]


def torch_loss(dataset, model, loss, l2):
    """The torch model and loss on the app's data, as a function of a (2,) weight tensor."""
    surface = data_surface(RunQuery(surface="data", dataset=dataset, model=model, loss=loss, l2=l2))
    x = torch.tensor(surface.data.x, dtype=torch.float64)
    y = torch.tensor(surface.data.y, dtype=torch.float64)

    def forward(w, rows=slice(None)):
        xs, ys = x[rows], y[rows]
        if model == "linear":  # nn.Linear(1, 1): weight w[0], bias w[1]
            out = F.linear(xs, w[0].reshape(1, 1), w[1].reshape(1))[:, 0]
        elif model == "tanh":
            out = w[1] * torch.tanh(w[0] * xs[:, 0])
        else:  # nn.Linear(2, 1, bias=False)
            out = F.linear(xs, w.reshape(1, 2))[:, 0]
        if loss == "cross-entropy":
            data = F.binary_cross_entropy_with_logits(out, ys)
        elif model == "logistic":
            data = F.mse_loss(torch.sigmoid(out), ys)
        else:
            data = F.mse_loss(out, ys)
        return data + 0.5 * l2 * (w * w).sum()

    return surface, forward


@pytest.mark.parametrize("l2", L2)
@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_value_gradient_hessian_equal_torch(case, l2):
    surface, forward = torch_loss(*case, l2)
    rng = np.random.default_rng(1)
    points = np.vstack([rng.uniform(-3, 3, (6, 2)), [[0.0, 0.0]], np.array(surface.minima).reshape(-1, 2)])
    for w in points:
        t = torch.tensor(w, dtype=torch.float64, requires_grad=True)
        value = forward(t)
        (grad,) = torch.autograd.grad(value, t)
        hess = torch.autograd.functional.hessian(forward, t.detach())
        ours = surface.f(w[0], w[1])
        np.testing.assert_allclose(ours, value.item(), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(surface.grad(w[0], w[1]), grad.numpy(), rtol=1e-10, atol=1e-13)
        hxx, hxy, hyy = surface.hess(w[0], w[1])
        np.testing.assert_allclose([[hxx, hxy], [hxy, hyy]], hess.numpy(), rtol=1e-10, atol=1e-13)


def _run(query: RunQuery) -> np.ndarray:
    plan = build_plan(query, [entry_from_query(query)], DEFAULT_LIMITS)
    frames = [e.data for e in run_events(plan) if e.kind == "frame"]
    return np.array([[f["x"][0], f["y"][0]] for f in frames])  # (frames, 2): the first run's path


@pytest.mark.parametrize("optimizer, hyper, torch_cls, torch_kw", [
    ("momentum", {"lr": 0.05, "momentum": 0.9}, torch.optim.SGD, {"lr": 0.05, "momentum": 0.9}),
    ("adam", {"lr": 0.05}, torch.optim.Adam, {"lr": 0.05}),
])
@pytest.mark.parametrize("case", [CASES[0], CASES[2], CASES[4], CASES[6]], ids=lambda c: "-".join(c))
@pytest.mark.parametrize("batch_size", [None, 16])
def test_runs_equal_the_torch_optim_loop(case, optimizer, hyper, torch_cls, torch_kw, batch_size):
    dataset, model, loss = case
    steps, seed = 60, 3
    query = RunQuery(surface="data", dataset=dataset, model=model, loss=loss, l2=0.01, optimizer=optimizer,
                     x0=-1.5, y0=1.2, steps=steps, seed=seed, tol=0.0, batch_size=batch_size, **hyper)
    ours = _run(query)
    surface, forward = torch_loss(dataset, model, loss, 0.01)
    w = torch.tensor([-1.5, 1.2], dtype=torch.float64, requires_grad=True)
    opt = torch_cls([w], foreach=False, **torch_kw)
    theirs = [w.detach().numpy().copy()]
    for step in range(1, steps + 1):
        rows = slice(None) if batch_size is None else \
            torch.tensor(batch_indices(surface.data.n, batch_size, seed, step))
        opt.zero_grad()
        forward(w, rows).backward()
        opt.step()
        theirs.append(w.detach().numpy().copy())
    np.testing.assert_allclose(ours, np.array(theirs), rtol=1e-9, atol=1e-12)


def test_minibatch_surface_is_the_batch_rows_loss():
    surface, forward = torch_loss("moons", "logistic", "cross-entropy", 0.0)
    idx, fns = batch_functions(surface.model, "cross-entropy", surface.data, 0.0, 8, 5, 7)
    assert len(idx) == 8 and np.all(np.diff(idx) > 0)
    w = torch.tensor([0.7, -1.1], dtype=torch.float64)
    np.testing.assert_allclose(fns["f"](0.7, -1.1), forward(w, torch.tensor(idx)).item(), rtol=1e-13)
