"""No guarantees: too high a learning rate diverges, too low crawls, a plateau stalls progress."""

import math

from tests.lessons.helpers import ends, run_json, view


def test_too_high_diverges_and_says_why(client):
    result = run_json(client, view("no-guarantees", "too-high"))
    (end,) = ends(result)
    assert result["done"]["reason"] == "diverged" and end["step"] < 100
    events = [e for f in result["frames"] for e in f.get("events", [])]
    left, stop = events  # it overshoots off the map first, and is stopped far beyond it
    assert left["reason"] == "left-map" and left["kind"] == "overshoot" and "learning rate" in left["message"]
    assert stop["reason"] == "diverged" and "learning rate" in stop["message"]


def test_too_low_crawls(client):
    result = run_json(client, view("no-guarantees", "too-low"))
    (end,) = ends(result)
    start = result["frames"][0]["loss"][0]
    assert end["reason"] == "completed" and end["step"] == 200
    assert 0.85 * start < end["loss"] < start  # it went downhill, a little
    assert math.hypot(end["x"], end["y"]) > 2  # still far from the minimum at (0, 0)


def test_saturated_neuron_makes_no_progress(client):
    result = run_json(client, view("no-guarantees", "plateau"))
    (end,) = ends(result)
    start = result["frames"][0]["loss"][0]
    assert end["reason"] == "completed"
    assert max(math.hypot(*f["grad"][0]) for f in result["frames"]) < 0.01
    best = client.get("/api/surfaces/sigmoid-neuron").json()["minima"][0]["z"]
    assert start - end["loss"] < 0.01 * (start - best)  # under 1% of the way down to the minimum
    assert end["loss"] > 6 * best  # still six times the loss the neuron can reach
