"""The critical-point classifier: what the gradient, the Hessian and the loss around it say about one point.

A point is *critical* when its gradient vanishes (‖∇f‖ < tol). What kind of critical point it is (or
would be) is decided exactly as the run engine decides a converged run from a stalled one
(``errorscape.runs.shape.classify``):

- by the Hessian's eigenvalues where they decide: all > 0 a minimum, all < 0 a maximum, both signs a saddle;
- where some eigenvalue is ~0 (``degenerate``) and the signs do not already make a saddle, by the loss
  around the point, beyond second order (``test: "higher-order"``): x² + y⁴ is a minimum, x² + y³,
  x² − y⁴ and the monkey saddle are saddles (not minima), and "flat" is left only where the loss is flat
  to the precision used (a plateau).

Works for any dimension d (the objective's rows have d columns); the sentence is written for people.
"""

from __future__ import annotations

import math

import numpy as np

from ..runs.shape import FLAT, classify


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
                "degenerate": None, "test": None, "index": None,
                "sentence": "The loss or its derivatives are not defined here (they overflow or divide by zero)."}
    hess = 0.5 * (hess + hess.T)  # symmetric by construction; this only removes rounding asymmetry
    eigenvalues, vectors = np.linalg.eigh(hess)
    shape = classify(objective, p, np.array([loss]), grad[None], hess[None])[0]
    gnorm = float(np.linalg.norm(grad))
    critical = gnorm < tol
    index = int((eigenvalues < -FLAT).sum())
    degenerate = bool((np.abs(eigenvalues) <= FLAT).any())
    return {
        "defined": True,
        "loss": loss,
        "gradient": grad.tolist(),
        "gradient_norm": gnorm,
        "hessian": hess.tolist(),
        "eigenvalues": eigenvalues.tolist(),  # ascending
        "eigenvectors": vectors.T.tolist(),  # row i is the unit eigenvector of eigenvalues[i]
        "critical": critical,
        "verdict": shape.kind,
        "degenerate": degenerate,
        "test": "higher-order" if shape.probed else "second-order",
        "index": index,  # how many directions curve downwards
        "sentence": sentence(shape.kind, critical, shape.probed, gnorm, eigenvalues),
    }


def _fmt(v: float) -> str:
    return f"{v:.3g}"


CURVATURE = {
    "minimum": "the surface curves up in every direction, like the bottom of a bowl",
    "maximum": "the surface curves down in every direction, like the top of a hill",
    "saddle": "the surface curves up in some directions and down in others, like a mountain pass",
    "flat": "the surface is flat to second order: no curvature in any direction",
}


def sentence(verdict: str, critical: bool, probed: bool, gnorm: float, eigenvalues: np.ndarray) -> str:
    lams = ", ".join(_fmt(v) for v in eigenvalues)
    shape = f"{CURVATURE[verdict]} (Hessian eigenvalues {lams})"
    if not critical:
        return (f"Not a critical point: the gradient has length {_fmt(gnorm)}, so gradient descent keeps moving "
                f"from here. Locally {shape}.")
    if probed:
        return HIGHER_ORDER[verdict].format(lams=lams)
    if verdict == "minimum":
        return f"A minimum: the gradient is zero and {shape}. Gradient descent stays here."
    if verdict == "saddle":
        return (f"A saddle point: the gradient is zero, yet {shape}. It looks like a minimum to a method that "
                "only reads the gradient; a step along a negative-curvature direction goes further down.")
    return f"A maximum: the gradient is zero and {shape}. Any nudge rolls downhill."


# Where the Hessian is singular (an eigenvalue ~0) the second-derivative test decides nothing, and the
# verdict comes from the loss around the point (errorscape.runs.shape).
HIGHER_ORDER = {
    "minimum": "A degenerate minimum: the gradient is zero and the Hessian ({lams}) is singular, so the "
    "second-derivative test cannot decide; the loss around the point rises or stays level in every direction, "
    "in the flat ones through higher-order terms (like x² + y⁴), or along a valley floor of equally good points.",
    "saddle": "Not a minimum, though it looks like one: the gradient is zero and the Hessian ({lams}) is "
    "singular, so the second-derivative test cannot decide. Along a direction of zero curvature the loss still "
    "goes down, through a cubic or quartic term (like x² + y³, x² − y⁴ or the monkey saddle x³ − 3xy²): "
    "a degenerate saddle point.",
    "maximum": "A degenerate maximum: the gradient is zero, the Hessian ({lams}) is singular, and the loss "
    "around the point falls or stays level in every direction, in the flat ones through higher-order terms.",
    "flat": "A flat critical point: the gradient and the Hessian ({lams}) are about zero, and the loss around "
    "the point is flat to the precision used: a plateau. Nothing pushes gradient descent, and nothing here "
    "tells which way is down.",
}
