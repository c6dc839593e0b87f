"""Each teaching start point shows its lesson under plain gradient descent."""

from __future__ import annotations

import numpy as np

from errorscape.surfaces import SURFACES


def descend(surface, start, lr, steps):
    path = [np.array(start, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - lr * surface.gradient(path[-1][None, :])[0])
    return np.array(path)


def test_gradient_descent_never_leaves_the_saddle_from_its_stable_axis_but_escapes_otherwise():
    saddle = SURFACES["saddle"]
    assert np.allclose(descend(saddle, (1.8, 0.0), lr=0.1, steps=200)[-1], 0.0)
    assert abs(descend(saddle, saddle.start, lr=0.1, steps=30)[-1][1]) > 2.0


def test_elliptic_bowl_makes_gradient_descent_zig_zag():
    bowl = SURFACES["elliptic-bowl"]
    path = descend(bowl, bowl.start, lr=0.07, steps=20)
    fast = np.array([-np.sin(np.radians(30)), np.cos(np.radians(30))])  # the steep eigen-direction
    signs = np.sign(path @ fast)
    assert np.all(signs[1:] != signs[:-1])  # it crosses the valley floor on every step


def test_plateau_stalls_gradient_descent_at_its_start():
    plateau = SURFACES["plateau"]
    path = descend(plateau, plateau.start, lr=0.1, steps=100)
    assert np.linalg.norm(path[-1] - path[0]) < 0.01


def test_rosenbrock_start_crawls_along_the_valley():
    rosenbrock = SURFACES["rosenbrock"]
    path = descend(rosenbrock, rosenbrock.start, lr=1e-3, steps=500)
    assert rosenbrock.f(*path[-1]) < rosenbrock.f(*path[0]) and np.linalg.norm(path[-1] - 1) > 0.1


def test_deep_linear_start_shows_a_plateau_then_a_drop():
    net = SURFACES["deep-linear"]
    losses = net.value(descend(net, net.start, lr=0.02, steps=300))
    assert losses[10] > 0.95 * losses[0]
    assert losses[-1] < 0.2 * losses[0]
