"""What kind of point a point is: the second-derivative test, and the loss itself where that test is silent.

Second order. The Hessian's eigenvalues decide when they can: all > FLAT a minimum, all < −FLAT a
maximum, some of each a saddle (a direction curves up, another down, whatever the rest do).

Beyond second order. Where an eigenvalue is about zero (|λ| ≤ FLAT) and no two have opposite signs, the
Hessian decides nothing: x² + y³, x² − y⁴, x² + y⁴ and x⁴ + y⁴ all have a positive semi-definite
Hessian at the origin, yet only the last two are minima; the monkey saddle x³ − 3xy² has H = 0. So the
loss itself is read around the point p, along ± every eigenvector and along evenly spread directions (a
circle in 2D; seeded random directions, also within the null space, in more), at radii RADII. At each
probe q the loss is compared with its tangent plane, R(q) = E(q) − E(p) − ∇E(p)·(q − p), which removes
the slope a stop tolerates (‖∇E‖ < tol). A direction *rises* or *falls* by the sign of R at the smallest
radius r where |R| exceeds both what curvature FLAT would give (FLAT·r²/2) and rounding (NOISE relative
to the loss), so the closest departure from the plane decides, before any neighbouring valley can.

- some direction falls and another rises: a saddle (not a minimum: the run only looks converged);
- some rise, none falls: a minimum (directions that never depart are a valley floor of equal points);
- some fall, none rises: a maximum;
- no direction departs from the plane at any radius: flat. The surface is flat to the precision used
  (a plateau, Easom's far field), and nothing can be told.

A non-finite Hessian (a kink or a pole at p) counts as silent too: the probes alone decide. Probes
where the loss is not finite are ignored. The probing is the precision used: a departure beyond the
largest radius, or between the probed directions, is not seen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FLAT = 1e-6  # |eigenvalue| at or below this counts as no curvature
RADII = np.geomspace(1e-4, 1e-1, 7)
NOISE = 2.0**-40  # relative rounding allowance on E(q) − E(p) (≈ 9e-13)
CIRCLE = 16  # probe directions evenly spread in 2D
RANDOM = 32  # random probe directions (and as many in the null space) in more dimensions


@dataclass(frozen=True)
class Shape:
    kind: str  # "minimum" | "maximum" | "saddle" | "flat"
    degenerate: bool  # some |λ| ≤ FLAT (or the Hessian is not finite): the second-order test was silent
    probed: bool  # the kind was read from the loss around the point, not from the Hessian


def second_order(eigenvalues: np.ndarray) -> str | None:
    """The second-derivative test on one point's eigenvalues; None where it cannot decide."""
    if not np.isfinite(eigenvalues).all():
        return None
    lo, hi = eigenvalues.min(), eigenvalues.max()
    if lo < -FLAT and hi > FLAT:
        return "saddle"
    if lo > FLAT:
        return "minimum"
    if hi < -FLAT:
        return "maximum"
    return None


def _directions(d: int, vectors: np.ndarray | None, null: np.ndarray | None) -> np.ndarray:
    """Unit probe directions (m, d): ± the eigenvectors and evenly spread or random ones."""
    if d == 2:
        angles = np.arange(CIRCLE) * (2 * np.pi / CIRCLE)
        spread = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    else:
        rng = np.random.default_rng([0x5A4E, d])
        spread = rng.standard_normal((RANDOM, d))
        if null is not None and null.shape[1] > 1:
            spread = np.concatenate([spread, rng.standard_normal((RANDOM, null.shape[1])) @ null.T])
        spread /= np.linalg.norm(spread, axis=1, keepdims=True)
        spread = np.concatenate([spread, -spread])
    if vectors is None:
        return spread
    return np.concatenate([vectors.T, -vectors.T, spread])


def _kind_from(rest: np.ndarray, values: np.ndarray, loss: float) -> str:
    """Rise/fall per direction (rows of ``rest``, one column per radius), then the kind."""
    allowed = np.maximum(FLAT * RADII**2 / 2, NOISE * np.maximum(abs(loss), np.abs(values)))
    departs = np.isfinite(rest) & (np.abs(rest) > allowed)
    first = departs.argmax(axis=1)
    signs = np.sign(rest[np.arange(len(rest)), first])[departs.any(axis=1)]
    rises, falls = bool((signs > 0).any()), bool((signs < 0).any())
    if rises and falls:
        return "saddle"
    return "minimum" if rises else "maximum" if falls else "flat"


def classify(objective, points: np.ndarray, loss: np.ndarray, grad: np.ndarray, hessian: np.ndarray) -> list[Shape]:
    """The Shape of each row of ``points`` (runs, d), given its loss, gradient and Hessian.

    The probes of every silent row are evaluated in one batch (a basin map may stop thousands of runs
    on one degenerate valley floor at once).
    """
    shapes: list[Shape | None] = []
    probes = []  # (row, directions)
    for row, h in enumerate(hessian):
        vectors = null = None
        if np.isfinite(h).all():
            eigenvalues, vectors = np.linalg.eigh(0.5 * (h + h.T))
            flat = np.abs(eigenvalues) <= FLAT
            kind = second_order(eigenvalues)
            if kind is not None:
                shapes.append(Shape(kind, bool(flat.any()), False))
                continue
            null = vectors[:, flat]
        shapes.append(None)
        probes.append((row, _directions(points.shape[1], vectors, null)))
    if not probes:
        return shapes
    steps = [RADII[None, :, None] * dirs[:, None, :] for _, dirs in probes]  # (m, k, d) each
    at = np.concatenate([(points[row] + s).reshape(-1, points.shape[1]) for (row, _), s in zip(probes, steps)])
    with np.errstate(all="ignore"):
        values = np.split(objective.value(at), np.cumsum([s.shape[0] * s.shape[1] for s in steps])[:-1])
        for (row, _), s, v in zip(probes, steps, values):
            v = v.reshape(s.shape[:2])
            rest = v - loss[row] - s @ np.nan_to_num(grad[row])
            shapes[row] = Shape(_kind_from(rest, v, float(loss[row])), True, True)
    return shapes
