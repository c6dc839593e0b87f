"""SGD and noise: minibatch SGD on a network surface (stream, export), and the minibatch surface vs the full one.

The stream is the runs stream (same events, resume, pacing and stream cap); only the gradient each
update uses comes from that step's minibatch (``lessons.minibatch``). Annealed gradient noise needs
nothing here: it is the runs API's ``noise``/``noise_decay``.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Annotated

import numpy as np
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from fastapi.sse import EventSourceResponse

from ..errors import ParamError
from ..lessons.minibatch import MinibatchPlan, batch_functions, check, dataset
from ..lessons.requests import MinibatchExportQuery, MinibatchGridQuery, MinibatchQuery
from ..runs.frames import to_json
from ..runs.plan import build_plan
from ..runs.requests import entry_from_query
from .runs import STREAM_DOC, export_response, resume_point, stream_slot
from .streams import sse_response
from .surfaces import grid_values, surface_for_request

router = APIRouter(prefix="/api/lessons/minibatch", tags=["lessons"])


def _plan(request: Request, query) -> MinibatchPlan:
    check(query.surface, query.batch_size)
    plan = build_plan(query, [entry_from_query(query)], request.app.state.settings)
    return MinibatchPlan(**{f.name: getattr(plan, f.name) for f in fields(plan)}, batch_size=query.batch_size)


def plan_from_query(request: Request, query: Annotated[MinibatchQuery, Query()]) -> MinibatchPlan:
    return _plan(request, query)


@router.get("/stream", response_class=Response, responses=STREAM_DOC)
async def stream(
    request: Request,
    plan: Annotated[MinibatchPlan, Depends(plan_from_query)],
    resume: Annotated[int | None, Depends(resume_point)],
    _slot: Annotated[None, Depends(stream_slot)],
) -> EventSourceResponse:
    """GET /api/runs/stream's events for minibatch SGD: the start event adds batch_size and dataset_size."""
    return sse_response(request, plan, resume)


@router.get("", responses={200: {"content": {"text/csv": {}}}})
def export(request: Request, query: Annotated[MinibatchExportQuery, Query()]) -> Response:
    """The same minibatch run, computed whole, as JSON (start, frames, done) or CSV."""
    return export_response(_plan(request, query), query.format)


@router.get("/grid")
def grid(request: Request, query: Annotated[MinibatchGridQuery, Query()]) -> Response:
    """The loss surface of update ``step``'s minibatch next to the full-data surface, on one grid."""
    check(query.surface, query.batch_size)
    if query.n > request.app.state.settings.max_grid:
        raise ParamError("n", f"must be between 2 and {request.app.state.settings.max_grid}")
    bounds = query.model_dump(include={"xmin", "xmax", "ymin", "ymax"})
    surface, domain = surface_for_request(query.surface, None, bounds)
    idx, fns = batch_functions(query.surface, query.batch_size, query.seed, query.step)
    full = grid_values(surface, query.n, domain.x, domain.y)
    batch = grid_values(_Heights(fns["f"]), query.n, domain.x, domain.y)
    zf, zb = np.array(full["z"], dtype=float), np.array(batch["z"], dtype=float)
    return Response(to_json({
        "surface": surface.id, "step": query.step, "seed": query.seed, "batch_size": query.batch_size,
        "batch": idx.tolist(), "x": full["x"], "y": full["y"], "full": full["z"], "minibatch": batch["z"],
        "max_abs_difference": float(np.nanmax(np.abs(zf - zb))),
        "full_argmin": _argmin(full, zf), "minibatch_argmin": _argmin(full, zb),
        **_minima_curve(surface, idx),
    }), media_type="application/json")


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


class _Heights:
    """Just what grid_values reads from a surface: its height function."""

    def __init__(self, f):
        self.f = f


def _argmin(grid: dict, z: np.ndarray) -> dict:
    i, j = np.unravel_index(np.nanargmin(z), z.shape)
    return {"x": grid["x"][j], "y": grid["y"][i], "loss": float(z[i, j])}
