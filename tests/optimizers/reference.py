"""torch.optim as the reference: which torch call each id is, and a step-by-step comparison.

``torch_run`` feeds the engine, at every step, torch's own parameters, gradient and optimizer
state from before that step (the engine's state fields are named after torch's ``optimizer.state``
keys), and measures how far the engine's result is from torch's after the step. That isolates the
update rule from error accumulation: if every single step agrees to an ulp or two, a difference that
grows over 500 steps can only be the amplification of rounding by the dynamics.
"""

from __future__ import annotations

import numpy as np
import torch

from errorscape.optimizers import OPTIMIZERS

from .twins import Twin

#: id -> (torch.optim class, the keyword arguments that make it this id)
TORCH = {
    "sgd": ("SGD", {"momentum": 0.0}),
    "momentum": ("SGD", {}),
    "nesterov": ("SGD", {"nesterov": True}),
    "adagrad": ("Adagrad", {}),
    "rmsprop": ("RMSprop", {}),
    "adadelta": ("Adadelta", {}),
    "adam": ("Adam", {}),
    "adamw": ("AdamW", {}),
    "amsgrad": ("Adam", {"amsgrad": True}),
    "adamax": ("Adamax", {}),
    "nadam": ("NAdam", {}),
    "radam": ("RAdam", {}),
}


def resolved(optimizer_id: str, setting: dict) -> dict:
    """The engine's full hyperparameters: the spec's defaults overridden by ``setting``."""
    return {**OPTIMIZERS[optimizer_id].defaults(), **setting}


def torch_kwargs(optimizer_id: str, hyper: dict) -> dict:
    """Our names to torch's: betas joined; every value passed explicitly; the single-tensor path."""
    kw = dict(hyper)
    if "beta1" in kw:
        kw["betas"] = (kw.pop("beta1"), kw.pop("beta2"))
    return {**TORCH[optimizer_id][1], **kw, "foreach": False}


def torch_optimizer(optimizer_id: str, hyper: dict):
    """A factory ``params -> torch.optim.Optimizer`` for ``twins.theirs``."""
    cls = getattr(torch.optim, TORCH[optimizer_id][0])
    return lambda params: cls(params, **torch_kwargs(optimizer_id, hyper))


def _to_numpy(value):
    if isinstance(value, torch.Tensor):
        return value.item() if value.ndim == 0 else value.detach().numpy().copy()
    return value


def torch_run(optimizer_id: str, hyper: dict, twin: Twin, steps: int) -> tuple[np.ndarray, float]:
    """torch's trajectory (steps, runs, d), and the engine's largest one-step difference from it.

    At every step the engine takes torch's parameters and gradient twice: once with torch's optimizer
    state from before the step (checks the update rule), once with the state the engine itself
    produced on the previous such step (checks the engine's state updates by their effect on the
    parameters). Differences are relative to max|θ before| + max|θ after|.
    """
    engine = OPTIMIZERS[optimizer_id].factory(**hyper)
    p = torch.tensor(twin.starts, dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(optimizer_id, hyper)([p])
    trajectory = np.empty((steps, *twin.starts.shape))
    carried = engine.init(twin.starts)
    worst = 0.0
    for step in range(1, steps + 1):
        opt.zero_grad()
        twin.loss(p, torch).sum().backward()
        before, grad = p.detach().numpy().copy(), p.grad.numpy().copy()
        state = type(carried)(**{f: _to_numpy(opt.state[p].get(f, getattr(carried, f))) for f in carried._fields})
        from_torch_state, next_carried = engine.update(grad, state, before, step)
        from_own_state, _ = engine.update(grad, carried, before, step)
        carried = next_carried
        opt.step()
        after = trajectory[step - 1] = p.detach().numpy()
        scale = np.abs(before).max() + np.abs(after).max()
        worst = max(worst, np.abs(from_torch_state - after).max() / scale,
                    np.abs(from_own_state - after).max() / scale)
    return trajectory, worst
