"""Many paced viewers of run streams at once, each resuming with Last-Event-ID when its stream breaks.

A viewer reads GET BASE/api/runs/stream?... as a browser's EventSource would: it keeps the id of the
last whole event, and when the connection drops (a replica killed under it) it reconnects after a short
pause with `Last-Event-ID`, through the same proxy, so whichever replica answers continues the run.
What it keeps per viewer: every frame's step and raw JSON text in arrival order, the `done` event and
how many connections it took, so a run can be compared frame for frame with an uninterrupted one.
Bounded: a fixed number of viewers, a few reconnects each, and a deadline for the whole run.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import httpx

OPTIMIZERS = ("sgd", "adam", "rmsprop", "adagrad")
MAX_CONNECTIONS = 6  # per viewer: the first and up to five resumes


def queries(count: int, steps: int, fps: int) -> list[str]:
    """One distinct run per viewer (seeded noise), so no two share the replay cache: the worst case."""
    return [
        f"/api/runs/stream?surface=himmelblau&optimizer={OPTIMIZERS[i % len(OPTIMIZERS)]}"
        f"&steps={steps}&fps={fps}&noise=0.5&seed={i}"
        for i in range(count)
    ]


@dataclass
class Viewing:
    query: str
    steps: list[int] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)  # raw `data:` text, compared byte for byte
    done: str | None = None
    connections: int = 0
    failures: list[str] = field(default_factory=list)

    def problems(self, expected_steps: int, reference: "Viewing | None" = None) -> list[str]:
        """What is wrong with this viewing: lost, repeated or changed frames, no `done`."""
        out = []
        if self.done is None:
            out.append(f"no done after {self.connections} connections ({'; '.join(self.failures[-2:])})")
        if self.steps != list(range(expected_steps + 1)):
            lost = sorted(set(range(expected_steps + 1)) - set(self.steps))
            repeated = sorted({s for s in self.steps if self.steps.count(s) > 1})
            out.append(f"steps wrong: {len(lost)} lost {lost[:5]}, repeated {repeated[:5]}")
        if reference is not None and (self.frames != reference.frames or self.done != reference.done):
            diff = next((i for i, (a, b) in enumerate(zip(self.frames, reference.frames)) if a != b), None)
            out.append(f"frames differ from the uninterrupted run (first at index {diff})")
        return out


def _parse(line: str, event: dict) -> bool:
    """Feed one line of text/event-stream into `event`; True when a blank line ends an event."""
    if line == "":
        return "data" in event
    if not line.startswith(":"):
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        event[name] = event[name] + "\n" + value if name == "data" and "data" in event else value
    return False


async def view(client: httpx.AsyncClient, base: str, viewing: Viewing, deadline: float) -> Viewing:
    last_id = None
    while viewing.done is None and viewing.connections < MAX_CONNECTIONS and time.monotonic() < deadline:
        viewing.connections += 1
        headers = {"Accept": "text/event-stream"}
        if last_id is not None:
            headers["Last-Event-ID"] = last_id
        try:
            async with client.stream("GET", base + viewing.query, headers=headers) as response:
                if response.status_code != 200:
                    raise httpx.HTTPStatusError(f"HTTP {response.status_code}", request=response.request, response=response)
                event: dict = {}
                async for line in response.aiter_lines():
                    if not _parse(line, event):
                        continue
                    if event.get("event") == "frame":
                        viewing.steps.append(int(event["id"]))
                        viewing.frames.append(event["data"])
                        last_id = event["id"]
                    elif event.get("event") == "done":
                        viewing.done = event["data"]
                        break
                    event = {}
        except (httpx.TransportError, httpx.HTTPStatusError) as exc:
            viewing.failures.append(f"{type(exc).__name__}: {exc}")
        if viewing.done is None:
            # A browser's EventSource waits `retry` (the app sends a short one on shutdown); jitter
            # spreads the reconnects of a killed replica's viewers over the survivors.
            await asyncio.sleep(0.5 + random.random())
    return viewing


async def _watch(base: str, qs: list[str], ramp_s: float, limit_s: float) -> list[Viewing]:
    deadline = time.monotonic() + limit_s
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=0)
    timeout = httpx.Timeout(30.0, connect=10.0)  # the app pings every 15 s while a stream is idle
    async with httpx.AsyncClient(limits=limits, timeout=timeout, trust_env=False) as client:

        async def one(i: int, query: str) -> Viewing:
            await asyncio.sleep(ramp_s * i / max(len(qs), 1))  # viewers arrive over ramp_s seconds
            return await view(client, base, Viewing(query), deadline)

        return await asyncio.gather(*(one(i, q) for i, q in enumerate(qs)))


def watch(base: str, qs: list[str], ramp_s: float = 2.0, limit_s: float = 180.0) -> list[Viewing]:
    """Run one viewer per query concurrently through `base` (prefix included); return their viewings."""
    return asyncio.run(_watch(base.rstrip("/"), qs, ramp_s, limit_s))


def summary(viewings: list[Viewing], expected_steps: int, references: list[Viewing] | None = None) -> tuple[list[str], str]:
    """(problems, one-line summary) for a whole run, compared viewer by viewer with `references`."""
    problems = []
    for i, v in enumerate(viewings):
        ref = references[i] if references else None
        problems += [f"viewer {i}: {p}" for p in v.problems(expected_steps, ref)]
    resumed = sum(v.connections > 1 for v in viewings)
    frames = sum(len(v.frames) for v in viewings)
    line = (f"{len(viewings)} viewers, {frames} frames, {sum(v.done is not None for v in viewings)} done, "
            f"{resumed} resumed with Last-Event-ID, {len(problems)} problems")
    return problems, line
