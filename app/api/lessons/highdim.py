"""High dimensionality: N-dimensional runs, slices through them, critical-point counts, the curse in numbers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from errorscape.memo import Memo
from errorscape.lessons.counting import critical_point_shares, curse_table
from errorscape.surfaces.ndim import describe_objectives
from errorscape.lessons.ndim_runs import check_slice, describe_run, describe_slice, plan_for, trace

from ...responses import json_response
from ...schemas.lessons import CriticalPointsQuery, CurseQuery, HighDimQuery, SliceQuery

router = APIRouter(prefix="/api/lessons/highdim", tags=["lessons"])
_traces = Memo(8)  # a page asks for the run, then for slices at many steps of it: trace once


@router.get("/objectives")
def objectives() -> list[dict]:
    """The N-dimensional objectives: id, name, formula, description, box."""
    return describe_objectives()


def planned_trace(request: Request, query) -> tuple:
    run_query = HighDimQuery.model_validate(query.model_dump(include=set(HighDimQuery.model_fields)))
    plan = plan_for(run_query, request.app.state.settings)
    return plan, _traces.get(run_query.model_dump_json(), lambda: trace(plan))


@router.get("/run")
def run(request: Request, query: Annotated[HighDimQuery, Query()]) -> Response:
    """One run from a seeded random start: loss, gradient norm and distance from the start per step."""
    return json_response(describe_run(*planned_trace(request, query)))


@router.get("/slice")
def slice_(request: Request, query: Annotated[SliceQuery, Query()]) -> Response:
    """The loss on a 2D plane through the run's point at step ``at``, and the path so far in that plane."""
    check_slice(query.objective, query.dim, query.n, query.steps, query.at, request.app.state.settings)
    plan, tr = planned_trace(request, query)
    return json_response(describe_slice(plan, tr, query.at, query.plane, query.i, query.j, query.n, query.span))


@router.get("/critical-points")
def critical_points(request: Request, query: Annotated[CriticalPointsQuery, Query()]) -> Response:
    """Share of critical points that are minima vs N: exact for Styblinski-Tang, estimated for the random landscape."""
    return json_response(critical_point_shares(query.max_dim, query.mc_max_dim, query.seed, query.starts,
                                               query.samples, request.app.state.settings))


@router.get("/curse")
def curse_of_dimensionality(query: Annotated[CurseQuery, Query()]) -> Response:
    """Grid points needed, volume near a cube's surface, ball-to-cube ratio and random cosines, per N."""
    return json_response(curse_table(query.per_axis, query.shell))
