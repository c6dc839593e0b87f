"""NAdam: Adam with Nesterov momentum and a momentum warm-up schedule (torch.optim.NAdam)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import hyperparams as hp
from .base import Array, LearningRate, Optimizer, OptimizerSpec, Param, lr_at, per_run
from .kernels import add_scaled_ratio, ema_of_squares, lerp
from .kernels import weight_decay as apply_weight_decay


class NAdamState(NamedTuple):
    exp_avg: Array  # m
    exp_avg_sq: Array  # v
    mu_product: float  # Πₖ₌₁ᵗ μₖ (one number: every run takes the same steps)


def nadam(lr: LearningRate = 2e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
          weight_decay: float = 0.0, momentum_decay: float = 4e-3, decoupled_weight_decay: bool = False) -> Optimizer:
    """torch.optim.NAdam (single-tensor code path). At update t = 1, 2, ... with m₀ = v₀ = 0, Π₀ = 1::

        g ← g + λθ   (coupled)   or   θ ← θ(1 − γλ)   (decoupled_weight_decay)
        μₜ = β₁(1 − ½·0.96^(tψ)),  μₜ₊₁ = β₁(1 − ½·0.96^((t+1)ψ))     (ψ = momentum_decay)
        Πₜ = Πₜ₋₁·μₜ
        m ← m + (1 − β₁)(g − m);   v ← β₂v + (1 − β₂)g²
        r = √(v/(1 − β₂ᵗ)) + ε              (ε after bias correction, outside the root)
        θ ← θ − γ(1 − μₜ)/(1 − Πₜ) · g/r − γμₜ₊₁/(1 − Πₜμₜ₊₁) · m/r

    torch keeps Π in the default dtype (float32 unless torch.set_default_dtype(torch.float64));
    here it is float64 throughout, which is what torch computes in float64 mode.
    """

    def init(params: Array) -> NAdamState:
        zeros = np.zeros_like(params)
        return NAdamState(zeros, zeros, 1.0)

    def update(grads: Array, state: NAdamState, params: Array, step: int) -> tuple[Array, NAdamState]:
        rate = lr_at(lr, step)
        g, params = apply_weight_decay(grads, params, rate, weight_decay, decoupled_weight_decay)
        mu = beta1 * (1.0 - 0.5 * per_run(lambda psi: 0.96 ** (step * psi), momentum_decay))
        mu_next = beta1 * (1.0 - 0.5 * per_run(lambda psi: 0.96 ** ((step + 1) * psi), momentum_decay))
        mu_product = state.mu_product * mu
        m = lerp(state.exp_avg, g, 1.0 - beta1)
        v = ema_of_squares(state.exp_avg_sq, g, beta2)
        denom = np.sqrt(v / per_run(lambda b2: 1 - b2**step, beta2))
        denom += eps
        params = add_scaled_ratio(params, -rate * (1.0 - mu) / (1.0 - mu_product), g, denom)
        params = add_scaled_ratio(params, (-rate * mu_next) / (1.0 - mu_product * mu_next), m, denom)
        return params, NAdamState(m, v, mu_product)

    return Optimizer(init, update)


SPECS = [
    OptimizerSpec(
        id="nadam",
        name="NAdam",
        description="Adam with Nesterov's look-ahead: the step uses the next momentum value, so it reacts "
        "a little faster when the slope turns.",
        params=(
            *hp.adam_family(2e-3, "added to √v̂ (after bias correction)"),
            Param("momentum_decay", 4e-3, 0.0, 1.0, description="ψ: μₜ = β₁(1 − ½·0.96^(tψ)) warms momentum up"),
            hp.DECOUPLED_FLAG,
        ),
        factory=nadam,
        torch="torch.optim.NAdam(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, "
        "momentum_decay=4e-3, decoupled_weight_decay=False)",
    ),
]
