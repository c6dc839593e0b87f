"""Cohorts against a real uvicorn: distinct one-run streams started together are computed together, and each
stream's bytes are those of the same request served alone; what may not join takes the old path."""

from __future__ import annotations

import json
import threading

import httpx
import pytest

from app.settings import Settings
from tests.api.test_stream_server import metric
from tests.support.server import running_server

pytestmark = pytest.mark.server

BASE = "surface=himmelblau&optimizer=adam&lr=0.05&y0=0.5&steps=60&fps=60"
MEMBERS = "errorscape_cohort_members_total"


@pytest.fixture(scope="module")
def batching():
    """A server that batches whenever it can (busy from 0 open streams) with a 0.3 s window."""
    env = {"ERRORSCAPE_BUSY_STREAMS": "0", "ERRORSCAPE_COHORT_WINDOW": "0.3", "ERRORSCAPE_COHORT_MAX_SIZE": "64"}
    with running_server(env=env) as (base, _):
        yield base


def alone(client, path: str, method: str = "GET", body: dict | None = None) -> bytes:
    """The stream as a process that is not busy serves it: the run alone (the test client's default settings)."""
    with client.stream(method, path, json=body) as r:
        assert r.status_code == 200
        return r.read()


def together(base: str, paths: list[str], quit_after: set[int] = frozenset(), method="GET", body=None) -> list:
    """Every path streamed at once (one thread each); those in ``quit_after`` hang up after a few lines."""
    got: list = [None] * len(paths)
    start = threading.Barrier(len(paths))

    def read(i: int) -> None:
        start.wait()
        with httpx.stream(method, base + paths[i], json=body, timeout=30) as r:
            if i in quit_after:
                for n, _ in enumerate(r.iter_lines()):
                    if n > 6:
                        return
            got[i] = r.read()

    threads = [threading.Thread(target=read, args=(i,)) for i in range(len(paths))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return got


def test_distinct_streams_started_together_are_each_their_run_alone(batching, client):
    before = metric(batching, MEMBERS)
    paths = [f"/api/runs/stream?{BASE}&x0={-0.5 + i * 0.37!r}" for i in range(10)]
    paths[3] = paths[3].replace("lr=0.05", "lr=5") + "&tol=0"  # another family: its own cohort, and it diverges
    paths[7] += "&every=4"
    got = together(batching, paths)
    for path, body in zip(paths, got):
        assert body == alone(client, path)
    assert metric(batching, MEMBERS) - before == 10


def test_a_member_that_hangs_up_leaves_the_others_whole(batching, client):
    paths = [f"/api/runs/stream?{BASE}&x0={1.0 + i * 0.1!r}" for i in range(8)]
    got = together(batching, paths, quit_after={0, 5})
    for i, (path, body) in enumerate(zip(paths, got)):
        if i not in (0, 5):
            assert body == alone(client, path)
    assert metric(batching, "errorscape_open_streams") == 0


def test_an_identical_request_shares_its_twins_row(batching, client):
    before = metric(batching, MEMBERS)
    path = f"/api/runs/stream?{BASE}&x0=2.75"
    got = together(batching, [path, path, path.replace("2.75", "2.5")])
    assert got[0] == got[1] == alone(client, path)
    assert metric(batching, MEMBERS) - before == 2  # the twin replays the first one's recording


@pytest.mark.parametrize("query", [
    "noise=0.5", "state=true", "restarts=3", "surface=beale&x0=1&y0=1.5",
    "surface=data&optimizer=adam&lr=0.05&steps=30",
])
def test_what_may_not_join_takes_the_old_path(batching, client, query):
    before = metric(batching, MEMBERS)
    paths = [f"/api/runs/stream?{BASE}&{query}&seed={i}" for i in range(3)]
    got = together(batching, paths)
    for path, body in zip(paths, got):
        assert body == alone(client, path)
    assert metric(batching, MEMBERS) == before


def test_a_race_takes_the_old_path(batching, client):
    before = metric(batching, MEMBERS)
    body = {"surface": "himmelblau", "steps": 40, "fps": 60, "x0": 0.5, "runs": [{"optimizer": "adam"}]}
    got = together(batching, ["/api/runs/stream"] * 2, method="POST", body=body)
    assert got[0] == got[1] == alone(client, "/api/runs/stream", "POST", body)
    assert metric(batching, MEMBERS) == before


def test_a_lone_stream_in_a_quiet_process_runs_alone_at_once(live_server):
    # The default settings batch only from 8 open streams: one stream never joins or waits.
    before = metric(live_server, MEMBERS)
    httpx.get(live_server + f"/api/runs/stream?{BASE}&x0=0.1", timeout=30)
    assert metric(live_server, MEMBERS) == before


@pytest.mark.parametrize("name, raw", [("COHORT_WINDOW", "2"), ("COHORT_WINDOW", "-0.1"), ("COHORT_WINDOW", "soon"),
                                       ("COHORT_WINDOW", "nan"), ("BUSY_STREAMS", "-1"),
                                       ("BUSY_WRITE_INTERVAL", "0"), ("BUSY_WRITE_INTERVAL", "1.5"),
                                       ("COHORT_MAX_SIZE", "1"), ("COHORT_MAX_SIZE", "many")])
def test_bad_busy_settings_stop_the_server_with_a_clear_message(name, raw):
    with pytest.raises(SystemExit) as exc:
        Settings.from_env({f"ERRORSCAPE_{name}": raw})
    assert f"ERRORSCAPE_{name}" in str(exc.value)


def test_busy_settings_read_from_the_environment():
    s = Settings.from_env({"ERRORSCAPE_COHORT_WINDOW": "0", "ERRORSCAPE_BUSY_STREAMS": "8",
                           "ERRORSCAPE_COHORT_MAX_SIZE": "100", "ERRORSCAPE_BUSY_WRITE_INTERVAL": "0.25"})
    assert (s.cohort_window, s.busy_streams, s.cohort_max_size, s.busy_write_interval) == (0.0, 8, 100, 0.25)
    assert json.loads(json.dumps(Settings().cohort_window)) == 0.1
