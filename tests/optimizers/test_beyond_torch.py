"""Lion against a torch transcription of the paper, and perturbed gradient descent at a saddle."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from errorscape.optimizers import OPTIMIZERS

from .twins import TWINS, assert_trajectories_close, ours, theirs


class TorchLion(torch.optim.Optimizer):
    """Chen et al. 2023, Algorithm 2, as the authors' lion-pytorch writes it."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, {"lr": lr, "betas": betas, "weight_decay": weight_decay})

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                exp_avg = self.state[p].setdefault("exp_avg", torch.zeros_like(p))
                p.mul_(1 - group["lr"] * group["weight_decay"])
                update = exp_avg.clone().mul_(beta1).add(p.grad, alpha=1 - beta1).sign_()
                p.add_(update, alpha=-group["lr"])
                exp_avg.mul_(beta2).add_(p.grad, alpha=1 - beta2)


@pytest.mark.parametrize("setting", [{}, {"lr": 1e-2, "weight_decay": 0.1}, {"lr": 3e-3, "beta1": 0.5, "beta2": 0.9}])
@pytest.mark.parametrize("surface", ["quadratic", "rosenbrock", "himmelblau", "quadratic-50d"])
def test_lion_follows_the_reference(setting, surface):
    hyper = {**OPTIMIZERS["lion"].defaults(), **setting}
    twin = TWINS[surface]
    engine = ours(OPTIMIZERS["lion"].factory(**hyper), twin, 500)
    reference = theirs(lambda ps: TorchLion(ps, hyper["lr"], (hyper["beta1"], hyper["beta2"]), hyper["weight_decay"]),
                       twin, 500)
    assert_trajectories_close(engine, reference, 1e-9, 1e-12)


def test_lion_moves_every_coordinate_by_lr():
    lion = OPTIMIZERS["lion"].factory(lr=0.01)
    P = np.array([[1.0, -2.0, 3.0]])
    new, _ = lion.update(np.array([[1e-9, -5.0, 0.0]]), lion.init(P), P, 1)
    np.testing.assert_allclose(new - P, [[-0.01, 0.01, 0.0]], rtol=1e-12, atol=0)  # sign(g); sign(0) = 0


def _descend(optimizer, start, steps, grad):
    P = np.array(start, dtype=np.float64)
    state = optimizer.init(P)
    path = []
    for step in range(1, steps + 1):
        P, state = optimizer.update(grad(P), state, P, step)
        path.append(P)
    return np.array(path)


def saddle_grad(P):  # x² − y²
    return np.stack([2 * P[:, 0], -2 * P[:, 1]], axis=1)


def test_perturbed_gd_leaves_the_exact_saddle_while_gd_stays():
    start = [[1.0, 0.0], [1.0, 0.0], [-1.0, 0.0]]
    plain = _descend(OPTIMIZERS["sgd"].factory(lr=0.1), start, 300, saddle_grad)
    assert np.all(plain[:, :, 1] == 0.0) and np.abs(plain[-1, :, 0]).max() < 1e-20  # stuck on the saddle
    pgd = OPTIMIZERS["perturbed-gd"].factory(lr=0.1, radius=0.01, g_thres=1e-3, t_thres=20, seed=7)
    path = _descend(pgd, start, 300, saddle_grad)
    assert np.all(np.abs(path[-1, :, 1]) > 10.0)  # escaped along −y²


def test_perturbed_gd_kicks_are_seeded_bounded_and_spaced():
    def run(seed):
        opt = OPTIMIZERS["perturbed-gd"].factory(lr=0.1, radius=0.05, g_thres=1.0, t_thres=5, seed=seed)
        return _descend(opt, np.zeros((4, 3)), 30, lambda P: np.zeros_like(P))  # flat: kick whenever allowed

    a, b, c = run(1), run(1), run(2)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    moves = np.diff(np.concatenate([np.zeros((1, 4, 3)), a]), axis=0)
    kicked = np.linalg.norm(moves, axis=2) > 0
    assert np.array_equal(np.flatnonzero(kicked.all(axis=1)) + 1, [1, 6, 11, 16, 21, 26])  # every t_thres updates
    assert not kicked[~kicked.all(axis=1)].any()
    assert np.linalg.norm(moves, axis=2).max() <= 0.05
    assert len({tuple(r) for r in moves[0]}) == 4  # each run gets its own kick
