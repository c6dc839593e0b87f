"""Runs: stream an optimizer's descent (GET one optimizer, POST a race), or export it whole."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from fastapi.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from errorscape.runs.plan import RunPlan, build_plan
from errorscape.surfaces import LAZY_SURFACES

from ..schemas.runs import (
    ExportQuery,
    RunBody,
    RunQuery,
    entry_from_query,
    family_key,
    request_key,
)
from ..streaming.export import export_response
from ..streaming.gate import stream_slot
from ..streaming.pacing import STREAM_DOC, resume_point, sse_response
from ..streaming.query import query_parameters, read_query

router = APIRouter(prefix="/api/runs", tags=["runs"])


async def planned(request: Request, req, entries, race: bool = False, family: str = "") -> RunPlan:
    """Build the plan on the event loop: it takes well under a millisecond, less than a hop to the thread
    pool and back. A lazy surface (the trained network) may take seconds on first use, and a data surface
    (a model on up to 5,000 rows) a good fraction of one: they go to a thread."""
    settings = request.app.state.settings
    if req.surface in LAZY_SURFACES or req.surface == "data":
        return await run_in_threadpool(build_plan, req, entries, settings, race, request_key(req))
    return build_plan(req, entries, settings, race, request_key(req), family)


async def plan_from_query(request: Request) -> RunPlan:
    query = read_query(RunQuery, request)  # the stream's hot path: see app/streaming/query.py
    # family: one-run streams differing only in their start may share a cohort (app/streaming/cohorts.py)
    return await planned(request, query, [entry_from_query(query)], family=family_key(query))


def plan_for_export(request: Request, query: Annotated[ExportQuery, Query()]) -> tuple[RunPlan, str]:
    return build_plan(query, [entry_from_query(query)], request.app.state.settings, key=request_key(query)), query.format


async def plan_from_body(request: Request, body: RunBody) -> RunPlan:
    return await planned(request, body, body.runs, race=True)


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


Format = Annotated[Literal["json", "csv"], Query(description="json: start, frames and done; csv: a row per run per frame")]


@router.get("", responses={200: {"content": {"text/csv": {}}}})
def export_one(planned: Annotated[tuple[RunPlan, str], Depends(plan_for_export)]) -> Response:
    """The same run as GET /api/runs/stream, computed whole: the same numbers, as JSON or CSV."""
    return export_response(*planned)


@router.post("", responses={200: {"content": {"text/csv": {}}}})
def export_race(plan: Annotated[RunPlan, Depends(plan_from_body)], format: Format = "json") -> Response:
    """The same race as POST /api/runs/stream, computed whole."""
    return export_response(plan, format)
