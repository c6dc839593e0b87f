"""Stochastic gradient descent (placeholder: the optimizers work replaces this)."""

from typing import NamedTuple

import numpy as np

from .base import Optimizer, OptimizerSpec, Param, lr_at


class SGDState(NamedTuple):
    pass


def sgd(lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False) -> Optimizer:
    """θ ← θ − γ g (momentum 0)."""

    def init(params):
        return SGDState()

    def update(grads, state, params, step):
        g = grads + weight_decay * params if weight_decay else grads
        return params - lr_at(lr, step) * g, state

    return Optimizer(init, update)


SPECS = [
    OptimizerSpec(
        id="sgd",
        name="SGD",
        description="Plain gradient descent: step against the gradient.",
        params=(Param("lr", 1e-3, 1e-6, 10.0, log=True, description="learning rate γ"),
                Param("weight_decay", 0.0, 0.0, 1.0, description="L2 penalty λ")),
        factory=lambda **kw: sgd(**kw),
        torch="torch.optim.SGD(params, lr, momentum=0)",
    )
]
