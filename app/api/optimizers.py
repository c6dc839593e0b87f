"""Optimizers and learning-rate schedules: what the UI generates its controls from."""

from fastapi import APIRouter
from fastapi.responses import Response

from errorscape.optimizers import OPTIMIZERS
from errorscape.optimizers.schedules import SCHEDULE_PARAMS, describe_schedules

from ..responses import constant_json

router = APIRouter(prefix="/api", tags=["optimizers"])


_optimizers = constant_json(lambda: [spec.describe() for spec in OPTIMIZERS.values()])
_schedules = constant_json(lambda: {"schedules": describe_schedules(), "params": [p.describe() for p in SCHEDULE_PARAMS]})


@router.get("/optimizers", response_model=list[dict])
def list_optimizers() -> Response:
    """Every optimizer with its torch.optim equivalent and hyperparameters (defaults and ranges)."""
    return _optimizers()


@router.get("/schedules", response_model=dict)
def list_schedules() -> Response:
    """Learning-rate schedules and their parameters."""
    return _schedules()
