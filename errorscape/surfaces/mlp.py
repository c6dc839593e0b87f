"""A small real network, written out in numpy: a tanh MLP for binary classification, with exact derivatives.

Conventions (the same everywhere in this module):

- Layers ``SIZES = (2, 16, 16, 1)``; layer l maps h ↦ h·W_l + b_l with W_l of shape (in, out), then tanh
  on the hidden layers; the output is the logit z. A *filter* is one column W_l[:, j]: the weights into
  unit j (a row of torch's ``nn.Linear.weight``).
- All weights live in one flat vector θ (337 numbers), layer by layer, each W_l row-major then b_l.
  Functions take a batch of weight vectors ``thetas`` of shape (R, P), like every Objective.
- Loss: mean binary cross-entropy on the logits, log(1 + eᶻ) − y·z, plus weight decay ½λ‖θ‖² on every
  parameter (biases too), so the trained weights are a true, isolated minimum.

Three evaluations, cross-checked in tests/lessons: ``loss`` (values only, for grids and curves), ``gradient``
(backpropagation, for training) and ``slice_jet`` (forward-mode second order along two directions: the
value, gradient and Hessian of f(α, β) = L(θ + αδ + βη), using ``surfaces.calculus.Jet``).
"""

from __future__ import annotations

import math

import numpy as np

from .calculus import Jet, chain

SIZES = (2, 16, 16, 1)
SHAPES = [(a, b) for a, b in zip(SIZES[:-1], SIZES[1:])]
N_PARAMS = sum(a * b + b for a, b in SHAPES)


