"""The critical-point classifier: what the gradient and the Hessian say about one point.

A point is *critical* when its gradient vanishes (‖∇f‖ < tol). What kind of critical point it is
(or would be) is read from the Hessian's eigenvalues, with the same thresholds the run engine uses
to tell a converged run from a stalled one (``errorscape.runs.outcomes.classify_hessian``):

- all eigenvalues > 0: a minimum; all < 0: a maximum; both signs: a saddle;
- every |λ| below ``outcomes.FLAT``: flat (a plateau, or a degenerate point like the monkey saddle);
- ``degenerate`` marks any eigenvalue that is ~0: a second-order test cannot decide along it.

Works for any dimension d (the objective's rows have d columns); the sentence is written for people.
"""

from __future__ import annotations

import math

import numpy as np

from ..runs.outcomes import FLAT, classify_hessian


def classify_point(objective, point, tol: float = 1e-6) -> dict:
    """Gradient, Hessian, its eigen-decomposition and the verdict at ``point`` (a length-d sequence)."""
    p = np.asarray(point, dtype=np.float64).reshape(1, -1)
    with np.errstate(all="ignore"):
        loss = float(objective.value(p)[0])
        grad = objective.gradient(p)[0]
        hess = objective.hessian(p)[0]
    if not (math.isfinite(loss) and np.isfinite(grad).all() and np.isfinite(hess).all()):
        return {"defined": False, "loss": None, "gradient": None, "gradient_norm": None, "hessian": None,
                "eigenvalues": None, "eigenvectors": None, "critical": False, "verdict": None,
                "degenerate": None, "index": None,
                "sentence": "The loss or its derivatives are not defined here (they overflow or divide by zero)."}
    hess = 0.5 * (hess + hess.T)  # symmetric by construction; this only removes rounding asymmetry
    eigenvalues, vectors = np.linalg.eigh(hess)
    verdict = classify_hessian(hess[None])[0]
    gnorm = float(np.linalg.norm(grad))
    critical = gnorm < tol
    index = int((eigenvalues < -FLAT).sum())
    degenerate = bool((np.abs(eigenvalues) < FLAT).any())
    return {
        "defined": True,
        "loss": loss,
        "gradient": grad.tolist(),
        "gradient_norm": gnorm,
        "hessian": hess.tolist(),
        "eigenvalues": eigenvalues.tolist(),  # ascending
        "eigenvectors": vectors.T.tolist(),  # row i is the unit eigenvector of eigenvalues[i]
        "critical": critical,
        "verdict": verdict,
        "degenerate": degenerate,
        "index": index,  # how many directions curve downwards
        "sentence": sentence(verdict, critical, degenerate, gnorm, eigenvalues),
    }


def _fmt(v: float) -> str:
    return f"{v:.3g}"


CURVATURE = {
    "minimum": "the surface curves up in every direction, like the bottom of a bowl",
    "maximum": "the surface curves down in every direction, like the top of a hill",
    "saddle": "the surface curves up in some directions and down in others, like a mountain pass",
    "flat": "the surface is flat to second order: no curvature in any direction",
}


def sentence(verdict: str, critical: bool, degenerate: bool, gnorm: float, eigenvalues: np.ndarray) -> str:
    lams = ", ".join(_fmt(v) for v in eigenvalues)
    shape = f"{CURVATURE[verdict]} (Hessian eigenvalues {lams})"
    if not critical:
        return (f"Not a critical point: the gradient has length {_fmt(gnorm)}, so gradient descent keeps moving "
                f"from here. Locally {shape}.")
    if verdict == "minimum" and not degenerate:
        return f"A minimum: the gradient is zero and {shape}. Gradient descent stays here."
    if verdict == "minimum":
        return (f"A degenerate minimum: the gradient is zero and nothing curves down, but at least one direction "
                f"is flat ({lams}): a valley floor of equally good points, or a higher-order test is needed.")
    if verdict == "saddle":
        return (f"A saddle point: the gradient is zero, yet {shape}. It looks like a minimum to a method that "
                "only reads the gradient; a step along a negative-curvature direction goes further down.")
    if verdict == "maximum":
        return f"A maximum: the gradient is zero and {shape}. Any nudge rolls downhill."
    return (f"A flat critical point: the gradient is zero and {shape}. Gradient descent has nothing to push it, "
            "and Newton's method cannot tell which way is down: this may be a plateau or a degenerate saddle.")
