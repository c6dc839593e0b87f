"""Random restarts and basins of attraction: many runs of one optimizer, summarised."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from errorscape.lessons.basins import basin_map, check_budget
from errorscape.memo import Memo
from errorscape.lessons.destinations import default_radius
from errorscape.lessons.restarts import restart_statistics
from errorscape.runs.frames import to_json
from errorscape.runs.plan import RunPlan, build_plan, entry_from_query

from ...schemas.lessons import BasinsQuery, RestartsQuery
from ...schemas.runs import request_key

router = APIRouter(prefix="/api/lessons", tags=["lessons"])
_answers = Memo(32)


def single_run_plan(request: Request, query) -> RunPlan:
    """The runs API's plan for the query, computed whole (no frames are sent, so ``every`` is moot)."""
    query = query.model_copy(update={"every": query.steps, "fps": 0.0})
    return build_plan(query, [entry_from_query(query)], request.app.state.settings, key=request_key(query))


@router.get("/restarts")
def restarts(request: Request, query: Annotated[RestartsQuery, Query()]) -> Response:
    """R seeded random starts (the runs API's ``restarts=R``): where each ended, the share p that reached a
    global minimum, and P(at least one of K restarts succeeds) = 1 − (1 − p)^K."""
    plan = single_run_plan(request, query)
    radius = query.match_radius or default_radius(plan)
    key = ("restarts", query.model_dump_json())
    return Response(_answers.get(key, lambda: to_json(restart_statistics(plan, radius))),
                    media_type="application/json")


@router.get("/basins")
def basins(request: Request, query: Annotated[BasinsQuery, Query()]) -> Response:
    """Which minimum the optimizer reaches from each start of an n × n grid over the domain."""
    plan = single_run_plan(request, query)
    check_budget(plan, query.n, request.app.state.settings)
    radius = query.match_radius or default_radius(plan)
    key = ("basins", query.model_dump_json())
    return Response(_answers.get(key, lambda: to_json(basin_map(plan, query.n, radius))),
                    media_type="application/json")
