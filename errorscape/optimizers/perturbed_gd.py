"""Perturbed gradient descent (Jin et al. 2017, "How to Escape Saddle Points Efficiently")."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import hyperparams as hp
from .base import Array, LearningRate, Optimizer, OptimizerSpec, Param, lr_at


class PerturbedState(NamedTuple):
    last_kick: Array  # (runs,) int: the update number of each run's last kick


def ball_sample(seed: int, step: int, runs: int, d: int, radius: float) -> Array:
    """(runs, d) points uniform in the d-ball of ``radius``, a pure function of (seed, step)."""
    rng = np.random.default_rng([seed, step])
    z = rng.standard_normal((runs, d))
    r = radius * rng.random(runs) ** (1.0 / d)
    return z * (r / np.linalg.norm(z, axis=1))[:, None]


def perturbed_gd(lr: LearningRate = 1e-3, radius: float = 0.1, g_thres: float = 0.1, t_thres: int = 50, *,
                 seed: int = 0) -> Optimizer:
    """Gradient descent plus a random kick near critical points. At update t, per run::

        θ ← θ − γ·g + ξ     with ξ ~ Uniform(ball of radius r)   if ‖g‖ < g_thres and t − t_kick ≥ t_thres
        θ ← θ − γ·g                                                otherwise

    (t_kick is that run's last kick, initially −t_thres, so the first update may kick.) ξ for
    update t is drawn from ``np.random.default_rng([seed, t])``: the trajectory is a pure function
    of the inputs and ``seed``. At a strict saddle a kick almost surely has a component along the
    negative-curvature direction, which gradient descent then amplifies. Not in torch.optim.
    """

    def init(params: Array) -> PerturbedState:
        return PerturbedState(np.full(params.shape[0], -t_thres, dtype=np.int64))

    def update(grads: Array, state: PerturbedState, params: Array, step: int) -> tuple[Array, PerturbedState]:
        new = params + (-lr_at(lr, step)) * grads
        kick = (np.linalg.norm(grads, axis=1) < g_thres) & (step - state.last_kick >= t_thres)
        if not kick.any():
            return new, state
        xi = ball_sample(seed, step, *params.shape, radius)
        new[kick] += xi[kick]
        return new, PerturbedState(np.where(kick, step, state.last_kick))

    return Optimizer(init, update)


SPECS = [
    OptimizerSpec(
        id="perturbed-gd",
        name="Perturbed GD",
        description="Gradient descent that, when the slope almost vanishes, adds a small random kick: "
        "at a saddle the kick finds the way down, at a minimum it just jiggles. Seeded, so repeatable.",
        params=(
            hp.lr(1e-3),  # SGD's: it is SGD plus kicks, so a race with `sgd` compares like with like
            Param("radius", 0.1, 1e-8, 10.0, log=True, description="r: radius of the random kick"),
            Param("g_thres", 0.1, 1e-12, 100.0, log=True, description="kick when ‖g‖ is below this"),
            Param("t_thres", 50, 1, 10_000, description="at least this many updates between kicks", type="int"),
        ),
        factory=perturbed_gd,
        sweeps=False,  # a branch on its hyperparameters (or on the run) is not written per run
    ),
]
