"""Random restarts: the table, the global share p, and P(at least one of K succeeds) = 1 − (1 − p)^K."""

import math
from urllib.parse import urlencode

import numpy as np
import pytest

from errorscape.lessons.restarts import restarts_needed, success_curve
from tests.lessons.helpers import view


def restarts(client, **query):
    r = client.get("/api/lessons/restarts?" + urlencode(query))
    assert r.status_code == 200, r.text
    return r.json()


def test_six_hump_camel_global_share_is_about_sixty_percent(client):
    """Reference: gradient descent reaches a global minimum from ≈ 60% of [−2, 2] × [−1, 1]."""
    got = restarts(client, **view("local-minima", "six-hump-camel")["query"])
    assert 0.5 <= got["p"] <= 0.7
    assert got["successes"] == sum(run["global"] for run in got["runs"]) == round(got["p"] * 200)
    found = [d for d in got["destinations"] if d["count"]]
    assert len(found) == 6 and sum(d["global"] for d in found) == 2  # six minima, two of them global
    assert got["other"]["count"] == got["diverged"]["count"] == 0


def test_himmelblau_splits_into_four_equal_global_basins(client):
    got = restarts(client, **view("local-minima", "himmelblau")["query"])
    shares = [d["share"] for d in got["destinations"]]
    assert len(shares) == 4 and all(0.15 <= s <= 0.35 for s in shares)
    assert got["p"] == 1.0 and got["k95"] == 1


def test_rastrigin_global_basin_is_small(client):
    got = restarts(client, **view("local-minima", "rastrigin")["query"])
    assert 0 < got["p"] <= 0.05 and got["k95"] >= 50
    assert len([d for d in got["destinations"] if d["count"]]) > 50


def test_the_curve_matches_blocks_of_k_seeded_starts(client):
    """P(one of K restarts succeeds) = 1 − (1 − p)^K, checked against the runs themselves: 1,000 seeded
    starts cut into blocks of K, the share of blocks with a success within 3σ (binomial; the seeds are fixed) of the curve."""
    query = {**view("local-minima", "six-hump-camel")["query"], "restarts": 1000, "steps": 300}
    got = restarts(client, **query)
    success = np.array([run["global"] for run in got["runs"]])
    assert got["curve"]["k"] == list(range(1, 51))
    for k in (2, 3, 4, 6):
        blocks = success[: len(success) // k * k].reshape(-1, k).any(axis=1)
        predicted = got["curve"]["p"][k - 1]
        sigma = math.sqrt(predicted * (1 - predicted) / len(blocks))
        assert abs(blocks.mean() - predicted) <= 3 * sigma, (k, blocks.mean(), predicted)
    k = got["k95"]
    assert 1 - (1 - got["p"]) ** k >= 0.95 > 1 - (1 - got["p"]) ** (k - 1)


def test_the_table_describes_the_runs_stream_with_the_same_query(client):
    query = {"surface": "himmelblau", "optimizer": "sgd", "lr": 0.01, "restarts": 12, "steps": 300, "seed": 7}
    table = restarts(client, **query)
    run = client.get("/api/runs?" + urlencode(query)).json()
    assert [(r["x0"], r["y0"]) for r in run["start"]["runs"]] == [(r["x0"], r["y0"]) for r in table["runs"]]
    assert [(r["x"], r["y"], r["loss"]) for r in run["done"]["runs"]] == [(r["x"], r["y"], r["loss"]) for r in table["runs"]]


def test_a_custom_formula_finds_its_own_minima(client):
    got = restarts(client, surface="custom", expr="(x^2 - 1)^2 + y^2 + 0.3*x", optimizer="sgd", lr=0.02,
                   restarts=100, steps=400)
    minima = [d for d in got["destinations"] if d["count"] and d["kind"] == "minimum"]
    assert len(minima) == 2 and not any(d["known"] for d in minima)
    best = min(minima, key=lambda d: d["loss"])
    assert best["global"] and best["x"] < 0 and not max(minima, key=lambda d: d["loss"])["global"]
    assert 0.2 < got["p"] < 0.8


def test_diverged_runs_are_counted_apart(client):
    got = restarts(client, surface="bowl", optimizer="sgd", lr=1.5, restarts=20, steps=100)
    assert got["diverged"]["count"] == 20 and got["p"] == 0 and got["k95"] is None
    assert all(r["destination"] == -2 and r["reason"] == "diverged" for r in got["runs"])


@pytest.mark.parametrize("p,k", [(1.0, 1), (0.95, 1), (0.5, 5), (0.6, 4), (0.01, 299), (0.0, None)])
def test_restarts_needed(p, k):
    assert restarts_needed(p) == k
    if k:
        assert 1 - (1 - p) ** k >= 0.95


def test_k95_is_about_3_over_p_for_small_p():
    assert restarts_needed(0.001) == pytest.approx(3 / 0.001, rel=0.01)
    assert success_curve(0.2, 3)["p"] == [1 - (1 - 0.2) ** k for k in (1, 2, 3)]


@pytest.mark.parametrize("query,param", [
    ("restarts=0", "restarts"), ("restarts=1001", "restarts"), ("steps=0", "steps"), ("lr=-1", "lr"),
    ("match_radius=0", "match_radius"), ("surface=nope", "surface"), ("optimizer=nope", "optimizer"),
])
def test_bad_input_names_the_parameter(client, query, param):
    r = client.get(f"/api/lessons/restarts?surface=bowl&optimizer=sgd&{query}")
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["param"] == param
