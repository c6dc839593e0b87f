"""Two chosen weights of a small trained network, every other weight frozen at its trained value.

The bridge from two weights to many: a network with ``features → HIDDEN tanh units → 1 output`` (written
with ``surfaces.mlp``'s layout: W₁ (features, HIDDEN) row-major, b₁, W₂ (HIDDEN, 1), b₂; torch's
``nn.Linear`` weights are the transposes) is trained once per dataset, then two of its 4·features + 9
weights are set free and the surface is the loss over those two.

- Training: torch's default initialisation (``mlp.init_weights``, seed ``SEED``), then ``STEPS`` full-batch
  steps of the app's Adam (lr ``LR``, weight decay ``DECAY`` on every parameter) on the data kind's default
  loss (cross-entropy or squared error), through the engine. Deterministic, and kept per dataset
  (``_TRAINED``), so changing the loss, L2 or the free pair never trains again.
- The slice: with two weights free, at most two hidden units change. Everything else is one number per
  example (``Slice.parts``), so a weight point costs at most two tanh per example, like the one-unit
  ``tanh`` model, instead of a forward pass through the whole network (``mlp.slice_jet`` pushes a jet through
  every unit along arbitrary directions; along coordinate directions this is exact and far cheaper).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..optimizers import OPTIMIZERS
from ..runs.engine import Group, simulate
from ..surfaces import mlp
from ..surfaces.calculus import Jet
from . import store
from .datasets import CLASSIFICATION, Data

HIDDEN = 4
SEED = 0
STEPS = 600
LR = 0.05
DECAY = 1e-3


@dataclass(frozen=True)
class Weight:
    """One weight of the network: its role, the hidden unit it belongs to (if any) and the input it reads."""

    role: str  # "in" (hidden ← input), "bias" (hidden unit's bias), "out" (output ← hidden), "outbias"
    unit: int | None = None  # 0-based hidden unit
    feature: int | None = None  # 0-based input feature (role "in")

    def index(self, features: int) -> int:
        """Its position in the flat weight vector θ."""
        return {"in": lambda: self.feature * HIDDEN + self.unit, "bias": lambda: features * HIDDEN + self.unit,
                "out": lambda: (features + 1) * HIDDEN + self.unit, "outbias": lambda: (features + 2) * HIDDEN}[self.role]()

    def label(self, features: int) -> str:
        x = "x" if features == 1 else "x" + "₁₂"[self.feature or 0]
        unit = f"hidden {(self.unit or 0) + 1}"
        return {"in": f"{unit} ← {x}", "bias": f"{unit} bias", "out": f"output ← {unit}",
                "outbias": "output bias"}[self.role]


@dataclass(frozen=True)
class Choice:
    id: str
    name: str
    pair: tuple[Weight, Weight]
    classification_only: bool = False

    def kinds(self) -> list[str]:
        return [CLASSIFICATION] if self.classification_only else [CLASSIFICATION, "regression"]

    def describe(self) -> dict:
        return {"id": self.id, "name": self.name, "kinds": self.kinds(),
                "axes": {kind: [w.label(2 if kind == CLASSIFICATION else 1) for w in self.pair] for kind in self.kinds()}}


CHOICES = {c.id: c for c in (
    Choice("in-out", "One unit's input and output weights", (Weight("in", 0, 0), Weight("out", 0))),
    Choice("in-in", "Two units' input weights", (Weight("in", 0, 0), Weight("in", 1, 0))),
    Choice("x1-x2", "Both input weights of one unit", (Weight("in", 0, 0), Weight("in", 0, 1)), True),
    Choice("out-out", "Two output weights (the last layer)", (Weight("out", 0), Weight("out", 1))),
    Choice("bias-bias", "A hidden bias and the output bias", (Weight("bias", 0), Weight("outbias"))),
)}
DEFAULT_CHOICE = "in-out"


def shapes(features: int) -> tuple[tuple[int, int], ...]:
    return ((features, HIDDEN), (HIDDEN, 1))


class _Training:
    """The training loss over flat weight vectors (R, P), as an engine Objective (first order only)."""

    def __init__(self, data: Data, loss):
        self.data, self.loss, self.shapes = data, loss, shapes(data.features)

    def value(self, thetas):
        z, _ = mlp.logits(thetas, self.data.x, self.shapes)
        return self.loss.value(z, self.data.y).mean(axis=1) + 0.5 * DECAY * (thetas * thetas).sum(axis=1)

    def gradient(self, thetas):
        z, inputs = mlp.logits(thetas, self.data.x, self.shapes)
        d1, _ = self.loss.derivatives(z, self.data.y)
        delta = (np.broadcast_to(d1, z.shape) / self.data.n)[..., None]
        return mlp.backprop(thetas, inputs, delta, self.shapes) + DECAY * thetas


# data key -> θ*. Only 13 or 17 numbers, but learnt from the data: kept under the uploads' rules
# (bounded, forgotten when unused), like the surfaces built from them.
_TRAINED = store.ExpiringStore(max_entries=64)


def trained(data: Data, key: str, loss) -> np.ndarray:
    """θ* for this dataset (``key`` names it), trained on first use."""
    theta = _TRAINED.get(key)
    if theta is None:
        theta = train(data, loss)
        _TRAINED.put(key, theta, theta.nbytes)
    return theta


def train(data: Data, loss) -> np.ndarray:
    adam = OPTIMIZERS["adam"].factory(lr=LR)
    theta0 = mlp.init_weights(SEED, shapes(data.features))
    for snap in simulate(_Training(data, loss), [Group(adam, slice(None))], theta0[None], STEPS, tol=0.0):
        pass
    return snap.params[0].copy()


@dataclass(frozen=True)
class Slice:
    """The network's output as a function of the two free weights (w₁, w₂), all others at θ*."""

    theta: np.ndarray  # θ*
    choice: str  # its id in CHOICES
    features: int
    _last: list = field(default_factory=lambda: [(None, None)], compare=False, repr=False)

    @property
    def pair(self) -> tuple[Weight, Weight]:
        return CHOICES[self.choice].pair

    @property
    def trained_point(self) -> tuple[float, float]:
        return tuple(float(self.theta[w.index(self.features)]) for w in self.pair)

    def half_width(self) -> float:
        """The plotted domain's half width: at least 4, and room around the trained weights."""
        return float(max(4.0, math.ceil(1.5 * max(abs(c) for c in self.trained_point))))

    def parts(self, f) -> tuple:
        """Per example: the output with the touched units and free weights left out, and for each touched
        unit (its preactivation without the free weights, its slopes in w₁ and w₂, its output weight).

        A grid arrives in blocks with the same feature arrays: the last answer is kept (one tuple, replaced
        whole, holding the features it was for, so an id is never reused while it is kept)."""
        seen, found = self._last[0]
        if seen is not None and len(seen) == len(f) and all(a is b for a, b in zip(seen, f)):
            return found
        found = self._parts(f)
        self._last[0] = (tuple(f), found)
        return found

    def _parts(self, f) -> tuple:
        theta = self.theta.copy()
        theta[[w.index(self.features) for w in self.pair]] = 0.0
        (w_in, b_in), (w_out, b_out) = mlp.unpack(theta[None], shapes(self.features))
        z = [sum(w_in[0, k, j] * f[k] for k in range(self.features)) + b_in[0, j] for j in range(HIDDEN)]
        touched = sorted({w.unit for w in self.pair if w.role != "outbias"})
        rest = b_out[0, 0] + sum(w_out[0, j, 0] * np.tanh(z[j]) for j in range(HIDDEN) if j not in touched)
        units = [(z[j], *(self._slope(w, j, f) for w in self.pair), self._out_weight(j, w_out[0, j, 0]))
                 for j in touched]
        return rest, units

    def _slope(self, w: Weight, unit: int, f):
        """How much the free weight ``w`` moves unit's preactivation per unit of w (0 if it does not)."""
        if w.unit != unit:
            return 0.0
        return f[w.feature] if w.role == "in" else 1.0 if w.role == "bias" else 0.0

    def _out_weight(self, unit: int, frozen: float):
        """0 or 1 (the free weight w₁ or w₂ is this unit's output weight), else its frozen value."""
        for k, w in enumerate(self.pair):
            if w.role == "out" and w.unit == unit:
                return k
        return float(frozen)

    def _free_bias(self, w1, w2):
        return sum(w for w, free in zip((w1, w2), self.pair) if free.role == "outbias")

    def value(self, w1, w2, f):
        rest, units = self.parts(f)
        out = rest + self._free_bias(w1, w2)
        for a, s1, s2, v in units:
            weight = v if isinstance(v, float) else (w1, w2)[v]
            out = out + weight * np.tanh(a + s1 * w1 + s2 * w2)
        return out

    def output(self, w1, w2, f, order: int = 2) -> Jet:
        """The output's jet in (w₁, w₂), its derivatives as sums of products (``objective._products``):
        per touched unit, V·tanh(a + s₁w₁ + s₂w₂) brings ∂ᵢ = [V is wᵢ]·t + V·t′·sᵢ and
        ∂ᵢⱼ = [V is wᵢ]·t′·sⱼ + [V is wⱼ]·t′·sᵢ + V·t″·sᵢsⱼ with t′ = 1 − t², t″ = −2t·t′. Absent terms are
        left out, and ``order=1`` leaves the second derivatives out (the gradient's hot path)."""
        rest, units = self.parts(f)
        first = [[(1.0,)] if w.role == "outbias" else [] for w in self.pair]
        second = {(0, 0): [], (0, 1): [], (1, 1): []}
        out = rest + self._free_bias(w1, w2)
        for a, s1, s2, v in units:
            weight = v if isinstance(v, float) else (w1, w2)[v]
            t = np.tanh(_sum(a, s1 * w1 if _live(s1) else 0.0, s2 * w2 if _live(s2) else 0.0))
            out = out + weight * t
            slope = t * t
            np.subtract(1.0, slope, out=slope)
            s, own = (s1, s2), [not isinstance(v, float) and v == k for k in (0, 1)]  # own[i]: its output weight is wᵢ
            for i in (0, 1):
                first[i] += [(t,)] * own[i] + [(weight, slope, s[i])] * _live(s[i])
            if order < 2:
                continue
            for i, j in second:
                second[i, j] += ([(slope, s[j])] * (own[i] and _live(s[j])) + [(slope, s[i])] * (own[j] and _live(s[i]))
                                 + [(-2.0, weight, t, slope, s[i], s[j])] * (_live(s[i]) and _live(s[j])))
        return Jet(out, *first, *second.values())


def _live(s) -> bool:
    """A slope that is not the constant 0 (a free weight that does not feed the unit)."""
    return not (np.isscalar(s) and s == 0.0)


def _sum(*terms):
    """The sum of the terms that are not the scalar 0, without allocating for those that are."""
    live = [t for t in terms if _live(t)]
    if not live:
        return 0.0
    out = live[0]
    for t in live[1:]:
        out = out + t
    return out


def network_slice(data: Data, key: str, loss, choice_id: str) -> Slice:
    return Slice(trained(data, key, loss), choice_id, data.features)
