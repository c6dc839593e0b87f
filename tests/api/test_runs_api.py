"""The runs API through TestClient: event order, the race form, exports, and bad input."""

import csv
import io
import json
import math

import pytest

from tests.support.sse import frames, parse_text

BASE = "/api/runs/stream?surface=bowl&optimizer=sgd&lr=0.1&steps=12"


def stream(client, url=BASE, **kw):
    r = client.get(url, **kw)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/event-stream")
    return parse_text(r.text)


def test_stream_sends_start_then_a_frame_per_step_then_done(client):
    events = stream(client)
    assert [e["event"] for e in events] == ["start"] + ["frame"] * 13 + ["done"]
    fr = frames(events)
    assert [f["step"] for f in fr] == list(range(13))
    assert [e["id"] for e in events if e["event"] == "frame"] == [str(k) for k in range(13)]
    assert fr[0]["x"] == [2.5] and fr[0]["y"] == [2.0]
    assert fr[1]["x"] == [2.5 - 0.1 * 5.0]  # one exact SGD step: x - lr·2x
    done = events[-1]["data"]
    assert done["reason"] == "completed" and done["steps"] == 12
    assert done["runs"][0]["x"] == fr[-1]["x"][0]


def test_resume_after_last_event_id_sends_exactly_the_rest(client):
    full = frames(stream(client))
    rest = stream(client, headers={"Last-Event-ID": "7"})
    assert rest[0]["event"] == "frame"
    assert frames(rest) == full[8:]


def test_thinning_keeps_every_kth_step_and_the_last(client):
    fr = frames(stream(client, BASE + "&every=5"))
    assert [f["step"] for f in fr] == [0, 5, 10, 12]


def test_divergence_ends_the_stream_with_a_plain_message_and_no_nan(client):
    r = client.get("/api/runs/stream?surface=bowl&optimizer=sgd&lr=1.5&steps=100")
    assert "NaN" not in r.text and "Infinity" not in r.text
    events = parse_text(r.text)
    done = events[-1]["data"]
    assert done["reason"] == "diverged" and done["steps"] < 100
    stop = frames(events)[-1]["events"][0]
    assert stop["reason"] == "diverged" and "learning rate" in stop["message"]


def test_race_streams_every_contestant_in_one_stream(client):
    body = {"surface": "bowl", "steps": 10, "x0": 1.0, "y0": -1.0,
            "runs": [{"optimizer": "sgd", "params": {"lr": 0.1}}, {"optimizer": "sgd", "params": {"lr": 0.01}},
                     {"optimizer": "sgd", "params": {"lr": 0.3}, "label": "fast"}]}
    r = client.post("/api/runs/stream", json=body)
    events = parse_text(r.text)
    start = events[0]["data"]
    assert [g["label"] for g in start["groups"]] == ["SGD lr=0.1", "SGD lr=0.01", "fast"]
    solo = frames(stream(client, "/api/runs/stream?surface=bowl&optimizer=sgd&lr=0.01&steps=10&x0=1&y0=-1"))
    assert [f["x"][1] for f in frames(events)] == [f["x"][0] for f in solo]


def test_restarts_are_seeded_random_starts_inside_the_domain(client):
    a = stream(client, BASE + "&restarts=50&seed=3")[0]["data"]["runs"]
    b = stream(client, BASE + "&restarts=50&seed=3")[0]["data"]["runs"]
    assert a == b and len(a) == 50
    assert all(-3 <= r["x0"] <= 3 and -3 <= r["y0"] <= 3 for r in a)


def test_json_and_csv_exports_carry_the_streams_numbers(client):
    fr = frames(stream(client, BASE + "&restarts=3"))
    js = client.get("/api/runs?surface=bowl&optimizer=sgd&lr=0.1&steps=12&restarts=3&format=json").json()
    assert js["frames"] == fr and js["done"]["steps"] == 12
    text = client.get("/api/runs?surface=bowl&optimizer=sgd&lr=0.1&steps=12&restarts=3&format=csv").text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 13 * 3
    for row in rows:
        f = fr[int(row["step"])]
        i = int(row["run"])
        assert float(row["x"]) == f["x"][i] and float(row["loss"]) == f["loss"][i]
        assert [float(row["grad_x"]), float(row["grad_y"])] == f["grad"][i]


