"""A run that leaves the drawn map says so in that frame, with the reason that fits and where it crossed."""

import numpy as np
import pytest

from errorscape.runs.edges import EdgeWatch
from errorscape.surfaces import SURFACES


def events_of(client, **query):
    r = client.get("/api/runs", params={"format": "json", **query})
    assert r.status_code == 200, r.text
    return [(f, e) for f in r.json()["frames"] for e in f.get("events", [])]


def test_unbounded_formula_says_so_the_frame_it_leaves(client):
    # x² − y² from (0.5, 0.5): y doubles every ~35 steps and leaves [-5, 5]² at step 117, long before the
    # divergence check (ten spans out) stops it at step 271.
    found = events_of(client, surface="custom", expr="x^2-y^2", optimizer="sgd", lr=0.01, x0=0.5, y0=0.5, steps=300)
    (frame, left), (_, stop) = found
    assert left["reason"] == "left-map" and left["step"] == 117 == frame["step"] and left["run"] == 0
    assert left["kind"] == "falling" and "keeps falling" in left["message"]
    assert frame["y"][0] > 5.0  # the frame's own point is off the map
    assert left["y"] == 5.0 and 0 < left["x"] < 0.5  # on the top edge, between the last two positions
    assert left["loss"] == left["x"] ** 2 - 25.0
    assert stop["reason"] == "diverged" and stop["step"] == 271
    assert "learning rate" not in stop["message"] and "downhill" in stop["message"]


def test_known_unbounded_surface_says_it_has_no_bottom(client):
    ((_, left), _) = events_of(client, surface="saddle", optimizer="sgd", lr=0.01, x0=0.5, y0=0.5, steps=300)
    assert left["kind"] == "unbounded" and "without bound" in left["message"]


def test_overshooting_run_blames_the_learning_rate(client):
    found = events_of(client, surface="bowl", optimizer="sgd", lr=1.05, steps=100)
    (frame, left), (_, stop) = found
    assert left["kind"] == "overshoot" and "too large" in left["message"] and "learning rate" in left["message"]
    assert left["x"] == 3.0 and -3 <= left["y"] <= 3  # the right edge of [-3, 3]²
    assert frame["x"][0] > 3
    assert stop["reason"] == "diverged" and "learning rate" in stop["message"]


def test_a_start_off_the_map_is_not_news_and_each_run_is_told_once():
    bowl = SURFACES["bowl"]
    watch = EdgeWatch(bowl, bowl.domain, np.array([[1.0, 1.0], [9.0, 0.0]]))  # the second starts off the map
    assert watch.check(0, np.array([[1.0, 1.0], [9.0, 0.0]]), np.array([2.0, 81.0])) == []
    (left,) = watch.check(1, np.array([[4.0, 1.0], [10.0, 0.0]]), np.array([17.0, 100.0]))
    assert (left["run"], left["kind"], left["x"], left["y"]) == (0, "overshoot", 3.0, 1.0)
    assert watch.check(2, np.array([[5.0, 1.0], [10.0, 0.0]]), np.array([26.0, 100.0])) == []


def test_event_rides_on_the_next_frame_sent_when_thinned(client):
    found = events_of(client, surface="custom", expr="x^2-y^2", optimizer="sgd", lr=0.01, x0=0.5, y0=0.5,
                      steps=300, every=10)
    assert [(f["step"], e["step"], e["reason"]) for f, e in found] == [(120, 117, "left-map"), (271, 271, "diverged")]  # the last frame is always sent


@pytest.mark.parametrize("surface", ["bowl", "himmelblau", "rastrigin"])
def test_no_event_for_runs_that_stay(client, surface):
    found = events_of(client, surface=surface, optimizer="sgd", lr=0.001, steps=50)
    assert [e for _, e in found if e["reason"] == "left-map"] == []


def test_a_block_of_steps_gives_each_step_the_events_one_step_at_a_time_gives():
    # The stream checks the edge a block of steps at once: the same events, on the same steps.
    bowl = SURFACES["bowl"]
    starts = np.array([[1.0, 1.0], [2.0, -2.0], [9.0, 0.0]])
    path = [np.array([[1.0 + 1.5 * k, 1.0], [2.0, -2.0 - 0.3 * k], [9.0, 0.0]]) for k in range(1, 5)]
    loss = [np.array([3.0 - k, 8.0 + k, 81.0]) for k in range(1, 5)]
    one = EdgeWatch(bowl, bowl.domain, starts)
    block = EdgeWatch(bowl, bowl.domain, starts)
    first = block.check_steps([1], path[:1], loss[:1])
    rest = block.check_steps([2, 3, 4], path[1:], loss[1:])
    assert first + rest == [one.check(k + 1, p, v) for k, (p, v) in enumerate(zip(path, loss))]
    assert [[e["run"] for e in step] for step in first + rest] == [[], [0], [], [1]]  # first of a block, and within
    assert (rest[0][0]["kind"], rest[2][0]["kind"]) == ("falling", "overshoot")
