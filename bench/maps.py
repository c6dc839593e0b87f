"""Benchmark a hyperparameter map: 100 × 100 cells (10,000 runs) × 500 steps in one vectorised pass.

Heavy-ball momentum on the elliptic bowl, lr (log, 1e-3 to 0.3) × momentum (0 to 0.95), one start, the
default stop tolerance: exactly what POST /api/tuning/map computes for that request (errorscape.runs.sweep),
without the HTTP layer. Target: under 2 s on the reference machine. Wall time and the process's CPU time
are both recorded, with the load average: on a shared machine the CPU time is the steadier figure.

    .venv/bin/python bench/maps.py [--repeats 5]

writes bench/results/maps.json and bench/results/maps.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from errorscape.limits import DEFAULT_LIMITS  # noqa: E402
from errorscape.runs.plan import TUNING_DEFAULTS, Entry  # noqa: E402
from errorscape.runs.sweep import Axis, hyper_map  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CELLS, STEPS, TARGET_S = 100, 500, 2.0


def one_map() -> dict:
    req = SimpleNamespace(surface="elliptic-bowl", expr=None, xmin=None, xmax=None, ymin=None, ymax=None, x0=None,
                          y0=None, steps=STEPS, seed=0, fps=0, every=1, restarts=0, tol=1e-6, state=False,
                          **TUNING_DEFAULTS)
    return hyper_map(req, Entry("momentum", {}), Axis("lr", 1e-3, 0.3, CELLS, log=True),
                     Axis("momentum", 0.0, 0.95, CELLS), DEFAULT_LIMITS)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    one_map()  # warm-up: imports, surface set-up
    wall, cpu = [], []
    for _ in range(args.repeats):
        w, c = time.perf_counter(), time.process_time()
        result = one_map()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    out = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "what": f"{CELLS}x{CELLS} map, {STEPS} steps, momentum on elliptic-bowl (lr x momentum)",
        "runs": CELLS * CELLS, "steps": STEPS, "repeats": args.repeats,
        "wall_s": wall, "cpu_s": cpu, "median_wall_s": statistics.median(wall), "median_cpu_s": statistics.median(cpu),
        "target_s": TARGET_S, "best_cell": result["best"],
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "cpu_count": os.cpu_count(), "machine": platform.processor() or platform.machine(),
        "python": platform.python_version(), "numpy": np.__version__,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "maps.json").write_text(json.dumps(out, indent=2) + "\n")
    load = ", ".join(f"{v:.1f}" for v in out["load_average"] or [])
    (RESULTS / "maps.md").write_text(
        f"# Hyperparameter map benchmark ({out['when']})\n\n{out['what']}: {out['runs']:,} runs in one pass.\n\n"
        f"| | median s | all repeats |\n| --- | ---: | --- |\n"
        f"| wall | {out['median_wall_s']:.2f} | {', '.join(f'{v:.2f}' for v in wall)} |\n"
        f"| process CPU | {out['median_cpu_s']:.2f} | {', '.join(f'{v:.2f}' for v in cpu)} |\n\n"
        f"Target {TARGET_S:g} s. Load average {load} on {out['cpu_count']} cores; numpy {np.__version__}.\n")
    print(json.dumps({k: out[k] for k in ("median_wall_s", "median_cpu_s", "load_average")}))
    return out


if __name__ == "__main__":
    main()
