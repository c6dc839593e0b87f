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

from .errors import ParamError
from .expressions import ExpressionError, custom_surface
from .limits import DEFAULT_LIMITS, Limits
from .optimizers import OPTIMIZERS, Optimizer, OptimizerSpec, get_optimizer
from .runs.engine import simulate
from .runs.plan import Entry, RunPlan, build_plan
from .surfaces import SURFACES, Domain, Surface, get_surface
from .notebook import Result, grid, optimizers, race, run, schedules, surface, surfaces
from .teach import (basins, classify, critical_points, curse, highdim_run, interpolation, landscape_slice,
                    lesson_run, lessons, restarts)
from .figures import combined, figure_3d, figure_contour, figure_series
from .export import export

__version__ = "0.1.0"

__all__ = [
    # notebooks and scripts (errorscape.notebook, errorscape.teach, errorscape.figures, errorscape.export)
    "Result",
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
    # the core
    "DEFAULT_LIMITS",
    "OPTIMIZERS",
    "SURFACES",
    "Domain",
    "Entry",
    "ExpressionError",
    "Limits",
    "Optimizer",
    "OptimizerSpec",
    "ParamError",
    "RunPlan",
    "Surface",
    "build_plan",
    "custom_surface",
    "get_optimizer",
    "get_surface",
    "simulate",
]
