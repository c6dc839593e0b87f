"""Throughput: frames per second one unpaced stream delivers, and grid latency for every surface.

    python bench/throughput.py
Streams are read through a real uvicorn over loopback by a raw-socket client. Each repeat of a stream
asks for another seed, so the engine computes it afresh; "replayed" repeats one request, which the
server then sends from its recording of the first (identical runs are computed once). Grid latency is measured
twice: computing the heights and their JSON (cold, in process: what a cache miss costs) and through
HTTP with the server's grid cache warm. Medians of several repeats; results in bench/results/throughput.*.
"""

from __future__ import annotations

import json
import socket
import statistics
import sys
import time
import urllib.request

from serverproc import ROOT, machine, server

sys.path.insert(0, str(ROOT))

from errorscape.surfaces.grid import grid_values  # noqa: E402
from errorscape.runs.frames import to_json  # noqa: E402
from errorscape.surfaces import SURFACES  # noqa: E402

STREAMS = {
    "single run, 10,000 steps": "surface=himmelblau&optimizer=adam&lr=0.01&steps=10000&tol=0",
    "1,000 restarts, 1,000 steps, every=10": "surface=himmelblau&optimizer=adam&lr=0.01&steps=1000&restarts=1000&every=10&tol=0",
}


def read_stream(port: int, path: str) -> tuple[int, float, int]:
    """(frames, seconds, bytes) for one whole stream."""
    sock = socket.create_connection(("127.0.0.1", port))
    t0 = time.perf_counter()
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    frames, size, tail = 0, 0, b""
    while True:
        chunk = sock.recv(1 << 20)
        if not chunk:
            break
        size += len(chunk)
        frames += (tail + chunk).count(b"event: frame")
        tail = chunk[-16:]
        if b"event: done" in tail + chunk[-4096:]:
            break
    sock.close()
    return frames, time.perf_counter() - t0, size


def main(repeats: int = 5) -> None:
    result = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M:%S"), "streams": {}, "grids": {}}
    with server() as (base, port, _proc):
        streams = {**{f"{name}, computed": [f"{q}&seed={i}" for i in range(repeats)] for name, q in STREAMS.items()},
                   "single run, 10,000 steps, replayed": [STREAMS["single run, 10,000 steps"]] * (repeats + 1)}
        for name, queries in streams.items():
            runs = [read_stream(port, f"/api/runs/stream?{q}") for q in queries][-repeats:]
            rates = [f / s for f, s, _ in runs]
            result["streams"][name] = {"frames": runs[0][0], "median_frames_per_s": statistics.median(rates),
                                       "median_mb_per_s": statistics.median(b / s / 1e6 for _, s, b in runs)}
            print(name, result["streams"][name], flush=True)
        for sid, surface in SURFACES.items():
            row = {}
            for n in (100, 200, 400):
                cold = []
                for _ in range(repeats):
                    t = time.perf_counter()
                    to_json(grid_values(surface.f, n, surface.domain.x, surface.domain.y))
                    cold.append(time.perf_counter() - t)
                warm = []
                url = f"{base}/api/surfaces/{sid}/grid?n={n}"
                urllib.request.urlopen(url).read()
                for _ in range(repeats):
                    t = time.perf_counter()
                    urllib.request.urlopen(url).read()
                    warm.append(time.perf_counter() - t)
                row[n] = {"cold_ms": statistics.median(cold) * 1e3, "warm_http_ms": statistics.median(warm) * 1e3}
            result["grids"][sid] = row
            print(sid, {n: f"{v['cold_ms']:.1f}/{v['warm_http_ms']:.1f} ms" for n, v in row.items()}, flush=True)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "throughput.json").write_text(json.dumps(result, indent=1))
    lines = [f"# Throughput ({result['when']}, {result['machine']['cpu']}, {result['machine']['cores']} cores)", "",
             "| stream | frames | median frames/s | median MB/s |", "|---|---|---|---|"]
    lines += [f"| {k} | {v['frames']} | {v['median_frames_per_s']:.0f} | {v['median_mb_per_s']:.1f} |"
              for k, v in result["streams"].items()]
    lines += ["", "| surface | n=100 cold / warm (ms) | n=200 | n=400 |", "|---|---|---|---|"]
    lines += [f"| {sid} | " + " | ".join(f"{row[n]['cold_ms']:.1f} / {row[n]['warm_http_ms']:.1f}" for n in (100, 200, 400)) + " |"
              for sid, row in result["grids"].items()]
    (out / "throughput.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
