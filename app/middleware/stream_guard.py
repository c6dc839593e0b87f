"""Ending a response quietly when its client has gone away or stopped reading."""

from __future__ import annotations

import asyncio

import anyio

#: The scope key where StreamGuard notes when the request reached the app (the event loop's clock): a paced
#: stream's schedule starts there (``streaming.pacing``), not after routing and planning, which in a
#: busy worker may wait a few turns of the event loop.
ARRIVED = "errorscape.arrived"


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
        scope[ARRIVED] = loop.time()
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
