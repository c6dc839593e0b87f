"""RAdam: Adam whose adaptive step is switched on, and rectified, only once v is trustworthy."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import hyperparams as hp
from .base import Array, LearningRate, Optimizer, OptimizerSpec, lr_at
from .kernels import ema_of_squares, lerp
from .kernels import weight_decay as apply_weight_decay


class RAdamState(NamedTuple):
    exp_avg: Array  # m
    exp_avg_sq: Array  # v


def radam(lr: LearningRate = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
          weight_decay: float = 0.0, decoupled_weight_decay: bool = False) -> Optimizer:
    """torch.optim.RAdam (single-tensor code path). At update t = 1, 2, ... with m₀ = v₀ = 0::

        g ← g + λθ   (coupled)   or   θ ← θ(1 − γλ)   (decoupled_weight_decay)
        m ← m + (1 − β₁)(g − m);   v ← β₂v + (1 − β₂)g²
        m̂ = m/(1 − β₁ᵗ)
        ρ∞ = 2/(1 − β₂) − 1,   ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ)
        ρₜ > 5:  rₜ = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))
                 θ ← θ − γ·m̂·√(1 − β₂ᵗ)/(√v + ε)·rₜ       (ε on the *uncorrected* √v)
        else:    θ ← θ − γ·m̂                               (plain momentum SGD, un-normalised)

    With β₂ = 0.999 the first five steps are un-normalised, so a steep start (Rosenbrock from
    (−1.2, 1) at γ = 1e-2) throws it far away, in torch too.
    """

    rho_inf = 2 / (1 - beta2) - 1

    def init(params: Array) -> RAdamState:
        zeros = np.zeros_like(params)
        return RAdamState(zeros, zeros)

    def update(grads: Array, state: RAdamState, params: Array, step: int) -> tuple[Array, RAdamState]:
        rate = lr_at(lr, step)
        g, params = apply_weight_decay(grads, params, rate, weight_decay, decoupled_weight_decay)
        m = lerp(state.exp_avg, g, 1.0 - beta1)
        v = ema_of_squares(state.exp_avg_sq, g, beta2)
        bias_correction2 = 1 - beta2**step
        scaled = m / (1 - beta1**step)
        scaled *= rate
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            root = np.sqrt(v)
            root += eps
            scaled *= bias_correction2**0.5 / root
            scaled *= rect
        return params - scaled, RAdamState(m, v)

    return Optimizer(init, update)


SPECS = [
    OptimizerSpec(
        id="radam",
        name="RAdam",
        description="Rectified Adam: takes plain momentum steps until its estimate of the gradient's variance "
        "is reliable, then Adam steps scaled by a rectification term (a built-in warm-up).",
        params=(*hp.adam_family(1e-3, "added to √v (before bias correction)"), hp.DECOUPLED_FLAG),
        factory=radam,
        sweeps=False,  # a branch on its hyperparameters (or on the run) is not written per run
        torch="torch.optim.RAdam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, "
        "decoupled_weight_decay=False)",
    ),
]
