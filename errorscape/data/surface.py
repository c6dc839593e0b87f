"""The ``data`` surface: a model's loss over a dataset, resolved from a request's selection.

A request selects ``dataset`` (a built-in id, or an upload's ``u-…`` id), ``model``, ``loss``, ``l2``,
``data_seed`` and ``data_size`` (built-ins only), ``batch_size`` (minibatch SGD) and, for the trained
network, ``weights`` (which two of its weights are free). Built surfaces are
cached (``_BUILT``, bounded and expiring like the uploads, since they hold the data).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from typing import Callable

import numpy as np

from ..errors import ParamError
from ..lessons.minibatch import batch_indices
from ..surfaces.base import Surface
from ..surfaces.helpers import surface
from . import store
from .datasets import BUILTINS, CLASSIFICATION, DEFAULT_SIZE, Data
from .models import DEFAULT_LOSS, LOSSES, MODELS, Model
from .network import DEFAULT_CHOICE, DECAY, HIDDEN, LR, SEED as NET_SEED, STEPS, Slice, network_slice
from .objective import find_minima, loss_functions

SURFACE_ID = "data"
DEFAULT_DATASET = "moons"
DEFAULT_MODEL = {CLASSIFICATION: "logistic", "regression": "linear"}
MIN_SIZE, MAX_SIZE = 10, 5_000
_BUILT = store.ExpiringStore(max_entries=64)


@dataclasses.dataclass(frozen=True)
class DataSurface(Surface):
    """A Surface whose optimizer steps may use a minibatch's gradient (``batch_size``), seeded per step."""

    data: Data | None = None
    model: Model | None = None  # the two-weight model (for the network: trained on this data, its pair free)
    minibatch_gradient: Callable | None = None  # (rows, step, group) -> (runs, 2), the engine's hook


def load_data(dataset: str, size: int | None, seed: int) -> tuple[Data, str]:
    """The dataset a request names and the key that identifies it (a 404 for an unknown or expired upload)."""
    if dataset.startswith(store.PREFIX):
        data = store.recall(dataset)
        if data is None:
            raise ParamError("dataset", f"no uploaded dataset {dataset!r} on this server (unknown, or forgotten "
                             f"after {store.TTL / 60:g} minutes unused); upload the file again with POST "
                             "/api/datasets: the same file gets the same id", status=404)
        if size is not None:
            raise ParamError("data_size", "applies to built-in datasets only; an upload keeps all its rows")
        return data, dataset
    builtin = BUILTINS.get(dataset)
    if builtin is None:
        raise ParamError("dataset", f"unknown dataset {dataset!r}; choose one of: {', '.join(BUILTINS)}, or an "
                         "uploaded dataset's id (u-…)")
    size = DEFAULT_SIZE if size is None else size
    return builtin.build(size, seed), f"{dataset}:{size}:{seed}"


def _selection(req) -> tuple[str, int | None, int, str | None, str | None, float, int | None, int, str | None]:
    # A request without a data selection (a notebook's run, GET /api/surfaces) takes every default.
    get = lambda name, default=None: getattr(req, name, default)  # noqa: E731
    return (get("dataset") or DEFAULT_DATASET, get("data_size"), get("data_seed", 0), get("model"), get("loss"),
            get("l2") or 0.0, get("batch_size"), get("seed", 0), get("weights"))


def data_surface(req) -> DataSurface:
    """The surface a request's selection describes (cached)."""
    dataset, size, data_seed, model_id, loss_id, l2, batch_size, seed, weights = _selection(req)
    data, key = load_data(dataset, size, data_seed)
    model_id = model_id or DEFAULT_MODEL[data.kind]
    model = MODELS.get(model_id)
    if model is None:
        raise ParamError("model", f"unknown model {model_id!r}; choose one of: {', '.join(MODELS)}")
    if data.kind not in model.kinds:
        fits = ", ".join(m.id for m in MODELS.values() if data.kind in m.kinds)
        raise ParamError("model", f"{model.id} fits {' or '.join(model.kinds)} data, and {dataset} is {data.kind} "
                         f"data; choose one of: {fits}")
    loss_id = loss_id or DEFAULT_LOSS[data.kind]
    if (loss_id, data.kind) not in LOSSES:
        allowed = ", ".join(lid for lid, kind in LOSSES if kind == data.kind)
        raise ParamError("loss", f"{loss_id!r} does not apply to {data.kind} data; choose one of: {allowed}")
    if batch_size is not None and batch_size > data.n:
        raise ParamError("batch_size", f"must be between 1 and the dataset's size {data.n}")
    weights = _check_weights(model, weights, data.kind)
    cache_key = f"{key}|{model_id}|{weights}|{loss_id}|{l2!r}|{batch_size}|{seed if batch_size else ''}"
    found = _BUILT.get(cache_key)
    if found is None:
        # The network is trained once per dataset, on the data kind's default loss (so the loss and L2
        # chosen for the surface never retrain it), then sliced along the free pair.
        net = network_slice(data, key, LOSSES[(DEFAULT_LOSS[data.kind], data.kind)], weights) if weights else None
        found = _build(data, dataset, network_model(model, net) if net else model, loss_id, l2, batch_size, seed, net)
        _BUILT.put(cache_key, found, data.x.nbytes + data.y.nbytes + 4096)
    return found


