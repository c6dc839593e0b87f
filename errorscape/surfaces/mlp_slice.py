"""A real network's landscape: the trained 2-16-16-1 tanh MLP, sliced (Li et al. 2018) and interpolated
(Goodfellow et al. 2015). Everything is computed on first use and kept in memory (``trained()``).

- Training: full batch on 200 two-moons points, through the engine (``simulate``) with the app's Adam
  and a cosine learning-rate schedule, so θ* is a minimum to within a small gradient.
- Directions δ, η ~ N(0, I), seeded, then filter-normalised: each filter (the weights into one unit)
  is rescaled to the norm of the same filter of θ*; bias entries are set to 0.
- The slice f(α, β) = L(θ* + αδ + βη) is a ``Surface`` (id ``mlp-slice``) with the exact gradient
  (δ·∇L, η·∇L) by backpropagation and the Hessian from ``mlp.slice_jet``, so every optimizer and endpoint
  can run on it.
- Interpolation: L((1 − α)θ₀ + αθ*) for α in [−0.5, 1.5], from the initial to the trained weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..optimizers import OPTIMIZERS
from ..optimizers.schedules import make_schedule
from ..runs.engine import Group, simulate
from .helpers import surface
from . import mlp

SEED = 0
DECAY = 1e-3  # weight decay λ
TRAIN_STEPS = 3000
TRAIN_LR = 0.02
SPAN = 1.0  # the slice shows α, β in [−SPAN, SPAN]
CHUNK = 256  # weight vectors evaluated per batch (keeps temporaries near 6 MB)
# One optimizer step on the slice costs about as much as 2,000 on a formula surface (measured: ~0.5 ms vs
# ~0.3 µs per run): run budgets (errorscape.runs.plan, the lesson endpoints) scale by this.
RELATIVE_COST = 2000


class Training:
    """The training loss over flat weight vectors, as an engine Objective (first order only)."""

    def __init__(self, x, y, decay):
        self.x, self.y, self.decay, self.dim = x, y, decay, mlp.N_PARAMS

    def value(self, thetas):
        return mlp.loss(thetas, self.x, self.y, self.decay)

    def gradient(self, thetas):
        return mlp.gradient(thetas, self.x, self.y, self.decay)


@dataclass(frozen=True)
class Trained:
    x: np.ndarray
    y: np.ndarray
    theta0: np.ndarray
    theta: np.ndarray  # θ*
    delta: np.ndarray
    eta: np.ndarray
    curve: dict  # training loss every few steps
    grad_norm: float

    def losses(self, thetas: np.ndarray) -> np.ndarray:
        return np.concatenate([mlp.loss(c, self.x, self.y, DECAY) for c in _chunks(thetas)])

    def slice_values(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        flat_a, flat_b = np.ravel(a), np.ravel(b)
        thetas = self.theta[None] + flat_a[:, None] * self.delta + flat_b[:, None] * self.eta
        return self.losses(thetas).reshape(np.shape(a))

    def jet(self, a, b):
        flat_a, flat_b = np.ravel(np.asarray(a, dtype=np.float64)), np.ravel(np.asarray(b, dtype=np.float64))
        parts = [mlp.slice_jet(self.theta, self.delta, self.eta, ca, cb, self.x, self.y, DECAY)
                 for ca, cb in zip(_chunks(flat_a), _chunks(flat_b))]
        return [np.concatenate([np.broadcast_to(p[k], ca.shape) for p, ca in zip(parts, _chunks(flat_a))])
                .reshape(np.shape(a)) for k in range(6)]


def _chunks(array: np.ndarray) -> list[np.ndarray]:
    return [array[i : i + CHUNK] for i in range(0, max(len(array), 1), CHUNK)]


def filter_normalised(rng: np.random.Generator, theta: np.ndarray) -> np.ndarray:
    direction = rng.standard_normal(theta.shape)
    for (w_d, b_d), (w_t, _) in zip(mlp.unpack(direction[None]), mlp.unpack(theta[None])):
        w_d *= np.linalg.norm(w_t, axis=1, keepdims=True) / np.linalg.norm(w_d, axis=1, keepdims=True)
        b_d[...] = 0.0
    return direction


@lru_cache(maxsize=1)
def _train() -> Trained:
    x, y = mlp.two_moons(seed=SEED)
    theta0 = mlp.init_weights(SEED)
    objective = Training(x, y, DECAY)
    lr = make_schedule(TRAIN_LR, "cosine", t_max=TRAIN_STEPS)
    adam = OPTIMIZERS["adam"].factory(lr=lr)
    curve = {"step": [], "loss": []}
    for snap in simulate(objective, [Group(adam, slice(None))], theta0[None], TRAIN_STEPS, tol=0.0):
        if snap.step % 50 == 0 or snap.finished or snap.step == TRAIN_STEPS:
            curve["step"].append(snap.step)
            curve["loss"].append(float(snap.loss[0]))
    theta = snap.params
    theta = theta[0]
    rng = np.random.default_rng([SEED, 0xD1EC])
    delta, eta = filter_normalised(rng, theta), filter_normalised(rng, theta)
    grad_norm = float(np.linalg.norm(objective.gradient(theta[None])))
    return Trained(x, y, theta0, theta, delta, eta, curve, grad_norm)


def trained() -> Trained:
    """The trained network and its slice directions (trained on first call, then cached)."""
    return _train()


DESCRIPTION = ("The loss of a real 2-16-16-1 tanh network (337 weights, trained on two moons) on a random plane "
               "through its trained weights: α and β move all 337 weights along two filter-normalised random "
               "directions (Li et al. 2018). The trained weights sit at the origin.")


@lru_cache(maxsize=1)
def slice_surface():
    """The slice as a Surface: the runs API can stream any optimizer on it (surface id ``mlp-slice``)."""
    t = trained()

    def grad(a, b):  # backpropagation, projected: (δ·∇L, η·∇L); cheaper than the second-order jet
        flat_a, flat_b = np.ravel(a), np.ravel(b)
        thetas = t.theta[None] + flat_a[:, None] * t.delta + flat_b[:, None] * t.eta
        g = np.concatenate([mlp.gradient(c, t.x, t.y, DECAY) for c in _chunks(thetas)]) if len(thetas) else thetas
        return (g @ t.delta).reshape(np.shape(a)), (g @ t.eta).reshape(np.shape(a))

    def hess(a, b):
        j = t.jet(a, b)
        return j[3], j[4], j[5]

    return surface(
        "mlp-slice", "Trained network, random slice", DESCRIPTION,
        domain=((-SPAN, SPAN), (-SPAN, SPAN)), f=t.slice_values, grad=grad, hess=hess,
        minima=[(0.0, 0.0)], start=(0.6, -0.5), category="network",
        formula="L(θ* + αδ + βη), L = mean BCE + ½λ‖θ‖², MLP 2-16-16-1 tanh",
        extra={**network_facts(t), "axes": ["α", "β"], "relative_cost": RELATIVE_COST},
    )


def network_facts(t: Trained) -> dict:
    return {
        "layers": list(mlp.SIZES), "activation": "tanh", "parameters": mlp.N_PARAMS, "weight_decay": DECAY,
        "dataset": {"name": "two moons", "n": len(t.y), "noise": 0.1, "seed": SEED},
        "training": {"optimizer": "adam", "lr": TRAIN_LR, "schedule": "cosine", "steps": TRAIN_STEPS,
                     "final_loss": t.curve["loss"][-1], "final_gradient_norm": t.grad_norm,
                     "accuracy": float(mlp.accuracy(t.theta[None], t.x, t.y)[0])},
        "directions": {"distribution": "N(0, I), seeded", "filter_normalised": True, "biases": 0.0},
    }


def slice_grid(n: int, span: float) -> dict:
    t = trained()
    a = np.linspace(-span, span, n)
    z = t.slice_values(*np.meshgrid(a, a))
    i, j = np.unravel_index(np.argmin(z), z.shape)
    return {"x": a.tolist(), "y": a.tolist(), "z": z.tolist(), "n": n, "span": span,
            "grid_minimum": {"x": float(a[j]), "y": float(a[i]), "z": float(z[i, j])},
            "centre_loss": float(t.losses(t.theta[None])[0]), "network": network_facts(t),
            "training_curve": t.curve}


def interpolation(n: int, lo: float = -0.5, hi: float = 1.5) -> dict:
    """Goodfellow et al.: the loss along θ(α) = (1 − α)θ₀ + αθ*, with data loss and accuracy."""
    t = trained()
    alpha = np.linspace(lo, hi, n)
    thetas = (1 - alpha)[:, None] * t.theta0[None] + alpha[:, None] * t.theta[None]
    data = np.concatenate([mlp.data_loss(c, t.x, t.y) for c in _chunks(thetas)])
    acc = np.concatenate([mlp.accuracy(c, t.x, t.y) for c in _chunks(thetas)])
    total = data + 0.5 * DECAY * (thetas * thetas).sum(axis=1)
    return {"alpha": alpha.tolist(), "loss": total.tolist(), "data_loss": data.tolist(), "accuracy": acc.tolist(),
            "initial_loss": float(t.losses(t.theta0[None])[0]), "trained_loss": float(t.losses(t.theta[None])[0]),
            "weight_distance": float(np.linalg.norm(t.theta - t.theta0))}
