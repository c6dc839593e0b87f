"""Runs: stream an optimizer's descent (GET one optimizer, POST a race), or export it whole."""

from __future__ import annotations

from typing import Annotated, AsyncIterator, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import Response, StreamingResponse
from fastapi.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from errorscape.errors import ParamError
from errorscape.runs.frames import csv_lines, run_events, to_json
from errorscape.runs.plan import LAZY_SURFACES, RunPlan, build_plan
from ..schemas.runs import ExportQuery, RunBody, RunQuery, entry_from_query, request_key
from .query import query_parameters, read_query
from .streams import sse_response

router = APIRouter(prefix="/api/runs", tags=["runs"])


async def planned(request: Request, req, entries, race: bool = False) -> RunPlan:
    """Build the plan on the event loop: it takes well under a millisecond, less than a hop to the thread
    pool and back. A lazy surface (the trained network) may take seconds on first use, and a data surface
    (a model on up to 5,000 rows) a good fraction of one: they go to a thread."""
    settings = request.app.state.settings
    if req.surface in LAZY_SURFACES or req.surface == "data":
        return await run_in_threadpool(build_plan, req, entries, settings, race, request_key(req))
    return build_plan(req, entries, settings, race, request_key(req))


async def plan_from_query(request: Request) -> RunPlan:
    query = read_query(RunQuery, request)  # the stream's hot path: see app/api/query.py
    return await planned(request, query, [entry_from_query(query)])


def plan_for_export(request: Request, query: Annotated[ExportQuery, Query()]) -> tuple[RunPlan, str]:
    return build_plan(query, [entry_from_query(query)], request.app.state.settings, key=request_key(query)), query.format


async def plan_from_body(request: Request, body: RunBody) -> RunPlan:
    return await planned(request, body, body.runs, race=True)


async def resume_point(last_event_id: Annotated[str | None, Header(max_length=32)] = None) -> int | None:
    """The step a reconnecting client saw last (the SSE Last-Event-ID header)."""
    if last_event_id is None or last_event_id == "":
        return None
    try:
        step = int(last_event_id)
    except ValueError:
        raise ParamError("Last-Event-ID", "must be the step number of the last frame received") from None
    if step < 0:
        raise ParamError("Last-Event-ID", "must be a step number ≥ 0")
    return step


async def stream_slot(request: Request) -> AsyncIterator[None]:
    """Hold one of the process's stream slots for the life of the response."""
    gate = request.app.state.gate
    if not gate.try_enter():
        from .. import observability as obs

        obs.STREAMS_REJECTED.inc()
        raise HTTPException(503, "too many open streams on this server; retry shortly", headers={"Retry-After": "5"})
    try:
        yield
    finally:
        gate.leave()


STREAM_DOC = {
    200: {"description": "text/event-stream: `start`, one `frame` per sent step, then `done` "
          "(or `shutdown` if the server is stopping).",
          # the event schema FastAPI documents for EventSourceResponse routes (private in fastapi.sse)
          "content": {"text/event-stream": {"itemSchema": {"type": "object", "properties": {
              "data": {"type": "string"}, "event": {"type": "string"}, "id": {"type": "string"},
              "retry": {"type": "integer", "minimum": 0}}}}}}
}


@router.get("/stream", response_class=Response, responses=STREAM_DOC, openapi_extra=query_parameters(RunQuery))
async def stream_one(
    request: Request,
    plan: Annotated[RunPlan, Depends(plan_from_query)],
    resume: Annotated[int | None, Depends(resume_point)],
    _slot: Annotated[None, Depends(stream_slot)],
) -> EventSourceResponse:
    """Stream one optimizer (optionally from many random restarts) down a surface."""
    return sse_response(request, plan, resume)


@router.post("/stream", response_class=Response, responses=STREAM_DOC)
async def stream_race(
    request: Request,
    plan: Annotated[RunPlan, Depends(plan_from_body)],
    resume: Annotated[int | None, Depends(resume_point)],
    _slot: Annotated[None, Depends(stream_slot)],
) -> EventSourceResponse:
    """Stream a race of up to eight optimizers, each with its own hyperparameters, in one stream."""
    return sse_response(request, plan, resume)


def export_response(plan: RunPlan, fmt: str) -> Response:
    if fmt == "csv":
        return StreamingResponse(csv_lines(plan, run_events(plan)), media_type="text/csv",
                                 headers={"Content-Disposition": 'attachment; filename="errorscape-runs.csv"'})
    events = list(run_events(plan))
    body = {"start": events[0].data, "frames": [e.data for e in events[1:-1]], "done": events[-1].data}
    return Response(to_json(body), media_type="application/json")


Format = Annotated[Literal["json", "csv"], Query(description="json: start, frames and done; csv: a row per run per frame")]


@router.get("", responses={200: {"content": {"text/csv": {}}}})
def export_one(planned: Annotated[tuple[RunPlan, str], Depends(plan_for_export)]) -> Response:
    """The same run as GET /api/runs/stream, computed whole: the same numbers, as JSON or CSV."""
    return export_response(*planned)


@router.post("", responses={200: {"content": {"text/csv": {}}}})
def export_race(plan: Annotated[RunPlan, Depends(plan_from_body)], format: Format = "json") -> Response:
    """The same race as POST /api/runs/stream, computed whole."""
    return export_response(plan, format)
