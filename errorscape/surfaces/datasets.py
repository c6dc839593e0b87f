"""The small generated datasets behind the network surfaces.

Each dataset is 40 inputs evenly spaced on [−2, 2] with targets made by a stated recipe: either a
"teacher" network's exact outputs (so the student can fit them perfectly and the minima are known in
closed form), or a seeded random draw (so the loss has real residual error, as with real data).
numpy's ``default_rng(seed)`` makes every draw identical on every machine and numpy version that
keeps its PCG64 stream, which numpy guarantees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

N_POINTS = 40
INPUTS = np.linspace(-2.0, 2.0, N_POINTS)


@dataclass(frozen=True)
class Dataset:
    x: np.ndarray  # inputs, shape (n,)
    y: np.ndarray  # targets, shape (n,)
    recipe: str  # how the targets were made, in words
    seed: int | None = None  # None: no randomness involved

    def describe(self) -> dict:
        return {
            "n": int(self.x.size),
            "seed": self.seed,
            "data": self.recipe,
            "x": self.x.tolist(),
            "y": self.y.tolist(),
        }


def teacher(outputs: Callable[[np.ndarray], np.ndarray], recipe: str) -> Dataset:
    """Targets are a known network's outputs, noise-free: the model can reach zero loss."""
    return Dataset(INPUTS, outputs(INPUTS), f"x = linspace(−2, 2, {N_POINTS}); y = {recipe}")


def noisy_line(slope: float, noise: float, seed: int) -> Dataset:
    """y = slope·x + Gaussian noise: a linear fit that cannot be exact."""
    rng = np.random.default_rng(seed)
    y = slope * INPUTS + noise * rng.standard_normal(N_POINTS)
    return Dataset(
        INPUTS, y, f"x = linspace(−2, 2, {N_POINTS}); y = {slope}·x + {noise}·N(0, 1), default_rng({seed})", seed
    )


def coin_flips(weight: float, bias: float, seed: int) -> Dataset:
    """Binary labels y ~ Bernoulli(σ(weight·x + bias)): a classification task with overlapping classes."""
    rng = np.random.default_rng(seed)
    p = 0.5 * (1.0 + np.tanh(0.5 * (weight * INPUTS + bias)))
    y = (rng.random(N_POINTS) < p).astype(np.float64)
    return Dataset(
        INPUTS,
        y,
        f"x = linspace(−2, 2, {N_POINTS}); y ~ Bernoulli(σ({weight}·x + {bias})), default_rng({seed})",
        seed,
    )
