"""Small test surfaces written once for numpy and torch, and the two trajectory loops to compare.

The loss functions use only operators and ``lib.sin``/``lib.cos``, so the same code builds the numpy
value and the torch graph; the numpy side uses the analytic gradient, the torch side autograd (as a
torch user would). These twins deliberately do not use errorscape.surfaces: the engine is tested on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from errorscape.optimizers.base import Optimizer


@dataclass(frozen=True)
class Twin:
    name: str
    loss: Callable  # (P, lib) -> (runs,), P of shape (runs, d), lib = np or torch
    grad: Callable  # (P) -> (runs, d), numpy, analytic
    starts: np.ndarray  # (runs, d)


def _rosenbrock(P, lib):
    x, y = P[:, :-1], P[:, 1:]
    return (100 * (y - x * x) ** 2 + (1 - x) ** 2).sum(1)


def _rosenbrock_grad(P):
    x, y = P[:, :-1], P[:, 1:]
    g = np.zeros_like(P)
    g[:, :-1] = -400 * x * (y - x * x) - 2 * (1 - x)
    g[:, 1:] += 200 * (y - x * x)
    return g


def _himmelblau(P, lib):
    x, y = P[:, 0], P[:, 1]
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def _himmelblau_grad(P):
    x, y = P[:, 0], P[:, 1]
    a, b = x * x + y - 11, x + y * y - 7
    return np.stack([4 * x * a + 2 * b, 2 * a + 4 * y * b], axis=1)


def _rastrigin(P, lib):
    return 10 * P.shape[1] + (P * P - 10 * lib.cos(2 * math.pi * P)).sum(1)


def _rastrigin_grad(P):
    return 2 * P + 20 * math.pi * np.sin(2 * math.pi * P)


def _quadratic(A: np.ndarray) -> tuple[Callable, Callable]:
    """½θᵀAθ for a symmetric A."""
    At = torch.from_numpy(A)

    def loss(P, lib):
        return 0.5 * ((P @ (At if lib is torch else A)) * P).sum(1)

    return loss, lambda P: P @ A


def _rotated_spectrum(eigenvalues: np.ndarray, seed: int) -> np.ndarray:
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((len(eigenvalues),) * 2))
    return (q * eigenvalues) @ q.T


def _starts(seed: int, runs: int, d: int, lo, hi) -> np.ndarray:
    return np.random.default_rng(seed).uniform(lo, hi, (runs, d))


def _twins() -> dict[str, Twin]:
    q2 = _quadratic(_rotated_spectrum(np.array([1.0, 10.0]), 1))
    q50 = _quadratic(_rotated_spectrum(np.logspace(0, 1, 50), 2))
    twins = [
        Twin("quadratic", *q2, _starts(10, 6, 2, -3, 3)),
        Twin("rosenbrock", _rosenbrock, _rosenbrock_grad, _starts(11, 6, 2, [-1.2, -0.5], [1.2, 1.5])),
        Twin("himmelblau", _himmelblau, _himmelblau_grad, _starts(12, 6, 2, -4, 4)),
        Twin("rastrigin", _rastrigin, _rastrigin_grad, _starts(13, 6, 2, -4, 4)),
        Twin("quadratic-50d", *q50, _starts(14, 3, 50, -2, 2)),
        Twin("rastrigin-50d", _rastrigin, _rastrigin_grad, _starts(15, 3, 50, -3, 3)),
    ]
    return {t.name: t for t in twins}


TWINS = _twins()


def ours(optimizer: Optimizer, twin: Twin, steps: int) -> np.ndarray:
    """The engine's trajectory: (steps, runs, d), row k = parameters after update k + 1."""
    params = twin.starts.copy()
    state = optimizer.init(params)
    out = np.empty((steps, *params.shape))
    for step in range(1, steps + 1):
        params, state = optimizer.update(twin.grad(params), state, params, step)
        out[step - 1] = params
    return out


def theirs(make: Callable[[list], torch.optim.Optimizer], twin: Twin, steps: int,
           scheduler: Callable | None = None) -> np.ndarray:
    """torch.optim's trajectory on one (runs, d) float64 tensor, gradients by autograd."""
    p = torch.tensor(twin.starts, dtype=torch.float64, requires_grad=True)
    opt = make([p])
    sched = scheduler(opt) if scheduler else None
    out = np.empty((steps, *twin.starts.shape))
    for k in range(steps):
        opt.zero_grad()
        twin.loss(p, torch).sum().backward()
        opt.step()
        if sched:
            sched.step()
        out[k] = p.detach().numpy()
    return out


def autograd_gradient(twin: Twin) -> Callable:
    """The twin's gradient as torch's autograd computes it: exact too, but rounded differently."""

    def grad(P: np.ndarray) -> np.ndarray:
        t = torch.tensor(P, dtype=torch.float64, requires_grad=True)
        twin.loss(t, torch).sum().backward()
        return t.grad.numpy()

    return grad


def assert_trajectories_close(actual: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> None:
    """Normwise per trajectory point: max_i |Δθᵢ| ≤ rtol·max_i |θᵢ| + atol at every (step, run).

    A point's relative error is measured against the point's size, so a coordinate crossing zero
    does not turn an absolute 1e-16 into a huge relative error.
    """
    gap = np.abs(actual - expected).max(axis=-1)
    allowed = rtol * np.abs(expected).max(axis=-1) + atol
    bad = ~(gap <= allowed)
    if bad.any():
        step, run = np.argwhere(bad)[0]
        raise AssertionError(f"{bad.sum()} points differ; first at update {step + 1}, run {run}: "
                             f"gap {gap[step, run]:.2e} > allowed {allowed[step, run]:.2e}")
