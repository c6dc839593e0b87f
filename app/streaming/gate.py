"""The cap on open streams per process, whether the process is busy, and the shutdown signal every open
stream listens for.

At most ``settings.max_streams`` streams are open at once; the next gets 503 with Retry-After. From
``settings.busy_streams`` open streams the process is *busy*: it then batches work (cohorts, coarser writes).
On SIGTERM every open stream hears of it first (``StreamGate.shutdown``), so it can tell its client to reconnect.
"""

from __future__ import annotations

import asyncio
import signal
from typing import AsyncIterator

from fastapi import Request
from prometheus_client import Gauge
from starlette.exceptions import HTTPException

from ..middleware import observability as obs

ASYNCIO_TASKS = Gauge("errorscape_asyncio_tasks", "asyncio tasks alive in this process (leak check).")


class StreamGate:
    """Counts open streams against the cap, and tells them when the process is shutting down."""

    def __init__(self, limit: int, busy_at: int | None = None):
        self.limit = limit
        self.busy_at = busy_at
        self.open = 0
        self.shutdown = asyncio.Event()

    @property
    def busy(self) -> bool:
        """So many streams are open that the process batches their work (``settings.busy_streams``; None: never)."""
        return self.busy_at is not None and self.open >= self.busy_at

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


async def stream_slot(request: Request) -> AsyncIterator[None]:
    """Hold one of the process's stream slots for the life of the response."""
    gate = request.app.state.gate
    if not gate.try_enter():
        obs.STREAMS_REJECTED.inc()
        raise HTTPException(503, "too many open streams on this server; retry shortly", headers={"Retry-After": "5"})
    try:
        yield
    finally:
        gate.leave()
