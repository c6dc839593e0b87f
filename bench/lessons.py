"""Lesson computations: how long each heavy lesson answer takes to compute (in process, caches cold).

    python bench/lessons.py [--repeats 5]

- basin maps: 100 × 100 starts through the engine as one (10,000, 2) array (target: under 2 s);
- random restarts: 1,000 runs × 500 steps, with the table and success curve;
- the real network: training plus a 41 × 41 slice (first use; target ≤ ~5 s), and the slice grids alone;
- high dimensions: 1,000-dimensional runs and slices, and the random-landscape census for N = 1..6.

Medians (and min/max) of several repeats, measured side by side in one run; the machine's load average
is recorded too, because the 2 cores are shared. Results: bench/results/lessons.json and lessons.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from serverproc import machine, save_results  # noqa: E402

from errorscape.surfaces import mlp_slice as landscape  # noqa: E402
from errorscape.lessons.basins import basin_map  # noqa: E402
from errorscape.lessons.counting import random_landscape_census  # noqa: E402
from errorscape.lessons.destinations import default_radius  # noqa: E402
from errorscape.lessons.ndim_runs import describe_slice, plan_for, trace  # noqa: E402
from app.schemas.lessons import HighDimQuery  # noqa: E402
from errorscape.lessons.restarts import restart_statistics  # noqa: E402
from errorscape.runs.plan import build_plan  # noqa: E402
from app.schemas.runs import RunQuery, entry_from_query, request_key  # noqa: E402
from app.settings import settings  # noqa: E402

BASINS = {
    "himmelblau, sgd lr=0.01, 300 steps": dict(surface="himmelblau", optimizer="sgd", lr=0.01, steps=300),
    "himmelblau, sgd lr=0.01, 500 steps, tol=0": dict(surface="himmelblau", optimizer="sgd", lr=0.01, steps=500, tol=0),
    "six-hump-camel, sgd lr=0.01, 300 steps": dict(surface="six-hump-camel", optimizer="sgd", lr=0.01, steps=300),
    "six-hump-camel, sgd lr=0.01, 500 steps": dict(surface="six-hump-camel", optimizer="sgd", lr=0.01, steps=500),
    "rastrigin, sgd lr=0.002, 300 steps": dict(surface="rastrigin", optimizer="sgd", lr=0.002, steps=300),
    "rastrigin, sgd lr=0.01, 500 steps (unstable: never converges)": dict(surface="rastrigin", optimizer="sgd",
                                                                          lr=0.01, steps=500),
    "six-hump-camel, adam lr=0.02, 500 steps": dict(surface="six-hump-camel", optimizer="adam", lr=0.02, steps=500),
}


def plan(**query):
    q = RunQuery(**query, every=query["steps"])
    return build_plan(q, [entry_from_query(q)], settings, key=request_key(q))


def timed(fn, repeats: int, before=None) -> dict:
    times = []
    for _ in range(repeats):
        if before:
            before()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "repeats": repeats}


def cold_landscape():
    landscape._train.cache_clear()
    landscape.slice_surface.cache_clear()


def highdim(objective: str, **extra):
    query = HighDimQuery(objective=objective, **extra)
    return plan_for(query, settings)


def run(repeats: int) -> dict:
    results: dict = {"machine": machine(), "load_average_at_start": os.getloadavg(), "repeats": repeats}
    basins = {}
    for name, query in BASINS.items():
        p = plan(**query)
        basins[name] = timed(lambda p=p: basin_map(p, 100, default_radius(p)), repeats)
        print("basins", name, basins[name], flush=True)
    results["basins_100x100"] = basins
    p = plan(surface="six-hump-camel", optimizer="sgd", lr=0.01, steps=500, restarts=1000)
    results["restarts_1000x500"] = timed(lambda: restart_statistics(p, default_radius(p)), repeats)
    results["landscape"] = {
        "train_and_41x41_slice_cold": timed(lambda: landscape.slice_grid(41, 1.0), repeats, before=cold_landscape),
        "slice_41x41_warm": timed(lambda: landscape.slice_grid(41, 1.0), repeats),
        "slice_101x101_warm": timed(lambda: landscape.slice_grid(101, 1.0), repeats),
        "interpolation_81_warm": timed(lambda: landscape.interpolation(81), repeats),
    }
    print("landscape", results["landscape"], flush=True)
    runs = {
        "rastrigin N=1000, adam, 500 steps": highdim("rastrigin", dim=1000, optimizer="adam", lr=0.05, steps=500,
                                                     tol=0),
        "styblinski-tang N=1000, sgd, 500 steps": highdim("styblinski-tang", dim=1000, optimizer="sgd", lr=0.01,
                                                          steps=500, tol=0),
        "random N=1000, sgd, 500 steps": highdim("random", dim=1000, optimizer="sgd", lr=0.01, steps=500),
    }
    results["highdim_runs"] = {name: timed(lambda p=p: trace(p), repeats) for name, p in runs.items()}
    p = runs["random N=1000, sgd, 500 steps"]
    tr = trace(p)
    results["highdim_slice_random_N1000_41x41"] = timed(
        lambda: describe_slice(p, tr, None, "random", 0, 1, 41, None), repeats)
    print("highdim", results["highdim_runs"], flush=True)
    results["census_N1_to_6_600_starts_20000_samples"] = timed(
        lambda: [random_landscape_census(d, 0, 600, 20_000) for d in range(1, 7)], max(1, repeats // 2))
    results["load_average_at_end"] = os.getloadavg()
    return results


def markdown(r: dict) -> str:
    def row(name, t):
        return f"| {name} | {t['median_s']:.3f} | {t['min_s']:.3f} | {t['max_s']:.3f} |"

    lines = ["# Lesson computations", "", f"Machine: {r['machine']}. Load average at start "
             f"{', '.join(f'{x:.2f}' for x in r['load_average_at_start'])}, at end "
             f"{', '.join(f'{x:.2f}' for x in r['load_average_at_end'])} (shared cores inflate times).",
             f"Repeats: {r['repeats']} (census: {max(1, r['repeats'] // 2)}). Seconds.", "",
             "| computation | median | min | max |", "| --- | --- | --- | --- |"]
    lines += [row(f"basin map 100×100: {n}", t) for n, t in r["basins_100x100"].items()]
    lines.append(row("restarts table: 1,000 runs × 500 steps (six-hump camel)", r["restarts_1000x500"]))
    lines += [row(f"MLP landscape: {n}", t) for n, t in r["landscape"].items()]
    lines += [row(f"high-dim run: {n}", t) for n, t in r["highdim_runs"].items()]
    lines.append(row("high-dim slice: random N=1000, 41×41", r["highdim_slice_random_N1000_41x41"]))
    lines.append(row("random-landscape census N=1..6", r["census_N1_to_6_600_starts_20000_samples"]))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    result = run(parser.parse_args().repeats)
    save_results("lessons", result, markdown(result))


if __name__ == "__main__":
    main()
