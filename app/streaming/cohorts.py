"""Cohorts in the server: a busy process computes distinct one-run streams that start together as one run.

Each distinct one-run stream costs the engine ~100 µs a step, nearly all of it numpy's per-call overhead,
while sending its frame costs ~15 µs: a thousand students, each from a start of their own, is more
engine work than a worker has. A step of 20 rows costs about what a step of one does, so when at least
``busy_streams`` streams are open in this process (it is busy), a stream that may join one
(``errorscape.runs.cohort.joinable``: one run, no noise, a surface proven row-independent...) joins the
open cohort of its family (the request without its start point), or opens one. A cohort takes members
for ``cohort_window`` seconds after its first (or until ``cohort_max_size``), then computes: each member's
first frame waits for that, so it is at most the window late, and later frames keep their schedule
(t0 + n/fps from the request). Each member's bytes are those of its run alone (tests/runs/test_cohort.py).

A process with fewer open streams serves each run alone at once, exactly as before: one student never waits.
"""

from __future__ import annotations

import asyncio

from prometheus_client import Counter

from errorscape.runs.cohort import Cohort, joinable
from errorscape.runs.plan import RunPlan

from ..settings import Settings
from .gate import StreamGate
from .recordings import Recording, RecordingCache

COHORTS = Counter("errorscape_cohorts", "Cohorts formed: distinct one-run streams computed together.")
COHORT_MEMBERS = Counter("errorscape_cohort_members", "Streams computed as a row of a cohort.")


class CohortPool:
    """This process's cohorts still taking members, by family."""

    def __init__(self, settings: Settings):
        self.window = settings.cohort_window
        self.max_size = settings.cohort_max_size
        self._open: dict[str, tuple[Cohort, asyncio.Event]] = {}

    def recording(self, plan: RunPlan, recordings: RecordingCache, gate: StreamGate) -> Recording:
        """The plan's recording: a cohort row's when the process is busy and the plan may join, else its own."""
        if self.window <= 0 or not gate.busy or not joinable(plan):
            return recordings.recording(plan)
        # Made only if no identical request's recording is kept: that one (perhaps a cohort row) is shared.
        return recordings.recording(plan, join=lambda: self._join(plan))

    def _join(self, plan: RunPlan) -> tuple:
        forming = self._open.get(plan.family)
        if forming is None:
            forming = self._open[plan.family] = (Cohort(), asyncio.Event())
            asyncio.get_running_loop().call_later(self.window, self._close, plan.family, forming)
            COHORTS.inc()
        cohort, ready = forming
        member = cohort.join(plan)
        COHORT_MEMBERS.inc()
        if len(cohort) >= self.max_size:
            self._close(plan.family, forming)
        return member, ready

    def _close(self, family: str, forming: tuple[Cohort, asyncio.Event]) -> None:
        """No more members: the cohort may compute (its members' first frames are waiting for ``ready``)."""
        if self._open.get(family) is forming:
            del self._open[family]
        forming[1].set()
