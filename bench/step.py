"""What one distinct viewer's step costs the server: computing it, and encoding its frame.

The run is `bench/load.py --distinct`'s viewer (Adam on Himmelblau, lr 0.05, tol 0, 300 steps, every
frame sent), built as the stream builds it and computed by the same generator (`run_events`), then encoded
as the stream encodes it (`app.streaming.recordings.encode`). CPU time of the process (`process_time`),
median over repeats; run it with nothing else on the machine.

Then the same viewers as the rows of a cohort (`errorscape.runs.cohort`, what a busy server does): per
member and step, computing and picking its row (fan-out), for cohorts of a few sizes.

    .venv/bin/python bench/step.py [--repeats 30]

writes bench/results/step.json and bench/results/step.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from serverproc import machine, save_results  # noqa: E402

from app.schemas.runs import RunQuery, entry_from_query, family_key, request_key  # noqa: E402
from app.settings import settings  # noqa: E402
from app.streaming.recordings import encode  # noqa: E402
from errorscape.runs.cohort import Cohort  # noqa: E402
from errorscape.runs.frames import run_events  # noqa: E402
from errorscape.runs.plan import build_plan  # noqa: E402

STEPS = 300
COHORT_SIZES = (1, 8, 32, 128)


def plan(i: int):
    q = RunQuery(surface="himmelblau", optimizer="adam", lr=0.05, y0=0.5, tol=0, x0=-0.5 + i * 1e-6, steps=STEPS, every=1)
    return build_plan(q, [entry_from_query(q)], settings, key=request_key(q), family=family_key(q))


def measure(repeats: int) -> dict:
    compute, encoding = [], []
    for i in range(repeats):
        p = plan(i)
        t0 = time.process_time()
        events = list(run_events(p))
        t1 = time.process_time()
        for event in events:
            encode(event)
        t2 = time.process_time()
        frames = sum(e.kind == "frame" for e in events)
        compute.append((t1 - t0) / frames * 1e6)
        encoding.append((t2 - t1) / frames * 1e6)
    return {"frames": frames, "compute_us_per_step": statistics.median(compute),
            "encode_us_per_frame": statistics.median(encoding), "repeats": repeats,
            "cohort_us_per_member_step": {n: cohort_step(n, max(1, repeats // 10)) for n in COHORT_SIZES}}


def cohort_step(size: int, repeats: int) -> float:
    """CPU µs per member per step in a cohort of ``size`` read in turn (as paced streams read): median."""
    times = []
    for r in range(repeats):
        cohort = Cohort()
        members = [cohort.join(plan(r * size + i)) for i in range(size)]
        t0 = time.process_time()
        frames = 0
        while members:
            for member in list(members):
                event = next(member, None)
                if event is None:
                    members.remove(member)
                frames += event is not None and event.kind == "frame"
        times.append((time.process_time() - t0) / frames * 1e6)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=30)
    args = ap.parse_args()
    measure(3)  # warm imports and caches
    result = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "load_average": os.getloadavg(),
              "machine": machine(), **measure(args.repeats)}
    per_frame = result["compute_us_per_step"] + result["encode_us_per_frame"]
    summary = (f"# One distinct viewer's step\n\n{result['when']}, load average {result['load_average'][0]:.2f}: "
               f"computing a step {result['compute_us_per_step']:.1f} µs, encoding its frame "
               f"{result['encode_us_per_frame']:.1f} µs (CPU, median of {args.repeats} runs of {result['frames']} "
               f"frames): {per_frame:.1f} µs a frame, so 1,000 viewers at 30 frames/s need "
               f"{per_frame * 30_000 / 1e6:.2f} cores before sending.\n\nAs a row of a cohort, computing and picking its "
               "row, per member and step: " + ", ".join(f"{us:.1f} µs among {n}" for n, us in
                                                        result["cohort_us_per_member_step"].items()) + ".\n")
    save_results("step", result, summary)


if __name__ == "__main__":
    main()
