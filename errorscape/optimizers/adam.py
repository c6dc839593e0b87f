"""Adam and the two variants that differ from it by one flag: AdamW (decoupled decay) and AMSGrad.

One implementation, ``adam``; the ids ``adam``, ``adamw`` and ``amsgrad`` are that function with flags.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import numpy as np

from . import hyperparams as hp
from .base import Array, LearningRate, Optimizer, OptimizerSpec, lr_at, per_run, trace
from .kernels import add_scaled_ratio, ema_of_squares, lerp
from .kernels import weight_decay as apply_weight_decay


class AdamState(NamedTuple):
    exp_avg: Array  # m: average of gradients
    exp_avg_sq: Array  # v: average of squared gradients
    max_exp_avg_sq: Array | None  # AMSGrad's running max of v (None without amsgrad)


def adam(lr: LearningRate = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
         weight_decay: float = 0.0, amsgrad: bool = False, decoupled_weight_decay: bool = False) -> Optimizer:
    """torch.optim.Adam / AdamW (single-tensor code path). At update t = 1, 2, ... with m₀ = v₀ = 0::

        g ← g + λθ                     (weight decay, coupled)   or   θ ← θ(1 − γλ)   (decoupled: AdamW)
        m ← m + (1 − β₁)(g − m)        (torch's lerp)
        v ← β₂v + (1 − β₂)g²
        v̂ ← max(v̂, v)                  (amsgrad only: the max of the raw v, not of the corrected one)
        θ ← θ − γ/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)       (√v̂ in place of √v with amsgrad)

    Bias correction divides m by 1 − β₁ᵗ and √v by √(1 − β₂ᵗ); ε is added *after* that correction,
    outside the square root. So the first step is γ·g/(|g| + ε) ≈ γ·sign(g) per coordinate.
    """

    def init(params: Array) -> AdamState:
        zeros = np.zeros_like(params)
        return AdamState(zeros, zeros, zeros if amsgrad else None)

    def update(grads: Array, state: AdamState, params: Array, step: int) -> tuple[Array, AdamState]:
        rate = lr_at(lr, step)
        g, params = apply_weight_decay(grads, params, rate, weight_decay, decoupled_weight_decay)
        m = lerp(state.exp_avg, g, 1.0 - beta1)
        v = ema_of_squares(state.exp_avg_sq, g, beta2)
        v_max = np.maximum(state.max_exp_avg_sq, v) if amsgrad else None
        denom = np.sqrt(v_max if amsgrad else v)
        denom /= per_run(lambda b2: (1.0 - b2**step) ** 0.5, beta2)
        denom += eps
        step_size = rate / per_run(lambda b1: 1.0 - b1**step, beta1)
        trace(effective_lr=lambda: step_size / denom, from_momentum=lambda: (-step_size) * beta1 * state.exp_avg / denom,
              bias_correction1=lambda: per_run(lambda b1: 1.0 - b1**step, beta1),
              bias_correction2=lambda: per_run(lambda b2: 1.0 - b2**step, beta2))
        return add_scaled_ratio(params, -step_size, m, denom), AdamState(m, v, v_max)

    return Optimizer(init, update)


def _params(weight_decay: float = 0.0, decoupled: bool = False) -> tuple:
    return hp.adam_family(1e-3, "added to √v̂ (after bias correction)", weight_decay, decoupled)


SPECS = [
    OptimizerSpec(
        id="adam",
        name="Adam",
        description="Momentum plus a per-weight step size from the running size of the gradient: every "
        "direction moves at about γ per step, so it crosses plateaus and handles badly scaled valleys.",
        params=_params(),
        factory=partial(adam, amsgrad=False, decoupled_weight_decay=False),
        torch="torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)",
    ),
    OptimizerSpec(
        id="adamw",
        name="AdamW",
        description="Adam with decoupled weight decay: the weights shrink by γλ each step instead of the "
        "decay being added to the gradient (where Adam's normalisation would undo it).",
        params=_params(1e-2, decoupled=True),
        factory=partial(adam, amsgrad=False, decoupled_weight_decay=True, weight_decay=1e-2),
        torch="torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2)",
    ),
    OptimizerSpec(
        id="amsgrad",
        name="AMSGrad",
        description="Adam that never lets its step-size denominator shrink (it keeps the largest v seen), "
        "which fixes Adam's convergence counter-examples at the price of slower late steps.",
        params=_params(),
        factory=partial(adam, amsgrad=True, decoupled_weight_decay=False),
        torch="torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=True)",
    ),
]
