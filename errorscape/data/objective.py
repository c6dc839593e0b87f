"""E(w₁, w₂) = mean over the data of ℓ(model(w; xₖ), yₖ) + ½·l2·(w₁² + w₂²), as a ``Surface``.

Exact and vectorised: the model gives its output's jet per example, the loss ℓ′ and ℓ″, and
∇E = mean(ℓ′∇out) + l2·w, ∇²E = mean(ℓ″∇out∇outᵀ + ℓ′∇²out) + l2·I. Weight points arrive as arrays of
any shape; they are flattened into a (g, 1) column against the (1, n) rows of the data, ``_BLOCK`` entries
per block, so a 100 × 100 grid on 5,000 rows works in cache-sized temporaries. Models write their derivatives
as sums of products (``_products``) so that the means cost one pass over a block only where they must.

The L2 term is torch's ``weight_decay`` written as a loss: its gradient l2·w is what torch.optim adds.
"""

from __future__ import annotations

import functools
import itertools
from typing import Callable

import numpy as np

from ..surfaces.helpers import polish
from .datasets import Data
from .models import Loss, Model

_BLOCK = 1 << 14  # weight points × examples per block: its temporaries (128 kB each) stay in cache


def _products(component) -> list[tuple]:
    """A jet component as a sum of products of factors: a list of tuples, one tuple (a product) or one factor.

    Models give their derivatives this way so that factors which are constant along the data (a weight, a
    number) leave the mean, and factors which are constant across weight points (a feature column) enter
    it as one matrix-vector product: only the factors that vary both ways cost a pass over the block."""
    if isinstance(component, list):
        return [c if isinstance(c, tuple) else (c,) for c in component]
    return [component if isinstance(component, tuple) else (component,)]


def _mean_product(n: int, factors) -> np.ndarray | float:
    """The mean over the data axis of the product of ``factors``: numbers, (g, 1) weight columns, (1, n)
    data rows or (g, n) blocks. The result is one number per weight point, or a number for all of them."""
    outside, rows, blocks = 1.0, [], []
    for f in factors:
        if not isinstance(f, np.ndarray) or f.ndim == 0:
            if f == 0:
                return 0.0
            outside = outside * f
        elif f.shape[-1] == 1:  # constant along the data
            outside = outside * np.ravel(f)
        elif f.shape[0] == 1:
            rows.append(f)
        else:
            blocks.append(f)
    row = functools.reduce(np.multiply, rows).ravel() if rows else None
    if not blocks:
        return outside * (row.mean() if row is not None else 1.0)
    block = blocks[0] if len(blocks) == 1 else np.multiply(blocks[0], blocks[1])
    for more in blocks[2:]:
        np.multiply(block, more, out=block)
    # block @ row sums in a different order than numpy's mean: a few ulp, within every test's tolerance
    summed = block @ row if row is not None else block.sum(axis=1)
    return outside * (summed / n)


def _mean(n: int, weight, *components):
    """mean over the data of weight × (the product of the components), each a sum of products."""
    total = 0.0
    for parts in itertools.product(*map(_products, components)):
        total = total + _mean_product(n, (weight, *itertools.chain.from_iterable(parts)))
    return total


def _per_point(terms: Callable, w1, w2, data: Data) -> tuple:
    """For every weight point, the means over the data that ``terms(W1, W2, F, Y)`` returns."""
    shape = np.shape(w1)
    flat1, flat2 = np.ravel(w1)[:, None], np.ravel(w2)[:, None]
    features = tuple(data.x[:, k][None, :] for k in range(data.features))
    target = data.y[None, :]
    step = max(1, _BLOCK // data.n)
    means = []
    for i in range(0, max(len(flat1), 1), step):
        W1, W2 = flat1[i : i + step], flat2[i : i + step]
        means.append([np.broadcast_to(t, (len(W1),)) for t in terms(W1, W2, features, target)])
    return tuple(np.concatenate(column).reshape(shape) for column in zip(*means))


def loss_functions(model: Model, loss: Loss, data: Data, l2: float) -> dict:
    """f, grad and hess of the mean loss of ``model`` on ``data`` (any broadcastable weight arrays)."""
    n = data.n

    def values(W1, W2, F, Y):
        out = model.value(W1, W2, F)
        return (_mean(n, 1.0, loss.terms(out, Y) if loss.terms else loss.value(out, Y)),)

    def slopes(W1, W2, F, Y):
        out = model.first_order(W1, W2, F) if model.first_order else model.output(W1, W2, F)
        d1, _ = loss.derivatives(out.v, Y)
        return _mean(n, d1, out.x), _mean(n, d1, out.y)

    def curvatures(W1, W2, F, Y):
        out = model.output(W1, W2, F)
        d1, d2 = loss.derivatives(out.v, Y)
        return (_mean(n, d2, out.x, out.x) + _mean(n, d1, out.xx), _mean(n, d2, out.x, out.y) + _mean(n, d1, out.xy),
                _mean(n, d2, out.y, out.y) + _mean(n, d1, out.yy))

    def f(w1, w2):
        (mean,) = _per_point(values, w1, w2, data)
        return mean + 0.5 * l2 * (w1 * w1 + w2 * w2)

    def grad(w1, w2):
        g1, g2 = _per_point(slopes, w1, w2, data)
        return g1 + l2 * w1, g2 + l2 * w2

    def hess(w1, w2):
        h11, h12, h22 = _per_point(curvatures, w1, w2, data)
        return h11 + l2, h12, h22 + l2

    return {"f": f, "grad": grad, "hess": hess}


def find_minima(fns: dict, half_width: float, mirrored: bool, n: int = 41) -> list[tuple[float, float]]:
    """The lowest point of an n × n grid over [−h, h]², polished by Newton; kept only if it is a true minimum."""
    axis = np.linspace(-half_width, half_width, n)
    gx, gy = np.meshgrid(axis, axis)
    with np.errstate(all="ignore"):
        z = fns["f"](gx, gy)
    if not np.isfinite(z).any():
        return []
    i, j = np.unravel_index(np.nanargmin(np.where(np.isfinite(z), z, np.nan)), z.shape)
    start = np.array([[gx[i, j], gy[i, j]]])
    with np.errstate(all="ignore"):
        p = polish(fns["grad"], fns["hess"], start, steps=30)
        x, y = p[:, 0], p[:, 1]
        g = np.hypot(*fns["grad"](x, y))
        hxx, hxy, hyy = fns["hess"](x, y)
        value = fns["f"](x, y)
    minimum = (np.isfinite(p).all() and g[0] < 1e-9 * (1 + abs(value[0])) and hxx[0] > 0
               and hxx[0] * hyy[0] - hxy[0] ** 2 > 0 and value[0] <= z[i, j] + 1e-12 * (1 + abs(z[i, j])))
    if not minimum:
        return []
    point = (float(x[0]), float(y[0]))
    return [point, (-point[0], -point[1])] if mirrored and np.hypot(*point) > 1e-9 else [point]
