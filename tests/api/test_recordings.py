"""Identical runs are computed once and replayed; streams write every event that is due in one chunk."""

import asyncio
import dataclasses

import pytest
from fastapi.testclient import TestClient

from app.streaming import recordings
from app.streaming.recordings import RecordingCache, encode
from app.streaming.gate import StreamGate
from app.streaming.pacing import BATCH_EVENTS, paced_chunks
from app.main import create_app
from errorscape.runs.frames import Event, run_events, to_json
from errorscape.runs.plan import build_plan
from app.schemas.runs import RunQuery, entry_from_query, request_key
from app.settings import Settings
from tests.support.sse import frames, parse_text


def plan_for(**query):
    q = RunQuery(**{"surface": "himmelblau", "optimizer": "adam", "lr": 0.05, "steps": 30, **query})
    return build_plan(q, [entry_from_query(q)], Settings(), key=request_key(q))


def wire(events) -> bytes:
    return b"".join(framed for _, _, framed, _ in events)  # recordings.Encoded


def count_engine_runs(monkeypatch) -> list:
    started = []

    def counting(plan, resume_after=None):
        started.append(plan)
        return run_events(plan, resume_after)

    monkeypatch.setattr(recordings, "run_events", counting)
    return started


def test_identical_plans_share_one_recording_and_one_engine_run(monkeypatch):
    started = count_engine_runs(monkeypatch)
    cache = RecordingCache(2**20)
    first = cache.recording(plan_for(x0=-0.5))
    assert cache.recording(plan_for(x0=-0.5)) is first
    assert cache.recording(plan_for(x0=-0.25)) is not first  # another start: another run
    assert wire(first.replay()) == wire(cache.recording(plan_for(x0=-0.5)).replay())
    assert len(started) == 2


def test_a_replay_has_exactly_the_events_of_a_fresh_computation():
    plan = plan_for(x0=1.5, y0=-2.0, noise=0.3, seed=4)
    expected = wire(map(encode, run_events(plan)))
    cache = RecordingCache(2**20)
    half = cache.recording(plan).replay()
    for _ in range(10):  # a first viewer leaves halfway; the next one finishes the recording
        next(half)
    assert wire(cache.recording(plan).replay()) == expected
    assert wire(cache.recording(plan).replay()) == expected


def test_a_replay_resumes_after_the_last_event_id_like_a_fresh_stream():
    plan = plan_for()
    fresh = wire(map(encode, run_events(plan, resume_after=12)))
    assert wire(RecordingCache(2**20).recording(plan).replay(resume_after=12)) == fresh


def test_the_cache_keeps_to_its_byte_budget_dropping_the_least_recently_used():
    one = RecordingCache(2**20).recording(plan_for())
    list(one.replay())
    cache = RecordingCache(int(one.nbytes * 2.5))
    plans = [plan_for(x0=x) for x in (-1.0, -0.5, 0.0)]
    for plan in plans:
        list(cache.recording(plan).replay())
    assert len(cache) == 2 and cache.nbytes <= cache.budget
    kept = cache.recording(plans[2])
    assert cache.recording(plans[2]) is kept
    assert cache.recording(plans[0]) is not cache.recording(plans[1])  # the oldest was dropped


def test_plans_too_big_to_keep_and_a_zero_budget_stream_without_being_kept():
    cache = RecordingCache(2**20)
    big = plan_for(restarts=1000, steps=100)
    assert cache.recording(big) is not cache.recording(big) and len(cache) == 0
    off = RecordingCache(0)
    assert off.recording(plan_for()) is not off.recording(plan_for())


def chunks_of(plan, fps=0.0) -> list[bytes]:
    async def collect():
        events = RecordingCache(0).recording(plan).replay()
        return [c async for c in paced_chunks(StreamGate(10), events, plan, ping_interval=15)]

    return asyncio.run(collect())


def test_an_unpaced_stream_writes_events_in_batches_and_loses_none():
    plan = plan_for(steps=100)
    chunks = chunks_of(plan)
    assert b"".join(chunks) == wire(map(encode, run_events(plan)))
    assert len(chunks) < 103 / 4  # 103 events (start, 101 frames, done), not one write each
    assert max(c.count(b"event: frame") for c in chunks) == BATCH_EVENTS


