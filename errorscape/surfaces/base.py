"""What a surface is: a loss E(x, y) over two weights, with its exact derivatives.

Every surface is vectorised: ``f``, ``grad`` and ``hess`` take numpy arrays ``x`` and ``y`` of any
(broadcastable) shape and return arrays of that shape, in float64. ``grad`` and ``hess`` are exact
(analytic or symbolic), never finite differences: the whole point of the app is to show what the
true gradient does.

A surface is also an *objective* for the optimizer engine (see ``Objective``): it evaluates a batch of
parameter rows of shape (runs, 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Literal, Protocol

import numpy as np

Array = np.ndarray
CriticalKind = Literal["minimum", "local-minimum", "saddle", "maximum", "degenerate"]


class Objective(Protocol):
    """Anything the optimizer engine can descend: a loss over ``dim`` parameters, batched by rows."""

    dim: int

    def value(self, params: Array) -> Array:  # (runs, dim) -> (runs,)
        ...

    def gradient(self, params: Array) -> Array:  # (runs, dim) -> (runs, dim)
        ...

    def hessian(self, params: Array) -> Array:  # (runs, dim) -> (runs, dim, dim)
        ...


@dataclass(frozen=True)
class CriticalPoint:
    x: float
    y: float
    kind: CriticalKind


@dataclass(frozen=True)
class Domain:
    x: tuple[float, float]
    y: tuple[float, float]

    @property
    def span(self) -> float:
        return max(self.x[1] - self.x[0], self.y[1] - self.y[0])

    def contains(self, x: Array, y: Array, margin: float = 0.0) -> Array:
        """True where (x, y) lies inside the domain grown by ``margin`` spans on every side."""
        pad = margin * self.span
        return (
            (x >= self.x[0] - pad) & (x <= self.x[1] + pad) & (y >= self.y[0] - pad) & (y <= self.y[1] + pad)
        )


@dataclass(frozen=True)
class Surface:
    """A two-weight error surface.

    ``grad`` returns ``(dE/dx, dE/dy)``; ``hess`` returns ``(d2E/dx2, d2E/dxdy, d2E/dy2)``.
    ``minima`` are the known global minima; ``critical_points`` are the other notable ones
    (local minima, saddles, maxima, degenerate points) with their kind.
    ``log_scale`` suggests a log colour/height scale to the front end (huge value ranges).
    """

    id: str
    name: str
    description: str
    domain: Domain
    f: Callable[[Array, Array], Array]
    grad: Callable[[Array, Array], tuple[Array, Array]]
    hess: Callable[[Array, Array], tuple[Array, Array, Array]]
    minima: tuple[tuple[float, float], ...] = ()
    critical_points: tuple[CriticalPoint, ...] = ()
    start: tuple[float, float] | None = None  # a default start point that shows the lesson
    log_scale: bool = False
    category: str = "classic"  # "classic" | "teaching" | "network" | "custom"
    formula: str = ""  # human-readable definition, shown in the UI
    extra: dict = field(default_factory=dict)  # surface-specific facts for the API (e.g. dataset)

    dim = 2

    # --- the Objective protocol, over rows of (x, y) ---------------------------------------
    def value(self, params: Array) -> Array:
        return np.asarray(self.f(params[:, 0], params[:, 1]), dtype=np.float64)

    def gradient(self, params: Array) -> Array:
        gx, gy = self.grad(params[:, 0], params[:, 1])
        out = np.empty((len(params), 2))  # cheaper than stacking, which matters for one-run streams
        out[:, 0] = gx
        out[:, 1] = gy
        return out

    def in_bounds(self, params: Array) -> Array:
        """False for rows that ran far off the plotted domain (10 spans out): the runner calls that divergence."""
        lo, hi = self._divergence_box
        inside = (params >= lo) & (params <= hi)  # NaN compares False: out of bounds too
        return inside[:, 0] & inside[:, 1]  # ~30x faster than .all(1) on (runs, 2): checked every step

    @cached_property
    def _divergence_box(self) -> tuple[Array, Array]:
        pad = 10.0 * self.domain.span  # checked every step of every run: computed once
        return (np.array([self.domain.x[0] - pad, self.domain.y[0] - pad]),
                np.array([self.domain.x[1] + pad, self.domain.y[1] + pad]))

    def hessian(self, params: Array) -> Array:
        hxx, hxy, hyy = self.hess(params[:, 0], params[:, 1])
        hxx, hxy, hyy = np.broadcast_arrays(hxx, hxy, hyy)
        return np.stack([np.stack([hxx, hxy], -1), np.stack([hxy, hyy], -1)], -2).astype(np.float64, copy=False)

    # --- the public description (GET /api/surfaces) ------------------------------------------
    def describe(self) -> dict:
        def z(x: float, y: float) -> float:
            return float(self.f(np.float64(x), np.float64(y)))

        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "category": self.category,
            "formula": self.formula,
            "domain": {"x": list(self.domain.x), "y": list(self.domain.y)},
            "log_scale": self.log_scale,
            "start": list(self.start) if self.start else None,
            # `global` says which points are the lowest: the page stars those and marks the rest quietly.
            "minima": [{"x": x, "y": y, "z": z(x, y), "global": True} for x, y in self.minima],
            "critical_points": [
                {"x": c.x, "y": c.y, "z": z(c.x, c.y), "kind": c.kind, "global": False} for c in self.critical_points
            ],
            **({"extra": self.extra} if self.extra else {}),
        }
