"""The state streamed with ``state=true`` is torch.optim's own state, and the arrows' parts add up to
torch's step: torch is fed, step by step, the gradient each frame says the engine used."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import torch

from errorscape.limits import DEFAULT_LIMITS
from errorscape.runs.frames import run_events
from errorscape.runs.plan import TUNING_DEFAULTS, Entry, build_plan

from .reference import TORCH, resolved, torch_optimizer

STEPS = 40
CASES = [
    ("sgd", {"lr": 1e-3}), ("momentum", {"lr": 1e-3}), ("momentum", {"lr": 1e-3, "dampening": 0.3}),
    ("nesterov", {"lr": 1e-3}), ("adagrad", {"lr": 0.1}), ("rmsprop", {"lr": 1e-3}),
    ("rmsprop", {"lr": 1e-3, "momentum": 0.9, "centered": True}), ("adadelta", {}), ("adam", {"lr": 1e-2}),
    ("amsgrad", {"lr": 1e-2}), ("adamw", {"lr": 1e-2}), ("adamax", {"lr": 1e-2}), ("nadam", {"lr": 1e-2}),
]
MOMENTUM_OF = {"momentum": "momentum_buffer", "nesterov": "momentum_buffer", "rmsprop": "momentum_buffer"}


def _frames(optimizer_id: str, setting: dict) -> list[dict]:
    req = SimpleNamespace(surface="himmelblau", expr=None, xmin=None, xmax=None, ymin=None, ymax=None, x0=None,
                          y0=None, steps=STEPS, seed=0, fps=0, every=1, restarts=3, tol=0.0, state=True,
                          **TUNING_DEFAULTS)
    plan = build_plan(req, [Entry(optimizer_id, setting)], DEFAULT_LIMITS)
    events = list(run_events(plan))
    assert all(r["reason"] == "completed" for r in events[-1].data["runs"])  # nobody frozen: torch would go on
    return [e.data for e in events if e.kind == "frame"]


def _close(ours, theirs, what):
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    scale = np.abs(theirs).max() + 1e-300
    assert np.abs(ours - theirs).max() <= 1e-12 * scale, what


@pytest.mark.parametrize("optimizer_id, setting", CASES, ids=[f"{o}-{i}" for i, (o, _) in enumerate(CASES)])
def test_streamed_state_is_torchs_state(optimizer_id, setting):
    frames = _frames(optimizer_id, setting)
    hyper = resolved(optimizer_id, setting)
    p = torch.tensor(np.column_stack([frames[0]["x"], frames[0]["y"]]), dtype=torch.float64)
    opt = torch_optimizer(optimizer_id, hyper)([p])
    for k, frame in enumerate(frames[:-1]):
        nxt = frame["next"]
        before = p.detach().numpy().copy()
        old_buffer = {f: v.clone() for f, v in opt.state[p].items() if isinstance(v, torch.Tensor) and v.ndim}
        p.grad = torch.tensor([n["grad"] for n in nxt], dtype=torch.float64)
        opt.step()
        moved = p.detach().numpy() - before
        _close([n["update"] for n in nxt], moved, f"update at step {k + 1}")
        after = frames[k + 1]["state"]
        for name in after[0]:
            theirs = opt.state[p][name]
            theirs = theirs.numpy() if theirs.ndim else np.full(len(after), theirs.item())
            _close([run[name] for run in after], theirs, f"{name} after step {k + 1}")
        if "from_momentum" in nxt[0]:
            parts = np.array([n["from_momentum"] for n in nxt]) + np.array([n["from_gradient"] for n in nxt])
            _close(parts, moved, "momentum + gradient parts = the update")
        if optimizer_id in ("momentum", "nesterov") and k > 0:
            mu = hyper["momentum"]
            factor = mu * mu if optimizer_id == "nesterov" else mu
            _close([n["from_momentum"] for n in nxt], -hyper["lr"] * factor * old_buffer["momentum_buffer"].numpy(),
                   "heavy ball's momentum part is −γμb")
        if optimizer_id in ("adam", "amsgrad", "adamw", "adamax"):
            # the effective per-weight step size times the new first moment is the step (decay aside)
            m = opt.state[p]["exp_avg"].numpy()
            decay = -hyper["lr"] * hyper["weight_decay"] * before if optimizer_id == "adamw" else 0.0
            _close(-np.array([n["effective_lr"] for n in nxt]) * m + decay, moved, "effective_lr × m = the step")


def test_sgd_effective_lr_is_lr_and_the_last_frame_has_no_next_step():
    frames = _frames("sgd", {"lr": 1e-3})
    assert frames[0]["next"][0]["effective_lr"] == [1e-3, 1e-3]
    assert "next" not in frames[-1] and frames[-1]["state"] == [{}, {}, {}]


def test_every_torch_optimizer_with_state_is_covered():
    assert {o for o, _ in CASES} >= set(TORCH) - {"radam"}