def test_a_paced_stream_behind_schedule_catches_up_in_one_write():
    plan = plan_for(steps=30)
    plan = type(plan)(**{**plan.__dict__, "fps": 200.0})  # 31 frames due within 150 ms

    async def collect():
        events = RecordingCache(0).recording(plan).replay()
        stream = paced_chunks(StreamGate(10), events, plan, ping_interval=15)
        first = await anext(stream)
        await asyncio.sleep(0.3)  # a busy server: everything is due by now
        return first, [c async for c in stream]

    first, rest = asyncio.run(collect())
    assert first.count(b"event: frame") < 5  # start and frame 0 (and any due), then it waits
    assert rest[0].count(b"event: frame") == BATCH_EVENTS  # the backlog goes out in full batches
    assert first.count(b"event: frame") + sum(c.count(b"event: frame") for c in rest) == 31


def test_the_api_serves_identical_requests_from_one_recording(monkeypatch):
    started = count_engine_runs(monkeypatch)
    url = "/api/runs/stream?surface=rosenbrock&optimizer=adam&lr=0.01&steps=40"
    with TestClient(create_app()) as c:
        a = c.get(url).text
        b = c.get(url).text
        other = c.get(url + "&seed=1&noise=0.1").text
    assert a == b and frames(parse_text(a)) != frames(parse_text(other))
    assert len(started) == 2


def test_paced_frames_leave_on_the_shared_grid_early_by_less_than_a_tick_never_late():
    from app.streaming.pacing import TICK, _on_tick, write_time

    for due in (0.0, 0.0049, 0.005, 0.0999, 0.1, 12.3456789, 1e6 + 0.0333):
        assert due - TICK < _on_tick(due) <= due
    for t0 in (0.0, 7.0123, 1e5 + 0.31):
        for offset in (0.0, 0.0333, 0.2, 0.3999, 9.9):
            assert write_time(t0, offset, None) == _on_tick(t0 + offset)


def test_a_busy_stream_writes_each_interval_of_its_own_clock_ahead_of_time():
    from app.streaming.pacing import BUSY_LEAD, TICK, write_time

    interval = 0.2
    for t0 in (0.0, 7.0123, 1e5 + 0.31):
        times = [write_time(t0, n / 30, interval) for n in range(60)]  # 2 s at 30 fps
        for n, written in enumerate(times):
            late_by = written - (t0 + n / 30)
            assert -(interval + BUSY_LEAD + TICK) - 1e-6 < late_by <= -BUSY_LEAD + 1e-6  # ahead, never late
        assert times == sorted(times) and len(set(times)) == 10  # in groups: one write per 0.2 s
    # Two streams started 0.05 s apart write at different moments (no grid shared by every stream).
    assert write_time(10.0, 0.5, interval) != write_time(10.05, 0.5, interval)


def paced_writes(busy_at: int, busy_interval: float) -> list[tuple[float, int, int]]:
    """(time written, frames in it, its first frame's step) for each write of a 30 fps stream of 24 steps."""
    plan = plan_for(steps=24, fps=30)

    async def collect():
        loop = asyncio.get_running_loop()
        events = RecordingCache(0).recording(plan).replay()
        t0 = loop.time()
        writes = []
        async for chunk in paced_chunks(StreamGate(10, busy_at), events, plan, 15, None, busy_interval):
            steps = [int(line[4:]) for line in chunk.split(b"\n") if line.startswith(b"id: ")]
            writes.append((loop.time() - t0, chunk.count(b"event: frame"), min(steps, default=0)))
        return writes

    return asyncio.run(collect())


