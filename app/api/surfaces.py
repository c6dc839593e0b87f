"""Surfaces: the catalogue, one surface, its height grid for plotting, and the verdict at a point."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from errorscape.errors import ParamError
from errorscape.lessons.critical import classify_point
from errorscape.runs.frames import to_json
from errorscape.runs.plan import resolve_surface, surface_catalogue
from errorscape.surfaces.grid import grid_values

from ..responses import constant_json, json_response
from ..schemas.data import DATA_FIELDS
from ..schemas.runs import RunSettings
from ..schemas.surfaces import ClassifyQuery, CustomQuery, GridQuery

router = APIRouter(prefix="/api/surfaces", tags=["surfaces"])
MAX_ID_LENGTH = 64


def surface_for_request(surface_id: str, expr: str | None, bounds: dict | None = None, query=None):
    """The surface a path names (with ``expr`` for ``custom``, the data selection of ``query`` for ``data``):
    404 with the choices if there is none."""
    if len(surface_id) > MAX_ID_LENGTH:
        raise ParamError("surface_id", f"unknown surface (ids are at most {MAX_ID_LENGTH} characters)", status=404)
    selection = query.model_dump(include=set(DATA_FIELDS)) if query is not None else {}
    req = RunSettings(surface=surface_id, expr=expr, **(bounds or {}), **selection)
    try:
        return resolve_surface(req)
    except ParamError as e:
        if e.param == "surface":
            raise ParamError("surface_id", e.message, status=404) from None
        raise


_catalogue = constant_json(surface_catalogue)


@router.get("", response_model=list[dict])
def list_surfaces() -> Response:
    """Every built-in surface with its domain, minima and notable critical points, then ``data`` (a model's loss
    over a dataset) with its default selection: GET /api/surfaces/data?dataset=…&model=… describes any other."""
    return _catalogue()


@router.get("/{surface_id}")
def get_surface(surface_id: str, query: Annotated[CustomQuery, Query()]) -> dict:
    """One surface; `custom` with `expr` describes a typed formula."""
    surface, _ = surface_for_request(surface_id, query.expr, query=query)
    return surface.describe()


@lru_cache(maxsize=512)
def _named_grid_json(surface_id: str, n: int, x: tuple[float, float], y: tuple[float, float]) -> str:
    surface, _ = resolve_surface(RunSettings(surface=surface_id))
    return to_json(grid_values(surface.f, n, x, y))


@router.get("/{surface_id}/grid")
def get_grid(surface_id: str, query: Annotated[GridQuery, Query()]) -> Response:
    """Heights on an n × n grid over the surface's domain (or the given bounds)."""
    bounds = query.model_dump(include={"xmin", "xmax", "ymin", "ymax"})
    surface, domain = surface_for_request(surface_id, query.expr, bounds, query)
    if surface.id not in ("custom", "data"):  # built-in and lazily built surfaces never change: cache their grids
        body = _named_grid_json(surface.id, query.n, domain.x, domain.y)
    else:
        body = to_json(grid_values(surface.f, query.n, domain.x, domain.y))
    return Response(body, media_type="application/json")


@router.get("/{surface_id}/classify", tags=["lessons"])
def classify(surface_id: str, query: Annotated[ClassifyQuery, Query()]) -> Response:
    """Gradient, Hessian, eigenvalues/vectors and the verdict (minimum, maximum, saddle, flat) at (x, y)."""
    surface, _ = surface_for_request(surface_id, query.expr, query=query)
    return json_response({"surface": surface.id, "x": query.x, "y": query.y, "tol": query.tol,
                          **classify_point(surface, (query.x, query.y), tol=query.tol)})