def two_moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles (scikit-learn's make_moons recipe), Gaussian noise, seeded."""
    n_out, n_in = n // 2, n - n // 2
    t_out, t_in = np.linspace(0, math.pi, n_out), np.linspace(0, math.pi, n_in)
    x = np.concatenate([np.stack([np.cos(t_out), np.sin(t_out)], 1),
                        np.stack([1 - np.cos(t_in), 0.5 - np.sin(t_in)], 1)])
    x += noise * np.random.default_rng([seed, 0x300A5]).standard_normal(x.shape)
    return x, np.concatenate([np.zeros(n_out), np.ones(n_in)])


def init_weights(seed: int = 0, shapes=SHAPES) -> np.ndarray:
    """torch.nn.Linear's default: every weight and bias ~ U(−1/√fan_in, 1/√fan_in)."""
    rng = np.random.default_rng([seed, 0x1417])
    parts = []
    for fan_in, out in shapes:
        bound = 1 / math.sqrt(fan_in)
        parts += [rng.uniform(-bound, bound, fan_in * out), rng.uniform(-bound, bound, out)]
    return np.concatenate(parts)


def unpack(thetas: np.ndarray, shapes=SHAPES) -> list[tuple[np.ndarray, np.ndarray]]:
    """(R, P) -> [(W (R, in, out), b (R, out)) per layer] as views (``shapes``: another network's layers)."""
    layers, k = [], 0
    for a, b in shapes:
        w = thetas[:, k : k + a * b].reshape(-1, a, b)
        k += a * b
        layers.append((w, thetas[:, k : k + b]))
        k += b
    return layers


def _bce(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, z) - y * z


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def logits(thetas: np.ndarray, x: np.ndarray, shapes=SHAPES) -> tuple[np.ndarray, list[np.ndarray]]:
    """(R, n) output logits and the hidden activations [(R, n, width)] of every layer's input."""
    h = np.broadcast_to(x, (len(thetas), *x.shape))
    inputs = []
    layers = unpack(thetas, shapes)
    for l, (w, b) in enumerate(layers):
        inputs.append(h)
        z = h @ w + b[:, None, :]
        h = np.tanh(z) if l < len(layers) - 1 else z
    return h[..., 0], inputs


def data_loss(thetas, x, y) -> np.ndarray:
    return _bce(logits(thetas, x)[0], y).mean(axis=1)


def loss(thetas, x, y, decay: float) -> np.ndarray:
    return data_loss(thetas, x, y) + 0.5 * decay * (thetas * thetas).sum(axis=1)


def accuracy(thetas, x, y) -> np.ndarray:
    return ((logits(thetas, x)[0] > 0) == (y > 0.5)).mean(axis=1)


def gradient(thetas, x, y, decay: float) -> np.ndarray:
    """∇L by backpropagation, (R, P)."""
    z, inputs = logits(thetas, x)
    delta = ((_sigmoid(z) - y) / len(y))[..., None]  # dL/dz per example, (R, n, 1)
    return backprop(thetas, inputs, delta) + decay * thetas


def backprop(thetas, inputs, delta, shapes=SHAPES) -> np.ndarray:
    """(R, P): the gradient of the data term given dL/dz per example ``delta`` (R, n, 1) and ``logits``' inputs."""
    layers = unpack(thetas, shapes)
    grads = []
    for l in range(len(layers) - 1, -1, -1):
        w, _ = layers[l]
        h = inputs[l]
        grads.append((delta.sum(axis=1), np.swapaxes(h, 1, 2) @ delta))  # (db, dW)
        if l:
            delta = (delta @ np.swapaxes(w, 1, 2)) * (1.0 - h * h)  # h = tanh(z) of the layer below
    flat = [part.reshape(len(thetas), -1) for db, dw in reversed(grads) for part in (dw, db)]
    return np.concatenate(flat, axis=1)


def _affine_jet(base: np.ndarray, d_a: np.ndarray, d_b: np.ndarray, a: np.ndarray, b: np.ndarray) -> Jet:
    """The jet of base + α·d_a + β·d_b at the (R,) points (α, β): an affine function, no curvature."""
    shape = (-1,) + (1,) * base.ndim
    return Jet(base + a.reshape(shape) * d_a + b.reshape(shape) * d_b, d_a, d_b, 0.0, 0.0, 0.0)


def _jet_matmul(h: Jet, w: Jet) -> Jet:
    """The product rule for h @ w (w affine in α, β, so its second derivatives are zero)."""
    return Jet(
        h.v @ w.v,
        h.x @ w.v + h.v @ w.x,
        h.y @ w.v + h.v @ w.y,
        h.xx @ w.v + 2 * (h.x @ w.x),
        h.xy @ w.v + h.x @ w.y + h.y @ w.x,
        h.yy @ w.v + 2 * (h.y @ w.y),
    )


def slice_jet(theta, delta, eta, a, b, x, y, decay: float) -> Jet:
    """Value, gradient and Hessian of f(α, β) = L(θ + αδ + βη) at the (R,) points (α, β), exactly."""
    zero = np.zeros_like(x)
    h = Jet(np.broadcast_to(x, (len(a), *x.shape)), zero, zero, zero, zero, zero)
    layers = list(zip(unpack(theta[None]), unpack(delta[None]), unpack(eta[None])))
    for l, ((w0, b0), (wd, bd), (we, be)) in enumerate(layers):
        z = _jet_matmul(h, _affine_jet(w0[0], wd[0], we[0], a, b))
        bias = _affine_jet(b0[0], bd[0], be[0], a, b)
        z = Jet(z.v + bias.v[:, None, :], z.x + bias.x, z.y + bias.y, z.xx, z.xy, z.yy)
        if l < len(layers) - 1:
            t = np.tanh(z.v)
            s = 1.0 - t * t
            h = chain(z, t, s, -2.0 * t * s)
        else:
            h = z
    zl = Jet(*(np.broadcast_to(part, h.v.shape)[..., 0] for part in h))
    p = _sigmoid(zl.v)
    per_example = chain(zl, _bce(zl.v, y), p - y, p * (1.0 - p))
    data = Jet(*(np.broadcast_to(part, zl.v.shape).mean(axis=-1) for part in per_example))
    # ½λ‖θ + αδ + βη‖², exactly quadratic in (α, β)
    th = theta[None] + a[:, None] * delta + b[:, None] * eta
    reg = Jet(0.5 * decay * (th * th).sum(1), decay * th @ delta, decay * th @ eta,
              decay * delta @ delta, decay * delta @ eta, decay * eta @ eta)
    return Jet(*(d + r for d, r in zip(data, reg)))
