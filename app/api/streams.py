"""Serving run events as server-sent events: pacing, a cap on open streams, and graceful shutdown.

- Pacing: with fps > 0, frame n goes out at t0 + n/fps; a server that falls behind never sleeps.
- Cap: at most ``settings.max_streams`` streams per process; the next gets 503 with Retry-After.
- Shutdown: on SIGTERM every open stream gets a final ``shutdown`` event (with a short ``retry``) and
  ends, so EventSource clients reconnect, with Last-Event-ID, to a replica that is still up.
- Disconnect: FastAPI cancels the generator when the client goes away; work stops at its next await.
"""

from __future__ import annotations

import asyncio
import signal

import anyio
from typing import AsyncIterator

from fastapi.sse import ServerSentEvent
from prometheus_client import Gauge

from .. import observability as obs
from ..runs.frames import run_events, to_json
from ..runs.plan import RunPlan

ASYNCIO_TASKS = Gauge("errorscape_asyncio_tasks", "asyncio tasks alive in this process (leak check).")
YIELD_EVERY = 8  # unpaced streams give the event loop a turn this often


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


async def sse_events(gate: StreamGate, plan: RunPlan, resume_after: int | None) -> AsyncIterator[ServerSentEvent]:
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    sent = 0
    outcome = "disconnected"
    try:
        for n, event in enumerate(run_events(plan, resume_after)):
            if event.kind == "frame":
                if plan.fps:
                    delay = t0 + sent / plan.fps - loop.time()
                    if delay > 0:
                        try:
                            await asyncio.wait_for(gate.shutdown.wait(), delay)
                        except asyncio.TimeoutError:
                            pass
                elif n % YIELD_EVERY == 0:
                    await asyncio.sleep(0)
                if gate.shutdown.is_set():
                    outcome = "cancelled"
                    yield ServerSentEvent(event="shutdown", retry=1000, raw_data=to_json(
                        {"step": event.step, "message": "The server is restarting; reconnect to resume."}))
                    return
                sent += 1
                obs.FRAMES_SENT.inc()
            elif event.kind == "done":
                for run in event.data["runs"]:
                    obs.RUNS_FINISHED.labels(outcome=run["reason"]).inc()
                outcome = event.data["reason"]
            yield ServerSentEvent(event=event.kind, raw_data=to_json(event.data),
                                  id=None if event.step is None else str(event.step))
    finally:
        if outcome in ("disconnected", "cancelled"):
            obs.RUNS_FINISHED.labels(outcome=outcome).inc(plan.runs)


def _client_went_away(exc: BaseException) -> bool:
    if isinstance(exc, BaseExceptionGroup):
        return all(_client_went_away(e) for e in exc.exceptions)
    return isinstance(exc, (anyio.BrokenResourceError, anyio.ClosedResourceError, TimeoutError))


class StreamGuard:
    """Ends a response quietly when its client is gone, or too slow to take what it is sent.

    - A send that the client does not accept within ``send_timeout`` seconds (it stopped reading, and
      the socket buffers are full) raises TimeoutError: a stalled client cannot hold a stream open.
    - When a client disconnects mid-stream, FastAPI's SSE plumbing closes its internal memory streams
      while the keep-alive task is still forwarding a frame, and anyio raises BrokenResourceError out
      of the route. Both are a normal end of a stream, not a server error: neither is logged as one.
    """

    def __init__(self, app, send_timeout: float):
        self.app = app
        self.send_timeout = send_timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def guarded_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                return await send(message)
            with anyio.fail_after(self.send_timeout):
                await send(message)

        try:
            await self.app(scope, receive, guarded_send)
        except BaseException as exc:  # noqa: BLE001 - re-raised unless the client went away
            if started and _client_went_away(exc):
                return
            raise
