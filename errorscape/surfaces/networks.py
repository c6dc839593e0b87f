"""Complete error surfaces of real tiny neural networks with exactly two weights.

Each surface is a model ŷ(w₁, w₂; x), a per-example loss ℓ(ŷ, y) and a dataset (``datasets``); the
error is the mean loss over the data, E(w₁, w₂) = mean_k ℓ(ŷ(w; x_k), y_k). Derivatives are exact:
the model supplies ŷ's gradient and Hessian in (w₁, w₂) as a ``Jet``, the loss its ℓ′ and ℓ″, and the
chain rule gives ∇E = mean(ℓ′∇ŷ) and ∇²E = mean(ℓ″∇ŷ∇ŷᵀ + ℓ′∇²ŷ).

Weights arrive as arrays of any shape and the data adds one more axis, so a 400×400 grid against 40
examples would be 6.4 million entries per temporary; ``_mean_over_data`` walks the points in chunks
to keep each temporary near 2 MB.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .calculus import Jet, chain
from .datasets import Dataset, coin_flips, noisy_line, teacher
from .helpers import surface

_CHUNK_ENTRIES = 1 << 18


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # the tanh form cannot overflow


@dataclass(frozen=True)
class Loss:
    name: str
    formula: str
    value: Callable  # (ŷ, y) -> ℓ
    derivatives: Callable  # (ŷ, y) -> (ℓ′, ℓ″) with respect to ŷ


def _cross_entropy_derivatives(z, y):
    p = _sigmoid(z)
    return p - y, p * (1.0 - p)


MSE = Loss(
    "mean squared error", "E = mean((ŷ − y)²)", lambda p, y: (p - y) ** 2, lambda p, y: (2.0 * (p - y), 2.0)
)
# Binary cross-entropy written on the logit z (the model outputs z; σ is part of the loss), in the
# overflow-free form log(1 + e^z) − y·z.
CROSS_ENTROPY = Loss(
    "binary cross-entropy",
    "E = mean(log(1 + eᶻ) − y·z)",
    lambda z, y: np.logaddexp(0.0, z) - y * z,
    _cross_entropy_derivatives,
)


@dataclass(frozen=True)
class Model:
    formula: str
    axes: tuple[str, str]  # what the plot's x and y are
    predict: Callable  # (w1, w2, x) -> ŷ
    jet: Callable  # (w1, w2, x) -> Jet of ŷ in (w1, w2)


def _mean_over_data(per_example: Callable, w1, w2, data: Dataset) -> tuple:
    """Means over the data axis of the arrays ``per_example(W1, W2, X, Y)`` returns, per weight point."""
    shape, n = w1.shape, data.x.size
    w1, w2 = w1.reshape(-1, 1), w2.reshape(-1, 1)
    rows = max(1, _CHUNK_ENTRIES // n)
    chunks = []
    for lo in range(0, max(w1.shape[0], 1), rows):
        W1, W2 = w1[lo : lo + rows], w2[lo : lo + rows]
        grid = (W1.shape[0], n)
        parts = per_example(W1, W2, data.x[None, :], data.y[None, :])
        chunks.append([np.broadcast_to(p, grid).mean(axis=1) for p in parts])
    return tuple(np.concatenate(c).reshape(shape) for c in zip(*chunks))


def network(model: Model, loss: Loss, data: Dataset) -> dict:
    """f, grad, hess of E(w₁, w₂) = mean ℓ(ŷ(w; x), y) over ``data``, and the facts for ``extra``."""

    def loss_jet(W1, W2, X, Y) -> Jet:
        prediction = model.jet(W1, W2, X)
        d1, d2 = loss.derivatives(prediction.v, Y)
        return chain(prediction, loss.value(prediction.v, Y), d1, d2)

    def f(w1, w2):
        (value,) = _mean_over_data(lambda W1, W2, X, Y: (loss.value(model.predict(W1, W2, X), Y),), w1, w2, data)
        return value

    def gradient_terms(W1, W2, X, Y):  # ℓ′∇ŷ alone: the optimizer's hot path skips the rest
        prediction = model.jet(W1, W2, X)
        d1, _ = loss.derivatives(prediction.v, Y)
        return d1 * prediction.x, d1 * prediction.y

    def grad(w1, w2):
        return _mean_over_data(gradient_terms, w1, w2, data)

    def hess(w1, w2):
        return _mean_over_data(lambda *a: loss_jet(*a)[3:], w1, w2, data)

    extra = {"model": model.formula, "loss": loss.name, "axes": list(model.axes), **data.describe()}
    formula = f"{loss.formula}, {model.formula}"
    return {"f": f, "grad": grad, "hess": hess, "formula": formula, "extra": extra}


# --- the models -------------------------------------------------------------------------------


def _deep_linear_jet(w1, w2, x):
    return Jet(w2 * w1 * x, w2 * x, w1 * x, 0.0, x, 0.0)


def _tanh_net_jet(w1, w2, x):
    t = np.tanh(w1 * x)
    s = 1.0 - t * t  # tanh′
    return Jet(w2 * t, w2 * x * s, t, -2.0 * w2 * x * x * t * s, x * s, 0.0)


def _tanh_pair_jet(w1, w2, x):
    t1, t2 = np.tanh(w1 * x), np.tanh(w2 * x)
    s1, s2 = 1.0 - t1 * t1, 1.0 - t2 * t2
    return Jet(t1 + t2, x * s1, x * s2, -2.0 * x * x * t1 * s1, 0.0, -2.0 * x * x * t2 * s2)


def _logit_jet(w, b, x):
    return Jet(w * x + b, x, 1.0, 0.0, 0.0, 0.0)


def _sigmoid_neuron_jet(w, b, x):
    p = _sigmoid(w * x + b)
    dp = p * (1.0 - p)
    return chain(_logit_jet(w, b, x), p, dp, dp * (1.0 - 2.0 * p))


DEEP_LINEAR = Model("ŷ = w₂·w₁·x", ("w₁", "w₂"), lambda w1, w2, x: w2 * w1 * x, _deep_linear_jet)
TANH_NET = Model("ŷ = w₂·tanh(w₁·x)", ("w₁", "w₂"), lambda w1, w2, x: w2 * np.tanh(w1 * x), _tanh_net_jet)
TANH_PAIR = Model(
    "ŷ = tanh(w₁·x) + tanh(w₂·x)",
    ("w₁", "w₂"),
    lambda w1, w2, x: np.tanh(w1 * x) + np.tanh(w2 * x),
    _tanh_pair_jet,
)
SIGMOID_NEURON = Model("ŷ = σ(w·x + b)", ("w", "b"), lambda w, b, x: _sigmoid(w * x + b), _sigmoid_neuron_jet)
LOGIT = Model("z = w·x + b, ŷ = σ(z)", ("w", "b"), lambda w, b, x: w * x + b, _logit_jet)


# --- the datasets and surfaces ----------------------------------------------------------------

_LINE = noisy_line(slope=1.5, noise=0.5, seed=0)
# Least squares puts every product w₁·w₂ = Σxy/Σx² at the same minimum: a hyperbola of minima.
_PRODUCT = float(np.mean(_LINE.x * _LINE.y) / np.mean(_LINE.x * _LINE.x))
_BALANCED = math.sqrt(_PRODUCT)
_COINS = coin_flips(weight=3.0, bias=-1.0, seed=0)


def _network_surface(id, name, description, model, loss, data, **facts):
    built = network(model, loss, data)
    extra = {**built.pop("extra"), **facts.pop("extra", {})}
    return surface(id, name, description, **built, extra=extra, category="network", **facts)


SURFACES = [
    _network_surface(
        "deep-linear",
        "Deep linear network",
        "Two linear layers in a row, ŷ = w₂·w₁·x: the loss depends only on the product, so a whole "
        "hyperbola of weights is optimal, and the origin is a strict saddle. Started near zero, training "
        "sits on a plateau, then drops suddenly.",
        DEEP_LINEAR,
        MSE,
        _LINE,
        domain=((-3, 3), (-3, 3)),
        minima=[(_BALANCED, _BALANCED), (-_BALANCED, -_BALANCED)],
        saddles=[(0, 0)],
        start=(0.05, 0.02),
        exact=True,  # the balanced minima are exact, and Newton is ill-posed along a valley of minima
        extra={"minima_manifold": f"w₁·w₂ = {_PRODUCT!r}", "product": _PRODUCT},
    ),
    _network_surface(
        "tanh-net",
        "One tanh unit",
        "A one-hidden-unit tanh network fitting its teacher's outputs: two mirror-image minima (flipping "
        "both signs gives the same network), a saddle between them, both axes exactly flat, and "
        "saturation plateaus at large |w₁| where learning crawls.",
        TANH_NET,
        MSE,
        teacher(lambda x: 2.0 * np.tanh(1.5 * x), "2·tanh(1.5x)"),
        domain=((-4, 4), (-4, 4)),
        minima=[(1.5, 2.0), (-1.5, -2.0)],
        saddles=[(0, 0)],
        start=(3.5, -0.05),
    ),
    _network_surface(
        "tanh-pair",
        "Two tanh units",
        "Two tanh units summed: swapping them gives the same network, so every minimum has a mirror "
        "twin across the diagonal, and a very flat saddle on the diagonal separates them. Starts near "
        "the diagonal dither before choosing a side.",
        TANH_PAIR,
        MSE,
        teacher(lambda x: np.tanh(2.5 * x) + np.tanh(-x), "tanh(2.5x) + tanh(−x)"),
        domain=((-4, 4), (-4, 4)),
        minima=[(2.5, -1.0), (-1.0, 2.5)],
        saddles=[(0.053115, 0.053115)],
        start=(0.4, 0.35),
    ),
    _network_surface(
        "sigmoid-neuron",
        "Sigmoid neuron, squared error",
        "One sigmoid neuron's weight and bias, trained with squared error on noisy binary labels: where "
        "the neuron saturates the loss is a nearly flat plateau, so a confidently wrong start barely "
        "learns at all.",
        SIGMOID_NEURON,
        MSE,
        _COINS,
        domain=((-10, 10), (-10, 10)),
        minima=[(2.047561, -0.966740)],
        start=(-8.0, 5.0),
    ),
    _network_surface(
        "logistic-regression",
        "Sigmoid neuron, cross-entropy",
        "The same neuron and data as the squared-error surface, trained with cross-entropy: the loss is "
        "convex and its slope stays large where the neuron is confidently wrong, so there is no plateau.",
        LOGIT,
        CROSS_ENTROPY,
        _COINS,
        domain=((-10, 10), (-10, 10)),
        minima=[(1.988344, -0.634248)],
        start=(-8.0, 5.0),
    ),
]
