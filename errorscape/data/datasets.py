"""Datasets for the data-driven surfaces: built-in generators (seeded) and the ``Data`` they all produce.

Two kinds, told apart by the number of feature columns:

- *classification*: two features (x₁, x₂) and a 0/1 label;
- *regression*: one feature x and a numeric target y.

Every generator draws from ``numpy.random.default_rng([seed, tag])`` (PCG64, whose stream numpy keeps
stable), so a dataset is a pure function of (id, size, seed) and every replica makes the same one.
Classification sets are centred on the origin, because the logistic model has no bias: its decision
boundary passes through (0, 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

CLASSIFICATION, REGRESSION = "classification", "regression"


@dataclass(frozen=True)
class Data:
    x: np.ndarray  # (n, features) float64
    y: np.ndarray  # (n,) float64: 0/1 labels or targets
    kind: str  # CLASSIFICATION | REGRESSION
    name: str
    recipe: str  # how it was made, in words
    columns: tuple[str, ...]  # feature names then the target's

    @property
    def n(self) -> int:
        return len(self.y)

    @property
    def features(self) -> int:
        return self.x.shape[1]

    def describe(self, points: bool = True) -> dict:
        out = {"name": self.name, "kind": self.kind, "n": self.n, "features": self.features,
               "columns": list(self.columns), "recipe": self.recipe}
        if points:
            out |= {"x": self.x.tolist(), "y": self.y.tolist()}
        return out


@dataclass(frozen=True)
class Builtin:
    id: str
    name: str
    kind: str
    description: str
    make: Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]]  # (rng, n) -> (x, y)
    noise: float

    def build(self, size: int, seed: int) -> Data:
        x, y = self.make(np.random.default_rng([seed, _TAGS[self.id]]), size)
        columns = ("x₁", "x₂", "label") if self.kind == CLASSIFICATION else ("x", "y")
        recipe = f"{self.description} {size} points, noise {self.noise}, default_rng([{seed}, {_TAGS[self.id]:#x}])"
        return Data(np.ascontiguousarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64), self.kind,
                    self.name, recipe, columns)

    def describe(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind,
                "features": 2 if self.kind == CLASSIFICATION else 1, "description": self.description,
                "noise": self.noise, "default_size": DEFAULT_SIZE}


DEFAULT_SIZE = 200
_TAGS = {"blobs": 0xB10B, "xor": 0x50, "circles": 0xC1C, "moons": 0x300A5, "spiral": 0x5917, "line": 0x11E,
         "sine": 0x5135}


def _halves(n: int) -> tuple[int, int]:
    return n // 2, n - n // 2


def _labels(n0: int, n1: int) -> np.ndarray:
    return np.concatenate([np.zeros(n0), np.ones(n1)])


def _blobs(rng, n):
    n0, n1 = _halves(n)
    centre = np.array([1.0, 0.6])
    x = np.concatenate([-centre + 0.8 * rng.standard_normal((n0, 2)), centre + 0.8 * rng.standard_normal((n1, 2))])
    return x, _labels(n0, n1)


def _xor(rng, n):
    x = rng.uniform(-1.5, 1.5, (n, 2))
    x += 0.15 * np.sign(x)  # a gap along both axes, so the four quadrants are visible
    y = (x[:, 0] * x[:, 1] > 0).astype(np.float64)
    flip = rng.random(n) < 0.05
    return x, np.where(flip, 1.0 - y, y)


def _circles(rng, n):
    n0, n1 = _halves(n)
    t = rng.uniform(0, 2 * math.pi, n)
    r = np.concatenate([np.full(n0, 1.0), np.full(n1, 0.45)])
    x = np.stack([r * np.cos(t), r * np.sin(t)], 1) + 0.1 * rng.standard_normal((n, 2))
    return x, _labels(n0, n1)


def _moons(rng, n):
    n0, n1 = _halves(n)
    t0, t1 = rng.uniform(0, math.pi, n0), rng.uniform(0, math.pi, n1)
    x = np.concatenate([np.stack([np.cos(t0), np.sin(t0)], 1), np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)], 1)])
    x += 0.15 * rng.standard_normal(x.shape) - np.array([0.5, 0.25])  # centred on the origin
    return x, _labels(n0, n1)


def _spiral(rng, n):
    n0, n1 = _halves(n)
    t = np.sqrt(rng.uniform(0.02, 1.0, n)) * 2.5 * math.pi  # uniform along the arm's area
    phase = np.concatenate([np.zeros(n0), np.full(n1, math.pi)])
    r = t / (2.5 * math.pi) * 1.5
    x = np.stack([r * np.cos(t + phase), r * np.sin(t + phase)], 1) + 0.08 * rng.standard_normal((n, 2))
    return x, _labels(n0, n1)


def _line(rng, n):
    x = rng.uniform(-2, 2, n)
    return x[:, None], 1.5 * x + 0.5 + 0.5 * rng.standard_normal(n)


def _sine(rng, n):
    x = rng.uniform(-3, 3, n)
    return x[:, None], np.sin(x) + 0.2 * rng.standard_normal(n)


BUILTINS = {b.id: b for b in (
    Builtin("blobs", "Two blobs", CLASSIFICATION, "Two overlapping Gaussian blobs (σ = 0.8) at ±(1, 0.6).", _blobs, 0.8),
    Builtin("xor", "XOR", CLASSIFICATION, "Uniform points in four quadrants; label 1 where x₁·x₂ > 0, 5% flipped.",
            _xor, 0.05),
    Builtin("circles", "Circles", CLASSIFICATION, "A ring (radius 1, label 0) around a disc (radius 0.45, label 1).",
            _circles, 0.1),
    Builtin("moons", "Two moons", CLASSIFICATION, "Two interleaved half circles, centred on the origin.", _moons, 0.15),
    Builtin("spiral", "Spiral", CLASSIFICATION, "Two interleaved spiral arms, 1.25 turns each.", _spiral, 0.08),
    Builtin("line", "Noisy line", REGRESSION, "y = 1.5x + 0.5 + 0.5·N(0, 1), x uniform on [−2, 2].", _line, 0.5),
    Builtin("sine", "Noisy sine", REGRESSION, "y = sin(x) + 0.2·N(0, 1), x uniform on [−3, 3].", _sine, 0.2),
)}
