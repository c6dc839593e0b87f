"""The fixed set of functions a formula may call, with their numpy implementations.

Their derivatives live in ``differentiate.py`` (one rule per name). Kinks and jumps follow one convention,
written down in docs/custom-formulas.md: at a kink the derivative is the average of the one-sided
derivatives (abs'(0) = 0, relu'(0) = 1/2, min/max split evenly at a tie), and a jump (sign, step) has
derivative 0 everywhere, as almost everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


def _sigmoid(u):
    return 1.0 / (1.0 + np.exp(-u))  # exp overflows to inf for u << 0, and 1/inf = 0 is right


def _step(u):
    return np.heaviside(u, 0.5)


@dataclass(frozen=True)
class Function:
    name: str
    arity: int
    numpy: Callable
    meaning: str


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in (
        Function("sin", 1, np.sin, "sine (radians)"),
        Function("cos", 1, np.cos, "cosine"),
        Function("tan", 1, np.tan, "tangent"),
        Function("arcsin", 1, np.arcsin, "inverse sine, on [-1, 1]"),
        Function("arccos", 1, np.arccos, "inverse cosine, on [-1, 1]"),
        Function("arctan", 1, np.arctan, "inverse tangent"),
        Function("sinh", 1, np.sinh, "hyperbolic sine"),
        Function("cosh", 1, np.cosh, "hyperbolic cosine"),
        Function("tanh", 1, np.tanh, "hyperbolic tangent"),
        Function("exp", 1, np.exp, "e to the power"),
        Function("log", 1, np.log, "natural logarithm"),
        Function("sqrt", 1, np.sqrt, "square root"),
        Function("abs", 1, np.abs, "absolute value"),
        Function("sign", 1, np.sign, "-1, 0 or 1"),
        Function("step", 1, _step, "Heaviside step: 0 below 0, 1/2 at 0, 1 above"),
        Function("sigmoid", 1, _sigmoid, "logistic 1/(1 + exp(-u))"),
        Function("softplus", 1, lambda u: np.logaddexp(0.0, u), "log(1 + exp(u)), without overflow"),
        Function("relu", 1, lambda u: np.maximum(u, 0.0), "max(u, 0)"),
        Function("min", 2, np.minimum, "the smaller of two"),
        Function("max", 2, np.maximum, "the larger of two"),
    )
}

ALIASES = {"atan": "arctan", "asin": "arcsin", "acos": "arccos", "ln": "log"}
