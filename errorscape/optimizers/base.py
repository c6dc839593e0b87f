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
- Any float hyperparameter may instead be a per-run column, shape (runs, 1), broadcast like the weights
  (a hyperparameter map runs thousands of settings as one batch). Scalar-only maths (βᵗ, a branch on
  a hyperparameter) goes through ``per_run``, so each run takes bit for bit the steps it takes alone.
- ``trace(name=lambda: ...)`` records a derived quantity of the step (an effective step size, a bias
  correction) when a caller inspects the optimizer (``tracing()``); otherwise it costs nothing.
- The update rule and the defaults are torch.optim's (float64), so trajectories match PyTorch's.
- Second-order methods (``needs_hessian``) take a ``hessian`` callable (runs, d) -> (runs, d, d).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Callable, Literal, NamedTuple, Union

import numpy as np

Array = np.ndarray
Schedule = Callable[[int], float]
LearningRate = Union[float, Schedule]


class Optimizer(NamedTuple):
    init: Callable[[Array], Any]
    update: Callable[[Array, Any, Array, int], tuple[Array, Any]]


def lr_at(lr: LearningRate, step: int) -> float | Array:
    """The learning rate in force for update number ``step`` (1-based): a float, or a per-run column."""
    value = lr(step) if callable(lr) else lr
    return value if isinstance(value, np.ndarray) else float(value)


_DISTINCT: dict[int, tuple] = {}  # id(column) -> (column, distinct values, index): a map's few columns


def _distinct(column: Array) -> tuple[Array, Array]:
    hit = _DISTINCT.get(id(column))
    if hit is None or hit[0] is not column:
        if len(_DISTINCT) > 64:
            _DISTINCT.clear()
        values, index = np.unique(column, axis=0, return_inverse=True)
        hit = _DISTINCT[id(column)] = (column, values, index.reshape(-1))
    return hit[1], hit[2]


def is_column(hyper: float | Array) -> bool:
    """Whether a hyperparameter is a per-run column rather than one number.

    Why not ``np.ndim``: on a Python float it converts to an array first, ~5 µs every step of every
    optimizer; a one-run stream's whole update is a few dozen such microseconds.
    """
    return isinstance(hyper, np.ndarray) and hyper.ndim > 0


def per_run(fn: Callable[[float], float], hyper: float | Array) -> float | Array:
    """``fn(hyper)`` for a scalar hyperparameter. For a per-run column (runs, 1), ``fn`` is called with a
    Python float once per distinct value, exactly as the scalar code calls it, and the results come back
    as a column: powers like βᵗ then round as they do for one run alone (numpy's vectorised ``power``
    may differ from libm's by an ulp)."""
    if not is_column(hyper):
        return fn(hyper)
    values, index = _distinct(hyper)
    out = np.array([fn(float(v)) for v in values.reshape(-1)], dtype=np.float64)
    return out[index].reshape(hyper.shape)


def any_on(hyper: float | Array) -> bool:
    """Whether any run uses the feature a hyperparameter switches on (momentum, weight decay)."""
    return bool(hyper.any()) if isinstance(hyper, np.ndarray) else bool(hyper)


def where_on(hyper: float | Array, on: Array, off: Array) -> Array:
    """``on`` for the runs whose ``hyper`` is non-zero, ``off`` for the others (as each run computes alone)."""
    if not is_column(hyper):
        return on if hyper else off
    if hyper.all():
        return on
    return np.where(hyper != 0, on, off)


_TRACE: ContextVar[dict | None] = ContextVar("optimizer_trace", default=None)


def trace(**quantities: Callable[[], Any]) -> None:
    """Record derived quantities of the current step, named as in the optimizer's docstring, if asked."""
    out = _TRACE.get()
    if out is not None:
        for name, value in quantities.items():
            out[name] = value()


@contextmanager
def tracing():
    """Collect what ``update`` traces: ``with tracing() as seen: opt.update(...)``; ``seen`` is a dict."""
    seen: dict = {}
    token = _TRACE.set(seen)
    try:
        yield seen
    finally:
        _TRACE.reset(token)


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
    sweeps: bool = True  # its float hyperparameters may be per-run columns (hyperparameter maps, tuning)

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
