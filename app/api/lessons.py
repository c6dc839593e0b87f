"""Lessons: the catalogue, the critical-point classifier, random-restart statistics and basin maps.

Heavier lesson routes live beside this one (lesson_highdim, lesson_noise, lesson_landscape) and are
included here, so app.main needs to include only this router. Every route is a plain ``def``: FastAPI
runs it in its thread pool, so a few seconds of numpy never blocks the event loop.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from errorscape.errors import ParamError
from errorscape.lessons.basins import basin_map
from errorscape.lessons.budget import largest, require
from errorscape.lessons.cache import Memo
from errorscape.lessons.catalogue import LESSONS
from errorscape.lessons.critical import classify_point
from errorscape.lessons.destinations import default_radius
from ..schemas.lessons import BASIN_SCALE, BasinsQuery, ClassifyQuery, RestartsQuery
from errorscape.lessons.restarts import restart_statistics
from errorscape.runs.frames import to_json
from errorscape.runs.plan import RunPlan, build_plan
from ..schemas.runs import entry_from_query, request_key
from . import lesson_highdim, lesson_landscape, lesson_noise
from .lesson_highdim import json_response
from .surfaces import surface_for_request

router = APIRouter(tags=["lessons"])
_answers = Memo(32)


@router.get("/api/lessons")
def list_lessons() -> list[dict]:
    """Every lesson: id, title, explanation, a "try this" prompt, and its views (presets)."""
    return [lesson.describe() for lesson in LESSONS.values()]


@router.get("/api/surfaces/{surface_id}/classify", tags=["surfaces"])
def classify(surface_id: str, query: Annotated[ClassifyQuery, Query()]) -> Response:
    """Gradient, Hessian, eigenvalues/vectors and the verdict (minimum, maximum, saddle, flat) at (x, y)."""
    surface, _ = surface_for_request(surface_id, query.expr, query=query)
    return json_response({"surface": surface.id, "x": query.x, "y": query.y, "tol": query.tol,
                          **classify_point(surface, (query.x, query.y), tol=query.tol)})


def single_run_plan(request: Request, query) -> RunPlan:
    """The runs API's plan for the query, computed whole (no frames are sent, so ``every`` is moot)."""
    query = query.model_copy(update={"every": query.steps, "fps": 0.0})
    return build_plan(query, [entry_from_query(query)], request.app.state.settings, key=request_key(query))


@router.get("/api/lessons/restarts")
def restarts(request: Request, query: Annotated[RestartsQuery, Query()]) -> Response:
    """R seeded random starts (the runs API's ``restarts=R``): where each ended, the share p that reached a
    global minimum, and P(at least one of K restarts succeeds) = 1 − (1 − p)^K."""
    plan = single_run_plan(request, query)
    radius = query.match_radius or default_radius(plan)
    key = ("restarts", query.model_dump_json())
    return Response(_answers.get(key, lambda: to_json(restart_statistics(plan, radius))),
                    media_type="application/json")


@router.get("/api/lessons/basins")
def basins(request: Request, query: Annotated[BasinsQuery, Query()]) -> Response:
    """Which minimum the optimizer reaches from each start of an n × n grid over the domain."""
    plan = single_run_plan(request, query)
    settings, cost = request.app.state.settings, plan.surface.extra.get("relative_cost", 1)
    require(query.n**2 * cost, settings, BASIN_SCALE, "n",
            lambda allowed: f"must be at most {math.isqrt(largest(allowed, cost))} on {plan.surface.id}")
    require(query.n**2 * query.steps * cost, settings, BASIN_SCALE, "steps",
            lambda allowed: f"with n={query.n}, steps must be at most {largest(allowed, query.n**2 * cost)} "
            f"on {plan.surface.id}")
    radius = query.match_radius or default_radius(plan)
    key = ("basins", query.model_dump_json())
    return Response(_answers.get(key, lambda: to_json(basin_map(plan, query.n, radius))),
                    media_type="application/json")


for module in (lesson_highdim, lesson_noise, lesson_landscape):
    router.include_router(module.router)


# Last: a single path segment after /api/lessons/ is a lesson id only if no route above claimed it.
@router.get("/api/lessons/{lesson_id}")
def get_lesson(lesson_id: str) -> dict:
    lesson = LESSONS.get(lesson_id)
    if lesson is None:
        raise ParamError("lesson_id", f"unknown lesson {lesson_id!r}; choose one of: " + ", ".join(LESSONS), status=404)
    return lesson.describe()
