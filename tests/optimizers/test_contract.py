"""What every optimizer promises the runner: pure, shape-preserving, row-independent, never NaN."""

from __future__ import annotations

import numpy as np
import pytest

from errorscape.optimizers import OPTIMIZERS
from errorscape.optimizers.schedules import make_schedule

IDS = list(OPTIMIZERS)


def build(optimizer_id: str, **hyper):
    spec = OPTIMIZERS[optimizer_id]
    if spec.needs_hessian:  # a fixed indefinite Hessian: enough to exercise the code path
        hyper["hessian"] = lambda P: np.broadcast_to(np.diag(np.linspace(-1.0, 2.0, P.shape[1])),
                                                     (len(P), P.shape[1], P.shape[1])).copy()
    if optimizer_id == "perturbed-gd":
        hyper.setdefault("g_thres", 1e9)  # kick on every allowed step
        hyper.setdefault("t_thres", 1)
        hyper["seed"] = 3
    return spec.factory(**hyper)


def arrays(state) -> list[np.ndarray]:
    return [v for v in state if isinstance(v, np.ndarray)]


@pytest.mark.parametrize("optimizer_id", IDS)
@pytest.mark.parametrize("shape", [(1, 1), (3, 2), (2, 7)])
def test_pure_and_shape_preserving(optimizer_id, shape):
    rng = np.random.default_rng(0)
    opt = build(optimizer_id, lr=0.01)
    params = rng.standard_normal(shape)
    state = opt.init(params)
    for step in range(1, 5):
        grads = rng.standard_normal(shape)
        inputs = [params, grads, *arrays(state)]
        copies = [a.copy() for a in inputs]
        new_params, new_state = opt.update(grads, state, params, step)
        for before, after in zip(copies, inputs):
            np.testing.assert_array_equal(before, after)  # nothing the caller owns was changed
        assert new_params.shape == shape and new_params.dtype == np.float64
        assert all(a.shape[0] == shape[0] for a in arrays(new_state))
        assert not any(np.shares_memory(new_params, a) for a in inputs)
        params, state = new_params, new_state


@pytest.mark.parametrize("optimizer_id", [i for i in IDS if i != "perturbed-gd"])
def test_rows_are_independent_runs(optimizer_id):
    """A batch of runs gives exactly what each run gives alone (perturbed-gd draws its kicks per batch)."""
    rng = np.random.default_rng(1)
    P0, grads = rng.standard_normal((4, 3)), rng.standard_normal((6, 4, 3))

    def run(P, G):
        opt = build(optimizer_id, lr=0.01)
        state = opt.init(P)
        for step, g in enumerate(G, start=1):
            P, state = opt.update(g, state, P, step)
        return P

    together = run(P0, grads)
    for i in range(4):
        np.testing.assert_array_equal(run(P0[i:i + 1], grads[:, i:i + 1])[0], together[i])


@pytest.mark.parametrize("optimizer_id", IDS)
@pytest.mark.parametrize("size", [1e150, 1e300])
def test_huge_gradients_never_make_nan(optimizer_id, size):
    """Finite inputs with huge gradients (g² overflows at 1e150) give finite or ±inf values, never NaN."""
    rng = np.random.default_rng(2)
    params = rng.standard_normal((8, 2))
    settings = [{}]
    if optimizer_id == "rmsprop":
        settings += [{"centered": True}, {"centered": True, "momentum": 0.9}]
    for setting in settings:
        opt = build(optimizer_id, **setting)
        state = opt.init(params)
        with np.errstate(all="ignore"):
            for step in range(1, 6):
                grads = size * rng.choice([-1.0, 1.0], params.shape) * rng.uniform(0.5, 1.0, params.shape)
                new_params, state = opt.update(grads, state, params, step)
                assert not np.isnan(new_params).any(), (setting, step)


@pytest.mark.parametrize("optimizer_id", IDS)
def test_lr_may_be_a_schedule(optimizer_id):
    rng = np.random.default_rng(4)
    P, G = rng.standard_normal((2, 2)), rng.standard_normal((2, 2))
    fixed, scheduled = build(optimizer_id, lr=0.02), build(optimizer_id, lr=make_schedule(0.02))
    np.testing.assert_array_equal(fixed.update(G, fixed.init(P), P, 1)[0],
                                  scheduled.update(G, scheduled.init(P), P, 1)[0])
