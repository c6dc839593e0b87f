"""Running a lesson view through the public API, as the page would."""

from __future__ import annotations

from urllib.parse import urlencode

from errorscape.lessons.catalogue import LESSONS


def view(lesson_id: str, view_id: str) -> dict:
    """The view as GET /api/lessons/{id} describes it."""
    return next(v for v in LESSONS[lesson_id].describe()["views"] if v["id"] == view_id)


def run_json(client, v: dict, **overrides) -> dict:
    """The view's run computed whole (GET or POST /api/runs): {"start", "frames", "done"}."""
    stream = v["stream"]
    if stream["method"] == "GET":
        query = {**v["query"], **overrides}
        path = "/api/lessons/minibatch" if v["kind"] == "minibatch" else "/api/runs"
        if v["kind"] == "minibatch":
            query = {**query, **v["extra"]}
        r = client.get(f"{path}?{urlencode(query)}")
    else:
        r = client.post("/api/runs?format=json", json={**stream["body"], **overrides})
    assert r.status_code == 200, r.text
    return r.json()


def ends(result: dict) -> list[dict]:
    return result["done"]["runs"]


def classify(client, surface: str, x: float, y: float, **params) -> dict:
    r = client.get(f"/api/surfaces/{surface}/classify?" + urlencode({"x": x, "y": y, **params}))
    assert r.status_code == 200, r.text
    return r.json()
