"""Newton is attracted to saddles; saddle-free Newton escapes them; both survive singular Hessians."""

from __future__ import annotations

import numpy as np
import pytest

from errorscape.optimizers import OPTIMIZERS


def quadratic(A: np.ndarray, b: np.ndarray | None = None):
    """f(θ) = ½θᵀAθ − bᵀθ, batched: (gradient, hessian) callables."""
    b = np.zeros(len(A)) if b is None else b
    return (lambda P: P @ A - b), (lambda P: np.broadcast_to(A, (len(P), *A.shape)).copy())


def run(optimizer_id: str, grad, hessian, start, steps: int, **hyper) -> np.ndarray:
    opt = OPTIMIZERS[optimizer_id].factory(**hyper, hessian=hessian)
    P = np.array(start, dtype=np.float64)
    state = opt.init(P)
    for step in range(1, steps + 1):
        P, state = opt.update(grad(P), state, P, step)
    return P


SADDLE = np.diag([2.0, -2.0])  # x² − y²
DAUPHIN = np.diag([10.0, -2.0])  # 5x² − y²


def test_newton_is_exact_on_a_quadratic_in_one_step():
    rng = np.random.default_rng(0)
    M = rng.standard_normal((5, 5))
    A, b = M @ M.T + np.eye(5), rng.standard_normal(5)
    grad, hess = quadratic(A, b)
    end = run("newton", grad, hess, rng.standard_normal((3, 5)), steps=1, lr=1.0)
    np.testing.assert_allclose(end, np.tile(np.linalg.solve(A, b), (3, 1)), rtol=1e-12)


def test_newton_converges_to_the_saddle():
    grad, hess = quadratic(SADDLE)
    start = [[0.3, 0.2], [-0.1, 0.4]]
    end = run("newton", grad, hess, start, steps=40, lr=0.5)  # damped: distance halves each step
    np.testing.assert_allclose(end, 0.0, atol=1e-11)
    assert np.allclose(run("newton", grad, hess, start, steps=1, lr=1.0), 0.0)


def test_saddle_free_newton_escapes_the_saddle():
    grad, hess = quadratic(DAUPHIN)
    end = run("saddle-free-newton", grad, hess, [[0.5, 1e-3], [-0.5, -1e-3]], steps=12, damping=0.1)
    assert np.all(np.abs(end[:, 0]) < 1e-10)  # x → 0: positive curvature, Newton-like
    assert np.all(np.abs(end[:, 1]) > 1.0)  # |y| grew from 1e-3: negative curvature pushes away
    one = run("saddle-free-newton", grad, hess, [[0.0, 1.0]], steps=1, damping=0.1)
    assert one[0, 1] == pytest.approx(1.0 + 2.0 / 2.1)  # y ← y(1 + 2γ/(2 + μ))


def test_singular_hessians_give_finite_steps():
    """H = 0 or rank-deficient: Newton takes no step along flat directions, SFN steps g/μ."""
    for H in (np.zeros((2, 2)), np.array([[1.0, 1.0], [1.0, 1.0]])):
        grad = lambda P: np.ones_like(P)  # noqa: E731
        hess = lambda P: np.broadcast_to(H, (len(P), 2, 2)).copy()  # noqa: E731
        for oid in ("newton", "saddle-free-newton"):
            end = run(oid, grad, hess, [[1.0, 2.0]], steps=3)
            assert np.isfinite(end).all()
    flat = run("saddle-free-newton", lambda P: np.ones_like(P), lambda P: np.zeros((len(P), 2, 2)), [[0.0, 0.0]],
               steps=1, damping=0.5)
    np.testing.assert_allclose(flat, [[-2.0, -2.0]])
    stuck = run("newton", lambda P: np.ones_like(P), lambda P: np.zeros((len(P), 2, 2)), [[0.0, 0.0]], steps=1)
    np.testing.assert_array_equal(stuck, [[0.0, 0.0]])


def test_non_finite_hessian_sends_only_that_run_to_inf():
    def hess(P):
        H = np.broadcast_to(np.eye(2), (len(P), 2, 2)).copy()
        H[0, 0, 0] = np.nan
        return H

    for oid in ("newton", "saddle-free-newton"):
        end = run(oid, lambda P: P.copy(), hess, [[1.0, 1.0], [1.0, 1.0]], steps=1)
        assert np.isinf(end[0]).all() and np.isfinite(end[1]).all()


@pytest.mark.parametrize("oid", ["newton", "saddle-free-newton"])
def test_works_in_a_thousand_dimensions(oid):
    """d = 1,000: one batched eigh; Newton solves a convex quadratic in one step."""
    d = 1000
    rng = np.random.default_rng(1)
    v = rng.standard_normal(d)
    q = np.eye(d) - 2 * np.outer(v, v) / (v @ v)  # a Householder reflection: orthogonal, cheap to build
    A = (q * np.linspace(1.0, 10.0, d)) @ q
    grad, hess = quadratic(A)
    end = run(oid, grad, hess, rng.standard_normal((1, d)), steps=1, **({"damping": 1e-6} if oid != "newton" else {}))
    assert np.abs(end).max() < 1e-5  # SFN with tiny damping is Newton on a convex problem


def test_huge_gradients_do_not_make_nan():
    grad = lambda P: np.full_like(P, 1e300)  # noqa: E731
    for H in (np.diag([1e-300, 1.0]), np.diag([1e300, -1e-300])):
        hess = lambda P: np.broadcast_to(H, (len(P), 2, 2)).copy()  # noqa: E731
        for oid in ("newton", "saddle-free-newton"):
            with np.errstate(over="ignore"):
                end = run(oid, grad, hess, [[0.0, 0.0]], steps=1)
            assert not np.isnan(end).any()
