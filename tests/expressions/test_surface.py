"""custom_surface: a typed formula behaves like any built-in surface, and evaluation never raises."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from errorscape.expressions import DEFAULT_DOMAIN, ExpressionError, custom_surface, describe_expression
from errorscape.surfaces.base import Domain


def test_fields():
    s = custom_surface("x^2 + 3*sin(y) - x*y/4")
    assert (s.id, s.category, s.formula) == ("custom", "custom", "x^2 + 3*sin(y) - x*y/4")
    assert s.domain == DEFAULT_DOMAIN == Domain((-5.0, 5.0), (-5.0, 5.0))
    assert s.minima == () and s.critical_points == ()
    assert s.extra == {
        "expr": "x^2 + 3*sin(y) - x*y/4",
        "gradient": ["2*x - y/4", "3*cos(y) - x/4"],
        "hessian": [["2", "-1/4"], ["-1/4", "-3*sin(y)"]],
    }
    x0, y0 = s.start
    assert bool(s.domain.contains(np.float64(x0), np.float64(y0)))
    json.dumps(s.describe())


def test_domain_and_start():
    s = custom_surface("log(x) + log(y)", Domain((-2.0, 2.0), (-1.0, 3.0)))
    assert s.domain == Domain((-2.0, 2.0), (-1.0, 3.0))
    x0, y0 = s.start
    assert x0 > 0 and y0 > 0, "the start is a point where the formula is defined"


def test_values_gradient_and_hessian_are_exact():
    s = custom_surface("(1 - x)^2 + 100*(y - x^2)^2")
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-2, 2, 50), rng.uniform(-1, 3, 50)
    np.testing.assert_allclose(s.f(x, y), (1 - x) ** 2 + 100 * (y - x**2) ** 2, rtol=1e-14)
    gx, gy = s.grad(x, y)
    np.testing.assert_allclose(gx, -2 * (1 - x) - 400 * x * (y - x**2), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gy, 200 * (y - x**2), rtol=1e-12)
    hxx, hxy, hyy = s.hess(x, y)
    np.testing.assert_allclose(hxx, 2 - 400 * y + 1200 * x**2, rtol=1e-12)
    np.testing.assert_allclose(hxy, -400 * x, rtol=1e-12)
    np.testing.assert_allclose(hyy, np.full_like(x, 200.0))


@pytest.mark.parametrize("formula", ["3", "x", "y^2", "x*y"])
def test_shapes_broadcast_like_a_built_in_surface(formula):
    s = custom_surface(formula)
    x, y = np.linspace(-1, 1, 4)[None, :], np.linspace(-1, 1, 3)[:, None]
    assert s.f(x, y).shape == (3, 4)
    assert all(g.shape == (3, 4) for g in s.grad(x, y))
    assert all(h.shape == (3, 4) for h in s.hess(x, y))
    assert np.asarray(s.f(np.float64(1.0), np.float64(2.0))).shape == ()
    params = np.array([[0.5, 1.0], [2.0, -1.0], [0.0, 0.0]])
    assert s.value(params).shape == (3,)
    assert s.gradient(params).shape == (3, 2)
    assert s.hessian(params).shape == (3, 2, 2)
    assert s.f(x, y).dtype == np.float64


def test_overflow_and_invalid_points_become_inf_and_nan_without_warnings():
    s = custom_surface("exp(x^2) + log(y) + 1/x")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = s.f(np.array([100.0, 1.0, 0.0]), np.array([1.0, -1.0, 1.0]))
        grads = s.grad(np.array([100.0, 1.0, 0.0]), np.array([1.0, -1.0, 1.0]))
        s.hess(np.array([100.0, 1.0, 0.0]), np.array([1.0, -1.0, 1.0]))
    assert np.isinf(values[0]) and np.isnan(values[1]) and np.isinf(values[2])
    assert np.isinf(grads[0][0])


def test_functions_evaluate_to_their_definitions():
    s = custom_surface("sigmoid(x) + softplus(y) + relu(x - 1) + step(y) + sign(x) + min(x, y) + max(x, y)")
    x, y = np.array([-800.0, 0.0, 2.0, 900.0]), np.array([-900.0, 0.0, -1.0, 800.0])
    expected = (
        1 / (1 + np.exp(-x.clip(-700, 700)))
        + np.logaddexp(0, y)
        + np.maximum(x - 1, 0)
        + np.heaviside(y, 0.5)
        + np.sign(x)
        + np.minimum(x, y)
        + np.maximum(x, y)
    )
    np.testing.assert_allclose(s.f(x, y), expected)
    assert np.isfinite(s.f(x, y)).all(), "sigmoid and softplus do not overflow"


def test_errors_propagate_from_custom_surface():
    with pytest.raises(ExpressionError):
        custom_surface("x +")


def test_describe_expression():
    assert describe_expression("y*x**2") == {
        "expr": "y*x^2",
        "gradient": ["2*y*x", "x^2"],
        "hessian": [["2*y", "2*x"], ["2*x", "0"]],
        "variables": ["x", "y"],
    }
    assert describe_expression("pi")["variables"] == []
