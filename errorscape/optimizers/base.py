"""The optimizer contract, in the spirit of optax.

An optimizer is a pair of pure functions built by a factory that closes over its hyperparameters::

    opt = adam(lr=1e-3, beta1=0.9, beta2=0.999)
    state = opt.init(params)                                  # params: (runs, d) float64
    params, state = opt.update(grads, state, params, step)    # step: 1, 2, 3, ... (torch's state['step'])

Rules every optimizer follows:
- Vectorised over runs: ``params`` and ``grads`` have shape (runs, d); nothing assumes d == 2.
- Pure: ``update`` returns new arrays and a new state; it never mutates its inputs.
- State is a ``NamedTuple`` of named arrays, so the maths reads like the docstring.
- ``lr`` may be a float or a schedule ``step -> float``; read it with ``lr_at(lr, step)``.
- The update rule and the defaults are torch.optim's (float64), so trajectories match PyTorch's.
- Second-order methods (``needs_hessian``) take a ``hessian`` callable (runs, d) -> (runs, d, d).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Literal, NamedTuple, Union

import numpy as np

Array = np.ndarray
Schedule = Callable[[int], float]
LearningRate = Union[float, Schedule]


class Optimizer(NamedTuple):
    init: Callable[[Array], Any]
    update: Callable[[Array, Any, Array, int], tuple[Array, Any]]


def lr_at(lr: LearningRate, step: int) -> float:
    """The learning rate in force for update number ``step`` (1-based)."""
    return float(lr(step)) if callable(lr) else float(lr)


@dataclass(frozen=True)
class Param:
    """One hyperparameter as the API and the UI see it (ranges are what the API accepts)."""

    name: str
    default: float | bool
    min: float | None = None
    max: float | None = None
    log: bool = False  # the UI uses a log slider
    description: str = ""
    type: Literal["float", "bool", "int"] = "float"

    def describe(self) -> dict:
        return {
            "name": self.name,
            "default": self.default,
            "min": self.min,
            "max": self.max,
            "log": self.log,
            "type": self.type,
            "description": self.description,
        }


@dataclass(frozen=True)
class OptimizerSpec:
    """A registered optimizer: its id, what it teaches, its hyperparameters and its factory.

    ``factory(**hyperparameters) -> Optimizer``; hyperparameter names are torch.optim's keyword
    arguments (``betas`` split into ``beta1``, ``beta2``). ``torch`` names the equivalent call.
    """

    id: str
    name: str
    description: str
    params: tuple[Param, ...]
    factory: Callable[..., Optimizer]
    torch: str | None = None
    needs_hessian: bool = False

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def describe(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "torch": self.torch,
            "needs_hessian": self.needs_hessian,
            "params": [p.describe() for p in self.params],
        }