def test_a_busy_process_writes_a_paced_stream_in_groups_ahead_of_time():
    from app.streaming.pacing import BUSY_LEAD

    quiet = paced_writes(busy_at=10, busy_interval=0.2)  # 0 of 10 streams open: not busy
    busy = paced_writes(busy_at=0, busy_interval=0.2)
    assert sum(n for _, n, _ in quiet) == sum(n for _, n, _ in busy) == 25

    def typical(writes):  # frames in the median write (a write late in a slow event loop may carry more)
        return sorted(n for _, n, _ in writes)[len(writes) // 2]

    assert typical(quiet) == 1  # a frame a write
    assert typical(busy) == 6 and len(busy) <= 25 / 6 + 2  # 0.2 s of frames a write
    jitter = 0.02  # the event loop's own
    for written, _, first in busy[1:]:  # each write leaves BUSY_LEAD before its earliest frame is due
        assert written <= first / 30 - BUSY_LEAD + jitter


def cohort_recordings(*x0s):
    """Recordings made from the rows of one cohort, as a busy server makes them."""
    from errorscape.runs.cohort import Cohort

    cohort = Cohort()
    made = []
    for x0 in x0s:
        plan = plan_for(x0=x0)
        made.append(recordings.Recording(plan, None, cohort.join(dataclasses.replace(plan, family="f"))))
    return made


@pytest.mark.parametrize("read", [1, 5])  # 1: only the start event, before the cohort computed anything
def test_a_cohort_row_left_by_its_last_reader_is_finished_alone_for_the_next(read):
    left, stays = cohort_recordings(-0.5, 0.25)
    first = left.replay()
    for _ in range(read):
        next(first)
    first.close()  # the viewer went away: the cohort goes on without this row
    assert wire(stays.replay()) == wire(map(encode, run_events(plan_for(x0=0.25))))
    assert wire(left.replay()) == wire(map(encode, run_events(plan_for(x0=-0.5))))  # the rest, computed alone


def test_a_cohort_row_read_to_its_end_is_not_extended_again():
    (whole,) = cohort_recordings(-0.5)
    assert wire(whole.replay()) == wire(whole.replay()) == wire(map(encode, run_events(plan_for(x0=-0.5))))


def test_a_stream_that_hangs_up_while_its_cohort_forms_leaves_the_cohort():
    from errorscape.runs.cohort import Cohort

    async def main():
        cohort, ready = Cohort(), asyncio.Event()
        plan = dataclasses.replace(plan_for(fps=30), family="f")
        recording = recordings.Recording(plan, None, cohort.join(plan), ready)
        stream = paced_chunks(StreamGate(10), recording.replay(), plan, 15, ready)
        waiting = asyncio.ensure_future(stream.__anext__())
        await asyncio.sleep(0.01)
        assert cohort._cursors == [0]  # waiting for the cohort, holding its place
        waiting.cancel()  # the client went away
        await asyncio.gather(waiting, return_exceptions=True)
        await stream.aclose()
        return cohort

    assert asyncio.run(main())._cursors == [None]


def test_events_are_framed_as_fastapi_frames_them():
    from fastapi.sse import format_sse_event

    plan = plan_for(steps=60, lr=2.0)  # diverges: frames carry events
    events = [*run_events(plan), Event("start", {"text": "two\nlines\r\nand a \r"}), Event("frame", {"x": [1.0]}, 0)]
    for event in events:
        step = None if event.step is None else str(event.step)
        _, _, framed, _ = encode(event)
        assert framed == format_sse_event(event=event.kind, data_str=to_json(event.data), id=step)


def test_a_stream_is_paced_from_when_its_request_reached_the_app():
    """A request that waited before its stream began (routing, planning, a busy event loop) is not late for
    the whole run: frame n is due at the request's arrival + n/fps, so the frames already due go out at once."""
    from app.middleware.stream_guard import ARRIVED, StreamGuard

    plan = plan_for(steps=24, fps=30)

    async def first_write(waited: float) -> int:
        loop = asyncio.get_running_loop()
        events = RecordingCache(0).recording(plan).replay()
        chunks = paced_chunks(StreamGate(10, 10), events, plan, 15, None, 0.2, loop.time() - waited)
        first = await anext(chunks)
        await chunks.aclose()
        return first.count(b"event: frame")

    assert asyncio.run(first_write(0.0)) == 1
    assert asyncio.run(first_write(0.3)) >= 9  # frames 0..9 were due by then

    seen = {}

    async def app(scope, receive, send):
        seen.update(scope)

    async def noted() -> float:
        before = asyncio.get_running_loop().time()
        await StreamGuard(app, send_timeout=5)({"type": "http"}, None, None)
        return seen[ARRIVED] - before

    assert 0 <= asyncio.run(noted()) < 1
