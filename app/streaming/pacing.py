"""Serving run events as server-sent events: pacing, a cap on open streams, and graceful shutdown.

- Pacing: with fps > 0, frame n goes out at t0 + n/fps; a server that falls behind never sleeps, and
  writes every frame that is due at once.
- Sharing: identical runs are computed once (``recordings``) and replayed to each viewer.
- Cap: at most ``settings.max_streams`` streams per process; the next gets 503 with Retry-After.
- Shutdown: on SIGTERM every open stream gets a final ``shutdown`` event (with a short ``retry``) and
  ends, so EventSource clients reconnect, with Last-Event-ID, to a replica that is still up.
- Disconnect: Starlette cancels the response when the client goes away; the stream stops at its next
  await, and nothing more is computed for it.
"""

from __future__ import annotations

import asyncio
import math
import signal
from typing import AsyncIterator, Iterator

import anyio
from fastapi import Request
from fastapi.sse import EventSourceResponse, format_sse_event
from prometheus_client import Gauge

from ..middleware import observability as obs
from errorscape.runs.frames import to_json
from errorscape.runs.plan import RunPlan
from .recordings import Encoded

ASYNCIO_TASKS = Gauge("errorscape_asyncio_tasks", "asyncio tasks alive in this process (leak check).")


class StreamGate:
    """Counts open streams against the cap, and tells them when the process is shutting down."""

    def __init__(self, limit: int):
        self.limit = limit
        self.open = 0
        self.shutdown = asyncio.Event()

    def try_enter(self) -> bool:
        if self.open >= self.limit or self.shutdown.is_set():
            return False
        self.open += 1
        obs.OPEN_STREAMS.inc()
        return True

    def leave(self) -> None:
        self.open -= 1
        obs.OPEN_STREAMS.dec()

    def watch_signals(self) -> None:
        """Chain onto the server's SIGTERM/SIGINT handlers so streams hear of shutdown first.

        uvicorn waits for open connections before it runs lifespan shutdown, so that is too late:
        the streams must be told when the signal arrives.
        """
        loop = asyncio.get_running_loop()
        ASYNCIO_TASKS.set_function(lambda: len(asyncio.all_tasks(loop)))
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous = signal.getsignal(sig)
            if not callable(previous):
                continue

            def handler(signum, frame, previous=previous):
                loop.call_soon_threadsafe(self.shutdown.set)
                previous(signum, frame)

            try:
                signal.signal(sig, handler)
            except ValueError:  # not the main thread (e.g. TestClient): no signals to watch
                return


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


def sse_response(request: Request, plan: RunPlan, resume_after: int | None) -> EventSourceResponse:
    """The plan's events as FastAPI's ``EventSourceResponse``, replayed from the shared recording."""
    state = request.app.state
    recording = state.recordings.recording(plan)
    chunks = paced_chunks(state.gate, recording.replay(resume_after), plan, state.settings.ping_interval)
    return EventSourceResponse(chunks, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


async def paced_chunks(gate: StreamGate, events: Iterator[Encoded], plan: RunPlan,
                       ping_interval: float) -> AsyncIterator[bytes]:
    """The stream's bytes: frame n is due at t0 + n/fps, and every event already due goes out in one write.

    Why not one write per event, as FastAPI's generator endpoints do: each event there passes through
    a pydantic model, two memory streams and a keep-alive task (~110 µs on this machine, against ~15 µs
    for the write itself), which caps a worker near 9,000 events/s. Writing what is due in one chunk
    also lets a stream that fell behind (a busy server) catch up in a single write instead of many.
    """
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    sent = 0
    chunk: list[bytes] = []
    size = 0
    outcome = "disconnected"
    try:
        for event in events:
            if event.kind == "frame":
                due = _on_tick(t0 + sent / plan.fps) if plan.fps else 0.0
                wait = due - loop.time()
                if wait > 0 or len(chunk) >= BATCH_EVENTS or size >= BATCH_BYTES:
                    if chunk:
                        yield b"".join(chunk)
                        chunk, size = [], 0
                    async for ping in _wait_until(loop, gate, due, ping_interval):
                        yield ping
                if gate.shutdown.is_set():
                    outcome = "cancelled"
                    yield b"".join(chunk) + format_sse_event(event="shutdown", retry=1000, data_str=to_json(
                        {"step": event.step, "message": "The server is restarting; reconnect to resume."}))
                    return
                sent += 1
                obs.FRAMES_SENT.inc()
            elif event.kind == "done":
                for run in event.data["runs"]:
                    obs.RUNS_FINISHED.labels(outcome=run["reason"]).inc()
                outcome = event.data["reason"]
            chunk.append(event.wire)
            size += len(event.wire)
        if chunk:
            yield b"".join(chunk)
    finally:
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


def _client_went_away(exc: BaseException) -> bool:
    if isinstance(exc, BaseExceptionGroup):
        return all(_client_went_away(e) for e in exc.exceptions)
    return isinstance(exc, (anyio.BrokenResourceError, anyio.ClosedResourceError, TimeoutError))


class StreamGuard:
    """Ends a response quietly when its client is gone, or too slow to take what it is sent.

    - A send that the client does not accept within ``send_timeout`` seconds (it stopped reading, and
      the socket buffers are full) ends the response: a stalled client cannot hold a stream open.
      A watchdog looks every quarter of the timeout, so a stalled send is cut after 1 to 1.25 timeouts.
      Why not a timeout around each send: that arms and cancels a timer per write, thousands a second
      under load, and the event loop's timer heap fills with cancelled ones (~20 % of a busy worker).
    - When a client disconnects mid-stream, streaming plumbing built on anyio memory streams (FastAPI's
      generator endpoints) raises BrokenResourceError or ClosedResourceError out of the route.
    Both are a normal end of a stream, not a server error: neither is logged as one.
    """

    def __init__(self, app, send_timeout: float):
        self.app = app
        self.send_timeout = send_timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        loop = asyncio.get_running_loop()
        started = False
        sending_since: float | None = None

        async def guarded_send(message):
            nonlocal started, sending_since
            started = started or message["type"] == "http.response.start"
            sending_since = loop.time()
            try:
                await send(message)
            finally:
                sending_since = None

        try:
            async with asyncio.timeout(None) as deadline:
                def watch():
                    nonlocal watchdog
                    if sending_since is not None and loop.time() - sending_since >= self.send_timeout:
                        deadline.reschedule(loop.time())  # expires now: the response is cancelled
                    else:
                        watchdog = loop.call_later(self.send_timeout / 4, watch)

                watchdog = loop.call_later(self.send_timeout / 4, watch)
                try:
                    await self.app(scope, receive, guarded_send)
                finally:
                    watchdog.cancel()
        except BaseException as exc:  # noqa: BLE001 - re-raised unless the client went away
            if started and _client_went_away(exc):
                return
            raise
