"""RMSprop: steps divided by a running RMS of the gradient, optionally centred and with momentum."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import hyperparams as hp
from .base import Array, LearningRate, Optimizer, OptimizerSpec, Param, any_on, lr_at, trace, where_on
from .kernels import add_scaled_ratio, ema_of_squares, l2_penalty, lerp


class RMSpropState(NamedTuple):
    square_avg: Array  # v: average of squared gradients
    grad_avg: Array | None  # ḡ: average of gradients (centered only)
    momentum_buffer: Array | None  # b (momentum > 0 only)


def rmsprop(lr: LearningRate = 1e-2, alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0.0,
            momentum: float = 0.0, centered: bool = False) -> Optimizer:
    """torch.optim.RMSprop (single-tensor code path). With v₀ = ḡ₀ = b₀ = 0::

        g ← g + λθ                          (L2 weight decay)
        v ← αv + (1 − α)g²
        ḡ ← ḡ + (1 − α)(g − ḡ)              (centered only)
        r = √(v − ḡ²) + ε   if centered,   else   r = √v + ε      (ε outside the square root)
        b ← μb + g/r;  θ ← θ − γb          if μ > 0
        θ ← θ − γ·g/r                       otherwise

    No bias correction: the first step is γ·g/(√(1 − α)|g| + ε) ≈ 10·γ·sign(g) at α = 0.99.
    Where rounding makes v − ḡ² slightly negative torch returns NaN; here it counts as 0.
    """

    def init(params: Array) -> RMSpropState:
        zeros = np.zeros_like(params)
        return RMSpropState(zeros, zeros if centered else None, zeros if any_on(momentum) else None)

    def update(grads: Array, state: RMSpropState, params: Array, step: int) -> tuple[Array, RMSpropState]:
        g = l2_penalty(grads, params, weight_decay)
        v = ema_of_squares(state.square_avg, g, alpha)
        g_avg = lerp(state.grad_avg, g, 1.0 - alpha) if centered else None
        if centered:
            avg = np.sqrt(np.fmax(v + (-1.0 * g_avg) * g_avg, 0.0))
        else:
            avg = np.sqrt(v)
        avg += eps
        rate = lr_at(lr, step)
        trace(effective_lr=lambda: rate / avg)
        plain = add_scaled_ratio(params, -rate, g, avg)
        if any_on(momentum):
            trace(from_momentum=lambda: (-rate) * momentum * state.momentum_buffer)
            buf = add_scaled_ratio(state.momentum_buffer * momentum, 1.0, g, avg)
            return where_on(momentum, params + (-rate) * buf, plain), RMSpropState(v, g_avg, buf)
        return plain, RMSpropState(v, g_avg, None)

    return Optimizer(init, update)


SPECS = [
    OptimizerSpec(
        id="rmsprop",
        name="RMSprop",
        description="Divides each step by a running root-mean-square of recent gradients, so it forgets old "
        "steepness (unlike Adagrad). Centered RMSprop divides by the gradient's standard deviation instead.",
        params=(
            hp.lr(1e-2),
            Param("alpha", 0.99, 0.0, hp.BELOW_ONE, description="smoothing α of the squared-gradient average"),
            hp.eps(1e-8, "added to √v"),
            hp.weight_decay(),
            hp.momentum(0.0, "momentum μ applied to the normalised step"),
            hp.flag("centered", "divide by the gradient's running standard deviation, not its RMS"),
        ),
        factory=rmsprop,
        torch="torch.optim.RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, "
        "centered=False)",
    ),
]
