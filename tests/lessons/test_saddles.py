"""Flat regions and saddle points: Newton walks into the saddle; saddle-free Newton and perturbed GD escape."""

import math

from tests.lessons.helpers import classify, ends, run_json, view


def test_newton_ends_on_a_saddle_that_saddle_free_newton_leaves(client):
    v = view("saddles", "newton-vs-saddle-free")
    newton, sfn, gd = ends(run_json(client, v))
    assert newton["reason"] == "stalled"
    at_newton = classify(client, "tanh-net", newton["x"], newton["y"])
    assert at_newton["critical"] and at_newton["verdict"] == "saddle"
    for run in (sfn, gd):  # far from the saddle at (0, 0), at (or, for GD, still closing in on) a minimum (±1.5, ±2)
        assert math.hypot(abs(run["x"]) - 1.5, abs(run["y"]) - 2) < 0.05
        assert classify(client, "tanh-net", run["x"], run["y"])["verdict"] == "minimum"
    assert sfn["reason"] == "converged" and classify(client, "tanh-net", sfn["x"], sfn["y"])["critical"]


def test_the_saddle_stops_gradient_descent_and_not_perturbed_gd(client):
    result = run_json(client, view("saddles", "perturbed-gd"))
    gd, pgd = ends(result)
    assert gd["reason"] == "stalled" and (gd["x"], gd["y"]) == (0.0, 0.0) and gd["step"] == 1
    stop = result["frames"][1]["events"][0]
    assert stop["kind"] == "saddle" and "saddle" in stop["message"].lower()
    assert math.hypot(pgd["x"], pgd["y"]) > 2 and pgd["loss"] < 0.01 * gd["loss"]


def test_perturbed_gd_escapes_for_every_seed(client):
    v = view("saddles", "perturbed-gd")
    for seed in range(5):
        _, pgd = ends(run_json(client, v, seed=seed))
        assert math.hypot(pgd["x"], pgd["y"]) > 2, seed


def test_gradient_descent_stalls_on_the_textbook_saddle(client):
    result = run_json(client, view("saddles", "saddle"))
    (end,) = ends(result)
    assert end["reason"] == "stalled" and abs(end["x"]) < 1e-5 and end["y"] == 0.0
    assert classify(client, "saddle", end["x"], end["y"])["verdict"] == "saddle"


def test_the_gradient_norm_shows_the_crawl_into_the_monkey_saddle(client):
    result = run_json(client, view("saddles", "monkey-saddle"))
    (end,) = ends(result)
    norms = [math.hypot(*f["grad"][0]) for f in result["frames"]]
    assert end["reason"] == "completed" and 0 < end["x"] < 0.05  # still creeping towards 0
    assert norms[-1] < 1e-2 * norms[0] and all(a >= b for a, b in zip(norms, norms[1:]))
    assert classify(client, "monkey-saddle", 0, 0)["verdict"] == "saddle"  # H = 0, yet three valleys go down


def test_the_plateau_barely_moves(client):
    result = run_json(client, view("saddles", "plateau"))
    first, last = result["frames"][0], result["frames"][-1]
    assert math.hypot(last["x"][0] - first["x"][0], last["y"][0] - first["y"][0]) < 0.01
    got = classify(client, "plateau", 3.0, 2.0)
    assert got["gradient_norm"] < 1e-3
