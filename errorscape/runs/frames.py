"""From engine snapshots to the events a client receives: ``start``, ``frame`` per sent step, ``done``.

The same event sequence feeds the SSE stream, the JSON export and the CSV export, so all three carry
the same numbers. Floats go out in their shortest round-trip form (``to_json``): float64, never rounded.
"""

from __future__ import annotations

import math
from typing import Iterator, NamedTuple

import numpy as np
import orjson

from .edges import EdgeWatch
from .engine import simulate_blocks
from .inside import next_step, state_of
from .outcomes import Stop, overall_reason
from .plan import RunPlan


class Event(NamedTuple):
    kind: str  # "start" | "frame" | "done"
    data: dict
    step: int | None = None


def frame_data(step: int, x: list, y: list, loss: list, grad: list, events: list[dict]) -> dict:
    """A ``frame`` event's data: each run's position, loss and gradient (lists of Python floats)."""
    frame = {"step": step, "x": x, "y": y, "loss": loss, "grad": grad}
    if events:
        frame["events"] = events
    return frame


def _frame(snap, events: list[dict]) -> dict:
    p = snap.params
    return frame_data(snap.step, p[:, 0].tolist(), p[:, 1].tolist(), snap.loss.tolist(), snap.grad.tolist(), events)


def done_data(snap, status_steps: dict[int, int]) -> dict:
    """The ``done`` event's data: each run's outcome, where it ended, and the stream's verdict."""
    runs = []
    for i, reason in enumerate(snap.reasons()):
        runs.append({"index": i, "reason": "completed" if reason == "running" else reason,
                     "step": status_steps.get(i, snap.step), "x": float(snap.params[i, 0]),
                     "y": float(snap.params[i, 1]), "loss": float(snap.loss[i])})
    return {"reason": overall_reason(snap.status), "steps": snap.step, "runs": runs}


class Outbox:
    """What a stream tells between the frames it sends: the stops and left-the-map events of every step
    computed, each carried by the next frame sent (``every`` thins the frames, never the events)."""

    def __init__(self, plan: RunPlan):
        self.every, self.steps = plan.every, plan.steps
        self.pending: list[dict] = []
        self.stopped_at: dict[int, int] = {}  # run -> the step it stopped at (for ``done``)

    def take(self, step: int, stops: list[Stop], left: list[dict], finished: bool) -> list[dict] | None:
        """The events the frame of ``step`` carries, or None when that step is thinned out (its events wait)."""
        for stop in stops:
            self.stopped_at[stop.run] = stop.step
            self.pending.append(stop.describe())
        self.pending.extend(left)
        if step % self.every and not (finished or step == self.steps):
            return None
        events, self.pending = self.pending, []
        return events


def run_events(plan: RunPlan, resume_after: int | None = None) -> Iterator[Event]:
    """Every event of the plan's stream; with ``resume_after`` (a Last-Event-ID), only those after it."""
    if resume_after is None:
        yield Event("start", plan.describe())
    outbox = Outbox(plan)
    snap = None
    groups, starts = plan.groups(), plan.all_starts()
    snaps = watched(simulate_blocks(plan.surface, groups, starts, plan.steps, plan.seed, plan.tol,
                                    inspect=plan.state), EdgeWatch(plan.surface, plan.domain, starts))
    for (snap, left), after in _with_next(snaps) if plan.state else ((s, None) for s in snaps):
        events = outbox.take(snap.step, snap.stops, left, snap.finished)
        if events is None:
            continue  # thinned out; its events ride on the next frame sent
        if resume_after is None or snap.step > resume_after:
            frame = _frame(snap, events)
            if plan.state:
                frame["state"] = state_of(snap, groups)
                if after is not None:
                    frame["next"] = next_step(snap, after[0], groups)
            yield Event("frame", frame, snap.step)
    yield Event("done", done_data(snap, outbox.stopped_at))


def watched(blocks, edges: EdgeWatch):
    """(snapshot, its left-the-map events) for every snapshot, the edge checked a block of steps at a time."""
    for block in blocks:
        left = edges.check_steps([s.step for s in block], [s.params for s in block], [s.loss for s in block])
        yield from zip(block, left)


def _with_next(snaps):
    """(item k, item k + 1 or None): a frame with state describes the step taken from its point."""
    here = next(snaps)
    for after in snaps:
        yield here, after
        here = after
    yield here, None


#: orjson writes each float64 with Ryu's shortest round-trip digits, the same digits as Python's repr (only
#: the exponent is spelled ``1e-7`` where repr writes ``1e-07``), and every non-finite number as null. A
#: full-precision float's repr takes about 1 µs on the 2-core benchmark machine, so the standard library's
#: encoder spent most of a one-run frame's 7 µs on its five floats; orjson writes it in 0.4 µs.
_OPTIONS = orjson.OPT_NON_STR_KEYS


def _plain(value):
    """What orjson has no rule for, as plain Python values: numpy scalars and arrays (as float64 and int
    values, whatever their dtype: no float32 digits), and subclasses of float and int."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float):
        return float(value)
    if isinstance(value, int):
        return int(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json_bytes(data) -> bytes:
    """UTF-8 JSON text, compact; non-finite numbers (rare: a start where the loss is undefined) become null."""
    return orjson.dumps(data, default=_plain, option=_OPTIONS)


def to_json(data) -> str:
    """``to_json_bytes`` as a str."""
    return to_json_bytes(data).decode()


CSV_HEADER = "step,run,group,optimizer,x,y,loss,grad_x,grad_y\n"


def csv_lines(plan: RunPlan, events: Iterator[Event]) -> Iterator[str]:
    """One CSV row per run per frame sent, floats as their exact repr (empty where non-finite)."""
    yield CSV_HEADER
    n = len(plan.starts)
    names = [c.spec.id for c in plan.contestants]

    def num(v: float) -> str:
        return repr(v) if v is not None and math.isfinite(v) else ""

    for event in events:
        if event.kind != "frame":
            continue
        f = event.data
        rows = []
        for i in range(len(f["x"])):
            gx, gy = f["grad"][i]
            rows.append(f"{f['step']},{i},{i // n},{names[i // n]},{num(f['x'][i])},{num(f['y'][i])},"
                        f"{num(f['loss'][i])},{num(gx)},{num(gy)}\n")
        yield "".join(rows)
