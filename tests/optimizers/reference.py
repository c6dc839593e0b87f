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


def untracked_state(optimizer_id: str, hyper: dict) -> set[str]:
    """The engine's state fields torch keeps no entry for with these hyperparameters (they are unused then)."""
    if optimizer_id in ("sgd", "momentum", "nesterov"):
        return {"momentum_buffer"} if hyper.get("momentum", 0.0) == 0 else set()  # μ = 0: torch keeps no buffer
    if optimizer_id == "rmsprop":
        return {name for name, used in (("grad_avg", hyper["centered"]), ("momentum_buffer", hyper["momentum"] > 0))
                if not used}
    if optimizer_id in ("adam", "adamw"):
        return {"max_exp_avg_sq"}  # only with amsgrad (the id "amsgrad")
    return set()


def step_gap(ours: np.ndarray, theirs: np.ndarray, scale: float) -> float:
    """max |ours − theirs| / scale; equal non-finite entries agree, any other non-finite one is inf."""
    same = (ours == theirs) | (np.isnan(ours) & np.isnan(theirs))
    if same.all():
        return 0.0
    gap = np.abs(np.where(same, 0.0, ours - theirs)).max() / scale
    return float(gap) if np.isfinite(gap) else np.inf


def _finite_size(a: np.ndarray) -> float:
    return float(np.abs(a[np.isfinite(a)]).max(initial=np.finfo(float).tiny))


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
    expected_untracked = untracked_state(optimizer_id, hyper)
    p = torch.tensor(twin.starts, dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(optimizer_id, hyper)([p])
    trajectory = np.empty((steps, *twin.starts.shape))
    carried = engine.init(twin.starts)
    worst = 0.0
    for step in range(1, steps + 1):
        opt.zero_grad()
        twin.loss(p, torch).sum().backward()
        before, grad = p.detach().numpy().copy(), p.grad.numpy().copy()
        untracked = set(carried._fields) - set(opt.state[p])
        if step > 1:  # torch creates its state on the first step
            assert untracked == expected_untracked, f"state fields not in torch's state: {untracked}"
        state = type(carried)(**{f: getattr(carried, f) if f in untracked else _to_numpy(opt.state[p][f])
                                 for f in carried._fields})
        from_torch_state, next_carried = engine.update(grad, state, before, step)
        from_own_state, _ = engine.update(grad, carried, before, step)
        carried = next_carried
        opt.step()
        after = trajectory[step - 1] = p.detach().numpy()
        scale = _finite_size(before) + _finite_size(after)
        worst = max(worst, step_gap(from_torch_state, after, scale), step_gap(from_own_state, after, scale))
    return trajectory, worst
