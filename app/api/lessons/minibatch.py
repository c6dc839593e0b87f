"""SGD and noise: minibatch SGD on a network surface (stream, export), and the minibatch surface vs the full one.

The stream is the runs stream (same events, resume, pacing and stream cap); only the gradient each
update uses comes from that step's minibatch (``errorscape.lessons.minibatch``). Annealed gradient noise
needs nothing here: it is the runs API's ``noise``/``noise_decay``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from fastapi.sse import EventSourceResponse

from errorscape.errors import ParamError
from errorscape.lessons.minibatch import MinibatchPlan, check, compare_grids, minibatch_plan

from ...responses import json_response
from ...schemas.lessons import MinibatchExportQuery, MinibatchGridQuery, MinibatchQuery
from ...schemas.runs import request_key
from ...streaming.export import export_response
from ...streaming.gate import stream_slot
from ...streaming.pacing import STREAM_DOC, resume_point, sse_response
from ..surfaces import surface_for_request

router = APIRouter(prefix="/api/lessons/minibatch", tags=["lessons"])


def plan_from_query(request: Request, query: Annotated[MinibatchQuery, Query()]) -> MinibatchPlan:
    return minibatch_plan(query, request.app.state.settings, key=request_key(query))


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
    return export_response(minibatch_plan(query, request.app.state.settings, key=request_key(query)), query.format)


@router.get("/grid")
def grid(request: Request, query: Annotated[MinibatchGridQuery, Query()]) -> Response:
    """The loss surface of update ``step``'s minibatch next to the full-data surface, on one grid."""
    check(query.surface, query.batch_size)
    if query.n > request.app.state.settings.max_grid:
        raise ParamError("n", f"must be between 2 and {request.app.state.settings.max_grid}")
    bounds = query.model_dump(include={"xmin", "xmax", "ymin", "ymax"})
    surface, domain = surface_for_request(query.surface, None, bounds)
    return json_response(compare_grids(surface, domain, query.batch_size, query.seed, query.step, query.n))
