"""Hyperparameter maps and fair tuning: many settings of an optimizer computed in one vectorised pass."""

from __future__ import annotations

from fastapi import APIRouter, Request

from errorscape.errors import ParamError
from errorscape.runs.plan import Entry
from errorscape.runs.sweep import describe_limits, hyper_map, tune, tuned_runs
from ..schemas.tuning import MapBody, TuneBody

router = APIRouter(prefix="/api/tuning", tags=["tuning"])


@router.get("")
def tuning_limits(request: Request) -> dict:
    """The limits and defaults of maps and tuning (values per axis, runs and work per pass, K starts, the colourings,
    the optimizers that can be swept, the default lr grid): the page builds its controls from these."""
    return describe_limits(request.app.state.settings)


@router.post("/map")
def map_hyperparameters(request: Request, body: MapBody) -> dict:
    """Two hyperparameters of one optimizer on a grid (up to 100 × 100); per cell the mean final loss over the
    starts (null if any diverged), the steps to reach the target loss (null if any start never did) and how
    many starts diverged. ``loss[i][j]`` is the cell (x.values[j], y.values[i])."""
    entry = Entry(optimizer=body.optimizer, params=body.params)
    return hyper_map(body, entry, body.x.axis(), body.y.axis(), request.app.state.settings, body.reach)


@router.post("/tune")
def tune_race(request: Request, body: TuneBody) -> dict:
    """Each contestant's best lr (and second hyperparameter, where asked) on the stated grid, by the mean final
    loss over the same starts (``restarts`` seeded ones) and steps. ``race`` is the body for POST
    /api/runs/stream that runs the race with the tuned settings."""
    if body.lr.param != "lr":
        raise ParamError("lr.param", "must be lr (a second hyperparameter goes in runs[i].second)")
    entries = [Entry(optimizer=r.optimizer, params=r.params, label=r.label) for r in body.runs]
    result = tune(body, entries, body.lr.axis(), [r.second.axis() if r.second else None for r in body.runs],
                  request.app.state.settings)
    settings = body.model_dump(exclude={"lr", "runs", "state"})
    result["race"] = {**settings, "runs": tuned_runs(result["table"])}
    return result
