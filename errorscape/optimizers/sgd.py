"""Stochastic gradient descent, with heavy-ball or Nesterov momentum: torch.optim.SGD.

Three ids share the one implementation below: ``sgd`` (momentum 0), ``momentum`` and ``nesterov``.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import numpy as np

from . import hyperparams as hp
from .base import Array, LearningRate, Optimizer, OptimizerSpec, Param, any_on, lr_at, trace, where_on
from .kernels import l2_penalty


class SGDState(NamedTuple):
    momentum_buffer: Array | None  # None until the first step (torch creates it then), and when μ = 0


def sgd(lr: LearningRate = 1e-3, momentum: float = 0.0, dampening: float = 0.0, weight_decay: float = 0.0,
        nesterov: bool = False) -> Optimizer:
    """torch.optim.SGD (single-tensor code path).

    With g ← ∇f(θ) + λθ (L2 weight decay, skipped when λ = 0)::

        μ = 0:   θ ← θ − γ·g
        μ > 0:   b ← g                        on the first step (no dampening then)
                 b ← μ·b + (1 − τ)·g          afterwards (τ = dampening)
                 d ← g + μ·b  (nesterov)  or  d ← b
                 θ ← θ − γ·d

    torch requires μ > 0 and τ = 0 for nesterov; here nesterov with μ = 0 is plain SGD.
    """

    def init(params: Array) -> SGDState:
        return SGDState(momentum_buffer=None)

    def update(grads: Array, state: SGDState, params: Array, step: int) -> tuple[Array, SGDState]:
        g = l2_penalty(grads, params, weight_decay)
        rate = lr_at(lr, step)
        buf = state.momentum_buffer
        if any_on(momentum):
            old = buf
            buf = g.copy() if buf is None else buf * momentum + (1.0 - dampening) * g
            d = g + momentum * buf if nesterov else buf
            # the part of the step the old velocity b makes: −γμb (−γμ²b with nesterov); the rest is the gradient's
            trace(from_momentum=lambda: np.zeros_like(g) if old is None else
                  (-rate) * (momentum * momentum if nesterov else momentum) * old)
            g = where_on(momentum, d, g)  # runs of a sweep with μ = 0 take plain steps, as alone
        trace(effective_lr=lambda: rate + np.zeros_like(g))
        return params + (-rate) * g, SGDState(buf)

    return Optimizer(init, update)


def _dampening() -> Param:
    return Param("dampening", 0.0, 0.0, 1.0, description="dampening τ: new gradients enter the velocity as (1 − τ)·g")


SPECS = [
    OptimizerSpec(
        id="sgd",
        name="SGD",
        description="Plain gradient descent: step straight down the slope, γ times the gradient. Zig-zags across "
        "narrow valleys, crawls on plateaus and stops at the first critical point it reaches.",
        params=(hp.lr(1e-3), hp.weight_decay()),
        factory=partial(sgd, momentum=0.0),
        torch="torch.optim.SGD(params, lr=1e-3, momentum=0)",
    ),
    OptimizerSpec(
        id="momentum",
        name="Momentum",
        description="Heavy-ball SGD: a velocity accumulates past gradients, so steps grow along consistent "
        "slopes and oscillations across a valley cancel out. It can overshoot and roll past minima.",
        params=(hp.lr(1e-3), hp.momentum(0.9), _dampening(), hp.weight_decay()),
        factory=partial(sgd, momentum=0.9),
        torch="torch.optim.SGD(params, lr=1e-3, momentum=0.9)  (torch's default momentum is 0: that is `sgd`)",
    ),
    OptimizerSpec(
        id="nesterov",
        name="Nesterov",
        description="SGD with Nesterov momentum: the step looks ahead along the velocity, "
        "which damps the overshooting of plain momentum.",
        params=(hp.lr(1e-3), hp.momentum(0.9), hp.weight_decay()),
        factory=partial(sgd, momentum=0.9, nesterov=True),
        torch="torch.optim.SGD(params, lr=1e-3, momentum=0.9, nesterov=True)",
    ),
]
