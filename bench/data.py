"""Data surfaces: how long a 100 × 100 grid of a model's loss over 5,000 rows takes (target: under 1 s).

    python bench/data.py [--repeats 5]

For each model and loss on a 5,000-row dataset: the grid's heights (what GET /api/surfaces/data/grid
computes), the gradient and the Hessian on the same grid, and building the surface (data, minimum, domain).
Medians (and min/max) of several repeats, and the machine's load average (the 2 cores are shared).
Results: bench/results/data.json and data.md.
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

import numpy as np  # noqa: E402
from serverproc import machine, save_results  # noqa: E402

from errorscape.data.models import DEFAULT_LOSS, LOSSES, MODELS  # noqa: E402
from errorscape.data.network import DEFAULT_CHOICE, network_slice  # noqa: E402
from errorscape.data.surface import _build, load_data, network_model  # noqa: E402

CASES = [("line", "linear", "mse"), ("sine", "tanh", "mse"), ("moons", "logistic", "cross-entropy"),
         ("moons", "logistic", "mse"), ("sine", "network", "mse"), ("moons", "network", "cross-entropy")]


def build(data, dataset, key, model_id, loss):
    """The surface as data_surface builds it, without its cache (the network trained once, outside the timing)."""
    model, net = MODELS[model_id], None
    if model.choices:
        net = network_slice(data, key, LOSSES[(DEFAULT_LOSS[data.kind], data.kind)], DEFAULT_CHOICE)
        model = network_model(model, net)
    return _build(data, dataset, model, loss, 0.0, None, 0, net)
ROWS, N = 5000, 100


def timed(fn, repeats: int) -> dict:
    """Wall-clock seconds, and this process's CPU seconds: on a machine shared with other work the CPU time
    is close to what the wall clock would read on a quiet one (numpy here runs on one thread)."""
    times, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "cpu_median_s": statistics.median(cpu)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    load_before = os.getloadavg()
    rows = {}
    for dataset, model, loss in CASES:
        data, key = load_data(dataset, ROWS, 0)
        surface = build(data, dataset, key, model, loss)
        axis = np.linspace(-3, 3, N)
        w1, w2 = np.meshgrid(axis, axis)
        name = f"{model} / {loss} on {dataset}, {ROWS} rows"
        rows[name] = {
            "grid_values": timed(lambda: surface.f(w1, w2), args.repeats),
            "grid_gradient": timed(lambda: surface.grad(w1, w2), args.repeats),
            "grid_hessian": timed(lambda: surface.hess(w1, w2), args.repeats),
            "build_surface": timed(lambda: build(data, dataset, key, model, loss), args.repeats),
        }
        print(name, {k: round(v["median_s"], 3) for k, v in rows[name].items()}, flush=True)
    result = {"machine": machine(), "load_average_before": load_before, "load_average_after": os.getloadavg(),
              "grid": f"{N} x {N}", "rows": ROWS, "repeats": args.repeats, "cases": rows}
    lines = ["# Data surfaces: 100 × 100 grid on 5,000 rows (medians, seconds)", "",
             f"Load average before / after: {load_before[0]:.2f} / {os.getloadavg()[0]:.2f}", "",
             "Each cell: wall-clock median (CPU seconds of this process).", "",
             "| case | grid values | gradient | Hessian | build (data + minimum) |", "|---|---|---|---|---|"]
    for name, r in rows.items():
        lines.append(f"| {name} | " + " | ".join(f"{r[k]['median_s']:.3f} ({r[k]['cpu_median_s']:.3f})" for k in
                                                  ("grid_values", "grid_gradient", "grid_hessian", "build_surface")) + " |")
    save_results("data", result, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
