"""Learning-rate schedules: closed forms of torch's StepLR, ExponentialLR and CosineAnnealingLR.

``make_schedule(lr, ...)`` returns a pure function ``step -> lr`` for update number step = 1, 2, ...
(the optimizers read it with ``lr_at``). With W = warmup and k = step − W (the schedule's own clock)::

    warm-up   step ≤ W:   γ·step/W                       (linear: γ/W on the first update, γ on the W-th)
    constant:             γ
    step:                 γ·gamma^⌊(k − 1)/step_size⌋
    exponential:          γ·gamma^(k − 1)
    cosine:               η_min + (γ − η_min)·(1 + cos(π·(k − 1)/t_max))/2

Without warm-up, update k uses the lr torch's scheduler holds after k − 1 calls of ``scheduler.step()``
(one per ``optimizer.step()``), i.e. torch's ``_get_closed_form_lr`` at last_epoch = k − 1. With warm-up
it is torch's ``SequentialLR([LinearLR(start_factor=1/W, total_iters=W − 1), <schedule>], milestones=[W])``.
torch's schedulers are "chainable": each ``step()`` updates the previous lr (StepLR and ExponentialLR
multiply it by gamma, CosineAnnealingLR and LinearLR by a ratio of consecutive terms). That is the same
sequence mathematically but differs from the closed form by float rounding, a few ulps after many
steps (tests/optimizers/test_schedules.py measures it). Past t_max the cosine rises again, as torch's does.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from .base import Param

#: Each schedule's display name and the parameters it reads (warmup applies to every schedule). The first
#: is the default; the API and the page learn the list from here (GET /api/schedules).
SCHEDULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "constant": ("Constant", ("warmup",)),
    "step": ("Step decay", ("warmup", "step_size", "gamma")),
    "exponential": ("Exponential decay", ("warmup", "gamma")),
    "cosine": ("Cosine annealing", ("warmup", "t_max", "eta_min")),
}
SCHEDULE_NAMES = tuple(SCHEDULES)
SCHEDULE_USES: dict[str, tuple[str, ...]] = {name: uses for name, (_, uses) in SCHEDULES.items()}
DEFAULT_GAMMA = {"step": 0.1, "exponential": 0.99}  # StepLR's default; ExponentialLR has none in torch

SCHEDULE_PARAMS: tuple[Param, ...] = (
    Param("warmup", 0, 0, 10_000, description="linear warm-up over this many updates (0: none)", type="int"),
    Param("step_size", 100, 1, 100_000, description="step: multiply the lr by gamma every step_size updates",
          type="int"),
    Param("gamma", None, 1e-6, 1.0, description="step/exponential: decay factor (default 0.1 for step, "
          "0.99 for exponential)"),
    Param("t_max", None, 1, 100_000, description="cosine: updates from γ down to eta_min (default: the run's steps)",
          type="int"),
    Param("eta_min", 0.0, 0.0, 10.0, description="cosine: the lowest learning rate"),
)


def make_schedule(lr: float, schedule: str = "constant", warmup: int = 0, step_size: int = 100,
                  gamma: float | None = None, t_max: int | None = None,
                  eta_min: float = 0.0) -> Callable[[int], float]:
    """The learning rate for update number ``step`` (1-based), as in the module docstring.

    ``gamma=None`` takes the schedule's default (``DEFAULT_GAMMA``); cosine needs ``t_max``.
    Raises ValueError for an unknown schedule or a missing/invalid argument.
    """
    lr = lr if isinstance(lr, np.ndarray) else float(lr)  # a per-run column in a hyperparameter map
    if schedule not in SCHEDULE_NAMES:
        raise ValueError(f"schedule: must be one of {', '.join(SCHEDULE_NAMES)} (got {schedule!r})")
    if warmup < 0 or step_size < 1:
        raise ValueError("warmup must be >= 0 and step_size >= 1")
    gamma = DEFAULT_GAMMA.get(schedule) if gamma is None else float(gamma)
    if schedule == "cosine" and (t_max is None or t_max < 1):
        raise ValueError("t_max: the cosine schedule needs t_max >= 1")

    def after_warmup(k: int) -> float:
        if schedule == "step":
            return lr * gamma ** ((k - 1) // step_size)
        if schedule == "exponential":
            return lr * gamma ** (k - 1)
        if schedule == "cosine":
            return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * (k - 1) / t_max)) / 2
        return lr

    def at(step: int) -> float:
        if step <= warmup:
            return lr * step / warmup
        return after_warmup(step - warmup)

    return at


def describe_schedules() -> list[dict]:
    """For the API and the UI: each schedule with the parameters it reads."""
    specs = {p.name: p for p in SCHEDULE_PARAMS}
    return [{"id": name, "name": label, "params": [specs[n].describe() for n in uses]}
            for name, (label, uses) in SCHEDULES.items()]
