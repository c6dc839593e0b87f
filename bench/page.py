"""The browser app in headless Chromium (software WebGL): time to a drawn surface with the plotly.js build
the app ships (only its trace types) and with the full plotly.js, side by side in one run, and whether the
animation keeps pace with a race of 8 runs streamed at 60 frames per second.

- Load, three moments (the page's own performance marks), from navigation start:
  preview = the surface drawn without plotly.js (``errorscape:surface-preview``, static/js/preview.js:
  canvas 2D, visible but not interactive); surface = the frame after Plotly's first 3D draw
  (``errorscape:surface-drawn``: the interactive surface, the preview removed); figures = the contour,
  loss and gradient figures and the 3D marks drawn too (``errorscape:figures-drawn``).
  Two servers run at once: one as shipped (the partial build), one with ERRORSCAPE_PLOTLY_BUNDLE=full.
  Each round loads, in turn: the main page and /embed from each; the main page with the preview switched
  off (preview.js answered with its drawing disabled, so plotly.js runs at once: what the preview costs or
  saves); and, for each build, a blank page that only runs it and one that also draws a bare surface
  (the floor any plotly page has here). Alternating spreads a change in the machine's load over all.
  Cold = a fresh browser context each time (empty HTTP cache); warm = reloads in one context (plotly.js
  from the cache, as for a returning student), main page only.
- Pace (skip with --steps 0): 8 optimizers, 2,400 steps (40 s: long enough for a backlog trend), stream
  fps=60, playback 60 steps/s, partial build. Every 250 ms the page's frame counters are sampled: received
  (from the stream) vs drawn (in the figures). A backlog that grows over time means drawing cannot keep
  up; a flat one means it can (frames are batched per animation frame, so a slow frame rate shows as
  bigger batches, not as a backlog).

Usage: python bench/page.py [--loads 7] [--steps 2400] [--pages-only]
(--pages-only: cold loads of / and /embed per build only, for the ratios; no warm, bare or no-preview case.)
Writes bench/results/page.json and bench/results/page.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
import urllib.request
from contextlib import ExitStack

from serverproc import ROOT, machine, save_results, server

sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS  # noqa: E402

TARGET_MS = 1500
TARGET_RATIO = 0.6  # partial build's interactive surface, cold, over the full build's
BUNDLES = ("partial", "full")
MARK = "performance.getEntriesByName('errorscape:surface-drawn')"
FIGURES = "performance.getEntriesByName('errorscape:figures-drawn')"
PREVIEW = "performance.getEntriesByName('errorscape:surface-preview')"
VIEWPORT = {"width": 1440, "height": 900}


def wait_for(page, predicate: str) -> None:
    # A function, not an expression: Playwright polls an expression with eval, which the page's CSP forbids.
    page.wait_for_function(f"() => {predicate}", timeout=180_000, polling=50)


def time_load(page, url: str) -> dict:
    page.goto(url, wait_until="commit")
    wait_for(page, f"{FIGURES}.length > 0")
    return page.evaluate(f"""() => ({{
        preview: {PREVIEW}[0]?.startTime ?? null,
        surface: {MARK}[0].startTime,
        figures: {FIGURES}[0].startTime,
        dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd }})""")


def without_preview(page) -> None:
    """Answer preview.js with its drawing switched off: the early requests stay, plotly.js runs at once."""
    def handle(route):
        body = route.fetch().text().replace("async function preview() {", "async function preview() { return;", 1)
        route.fulfill(body=body, content_type="text/javascript")
    page.route("**/js/preview.js", handle)


BARE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<div id="d" style="width:700px;height:560px"></div>
<script src="{plotly}"></script>
<script src="/bench-bare.js"></script></body></html>"""
BARE_JS = """performance.mark("bench:plotly");
const n = 72, x = [], y = [], z = [];
for (let i = 0; i < n; i++) { x.push(-5 + 10 * i / (n - 1)); y.push(-5 + 10 * i / (n - 1)); }
for (let i = 0; i < n; i++) z.push(x.map((u) => (u * u + y[i] - 11) ** 2 + (u + y[i] * y[i] - 7) ** 2));
Plotly.newPlot("d", [{type: "surface", x, y, z, showscale: false}], {margin: {l: 0, r: 0, t: 0, b: 0}},
  {plotGlPixelRatio: 1}).then(() => requestAnimationFrame(() => performance.mark("errorscape:surface-drawn")));"""


