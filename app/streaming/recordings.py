"""A run's stream, encoded once and replayed to every viewer who asks for the same run.

A class told "press Run" sends hundreds of identical requests within seconds. The engine is
deterministic (same plan, same numbers), so the first viewer's stream is recorded as it is computed,
event by event, already in SSE wire format, and later viewers read the same recording: the engine runs
once and each further viewer costs only the sending. A viewer who catches up with the recording's
computed end extends it for everyone.

The cache is per process, least-recently-used, and bounded by the bytes it holds
(``ERRORSCAPE_REPLAY_CACHE_MB``); a plan too big to keep (thousands of restarts) is streamed without
being kept. Only plans whose key is known are shared: the key is the validated request, which fixes
every number of the run.

A recording may be made from a cohort member (``cohorts``) instead of its own ``run_events``: the same
events, computed with other runs. Its ``ready`` says when the cohort starts computing; and when its last
reader leaves before the end, it lets the cohort go on without it and, should anyone ask again, computes
the rest alone.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Callable, Iterator

from errorscape.runs.frames import Event, run_events, to_json_bytes
from errorscape.runs.plan import RunPlan

#: A plan sending more values (runs × frames) than this streams without being kept: one such
#: recording would crowd out hundreds of ordinary ones.
MAX_VALUES_KEPT = 50_000
#: What keeping one event costs beyond its bytes (the tuple, the bytes object, the list slot), measured
#: with tracemalloc: the budget counts it, so the cache's memory is what ERRORSCAPE_REPLAY_CACHE_MB says.
EVENT_OVERHEAD = 150


#: An event as recorded and replayed: (kind, step, wire, data), a plain tuple unpacked by its readers.
#: kind: "start" | "frame" | "done"; step: the frame's step (else None); wire: the whole SSE event, ready to
#: write; data: the ``done`` event's data (its outcomes feed the metrics), else None.
#: Why not a NamedTuple: the garbage collector stops tracking a plain tuple of strs, ints and bytes once it
#: has seen it, but tracks a tuple subclass for good: 1,000 viewers' recordings hold 300,000 events, which as
#: NamedTuples every full collection would walk, with the event loop stopped (docs/performance.md).
Encoded = tuple


def encode(event: Event) -> Encoded:
    """The event as SSE: what FastAPI's ``format_sse_event`` writes, without its splitting of the data into
    lines (JSON text has none: the encoder escapes line breaks in strings)."""
    head = b"event: " + event.kind.encode() + b"\ndata: " + to_json_bytes(event.data)
    wire = head + (b"\n\n" if event.step is None else b"\nid: %d\n\n" % event.step)
    return (event.kind, event.step, wire, event.data if event.kind == "done" else None)


class Recording:
    """The encoded events of one plan: those computed so far, and the generator that computes the rest.

    ``member``: the plan's events from a cohort (``Cohort.join``), with ``ready`` set once its first frame may
    be asked for; None: the plan's own ``run_events``.
    """

    def __init__(self, plan: RunPlan, cache: "RecordingCache | None" = None, member: Iterator[Event] | None = None,
                 ready: asyncio.Event | None = None):
        self.plan = plan
        self.events: list[Encoded] = []
        self.nbytes = 0
        self._source: Iterator[Event] | None = member or run_events(plan)
        self._member = member is not None
        self.ready = ready
        self._readers = 0
        self._cache = cache

    def replay(self, resume_after: int | None = None) -> Iterator[Encoded]:
        """Every event, in order (after step ``resume_after`` when a client reconnects), computing as needed."""
        i = 0
        self._readers += 1
        try:
            while True:
                if i == len(self.events) and not self._extend():
                    return
                event = self.events[i]
                i += 1
                if resume_after is None or event[0] == "done" or (event[0] == "frame" and event[1] > resume_after):
                    yield event
        finally:
            self._readers -= 1
            if not self._readers:
                self._leave_cohort()

    def _leave_cohort(self) -> None:
        """Nobody reads on: stop the cohort keeping steps for this member; a later reader computes the rest alone."""
        if not self._member or self._source is None:
            return
        self._source.close()
        self._member = False
        if self.events and self.events[-1][0] == "done":
            self._source = None
            return
        frames = [step for kind, step, _, _ in self.events if kind == "frame"]
        # resume_after -1: every frame after the start event already recorded
        self._source = run_events(self.plan, resume_after=frames[-1] if frames else -1)

    def _extend(self) -> bool:
        if self._source is None:
            return False
        event = next(self._source, None)
        if event is None:
            self._source = None  # let the engine's state go
            return False
        encoded = encode(event)
        self.events.append(encoded)
        _, _, wire, _ = encoded
        size = len(wire) + EVENT_OVERHEAD
        self.nbytes += size
        if self._cache is not None:
            self._cache.grew(size)
        return True

    def evicted(self) -> None:
        self._cache = None  # readers still holding it may go on; it no longer counts against the budget


class RecordingCache:
    """Recordings by plan key, least recently used first out, within ``budget`` bytes of memory."""

    def __init__(self, budget: int):
        self.budget = budget
        self.nbytes = 0
        self._items: OrderedDict[str, Recording] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def recording(self, plan: RunPlan, join: Callable[[], tuple] | None = None) -> Recording:
        """The shared recording of ``plan``, or a private one when the plan cannot or should not be kept.

        ``join``: where a new recording's events come from, (member, ready) of a cohort (``Recording``); an
        identical request while the first is kept shares its recording, and so its cohort row.
        """
        if not plan.key or self.budget <= 0 or plan.values_sent > MAX_VALUES_KEPT:
            return Recording(plan, None, *join() if join else ())
        found = self._items.get(plan.key)
        if found is not None:
            self._items.move_to_end(plan.key)
            return found
        made = self._items[plan.key] = Recording(plan, self, *join() if join else ())
        return made

    def grew(self, nbytes: int) -> None:
        self.nbytes += nbytes
        while self.nbytes > self.budget and len(self._items) > 1:
            _, oldest = self._items.popitem(last=False)
            self.nbytes -= oldest.nbytes
            oldest.evicted()
