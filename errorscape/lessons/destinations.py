"""Where runs end: run a plan from many starts to its last step, then name the minimum each run reached.

Shared by the restarts table and the basin-of-attraction map. Conventions:

- The *destinations* are the surface's known minima (its global ``minima`` first, then the listed
  local minima), followed by points the runs found on their own: end points of runs that settled
  (gradient below ``SETTLED``) further than ``radius`` from every known minimum, grouped greedily
  within ``radius``. Each found point is classified by its Hessian (it may be a saddle a run stalled on).
- A run is assigned to the first destination within ``radius`` of its end point. Codes:
  ``i ≥ 0`` the destination's index, ``OTHER`` (−1) still moving when the steps ran out,
  ``DIVERGED`` (−2) the engine stopped it as diverged.
- A destination is *global* when it is a minimum whose loss is within ``GLOBAL_TOL`` of the lowest loss
  among all minima, known and found: the surface's listed global minima, or (for a custom formula,
  which lists none) the best minimum the runs found.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..runs import outcomes
from ..runs.engine import simulate
from ..runs.plan import RunPlan
from ..surfaces import Surface
from .critical import classify_point

OTHER, DIVERGED = -1, -2
SETTLED = 1e-3  # a run whose gradient is shorter than this has arrived somewhere
GLOBAL_TOL = 1e-6  # relative: loss ≤ f* + GLOBAL_TOL·(1 + |f*|) counts as global
RADIUS_SHARE = 0.02  # default radius: this share of the domain's larger side


def default_radius(plan: RunPlan) -> float:
    return RADIUS_SHARE * plan.domain.span


def final_snapshot(plan: RunPlan, starts: np.ndarray):
    """Run the plan's (single) optimizer from every row of ``starts``; return the engine's last snapshot."""
    plan = replace(plan, starts=np.asarray(starts, dtype=np.float64))
    last = None
    for last in simulate(plan.surface, plan.groups(), plan.all_starts(), plan.steps, plan.seed, plan.tol):
        pass
    return last


def known_minima(surface: Surface) -> list[dict]:
    kinds = {"minimum", "local-minimum"}
    rows = list(surface.minima) + [(c.x, c.y) for c in surface.critical_points if c.kind in kinds]
    return [_destination(surface, x, y, known=True, kind="minimum") for x, y in rows]


def _destination(surface, x: float, y: float, known: bool, kind: str) -> dict:
    loss = float(surface.value(np.array([[x, y]]))[0])
    return {"x": float(x), "y": float(y), "loss": loss, "kind": kind, "known": known, "global": False}


def assign(surface: Surface, snap, radius: float) -> tuple[np.ndarray, list[dict]]:
    """(codes per run, destinations) for the end points of ``snap``; see the module docstring."""
    dests = known_minima(surface)
    ends = snap.params
    codes = np.full(len(ends), OTHER, dtype=np.int64)
    diverged = snap.status == outcomes.DIVERGED
    codes[diverged] = DIVERGED
    open_ = ~diverged
    for i, d in enumerate(dests):
        near = open_ & (np.hypot(ends[:, 0] - d["x"], ends[:, 1] - d["y"]) <= radius)
        codes[near] = i
        open_ &= ~near
    settled = open_ & (np.linalg.norm(snap.grad, axis=1) < SETTLED)
    while settled.any():
        first = ends[np.flatnonzero(settled)[0]]
        near = settled & (np.hypot(ends[:, 0] - first[0], ends[:, 1] - first[1]) <= radius)
        centre = ends[near].mean(axis=0)
        kind = classify_point(surface, centre, tol=np.inf)["verdict"] or "flat"
        codes[near] = len(dests)
        dests.append(_destination(surface, centre[0], centre[1], known=False, kind=kind))
        settled &= ~near
    _mark_global(dests)
    for i, d in enumerate(dests):
        d["index"] = i
        d["count"] = int((codes == i).sum())
        d["share"] = d["count"] / len(codes)
    return codes, dests


def _mark_global(dests: list[dict]) -> None:
    minima = [d for d in dests if d["kind"] == "minimum"]
    if minima:
        best = min(d["loss"] for d in minima)
        for d in minima:
            d["global"] = d["loss"] <= best + GLOBAL_TOL * (1 + abs(best))


def tally(codes: np.ndarray, dests: list[dict]) -> dict:
    """Shares of the whole: every destination, still moving, diverged, and the global share p."""
    n = len(codes)
    is_global = np.array([d["global"] for d in dests] + [False, False])  # codes −2, −1 index from the end
    successes = int(is_global[codes].sum())
    return {
        "other": {"count": int((codes == OTHER).sum()), "share": float((codes == OTHER).mean())},
        "diverged": {"count": int((codes == DIVERGED).sum()), "share": float((codes == DIVERGED).mean())},
        "successes": successes,
        "p": successes / n,
    }
