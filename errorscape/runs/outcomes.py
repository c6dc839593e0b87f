"""How a run ends, and how to say so in plain language.

- ``diverged``: a weight, the loss or the gradient stopped being a finite number, or the weights left
  a generous box around the plotted domain (the objective's ``in_bounds``).
- ``converged``: the gradient and the last step are both smaller than ``tol`` and the point is a
  (local) minimum: by the Hessian, or, where the Hessian is singular, by the loss around the point
  (``shape``: x² + y⁴ is a minimum, x² + y³ is not).
- ``stalled``: the gradient and the step vanished too, but the point is a saddle (also a degenerate one
  that only looks like a minimum to second order), a maximum, or flat to the precision used: it only
  *looks* like a minimum.
- ``completed``: the run used all its steps (decided by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .shape import Shape, classify

# Run status codes (small ints keep the per-step checks cheap); REASONS names them.
RUNNING, CONVERGED, STALLED, DIVERGED = 0, 1, 2, 3
REASONS = ("running", "converged", "stalled", "diverged")
CODES = {name: code for code, name in enumerate(REASONS)}
MAX_HESSIAN_DIM = 200  # beyond this, eigenvalues are too costly per stop; trust the gradient alone


@dataclass(frozen=True)
class Stop:
    run: int
    reason: str  # "diverged" | "converged" | "stalled"
    step: int
    kind: str  # what was found: "minimum", "saddle", "maximum", "flat", "non-finite", "out-of-bounds"
    message: str

    def describe(self) -> dict:
        return {"run": self.run, "reason": self.reason, "step": self.step, "kind": self.kind,
                "message": self.message}


MESSAGES = {
    "non-finite": "Diverged: the loss or the weights blew up to infinity. The learning rate is probably too high.",
    "out-of-bounds": "Diverged: the weights ran far off the map and kept going. The learning rate is probably too high.",
    # The same stop when the loss was still falling: the surface has no bottom that way, whatever the rate.
    "out-of-bounds-falling": "Diverged: the weights ran far off the map, downhill all the way: the loss keeps "
    "falling in that direction and there is no minimum to stop at.",
    "minimum": "Converged: the gradient vanished at a minimum.",
    "saddle": "Stalled at a saddle point: the gradient is zero, but the surface still curves down in "
    "another direction. It looks like a minimum and is not.",
    "maximum": "Stalled on a peak: the gradient is zero at a local maximum.",
    "flat": "Stalled on a flat region: gradient and curvature are both about zero, so nothing pushes the weights.",
}
# Where the Hessian was silent (an eigenvalue ~0) and the loss around the point decided.
DEGENERATE_MESSAGES = {
    "minimum": "Converged: the gradient vanished at a minimum. A degenerate one: the curvature is zero in some "
    "direction, and the loss still rises there, through higher-order terms.",
    "saddle": "Stalled at a degenerate saddle point: the gradient is zero and nothing curves down to second "
    "order, so it looks like a minimum. It is not: along a direction of zero curvature the loss still goes "
    "down (a cubic or quartic term), and points next to it are lower.",
    "maximum": "Stalled on a peak: the gradient is zero and the loss falls in every direction, in some of them "
    "only through higher-order terms.",
    "flat": "Stalled on a flat region: gradient and curvature are about zero, and the loss around the point is "
    "flat to the precision used, so nothing pushes the weights and nothing tells which way is down.",
}


def message(shape: Shape) -> str:
    return (DEGENERATE_MESSAGES if shape.probed else MESSAGES)[shape.kind]


def _in_bounds(objective, params: np.ndarray) -> np.ndarray:
    check = getattr(objective, "in_bounds", None)
    return check(params) if check else np.ones(len(params), dtype=bool)


# numpy's reductions along a short axis 1 cost ~30x a column-wise loop on (runs, 2) arrays, and the checks
# below run every step for every run (10,000 of them in a hyperparameter map): loop over the few columns.
FEW_COLUMNS = 8


def _each_row_all(mask: np.ndarray) -> np.ndarray:
    if mask.shape[1] > FEW_COLUMNS:
        return mask.all(1)
    out = mask[:, 0].copy()
    for j in range(1, mask.shape[1]):
        out &= mask[:, j]
    return out


def _row_sums_of_squares(a: np.ndarray) -> np.ndarray:
    if a.shape[1] > FEW_COLUMNS:
        return (a * a).sum(1)
    out = a[:, 0] * a[:, 0]
    for j in range(1, a.shape[1]):
        out += a[:, j] * a[:, j]
    return out


def stopping(objective, old_params, new_params, loss, grad, running, tol) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: (diverging, finite, still). Which running rows leave the finite numbers or the box, and which
    stand still (gradient and step below ``tol``; never when ``tol`` is None or 0). Rows are independent, so
    the engine also asks this of several steps' rows at once (``errorscape.runs.engine``)."""
    finite = np.isfinite(loss) & _each_row_all(np.isfinite(new_params)) & _each_row_all(np.isfinite(grad))
    diverging = running & ~(finite & _in_bounds(objective, new_params))
    if not tol:
        return diverging, finite, np.zeros_like(running)
    moved = np.sqrt(_row_sums_of_squares(new_params - old_params))
    still = running & ~diverging & (np.sqrt(_row_sums_of_squares(grad)) < tol) & (moved < tol)
    return diverging, finite, still


def judge_stops(objective, step, old_params, new_params, loss, grad, status, tol, old_loss=None) -> list[Stop]:
    """Decide which running runs stop at ``step``; record it in ``status`` (in place) and return them.

    ``tol=None`` checks only for divergence (used at step 0, where no step was taken yet). The common
    case, nobody stops, costs a handful of vectorised checks.
    """
    diverging, finite, still = stopping(objective, old_params, new_params, loss, grad, status == RUNNING, tol)
    if not diverging.any() and not still.any():
        return []

    stops = {}
    for run in np.flatnonzero(diverging).tolist():
        kind = "non-finite" if not finite[run] else "out-of-bounds"
        falling = kind == "out-of-bounds" and old_loss is not None and loss[run] < old_loss[run]
        stops[run] = Stop(run, "diverged", step, kind, MESSAGES[kind + "-falling" if falling else kind])
    rows = np.flatnonzero(still)
    if len(rows):
        if new_params.shape[1] <= MAX_HESSIAN_DIM and hasattr(objective, "hessian"):
            with np.errstate(all="ignore"):
                shapes = classify(objective, new_params[rows], loss[rows], grad[rows], objective.hessian(new_params[rows]))
        else:
            shapes = [Shape("minimum", False, False)] * len(rows)
        for run, shape in zip(rows.tolist(), shapes):
            reason = "converged" if shape.kind == "minimum" else "stalled"
            stops[run] = Stop(run, reason, step, shape.kind, message(shape))
    for run, stop in stops.items():
        status[run] = CODES[stop.reason]
    return [stops[run] for run in sorted(stops)]


def overall_reason(status: np.ndarray) -> str:
    """The stream's verdict: 'completed' if any run used every step, else the most common reason."""
    reasons = [REASONS[c] for c in status.tolist()]
    if "running" in reasons:
        return "completed"
    order = ("diverged", "stalled", "converged")
    return max(order, key=lambda r: (reasons.count(r), -order.index(r)))
