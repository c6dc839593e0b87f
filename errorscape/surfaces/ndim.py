"""Objectives in N dimensions (N from 1 to thousands) for the high-dimensionality lesson.

Each implements the engine's ``Objective`` protocol over rows of shape (runs, N) with exact gradient
and Hessian, plus ``in_bounds`` (the runner's divergence box) and a ``box`` that starts and slices use:

- ``rastrigin``: 10N + Σ (xᵢ² − 10 cos 2πxᵢ) on [−5.12, 5.12]^N, about 11^N local minima in the box;
- ``styblinski-tang``: ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ) on [−5, 5]^N: 3^N critical points, 2^N of them minima;
- ``random``: a smooth random landscape, a Gaussian random field with squared-exponential covariance
  exp(−‖x − x′‖²/2ℓ²) approximated by K random Fourier features (Rahimi & Recht 2007)::

      f(x) = √(2/K) Σₖ cos(wₖ·x + bₖ),   wₖ ~ N(0, I/ℓ²),  bₖ ~ U[0, 2π)
      ∇f = −√(2/K) Σₖ sin(θₖ) wₖ,         ∇²f = −√(2/K) Σₖ cos(θₖ) wₖwₖᵀ     (θₖ = wₖ·x + bₖ)

  With K ≥ 2N features the Hessian has full rank, so critical points are non-degenerate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .calculus import Curve
from .curves import RASTRIGIN, STYBLINSKI_TANG
from ..memo import Memo

TAU = 2 * math.pi
MARGIN = 10.0  # like the 2D surfaces: a run that leaves the box grown by 10 box widths has diverged


@dataclass(frozen=True)
class Separable:
    """f(x) = Σᵢ g(xᵢ): gradient g′(xᵢ), diagonal Hessian g″(xᵢ)."""

    id: str
    name: str
    formula: str
    curve: Curve
    half_width: float
    dim: int

    @property
    def box(self) -> tuple[float, float]:
        return (-self.half_width, self.half_width)

    def value(self, params):
        return self.curve.value(params).sum(axis=1)

    def gradient(self, params):
        return self.curve.d1(params)

    def hessian(self, params):
        runs, d = params.shape
        h = np.zeros((runs, d, d))
        h[:, np.arange(d), np.arange(d)] = self.curve.d2(params)
        return h

    def plane_values(self, centre, u, v, a, b):
        """f(centre + a·u + b·v) for paired 1-D arrays a, b: elementwise, so a = b = 0 gives f(centre) exactly."""
        return self.value(centre[None] + a[:, None] * u[None] + b[:, None] * v[None])

    def in_bounds(self, params):
        return (np.abs(params) <= self.half_width * (1 + 2 * MARGIN)).all(axis=1)




@dataclass(frozen=True)
class RandomLandscape:
    """The random Fourier feature field of the module docstring; ``seed`` fixes it."""

    dim: int
    seed: int
    features: int
    length: float = 1.0
    half_width: float = 3.0
    id: str = "random"
    name: str = "Random smooth landscape"
    formula: str = "√(2/K) Σₖ cos(wₖ·x + bₖ), wₖ ~ N(0, I/ℓ²), bₖ ~ U[0, 2π)"
    w: np.ndarray = field(init=False, repr=False, compare=False)  # (dim, K)
    b: np.ndarray = field(init=False, repr=False, compare=False)  # (K,)

    def __post_init__(self):
        rng = np.random.default_rng([self.seed, 0xF0F0, self.dim])
        object.__setattr__(self, "w", rng.standard_normal((self.dim, self.features)) / self.length)
        object.__setattr__(self, "b", rng.uniform(0.0, TAU, self.features))

    @property
    def box(self) -> tuple[float, float]:
        return (-self.half_width, self.half_width)

    @property
    def amplitude(self) -> float:
        return math.sqrt(2.0 / self.features)

    def _phase(self, params):
        return params @ self.w + self.b

    def value(self, params):
        return self.amplitude * np.cos(self._phase(params)).sum(axis=1)

    def gradient(self, params):
        return -self.amplitude * (np.sin(self._phase(params)) @ self.w.T)

    def plane_values(self, centre, u, v, a, b):
        """f(centre + a·u + b·v) for paired 1-D arrays a, b, through the phase, which is affine in (a, b).

        The centre's phase comes from the very product a run evaluates (one row), and the plane adds
        a·(u·w) + b·(v·w): so the middle of a slice is the run's loss to the last bit. Evaluating the
        n² points as one batch instead would sum w's columns in BLAS's matrix-matrix order, not the
        matrix-vector order of a one-row run, and differ in the last bit. It is also N times cheaper.
        """
        phase = self._phase(centre[None])[0]
        along_u, along_v = u @ self.w, v @ self.w
        return self.amplitude * np.cos(phase[None] + a[:, None] * along_u[None] + b[:, None] * along_v[None]).sum(axis=1)

    def hessian(self, params):
        c = np.cos(self._phase(params))  # (runs, K)
        return -self.amplitude * np.einsum("ik,rk,jk->rij", self.w, c, self.w, optimize=True)

    def in_bounds(self, params):
        return (np.abs(params) <= self.half_width * (1 + 2 * MARGIN)).all(axis=1)


OBJECTIVES = {
    "rastrigin": ("Rastrigin", "10N + Σ (xᵢ² − 10·cos 2πxᵢ)", RASTRIGIN, 5.12),
    "styblinski-tang": ("Styblinski-Tang", "½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ)", STYBLINSKI_TANG, 5.0),
    "random": None,
}
DESCRIPTIONS = {
    "rastrigin": "A bowl covered in bumps in every coordinate: about 11^N local minima in its box, one global "
    "minimum at the origin.",
    "styblinski-tang": "Two wells per coordinate: 3^N critical points, of which 2^N are minima and only one is "
    "global (at xᵢ = −2.9035 for every i).",
    "random": "A smooth random landscape (a Gaussian random field): no structure but its correlation length. "
    "Low critical points tend to be minima, high ones saddles.",
}
_built = Memo(8)


def features_for(dim: int) -> int:
    return max(256, 2 * dim)


def objective(name: str, dim: int, seed: int = 0):
    """The objective ``name`` in ``dim`` dimensions (the random landscape also depends on ``seed``)."""
    if name == "random":
        return _built.get(("random", dim, seed), lambda: RandomLandscape(dim, seed, features_for(dim)))
    title, formula, curve, half = OBJECTIVES[name]
    return Separable(name, title, formula, curve, half, dim)


def describe_objectives() -> list[dict]:
    out = []
    for name in OBJECTIVES:
        example = objective(name, 2)
        out.append({"id": name, "name": example.name, "formula": example.formula, "description": DESCRIPTIONS[name],
                    "box": list(example.box), **({"features": "max(256, 2N)", "length": example.length,
                                                   "seed_dependent": True} if name == "random" else {})})
    return out
