"""The typed-formula path on structured points: a built-in surface typed as a formula is finite, with its
symbolic gradient and Hessian, on the same axes, zeros and listed points as the built-in, and has its
values. Kinks (abs, sqrt at 0) follow stated conventions, tested on their own below.
"""

from __future__ import annotations

import numpy as np
import pytest

from errorscape.expressions import custom_surface
from errorscape.surfaces import SURFACES
from tests.lessons.helpers import classify
from tests.surfaces.sampling import structured_points

TYPED = {
    "bowl": "x^2 + y^2",
    "saddle": "x^2 - y^2",
    "monkey-saddle": "x^3 - 3*x*y^2",
    "plateau": "1 - exp(-(x^2 + y^2)/(2*0.75^2))",
    "rosenbrock": "(1 - x)^2 + 100*(y - x^2)^2",
    "himmelblau": "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    "beale": "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
    "booth": "(x + 2*y - 7)^2 + (2*x + y - 5)^2",
    "matyas": "0.26*(x^2 + y^2) - 0.48*x*y",
    "goldstein-price": "(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))"
                       "*(30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))",
    "six-hump-camel": "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
    "three-hump-camel": "2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2",
    "styblinski-tang": "0.5*(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)",
    "rastrigin": "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
    "levy": "sin(pi*(1 + (x - 1)/4))^2 + ((x - 1)/4)^2*(1 + 10*sin(pi*(1 + (x - 1)/4) + 1)^2)"
            " + ((y - 1)/4)^2*(1 + sin(2*pi*(1 + (y - 1)/4))^2)",
    "easom": "-cos(x)*cos(y)*exp(-(x - pi)^2 - (y - pi)^2)",
}
ACKLEY = "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + 20 + e"


def _non_finite(surface, x, y) -> dict:
    parts = {"value": [surface.f(x, y)], "gradient": surface.grad(x, y), "hessian": surface.hess(x, y)}
    bad = {}
    for name, values in parts.items():
        mask = np.zeros(x.shape, dtype=bool)
        for component in values:
            mask |= ~np.isfinite(np.broadcast_to(component, x.shape))
        if mask.any():
            bad[name] = mask
    return bad


@pytest.mark.parametrize("surface_id", list(TYPED))
def test_a_typed_built_in_is_finite_on_structured_points_and_has_its_values(surface_id):
    built_in = SURFACES[surface_id]
    typed = custom_surface(TYPED[surface_id], built_in.domain)
    x, y = structured_points(built_in)
    bad = _non_finite(typed, x, y)
    assert not bad, {name: list(zip(x[m], y[m]))[:5] for name, m in bad.items()}
    np.testing.assert_allclose(typed.f(x, y), built_in.f(x, y), rtol=1e-12, atol=1e-12)
    for ours, theirs in zip(typed.grad(x, y), built_in.grad(x, y)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-9 * (1 + np.abs(theirs).max()))


def test_abs_at_its_kink_has_the_middle_of_its_one_sided_slopes():
    """abs'(0) = sign(0) = 0 and its second derivative is 0: a formula made of abs is finite at the kink,
    and the classifier (which reads the loss around the point there) calls the tip of |x| + |y| a minimum."""
    s = custom_surface("abs(x) + abs(y)")
    zero = np.zeros(1)
    assert [float(g[0]) for g in s.grad(zero, zero)] == [0.0, 0.0]
    assert [float(np.broadcast_to(h, (1,))[0]) for h in s.hess(zero, zero)] == [0.0, 0.0, 0.0]


def test_abs_tip_is_a_minimum_for_the_classifier(client):
    got = classify(client, "custom", 0, 0, expr="abs(x) + abs(y)")
    assert got["defined"] and got["verdict"] == "minimum" and got["test"] == "higher-order"


def test_sqrt_at_zero_has_an_infinite_slope_but_a_cone_tip_has_the_subgradient_zero():
    """sqrt'(u) = 1/(2·sqrt(u)) is +∞ at u = 0 (the one-sided slope): sqrt(x) at 0 is a gap. At a cone's tip,
    sqrt(x^2 + y^2) at the origin, the rules give x/sqrt(x^2 + y^2) = 0/0; the exact zero numerator wins,
    so the gradient is 0, the middle of the subdifferential, as the built-in Ackley has at its tip."""
    zero = np.zeros(1)
    gx, _ = custom_surface("sqrt(x)").grad(zero, zero)
    assert gx[0] == np.inf
    cone_gx, cone_gy = custom_surface("sqrt(x^2 + y^2)").grad(zero, zero)
    assert cone_gx[0] == 0.0 and cone_gy[0] == 0.0
    built_in = SURFACES["ackley"]
    typed = custom_surface(ACKLEY, built_in.domain)
    x, y = structured_points(built_in)
    for mask in _non_finite(typed, x, y).values():  # only where x² + y² underflows (x = ±1e-300)
        assert (x[mask] ** 2 + y[mask] ** 2 == 0).all() and (x[mask] != 0).any()
    assert [float(g) for g in built_in.grad(0.0, 0.0)] == [0.0, 0.0]
    for ours, theirs in zip(typed.hess(zero, zero), built_in.hess(zero, zero)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_a_cone_tip_is_a_minimum(client):
    """Not differentiable there, but the loss rises in every direction, and that is what the probe sees."""
    got = classify(client, "custom", 0, 0, expr="sqrt(x^2 + y^2)")
    assert got["defined"] and got["verdict"] == "minimum" and got["degenerate"]
