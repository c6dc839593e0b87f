"""Textbook definitions of every built-in surface, written plainly and independently of errorscape/surfaces.

Each takes (x, y, m) where ``m`` is the maths namespace: numpy for values, torch for autograd
derivatives. The network references take the dataset the surface publishes in ``extra``.
Sources: Surjanovic & Bingham, Virtual Library of Simulation Experiments; Wikipedia, "Test
functions for optimization".
"""

from __future__ import annotations

import math

PI = math.pi


def _sigmoid(z, m):
    return 1 / (1 + m.exp(-z))


def _cos30():
    return math.cos(math.radians(30)), math.sin(math.radians(30))


def elliptic_bowl(x, y, m):
    c, s = _cos30()
    u, v = x * c + y * s, -x * s + y * c
    return 0.5 * (u**2 + 25 * v**2)


def rastrigin(x, y, m):
    return 20 + x**2 - 10 * m.cos(2 * PI * x) + y**2 - 10 * m.cos(2 * PI * y)


def ackley(x, y, m):
    return (
        -20 * m.exp(-0.2 * m.sqrt(0.5 * (x**2 + y**2)))
        - m.exp(0.5 * (m.cos(2 * PI * x) + m.cos(2 * PI * y)))
        + 20
        + math.e
    )


def levy(x, y, m):
    w1, w2 = 1 + (x - 1) / 4, 1 + (y - 1) / 4
    return (
        m.sin(PI * w1) ** 2
        + (w1 - 1) ** 2 * (1 + 10 * m.sin(PI * w1 + 1) ** 2)
        + (w2 - 1) ** 2 * (1 + m.sin(2 * PI * w2) ** 2)
    )


def goldstein_price(x, y, m):
    a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2)
    b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2)
    return a * b


CLASSIC = {
    "bowl": lambda x, y, m: x**2 + y**2,
    "elliptic-bowl": elliptic_bowl,
    "plateau": lambda x, y, m: 1 - m.exp(-(x**2 + y**2) / (2 * 0.75**2)),
    "saddle": lambda x, y, m: x**2 - y**2,
    "monkey-saddle": lambda x, y, m: x**3 - 3 * x * y**2,
    "rosenbrock": lambda x, y, m: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    "himmelblau": lambda x, y, m: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
    "beale": lambda x, y, m: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2,
    "booth": lambda x, y, m: (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
    "matyas": lambda x, y, m: 0.26 * (x**2 + y**2) - 0.48 * x * y,
    "goldstein-price": goldstein_price,
    "six-hump-camel": lambda x, y, m: (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2,
    "three-hump-camel": lambda x, y, m: 2 * x**2 - 1.05 * x**4 + x**6 / 6 + x * y + y**2,
    "styblinski-tang": lambda x, y, m: 0.5 * (x**4 - 16 * x**2 + 5 * x + y**4 - 16 * y**2 + 5 * y),
    "rastrigin": rastrigin,
    "ackley": ackley,
    "levy": levy,
    "easom": lambda x, y, m: -m.cos(x) * m.cos(y) * m.exp(-((x - PI) ** 2) - (y - PI) ** 2),
}

# Networks: ŷ(w1, w2; data x) and the per-example loss; E is the mean over the published dataset.
MODELS = {
    "deep-linear": lambda w1, w2, x, m: w2 * w1 * x,
    "tanh-net": lambda w1, w2, x, m: w2 * m.tanh(w1 * x),
    "tanh-pair": lambda w1, w2, x, m: m.tanh(w1 * x) + m.tanh(w2 * x),
    "sigmoid-neuron": lambda w, b, x, m: _sigmoid(w * x + b, m),
    "logistic-regression": lambda w, b, x, m: _sigmoid(w * x + b, m),  # its loss is on the logit, below
}


def network_loss(surface_id: str, w1, w2, data_x, data_y, m):
    """Mean loss over the data, which run along the last axis (weights broadcast against them)."""
    if surface_id == "logistic-regression":
        # −[y·log σ(z) + (1−y)·log(1 − σ(z))], in the form that stays exact when σ saturates:
        # −log σ(z) = softplus(−z) and −log(1 − σ(z)) = softplus(z)
        z = w1 * data_x + w2
        return (data_y * _softplus(-z, m) + (1 - data_y) * _softplus(z, m)).mean(-1)
    prediction = MODELS[surface_id](w1, w2, data_x, m)
    return ((prediction - data_y) ** 2).mean(-1)


def _softplus(z, m):
    return m.logaddexp(0 * z, z)
