"""Hyperparameter maps and fair tuning: request bodies (bounds here appear in the OpenAPI schema)."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from errorscape.runs.sweep import MAX_AXIS, MIN_AXIS, TUNE_LR, TUNE_STARTS, Axis

from ..settings import settings
from .runs import RunSettings


class AxisModel(BaseModel):
    """One axis of a grid: ``n`` values of a hyperparameter from ``min`` to ``max`` (log-spaced if ``log``)."""

    model_config = ConfigDict(extra="forbid")

    param: str = Field(..., max_length=64, description="hyperparameter name (torch.optim's), e.g. lr, momentum, beta1")
    min: float = Field(..., description="first value (within the hyperparameter's range, GET /api/optimizers)")
    max: float = Field(..., description="last value (within the hyperparameter's range)")
    n: int = Field(25, ge=MIN_AXIS, le=MAX_AXIS, description="number of values")
    log: bool = Field(False, description="log-spaced values (min > 0)")

    def axis(self) -> Axis:
        return Axis(self.param, self.min, self.max, self.n, self.log)


class MapBody(RunSettings):
    """POST /api/tuning/map: one optimizer, two of its hyperparameters on a grid, every cell from the same starts."""

    optimizer: str = Field("momentum", max_length=64, description="optimizer id")
    params: dict[str, float | bool] = Field(default_factory=dict, description="fixed hyperparameters (the rest default)")
    x: AxisModel = Field(..., description="the horizontal axis")
    y: AxisModel = Field(..., description="the vertical axis")
    reach: float = Field(1e-3, gt=0, le=1e6, description="steps_to_target counts steps until the loss is within "
                         "this of the surface's lowest known minimum")


class TuneEntry(BaseModel):
    """One contestant to tune: its fixed hyperparameters, and optionally a second one to tune with lr."""

    model_config = ConfigDict(extra="forbid")

    optimizer: str = Field(..., max_length=64, description="optimizer id")
    params: dict[str, float | bool] = Field(default_factory=dict, description="fixed hyperparameters")
    label: Optional[str] = Field(None, max_length=80, description="legend label")
    second: Optional[AxisModel] = Field(None, description="a second hyperparameter to tune jointly with lr")


class TuneBody(RunSettings):
    """POST /api/tuning/tune: the best lr (and second hyperparameter) of each contestant, then the race to run."""

    lr: AxisModel = Field(AxisModel(param=TUNE_LR.param, min=TUNE_LR.min, max=TUNE_LR.max, n=TUNE_LR.n, log=TUNE_LR.log),
                          description="the learning-rate grid every contestant is tuned over (param must be lr)")
    restarts: int = Field(TUNE_STARTS, ge=0, le=settings.max_restarts, description="K: the seeded starts every "
                          "contestant is scored on (0: the one start x0, y0)")
    runs: list[TuneEntry] = Field(..., min_length=1, max_length=settings.max_race)
