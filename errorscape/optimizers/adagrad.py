"""Adagrad: per-weight step sizes from the sum of all past squared gradients (torch.optim.Adagrad)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import hyperparams as hp
from .base import Array, LearningRate, Optimizer, OptimizerSpec, Param, lr_at, trace
from .kernels import add_scaled_ratio, l2_penalty


class AdagradState(NamedTuple):
    sum: Array  # s: running sum of squared gradients


def adagrad(lr: LearningRate = 1e-2, lr_decay: float = 0.0, weight_decay: float = 0.0,
            initial_accumulator_value: float = 0.0, eps: float = 1e-10) -> Optimizer:
    """torch.optim.Adagrad (single-tensor, dense code path). At update t = 1, 2, ... with s₀ = a::

        g ← g + λθ                          (L2 weight decay)
        γₜ = γ / (1 + (t − 1)·η)            (η = lr_decay)
        s ← s + g²
        θ ← θ − γₜ · g / (√s + ε)           (ε outside the square root)

    No bias correction and no forgetting: s only grows, so steps shrink like 1/√t even on a slope.
    With a = 0 the first step is γ·g/(|g| + ε) ≈ γ·sign(g).
    """

    def init(params: Array) -> AdagradState:
        return AdagradState(np.full_like(params, initial_accumulator_value))

    def update(grads: Array, state: AdagradState, params: Array, step: int) -> tuple[Array, AdagradState]:
        g = l2_penalty(grads, params, weight_decay)
        clr = lr_at(lr, step) / (1 + (step - 1) * lr_decay)
        total = state.sum + g * g
        std = np.sqrt(total)
        std += eps
        trace(effective_lr=lambda: clr / std)
        return add_scaled_ratio(params, -clr, g, std), AdagradState(total)

    return Optimizer(init, update)


SPECS = [
    OptimizerSpec(
        id="adagrad",
        name="Adagrad",
        description="Divides each weight's step by the root of its summed squared gradients: steep directions "
        "slow down, gentle ones keep up. The sum never forgets, so every step shrinks over time.",
        params=(
            hp.lr(1e-2),
            Param("lr_decay", 0.0, 0.0, 1.0, description="lr decay η: γₜ = γ/(1 + (t − 1)η)"),
            hp.weight_decay(),
            Param("initial_accumulator_value", 0.0, 0.0, 10.0, description="starting value of the sum of squares"),
            hp.eps(1e-10, "added to √(sum of squares)"),
        ),
        factory=adagrad,
        torch="torch.optim.Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, "
        "eps=1e-10)",
    ),
]
