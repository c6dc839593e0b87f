"""Every objective by id: the built-in two-weight surfaces (in the order the picker shows them), the
surfaces too costly to build at import (``LAZY_SURFACES``), and the N-dimensional objectives.

A typed formula is not registered: ``expressions.custom_surface`` builds one per request (id ``custom``).
"""

from __future__ import annotations

from typing import Callable

from . import classic, multimodal, ndim, networks, teaching
from .base import Surface

SURFACES: dict[str, Surface] = {
    s.id: s for module in (teaching, classic, multimodal, networks) for s in module.SURFACES
}


def _mlp_slice() -> Surface:
    # Imported on first use: the module pulls in the optimizers and the engine to train the network.
    from .mlp_slice import slice_surface

    return slice_surface()


#: id -> factory, called on first use (the factory caches): the trained network's slice takes seconds.
LAZY_SURFACES: dict[str, Callable[[], Surface]] = {"mlp-slice": _mlp_slice}

#: The N-dimensional objectives of the high-dimensionality lesson: ``ndim.objective(id, dim, seed)``.
N_DIMENSIONAL = ndim.OBJECTIVES


def get_surface(surface_id: str) -> Surface | None:
    """A built-in surface by id (a lazy one is built now), or None."""
    if surface_id in SURFACES:
        return SURFACES[surface_id]
    factory = LAZY_SURFACES.get(surface_id)
    return factory() if factory else None
