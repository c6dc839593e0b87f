"""Benchmark the optimizer engine against torch.optim.

Adam (torch's defaults), 1,000 restarts x 1,000 steps on Rastrigin (A = 10, analytic gradient), in
one process: the engine on a (1000, 2) float64 array, and torch.optim.Adam on one (1000, 2) float64
tensor doing the same batched work, with the gradient computed by the same formula
2θ + 2πA·sin(2πθ) in each library. Repeats are interleaved (engine, torch, engine, torch, ...) so
both see the same machine load; the medians and their ratio are the result.

    .venv/bin/python bench/engine.py [--repeats 15]

writes bench/results/engine.json and bench/results/engine.md. torch is a test/bench-only dependency
and is imported here only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from errorscape.optimizers import OPTIMIZERS  # noqa: E402

RESULTS = ROOT / "bench" / "results"
RUNS, STEPS, A, SEED = 1000, 1000, 10.0, 0
TAU = 2 * math.pi


def gradient(P: np.ndarray) -> np.ndarray:
    """Rastrigin's exact gradient, ∂/∂θ (θ² − A·cos 2πθ) = 2θ + 2πA·sin 2πθ, per coordinate."""
    return 2 * P + (TAU * A) * np.sin(TAU * P)


def engine_adam(starts: np.ndarray, grad=gradient) -> np.ndarray:
    opt = OPTIMIZERS["adam"].factory()
    params = starts.copy()
    state = opt.init(params)
    for step in range(1, STEPS + 1):
        params, state = opt.update(grad(params), state, params, step)
    return params


def torch_adam(starts: np.ndarray, **options) -> np.ndarray:
    import torch

    p = torch.tensor(starts, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], **options)
    for _ in range(STEPS):
        with torch.no_grad():
            p.grad = 2 * p + (TAU * A) * torch.sin(TAU * p)
        opt.step()
    return p.detach().numpy()


def machine() -> dict:
    import torch

    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "torch_cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "platform": platform.platform(),
    }


def timed(fn, *args, **kwargs) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def main(argv: list[str] | None = None) -> dict:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)

    # One torch thread: the elementwise kernels on 2,000 numbers run on one thread anyway (below torch's
    # parallel grain size), and on a small shared machine the idle pool's spinning made torch 30x slower
    # (12 s per run with 2 threads on 2 cores). One thread is torch's fastest setting here.
    torch.set_num_threads(1)
    starts = np.random.default_rng(SEED).uniform(-5.12, 5.12, (RUNS, 2))

    from errorscape.surfaces import get_surface

    surface = get_surface("rastrigin")
    surface_gradient = surface.gradient if surface is not None else None
    if surface_gradient is not None:  # the inline formula is the app's Rastrigin
        np.testing.assert_allclose(gradient(starts), surface_gradient(starts), rtol=1e-12, atol=1e-12)

    variants = {
        "engine": lambda: engine_adam(starts),
        "torch": lambda: torch_adam(starts),  # torch.optim.Adam's defaults: the single-tensor path on CPU
        "torch_fused": lambda: torch_adam(starts, fused=True),  # for reference: torch's fastest CPU kernel
    }
    if surface_gradient is not None:  # for reference: the runner's path, gradient from errorscape.surfaces
        variants["engine_app_surface"] = lambda: engine_adam(starts, grad=surface_gradient)
    for fn in variants.values():  # warm-up
        fn()
    times: dict[str, list[float]] = {name: [] for name in variants}
    finals: dict[str, np.ndarray] = {}
    for r in range(args.repeats):
        names = list(variants) if r % 2 == 0 else list(reversed(variants))
        for name in names:
            seconds, finals[name] = timed(variants[name])
            times[name].append(seconds)

    medians = {name: statistics.median(ts) for name, ts in times.items()}
    gap = np.abs(finals["engine"] - finals["torch"]).max() / np.abs(finals["torch"]).max()
    result = {
        "benchmark": "Adam (torch defaults: lr=1e-3, betas=(0.9, 0.999), eps=1e-8), Rastrigin A=10, "
                     f"{RUNS} restarts x {STEPS} steps, float64, analytic gradient in both",
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "repeats": args.repeats,
        "seconds": {name: {"median": medians[name], "min": min(ts), "all": ts} for name, ts in times.items()},
        "speedup_vs_torch": medians["torch"] / medians["engine"],
        # each repeat's torch time over the engine time measured next to it: robust to load that drifts
        "speedup_vs_torch_median_of_pairs": statistics.median(t / e for t, e in zip(times["torch"], times["engine"])),
        "speedup_vs_torch_fused": medians["torch_fused"] / medians["engine"],
        "final_params_max_relative_difference_engine_vs_torch": float(gap),
        "target": "engine at least 3x faster than torch.optim.Adam",
    }
    result["target_met"] = result["speedup_vs_torch"] >= 3.0
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "engine.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "engine.md").write_text(summary(result))
    print(summary(result))
    return result


def summary(r: dict) -> str:
    m, s = r["machine"], r["seconds"]
    rows = [
        ("engine (numpy)", "engine"),
        ("torch.optim.Adam (default, single-tensor)", "torch"),
        ("torch.optim.Adam(fused=True)", "torch_fused"),
        ("engine, gradient from errorscape.surfaces", "engine_app_surface"),
    ]
    lines = [
        "# Engine benchmark",
        "",
        f"{r['benchmark']}; {r['repeats']} interleaved repeats, {r['when']}.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores "
        f"(load average {', '.join(f'{x:.1f}' for x in m['load_average'] or [])}), "
        f"Python {m['python']}, numpy {m['numpy']}, torch {m['torch']} ({m['torch_cpu_capability']}, "
        f"{m['torch_threads']} thread).",
        "",
        "| variant | median s | min s |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {label} | {s[key]['median']:.3f} | {s[key]['min']:.3f} |" for label, key in rows if key in s]
    lines += [
        "",
        f"**Speed-up vs torch.optim.Adam: {r['speedup_vs_torch']:.1f}x** (medians; target 3x: "
        f"{'met' if r['target_met'] else 'NOT met'}); median of the per-repeat ratios "
        f"{r['speedup_vs_torch_median_of_pairs']:.1f}x; vs fused torch {r['speedup_vs_torch_fused']:.1f}x.",
        "",
        "Final parameters, engine vs torch: max relative difference "
        f"{r['final_params_max_relative_difference_engine_vs_torch']:.1e}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
