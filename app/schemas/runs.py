"""The shape of a run request, for the query string (one optimizer) and the JSON body (a race).

Bounds here are the API's contract: they appear in the OpenAPI schema and every violation becomes a
422 that names the parameter and its allowed range (see app/error_handlers.py).
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from errorscape.optimizers import OPTIMIZERS
from errorscape.optimizers.schedules import SCHEDULE_NAMES
from errorscape.runs.plan import HYPERPARAMETERS, entry_from_query  # noqa: F401 (re-exported for routers)

from ..settings import settings
from .data import DataSelection

FINITE = 1e6  # coordinates and domain bounds are finite and below this in magnitude
Schedule = Literal[SCHEDULE_NAMES]


class RunTuning(BaseModel):
    """What may differ between the runs of a race. ``None`` means: inherit the request's value."""

    model_config = ConfigDict(extra="forbid")

    noise: Optional[float] = Field(None, ge=0, le=1e3, description="std of Gaussian noise added to the gradient")
    noise_decay: Optional[float] = Field(None, ge=0, le=2, description="anneal noise as noise·(1+t)^−noise_decay")
    schedule: Optional[Schedule] = Field(None, description="learning-rate schedule")
    warmup: Optional[int] = Field(None, ge=0, le=settings.max_steps, description="linear warm-up steps")
    step_size: Optional[int] = Field(None, ge=1, le=settings.max_steps, description="step schedule: period")
    gamma: Optional[float] = Field(None, ge=1e-6, le=1, description="step/exponential schedule: decay factor")
    t_max: Optional[int] = Field(None, ge=1, le=settings.max_steps, description="cosine schedule: period (default: steps)")
    eta_min: Optional[float] = Field(None, ge=0, le=10, description="cosine schedule: final learning rate")


class RunSettings(RunTuning, DataSelection):
    """Everything about a view's runs except which optimizers run."""

    surface: str = Field("himmelblau", max_length=64, description="surface id, or 'custom' with expr")
    expr: Optional[str] = Field(None, max_length=500, description="formula f(x, y) when surface=custom")
    xmin: Optional[float] = Field(None, ge=-FINITE, le=FINITE, description="domain override")
    xmax: Optional[float] = Field(None, ge=-FINITE, le=FINITE, description="domain override")
    ymin: Optional[float] = Field(None, ge=-FINITE, le=FINITE, description="domain override")
    ymax: Optional[float] = Field(None, ge=-FINITE, le=FINITE, description="domain override")
    x0: Optional[float] = Field(None, ge=-FINITE, le=FINITE, description="start weight x (default: the surface's start)")
    y0: Optional[float] = Field(None, ge=-FINITE, le=FINITE, description="start weight y (default: the surface's start)")
    steps: int = Field(200, ge=1, le=settings.max_steps, description="number of optimizer steps")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="seed for restarts and gradient noise")
    fps: float = Field(0, ge=0, le=240, description="frames per second; 0 streams as fast as it computes")
    every: int = Field(1, ge=1, le=settings.max_steps, description="send every k-th step (the last always)")
    restarts: int = Field(0, ge=0, le=settings.max_restarts, description="random starts across the domain (0: one run from x0, y0)")
    tol: float = Field(1e-6, ge=0, le=1, description="stop a run when gradient and step are both below this")
    state: bool = Field(False, description="frames also carry the optimizer's state and the parts of its next step "
                        "(see docs/optimizers.md, 'Inside the optimizer')")


class RunEntry(RunTuning):
    """One contestant of a race."""

    optimizer: str = Field(..., max_length=64, description="optimizer id")
    params: dict[str, float | bool] = Field(default_factory=dict, description="hyperparameters (torch.optim names)")
    label: Optional[str] = Field(None, max_length=80, description="legend label")


class RunBody(RunSettings):
    """POST /api/runs/stream: one stream for a race of up to eight optimizers."""

    runs: list[RunEntry] = Field(..., min_length=1, max_length=settings.max_race)


def _hyperparameter_fields() -> dict:
    """Every hyperparameter name of every optimizer, as an optional query parameter."""
    fields: dict = {}
    for spec in OPTIMIZERS.values():
        for p in spec.params:
            kind = bool if p.type == "bool" else float
            fields.setdefault(p.name, (Optional[kind], Field(None, description=f"{p.description} (optimizer-specific)")))
    return fields


#: GET /api/runs/stream: one optimizer with flat hyperparameters (lr=..., beta1=...).
RunQuery = create_model(
    "RunQuery",
    __base__=RunSettings,
    optimizer=(str, Field("sgd", max_length=64, description="optimizer id")),
    **_hyperparameter_fields(),
)


#: GET /api/runs: the same query plus the export format.
ExportQuery = create_model(
    "ExportQuery",
    __base__=RunQuery,
    format=(Literal["json", "csv"], Field("json", description="json: start, frames and done; csv: a row per run per frame")),
)


def request_key(req: BaseModel) -> str:
    """Identifies a validated request: two requests with the same key compute the same numbers."""
    return f"{type(req).__name__}:{req.model_dump_json()}"


def family_key(req: BaseModel) -> str:
    """``request_key`` without the start point: requests sharing it differ only in where the run starts."""
    return f"{type(req).__name__}:{req.model_dump_json(exclude={'x0', 'y0'})}"


def field_constraints(*models: type[BaseModel]) -> dict[str, dict]:
    """Each field's declared bounds ({"ge": …, "le": …, "max_length": …}): for error messages and the page."""
    found: dict[str, dict] = {}
    for model in models:
        for name, field in model.model_fields.items():
            bounds = {k: getattr(m, k) for m in field.metadata for k in ("ge", "gt", "le", "lt", "max_length")
                      if getattr(m, k, None) is not None}
            if bounds:
                found[name] = bounds
    return found


def page_bounds() -> dict:
    """What the page checks a shared link against: [min, max] per number, the longest formula and label."""
    constraints = field_constraints(RunSettings, RunEntry)
    numbers = {name: [c.get("ge", c.get("gt")), c.get("le", c.get("lt"))]
               for name, c in constraints.items() if "max_length" not in c}
    return {**numbers, "expr": constraints["expr"]["max_length"], "label": constraints["label"]["max_length"]}
