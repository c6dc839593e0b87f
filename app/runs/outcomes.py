"""How a run ends, and how to say so in plain language.

- ``diverged``: a weight, the loss or the gradient stopped being a finite number, or the weights left
  a generous box around the plotted domain (the objective's ``in_bounds``).
- ``converged``: the gradient and the last step are both smaller than ``tol`` and the Hessian there
  is positive semi-definite with real curvature: a (local) minimum.
- ``stalled``: the gradient and the step vanished too, but the point is a saddle, a maximum, or
  a flat region (every Hessian eigenvalue ~0): it only *looks* like a minimum.
- ``completed``: the run used all its steps (decided by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RUNNING = "running"
FLAT = 1e-6  # |eigenvalue| below this counts as no curvature
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
    "minimum": "Converged: the gradient vanished at a minimum.",
    "saddle": "Stalled at a saddle point: the gradient is zero, but the surface still curves down in "
    "another direction. It looks like a minimum and is not.",
    "maximum": "Stalled on a peak: the gradient is zero at a local maximum.",
    "flat": "Stalled on a flat region: gradient and curvature are both about zero, so nothing pushes the weights.",
}


def classify_hessian(hessian: np.ndarray) -> list[str]:
    """'minimum', 'saddle', 'maximum' or 'flat' for each (d, d) matrix of a (runs, d, d) stack."""
    eig = np.linalg.eigvalsh(hessian)
    kinds = []
    for lam in eig:
        if np.abs(lam).max() < FLAT:
            kinds.append("flat")
        elif lam.min() < -FLAT:
            kinds.append("maximum" if lam.max() < -FLAT else "saddle")
        else:
            kinds.append("minimum")
    return kinds


def _in_bounds(objective, params: np.ndarray) -> np.ndarray:
    check = getattr(objective, "in_bounds", None)
    return check(params) if check else np.ones(len(params), dtype=bool)


def judge_stops(objective, step, old_params, new_params, loss, grad, status, tol) -> list[Stop]:
    """Decide which running runs stop at ``step``; record it in ``status`` (in place) and return them.

    ``tol=None`` checks only for divergence (used at step 0, where no step was taken yet).
    """
    running = status == RUNNING
    finite = np.isfinite(new_params).all(1) & np.isfinite(loss) & np.isfinite(grad).all(1)
    kinds: dict[int, str] = {}
    for i in np.flatnonzero(running & ~finite):
        kinds[int(i)] = "non-finite"
    for i in np.flatnonzero(running & finite & ~_in_bounds(objective, new_params)):
        kinds[int(i)] = "out-of-bounds"
    if tol:
        moved = np.linalg.norm(new_params - old_params, axis=1)
        still = np.flatnonzero(running & finite & (np.linalg.norm(grad, axis=1) < tol) & (moved < tol))
        still = [i for i in still if int(i) not in kinds]
        if still:
            if new_params.shape[1] <= MAX_HESSIAN_DIM and hasattr(objective, "hessian"):
                with np.errstate(all="ignore"):
                    hess = objective.hessian(new_params[still])
                found = classify_hessian(np.nan_to_num(hess))
            else:
                found = ["minimum"] * len(still)
            kinds.update({int(i): k for i, k in zip(still, found)})
    stops = []
    for run in sorted(kinds):
        kind = kinds[run]
        reason = "diverged" if kind in ("non-finite", "out-of-bounds") else (
            "converged" if kind == "minimum" else "stalled")
        status[run] = reason
        stops.append(Stop(run, reason, step, kind, MESSAGES[kind]))
    return stops


def overall_reason(status: np.ndarray) -> str:
    """The stream's verdict: 'completed' if any run used every step, else the most common reason."""
    reasons = [r for r in status.tolist()]
    if RUNNING in reasons:
        return "completed"
    order = ("diverged", "stalled", "converged")
    return max(order, key=lambda r: (reasons.count(r), -order.index(r)))
