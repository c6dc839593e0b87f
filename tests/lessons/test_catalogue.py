"""The lesson catalogue: eight lessons, each a valid deep link whose data endpoints answer."""

import pytest

from errorscape.lessons.catalogue import LESSONS
from tests.lessons.helpers import run_json

ISSUE_LESSONS = ["training-is-search", "convex-vs-nonconvex", "local-minima", "saddles", "high-dimensions", "sgd-noise", "no-guarantees",
                 "real-landscape"]
FAST_DATA = {"restarts", "basins", "classifier", "highdim-run", "highdim-slice", "curse", "minibatch-grid",
             "landscape-slice", "interpolation"}  # critical-points is tested (smaller) in test_highdim


def test_lists_the_eight_lessons_in_teaching_order(client):
    lessons = client.get("/api/lessons").json()
    assert [lesson["id"] for lesson in lessons] == ISSUE_LESSONS
    for lesson in lessons:
        sentences = lesson["explanation"].replace("et al.", "et al").count(". ") + 1
        assert 2 <= sentences <= 4, lesson["id"]
        assert lesson["try_this"] and lesson["title"] and lesson["views"]
        assert lesson["preset"] == lesson["views"][0]


def test_no_lesson_id_is_shadowed_by_a_lesson_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    routes = {p.split("/")[3] for p in paths if p.startswith("/api/lessons/") and "{" not in p}
    assert {"restarts", "basins", "highdim", "minibatch", "landscape"} <= routes
    assert not routes & set(LESSONS)


def test_one_lesson_and_an_unknown_one(client):
    assert client.get("/api/lessons/saddles").json()["id"] == "saddles"
    r = client.get("/api/lessons/nope")
    assert r.status_code == 404 and "local-minima" in r.json()["detail"]


VIEWS = [(lesson.id, v.id) for lesson in LESSONS.values() for v in lesson.views]


@pytest.mark.parametrize("lesson_id,view_id", VIEWS)
def test_every_view_is_a_deep_link_that_runs(client, lesson_id, view_id):
    v = next(v for v in client.get(f"/api/lessons/{lesson_id}").json()["views"] if v["id"] == view_id)
    if v["stream"]:
        result = run_json(client, v)
        assert result["done"]["steps"] >= 1
    for panel, url in v["data"].items():
        if panel in FAST_DATA:
            r = client.get(url)
            assert r.status_code == 200, (panel, url, r.text)


def test_single_optimizer_views_stream_with_a_query_string(client):
    v = client.get("/api/lessons/no-guarantees").json()["views"][0]
    assert v["stream"]["method"] == "GET" and v["stream"]["url"].startswith("/api/runs/stream?")
    r = client.get(v["stream"]["url"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
