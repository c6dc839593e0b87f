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
            return self.domain.contains(params[..., 0], params[..., 1])

    def check(self, step: int, params: np.ndarray, loss: np.ndarray) -> list[dict]:
        """Events for the runs that are off the map for the first time at ``step``."""
        return self.check_steps([step], [params], [loss])[0]

    def check_steps(self, steps: list[int], params: list[np.ndarray], loss: list[np.ndarray]) -> list[list[dict]]:
        """``check`` for consecutive steps at once (each step's (runs, 2) params and (runs,) loss): each step's
        events. One vectorised test for them all: on one run, numpy's per-call overhead is the whole cost."""
        events = [[] for _ in steps]
        if not self.gone.all():
            params, loss = _stacked(params), _stacked(loss)
            off = ~self._on_map(params) & ~self.gone  # (steps, runs)
            leaving = off.any(0)
            for run in np.flatnonzero(leaving).tolist():
                k = int(off[:, run].argmax())  # the step it left at
                if k:
                    before, fell = params[k - 1, run], loss[k, run] < loss[k - 1, run]
                else:
                    before, fell = self.params[run], self.loss is None or loss[0, run] < self.loss[run]
                events[k].append(self._event(run, steps[k], before, params[k, run], fell))
            self.gone |= leaving
        # optimizers may update the engine's arrays in place
        self.params, self.loss = params[-1].copy(), loss[-1].copy()
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


def _stacked(arrays: list[np.ndarray]) -> np.ndarray:
    """(steps, ...) from each step's array; one step (many runs check every step) is a view, not a copy."""
    return arrays[0][None] if len(arrays) == 1 else np.stack(arrays)