def time_bare(page, base: str, plotly: str) -> dict:
    """The floor: plotly.js alone, then a bare surface (served from this origin by route interception)."""
    page.route(base + "/bench-bare.html", lambda r: r.fulfill(body=BARE.format(plotly=plotly), content_type="text/html"))
    page.route(base + "/bench-bare.js", lambda r: r.fulfill(body=BARE_JS, content_type="text/javascript"))
    page.goto(base + "/bench-bare.html", wait_until="commit")
    wait_for(page, f"{MARK}.length > 0")
    return page.evaluate(f"""() => ({{surface: {MARK}[0].startTime,
        plotly: performance.getEntriesByName('bench:plotly')[0].startTime}})""")


def plotly_url(base: str) -> str:
    """The plotly.js this server's page runs (its data-plotly attribute)."""
    with urllib.request.urlopen(base + "/") as r:
        return re.search(r'data-plotly="([^"]+)"', r.read().decode()).group(1)


def cases(bases: dict[str, str], pages_only: bool = False) -> dict:
    """name -> (timer taking a fresh page): every cold case of one round (only the two pages' if pages_only)."""
    out = {}
    for bundle, base in bases.items():
        out[f"{bundle} /"] = lambda p, base=base: time_load(p, base + "/")
        out[f"{bundle} /embed"] = lambda p, base=base: time_load(p, base + "/embed")
    if pages_only:
        return out
    partial = bases["partial"]
    out["partial / without preview"] = lambda p: (without_preview(p), time_load(p, partial + "/"))[1]
    for bundle, base in bases.items():
        out[f"{bundle} bare"] = lambda p, base=base: time_bare(p, base, plotly_url(base))
    return out


def loads(browser, bases: dict[str, str], n: int, pages_only: bool = False) -> dict:
    timers = cases(bases, pages_only)
    out = {name: [] for name in timers}
    for _ in range(n):  # alternate, so that a change in the machine's load hits every case alike
        for name, timer in timers.items():
            context = browser.new_context(viewport=VIEWPORT)
            out[name].append(timer(context.new_page()))
            context.close()
    if pages_only:
        return out
    out |= {f"{bundle} / warm": [] for bundle in bases}
    warm = {bundle: browser.new_context(viewport=VIEWPORT).new_page() for bundle in bases}
    for bundle, page in warm.items():
        time_load(page, bases[bundle] + "/")  # fills the cache
    for _ in range(n):  # alternated too
        for bundle, page in warm.items():
            out[f"{bundle} / warm"].append(time_load(page, bases[bundle] + "/"))
    for page in warm.values():
        page.context.close()
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
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    time_load(page, base + "/")
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


def median_of(runs: list[dict], key: str) -> float:
    """The median of a moment over the loads; a load without it (no preview: Plotly drew first) counts
    as Plotly's surface time, since that is when the surface became visible."""
    return statistics.median(r[key] if r.get(key) is not None else r["surface"] for r in runs)


def summary(load: dict) -> dict:
    """Per case: medians of each moment; then the partial build over the full one (cold surface)."""
    out = {"cases": {}, "raw": load}
    for name, runs in load.items():
        keys = ("plotly", "surface") if name.endswith("bare") else ("preview", "surface", "figures")
        out["cases"][name] = {f"{k}_median_ms": median_of(runs, k) for k in keys} | {"loads": len(runs)}
        if not name.endswith("bare"):
            out["cases"][name]["previews_drawn"] = sum(r["preview"] is not None for r in runs)
    c = out["cases"]
    out["ratios"] = {
        page: c[f"partial {page}"]["surface_median_ms"] / c[f"full {page}"]["surface_median_ms"]
        for page in ("/", "/embed", "/ warm", "bare") if f"partial {page}" in c
    }
    return out


def yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def markdown(result: dict) -> str:
    m, L = result["machine"], result["load"]
    c, r = L["cases"], L["ratios"]
    ms = lambda v: f"{v:.0f} ms"  # noqa: E731
    rows = "\n".join(
        f"| {name} | {ms(v['preview_median_ms'])} ({v['previews_drawn']}/{v['loads']}) | **{ms(v['surface_median_ms'])}** "
        f"| {ms(v['figures_median_ms'])} |"
        for name, v in c.items() if not name.endswith("bare"))
    extra = "".join(f"| {label} | {r[key]:.2f} | |\n" for key, label in (("/ warm", "main page, warm"),
                    ("bare", "bare surface (the floor)")) if key in r)
    bare = "\n".join(f"| {name} | {ms(v['plotly_median_ms'])} | {ms(v['surface_median_ms'])} |"
                     for name, v in c.items() if name.endswith("bare"))
    text = f"""# Browser app benchmark (bench/page.py)

Machine: {m['cpu']}, {m['cores']} cores, {m['system']}; Chromium {result['chromium']} with SwiftShader
(software WebGL); plotly.js {result['plotly']}: the partial build the app ships ({result['sizes']['partial']:,} bytes)
and the full one ({result['sizes']['full']:,} bytes); load average at start {result['loadavg']}, at the end
{result['loadavg_end']}.

## Interactive surface, partial build over full build (cold unless named; target ≤ {TARGET_RATIO})

| page | partial / full | meets {TARGET_RATIO}? |
|---|---|---|
| main page `/` | {r['/']:.2f} | {yes(r['/'] <= TARGET_RATIO)} |
| `/embed` | {r['/embed']:.2f} | {yes(r['/embed'] <= TARGET_RATIO)} |
{extra}
## Time from navigation start, medians of {result['loads']} loads each

| case | preview visible (drawn / loads) | interactive Plotly surface | every figure |
|---|---|---|---|
{rows}

A load without a preview counts its Plotly surface time as the preview's (the surface was visible then).
"without preview": preview.js answered with its drawing switched off, so plotly.js runs at once.
The {TARGET_MS / 1000:.1f} s first-paint target compares with the preview (cold) and the Plotly surface.

The floor on this machine (blank page that only runs plotly.js; and one that also draws a bare surface):

| build | plotly.js run | bare surface drawn |
|---|---|---|
{bare}
"""
    return text + (pace_markdown(result["pace"]) if result.get("pace") else "")


def pace_markdown(P: dict) -> str:
    return f"""
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
    parser.add_argument("--steps", type=int, default=2400, help="the pace test's steps; 0 skips it")
    parser.add_argument("--pages-only", action="store_true",
                        help="cold loads of / and /embed per build only (no warm, bare or no-preview cases): quicker")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    import plotly.offline

    from app.pages.site import PLOTLY_BUNDLE, PLOTLY_FULL

    loadavg = " ".join(f"{v:.1f}" for v in os.getloadavg())
    with ExitStack() as stack:
        bases = {b: stack.enter_context(server({"ERRORSCAPE_PLOTLY_BUNDLE": b}))[0] for b in BUNDLES}
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        result = {
            "machine": machine(),
            "chromium": browser.version,
            "plotly": plotly.offline.get_plotlyjs_version(),
            "sizes": {"partial": PLOTLY_BUNDLE.stat().st_size, "full": PLOTLY_FULL.stat().st_size},
            "loadavg": loadavg,
            "loads": args.loads,
            "load": summary(loads(browser, bases, args.loads, args.pages_only)),
            "pace": pace(browser, bases["partial"], args.steps) if args.steps else None,
            "loadavg_end": " ".join(f"{v:.1f}" for v in os.getloadavg()),
        }
        browser.close()
    save_results("page", result, markdown(result))


if __name__ == "__main__":
    main()
