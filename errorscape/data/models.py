"""Models with exactly two trainable weights, and the losses that train them.

A model maps its two weights (w₁, w₂) and the feature rows to an output ``Jet``: the output's value and
its exact first and second derivatives in (w₁, w₂), per example. Classification models output a logit z
(the probability is σ(z)); regression models output the prediction ŷ. Weights come as (g, 1) columns and
features as (1, n) rows, so one call covers g weight points × n examples.

A loss gives, per example, ℓ and its first two derivatives with respect to the model's output; the chain
rule (``objective``) turns these into the exact gradient and Hessian of E(w) = mean ℓ + ½·l2·‖w‖².
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..surfaces.calculus import Jet
from .datasets import CLASSIFICATION, REGRESSION
from .network import CHOICES, DEFAULT_CHOICE, HIDDEN


@dataclass(frozen=True)
class Model:
    id: str
    name: str
    kinds: tuple[str, ...]  # the data it fits: CLASSIFICATION (2 features), REGRESSION (1 feature)
    formula: str
    axes: tuple[str, str]
    description: str
    output: Callable  # (w1, w2, features) -> Jet of the output in (w1, w2)
    value: Callable  # (w1, w2, features) -> the output alone (the grid's hot path)
    half_width: float  # the plotted domain is [−h, h]², grown to hold the minimum
    mirrored: bool = False  # E(w₁, w₂) = E(−w₁, −w₂): every minimum has a twin
    first_order: Callable | None = None  # the output's jet to first order only, when that is cheaper
    choices: tuple = ()  # the network's choices of its two free weights (``network.CHOICES``)

    def describe(self) -> dict:
        facts = {"id": self.id, "name": self.name, "kinds": list(self.kinds), "formula": self.formula,
                 "axes": list(self.axes), "description": self.description,
                 "losses": {kind: [loss_id for (loss_id, k) in LOSSES if k == kind] for kind in self.kinds},
                 "default_loss": {kind: DEFAULT_LOSS[kind] for kind in self.kinds}}
        if self.choices:
            facts |= {"weights": [c.describe() for c in self.choices], "default_weights": DEFAULT_CHOICE}
        return facts


def _linear(w, b, f):
    (x,) = f
    return Jet(w * x + b, x, 1.0, 0.0, 0.0, 0.0)


def _logistic(w1, w2, f):
    x1, x2 = f
    return Jet(w1 * x1 + w2 * x2, x1, x2, 0.0, 0.0, 0.0)


def _tanh(w, a, f):
    """TANH_NET's jet (ŷ = a·tanh(w·x)) as products for ``objective``'s means."""
    (x,) = f
    t = np.tanh(w * x)
    slope = 1.0 - t * t  # tanh′
    return Jet(a * t, (a, slope, x), t, (-2.0, a, x, x, t, slope), (slope, x), 0.0)


MODELS = {m.id: m for m in (
    Model("linear", "Linear regression", (REGRESSION,), "ŷ = w·x + b", ("w (slope)", "b (intercept)"),
          "A straight line: slope and intercept. With squared error the surface is a convex bowl, a quadratic.",
          _linear, lambda w, b, f: w * f[0] + b, 4.0),
    Model("tanh", "One tanh unit", (REGRESSION,), "ŷ = a·tanh(w·x)", ("w (input weight)", "a (output weight)"),
          "One hidden tanh unit and its output weight: flipping both signs gives the same function, so "
          "minima come in mirror pairs with a saddle between them at the origin.", _tanh,
          lambda w, a, f: a * np.tanh(w * f[0]), 4.0, mirrored=True),
    Model("logistic", "Logistic regression (through the origin)", (CLASSIFICATION,), "p = σ(w₁·x₁ + w₂·x₂)",
          ("w₁", "w₂"),
          "A linear classifier without bias: the decision boundary w₁x₁ + w₂x₂ = 0 turns about the origin and "
          "the weights' length sets how sharp it is. With squared error on p it is one sigmoid unit.",
          _logistic, lambda w1, w2, f: w1 * f[0] + w2 * f[1], 6.0),
    # Its output, axes and domain depend on the data it was trained on: ``surface`` fills them per dataset.
    Model("network", "Two weights of a trained network", (CLASSIFICATION, REGRESSION),
          f"ŷ (or z) = W₂·tanh(W₁x + b₁) + b₂, {HIDDEN} hidden units; two weights free, the rest trained",
          ("w₁ (free)", "w₂ (free)"),
          f"A small network (inputs → {HIDDEN} tanh units → 1) trained on the data; two of its weights are set "
          "free and every other weight stays at its trained value: a two-dimensional window into a "
          "higher-dimensional landscape. The trained weights are one point of this surface.",
          None, None, 4.0, choices=tuple(CHOICES.values())),
)}


@dataclass(frozen=True)
class Loss:
    id: str
    name: str
    formula: str
    value: Callable  # (output, y) -> ℓ
    derivatives: Callable  # (output, y) -> (ℓ′, ℓ″) with respect to the output
    terms: Callable | None = None  # (output, y) -> ℓ as a sum of products (``objective``), where that is cheaper


def _softplus(z):
    """log(1 + eᶻ) without overflow: max(z, 0) + log1p(u) with u = e^−|z| in (0, 1].

    log1p(u) is taken as log(v) + (u − (v − 1))/v with v = 1 + u: v − 1 is exact, and the correction restores
    what rounding 1 + u lost (all of u where v = 1), within 1 ulp of log1p; numpy's log is vectorised and
    log1p is not, which made log1p most of the cross-entropy grid's time."""
    u = np.abs(z)
    np.negative(u, out=u)
    np.exp(u, out=u)
    v = u + 1.0
    u -= v - 1.0  # both differences are exact (Sterbenz): what rounding 1 + u lost
    u /= v
    np.log(v, out=v)
    v += u
    return np.add(np.maximum(z, 0.0), v, out=v)


