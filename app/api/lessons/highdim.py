"""High dimensionality: N-dimensional runs, slices through them, critical-point counts, the curse in numbers."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from errorscape.errors import ParamError
from errorscape.lessons.budget import largest, require
from errorscape.lessons.cache import Memo
from errorscape.lessons.counting import NEWTON_STEPS, curse, random_landscape_census, styblinski_tang_counts
from errorscape.lessons.ndim import describe_objectives, features_for
from errorscape.lessons.ndim_runs import SLICE_SCALE, describe_run, describe_slice, plan_for, step_cost, trace
from ...schemas.lessons import CriticalPointsQuery, CurseQuery, HighDimQuery, SliceQuery
from errorscape.runs.frames import to_json

router = APIRouter(prefix="/api/lessons/highdim", tags=["lessons"])
_census = Memo(64)
_traces = Memo(8)  # a page asks for the run, then for slices at many steps of it: trace once
CENSUS_SCALE = 200  # the random-landscape census may do 200 × the largest 2D run's work (lessons.budget)
BY_INDEX_UP_TO = 12  # Styblinski-Tang rows list every index only up to this N (N + 1 big numbers each)


def json_response(data) -> Response:
    return Response(to_json(data), media_type="application/json")


def ladder(max_dim: int) -> list[int]:
    """The dimensions the tables show: 1..10, then 20, 50, 100, 200, 500, 1000 (up to ``max_dim``)."""
    return [d for d in (*range(1, 11), 20, 50, 100, 200, 500, 1000) if d <= max_dim]


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
    if query.at is not None and query.at > query.steps:
        raise ParamError("at", f"must be between 0 and steps ({query.steps})")
    per_point = step_cost(query.objective, query.dim)
    require(query.n**2 * per_point, request.app.state.settings, SLICE_SCALE, "n",
            lambda allowed: f"must be at most {math.isqrt(largest(allowed, per_point))} for {query.objective} "
            f"in {query.dim} dimensions")
    plan, tr = planned_trace(request, query)
    return json_response(describe_slice(plan, tr, query.at, query.plane, query.i, query.j, query.n, query.span))


@router.get("/critical-points")
def critical_points(request: Request, query: Annotated[CriticalPointsQuery, Query()]) -> Response:
    """Share of critical points that are minima vs N: exact for Styblinski-Tang, estimated for the random landscape."""
    per_dim = (query.starts * NEWTON_STEPS + query.samples) * features_for(1)
    require(sum(per_dim * d * d for d in range(1, query.mc_max_dim + 1)), request.app.state.settings, CENSUS_SCALE,
            "starts", lambda allowed: "the census is too large: lower starts, samples or mc_max_dim")
    exact = [styblinski_tang_counts(d, by_index=d <= BY_INDEX_UP_TO) for d in ladder(query.max_dim)]
    census = [
        _census.get((d, query.seed, query.starts, query.samples),
                    lambda d=d: random_landscape_census(d, query.seed, query.starts, query.samples))
        for d in range(1, query.mc_max_dim + 1)
    ]
    return json_response({"styblinski_tang": exact, "random": census})


@router.get("/curse")
def curse_of_dimensionality(query: Annotated[CurseQuery, Query()]) -> Response:
    """Grid points needed, volume near a cube's surface, ball-to-cube ratio and random cosines, per N."""
    return json_response({"rows": [curse(d, query.per_axis, query.shell) for d in ladder(1000)]})
