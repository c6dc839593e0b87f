"""Serving run events as server-sent events: pacing, replay, resuming, and graceful shutdown.

- Pacing: with fps > 0, frame n goes out at t0 + n/fps; a server that falls behind never sleeps, and
  writes every frame that is due at once. A busy process (``gate.busy``) writes a stream's frames in
  groups, every ``settings.busy_write_interval``, ahead of their time (see ``write_time``).
- Sharing: identical runs are computed once (``recordings``) and replayed to each viewer; in a busy
  process, distinct one-run streams that start together are computed together (``cohorts``).
- Cap: at most ``settings.max_streams`` streams per process (``gate``); the next gets 503 with Retry-After.
- Resume: a client that reconnects sends Last-Event-ID (``resume_point``) and gets the frames after it.
- Shutdown: on SIGTERM every open stream gets a final ``shutdown`` event (with a short ``retry``) and
  ends, so EventSource clients reconnect, with Last-Event-ID, to a replica that is still up.
- Disconnect: Starlette cancels the response when the client goes away; the stream stops at its next
  await, and nothing more is computed for it.
"""

from __future__ import annotations

import asyncio
import itertools
import math
from typing import Annotated, AsyncIterator, Iterator

from fastapi import Header, Request
from fastapi.sse import EventSourceResponse, format_sse_event

from errorscape.errors import ParamError
from errorscape.runs.frames import to_json
from errorscape.runs.plan import RunPlan

from ..middleware import observability as obs
from ..middleware.stream_guard import ARRIVED
from ..settings import Settings
from .gate import StreamGate
from .recordings import Encoded

#: An unpaced stream (or one catching up) writes at most this many events, or bytes, per write and then
#: gives the event loop a turn, so one fast stream cannot starve the others.
BATCH_EVENTS = 16
BATCH_BYTES = 64 * 1024
SHUTDOWN_POLL = 0.25  # a paced stream waiting for its next frame notices a shutdown this soon
PING = b": ping\n\n"
TICK = 0.005  # seconds: paced frames leave on a shared grid (see _on_tick)


def _on_tick(due: float) -> float:
    """The last tick of a shared 5 ms grid at or before ``due``: a frame leaves up to 5 ms early, never late.

    Why: streams started at random moments would each wake the event loop at their own instants, one
    loop turn (an epoll wait, timer bookkeeping) per frame. On a shared grid, every frame due in the same
    5 ms goes out in the same turn. 5 ms of jitter on a 30 fps stream (33 ms apart) is invisible.
    """
    return math.floor(due / TICK) * TICK


#: Seconds before its first frame is due that a busy stream's write leaves (``write_time``).
BUSY_LEAD = 0.1


def write_time(t0: float, offset: float, busy_interval: float | None) -> float:
    """When a paced frame due ``offset`` seconds into a stream started at ``t0`` is written.

    A quiet process (``busy_interval`` None) writes each frame on its own tick (``_on_tick``).

    A busy process writes a stream's frames in groups: those due in the same ``busy_interval`` of the
    stream's own clock (0.2 s: six frames at 30 fps) go out together, ``BUSY_LEAD`` before the first of them
    is due. So every frame leaves between 0.1 and 0.3 s ahead of its time, and none late:
    - A write costs the same whatever it carries (the stream's wake-up, the ASGI send chain, uvicorn, the
      socket): one write per six frames instead of one per frame is most of the sending saved.
    - On the stream's own clock, not on a grid shared by every stream: streams start at random moments,
      so their writes spread evenly over the interval. On a shared grid every stream of a busy worker
      wrote in the same turn of the event loop, the last of 500 some 100 ms after the first, and the
      frames due at that instant were that late (1,000 viewers: p99 lateness 0.3-1.9 s; now under 0.1 s).
    - The lead absorbs a pause of the event loop (a burst of new streams, a garbage collection) before
      it makes any frame late.
    The viewer sees no difference: the page plays frames from its buffer at its own speed
    (static/js/player.js), so a frame that comes early waits there.
    """
    if busy_interval is None:
        return _on_tick(t0 + offset)
    group = math.floor(offset / busy_interval + 1e-9)  # n/fps rounds: 18/30 / 0.2 is 2.9999999999999996
    return _on_tick(t0 + group * busy_interval - BUSY_LEAD)


