"""Streaming against a real uvicorn: pacing, disconnects, the stream cap, and graceful shutdown."""

import signal
import time

import httpx
import pytest

from tests.support.server import running_server
from tests.support.sse import parse_events

pytestmark = pytest.mark.server


def metric(base: str, name: str) -> float:
    for line in httpx.get(base + "/metrics").text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_paced_frames_arrive_incrementally(live_server):
    url = live_server + "/api/runs/stream?surface=bowl&optimizer=sgd&steps=10&fps=10"
    arrivals = []
    t0 = time.monotonic()
    with httpx.stream("GET", url, timeout=10) as r:
        for event in parse_events(r.iter_lines()):
            arrivals.append((event["event"], time.monotonic() - t0))
    frame_times = [t for kind, t in arrivals if kind == "frame"]
    assert len(frame_times) == 11
    assert frame_times[-1] - frame_times[0] >= 0.7  # spread over the run's second: not buffered to the end
    assert arrivals[-1][0] == "done"


def test_disconnect_stops_the_work(live_server):
    url = live_server + "/api/runs/stream?surface=bowl&optimizer=sgd&steps=10000&tol=0"
    with httpx.stream("GET", url, timeout=10) as r:
        for n, _ in enumerate(r.iter_lines()):
            if n > 50:
                break
    time.sleep(0.5)
    assert metric(live_server, "errorscape_open_streams") == 0
    sent = metric(live_server, "errorscape_frames_sent_total")
    time.sleep(0.5)
    assert metric(live_server, "errorscape_frames_sent_total") == sent  # nothing computed for nobody


def test_streams_beyond_the_cap_get_503_with_retry_after():
    with running_server(env={"ERRORSCAPE_MAX_STREAMS": "1"}) as (base, _):
        url = base + "/api/runs/stream?surface=bowl&optimizer=sgd&steps=100&fps=20"
        with httpx.stream("GET", url, timeout=10) as first:
            lines = first.iter_lines()  # keep a reference: a collected iterator closes the response
            next(lines)
            second = httpx.get(url, timeout=10)
            assert second.status_code == 503
            assert second.headers["retry-after"] == "5"
            assert "too many" in second.json()["detail"]
        time.sleep(0.3)
        assert httpx.get(url.replace("steps=100&fps=20", "steps=2"), timeout=10).status_code == 200


def test_sigterm_sends_a_final_event_and_exits_quickly():
    with running_server() as (base, proc):
        url = base + "/api/runs/stream?surface=bowl&optimizer=sgd&steps=1000&fps=10"
        kinds = []
        with httpx.stream("GET", url, timeout=10) as r:
            events = parse_events(r.iter_lines())
            kinds.append(next(events)["event"])
            kinds.append(next(events)["event"])
            t0 = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            for event in events:
                kinds.append(event["event"])
                if event["event"] == "shutdown":
                    assert event["retry"] == "1000"
        proc.wait(5)
        assert time.monotonic() - t0 < 5
        assert kinds[:2] == ["start", "frame"] and kinds[-1] == "shutdown" and "done" not in kinds


def test_a_client_that_stops_reading_is_dropped_after_the_send_timeout():
    import socket

    with running_server(env={"ERRORSCAPE_SEND_TIMEOUT": "1"}) as (base, _):
        port = int(base.rsplit(":", 1)[1])
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", port))
        sock.sendall(b"GET /api/runs/stream?surface=bowl&optimizer=sgd&steps=10000&restarts=100&every=10&tol=0 "
                     b"HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            deadline = time.monotonic() + 15
            time.sleep(1)
            assert metric(base, "errorscape_open_streams") == 1  # it is being held by a client that never reads
            while metric(base, "errorscape_open_streams") != 0:
                assert time.monotonic() < deadline, "the stalled client still holds its stream"
                time.sleep(0.2)
        finally:
            sock.close()
        assert httpx.get(base + "/healthz").status_code == 200


def test_readyz_says_full_when_every_stream_slot_is_taken():
    with running_server(env={"ERRORSCAPE_MAX_STREAMS": "1"}) as (base, _):
        assert httpx.get(base + "/readyz").status_code == 200
        with httpx.stream("GET", base + "/api/runs/stream?surface=bowl&optimizer=sgd&steps=100&fps=20") as r:
            lines = r.iter_lines()
            next(lines)
            ready = httpx.get(base + "/readyz")
            assert ready.status_code == 503 and ready.json()["status"] == "full"


def test_a_slow_stream_sends_keep_alive_comments_between_frames():
    """At a low fps the gap between frames outlasts proxies' idle timeouts: comments keep it open."""
    with running_server(env={"ERRORSCAPE_PING_INTERVAL": "0.2"}) as (base, _):
        with httpx.stream("GET", base + "/api/runs/stream?surface=bowl&optimizer=sgd&steps=2&fps=1", timeout=10) as r:
            lines = list(r.iter_lines())
    assert lines.count(": ping") >= 4  # ~2 s of waiting, a comment every 0.2 s
    assert [e["event"] for e in parse_events(lines)] == ["start", "frame", "frame", "frame", "done"]
