"""Errorscape's core: error surfaces, torch-exact optimizers, the descent engine and the lessons' numerics.

Pure numpy; no web framework. The web app (``app``) serves these over HTTP; notebooks and scripts import
them directly and get the same numbers.

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

__version__ = "0.1.0"

__all__ = [
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
