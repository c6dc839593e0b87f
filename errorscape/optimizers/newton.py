"""Second-order steps from the Hessian's eigen-decomposition: Newton, and saddle-free Newton.

Both factories take ``hessian``: a callable (runs, d) -> (runs, d, d), evaluated at the current
parameters. Both decompose H = Σᵢ λᵢ eᵢeᵢᵀ with a batched ``np.linalg.eigh`` (which reads the lower
triangle), so they work for any d; d = 1,000 costs one 1000×1000 eigh per run per step (seconds).
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from . import hyperparams as hp
from .base import Array, LearningRate, Optimizer, OptimizerSpec, Param, lr_at

Hessian = Callable[[Array], Array]
RCOND = 1e-12  # eigen-directions whose curvature is below RCOND·max|Hᵢⱼ| count as flat (no step along them)


class NoState(NamedTuple):
    pass


def _eigen_step(hess: Array, grads: Array, curvature: Callable[[Array, Array], Array]) -> tuple[Array, Array]:
    """δ = Σᵢ (eᵢᵀg)/cᵢ · eᵢ with cᵢ = curvature(λᵢ); returns (δ, ok), ok False for rows with non-finite H or g.

    H is divided by h = max|Hᵢⱼ| and g by s = max|gᵢ| before the decomposition, and δ multiplied
    back by s/h at the very end: the cut-off is then relative, and a huge g can only overflow δ to
    ±inf, never produce inf·0 = NaN inside the sums. ``curvature`` receives the eigenvalues of H/h and h.
    """
    ok = np.isfinite(hess).all(axis=(1, 2)) & np.isfinite(grads).all(axis=1)
    h = np.where(ok, np.abs(np.where(ok[:, None, None], hess, 0.0)).max(axis=(1, 2)), 1.0)
    h = np.where(h > 0, h, 1.0)[:, None]
    s = np.where(ok, np.abs(np.where(ok[:, None], grads, 0.0)).max(axis=1), 1.0)
    s = np.where(s > 0, s, 1.0)[:, None]
    scaled_h = np.divide(hess, h[:, :, None], out=np.zeros_like(hess), where=ok[:, None, None])
    scaled_g = np.divide(grads, s, out=np.zeros_like(grads), where=ok[:, None])
    lam, vecs = np.linalg.eigh(scaled_h)
    c = curvature(lam, h)
    coef = (np.swapaxes(vecs, 1, 2) @ scaled_g[:, :, None])[:, :, 0]
    coef = np.divide(coef, c, out=np.zeros_like(coef), where=np.abs(c) > RCOND)
    delta = (vecs @ coef[:, :, None])[:, :, 0]
    delta *= s
    delta /= h
    return delta, ok


def _second_order(lr: LearningRate, hessian: Hessian, curvature: Callable[[Array, Array], Array]) -> Optimizer:
    """θ ← θ − γ·δ with δ from ``_eigen_step``; a run whose H or g is not finite is sent to +inf (diverged)."""

    def init(params: Array) -> NoState:
        return NoState()

    def update(grads: Array, state: NoState, params: Array, step: int) -> tuple[Array, NoState]:
        delta, ok = _eigen_step(np.asarray(hessian(params), dtype=np.float64), grads, curvature)
        new = params - lr_at(lr, step) * delta
        return np.where(ok[:, None], new, np.inf), state

    return Optimizer(init, update)


def newton(lr: LearningRate = 1.0, *, hessian: Hessian) -> Optimizer:
    """Damped Newton: θ ← θ − γ·H⁺g, with H⁺ = Σᵢ eᵢeᵢᵀ/λᵢ over |λᵢ| > 1e-12·max|Hᵢⱼ| (pseudo-inverse).

    On a quadratic with γ = 1 it lands on the critical point in one step; with γ < 1 every
    eigen-component of the distance to that point shrinks by (1 − γ), *whatever the sign of λᵢ*, so
    saddles and maxima attract it as much as minima. A singular H gives no step along its flat
    directions (no exception, no NaN). Not in torch.optim.
    """
    return _second_order(lr, hessian, lambda lam, h: lam)


def saddle_free_newton(lr: LearningRate = 1.0, damping: float = 0.1, *, hessian: Hessian) -> Optimizer:
    """Saddle-free Newton (Dauphin et al. 2014): θ ← θ − γ·Σᵢ (eᵢᵀg)/(|λᵢ| + μ)·eᵢ  (μ = damping).

    Dividing by |λᵢ| keeps Newton's curvature scaling but never reverses the gradient: along a
    negative-curvature direction it steps downhill, away from the saddle. On 5x² − y² it sends x to 0
    while |y| grows by a factor 1 + 2γ/(2 + μ) per step. μ > 0 bounds the step where H ≈ 0 (there
    it is g/μ). Not in torch.optim.
    """
    return _second_order(lr, hessian, lambda lam, h: np.abs(lam) + damping / h)


SPECS = [
    OptimizerSpec(
        id="newton",
        name="Newton",
        description="Jumps to where the local quadratic model is flat: one step to the minimum of a bowl. "
        "But it seeks any critical point, so saddles and maxima attract it too.",
        params=(hp.lr(1.0),),
        factory=newton,
        sweeps=False,  # a branch on its hyperparameters (or on the run) is not written per run
        needs_hessian=True,
    ),
    OptimizerSpec(
        id="saddle-free-newton",
        name="Saddle-free Newton",
        description="Newton with the Hessian's eigenvalues replaced by their absolute values: curvature still "
        "scales the step, but it always goes downhill, so saddles repel it.",
        params=(hp.lr(1.0),
                Param("damping", 0.1, 1e-6, 100.0, log=True, description="μ added to |λ|: caps the step at g/μ")),
        factory=saddle_free_newton,
        sweeps=False,  # a branch on its hyperparameters (or on the run) is not written per run
        needs_hessian=True,
    ),
]
