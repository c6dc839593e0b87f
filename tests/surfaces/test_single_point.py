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
