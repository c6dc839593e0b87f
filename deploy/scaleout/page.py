"""The page through the proxy, in Debian's Chromium, while the replica serving its stream is killed.

The page streams a paced run (POST /api/runs/stream, read with fetch); `kill()` is called once the
first frames are shown and must kill the replica that holds that stream. The page resumes by
itself with Last-Event-ID; it must finish the run, show every step once, equal the API's frames
exactly, and show no error.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Callable

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.support.browser import CHROMIUM, LAUNCH_ARGS  # noqa: E402 - the suite's launch settings

STEPS = 150
SLOW = 180_000  # ms: software WebGL on a loaded 2-core machine
JS_STATUS = """() => { const s = window.errorscape.player.status();
    return {received: s.received, shown: s.shown, finished: !!s.finished,
            steps: s.frames.map(f => f.step), x: s.frames.map(f => f.x[0]), y: s.frames.map(f => f.y[0])}; }"""
JS_FINISHED = "() => { const s = window.errorscape.player.status(); return !!s.finished && s.shown === s.received; }"


def api_frames(base: str, body: dict) -> list[dict]:
    """The same run read whole from the API, unpaced: what the page must end up showing."""
    frames, event = [], None
    with httpx.stream("POST", f"{base}/api/runs/stream", json={**body, "fps": 0}, timeout=60, trust_env=False) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event == "frame":
                frames.append(json.loads(line.split(":", 1)[1]))
    return frames


def run_through_failure(base: str, kill: Callable[[], str], screenshot: Path) -> list[str]:
    """Drive the page at `base` (the proxy's URL, prefix included); return the problems seen."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    bodies: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(SLOW)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("request", lambda r: r.method == "POST" and r.url.endswith("/api/runs/stream") and bodies.append(r.post_data))
            # Nothing may leave the machine: only the proxy's address is let through.
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) or
                       route.request.url.startswith(("data:", "blob:")) else route.abort())
            page.goto(base + "/")
            page.wait_for_function("() => performance.getEntriesByName('errorscape:figures-drawn').length > 0")
            page.select_option("#speed", "10")  # 10 steps a second: a 15 s stream
            steps = page.get_by_role("spinbutton", name="Steps", exact=True)
            steps.fill(str(STEPS))
            steps.press("Enter")
            page.get_by_role("button", name="Run", exact=True).click()
            page.wait_for_function("() => window.errorscape.player.status().received >= 20")
            started = time.monotonic()
            print(f"  page: {page.evaluate(JS_STATUS)['received']} frames in; killing {kill()}")
            page.wait_for_function(JS_FINISHED)
            status = page.evaluate(JS_STATUS)
            print(f"  page: finished {time.monotonic() - started:.1f} s after the kill, "
                  f"{status['received']} frames shown")
            if status["steps"] != list(range(STEPS + 1)):
                problems.append(f"page steps are not 0..{STEPS} once each: {status['steps'][:5]}...")
            expected = api_frames(base, json.loads(bodies[-1]))
            if status["x"] != [f["x"][0] for f in expected] or status["y"] != [f["y"][0] for f in expected]:
                problems.append("the page's trajectory differs from the API's frames")
            alert = page.locator("#alert")
            if alert.is_visible():
                problems.append(f"the page shows an error: {alert.inner_text()!r}")
            if "Finished" not in page.locator("#progress").inner_text():
                problems.append(f"progress says {page.locator('#progress').inner_text()!r}")
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=False)
        finally:
            browser.close()
    return problems
