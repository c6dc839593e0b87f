"""Errorscape's core: error surfaces, torch-exact optimizers, the descent engine and the lessons' numerics.

Pure numpy (and plotly for figures); no web framework. The web app (``app``) serves these over HTTP;
notebooks and scripts import them directly and get the same numbers (docs/notebooks.md):

    >>> import errorscape
    >>> result = errorscape.race("himmelblau", [{"optimizer": "adam", "lr": 0.05}, "sgd"], steps=100)
    >>> fig = errorscape.combined(result)     # 3D, contour, loss and gradient norm, animated

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
from .notebook import HyperMap, Result, Tuned, grid, hypermap, optimizers, race, run, schedules, surface, surfaces, tune
from .teach import (basins, classify, critical_points, curse, highdim_run, interpolation, landscape_slice,
                    lesson_run, lessons, restarts)
from .figures import combined, figure_3d, figure_contour, figure_series
from .export import export

__version__ = "0.1.0"

__all__ = [
    # notebooks and scripts (errorscape.notebook, errorscape.teach, errorscape.figures, errorscape.export)
    "HyperMap",
    "Result",
    "Tuned",
    "basins",
    "classify",
    "combined",
    "critical_points",
    "curse",
    "export",
    "figure_3d",
    "figure_contour",
    "figure_series",
    "grid",
    "highdim_run",
    "hypermap",
    "interpolation",
    "landscape_slice",
    "lesson_run",
    "lessons",
    "optimizers",
    "race",
    "restarts",
    "run",
    "schedules",
    "surface",
    "surfaces",
    "tune",
    # the core
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
