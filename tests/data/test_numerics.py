"""The grid's numerics: the softplus within an ulp of log1p's, and the factored means at every shape
(one weight point, one example, a whole grid) equal to the plain per-example formulas."""

from __future__ import annotations

import numpy as np
import pytest

from errorscape.data.datasets import CLASSIFICATION, REGRESSION, Data
from errorscape.data.models import LOSSES, MODELS, _softplus
from errorscape.data.objective import loss_functions


def test_softplus_is_within_an_ulp_of_log1p():
    z = np.concatenate([np.linspace(-800, 800, 20001), [0.0, -0.0, 1e-300, -1e-300, 36.7, -36.7, 37.5, -745.2]])
    ours = _softplus(z.copy())
    exact = np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
    assert np.all(np.abs(ours - exact) <= np.spacing(np.abs(exact)))
    assert np.all(np.isfinite(ours)) and ours[0] == 0.0 and ours[z.size // 2] > 0


def _data(n: int, kind: str) -> Data:
    rng = np.random.default_rng(n)
    if kind == CLASSIFICATION:
        return Data(rng.normal(size=(n, 2)), (rng.random(n) < 0.5).astype(float), kind, "t", "t", ("a", "b", "c"))
    return Data(rng.normal(size=(n, 1)), rng.normal(size=n), kind, "t", "t", ("a", "b"))


@pytest.mark.parametrize("n", [1, 2, 7])
@pytest.mark.parametrize("points", [1, 5])
def test_logistic_cross_entropy_equals_the_plain_formulas(n, points):
    data = _data(n, CLASSIFICATION)
    fns = loss_functions(MODELS["logistic"], LOSSES[("cross-entropy", CLASSIFICATION)], data, 0.0)
    w = np.random.default_rng(9).normal(size=(points, 2)) * 2
    z = w @ data.x.T  # (points, n)
    p = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(fns["f"](w[:, 0], w[:, 1]), np.mean(np.logaddexp(0, z) - data.y * z, axis=1), rtol=1e-13)
    g = (p - data.y) @ data.x / n
    np.testing.assert_allclose(np.stack(fns["grad"](w[:, 0], w[:, 1]), 1), g, rtol=1e-12, atol=1e-15)
    s = p * (1 - p)
    h = np.stack(fns["hess"](w[:, 0], w[:, 1]), 1)
    x1, x2 = data.x.T
    np.testing.assert_allclose(h, np.stack([s @ (x1 * x1), s @ (x1 * x2), s @ (x2 * x2)], 1) / n, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("n", [1, 3])
def test_tanh_unit_equals_the_plain_formulas_on_a_grid(n):
    data = _data(n, REGRESSION)
    fns = loss_functions(MODELS["tanh"], LOSSES[("mse", REGRESSION)], data, 0.5)
    w, a = np.meshgrid(np.linspace(-2, 2, 4), np.linspace(-1, 3, 3))
    x, y = data.x[:, 0], data.y
    t = np.tanh(w[..., None] * x)
    r = a[..., None] * t - y
    s = 1 - t * t
    np.testing.assert_allclose(fns["f"](w, a), np.mean(r * r, -1) + 0.25 * (w * w + a * a), rtol=1e-13)
    gw, ga = fns["grad"](w, a)
    np.testing.assert_allclose(gw, np.mean(2 * r * a[..., None] * s * x, -1) + 0.5 * w, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(ga, np.mean(2 * r * t, -1) + 0.5 * a, rtol=1e-12, atol=1e-14)
    hww, hwa, haa = fns["hess"](w, a)
    dw = a[..., None] * s * x
    np.testing.assert_allclose(hww, np.mean(2 * dw * dw + 2 * r * a[..., None] * (-2 * t * s) * x * x, -1) + 0.5,
                               rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(hwa, np.mean(2 * dw * t + 2 * r * s * x, -1), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(haa, np.mean(2 * t * t, -1) + 0.5, rtol=1e-12, atol=1e-14)
