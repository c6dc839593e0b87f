"""Counting in high dimensions: critical points by index, and the curse of dimensionality in numbers.

Exact integers that outgrow a float (3^1000 has 478 digits) are sent as decimal strings, always with
their base-10 logarithm as a float beside them; a ratio too small for a float (below ~1e−308) is sent
as 0.0 with its exact log10. JSON never carries NaN or Infinity.

- Styblinski-Tang in N dimensions is separable, and each coordinate's g(t) = ½(t⁴ − 16t² + 5t) has
  three critical points: two minima and one maximum. A critical point of the sum picks one of the three
  in every coordinate, so there are 3^N; its Hessian is diagonal, with a negative entry for every
  coordinate at the maximum. Index k (k downhill directions) therefore has C(N, k)·2^(N−k) points:
  2^N minima (k = 0), one maximum (k = N), and the share of minima is (2/3)^N.
- The random landscape is counted numerically (``random_landscape_census``).
"""

from __future__ import annotations

import math

import numpy as np

from ..runs.engine import descend
from ..runs.shape import FLAT
from ..optimizers.newton import newton
from .budget import require
from ..memo import Memo
from ..surfaces.ndim import features_for, objective

CENSUS_SPREAD = 50.0  # Newton starts and Kac-Rice samples cover [−50ℓ, 50ℓ]^N: many independent patches
NEWTON_STEPS = 40


def big(n: int) -> dict:
    """An exact non-negative integer: its decimal digits as a string, and log10 as a float."""
    return {"exact": str(n), "log10": _log10_int(n)}


def _log10_int(n: int) -> float | None:
    if n <= 0:
        return None
    digits = len(str(n))
    if digits < 300:
        return math.log10(n)
    return math.log10(int(str(n)[:17])) + digits - 17


def styblinski_tang_counts(dim: int, by_index: bool = True) -> dict:
    total, minima = 3**dim, 2**dim
    row = {
        "dim": dim,
        "critical_points": big(total),
        "minima": big(minima),
        "maxima": big(1),
        "saddles": big(total - minima - 1),
        "share_minima": _power(2 / 3, dim),
        "share_minima_log10": dim * math.log10(2 / 3),
    }
    if by_index:
        row["by_index"] = [
            {"index": k, "count": big(math.comb(dim, k) * 2 ** (dim - k)),
             "share": _ratio(math.comb(dim, k) * 2 ** (dim - k), total)}
            for k in range(dim + 1)
        ]
    return row


def _power(base: float, exponent: float) -> float:
    """base**exponent, 0.0 instead of an underflow warning."""
    log = exponent * math.log10(base)
    return 10.0**log if log > -307 else 0.0


def _ratio(a: int, b: int) -> float:
    """a/b for exact integers of any size, as a float (0.0 when it underflows)."""
    log = _log10_int(a) - _log10_int(b) if a else None
    if log is None:
        return 0.0
    return a / b if log > -300 else (10.0**log if log > -307 else 0.0)


def curse(dim: int, per_axis: int = 100, shell: float = 0.01) -> dict:
    """What N dimensions do to search and to volume.

    - a grid with ``per_axis`` points on every axis needs per_axis^N points;
    - the share of the unit cube within ``shell`` (a fraction of the side) of its surface: 1 − (1 − 2·shell)^N;
    - the inscribed ball's share of the cube: π^(N/2) / Γ(N/2 + 1) / 2^N;
    - two random directions are nearly orthogonal: their cosine has standard deviation 1/√N.
    """
    log_ball = (dim / 2) * math.log10(math.pi) - math.lgamma(dim / 2 + 1) / math.log(10) - dim * math.log10(2)
    inner = dim * math.log10(1 - 2 * shell)
    return {
        "dim": dim,
        "grid_points": big(per_axis**dim),
        "per_axis": per_axis,
        "near_surface_share": 1 - 10.0**inner if inner > -307 else 1.0,
        "shell": shell,
        "ball_to_cube": 10.0**log_ball if log_ball > -307 else 0.0,
        "ball_to_cube_log10": log_ball,
        "random_cosine_std": 1 / math.sqrt(dim),
    }


