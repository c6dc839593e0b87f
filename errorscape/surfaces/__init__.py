"""Error surfaces: the registry of built-in two-weight losses (see base.Surface)."""

from .base import CriticalPoint, Domain, Objective, Surface
from .registry import SURFACES, get_surface

__all__ = ["CriticalPoint", "Domain", "Objective", "Surface", "SURFACES", "get_surface"]
