"""Collects every optimizer by id, in the order the picker shows them."""

from __future__ import annotations

from . import adadelta, adagrad, adam, adamax, lion, nadam, newton, perturbed_gd, radam, rmsprop, sgd
from .base import OptimizerSpec

MODULES = (sgd, adagrad, rmsprop, adadelta, adam, adamax, nadam, radam, lion, newton, perturbed_gd)
OPTIMIZERS: dict[str, OptimizerSpec] = {s.id: s for module in MODULES for s in module.SPECS}


def get_optimizer(optimizer_id: str) -> OptimizerSpec | None:
    return OPTIMIZERS.get(optimizer_id)
