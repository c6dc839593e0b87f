"""Error surfaces: every objective (built-in, trained, N-dimensional) and the one registry of them (see base.Surface)."""

from .base import CriticalPoint, Domain, Objective, Surface
from .registry import LAZY_SURFACES, N_DIMENSIONAL, SURFACES, get_surface

__all__ = ["CriticalPoint", "Domain", "LAZY_SURFACES", "N_DIMENSIONAL", "Objective", "Surface", "SURFACES", "get_surface"]
