"""Adamax: Adam with the infinity norm in place of the root mean square (torch.optim.Adamax)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import hyperparams as hp
from .base import Array, LearningRate, Optimizer, OptimizerSpec, lr_at, per_run, trace
from .kernels import add_scaled_ratio, l2_penalty, lerp


class AdamaxState(NamedTuple):
    exp_avg: Array  # m: average of gradients
    exp_inf: Array  # u: decaying max of |g|


def adamax(lr: LearningRate = 2e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
           weight_decay: float = 0.0) -> Optimizer:
    """torch.optim.Adamax (single-tensor code path). At update t = 1, 2, ... with m₀ = u₀ = 0::

        g ← g + λθ                          (L2 weight decay)
        m ← m + (1 − β₁)(g − m)
        u ← max(β₂u, |g| + ε)               (ε inside the max: u > 0 always)
        θ ← θ − γ/(1 − β₁ᵗ) · m/u

    Only m is bias-corrected (u needs none). The first step is γ·g/(|g| + ε) ≈ γ·sign(g).
    """

    def init(params: Array) -> AdamaxState:
        zeros = np.zeros_like(params)
        return AdamaxState(zeros, zeros)

    def update(grads: Array, state: AdamaxState, params: Array, step: int) -> tuple[Array, AdamaxState]:
        g = l2_penalty(grads, params, weight_decay)
        m = lerp(state.exp_avg, g, 1.0 - beta1)
        abs_g = np.abs(g)
        abs_g += eps
        u = np.maximum(state.exp_inf * beta2, abs_g)
        clr = lr_at(lr, step) / per_run(lambda b1: 1 - b1**step, beta1)
        trace(effective_lr=lambda: clr / u, from_momentum=lambda: (-clr) * beta1 * state.exp_avg / u,
              bias_correction1=lambda: per_run(lambda b1: 1 - b1**step, beta1))
        return add_scaled_ratio(params, -clr, m, u), AdamaxState(m, u)

    return Optimizer(init, update)


SPECS = [
    OptimizerSpec(
        id="adamax",
        name="Adamax",
        description="Adam's variant that divides by a decaying maximum of |g| instead of an RMS: "
        "one huge gradient is remembered as the scale for a long time.",
        params=hp.adam_family(2e-3, "added to |g| inside the max"),
        factory=adamax,
        torch="torch.optim.Adamax(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)",
    ),
]
