"""Adadelta: a step whose units come from the running size of past steps (torch.optim.Adadelta)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import hyperparams as hp
from .base import Array, LearningRate, Optimizer, OptimizerSpec, Param, lr_at, trace
from .kernels import ema_of_squares, l2_penalty


class AdadeltaState(NamedTuple):
    square_avg: Array  # v: average of squared gradients
    acc_delta: Array  # u: average of squared updates


def adadelta(lr: LearningRate = 1.0, rho: float = 0.9, eps: float = 1e-6, weight_decay: float = 0.0) -> Optimizer:
    """torch.optim.Adadelta (single-tensor code path). With v₀ = u₀ = 0::

        g ← g + λθ                          (L2 weight decay)
        v ← ρv + (1 − ρ)g²
        Δ = √(u + ε) / √(v + ε) · g         (ε inside both square roots)
        u ← ρu + (1 − ρ)Δ²
        θ ← θ − γΔ

    No bias correction. The first step is γ·√ε·g/√((1 − ρ)g² + ε): tiny (≈ 3e-3·γ·sign(g) with the
    defaults), and steps grow as u fills up, which is why Adadelta starts slowly.
    """

    def init(params: Array) -> AdadeltaState:
        zeros = np.zeros_like(params)
        return AdadeltaState(zeros, zeros)

    def update(grads: Array, state: AdadeltaState, params: Array, step: int) -> tuple[Array, AdadeltaState]:
        g = l2_penalty(grads, params, weight_decay)
        v = ema_of_squares(state.square_avg, g, rho)
        std = np.sqrt(v + eps)
        delta = np.sqrt(state.acc_delta + eps)
        delta /= std
        trace(effective_lr=lambda: lr_at(lr, step) * delta)
        delta *= g
        u = ema_of_squares(state.acc_delta, delta, rho)
        return params + (-lr_at(lr, step)) * delta, AdadeltaState(v, u)

    return Optimizer(init, update)


SPECS = [
    OptimizerSpec(
        id="adadelta",
        name="Adadelta",
        description="Scales each step by the ratio of the RMS of recent updates to the RMS of recent gradients, "
        "so it needs almost no learning rate (torch still multiplies by γ = 1). It starts very slowly.",
        params=(
            hp.lr(1.0),
            Param("rho", 0.9, 0.0, 1.0, description="ρ: decay of both running averages"),
            hp.eps(1e-6, "inside both square roots"),
            hp.weight_decay(),
        ),
        factory=adadelta,
        torch="torch.optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0)",
    ),
]
