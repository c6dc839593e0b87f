"""The browser app in headless Chromium (software WebGL): time to a drawn surface, and whether the
animation keeps pace with a race of 8 runs streamed at 60 frames per second.

- Load, three moments (the page's own performance marks), from navigation start:
  preview = the surface drawn without plotly.js (``errorscape:surface-preview``, static/js/preview.js:
  canvas 2D, visible but not interactive); surface = the frame after Plotly's first 3D draw
  (``errorscape:surface-drawn``: the interactive surface, the preview removed); figures = the contour,
  loss and gradient figures and the 3D marks drawn too (``errorscape:figures-drawn``).
  Cold = a fresh browser context each time (empty HTTP cache); warm = reloads in one context
  (plotly.js from the cache, as for a returning student).
  Side by side, the floor any plotly page has on this machine: a blank page (same origin) that only
  loads plotly.js, and one that loads it and draws a bare surface of the same grid size.
- Pace: 8 optimizers, 2,400 steps (40 s: long enough for a backlog trend), stream fps=60, playback
  60 steps/s. Every 250 ms the page's frame counters are sampled: received (from the stream) vs drawn
  (in the figures). A backlog that grows over time means drawing cannot keep up; a flat one means it
  can (frames are batched per animation frame, so a slow frame rate shows as bigger batches, not as a
  backlog).

Usage: python bench/page.py [--loads 7] [--steps 2400]
Writes bench/results/page.json and bench/results/page.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from serverproc import ROOT, machine, save_results, server

sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS  # noqa: E402

TARGET_MS = 1500
MARK = "performance.getEntriesByName('errorscape:surface-drawn')"
FIGURES = "performance.getEntriesByName('errorscape:figures-drawn')"
PREVIEW = "performance.getEntriesByName('errorscape:surface-preview')"


def time_load(page, base: str) -> dict:
    page.goto(base + "/", wait_until="commit")
    page.wait_for_function(f"{FIGURES}.length > 0", timeout=180_000, polling=50)
    return page.evaluate(f"""() => ({{
        preview: {PREVIEW}[0]?.startTime ?? null,
        surface: {MARK}[0].startTime,
        figures: {FIGURES}[0].startTime,
        dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd }})""")


BARE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<div id="d" style="width:700px;height:560px"></div>
<script src="/static/vendor/plotly-{version}.min.js"></script>
<script src="/bench-bare.js"></script></body></html>"""
BARE_JS = """performance.mark("bench:plotly");
const n = 72, x = [], y = [], z = [];
for (let i = 0; i < n; i++) { x.push(-5 + 10 * i / (n - 1)); y.push(-5 + 10 * i / (n - 1)); }
for (let i = 0; i < n; i++) z.push(x.map((u) => (u * u + y[i] - 11) ** 2 + (u + y[i] * y[i] - 7) ** 2));
Plotly.newPlot("d", [{type: "surface", x, y, z, showscale: false}], {margin: {l: 0, r: 0, t: 0, b: 0}},
  {plotGlPixelRatio: 1}).then(() => requestAnimationFrame(() => performance.mark("errorscape:surface-drawn")));"""


def time_bare(page, base: str, version: str) -> dict:
    """The floor: plotly.js alone, then a bare surface (served from this origin by route interception)."""
    page.route(base + "/bench-bare.html", lambda r: r.fulfill(body=BARE.format(version=version), content_type="text/html"))
    page.route(base + "/bench-bare.js", lambda r: r.fulfill(body=BARE_JS, content_type="text/javascript"))
    page.goto(base + "/bench-bare.html", wait_until="commit")
    page.wait_for_function(f"{MARK}.length > 0", timeout=180_000, polling=50)
    return page.evaluate(f"""() => ({{surface: {MARK}[0].startTime,
        plotly: performance.getEntriesByName('bench:plotly')[0].startTime}})""")


def loads(browser, base: str, n: int, version: str) -> dict:
    out = {"cold": [], "warm": [], "bare_cold": []}
    for _ in range(n):  # alternate, so that a change in the machine's load hits both alike
        for key, timer in (("cold", lambda p: time_load(p, base)), ("bare_cold", lambda p: time_bare(p, base, version))):
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            out[key].append(timer(context.new_page()))
            context.close()
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    time_load(page, base)  # fills the cache
    for _ in range(n):
        out["warm"].append(time_load(page, base))
    context.close()
    return out


RACE = """async ({steps}) => {
  const app = window.errorscape;
  const specs = await app.api.optimizers();
  const ids = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "nadam"]
    .filter(id => specs.some(s => s.id === id)).concat(specs.map(s => s.id)).slice(0, 8);
  const racers = [...new Set(ids)].slice(0, 8).map(id => {
    const spec = specs.find(s => s.id === id);
    const params = Object.fromEntries(spec.params.map(p => [p.name, p.default]));
    if (typeof params.lr === "number") params.lr = Math.max(params.lr, 0.01);
    return {optimizer: id, params};
  });
  app.store.set({surface: "himmelblau", racers, steps, speed: 60, x0: -0.5, y0: 0.5});
  await new Promise(r => setTimeout(r, 1500));  // the new surface's grid and scene
  app.run();
}"""

