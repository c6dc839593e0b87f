"""Load: N concurrent viewers each streaming a paced run; lateness, first-frame latency, CPU, memory.

Loopback only, bounded in count and time. Each viewer is a raw asyncio connection (a light client, so
the load generator does not starve the server on a 2-core machine) that asks for
/api/runs/stream?...&fps=F and timestamps every frame. Lateness of frame n = its arrival − (request
time + n/F): how far behind the schedule the viewer sees it. Usage:

    python bench/load.py --viewers 100 200 500 --seconds 10     # a sweep; find the knee
    python bench/load.py --viewers 50 100 --distinct            # every viewer its own run (no sharing)
    python bench/load.py --storm 1000                           # open and drop 1,000 streams
    python bench/load.py --viewers 200 --soak 600 --distinct --label soak   # 10 minutes, runs back to back
Results are appended to bench/results/load.json and summarised in bench/results/load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time

import uvloop

from serverproc import ROOT, cpu_seconds, machine, rss_mib, server

RESULTS = ROOT / "bench" / "results"
QUERY = "surface=himmelblau&optimizer=adam&lr=0.05&y0=0.5&tol=0"


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q / 100 * len(values)))]


class Viewer(asyncio.Protocol):
    """One viewer's connection. A bare protocol, not StreamReader: the client shares the server's two
    cores, so it must spend as little as possible per chunk (a few C-level byte scans)."""

    def __init__(self, fps: float, out: dict, t_req: float, drop_after: int | None, finished: asyncio.Future):
        self.fps, self.out, self.t_req, self.drop_after, self.finished = fps, out, t_req, drop_after, finished
        self.head = True
        self.buf = b""
        self.n = 0

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        if self.head:
            self.head = False
            if b" 200 " not in data.split(b"\r\n", 1)[0]:
                return self.end(data.split(b"\r\n", 1)[0].decode(errors="replace"))
        self.buf += data
        cut = self.buf.rfind(b"\n\n")
        if cut < 0:
            return
        complete, self.buf = self.buf[:cut], self.buf[cut + 2:]
        for _ in range(complete.count(b"event: frame")):
            if self.n == 0:
                self.out["first"].append(now - self.t_req)
            self.out["late"].append(max(0.0, now - (self.t_req + self.n / self.fps)) if self.fps else 0.0)
            self.n += 1
            if self.drop_after is not None and self.n >= self.drop_after:
                self.transport.abort()
                return self.end(None)
        if b"event: done" in complete:
            self.out["frames"] += self.n
            self.transport.close()
            self.end(None)

    def connection_made(self, transport) -> None:
        self.transport = transport

    def connection_lost(self, exc) -> None:
        self.end("closed early" if exc is None else type(exc).__name__)

    def end(self, error: str | None) -> None:
        if not self.finished.done():
            if error:
                self.out["errors"].append(error)
            self.finished.set_result(None)


async def viewer(port: int, path: str, fps: float, out: dict, drop_after: int | None = None) -> None:
    loop = asyncio.get_running_loop()
    finished = loop.create_future()
    t_req = time.monotonic()
    try:
        transport, _ = await loop.create_connection(
            lambda: Viewer(fps, out, t_req, drop_after, finished), "127.0.0.1", port)
    except OSError as e:
        out["errors"].append(type(e).__name__)
        return
    transport.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
    await finished


def viewer_path(i: int, steps: int, fps: float, distinct: bool) -> str:
    """Request i: the same run for everyone (a class pressing Run), or a start point of its own."""
    x0 = -0.5 + i * 1e-6 if distinct else -0.5
    return f"/api/runs/stream?{QUERY}&x0={x0!r}&steps={steps}&fps={fps}"


async def sweep_point(port: int, pid: int, viewers: int, seconds: float, fps: float, ramp: float,
                      distinct: bool) -> dict:
    steps = int(seconds * fps)
    out = {"first": [], "late": [], "errors": [], "frames": 0}
    rss0, cpu0, t0, client0 = rss_mib(pid), cpu_seconds(pid), time.monotonic(), time.process_time()
    rss_peak = rss0

    async def sample():
        nonlocal rss_peak
        while True:
            rss_peak = max(rss_peak, rss_mib(pid))
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample())
    tasks = []
    for i in range(viewers):
        tasks.append(asyncio.create_task(viewer(port, viewer_path(i, steps, fps, distinct), fps, out)))
        await asyncio.sleep(ramp / viewers)
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds * 3 + 60)
    sampler.cancel()
    wall = time.monotonic() - t0
    return {
        "viewers": viewers, "runs": "distinct" if distinct else "same", "fps": fps, "steps": steps,
        "wall_s": round(wall, 2),
        "first_frame_ms": {"p50": pct(out["first"], 50) * 1e3, "p99": pct(out["first"], 99) * 1e3},
        "lateness_ms": {"p50": pct(out["late"], 50) * 1e3, "p99": pct(out["late"], 99) * 1e3,
                        "max": max(out["late"], default=float("nan")) * 1e3},
        "frames": out["frames"], "errors": len(out["errors"]), "error_kinds": sorted(set(out["errors"]))[:5],
        "server_cpu_percent": round(100 * (cpu_seconds(pid) - cpu0) / wall, 1),
        "client_cpu_percent": round(100 * (time.process_time() - client0) / wall, 1),
        "server_rss_mib": {"before": round(rss0, 1), "peak": round(rss_peak, 1), "after": round(rss_mib(pid), 1)},
    }


async def idle_first_frame(port: int, repeats: int = 50) -> dict:
    out = {"first": [], "late": [], "errors": [], "frames": 0}
    for _ in range(repeats):
        await viewer(port, f"/api/runs/stream?{QUERY}&x0=-0.5&steps=1&fps=30", 30, out)
    return {"idle_first_frame_ms": {"p50": pct(out["first"], 50) * 1e3, "p99": pct(out["first"], 99) * 1e3},
            "errors": len(out["errors"])}


async def storm(base: str, port: int, pid: int, count: int) -> dict:
    import urllib.request

    def metric(name: str) -> float:
        text = urllib.request.urlopen(base + "/metrics").read().decode()
        return next((float(l.rsplit(" ", 1)[1]) for l in text.splitlines() if l.startswith(name + " ")), float("nan"))

    # Warm up first, so the "before" memory includes what any first stream allocates.
    warm = {"first": [], "late": [], "errors": [], "frames": 0}
    await asyncio.gather(*(viewer(port, f"/api/runs/stream?{QUERY}&x0=-0.5&steps=20", 0, warm) for _ in range(20)))
    await asyncio.sleep(1)
    rss_before, tasks_before = rss_mib(pid), metric("errorscape_asyncio_tasks")
    out = {"first": [], "late": [], "errors": [], "frames": 0}
    path = f"/api/runs/stream?{QUERY}&x0=-0.5&steps=2000&fps=60"
    batch = 100
    for i in range(0, count, batch):
        await asyncio.gather(*(viewer(port, path, 60, out, drop_after=3) for _ in range(min(batch, count - i))))
    await asyncio.sleep(2)
    return {"storm": count, "dropped_after_frames": 3, "errors": len(out["errors"]),
            "open_streams_after": metric("errorscape_open_streams"),
            "asyncio_tasks": {"before": tasks_before, "after": metric("errorscape_asyncio_tasks")},
            "rss_mib": {"before": round(rss_before, 1), "after": round(rss_mib(pid), 1),
                        "change_percent": round(100 * (rss_mib(pid) / rss_before - 1), 1)}}


async def soak(port: int, pid: int, viewers: int, seconds: float, fps: float, run_seconds: float,
               distinct: bool) -> dict:
    """``viewers`` viewers for ``seconds``, each streaming run after run; memory sampled every 10 s."""
    out = {"first": [], "late": [], "errors": [], "frames": 0}
    steps = int(run_seconds * fps)
    t0, cpu0 = time.monotonic(), cpu_seconds(pid)
    deadline = t0 + seconds
    samples = []

    async def watch():
        while True:
            samples.append((round(time.monotonic() - t0), round(rss_mib(pid), 1)))
            await asyncio.sleep(10)

    async def keep_watching(i: int):
        await asyncio.sleep(i * 2.0 / viewers)  # the same 2 s ramp as the sweep
        run = 0
        while time.monotonic() < deadline:
            await viewer(port, viewer_path(i * 1000 + run, steps, fps, distinct), fps, out)
            run += 1

    watcher = asyncio.create_task(watch())
    await asyncio.gather(*(keep_watching(i) for i in range(viewers)))
    watcher.cancel()
    wall = time.monotonic() - t0
    settled = [rss for t, rss in samples if t >= 60]
    return {"soak_s": round(wall), "viewers": viewers, "runs": "distinct" if distinct else "same",
            "frames_received": len(out["late"]), "errors": len(out["errors"]),
            "lateness_ms": {"p50": pct(out["late"], 50) * 1e3, "p99": pct(out["late"], 99) * 1e3},
            "server_cpu_percent": round(100 * (cpu_seconds(pid) - cpu0) / wall, 1),
            "rss_mib": {"first_minute_end": settled[0] if settled else None, "end": samples[-1][1],
                        "max_after_first_minute": max(settled, default=None),
                        "growth_after_first_minute_percent":
                            round(100 * (samples[-1][1] / settled[0] - 1), 1) if settled else None},
            "rss_samples": samples}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--viewers", type=int, nargs="*", default=[])
    ap.add_argument("--seconds", type=float, default=10.0, help="length of each paced run")
    ap.add_argument("--fps", type=float, default=30.0)
    ap.add_argument("--ramp", type=float, default=2.0, help="seconds over which viewers connect")
    ap.add_argument("--storm", type=int, default=0, help="open and drop this many streams")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--distinct", action="store_true",
                    help="every viewer streams its own run (another start point), so none is shared")
    ap.add_argument("--soak", type=float, default=0,
                    help="seconds of soak: --viewers N keep streaming --seconds-long runs back to back")
    ap.add_argument("--label", default="sweep")
    args = ap.parse_args()

    async def run() -> dict:
        result = {"label": args.label, "machine": machine(), "workers": args.workers,
                  "when": time.strftime("%Y-%m-%d %H:%M:%S"), "load_average": os.getloadavg(), "points": []}
        with server(env={"ERRORSCAPE_MAX_STREAMS": "5000"}, workers=args.workers) as (base, port, proc):
            result.update(await idle_first_frame(port))
            if args.soak:
                result["soak"] = await soak(port, proc.pid, args.viewers[0], args.soak, args.fps, args.seconds,
                                            args.distinct)
                print(json.dumps(result["soak"]), flush=True)
            for n in [] if args.soak else args.viewers:
                point = await sweep_point(port, proc.pid, n, args.seconds, args.fps, args.ramp, args.distinct)
                print(json.dumps(point), flush=True)
                result["points"].append(point)
                await asyncio.sleep(2)
            if args.storm:
                result["storm"] = await storm(base, port, proc.pid, args.storm)
                print(json.dumps(result["storm"]), flush=True)
        return result

    result = uvloop.run(run())  # the client shares the 2 cores: the lighter event loop leaves more to the server
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "load.json"
    history = json.loads(path.read_text()) if path.exists() else []
    history.append(result)
    path.write_text(json.dumps(history, indent=1))
    (RESULTS / "load.md").write_text(summary(history))
    print(json.dumps({k: v for k, v in result.items() if k != "points"}, indent=1))


def summary(history: list[dict]) -> str:
    """bench/results/load.md: every run in load.json, newest first."""
    ms = lambda v: f"{v:.0f} ms" if v < 1000 else f"{v / 1000:.1f} s"  # noqa: E731
    lines = ["# Load (bench/load.py)", "", "Every run recorded in `load.json`, newest first. Lateness: a frame's arrival "
             "against request time + n/fps. CPU: the server's processes (all workers) and the load client, "
             "as a share of one core.", ""]
    for run in reversed(history):
        load = " ".join(f"{v:.1f}" for v in run["load_average"]) if "load_average" in run else "not recorded"
        lines += [f"## {run['label']}: {run['when']}, {run.get('workers', 1)} worker(s), load average {load}", "",
                  f"Idle first frame p50 {ms(run['idle_first_frame_ms']['p50'])}, "
                  f"p99 {ms(run['idle_first_frame_ms']['p99'])}.", ""]
        if run["points"]:
            lines += ["| viewers | runs | first frame p50 / p99 | lateness p50 / p99 | errors | server CPU "
                      "| client CPU | server RSS peak |", "|---|---|---|---|---|---|---|---|"]
            for p in run["points"]:
                lines.append(f"| {p['viewers']} | {p.get('runs', 'same')} | {ms(p['first_frame_ms']['p50'])} / "
                             f"{ms(p['first_frame_ms']['p99'])} | {ms(p['lateness_ms']['p50'])} / "
                             f"{ms(p['lateness_ms']['p99'])} | {p['errors']} | {p['server_cpu_percent']} % | "
                             f"{p.get('client_cpu_percent', '')} % | {p['server_rss_mib']['peak']} MiB |")
            lines.append("")
        if "storm" in run:
            st = run["storm"]
            lines += [f"Disconnect storm: {st['storm']} streams dropped after {st['dropped_after_frames']} frames; "
                      f"{st['errors']} errors; open streams after: {st['open_streams_after']:.0f}; asyncio tasks "
                      f"{st['asyncio_tasks']['before']:.0f} -> {st['asyncio_tasks']['after']:.0f}; RSS "
                      f"{st['rss_mib']['before']} -> {st['rss_mib']['after']} MiB ({st['rss_mib']['change_percent']} %).", ""]
        if "soak" in run:
            so = run["soak"]
            lines += [f"Soak: {so['viewers']} viewers ({so['runs']} runs) for {so['soak_s']} s; {so['frames_received']} "
                      f"frames, {so['errors']} errors; lateness p50 {ms(so['lateness_ms']['p50'])}, p99 "
                      f"{ms(so['lateness_ms']['p99'])}; server CPU {so['server_cpu_percent']} %; RSS (MiB, every 10 s): "
                      + ", ".join(str(r) for _, r in so["rss_samples"]) + ".", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