def _sigmoid(z):
    """networks._sigmoid, 0.5·(1 + tanh(z/2)), the same roundings, in one array."""
    p = np.multiply(z, 0.5)
    np.tanh(p, out=p)
    p += 1.0
    p *= 0.5
    return p


def _ce_value(z, y):
    out = _softplus(z)
    out -= y * z
    return out


def _ce_terms(z, y):
    """softplus(z) − y·z with its second term left to the mean, where it is one matrix-vector product z·y."""
    return [(_softplus(z),), (-1.0, z, y)]


def _ce_derivatives(z, y):
    p = _sigmoid(z)
    d2 = 1.0 - p
    d2 *= p
    p -= y
    return p, d2


def _sigmoid_mse(z, y):
    p = _sigmoid(z)
    p -= y
    p *= p
    return p


def _sigmoid_mse_derivatives(z, y):
    """(2(p − y)·p′, 2p′² + 2(p − y)·p′·(1 − 2p)) with p′ = p(1 − p), in place (the same roundings)."""
    p = _sigmoid(z)
    dp = 1.0 - p
    dp *= p
    bend = -2.0 * p
    bend += 1.0
    p -= y
    p *= 2.0
    p *= dp  # ℓ′
    bend *= p
    dp *= dp
    dp *= 2.0
    dp += bend  # ℓ″
    return p, dp


def _squared(p, y):
    r = p - y
    r *= r
    return r


def _squared_derivatives(p, y):
    r = p - y
    r *= 2.0
    return r, 2.0


#: (loss id, data kind) -> Loss. Classification losses act on the logit z.
LOSSES = {
    ("mse", REGRESSION): Loss("mse", "mean squared error", "ℓ = (ŷ − y)²", _squared, _squared_derivatives),
    ("cross-entropy", CLASSIFICATION): Loss("cross-entropy", "binary cross-entropy",
                                            "ℓ = log(1 + eᶻ) − y·z = −y·log p − (1 − y)·log(1 − p)",
                                            _ce_value, _ce_derivatives, _ce_terms),
    ("mse", CLASSIFICATION): Loss("mse", "mean squared error on the probability", "ℓ = (σ(z) − y)²",
                                  _sigmoid_mse, _sigmoid_mse_derivatives),
}
DEFAULT_LOSS = {CLASSIFICATION: "cross-entropy", REGRESSION: "mse"}


def describe_losses() -> list[dict]:
    return [{"id": loss.id, "kind": kind, "name": loss.name, "formula": loss.formula}
            for (_, kind), loss in LOSSES.items()]
