"""Degenerate critical points: where the Hessian is singular, the verdict comes from the loss around the point.

The source material's examples at the origin: x² + y³ and x² − y⁴ are not minima (the loss drops along
y on one side or both), x² + y⁴ and x⁴ + y⁴ are minima, the monkey saddle x³ − 3xy² is not a minimum.
Plain SGD from (1, 0) keeps y = 0 and stops at the origin on the first three: only x² + y⁴ converged.
"""

from urllib.parse import urlencode

import numpy as np
import pytest

from errorscape.expressions import custom_surface
from errorscape.runs.shape import classify as shape_of
from tests.lessons.helpers import classify
from tests.support.sse import frames, parse_text

TRUTH = {  # formula -> (classifier verdict, the stream's end reason, the stop's kind)
    "x^2+y^3": ("saddle", "stalled"),
    "x^2-y^4": ("saddle", "stalled"),
    "x^2+y^4": ("minimum", "converged"),
    "x^4+y^4": ("minimum", "converged"),
    "x^3-3*x*y^2": ("saddle", "stalled"),
    "-x^2-y^4": ("maximum", "stalled"),
    "x^2": ("minimum", "converged"),  # a valley floor of equally good points is a (non-strict) minimum
}


@pytest.mark.parametrize("expr", list(TRUTH))
def test_the_classifier_tells_the_truth_at_a_singular_hessian(client, expr):
    got = classify(client, "custom", 0, 0, expr=expr)
    assert got["critical"] and got["degenerate"] and got["test"] == "higher-order"
    assert got["verdict"] == TRUTH[expr][0], got
    if got["verdict"] != "minimum":
        assert "not a minimum" in got["sentence"].lower() or got["verdict"] == "maximum"


def test_a_sentence_says_why_a_degenerate_saddle_only_looks_like_a_minimum(client):
    got = classify(client, "custom", 0, 0, expr="x^2+y^3")
    assert got["eigenvalues"] == [0.0, 2.0] and got["index"] == 0  # nothing curves down to second order
    assert "looks like one" in got["sentence"] and "zero curvature" in got["sentence"]


@pytest.mark.parametrize("expr", ["x^2+y^3", "x^2-y^4", "x^2+y^4"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sgd_from_1_0_ends_with_the_true_reason(client, expr, method):
    query = {"surface": "custom", "expr": expr, "optimizer": "sgd", "lr": 0.1, "x0": 1, "y0": 0, "steps": 500}
    if method == "GET":
        r = client.get("/api/runs/stream?" + urlencode(query))
    else:
        body = {k: v for k, v in query.items() if k not in ("optimizer", "lr")}
        r = client.post("/api/runs/stream", json={**body, "runs": [{"optimizer": "sgd", "params": {"lr": 0.1}}]})
    assert r.status_code == 200, r.text
    events = parse_text(r.text)
    done = events[-1]["data"]
    stop = next(e for f in frames(events) for e in f.get("events", []))
    assert done["runs"][0]["y"] == 0.0 and abs(done["runs"][0]["x"]) < 1e-5  # it did stop at the origin
    assert done["reason"] == stop["reason"] == TRUTH[expr][1], stop
    if stop["reason"] == "stalled":
        assert stop["kind"] == "saddle" and "looks like a minimum" in stop["message"]
        assert "not" in stop["message"] and "Converged" not in stop["message"]
    else:
        assert stop["message"].startswith("Converged")


def test_flat_is_left_only_where_the_loss_is_flat_to_the_precision_used(client):
    easom = classify(client, "easom", 0, 0)  # a plateau: the loss changes by ~1e-9 over a unit
    assert easom["verdict"] == "flat" and "plateau" in easom["sentence"]
    assert classify(client, "custom", 0, 0, expr="1e-12*x^4 + 1e-12*y^3")["verdict"] == "flat"
    # just above the precision: a visible quartic decides
    assert classify(client, "custom", 0, 0, expr="1e-3*x^4 + 1e-3*y^4")["verdict"] == "minimum"


def test_a_degenerate_valley_of_minima_is_a_minimum(client):
    from errorscape.surfaces import SURFACES

    valley = classify(client, "deep-linear", *SURFACES["deep-linear"].minima[0])
    assert valley["verdict"] == "minimum" and valley["degenerate"] and "degenerate minimum" in valley["sentence"]


def test_a_non_finite_hessian_is_decided_by_the_loss_around_the_point():
    """A cone's Hessian at its tip is 0/0: the probes alone decide, and the tip is a minimum."""
    s = custom_surface("sqrt(x^2 + y^2)")
    p = np.zeros((1, 2))
    nan_hessian = np.full((1, 2, 2), np.nan)
    assert shape_of(s, p, s.value(p), np.zeros((1, 2)), nan_hessian)[0].kind == "minimum"
    dip = custom_surface("-sqrt(x^2 + y^2)")
    assert shape_of(dip, p, dip.value(p), np.zeros((1, 2)), nan_hessian)[0].kind == "maximum"


def test_many_stopped_runs_are_probed_in_one_batch():
    s = custom_surface("x^2+y^3")
    points = np.array([[0.0, 0.0]] * 500 + [[0.0, 1.0]])
    h = s.hessian(points)
    kinds = [shape.kind for shape in shape_of(s, points, s.value(points), s.gradient(points), h)]
    assert kinds == ["saddle"] * 500 + ["minimum"]  # at (0, 1) the Hessian diag(2, 6) decides alone
