"""Optimizers and learning-rate schedules: what the UI generates its controls from."""

from fastapi import APIRouter

from errorscape.optimizers import OPTIMIZERS
from errorscape.optimizers.schedules import SCHEDULE_PARAMS, describe_schedules

router = APIRouter(prefix="/api", tags=["optimizers"])


@router.get("/optimizers")
def list_optimizers() -> list[dict]:
    """Every optimizer with its torch.optim equivalent and hyperparameters (defaults and ranges)."""
    return [spec.describe() for spec in OPTIMIZERS.values()]


@router.get("/schedules")
def list_schedules() -> dict:
    """Learning-rate schedules and their parameters."""
    return {"schedules": describe_schedules(), "params": [p.describe() for p in SCHEDULE_PARAMS]}