def _check_weights(model: Model, weights: str | None, kind: str) -> str | None:
    """The network's free pair (its default if none is named); None for the other models."""
    if not model.choices:
        if weights is not None:
            raise ParamError("weights", f"applies to model=network only (the model is {model.id})")
        return None
    weights = weights or DEFAULT_CHOICE
    allowed = [c.id for c in model.choices if kind in c.kinds()]
    if weights not in allowed:
        raise ParamError("weights", f"unknown pair of free weights {weights!r} for {kind} data; choose one of: "
                         f"{', '.join(allowed)}")
    return weights


def network_model(template: Model, net: Slice) -> Model:
    """The network model on one dataset with its free pair: what ``loss_functions`` and the fit evaluate."""
    return dataclasses.replace(template, output=net.output, value=net.value, half_width=net.half_width(),
                               first_order=functools.partial(net.output, order=1),
                               axes=tuple(w.label(net.features) for w in net.pair))


def _build(data: Data, dataset: str, model: Model, loss_id: str, l2: float, batch_size: int | None,
           seed: int, net: Slice | None) -> DataSurface:
    loss = LOSSES[(loss_id, data.kind)]
    fns = loss_functions(model, loss, data, l2)
    minima = find_minima(fns, model.half_width, model.mirrored)
    far = max((abs(c) for m in minima for c in m), default=0.0)
    half = model.half_width if far < 0.8 * model.half_width else float(math.ceil(1.25 * far))
    uploaded = dataset.startswith(store.PREFIX)
    facts = data.describe(points=not uploaded)
    if uploaded:
        facts.pop("columns")  # column names are the user's data too: only the uploader sees them
    extra = {"dataset": {"id": dataset, **facts}, "model": model.id, "loss": loss_id, "l2": l2,
             "axes": list(model.axes), "batch_size": batch_size}
    if net:
        extra["network"] = {"weights": net.choice, "trained": list(net.trained_point), "hidden": HIDDEN,
                            "parameters": len(net.theta), "training": {"optimizer": "adam", "lr": LR, "steps": STEPS,
                            "weight_decay": DECAY, "loss": DEFAULT_LOSS[data.kind], "seed": NET_SEED}}
    l2_text = f" + ½·{l2:g}·(w₁² + w₂²)" if l2 else ""
    built = surface(
        SURFACE_ID, f"{model.name} on {data.name}",
        f"{model.description} Data: {data.recipe}.",
        domain=((-half, half), (-half, half)), **fns, minima=minima, start=(round(-0.6 * half, 6), round(0.6 * half, 6)),
        formula=f"mean over the data of {loss.formula}{l2_text}, {model.formula}", category="data",
        extra=extra, exact=True,
    )
    fields = {f.name: getattr(built, f.name) for f in dataclasses.fields(Surface)}
    minibatch = _minibatch_gradient(model, loss_id, data, l2, batch_size, seed) if batch_size else None
    return DataSurface(**fields, data=data, model=model, minibatch_gradient=minibatch)


def batch_functions(model: Model, loss_id: str, data: Data, l2: float, batch_size: int, seed: int,
                    step: int) -> tuple[np.ndarray, dict]:
    """(indices, {f, grad, hess}) of the minibatch loss that update ``step`` uses."""
    idx = batch_indices(data.n, batch_size, seed, step)
    subset = Data(data.x[idx], data.y[idx], data.kind, data.name, data.recipe, data.columns)
    return idx, loss_functions(model, LOSSES[(loss_id, data.kind)], subset, l2)


def _minibatch_gradient(model, loss_id, data, l2, batch_size, seed) -> Callable:
    def gradient(rows: np.ndarray, step: int, group: int) -> np.ndarray:
        _, fns = batch_functions(model, loss_id, data, l2, batch_size, seed, step)
        with np.errstate(all="ignore"):
            g1, g2 = fns["grad"](rows[:, 0], rows[:, 1])
        return np.stack([g1, g2], axis=-1)

    return gradient
