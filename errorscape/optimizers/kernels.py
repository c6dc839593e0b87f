"""The elementwise steps torch.optim's single-tensor code is made of, written once in its operand order.

torch evaluates ``a.add(b, alpha=c)`` as a + c·b, ``a.addcmul(b, c, value=v)`` as a + (v·b)·c,
``a.addcdiv(b, c, value=v)`` as a + (v·b)/c and ``a.lerp(b, w)`` with a formula that depends on the
side of ½ that w is on. Writing the numpy code in the same order keeps every step within an ulp or so of
torch's: torch's vectorised CPU kernels fuse some of these into one FMA (and its AVX2 ``sqrt`` can be an
ulp off), which numpy cannot, so agreement is to rounding, not bit for bit (tests/optimizers explain the
tolerances).

All functions are pure: they return new arrays (working in place only on arrays they created).
Hyperparameters may be floats or per-run columns (runs, 1) (see base): each run computes what it
would compute alone.
"""

from __future__ import annotations

import numpy as np

from .base import any_on, is_column, where_on

Array = np.ndarray


def lerp(start: Array, end: Array, weight) -> Array:
    """torch.lerp with a scalar weight: start + w·(end − start) for w < ½, else end − (end − start)·(1 − w).

    A per-run weight takes each run's side of ½ (both formulas only when a batch straddles it)."""
    if not is_column(weight):  # one number: a plain comparison (numpy's reductions cost µs on a scalar)
        return _lerp_from_start(start, end, weight) if weight < 0.5 else _lerp_from_end(start, end, weight)
    small = np.less(weight, 0.5)
    if np.all(small):
        return _lerp_from_start(start, end, weight)
    if not np.any(small):
        return _lerp_from_end(start, end, weight)
    return np.where(small, _lerp_from_start(start, end, weight), _lerp_from_end(start, end, weight))


def _lerp_from_start(start: Array, end: Array, weight) -> Array:
    out = end - start
    out *= weight
    out += start
    return out


def _lerp_from_end(start: Array, end: Array, weight) -> Array:
    out = end - start
    out *= 1.0 - weight
    np.subtract(end, out, out=out)
    return out


def ema_of_squares(avg: Array, grads: Array, beta: float) -> Array:
    """avg·β + ((1 − β)·g)·g: torch's ``avg.mul_(beta).addcmul_(g, g, value=1 - beta)``."""
    out = grads * (1.0 - beta)
    out *= grads
    out += avg * beta
    return out


def add_scaled_ratio(params: Array, scale: float, numerator: Array, denominator: Array) -> Array:
    """params + (scale·numerator)/denominator: torch's ``params.addcdiv_(numerator, denominator, value=scale)``."""
    out = numerator * scale
    out /= denominator
    out += params
    return out


def l2_penalty(grads: Array, params: Array, decay: float) -> Array:
    """g + λθ: torch's coupled weight decay ``grad.add(param, alpha=weight_decay)`` (skipped when λ = 0)."""
    return where_on(decay, grads + decay * params, grads) if any_on(decay) else grads


def weight_decay(grads: Array, params: Array, lr: float, decay: float, decoupled: bool) -> tuple[Array, Array]:
    """Apply weight decay λ; return ``(grads, params)`` to use for the rest of the step.

    coupled (L2, torch's default): g ← g + λθ.  decoupled (AdamW): θ ← θ·(1 − γλ), g unchanged.
    """
    if decoupled and any_on(decay):
        return grads, params * (1.0 - lr * decay)  # × 1.0 exactly where a run's λ is 0
    return l2_penalty(grads, params, decay), params