SAMPLE = """() => { const s = window.errorscape.player.status(); const p = window.errorscape.plots.stats;
  return {t: performance.now(), received: s.received, drawn: s.shown, ticks: s.stats.ticks, flushes: s.stats.flushes,
          appends: p.appends, appends3d: p.appends3d, appendMs: p.appendMs, finished: Boolean(s.finished)}; }"""


def pace(browser, base: str, steps: int) -> dict:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    time_load(page, base)
    page.wait_for_function("performance.getEntriesByName('errorscape:figures-drawn').length > 0", timeout=180_000)
    page.evaluate(RACE, {"steps": steps})
    samples = []
    deadline = time.monotonic() + steps / 60 * 4 + 60
    while time.monotonic() < deadline:
        s = page.evaluate(SAMPLE)
        samples.append(s)
        if s["finished"] and s["drawn"] == s["received"]:
            break
        time.sleep(0.25)
    context.close()
    return summarise_pace(samples, steps)


def slope(xs: list[float], ys: list[float]) -> float:
    if len(xs) < 2:
        return 0.0
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0.0


def summarise_pace(samples: list[dict], steps: int) -> dict:
    streaming = [s for s in samples if s["received"] > 0 and not s["finished"]]
    settled = streaming[len(streaming) // 2:]  # the second half: after the first draws warmed up
    first, last = samples[0], samples[-1]
    t0 = next((s["t"] for s in samples if s["received"] > 0), first["t"])
    seconds = (last["t"] - t0) / 1000
    backlog = [s["received"] - s["drawn"] for s in streaming] or [0]
    times = [(s["t"] - t0) / 1000 for s in streaming]
    late = [s["received"] - s["drawn"] for s in settled]
    settled_t = [(s["t"] - t0) / 1000 for s in settled]
    received_rate = slope(settled_t, [s["received"] for s in settled])
    drawn_rate = slope(settled_t, [s["drawn"] for s in settled])
    ticks = last["ticks"] - first["ticks"]
    flushes = last["flushes"] - first["flushes"]
    return {
        "frames": steps + 1,
        "runs": 8,
        "stream_fps": 60,
        "seconds": seconds,
        "received": last["received"],
        "drawn": last["drawn"],
        "drawn_over_received": last["drawn"] / max(last["received"], 1),
        "backlog_median": statistics.median(backlog),
        "backlog_max": max(backlog),
        "backlog_slope_per_s": slope(settled_t, late),
        "received_per_s": received_rate,
        "drawn_per_s": drawn_rate,
        "drawn_rate_over_received_rate": drawn_rate / received_rate if received_rate else 0.0,
        "lag_s_median": statistics.median(late or [0]) / 60,
        "animation_frames_per_s": ticks / seconds if seconds else 0.0,
        "frames_per_flush": last["drawn"] / max(flushes, 1),
        "ms_per_flush": (last["appendMs"] - first["appendMs"]) / max(last["appends"] - first["appends"], 1),
        "updates_3d_per_s": (last["appends3d"] - first["appends3d"]) / seconds if seconds else 0.0,
        "backlog_over_time": [[round(t, 2), b] for t, b in zip(times, backlog)],
    }


def median_of(runs: list[dict], key: str) -> float | None:
    """The median of a moment over the loads; a load without it (no preview: Plotly drew first) counts
    as Plotly's surface time, since that is when the surface became visible."""
    values = [r[key] if r[key] is not None else r["surface"] for r in runs]
    return statistics.median(values)


def summary(load: dict) -> dict:
    cold = [r["surface"] for r in load["cold"]]
    warm = [r["surface"] for r in load["warm"]]
    bare_surface = [r["surface"] for r in load["bare_cold"]]
    bare_plotly = [r["plotly"] for r in load["bare_cold"]]
    preview_cold = median_of(load["cold"], "preview")
    preview_warm = median_of(load["warm"], "preview")
    return {
        "preview_cold_median_ms": preview_cold,
        "preview_warm_median_ms": preview_warm,
        "preview_cold_over_target": preview_cold / TARGET_MS,
        "preview_warm_over_target": preview_warm / TARGET_MS,
        "previews_drawn": sum(r["preview"] is not None for r in load["cold"] + load["warm"]),
        "figures_cold_median_ms": median_of(load["cold"], "figures"),
        "figures_warm_median_ms": median_of(load["warm"], "figures"),
        "preview_cold_ms": [r["preview"] for r in load["cold"]],
        "preview_warm_ms": [r["preview"] for r in load["warm"]],
        "bare_plotly_cold_median_ms": statistics.median(bare_plotly),
        "bare_surface_cold_median_ms": statistics.median(bare_surface),
        "cold_over_bare_surface": statistics.median(cold) / statistics.median(bare_surface),
        "cold_median_ms": statistics.median(cold),
        "warm_median_ms": statistics.median(warm),
        "warm_over_cold": statistics.median(warm) / statistics.median(cold),
        "cold_over_target": statistics.median(cold) / TARGET_MS,
        "warm_over_target": statistics.median(warm) / TARGET_MS,
        "cold_ms": cold,
        "warm_ms": warm,
    }


def yes(ratio: float) -> str:
    return "yes" if ratio <= 1 else "**no**"


def markdown(result: dict) -> str:
    m, L, P = result["machine"], result["load"], result["pace"]
    return f"""# Browser app benchmark (bench/page.py)

Machine: {m['cpu']}, {m['cores']} cores, {m['system']}; Chromium {result['chromium']} with SwiftShader
(software WebGL); plotly.js {result['plotly']}; load average at start {result['loadavg']}.

## Time to a drawn 3D surface (from navigation start), {len(L['cold_ms'])} loads each

| | median | target | median / target | meets 1.5 s? |
|---|---|---|---|---|
| preview visible (canvas 2D, before plotly.js), cold | {L['preview_cold_median_ms']:.0f} ms | {TARGET_MS} ms | {L['preview_cold_over_target']:.2f} | {yes(L['preview_cold_over_target'])} |
| preview visible, warm | {L['preview_warm_median_ms']:.0f} ms | {TARGET_MS} ms | {L['preview_warm_over_target']:.2f} | {yes(L['preview_warm_over_target'])} |
| interactive Plotly surface drawn, cold (empty cache) | {L['cold_median_ms']:.0f} ms | {TARGET_MS} ms | {L['cold_over_target']:.2f} | {yes(L['cold_over_target'])} |
| interactive Plotly surface drawn, warm (cached plotly.js) | {L['warm_median_ms']:.0f} ms | {TARGET_MS} ms | {L['warm_over_target']:.2f} | {yes(L['warm_over_target'])} |
| every figure drawn (contour, loss, 3D marks), cold | {L['figures_cold_median_ms']:.0f} ms | | | |
| every figure drawn, warm | {L['figures_warm_median_ms']:.0f} ms | | | |

Previews drawn: {L['previews_drawn']} of {2 * len(L['cold_ms'])} loads (a load where Plotly drew first counts its
Plotly time as the preview's). Plotly surface, warm / cold: {L['warm_over_cold']:.2f}.

The floor on this machine, measured alternately with the cold loads: a blank page that only loads
plotly.js takes {L['bare_plotly_cold_median_ms']:.0f} ms (median); adding one bare surface of the same grid
size, {L['bare_surface_cold_median_ms']:.0f} ms. The app's Plotly surface, cold / bare surface: {L['cold_over_bare_surface']:.2f}.

## Keeping pace: 8 runs, {P['frames']} frames streamed at {P['stream_fps']} fps, played at 60 steps/s

| measure | value |
|---|---|
| frames drawn / received at the end | {P['drawn']} / {P['received']} ({P['drawn_over_received']:.2f}) |
| backlog (received − drawn) median / max | {P['backlog_median']} / {P['backlog_max']} frames |
| second half: frames drawn / received per second | {P['drawn_per_s']:.1f} / {P['received_per_s']:.1f} ({P['drawn_rate_over_received_rate']:.2f}) |
| second half: backlog trend | {P['backlog_slope_per_s']:+.2f} frames/s |
| second half: display behind the stream (median) | {P['lag_s_median']:.2f} s |
| animation frames per second | {P['animation_frames_per_s']:.1f} |
| stream frames per flush (one extendTraces per figure) | {P['frames_per_flush']:.1f} |
| time per flush (contour, series and, when due, 3D) | {P['ms_per_flush']:.0f} ms |
| 3D view updates per second (it batches more when WebGL is slow) | {P['updates_3d_per_s']:.1f} |
| wall time | {P['seconds']:.1f} s |
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=7)
    parser.add_argument("--steps", type=int, default=2400)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    import plotly.offline

    loadavg = " ".join(f"{v:.1f}" for v in os.getloadavg())
    with server() as (base, _port, _proc), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        result = {
            "machine": machine(),
            "chromium": browser.version,
            "plotly": plotly.offline.get_plotlyjs_version(),
            "loadavg": loadavg,
            "load": summary(loads(browser, base, args.loads, plotly.offline.get_plotlyjs_version())),
            "pace": pace(browser, base, args.steps),
        }
        browser.close()
    save_results("page", result, markdown(result))


if __name__ == "__main__":
    main()
