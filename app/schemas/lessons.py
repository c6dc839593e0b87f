"""Query models of the lesson endpoints: the bounds here are the API's contract (422 outside them).

Endpoints that run an optimizer take the runs API's own query (``RunQuery``: surface, optimizer and
its hyperparameters, steps, seed, noise, schedule, ...) plus their own fields, so a lesson's numbers
come from exactly the runs a client would stream with the same parameters.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from errorscape.lessons.basins import MAX_BASIN_N

from .runs import FINITE, HYPERPARAMETERS, RunQuery, RunTuning
from ..settings import settings


_MATCH = (Optional[float], Field(None, gt=0, le=1e3, description="a run ending this close to a minimum reached "
                                 "it (default: 2% of the domain's larger side)"))

RestartsQuery = create_model(
    "RestartsQuery",
    __base__=RunQuery,
    restarts=(int, Field(200, ge=1, le=settings.max_restarts, description="random starts across the domain")),
    steps=(int, Field(500, ge=1, le=settings.max_steps, description="optimizer steps per run")),
    match_radius=_MATCH,
)

BasinsQuery = create_model(
    "BasinsQuery",
    __base__=RunQuery,
    n=(int, Field(100, ge=2, le=MAX_BASIN_N, description="starts per axis: an n × n grid over the domain")),
    steps=(int, Field(300, ge=1, le=settings.max_steps, description="optimizer steps per run")),
    match_radius=_MATCH,
)


# --- high dimensions --------------------------------------------------------------------------------

MAX_DIM = 10_000
_HYPER = {name: (RunQuery.model_fields[name].annotation, RunQuery.model_fields[name]) for name in HYPERPARAMETERS}

HighDimQuery = create_model(
    "HighDimQuery",
    __base__=RunTuning,
    objective=(Literal["rastrigin", "styblinski-tang", "random"], Field("rastrigin", description="N-dimensional objective")),
    dim=(int, Field(100, ge=2, le=MAX_DIM, description="number of dimensions N")),
    optimizer=(str, Field("adam", max_length=64, description="optimizer id")),
    steps=(int, Field(500, ge=1, le=settings.max_steps, description="optimizer steps")),
    seed=(int, Field(0, ge=0, le=2**32 - 1, description="seed of the start point (and of the random landscape)")),
    tol=(float, Field(1e-6, ge=0, le=1, description="stop when gradient and step are both below this")),
    **_HYPER,
)

SliceQuery = create_model(
    "SliceQuery",
    __base__=HighDimQuery,
    at=(Optional[int], Field(None, ge=0, le=settings.max_steps, description="slice at this step (default: the last)")),
    plane=(Literal["coordinates", "random"], Field("random", description="two coordinate axes, or two random directions")),
    i=(int, Field(0, ge=0, lt=MAX_DIM, description="first coordinate (plane=coordinates)")),
    j=(int, Field(1, ge=0, lt=MAX_DIM, description="second coordinate (plane=coordinates)")),
    n=(int, Field(41, ge=2, le=101, description="grid points per axis")),
    span=(Optional[float], Field(None, gt=0, le=1e3, description="half-width of the slice (default: half the box)")),
)


class CriticalPointsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_dim: int = Field(20, ge=1, le=1000, description="Styblinski-Tang rows for N = 1..max_dim")
    mc_max_dim: int = Field(6, ge=1, le=6, description="random-landscape census for N = 1..mc_max_dim")
    starts: int = Field(600, ge=20, le=2000, description="Newton starts per dimension")
    samples: int = Field(20_000, ge=1000, le=50_000, description="Hessian samples for the Kac-Rice estimate")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="which random landscape")


class CurseQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    per_axis: int = Field(100, ge=2, le=1000, description="grid points per axis")
    shell: float = Field(0.01, gt=0, lt=0.5, description="'near the surface': within this fraction of the side")


# --- SGD and noise ------------------------------------------------------------------------------------

_BATCH = (int, Field(4, ge=1, le=1000, description="examples per minibatch (at most the dataset size)"))

MinibatchQuery = create_model(
    "MinibatchQuery",
    __base__=RunQuery,
    surface=(str, Field("deep-linear", max_length=64, description="a network surface")),
    batch_size=_BATCH,
)

MinibatchExportQuery = create_model(
    "MinibatchExportQuery",
    __base__=MinibatchQuery,
    format=(Literal["json", "csv"], Field("json", description="json: start, frames and done; csv: a row per run per frame")),
)


class MinibatchGridQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    surface: str = Field("deep-linear", max_length=64, description="a network surface")
    batch_size: int = _BATCH[1]
    seed: int = Field(0, ge=0, le=2**32 - 1, description="the run's seed (it draws the minibatches)")
    step: int = Field(1, ge=1, le=settings.max_steps, description="update number whose minibatch to show")
    n: int = Field(60, ge=2, le=settings.max_grid, description="grid points per axis")
    xmin: Optional[float] = Field(None, ge=-FINITE, le=FINITE)
    xmax: Optional[float] = Field(None, ge=-FINITE, le=FINITE)
    ymin: Optional[float] = Field(None, ge=-FINITE, le=FINITE)
    ymax: Optional[float] = Field(None, ge=-FINITE, le=FINITE)


# --- a real network's landscape -----------------------------------------------------------------------


class LandscapeSliceQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    n: int = Field(41, ge=2, le=101, description="grid points per axis")
    span: float = Field(1.0, gt=0, le=5, description="α and β run over [−span, span]")


class InterpolationQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    n: int = Field(81, ge=2, le=1001, description="points on α ∈ [−0.5, 1.5]")