def sse_response(request: Request, plan: RunPlan, resume_after: int | None) -> EventSourceResponse:
    """The plan's events as FastAPI's ``EventSourceResponse``, replayed from the shared recording."""
    state = request.app.state
    recording = state.cohorts.recording(plan, state.recordings, state.gate)
    chunks = paced_chunks(state.gate, recording.replay(resume_after), plan, state.settings.ping_interval,
                          recording.ready, state.settings.busy_write_interval, request.scope.get(ARRIVED))
    return EventSourceResponse(chunks, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


async def paced_chunks(gate: StreamGate, events: Iterator[Encoded], plan: RunPlan, ping_interval: float,
                       ready: asyncio.Event | None = None, busy_interval: float = Settings.busy_write_interval,
                       t0: float | None = None) -> AsyncIterator[bytes]:
    """The stream's bytes: frame n is due at t0 + n/fps, and every event already due goes out in one write.

    ``t0``: when the request reached the app (``ARRIVED``; None: now). ``ready``: a cohort row waits for its
    cohort to start before its first event; t0 stays the request's, so only the frames due in that wait
    (frame 0, and at 30 fps up to three more) can be late, by at most the cohort window. ``busy_interval``:
    how often a stream writes while the process is busy (``write_time``).

    Why not one write per event, as FastAPI's generator endpoints do: each event there passes through
    a pydantic model, two memory streams and a keep-alive task (~110 µs on this machine, against ~15 µs
    for the write itself), which caps a worker near 9,000 events/s. Writing what is due in one chunk
    also lets a stream that fell behind (a busy server) catch up in a single write instead of many.
    """
    loop = asyncio.get_running_loop()
    t0 = loop.time() if t0 is None else t0
    sent = 0
    chunk: list[bytes] = []
    size = 0
    frames = 0  # in chunk (counted when written: one metrics call per write, not per frame)
    outcome = "disconnected"
    started: list[Encoded] = []
    try:
        if ready is not None and not ready.is_set():
            # Take the start event first (it computes nothing): the stream is then one of its recording's
            # readers, so hanging up while it waits lets the cohort go on without it.
            started = list(itertools.islice(events, 1))
            await ready.wait()
        for kind, step, wire, data in itertools.chain(started, events):
            if kind == "frame":
                due = write_time(t0, sent / plan.fps, busy_interval if gate.busy else None) if plan.fps else 0.0
                wait = due - loop.time()
                if wait > 0 or len(chunk) >= BATCH_EVENTS or size >= BATCH_BYTES:
                    if chunk:
                        obs.FRAMES_SENT.inc(frames)
                        yield b"".join(chunk)
                        chunk, size, frames = [], 0, 0
                    async for ping in _wait_until(loop, gate, due, ping_interval):
                        yield ping
                if gate.shutdown.is_set():
                    outcome = "cancelled"
                    obs.FRAMES_SENT.inc(frames)
                    yield b"".join(chunk) + format_sse_event(event="shutdown", retry=1000, data_str=to_json(
                        {"step": step, "message": "The server is restarting; reconnect to resume."}))
                    return
                sent += 1
                frames += 1
            elif kind == "done":
                for run in data["runs"]:
                    obs.RUNS_FINISHED.labels(outcome=run["reason"]).inc()
                outcome = data["reason"]
            chunk.append(wire)
            size += len(wire)
        if chunk:
            obs.FRAMES_SENT.inc(frames)
            yield b"".join(chunk)
    finally:
        events.close()  # a recording read by nobody lets its cohort go on without it (recordings.Recording)
        if outcome in ("disconnected", "cancelled"):
            obs.RUNS_FINISHED.labels(outcome=outcome).inc(plan.runs)


async def _wait_until(loop, gate: StreamGate, due: float, ping_interval: float) -> AsyncIterator[bytes]:
    """Sleep until ``due``, waking early on shutdown and pinging while idle; if already due, one turn."""
    if due <= loop.time():
        await asyncio.sleep(0)  # a full batch went out: let the other streams write
        return
    last_ping = loop.time()
    while (wait := due - loop.time()) > 0 and not gate.shutdown.is_set():
        await asyncio.sleep(min(wait, SHUTDOWN_POLL))
        if loop.time() - last_ping >= ping_interval:
            last_ping = loop.time()
            yield PING


async def resume_point(last_event_id: Annotated[str | None, Header(max_length=32)] = None) -> int | None:
    """The step a reconnecting client saw last (the SSE Last-Event-ID header)."""
    if last_event_id is None or last_event_id == "":
        return None
    try:
        step = int(last_event_id)
    except ValueError:
        raise ParamError("Last-Event-ID", "must be the step number of the last frame received") from None
    if step < 0:
        raise ParamError("Last-Event-ID", "must be a step number ≥ 0")
    return step


STREAM_DOC = {
    200: {"description": "text/event-stream: `start`, one `frame` per sent step, then `done` "
          "(or `shutdown` if the server is stopping).",
          # the event schema FastAPI documents for EventSourceResponse routes (private in fastapi.sse)
          "content": {"text/event-stream": {"itemSchema": {"type": "object", "properties": {
              "data": {"type": "string"}, "event": {"type": "string"}, "id": {"type": "string"},
              "retry": {"type": "integer", "minimum": 0}}}}}}
}
