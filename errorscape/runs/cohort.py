"""Cohorts: single-run plans that differ only in where they start, simulated as the rows of one run.

A distinct one-run stream costs the engine ~100 µs a step, almost all of it numpy's per-call overhead:
a step of 20 rows costs about the same as a step of one. So when many such streams are open at once
(a class each pressing Run from its own start), the server runs them together: one ``simulate_blocks``
over all their starts, one Group, and each member reads its own row.

Each member's events are exactly ``run_events(plan)`` for its plan alone, byte for byte: the engine is
elementwise across rows for the surfaces and optimizers ``joinable`` admits (tests/runs/test_cohort.py
proves it surface by surface, optimizer by optimizer), a row's stop or edge event names run 0, and a
member ends its stream (frame, done) at its own last step while the others go on. Rows are computed
lazily, a block at a time, when some member needs a step nobody computed yet; a member that leaves (its
iterator closed) no longer holds back the steps kept for the slowest reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import NamedTuple

import numpy as np

from ..optimizers import OPTIMIZERS
from ..surfaces import SURFACES
from .edges import EdgeWatch
from .engine import Snapshot, simulate_blocks
from .frames import Event, Outbox, done_data, frame_data, watched
from .outcomes import RUNNING, Stop
from .plan import RunPlan, draws_own_noise

#: Optimizers that draw random numbers of their own: rows of one group would share one generator.
SEEDED = frozenset(name for name, spec in OPTIMIZERS.items() if draws_own_noise(spec))
#: Built-in surfaces whose one-point path (numpy scalars, see surfaces.calculus.from_jet) rounds apart from
#: the path for many rows: Beale's y ** 2 is libm's pow on a scalar and an exact square on an array, one ulp
#: apart at some points (tests/runs/test_cohort.py shows one), so its row in a cohort is not its run alone.
ROUNDS_APART = frozenset({"beale"})
#: Steps kept for the slowest member before the cohort drops those every member has read.
TRIM_EVERY = 64


def joinable(plan: RunPlan) -> bool:
    """Whether ``plan`` may run as a row of a cohort: one deterministic run whose every row is independent.

    Surfaces: the built-in formulas (not a data set, not a costly one such as the network slice, whose
    reductions over its data may round differently with more rows) and typed formulas.
    """
    if not plan.family or plan.state or plan.runs != 1 or plan.domain is None:
        return False
    c = plan.contestants[0]
    if c.tuning["noise"] or c.spec.id in SEEDED:
        return False
    s = plan.surface
    if getattr(s, "minibatch_gradient", None) is not None:
        return False
    return s.category == "custom" or (SURFACES.get(s.id) is s and s.id not in ROUNDS_APART
                                       and s.extra.get("relative_cost", 1) <= 1)


class _Step(NamedTuple):
    """One step of every row, as Python values: converted once, then each member picks its row.

    Flat lists of floats, one per quantity: the collector does not track a float, while a list per row
    (``params.tolist()``) would be two more tracked objects per row and step, kept until every member read them.
    """

    step: int
    x: list
    y: list
    loss: list
    gx: list
    gy: list
    status: list  # outcome codes
    stops: dict  # run -> its Stop at this step, renumbered as run 0
    left: dict  # run -> its left-the-map events at this step, renumbered as run 0


class Cohort:
    """Plans joined one by one (``join``); the simulation starts when a member first asks for a frame."""

    def __init__(self):
        self.plans: list[RunPlan] = []
        self._blocks = None  # the engine's (snapshot, left events) blocks, once started
        self._kept: list[_Step] = []  # computed steps some member may still read
        self._first = 0  # the index of _kept[0] among all steps computed
        self._cursors: list[int | None] = []  # per member: the next step index it reads (None: gone)
        self._trim_at = TRIM_EVERY  # trimming scans every member: only every TRIM_EVERY steps kept

    @property
    def started(self) -> bool:
        return self._blocks is not None

    def __len__(self) -> int:
        return len(self.plans)

    def join(self, plan: RunPlan) -> Iterator[Event]:
        """``plan``'s events (run_events(plan)'s), computed with the cohort's other rows."""
        if self.started:
            raise RuntimeError("a cohort takes no members once it started")
        if self.plans and plan.family != self.plans[0].family:
            raise ValueError("a cohort's plans must differ only in their start")
        self.plans.append(plan)
        self._cursors.append(0)
        return _Member(self, len(self.plans) - 1, plan)

    def _events(self, i: int, plan: RunPlan) -> Iterator[Event]:
        try:
            yield Event("start", plan.describe())
            outbox = Outbox(plan)
            while True:
                s = self._read(i)
                finished = s.status[i] != RUNNING
                stop = s.stops.get(i)
                events = outbox.take(s.step, [stop] if stop else [], s.left.get(i, ()), finished)
                if events is not None:
                    yield Event("frame", frame_data(s.step, [s.x[i]], [s.y[i]], [s.loss[i]], [[s.gx[i], s.gy[i]]], events),
                                s.step)
                if finished or s.step == plan.steps:
                    break
            last = Snapshot(s.step, np.array([[s.x[i], s.y[i]]]), np.array([s.loss[i]]), np.array([[s.gx[i], s.gy[i]]]),
                            np.array([s.status[i]], dtype=np.int8))
            yield Event("done", done_data(last, outbox.stopped_at))
        finally:
            self._cursors[i] = None

    def _read(self, i: int) -> _Step:
        k = self._cursors[i]
        while k - self._first >= len(self._kept):
            self._compute()
        step = self._kept[k - self._first]
        self._cursors[i] = k + 1
        if len(self._kept) >= self._trim_at:
            self._trim()
        return step

    def _compute(self) -> None:
        if self._blocks is None:
            first = self.plans[0]
            starts = np.concatenate([p.starts for p in self.plans])
            group = first.group(0, first.contestants[0], slice(None))
            self._blocks = watched(simulate_blocks(first.surface, [group], starts, first.steps, first.seed, first.tol),
                                   EdgeWatch(first.surface, first.domain, starts))
        # A member reads past the computed steps only while its own run goes on, so there is a next step.
        snap, left = next(self._blocks)
        by_run: dict[int, list] = {}
        for event in left:
            by_run.setdefault(event["run"], []).append({**event, "run": 0})
        p, g = snap.params, snap.grad
        self._kept.append(_Step(snap.step, p[:, 0].tolist(), p[:, 1].tolist(), snap.loss.tolist(), g[:, 0].tolist(),
                                g[:, 1].tolist(), snap.status.tolist(), {s.run: _as_run_0(s) for s in snap.stops}, by_run))

    def _trim(self) -> None:
        """Drop the steps every member still here has read (a member gone holds nothing back)."""
        reading = [k for k in self._cursors if k is not None]
        done = (min(reading) if reading else self._first + len(self._kept)) - self._first
        del self._kept[:done]
        self._first += done
        self._trim_at = len(self._kept) + TRIM_EVERY


class _Member:
    """One member's events; ``close`` lets the cohort go on without it, also before it read anything (a
    generator closed before its first step runs no ``finally``)."""

    def __init__(self, cohort: Cohort, i: int, plan: RunPlan):
        self._cohort, self._i = cohort, i
        self._events = cohort._events(i, plan)

    def __iter__(self) -> _Member:
        return self

    def __next__(self) -> Event:
        return next(self._events)

    def close(self) -> None:
        self._events.close()
        self._cohort._cursors[self._i] = None


def _as_run_0(stop: Stop) -> Stop:
    return replace(stop, run=0)
