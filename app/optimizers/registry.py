"""Collects every optimizer by id, in the order the picker shows them."""

from __future__ import annotations

from . import sgd
from .base import OptimizerSpec

OPTIMIZERS: dict[str, OptimizerSpec] = {s.id: s for module in (sgd,) for s in module.SPECS}


def get_optimizer(optimizer_id: str) -> OptimizerSpec | None:
    return OPTIMIZERS.get(optimizer_id)
