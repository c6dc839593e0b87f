"""Query models of the surface routes: grid bounds, a typed formula, a point to classify."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from ..settings import settings
from .runs import FINITE


class GridQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    n: int = Field(100, ge=2, le=settings.max_grid, description="points per axis")
    xmin: Optional[float] = Field(None, ge=-FINITE, le=FINITE)
    xmax: Optional[float] = Field(None, ge=-FINITE, le=FINITE)
    ymin: Optional[float] = Field(None, ge=-FINITE, le=FINITE)
    ymax: Optional[float] = Field(None, ge=-FINITE, le=FINITE)
    expr: Optional[str] = Field(None, max_length=500, description="formula when the surface is 'custom'")


class CustomQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expr: Optional[str] = Field(None, max_length=500, description="formula when the surface is 'custom'")


class ClassifyQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    x: float = Field(..., ge=-FINITE, le=FINITE, description="first weight")
    y: float = Field(..., ge=-FINITE, le=FINITE, description="second weight")
    tol: float = Field(1e-6, gt=0, le=1e3, description="the point is critical when ‖∇f‖ is below this")
    expr: Optional[str] = Field(None, max_length=500, description="formula when the surface is 'custom'")
