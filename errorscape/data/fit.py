"""The model's fit in data space at given weights: what the data panel draws beside the surface.

Classification: the predicted probability p = σ(z) on an n × n grid over the data's box (the decision
boundary is its 0.5 contour). Regression: the prediction ŷ on n points across the data's x range.
Each weight pair also gets its full-data loss (the surface's height there) and, for classification, its
accuracy on the data.
"""

from __future__ import annotations

import numpy as np

from ..surfaces.networks import _sigmoid
from .datasets import CLASSIFICATION
from .surface import DataSurface

MARGIN = 0.1  # the box reaches this share of the data's range beyond it


def data_box(data) -> list[tuple[float, float]]:
    lo, hi = data.x.min(axis=0), data.x.max(axis=0)
    pad = MARGIN * np.maximum(hi - lo, 1e-9)
    return [(float(a), float(b)) for a, b in zip(lo - pad, hi + pad)]


def fits(surface: DataSurface, weights: list[tuple[float, float]], n: int) -> dict:
    data, model = surface.data, surface.model
    box = data_box(data)
    axes = [np.linspace(a, b, n) for a, b in box]
    with np.errstate(all="ignore"):
        losses = surface.f(np.array([w[0] for w in weights]), np.array([w[1] for w in weights]))
        if data.kind == CLASSIFICATION:
            g1, g2 = np.meshgrid(*axes)
            grid = (g1.ravel(), g2.ravel())
            out = [{"p": _sigmoid(model.value(w1, w2, grid)).reshape(n, n).tolist(),
                    "accuracy": float(np.mean((model.value(w1, w2, tuple(data.x.T)) > 0) == (data.y > 0.5)))}
                   for w1, w2 in weights]
            answer = {"x1": axes[0].tolist(), "x2": axes[1].tolist()}
        else:
            out = [{"y": np.broadcast_to(model.value(w1, w2, (axes[0],)), (n,)).tolist()} for w1, w2 in weights]
            answer = {"x": axes[0].tolist()}
    return {"kind": data.kind, "model": model.id, **answer,
            "fits": [{"w1": float(w1), "w2": float(w2), "loss": float(loss), **o}
                     for (w1, w2), loss, o in zip(weights, np.atleast_1d(losses), out)]}
