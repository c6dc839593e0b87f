"""Optimizers: torch.optim's update rules as optax-style (init, update) pairs (see base)."""

from .base import LearningRate, Optimizer, OptimizerSpec, Param, lr_at
from .registry import OPTIMIZERS, get_optimizer

__all__ = ["LearningRate", "Optimizer", "OptimizerSpec", "Param", "lr_at", "OPTIMIZERS", "get_optimizer"]
