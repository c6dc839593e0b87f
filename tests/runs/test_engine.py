"""The descent loop: exact steps, stopping rules, freezing, determinism."""

import numpy as np

from errorscape.optimizers import get_optimizer
from errorscape.runs.engine import Group, descend, simulate
from errorscape.runs.outcomes import overall_reason
from errorscape.runs.shape import second_order

from .surfaces_for_tests import BOWL, SADDLE


def sgd(lr):
    return get_optimizer("sgd").factory(lr=lr)


def test_gradient_descent_on_a_bowl_follows_the_closed_form():
    snaps = list(simulate(BOWL, [Group(sgd(0.1), slice(None))], np.array([[2.5, 2.0]]), 20, tol=0))
    for snap in snaps:
        expected = np.array([2.5, 2.0]) * 0.8 ** snap.step
        np.testing.assert_allclose(snap.params[0], expected, rtol=1e-14)
        np.testing.assert_allclose(snap.grad[0], 2 * snap.params[0], rtol=0)
        x, y = snap.params[0]
        assert snap.loss[0] == x * x + y * y  # the surface's own formula (a dot product may fuse or reorder)
    assert len(snaps) == 21


def test_converges_at_a_minimum_and_stalls_at_a_saddle():
    at_min = descend(BOWL, sgd(0.1), np.array([[2.5, 2.0]]), 1000)
    assert at_min.reasons() == ["converged"] and at_min.step < 1000
    assert at_min.stops[0].kind == "minimum"
    at_saddle = descend(SADDLE, sgd(0.1), np.array([[1.5, 0.0]]), 1000)
    assert at_saddle.reasons() == ["stalled"]
    assert at_saddle.stops[0].kind == "saddle" and "saddle" in at_saddle.stops[0].message


def test_divergence_freezes_the_run_at_its_last_finite_point():
    snaps = list(simulate(BOWL, [Group(sgd(1.5), slice(None))], np.array([[2.5, 2.0]]), 100))
    last = snaps[-1]
    assert last.reasons() == ["diverged"]
    assert np.isfinite(last.params).all() and np.isfinite(last.loss).all()
    assert last.params.tolist() == snaps[-2].params.tolist()
    assert last.stops[0].kind == "out-of-bounds"


def test_a_stopped_run_does_not_stop_the_others():
    groups = [Group(sgd(1.5), slice(0, 1)), Group(sgd(0.01), slice(1, 2))]
    snaps = list(simulate(BOWL, groups, np.array([[2.5, 2.0], [2.5, 2.0]]), 50))
    assert len(snaps) == 51
    assert snaps[-1].reasons() == ["diverged", "running"]
    assert overall_reason(snaps[-1].status) == "completed"


def test_groups_are_independent_of_each_other():
    starts = np.array([[2.5, 2.0], [-1.0, 0.5]])
    race = list(simulate(BOWL, [Group(sgd(0.1), slice(0, 1)), Group(sgd(0.3), slice(1, 2))], starts, 30, tol=0))
    alone = list(simulate(BOWL, [Group(sgd(0.3), slice(None))], starts[1:], 30, tol=0))
    assert [s.params[1].tolist() for s in race] == [s.params[0].tolist() for s in alone]


def test_noise_is_seeded_and_only_where_asked():
    def run(seed):
        groups = [Group(sgd(0.05), slice(0, 1), noise=1.0), Group(sgd(0.05), slice(1, 2))]
        return [s.params.copy() for s in simulate(BOWL, groups, np.array([[1.0, 1.0]] * 2), 20, seed=seed, tol=0)]

    a, b, c = run(1), run(1), run(2)
    assert all((x == y).all() for x, y in zip(a, b))
    assert not all((x == y).all() for x, y in zip(a, c))
    np.testing.assert_allclose(a[-1][1], np.array([1.0, 1.0]) * 0.9 ** 20, rtol=1e-13)


def test_noise_anneals():
    group = Group(sgd(0.1), slice(None), noise=2.0, noise_decay=0.5)
    assert group.noise_at(0) == 2.0 and group.noise_at(3) == 1.0


def test_hessian_classification():
    # a singular Hessian decides nothing unless its signs already make a saddle (errorscape.runs.shape)
    h = np.array([np.diag([1.0, 2.0]), np.diag([1.0, -2.0]), np.diag([-1.0, -2.0]), np.zeros((2, 2)),
                  np.diag([0.0, 3.0]), np.diag([-1.0, 1e-9])])
    assert [second_order(lam) for lam in np.linalg.eigvalsh(h)] == ["minimum", "saddle", "maximum", None, None, None]


def test_a_start_where_the_loss_is_undefined_diverges_at_step_zero():
    snaps = list(simulate(BOWL, [Group(sgd(0.1), slice(None))], np.array([[np.inf, 0.0]]), 10))
    assert len(snaps) == 1 and snaps[0].reasons() == ["diverged"]


def test_steps_computed_ahead_are_those_of_one_step_at_a_time(monkeypatch):
    # Few runs: the loop computes blocks of steps ahead and checks them for stops together; where a run stops
    # mid-block it goes back to that step. Runs here stop at different steps (one diverges, one converges, one
    # stalls), with gradient noise on one group (its generator is wound back) and the optimizers' state inspected.
    from errorscape.runs import engine

    def snapshots():
        groups = [Group(sgd(1.05), slice(0, 1)), Group(get_optimizer("adam").factory(lr=0.3), slice(1, 3), noise=0.2),
                  Group(sgd(0.1), slice(3, 5))]
        starts = np.array([[2.5, 2.0], [1.0, -1.0], [0.5, 0.3], [1.5, 0.0], [0.0, 2.0]])
        out = []
        for surface in (BOWL, SADDLE):
            for s in simulate(surface, groups, starts, 400, seed=3, tol=1e-3, inspect=True):
                states = [np.asarray(v).tolist() for state, _ in s.inside for v in state if v is not None]
                out.append((s.step, s.params.tolist(), s.loss.tolist(), s.grad.tolist(), s.status.tolist(),
                            [stop.describe() for stop in s.stops], s.finished, states))
        return out

    ahead = snapshots()
    monkeypatch.setattr(engine, "FEW_RUNS", 0)  # every step checked on its own
    alone = snapshots()
    assert ahead == alone
    assert {stop["reason"] for snap in ahead for stop in snap[5]} >= {"diverged", "converged"}
