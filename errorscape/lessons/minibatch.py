"""Minibatch SGD on the two-weight network surfaces: each step's gradient comes from a seeded minibatch.

A network surface is E(w) = mean_k ℓ(ŷ(w; x_k), y_k) over its dataset (``surfaces.networks``). The
minibatch surface of step t is the same mean over the B examples drawn for that step::

    batch(t) = sorted(default_rng([seed, 0xBA7C4, t]).choice(n, B, replace=False))

Every run of a view sees the same batch at step t (as one data loader would serve it), and the page
can draw exactly the surface that produced the step. The engine's frames still report the *full-data*
loss and gradient, so the loss curve is honest; only the update uses the minibatch gradient (through
``Group.stochastic_gradient``). With B = n the minibatch surface is the full surface.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

import numpy as np

from ..errors import ParamError
from ..limits import Limits
from ..runs.plan import RunPlan, build_plan, entry_from_query
from ..surfaces import SURFACES, Domain, networks
from ..surfaces.datasets import Dataset
from ..surfaces.grid import grid_values

#: surface id -> (model, loss) of the network surfaces; their datasets are in the surface's ``extra``.
MODELS = {
    "deep-linear": (networks.DEEP_LINEAR, networks.MSE),
    "tanh-net": (networks.TANH_NET, networks.MSE),
    "tanh-pair": (networks.TANH_PAIR, networks.MSE),
    "sigmoid-neuron": (networks.SIGMOID_NEURON, networks.MSE),
    "logistic-regression": (networks.LOGIT, networks.CROSS_ENTROPY),
}


def dataset(surface_id: str) -> Dataset:
    extra = SURFACES[surface_id].extra
    return Dataset(np.asarray(extra["x"], dtype=np.float64), np.asarray(extra["y"], dtype=np.float64), extra["data"])


def check(surface_id: str, batch_size: int) -> None:
    if surface_id not in MODELS:
        raise ParamError("surface", f"minibatches need a network surface; choose one of: {', '.join(MODELS)}")
    n = len(SURFACES[surface_id].extra["x"])
    if batch_size > n:
        raise ParamError("batch_size", f"must be between 1 and the dataset size {n}")


def batch_indices(n: int, batch_size: int, seed: int, step: int) -> np.ndarray:
    return np.sort(np.random.default_rng([seed, 0xBA7C4, step]).choice(n, batch_size, replace=False))


@lru_cache(maxsize=256)
def _batch_functions(surface_id: str, indices: tuple[int, ...]) -> dict:
    model, loss = MODELS[surface_id]
    data = dataset(surface_id)
    idx = np.array(indices)
    return networks.network(model, loss, Dataset(data.x[idx], data.y[idx], f"{len(idx)} of: {data.recipe}"))


def batch_functions(surface_id: str, batch_size: int, seed: int, step: int) -> tuple[np.ndarray, dict]:
    """(indices, {f, grad, hess}) of the minibatch surface used by update number ``step``."""
    idx = batch_indices(len(SURFACES[surface_id].extra["x"]), batch_size, seed, step)
    return idx, _batch_functions(surface_id, tuple(idx.tolist()))


@dataclass(frozen=True)
class MinibatchPlan(RunPlan):
    """A RunPlan whose groups take their gradient from the step's minibatch."""

    batch_size: int = 1

    def stochastic_gradient(self, rows: np.ndarray, step: int, group: int) -> np.ndarray:
        _, fns = batch_functions(self.surface.id, self.batch_size, self.seed, step)
        gx, gy = fns["grad"](rows[:, 0], rows[:, 1])
        return np.stack([gx, gy], axis=-1)

    def groups(self):
        groups = super().groups()
        for group in groups:
            group.stochastic_gradient = self.stochastic_gradient
        return groups

    def describe(self) -> dict:
        return {**super().describe(), "batch_size": self.batch_size,
                "dataset_size": len(self.surface.extra["x"])}


def minibatch_plan(req, limits: Limits, key: str = "") -> MinibatchPlan:
    """The runs API's plan for ``req`` (one optimizer, flat hyperparameters) with ``req.batch_size``."""
    check(req.surface, req.batch_size)
    plan = build_plan(req, [entry_from_query(req)], limits, key=key)
    return MinibatchPlan(**{f.name: getattr(plan, f.name) for f in fields(plan)}, batch_size=req.batch_size)


def compare_grids(surface, domain: Domain, batch_size: int, seed: int, step: int, n: int) -> dict:
    """The loss surface of update ``step``'s minibatch next to the full-data surface, on one n × n grid."""
    idx, fns = batch_functions(surface.id, batch_size, seed, step)
    full = grid_values(surface.f, n, domain.x, domain.y)
    batch = grid_values(fns["f"], n, domain.x, domain.y)
    zf, zb = np.array(full["z"], dtype=float), np.array(batch["z"], dtype=float)
    return {
        "surface": surface.id, "step": step, "seed": seed, "batch_size": batch_size,
        "batch": idx.tolist(), "x": full["x"], "y": full["y"], "full": full["z"], "minibatch": batch["z"],
        "max_abs_difference": float(np.nanmax(np.abs(zf - zb))),
        "full_argmin": _argmin(full, zf), "minibatch_argmin": _argmin(full, zb),
        **_minima_curve(surface, idx),
    }


def _minima_curve(surface, idx: np.ndarray) -> dict:
    """Where the global minima form a curve (deep-linear's hyperbola w₁·w₂ = c), each surface's c.

    A grid's lowest point is then an arbitrary point of the curve: the page draws the whole set. The
    minibatch's own minima satisfy the same equation with c = Σxy / Σx² over the batch.
    """
    if "product" not in surface.extra:
        return {}
    data = dataset(surface.id)
    xb, yb = data.x[idx], data.y[idx]
    return {"minima_curve": {"equation": "w₁·w₂ = c", "full": surface.extra["product"],
                             "minibatch": float(xb @ yb / (xb @ xb))}}


def _argmin(grid: dict, z: np.ndarray) -> dict:
    i, j = np.unravel_index(np.nanargmin(z), z.shape)
    return {"x": grid["x"][j], "y": grid["y"][i], "loss": float(z[i, j])}