def random_landscape_census(dim: int, seed: int, starts: int, samples: int = 20_000) -> dict:
    """Critical points of the random landscape, found by Newton's method, and a Kac-Rice estimate.

    Newton (the app's ``newton`` optimizer, full steps, through the engine) converges to whichever
    critical point is near, minimum or not; it takes the same steps on f and on −f, so it favours no
    index over its mirror N − k. Starts are spread over a box many correlation lengths wide, so the
    distinct points found are a sample of the landscape's critical points, each classified by the signs
    of its Hessian's eigenvalues. ``kac_rice_share`` is an independent estimate:
    E[|det H|·1(H > 0)] / E[|det H|] over Hessians at ``samples`` random points (for a stationary
    Gaussian field the gradient at a point is independent of the Hessian there, so by the Kac-Rice
    formula the density of critical points of each index is proportional to that expectation).
    """
    field = objective("random", dim, seed)
    rng = np.random.default_rng([seed, 0xC0DE, dim])
    spread = CENSUS_SPREAD * field.length
    points = rng.uniform(-spread, spread, (starts, dim))
    snap = descend(field, newton(lr=1.0, hessian=field.hessian), points, steps=NEWTON_STEPS, tol=1e-10)
    converged = np.linalg.norm(snap.grad, axis=1) < 1e-8
    found = np.unique(np.round(snap.params[converged], 6), axis=0)
    eig = np.linalg.eigvalsh(field.hessian(found)) if len(found) else np.zeros((0, dim))
    counts = np.bincount((eig < -FLAT).sum(axis=1), minlength=dim + 1).tolist()
    hess = field.hessian(rng.uniform(-spread, spread, (samples, dim)))
    det = np.abs(np.linalg.det(hess))
    positive = (np.linalg.eigvalsh(hess) > 0).all(axis=1)
    return {
        "dim": dim,
        "starts": starts,
        "critical_points": int(len(found)),
        "by_index": [{"index": k, "count": c} for k, c in enumerate(counts)],
        "minima": counts[0],
        "share_minima": counts[0] / len(found) if len(found) else None,
        "kac_rice_share": float((det * positive).sum() / det.sum()),
        "kac_rice_samples": samples,
    }


CENSUS_SCALE = 200  # the random-landscape census may do 200 × the largest 2D run's work (lessons.budget)
BY_INDEX_UP_TO = 12  # Styblinski-Tang rows list every index only up to this N (N + 1 big numbers each)
_census = Memo(64)


def ladder(max_dim: int) -> list[int]:
    """The dimensions the tables show: 1..10, then 20, 50, 100, 200, 500, 1000 (up to ``max_dim``)."""
    return [d for d in (*range(1, 11), 20, 50, 100, 200, 500, 1000) if d <= max_dim]


def critical_point_shares(max_dim: int, mc_max_dim: int, seed: int, starts: int, samples: int, limits) -> dict:
    """Share of critical points that are minima vs N: exact for Styblinski-Tang up to ``max_dim``,
    estimated for the random landscape up to ``mc_max_dim`` (within the census budget)."""
    per_dim = (starts * NEWTON_STEPS + samples) * features_for(1)
    require(sum(per_dim * d * d for d in range(1, mc_max_dim + 1)), limits, CENSUS_SCALE,
            "starts", lambda allowed: "the census is too large: lower starts, samples or mc_max_dim")
    exact = [styblinski_tang_counts(d, by_index=d <= BY_INDEX_UP_TO) for d in ladder(max_dim)]
    census = [_census.get((d, seed, starts, samples), lambda d=d: random_landscape_census(d, seed, starts, samples))
              for d in range(1, mc_max_dim + 1)]
    return {"styblinski_tang": exact, "random": census}


def curse_table(per_axis: int, shell: float) -> dict:
    """``curse`` for every dimension of the ladder up to 1000."""
    return {"rows": [curse(d, per_axis, shell) for d in ladder(1000)]}
