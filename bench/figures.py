"""How long an animated race figure takes to build, and how heavy it is.

A race of 4 optimizers, 200 steps, on a 100 × 100 Himmelblau grid (the page's default size): the
figure object (``errorscape.combined``), then its HTML without plotly.js (what a notebook or an export
carries besides the library). Medians of ``--repeats``; the load average is recorded beside them,
because the machine is shared. Writes bench/results/figures.json.

    .venv/bin/python bench/figures.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's errorscape, not an installed one

import errorscape  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "figures.json"
RACE = [{"optimizer": o, "lr": 0.01} for o in ("adam", "sgd", "rmsprop", "momentum")]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=7)
    args = p.parse_args()
    load_before = os.getloadavg()
    result = errorscape.race("himmelblau", RACE, steps=200, x0=0.5, y0=-0.5)
    errorscape.combined(result)  # warm-up: plotly's lazy imports
    build, html, total = [], [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        fig = errorscape.combined(result, n=100)
        t1 = time.perf_counter()
        page = fig.to_html(include_plotlyjs=False, full_html=False)
        t2 = time.perf_counter()
        build.append(t1 - t0)
        html.append(t2 - t1)
        total.append(t2 - t0)
    t0 = time.perf_counter()
    errorscape.race("himmelblau", RACE, steps=200, x0=0.5, y0=-0.5)
    compute = time.perf_counter() - t0
    out = {
        "figure": "combined view, race of 4 optimizers × 200 steps, Himmelblau 100 × 100, 32 frames",
        "repeats": args.repeats,
        "build_s_median": statistics.median(build),
        "to_html_s_median": statistics.median(html),
        "build_and_html_s_median": statistics.median(total),
        "race_compute_s": compute,
        "html_bytes_without_plotlyjs": len(page.encode()),
        "frames": len(fig.frames),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "plotly": __import__("plotly").__version__,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