def test_grid_uses_plotlys_convention(client):
    g = client.get("/api/surfaces/bowl/grid?n=5&xmin=0&xmax=4&ymin=-1&ymax=1").json()
    assert g["x"] == [0.0, 1.0, 2.0, 3.0, 4.0] and len(g["z"]) == 5 and len(g["z"][0]) == 5
    for i, y in enumerate(g["y"]):
        for j, x in enumerate(g["x"]):
            assert g["z"][i][j] == x * x + y * y


@pytest.mark.parametrize("query, param", [
    ("steps=0", "steps"), ("steps=100000", "steps"), ("steps=abc", "steps"), ("lr=-1", "lr"),
    ("lr=1e9", "lr"), ("lr=nan", "lr"), ("x0=inf", "x0"), ("x0=1e300", "x0"), ("restarts=5000", "restarts"),
    ("fps=-1", "fps"), ("fps=1000", "fps"), ("every=0", "every"), ("seed=-1", "seed"), ("noise=-0.1", "noise"),
    ("schedule=wavy", "schedule"), ("optimizer=nope", "optimizer"), ("surface=nope", "surface"),
    ("surface=custom", "expr"), ("momentum=0.9", "momentum"), ("bogus=1", "bogus"), ("xmin=2&xmax=1", "xmin"),
    ("restarts=1000&steps=10000", "every"), ("fps=0.01&steps=100", "fps"), ("tol=2", "tol"),
])
def test_bad_input_is_a_422_naming_the_parameter(client, query, param):
    r = client.get(f"/api/runs/stream?surface=bowl&optimizer=sgd&{query}")
    assert r.status_code == 422, (query, r.text)
    body = r.json()
    assert body["errors"][0]["param"] == param, body
    assert body["detail"].startswith(param)


def test_range_messages_say_what_is_allowed(client):
    detail = client.get("/api/runs/stream?surface=bowl&optimizer=sgd&steps=0").json()["detail"]
    assert "10000" in detail and "1" in detail
    detail = client.get("/api/runs/stream?surface=bowl&optimizer=sgd&optimizer=sgd&lr=100").json()["detail"]
    assert "between" in detail


def test_bad_race_bodies_name_the_entry(client):
    r = client.post("/api/runs/stream", json={"surface": "bowl", "runs": [{"optimizer": "sgd", "params": {"beta1": 0.9}}]})
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "runs[0].beta1"
    r = client.post("/api/runs/stream", json={"surface": "bowl", "runs": [{"optimizer": "sgd"}] * 9})
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "runs"
    r = client.post("/api/runs/stream", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code in (400, 422) and r.json()["errors"][0]["param"].startswith("body")


def test_bad_last_event_id_is_a_422(client):
    r = client.get(BASE, headers={"Last-Event-ID": "seven"})
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "Last-Event-ID"


def test_unknown_surface_paths_are_404_with_the_choices(client):
    r = client.get("/api/surfaces/nope/grid")
    assert r.status_code == 404 and "bowl" in r.json()["detail"]


def test_every_number_in_the_catalogues_is_finite(client):
    for url in ("/api/surfaces", "/api/optimizers", "/api/schedules"):
        r = client.get(url)
        assert r.status_code == 200
        assert not any(bad in r.text for bad in ("NaN", "Infinity"))
    for s in client.get("/api/surfaces").json():
        for p in s["minima"] + s["critical_points"]:
            assert all(math.isfinite(p[k]) for k in ("x", "y", "z"))


def test_the_catalogues_are_encoded_once_and_say_what_the_registries_say(client):
    from errorscape.optimizers import OPTIMIZERS
    from errorscape.runs.plan import surface_catalogue

    # Every page load asks for these before it can draw: the answer is kept, byte for byte the same.
    for url in ("/api/surfaces", "/api/optimizers", "/api/schedules"):
        first, again = client.get(url), client.get(url)
        assert first.headers["content-type"] == "application/json" and first.content == again.content
    assert client.get("/api/surfaces").json() == json.loads(json.dumps(surface_catalogue()))
    assert [o["id"] for o in client.get("/api/optimizers").json()] == list(OPTIMIZERS)
