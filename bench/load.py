"""Load: N concurrent viewers each streaming a paced run; lateness, first-frame latency, CPU, memory.

Loopback only, bounded in count and time. Each viewer is a raw asyncio connection (a light client, so
the load generator does not starve the server on a 2-core machine) that asks for
/api/runs/stream?...&fps=F and timestamps every frame. Lateness of frame n = its arrival − (request
time + n/F): how far behind the schedule the viewer sees it. Usage:

    python bench/load.py --viewers 100 200 500 --seconds 10     # a sweep; find the knee
    python bench/load.py --storm 1000                           # open and drop 1,000 streams
    python bench/load.py --viewers 200 --seconds 600 --label soak
Results are appended to bench/results/load.json and summarised in bench/results/load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

from serverproc import ROOT, cpu_seconds, machine, rss_mib, server

RESULTS = ROOT / "bench" / "results"
QUERY = "surface=himmelblau&optimizer=adam&lr=0.05&x0=-0.5&y0=0.5&tol=0"


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q / 100 * len(values)))]


async def viewer(port: int, path: str, fps: float, out: dict, drop_after: int | None = None) -> None:
    t_req = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
        await writer.drain()
        status = await reader.readline()
        if b" 200 " not in status:
            out["errors"].append(status.decode(errors="replace").strip())
            writer.close()
            return
        n = 0
        buf = b""
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                break
            now = time.monotonic()
            buf += chunk
            *events, buf = buf.split(b"\n\n")
            for event in events:
                if b"event: frame" in event:
                    if n == 0:
                        out["first"].append(now - t_req)
                    out["late"].append(max(0.0, now - (t_req + n / fps)) if fps else 0.0)
                    n += 1
                    if drop_after is not None and n >= drop_after:
                        writer.transport.abort()
                        return
                elif b"event: done" in event:
                    out["frames"] += n
                    writer.close()
                    return
        out["errors"].append("closed early")
    except (OSError, asyncio.IncompleteReadError) as e:
        out["errors"].append(type(e).__name__)


async def sweep_point(port: int, pid: int, viewers: int, seconds: float, fps: float, ramp: float) -> dict:
    steps = int(seconds * fps)
    path = f"/api/runs/stream?{QUERY}&steps={steps}&fps={fps}"
    out = {"first": [], "late": [], "errors": [], "frames": 0}
    rss0, cpu0, t0 = rss_mib(pid), cpu_seconds(pid), time.monotonic()
    rss_peak = rss0

    async def sample():
        nonlocal rss_peak
        while True:
            rss_peak = max(rss_peak, rss_mib(pid))
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample())
    tasks = []
    for i in range(viewers):
        tasks.append(asyncio.create_task(viewer(port, path, fps, out)))
        await asyncio.sleep(ramp / viewers)
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds * 3 + 60)
    sampler.cancel()
    wall = time.monotonic() - t0
    return {
        "viewers": viewers, "fps": fps, "steps": steps, "wall_s": round(wall, 2),
        "first_frame_ms": {"p50": pct(out["first"], 50) * 1e3, "p99": pct(out["first"], 99) * 1e3},
        "lateness_ms": {"p50": pct(out["late"], 50) * 1e3, "p99": pct(out["late"], 99) * 1e3,
                        "max": max(out["late"], default=float("nan")) * 1e3},
        "frames": out["frames"], "errors": len(out["errors"]), "error_kinds": sorted(set(out["errors"]))[:5],
        "server_cpu_percent": round(100 * (cpu_seconds(pid) - cpu0) / wall, 1),
        "server_rss_mib": {"before": round(rss0, 1), "peak": round(rss_peak, 1), "after": round(rss_mib(pid), 1)},
    }


async def idle_first_frame(port: int, repeats: int = 50) -> dict:
    out = {"first": [], "late": [], "errors": [], "frames": 0}
    for _ in range(repeats):
        await viewer(port, f"/api/runs/stream?{QUERY}&steps=1&fps=30", 30, out)
    return {"idle_first_frame_ms": {"p50": pct(out["first"], 50) * 1e3, "p99": pct(out["first"], 99) * 1e3},
            "errors": len(out["errors"])}


async def storm(base: str, port: int, pid: int, count: int) -> dict:
    import urllib.request

    def metric(name: str) -> float:
        text = urllib.request.urlopen(base + "/metrics").read().decode()
        return next((float(l.rsplit(" ", 1)[1]) for l in text.splitlines() if l.startswith(name + " ")), float("nan"))

    # Warm up first, so the "before" memory includes what any first stream allocates.
    warm = {"first": [], "late": [], "errors": [], "frames": 0}
    await asyncio.gather(*(viewer(port, f"/api/runs/stream?{QUERY}&steps=20", 0, warm) for _ in range(20)))
    await asyncio.sleep(1)
    rss_before, tasks_before = rss_mib(pid), metric("errorscape_asyncio_tasks")
    out = {"first": [], "late": [], "errors": [], "frames": 0}
    path = f"/api/runs/stream?{QUERY}&steps=2000&fps=60"
    batch = 100
    for i in range(0, count, batch):
        await asyncio.gather(*(viewer(port, path, 60, out, drop_after=3) for _ in range(min(batch, count - i))))
    await asyncio.sleep(2)
    return {"storm": count, "dropped_after_frames": 3, "errors": len(out["errors"]),
            "open_streams_after": metric("errorscape_open_streams"),
            "asyncio_tasks": {"before": tasks_before, "after": metric("errorscape_asyncio_tasks")},
            "rss_mib": {"before": round(rss_before, 1), "after": round(rss_mib(pid), 1),
                        "change_percent": round(100 * (rss_mib(pid) / rss_before - 1), 1)}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--viewers", type=int, nargs="*", default=[])
    ap.add_argument("--seconds", type=float, default=10.0, help="length of each paced run")
    ap.add_argument("--fps", type=float, default=30.0)
    ap.add_argument("--ramp", type=float, default=2.0, help="seconds over which viewers connect")
    ap.add_argument("--storm", type=int, default=0, help="open and drop this many streams")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--label", default="sweep")
    args = ap.parse_args()

    async def run() -> dict:
        result = {"label": args.label, "machine": machine(), "workers": args.workers,
                  "when": time.strftime("%Y-%m-%d %H:%M:%S"), "points": []}
        with server(env={"ERRORSCAPE_MAX_STREAMS": "5000"}, workers=args.workers) as (base, port, proc):
            result.update(await idle_first_frame(port))
            for n in args.viewers:
                point = await sweep_point(port, proc.pid, n, args.seconds, args.fps, args.ramp)
                print(json.dumps(point), flush=True)
                result["points"].append(point)
                await asyncio.sleep(2)
            if args.storm:
                result["storm"] = await storm(base, port, proc.pid, args.storm)
                print(json.dumps(result["storm"]), flush=True)
        return result

    result = asyncio.run(run())
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "load.json"
    history = json.loads(path.read_text()) if path.exists() else []
    history.append(result)
    path.write_text(json.dumps(history, indent=1))
    print(json.dumps({k: v for k, v in result.items() if k != "points"}, indent=1))


if __name__ == "__main__":
    main()
