"""Basin-of-attraction maps: an n × n grid of starts, all through the engine at once."""

import numpy as np

from tests.lessons.helpers import view


def basins(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.text
    return r.json()


def test_himmelblau_map_has_four_quarter_basins(client):
    got = basins(client, view("local-minima", "himmelblau")["data"]["basins"])
    grid = np.array(got["basin"])
    assert grid.shape == (100, 100) and len(got["x"]) == len(got["y"]) == 100
    assert set(np.unique(grid)) == {0, 1, 2, 3}
    assert all(0.2 <= s <= 0.3 for s in got["shares"]) and got["p"] == 1.0
    # Plotly's convention: basin[i][j] is the start (x[j], y[i]); the corner (5, 5) drains to (3, 2)
    assert got["destinations"][grid[-1, -1]]["x"] == 3.0 and got["destinations"][grid[-1, -1]]["y"] == 2.0


def test_six_hump_camel_global_share_on_the_grid(client):
    got = basins(client, view("local-minima", "six-hump-camel")["data"]["basins"])
    assert 0.5 <= got["p"] <= 0.7
    assert sum(got["shares"]) + got["other"]["share"] + got["diverged"]["share"] == 1.0


def test_the_map_is_symmetric_where_the_surface_is(client):
    """The six-hump camel is symmetric under p -> -p, and so is the grid: the map must be too."""
    got = basins(client, "/api/lessons/basins?surface=six-hump-camel&optimizer=sgd&lr=0.01&n=41&steps=300")
    grid = np.array(got["basin"])
    dests = got["destinations"]
    mirrored = np.vectorize(lambda c: next(i for i, d in enumerate(dests)
                                           if abs(d["x"] + dests[c]["x"]) < 1e-6 and abs(d["y"] + dests[c]["y"]) < 1e-6))
    assert (mirrored(grid[::-1, ::-1]) == grid).mean() > 0.98


def test_budget_and_bounds(client):
    r = client.get("/api/lessons/basins?surface=bowl&optimizer=sgd&n=200&steps=1000")
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "steps" and "500" in r.json()["detail"]
    r = client.get("/api/lessons/basins?surface=bowl&optimizer=sgd&n=201")
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "n"


def test_repeated_requests_are_served_from_memory(client, monkeypatch):
    """The second identical request does not compute the map again (a counter on the computation)."""
    from app.api.lessons import restarts as lessons

    real, computed = lessons.basin_map, []

    def counting(*args, **kwargs):
        computed.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(lessons, "basin_map", counting)
    url = "/api/lessons/basins?surface=bowl&optimizer=sgd&lr=0.1&n=21&steps=53"  # a key no other test uses
    first = client.get(url).text
    assert len(computed) == 1
    assert client.get(url).text == first
    assert len(computed) == 1, "the second identical request computed the map again"
    assert client.get(url.replace("steps=53", "steps=54")).status_code == 200 and len(computed) == 2
