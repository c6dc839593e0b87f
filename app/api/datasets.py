"""Datasets and models: the catalogue, built-in datasets' points, uploads (CSV), and the model's fit.

Uploaded data is parsed in memory and kept only in ``errorscape.data.store`` (bounded, expiring); the
body is read here with a hard size limit and never logged (the access log records path and query only,
and no upload travels in a query string). Routes are plain ``def`` where they compute (thread pool).
"""

from __future__ import annotations

from typing import Annotated

import numpy as np

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from errorscape.data import csvdata, store
from errorscape.data.datasets import BUILTINS
from errorscape.data.fit import fits
from errorscape.data.models import MODELS, describe_losses
from errorscape.data.surface import batch_functions, DEFAULT_DATASET, DEFAULT_MODEL, MAX_SIZE, MIN_SIZE, load_data
from errorscape.errors import ParamError
from errorscape.runs.frames import to_json
from errorscape.runs.plan import resolve_surface
from errorscape.surfaces.grid import grid_values
from errorscape.surfaces.helpers import safe_value
from ..schemas.data import DATA_FIELDS, DataSelection, FitQuery, MinibatchQuery, PointsQuery
from ..schemas.runs import FINITE, RunSettings

router = APIRouter(prefix="/api/datasets", tags=["datasets"])
MAX_FIT_PAIRS = 24


def _json(data, status: int = 200) -> Response:
    return Response(to_json(data), media_type="application/json", status_code=status)


@router.get("")
def catalogue() -> dict:
    """Built-in datasets, the two-weight models and losses, the run parameters that select them, the limits."""
    schema = DataSelection.model_json_schema()["properties"]
    return {
        "datasets": [b.describe() for b in BUILTINS.values()],
        "models": [m.describe() for m in MODELS.values()],
        "losses": describe_losses(),
        "defaults": {"dataset": DEFAULT_DATASET, "model": DEFAULT_MODEL},
        "parameters": [_parameter(name, schema[name]) for name in DATA_FIELDS],
        "surface": "data",
        "upload": {"method": "POST", "url": "/api/datasets", "content_type": "text/csv",
                   "max_rows": csvdata.MAX_ROWS, "max_bytes": csvdata.MAX_BYTES, "max_abs_value": csvdata.MAX_ABS,
                   "kept_seconds_unused": store.TTL, "size_range": [MIN_SIZE, MAX_SIZE]},
    }


def _parameter(name: str, prop: dict) -> dict:
    """One run parameter as the schema has it, an Optional's bounds and choices lifted out of its anyOf."""
    facts = {"name": name, "description": prop.get("description", ""), "default": prop.get("default")}
    for part in [prop, *prop.get("anyOf", [])]:
        facts |= {k: part[k] for k in ("type", "minimum", "maximum", "enum", "pattern") if k in part}
    return facts


async def _read_limited(request: Request) -> bytes:
    """The body, refusing more than MAX_BYTES (whether or not Content-Length says so) without reading it all."""
    declared = request.headers.get("content-length")
    too_big = ParamError("csv", f"at most {csvdata.MAX_BYTES:,} bytes (1 MB) are accepted", status=413)
    if declared and declared.isdigit() and int(declared) > csvdata.MAX_BYTES:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > csvdata.MAX_BYTES:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("", status_code=201, openapi_extra={"requestBody": {"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}}}}}, responses={413: {"description": "Over 1 MB"}})
async def upload(request: Request) -> Response:
    """Parse a CSV (x₁,x₂,label or x,y; header optional) and keep it in memory; answer its id and points."""
    raw = await _read_limited(request)
    data = await run_in_threadpool(csvdata.parse_csv, raw)
    key = store.remember(data)
    compatible = [m.id for m in MODELS.values() if data.kind in m.kinds]
    return _json({"id": key, **data.describe(), "models": compatible, "kept_seconds_unused": store.TTL}, 201)


@router.get("/fit")
def fit(query: Annotated[FitQuery, Query()]) -> Response:
    """The model's fit at each weight pair: p on a grid over the data (classification) or ŷ (regression)."""
    surface, _ = resolve_surface(RunSettings(surface="data", **query.model_dump(include=set(DATA_FIELDS))))
    return _json(fits(surface, _pairs(query.w), query.n))


def _pairs(text: str) -> list[tuple[float, float]]:
    pairs = []
    for i, part in enumerate(p for p in text.split(";") if p.strip()):
        items = part.split(",")
        try:
            w1, w2 = (float(v) for v in items)
        except ValueError:
            raise ParamError("w", f"pair {i + 1}: expected two numbers 'w1,w2'") from None
        if not (abs(w1) <= FINITE and abs(w2) <= FINITE):
            raise ParamError("w", f"pair {i + 1}: weights must be finite, at most {FINITE:g} in magnitude")
        pairs.append((w1, w2))
    if not 1 <= len(pairs) <= MAX_FIT_PAIRS:
        raise ParamError("w", f"give 1 to {MAX_FIT_PAIRS} weight pairs 'w1,w2;w1,w2;…'")
    return pairs


@router.get("/minibatch")
def minibatch(query: Annotated[MinibatchQuery, Query()]) -> Response:
    """Update ``step``'s minibatch loss beside the full-data loss on one grid, and both gradients at (x, y)."""
    surface, domain = resolve_surface(RunSettings(surface="data", **query.model_dump(include=set(DATA_FIELDS))))
    selection = surface.extra
    idx, fns = batch_functions(surface.model, selection["loss"], surface.data, selection["l2"],
                               query.batch_size, query.seed, query.step)
    full = grid_values(surface.f, query.n, domain.x, domain.y)
    batch = grid_values(safe_value(fns["f"]), query.n, domain.x, domain.y)
    x, y = (surface.start if query.x is None or query.y is None else (query.x, query.y))
    with np.errstate(all="ignore"):
        gradients = {"full": [float(g) for g in surface.grad(x, y)], "minibatch": [float(g) for g in fns["grad"](x, y)]}
    return _json({"step": query.step, "seed": query.seed, "batch_size": query.batch_size, "batch": idx.tolist(),
                  "x": full["x"], "y": full["y"], "full": full["z"], "minibatch": batch["z"],
                  "at": {"x": x, "y": y, "loss": {"full": float(surface.f(x, y)), "minibatch": float(fns["f"](x, y))},
                         "gradient": gradients}})


@router.get("/{dataset_id}")
def points(dataset_id: str, query: Annotated[PointsQuery, Query()]) -> Response:
    """A built-in dataset's points (uploads are never served back: only their uploader has them)."""
    if dataset_id.startswith(store.PREFIX) or dataset_id not in BUILTINS:
        raise ParamError("dataset_id", f"no built-in dataset {dataset_id[:40]!r}; choose one of: "
                         + ", ".join(BUILTINS) + " (uploaded data is never served back)", status=404)
    data, _ = load_data(dataset_id, query.data_size, query.data_seed)
    return _json({"id": dataset_id, "seed": query.data_seed, **data.describe()})
