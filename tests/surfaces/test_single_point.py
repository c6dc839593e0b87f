"""A one-run stream evaluates a single point per step (some surfaces take a scalar fast path then):
the numbers must be those of the same point inside a batch."""

import numpy as np
import pytest

from errorscape.surfaces import SURFACES


@pytest.mark.parametrize("surface_id", list(SURFACES))
def test_a_single_point_matches_the_batch(surface_id):
    s = SURFACES[surface_id]
    rng = np.random.default_rng(7)
    batch = np.column_stack([rng.uniform(*s.domain.x, 20), rng.uniform(*s.domain.y, 20)])
    value, grad, hess = s.value(batch), s.gradient(batch), s.hessian(batch)
    for i in range(len(batch)):
        one = batch[i : i + 1]
        assert s.value(one).shape == (1,) and s.gradient(one).shape == (1, 2) and s.hessian(one).shape == (1, 2, 2)
        np.testing.assert_allclose(s.value(one)[0], value[i], rtol=1e-14)
        np.testing.assert_allclose(s.gradient(one)[0], grad[i], rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(s.hessian(one)[0], hess[i], rtol=1e-13, atol=1e-300)


JETS = [i for i, s in SURFACES.items() if s.f.__qualname__.startswith("from_jet")]


@pytest.mark.parametrize("surface_id", JETS)
def test_the_gradient_after_the_value_of_a_batch_is_the_batch_s_own(surface_id):
    """The engine asks for the value, then the gradient, of the same rows; one jet serves both
    (calculus.from_jet): the gradient must be what a fresh evaluation gives, whatever came before."""
    s = SURFACES[surface_id]
    rng = np.random.default_rng(3)
    a = np.column_stack([rng.uniform(*s.domain.x, 25), rng.uniform(*s.domain.y, 25)])
    b = a.copy()
    b[0, 0] = np.nextafter(b[0, 0], np.inf)  # one bit apart
    fresh_a, fresh_b = s.gradient(a.copy()), s.gradient(b.copy())
    s.value(a)
    np.testing.assert_array_equal(s.gradient(b), fresh_b)  # other points: not the kept jet
    s.value(a)
    np.testing.assert_array_equal(s.gradient(a), fresh_a)  # the same points: the kept jet
    gx, _ = s.grad(a[:, 0], a[:, 1])
    gx[:] = 7.0  # what a caller does with its arrays reaches no later call
    s.value(a)[:] = 7.0
    np.testing.assert_array_equal(s.gradient(a), fresh_a)


def test_a_kept_jet_tells_minus_zero_from_zero():
    from errorscape.surfaces.calculus import Jet, from_jet

    signed = from_jet(lambda x, y: Jet(x * y, np.copysign(1.0, x), x, 0.0, 1.0, 0.0))  # ∂x: the sign of x
    zeros, minus = np.zeros(3), np.full(3, -0.0)
    signed["f"](zeros, zeros)
    assert signed["grad"](minus, zeros)[0].tolist() == [-1.0] * 3  # equal values, other bits: not the kept jet
    signed["f"](minus[:1], zeros[:1])
    assert signed["grad"](zeros[:1], zeros[:1])[0].tolist() == [1.0]  # the same for a single point
