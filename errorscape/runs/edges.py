"""When a run leaves the drawn map: an event the moment it happens, with the reason that fits.

A run that leaves the plotted domain goes on (it only diverges far beyond it, see ``outcomes``), but a
reader watching the map sees it vanish. So the first frame where a run is off the map says so, and
where it crossed the edge. Two reasons fit what the numbers show at that step:

- the loss fell on the step that left: the surface keeps going down past the edge (on a surface
  with no minimum at all, such as the saddle x² − y², it falls without bound);
- the loss rose: each step overshoots further than the last, the learning rate is too high.
"""

from __future__ import annotations

import numpy as np

from ..surfaces import Domain

MESSAGES = {
    "unbounded": "Left the map: the loss keeps falling past the edge. This surface has no lowest point, it "
    "falls without bound, so gradient descent follows it off the map and never stops.",
    "falling": "Left the map: the loss keeps falling past the edge, so gradient descent follows it off the map.",
    "overshoot": "Left the map: the steps grew too large (the loss rose on this step), each one overshooting "
    "further. The learning rate is probably too high.",
}


class EdgeWatch:
    """Remembers which runs have been off the map, and reports each one the first time it leaves."""

    def __init__(self, surface, domain: Domain, starts: np.ndarray):
        self.surface = surface
        self.domain = domain
        self.unbounded = not surface.minima and surface.category != "custom"  # known to fall forever
        self.gone = ~self._on_map(starts)  # a start off the map is not news
        self.params = np.array(starts, dtype=np.float64)
        self.loss = None

    def _on_map(self, params: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return self.domain.contains(params[:, 0], params[:, 1])

    def check(self, step: int, params: np.ndarray, loss: np.ndarray) -> list[dict]:
        """Events for the runs that are off the map for the first time at ``step``."""
        events = []
        if not self.gone.all():
            leaving = ~self.gone & ~self._on_map(params)
            for run in np.flatnonzero(leaving).tolist():
                events.append(self._event(run, step, self.params[run], params[run],
                                          loss[run] < self.loss[run] if self.loss is not None else True))
            self.gone |= leaving
        self.params, self.loss = params.copy(), loss.copy()  # optimizers may update the engine's arrays in place
        return events

    def _event(self, run: int, step: int, before: np.ndarray, after: np.ndarray, fell: bool) -> dict:
        x, y = self._crossing(before, after)
        kind = "overshoot" if not fell else "unbounded" if self.unbounded else "falling"
        with np.errstate(all="ignore"):
            loss = float(self.surface.f(np.float64(x), np.float64(y)))
        return {"run": run, "reason": "left-map", "step": step, "kind": kind, "message": MESSAGES[kind],
                "x": x, "y": y, "loss": loss}

    def _crossing(self, before: np.ndarray, after: np.ndarray) -> tuple[float, float]:
        """Where the segment from ``before`` (on the map) to ``after`` (off it) crosses the edge."""
        t = 1.0
        for axis, (lo, hi) in enumerate((self.domain.x, self.domain.y)):
            d = after[axis] - before[axis]
            for edge in (lo, hi):
                if d and (after[axis] - edge) * (before[axis] - edge) < 0:
                    t = min(t, (edge - before[axis]) / d)
        point = before + t * (after - before)
        return (float(np.clip(point[0], *self.domain.x)), float(np.clip(point[1], *self.domain.y)))
