"""Start the app in a child uvicorn for a benchmark, and read its CPU time and memory from /proc."""

from __future__ import annotations

import json
import os
import platform
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.server import running_server  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's workers, when there are several)."""
    tree = [pid]
    for p in tree:
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            tree.extend(int(c) for c in task.read_text().split())
    return tree


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the server: the process and its workers."""
    total = 0
    for p in process_tree(pid):
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def rss_mib(pid: int) -> float:
    """Resident memory of the server: the process and its workers."""
    total = 0
    for p in process_tree(pid):
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def machine() -> dict:
    model = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                  if l.startswith("model name")), platform.processor())
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


@contextmanager
def server(env: dict[str, str] | None = None, workers: int = 1):
    """(base URL, port, process) of a quiet uvicorn (no access log) for the length of the block."""
    args = ("--no-access-log", "--workers", str(workers))
    with running_server(env={"ERRORSCAPE_LOG_LEVEL": "warning", **(env or {})}, args=args) as (base, proc):
        yield base, int(base.rsplit(":", 1)[1]), proc


def save_results(name: str, result: dict, summary: str) -> None:
    """Write bench/results/<name>.json and <name>.md, and print the summary."""
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    (results / f"{name}.md").write_text(summary)
    print(summary)
