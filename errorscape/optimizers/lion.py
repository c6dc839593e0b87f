"""Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): sign of an interpolated momentum."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import hyperparams as hp
from .base import Array, LearningRate, Optimizer, OptimizerSpec, lr_at
from .kernels import weight_decay as apply_weight_decay


class LionState(NamedTuple):
    exp_avg: Array  # m


def lion(lr: LearningRate = 1e-4, beta1: float = 0.9, beta2: float = 0.99, weight_decay: float = 0.0) -> Optimizer:
    """Lion, as in the paper's Algorithm 2 (and the reference lion-pytorch code). With m₀ = 0::

        θ ← θ(1 − γλ)                       (decoupled weight decay)
        c = β₁m + (1 − β₁)g
        θ ← θ − γ·sign(c)                   (sign(0) = 0)
        m ← β₂m + (1 − β₂)g

    Every coordinate moves by exactly γ (or 0) each step, whatever the gradient's size: no ε,
    no bias correction. The first step is γ·sign(g). Not in torch.optim.
    """

    def init(params: Array) -> LionState:
        return LionState(np.zeros_like(params))

    def update(grads: Array, state: LionState, params: Array, step: int) -> tuple[Array, LionState]:
        rate = lr_at(lr, step)
        _, params = apply_weight_decay(grads, params, rate, weight_decay, decoupled=True)
        direction = np.sign(state.exp_avg * beta1 + (1.0 - beta1) * grads)
        m = state.exp_avg * beta2 + (1.0 - beta2) * grads
        return params + (-rate) * direction, LionState(m)

    return Optimizer(init, update)


SPECS = [
    OptimizerSpec(
        id="lion",
        name="Lion",
        description="Moves every weight by exactly ±γ each step, in the direction of the sign of a momentum "
        "average: the gradient's size is ignored, only its sign counts. Found by program search (2023).",
        params=(hp.lr(1e-4), hp.beta1(0.9), hp.beta2(0.99), hp.weight_decay(0.0, decoupled=True)),
        factory=lion,
        torch=None,
    ),
]
