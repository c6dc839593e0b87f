#!/usr/bin/env python3
"""Smoke test for a deployment: a run streams through it frame by frame, and a reconnect resumes.

    python3 deploy/check_stream.py [BASE_URL]      (default: http://127.0.0.1:$PORT, PORT=8000)

BASE_URL is where the app is served, prefix included, e.g. https://school.example/errorscape.
It opens GET BASE_URL/api/runs/stream?surface=bowl&optimizer=sgd&steps=20 and checks that frames
0..20 arrive in order, each with its step as the event id, then exactly one `done`; then it
reconnects with Last-Event-ID: 10 (as a browser does after a dropped connection, possibly to
another replica) and checks that the stream resumes at step 11. Exit status 0 when all holds.
Standard library only, so it runs on any machine with Python 3.8+ (CI runs it against the
container: see docs/deploy.md).
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.request

STEPS = 20
QUERY = f"/api/runs/stream?surface=bowl&optimizer=sgd&steps={STEPS}"


def read_events(url: str, headers: dict | None = None, timeout: float = 30.0):
    """Yield (seconds since the request, event, data, id) for each server-sent event, as it arrives."""
    request = urllib.request.Request(url, headers={"Accept": "text/event-stream", **(headers or {})})
    start = time.monotonic()
    with urllib.request.urlopen(request, timeout=timeout) as response:
        content_type = response.headers.get("Content-Type", "")
        if not content_type.startswith("text/event-stream"):
            raise AssertionError(f"Content-Type is {content_type!r}, not text/event-stream")
        event, data, event_id = "message", [], None
        for raw in response:
            line = raw.decode("utf-8").rstrip("\r\n")
            if line == "":  # a blank line ends an event
                if data:
                    yield time.monotonic() - start, event, json.loads("\n".join(data)), event_id
                event, data, event_id = "message", [], None
            elif line.startswith(":"):  # keep-alive comment
                continue
            else:
                field, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if field == "event":
                    event = value
                elif field == "data":
                    data.append(value)
                elif field == "id":
                    event_id = value


def check(base: str, resume_after: int | None = None, query: str = QUERY) -> list[tuple]:
    """Read one whole stream and check its frames and its end; return the events read."""
    headers = {} if resume_after is None else {"Last-Event-ID": str(resume_after)}
    events = list(read_events(base.rstrip("/") + query, headers))
    frames = [e for e in events if e[1] == "frame"]
    done = [e for e in events if e[1] == "done"]
    first = 0 if resume_after is None else resume_after + 1
    steps = [f[2]["step"] for f in frames]
    if steps != list(range(first, STEPS + 1)):
        raise AssertionError(f"frame steps {steps}, expected {first}..{STEPS}")
    if [f[3] for f in frames] != [str(s) for s in steps]:
        raise AssertionError("each frame's event id must be its step")
    if len(done) != 1 or events[-1][1] != "done":
        raise AssertionError(f"expected exactly one done event, last; got {[e[1] for e in events]}")
    if done[0][2].get("reason") not in ("completed", "converged", "diverged", "stalled"):
        raise AssertionError(f"done reason {done[0][2].get('reason')!r}")
    return events


def main(argv: list[str]) -> int:
    base = argv[1] if len(argv) > 1 else f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    try:
        events = check(base)
        print(f"check_stream: {base}: {sum(e[1] == 'frame' for e in events)} frames, first after "
              f"{events[0][0]:.3f}s, done after {events[-1][0]:.3f}s")
        resumed = check(base, resume_after=10)
        print(f"check_stream: reconnect with Last-Event-ID: 10 resumed at step "
              f"{next(e[2]['step'] for e in resumed if e[1] == 'frame')}")
    except (AssertionError, OSError, ValueError) as exc:
        print(f"check_stream: FAIL: {base}: {exc}", file=sys.stderr)
        return 1
    print("check_stream: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
