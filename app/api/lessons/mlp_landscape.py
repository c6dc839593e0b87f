"""A real network's landscape: the trained MLP's filter-normalised slice, and the initial-to-trained line.

Runs on the slice use the runs API with ``surface=mlp-slice`` (a lazy entry of the surface registry).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from errorscape.errors import ParamError
from errorscape.surfaces import mlp_slice as landscape
from errorscape.memo import Memo
from ...schemas.lessons import InterpolationQuery, LandscapeSliceQuery
from errorscape.runs.frames import to_json

router = APIRouter(prefix="/api/lessons/landscape", tags=["lessons"])
_grids = Memo(16)


@router.get("/slice")
def slice_(request: Request, query: Annotated[LandscapeSliceQuery, Query()]) -> Response:
    """Loss on an n × n grid of (α, β) (Plotly's z[i][j] = f(x[j], y[i])), with the network's facts."""
    if query.n > request.app.state.settings.max_grid:
        raise ParamError("n", f"must be between 2 and {request.app.state.settings.max_grid}")
    body = _grids.get(("slice", query.n, query.span), lambda: to_json(landscape.slice_grid(query.n, query.span)))
    return Response(body, media_type="application/json")


@router.get("/interpolation")
def interpolation(query: Annotated[InterpolationQuery, Query()]) -> Response:
    """Loss, data loss and accuracy along (1 − α)·θ₀ + α·θ* for α from −0.5 to 1.5 (Goodfellow et al. 2015)."""
    body = _grids.get(("line", query.n), lambda: to_json(landscape.interpolation(query.n)))
    return Response(body, media_type="application/json")
