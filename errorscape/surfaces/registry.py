"""Collects every built-in surface by id, in the order the picker shows them."""

from __future__ import annotations

from . import classic, multimodal, networks, teaching
from .base import Surface

SURFACES: dict[str, Surface] = {
    s.id: s for module in (teaching, classic, multimodal, networks) for s in module.SURFACES
}


def get_surface(surface_id: str) -> Surface | None:
    return SURFACES.get(surface_id)
