"""The hyperparameters several optimizers share, declared once (name, range, slider, description).

Ranges are what the API accepts, both ends inclusive, and are chosen so that every value inside them
is numerically safe: lr > 0 (a log slider needs it), ε > 0 (Adam's first step is 0/0 without it),
β < 1 (β = 1 makes the bias correction 1 − βᵗ zero). torch accepts wider ranges.
"""

from __future__ import annotations

from .base import Param

BELOW_ONE = 0.999999  # the largest β/α/μ the API accepts: [0, 1) in practice


def lr(default: float) -> Param:
    return Param("lr", default, 1e-8, 10.0, log=True, description="learning rate γ")


def eps(default: float, where: str) -> Param:
    return Param("eps", default, 1e-16, 1.0, log=True, description=f"ε {where}")


def weight_decay(default: float = 0.0, decoupled: bool = False) -> Param:
    what = "decoupled weight decay λ: θ ← θ(1 − γλ)" if decoupled else "L2 weight decay λ: g ← g + λθ"
    return Param("weight_decay", default, 0.0, 1.0, description=what)


def beta1(default: float = 0.9) -> Param:
    return Param("beta1", default, 0.0, BELOW_ONE, description="β₁: decay of the gradient average m")


def beta2(default: float = 0.999) -> Param:
    return Param("beta2", default, 0.0, BELOW_ONE, description="β₂: decay of the squared-gradient average v")


def momentum(default: float, what: str = "momentum μ: the velocity keeps μ of itself each step") -> Param:
    return Param("momentum", default, 0.0, BELOW_ONE, description=what)


def flag(name: str, description: str, default: bool = False) -> Param:
    return Param(name, default, description=description, type="bool")


def adam_family(lr_default: float, eps_where: str, weight_decay_default: float = 0.0,
                decoupled: bool = False) -> tuple[Param, ...]:
    """lr, beta1, beta2, eps, weight_decay: the block every Adam variant starts with."""
    return (lr(lr_default), beta1(), beta2(), eps(1e-8, eps_where), weight_decay(weight_decay_default, decoupled))


DECOUPLED_FLAG = flag("decoupled_weight_decay", "shrink the weights by γλ (AdamW-style) instead of adding λθ to g")
