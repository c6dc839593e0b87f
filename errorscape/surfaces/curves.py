"""One-variable terms shared by the 2-D surfaces and their N-dimensional versions (``ndim``).

Each is a ``Curve`` (value, first and second derivative); a separable objective sums it over the
coordinates, so Rastrigin in 2 and in 1,000 dimensions is the same formula written once.
"""

from __future__ import annotations

import math

import numpy as np

from .calculus import Curve

TAU = 2 * math.pi

RASTRIGIN = Curve(
    lambda t: t * t - 10.0 * np.cos(TAU * t) + 10.0,
    lambda t: 2.0 * t + 10.0 * TAU * np.sin(TAU * t),
    lambda t: 2.0 + 10.0 * TAU * TAU * np.cos(TAU * t),
)
STYBLINSKI_TANG = Curve.polynomial(0, 2.5, -8, 0, 0.5)  # ½(t⁴ − 16t² + 5t)
