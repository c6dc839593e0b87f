"""Errorscape's core: error surfaces, torch-exact optimizers, the descent engine and the lessons' numerics.

Pure numpy; no web framework. The web app (``app``) serves these over HTTP; notebooks and scripts import
them directly and get the same numbers.

    >>> from errorscape import SURFACES, OPTIMIZERS
    >>> sorted(SURFACES)[:3]
    ['ackley', 'beale', 'booth']
"""

from .errors import ExpressionError, ParamError
from .expressions import custom_surface
from .limits import DEFAULT_LIMITS, Limits
from .optimizers import OPTIMIZERS, Optimizer, OptimizerSpec, get_optimizer
from .optimizers.schedules import SCHEDULE_NAMES, make_schedule
from .runs.engine import simulate
from .runs.frames import run_events
from .runs.plan import Entry, RunPlan, build_plan, entry_from_query
from .surfaces import LAZY_SURFACES, N_DIMENSIONAL, SURFACES, Domain, Objective, Surface, get_surface
from .surfaces.grid import grid_values

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_LIMITS",
    "LAZY_SURFACES",
    "N_DIMENSIONAL",
    "OPTIMIZERS",
    "SCHEDULE_NAMES",
    "SURFACES",
    "Domain",
    "Entry",
    "ExpressionError",
    "Limits",
    "Objective",
    "Optimizer",
    "OptimizerSpec",
    "ParamError",
    "RunPlan",
    "Surface",
    "build_plan",
    "custom_surface",
    "entry_from_query",
    "get_optimizer",
    "get_surface",
    "grid_values",
    "make_schedule",
    "run_events",
    "simulate",
]
