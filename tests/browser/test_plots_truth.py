"""Every view tells the truth at a glance: what a person sees in the figures (ranges, tick labels,
marks, labels, captions) agrees with the numbers.

One 1280 × 800 page with reduced motion (runs show at once) walks through the views by changing
location.hash; a 390 × 844 phone page checks the stacked lesson panels.
"""

from __future__ import annotations

import math

import httpx
import pytest

from .conftest import open_app, screenshot
from .test_lessons import JS_FINISHED, go as lesson

pytestmark = [pytest.mark.browser, pytest.mark.server]

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
JS_DATA = """(id) => document.getElementById(id).data.map(t => ({type: t.type, name: t.name, x: t.x, y: t.y, z: t.z,
  text: t.text, symbols: t.marker?.symbol, zmin: t.zmin, zmax: t.zmax, inks: t.textfont?.color}))"""
JS_AXIS = "([id, axis]) => { const a = document.getElementById(id)._fullLayout[axis]; return {range: a.range, type: a.type}; }"
# Every visible tick label of one axis ("y", "y2"...): its text and its box on the page.
JS_TICKS = """([id, cls]) => [...document.querySelectorAll(`#${id} .${cls}tick text`)]
  .filter(t => t.textContent && t.getBoundingClientRect().width > 0)
  .map(t => { const r = t.getBoundingClientRect(); return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })"""
JS_BOX = "(sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"
MARKS = 1  # the landscape figures' trace of known points, the start and the events


@pytest.fixture(scope="module")
def app(browser, live_server):
    page, log = open_app(browser, live_server, LAPTOP, path="/#lesson=convex-vs-nonconvex", reduced_motion="reduce")
    page.wait_for_selector("#lesson-panels .lesson-section")  # the lessons mount after the app
    yield page, log, live_server
    page.context.close()


def run_link(page, link: str) -> None:
    """Leave any lesson, open a shared link's state (one start, no noise) and run it to the end."""
    if page.evaluate("document.body.dataset.lesson"):
        page.get_by_text("Leave the lesson").click()
        page.wait_for_function("() => !document.body.dataset.lesson")
    page.evaluate("(h) => { location.hash = h; }", link + "&restarts=1&noise=0&schedule=constant")
    wait_run(page, link)


def wait_run(page, link: str) -> None:
    page.wait_for_function("(s) => window.errorscape.store.get().surface === s", arg=link.split("surface=")[1].split("&")[0])
    page.evaluate("() => window.errorscape.run()")
    page.wait_for_function(JS_FINISHED)


def fresh_run(browser, base: str, link: str):
    """A new page opened at a shared link (a typed formula is checked by the server as the page loads), run to the end."""
    page, log = open_app(browser, base, LAPTOP, path="/#" + link, reduced_motion="reduce")
    wait_run(page, link)
    return page, log


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def inside(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    return (inner["left"] >= outer["left"] - slack and inner["right"] <= outer["right"] + slack
            and inner["top"] >= outer["top"] - slack and inner["bottom"] <= outer["bottom"] + slack)


def test_a_plateau_looks_flat_and_its_tick_labels_differ(app):
    page, log, _ = app
    lesson(page, "saddles", "plateau")  # SGD on the plateau surface from (3, 2): the loss stays ≈ 0.99999
    page.wait_for_function(JS_FINISHED)
    loss = [v for v in page.evaluate(JS_DATA, "plot-series")[0]["y"] if v is not None]
    change = max(loss) - min(loss)
    assert change < 1e-3 * max(loss)
    lo, hi = page.evaluate(JS_AXIS, ["plot-series", "yaxis"])["range"]
    assert lo <= 0 <= hi and hi >= max(loss)  # down to the known minimum (0): the stall is a flat line
    assert (hi - lo) > 100 * change
    labels = [t["text"] for t in page.evaluate(JS_TICKS, ["plot-series", "y"])]
    assert len(labels) >= 3 and len(set(labels)) == len(labels), labels
    grad = [v for v in page.evaluate(JS_DATA, "plot-series")[1]["y"] if v]
    g = page.evaluate(JS_AXIS, ["plot-series", "yaxis2"])["range"]  # log axis: range in decades
    assert g[1] - g[0] >= 2 and g[0] <= math.log10(min(grad)) and math.log10(max(grad)) <= g[1]
    grad_labels = page.evaluate(JS_TICKS, ["plot-series", "y2"])
    assert len({t["text"] for t in grad_labels}) == len(grad_labels)
    assert not any(overlap(a, b) for i, a in enumerate(grad_labels) for b in grad_labels[i + 1:])  # not crowded
    screenshot(page, "truth-saddles-plateau-desktop")
    assert log.errors == []


def test_the_plateau_classifier_headline_says_not_a_critical_point(app):
    page, log, _ = app
    lesson(page, "saddles", "plateau")
    point = page.locator("[data-testid=classify-point]")
    page.wait_for_function("() => document.querySelector('[data-testid=classify-point] .lesson-big')?.textContent.startsWith('(3, 2)')")
    headline = point.locator(".lesson-big").inner_text()
    assert "Not a critical point" in headline and "Saddle" not in headline, headline
    assert "not a critical point" in point.inner_text().lower()  # the small print agrees
    assert log.errors == []


def test_no_guarantees_shows_the_plateau_as_a_stall_in_numbers_and_words(app):
    page, log, base = app
    lesson(page, "no-guarantees", "plateau")
    page.wait_for_selector("[data-testid=outcomes] li")
    fig = "#lesson-panels [data-panel=side-by-side] .lesson-plot"
    page.wait_for_function(f"() => document.querySelector('{fig}')?._fullLayout?.yaxis3")
    fig_id = page.evaluate(f"(() => {{ const el = document.querySelector('{fig}'); el.id = el.id || 'nog-plot'; return el.id; }})()")
    run = httpx.get(f"{base}/api/runs", params={"surface": "sigmoid-neuron", "x0": -8, "y0": 5, "steps": 300,
                                                  "optimizer": "sgd", "lr": 0.1, "format": "json"}).json()
    loss = [f["loss"][0] for f in run["frames"]]
    axis = page.evaluate(JS_AXIS, [fig_id, "yaxis3"])
    assert axis["type"] == "linear" and axis["range"][0] <= 0 and axis["range"][1] >= loss[0]
    assert (axis["range"][1] - axis["range"][0]) > 100 * (max(loss) - min(loss))
    titles = page.evaluate(f"[...document.querySelectorAll('#{fig_id} .annotation')].map(a => {{ const r = a.getBoundingClientRect(); return {{text: a.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}}; }})")
    fell = 100 * (1 - loss[-1] / loss[0])
    plateau = next(t for t in titles if t["text"].startswith("Stuck on a plateau"))
    assert f"fell {fell:.2g} % in 300 steps" in plateau["text"], plateau["text"]
    assert not any(overlap(a, b) for i, a in enumerate(titles) for b in titles[i + 1:])  # titles do not run together
    for axis_name in ("y", "y2", "y3"):
        labels = [t["text"] for t in page.evaluate(JS_TICKS, [fig_id, axis_name])]
        assert len(set(labels)) == len(labels), labels
    screenshot(page, "truth-no-guarantees-desktop")
    assert log.errors == []


def test_only_global_minima_get_the_star(app):
    page, log, base = app
    run_link(page, "surface=rastrigin&optimizer=sgd&lr=0.002&steps=20")
    surface = httpx.get(f"{base}/api/surfaces/rastrigin").json()
    marks = page.evaluate(JS_DATA, "plot-contour")[MARKS]
    known = surface["minima"] + surface["critical_points"]
    symbols = marks["symbols"][: len(known)]
    assert symbols.count("star") == sum(p["global"] for p in known) == 1
    assert symbols[0] == "star" and set(symbols[1:]) == {"diamond-open"}
    caption = page.locator(".figure-contour figcaption").inner_text()
    assert "★ global minimum" in caption and "◇ local minimum" in caption
    screenshot(page, "truth-rastrigin-desktop")
    lesson(page, "local-minima")  # the basin map: six-hump camel has two global minima and four local ones
    basin = "#lesson-panels [data-panel=basins] .lesson-plot"
    page.wait_for_function(f"() => document.querySelector('{basin}')?.data?.length === 3")
    dests = page.evaluate(f"document.querySelector('{basin}').data[2].marker.symbol")
    assert dests.count("star") == 2 and "star-open" not in dests, dests
    assert "◇ local minima" in page.locator("#lesson-panels [data-panel=basins] figcaption").inner_text()
    assert log.errors == []


def test_leaving_the_map_is_said_and_marked_the_frame_it_happens(browser, live_server):
    page, log = fresh_run(browser, live_server, "surface=custom&expr=x%5E2-y%5E2&optimizer=sgd&lr=0.01&x0=0.5&y0=0.5&steps=300")
    messages = page.locator("#messages li")
    first = messages.first.inner_text()
    assert "Step 117" in first and "Left the map" in first and "keeps falling" in first, first
    marks = page.evaluate(JS_DATA, "plot-contour")[MARKS]
    assert "left the map" in marks["text"], marks
    i = marks["text"].index("left the map")
    assert marks["symbols"][i] == "x" and marks["y"][i] == 5.0 and 0 < marks["x"][i] < 0.5  # on the top edge
    marks3d = page.evaluate(JS_DATA, "plot-3d")[MARKS]
    assert (marks3d["x"][i], marks3d["y"][i]) == (marks["x"][i], marks["y"][i])
    screenshot(page, "truth-left-map-desktop")
    assert log.errors == []
    page.context.close()


def test_event_labels_stay_inside_the_map_and_say_each_spot_once(app):
    page, log, _ = app
    run_link(page, "surface=bowl&optimizer=sgd&lr=1.05&steps=100")  # overshoots off the map, then diverges
    plot = page.evaluate(JS_BOX, "#plot-contour .nsewdrag")
    labels = page.evaluate("[...document.querySelectorAll('#plot-contour .textpoint text')].filter(t => t.textContent).map(t => { const r = t.getBoundingClientRect(); return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })")
    assert {l["text"] for l in labels} >= {"left the map", "diverged"}
    assert all(inside(l, plot) for l in labels), (labels, plot)
    marks = page.evaluate(JS_DATA, "plot-contour")[MARKS]  # events came during the run: the marks restyled
    assert len(marks["inks"]) == len(marks["text"]), marks  # one ink per label, not the last full draw's
    # On the loss plot the divergence is marked at the loss the run reached, not at the surface's top.
    events = page.evaluate("(() => { const d = document.getElementById('plot-series').data; return d[d.length - 1]; })()")
    losses = page.evaluate("window.errorscape.player.status().frames.map((f) => f.loss[0])")
    [at] = [y for y, text in zip(events["y"], events["hovertext"]) if "diverge" in text.lower()]
    assert at == max(losses) > 1000, (at, max(losses))
    run_link(page, "surface=bowl&optimizer=sgd&lr=0.1&steps=300&restarts=8")  # eight runs converge at (0, 0)
    texts = [t for t in page.evaluate(JS_DATA, "plot-contour")[MARKS]["text"] if t]
    assert texts == ["converged ×8"], texts
    assert log.errors == []


def test_huge_height_ranges_offer_the_log_scale_and_tick_labels_are_whole(browser, live_server):
    page, log = fresh_run(browser, live_server, "surface=custom&expr=exp(exp(x))&optimizer=sgd&lr=0.0001&x0=1&y0=0&steps=50")
    note = page.locator("#scale-note")
    assert "orders of magnitude" in note.inner_text()
    series = page.evaluate(JS_BOX, "#plot-series")
    for axis in ("y", "y2"):
        for tick in page.evaluate(JS_TICKS, ["plot-series", axis]):
            assert tick["left"] >= series["left"] - 0.5, tick  # never cut at the figure's edge
    screenshot(page, "truth-expexp-desktop")
    note.get_by_role("button", name="use the log scale").click()
    page.wait_for_function("() => window.errorscape.store.get().log === true && document.getElementById('scale-note').textContent === ' (log scale)'")
    assert log.errors == []
    page.context.close()


def test_the_minibatch_view_shows_the_difference_and_the_curve_of_minima(app):
    page, log, base = app
    lesson(page, "sgd-noise", "minibatch")
    fig = "#lesson-panels [data-panel=minibatch] .lesson-plot"
    page.wait_for_function(f"() => document.querySelector('{fig}')?.data?.some(t => t.name === 'difference')")
    traces = page.evaluate(f"document.querySelector('{fig}').data.map(t => ({{type: t.type, name: t.name, x: t.x, y: t.y, z: t.z, zmin: t.zmin, zmax: t.zmax}}))")
    grid = httpx.get(f"{base}/api/lessons/minibatch/grid", params={"surface": "deep-linear", "batch_size": 4, "seed": 0, "step": 1, "n": 48}).json()
    diff = next(t for t in traces if t["name"] == "difference")
    expected = [[b - f for b, f in zip(rb, rf)] for rb, rf in zip(grid["minibatch"], grid["full"])]
    assert diff["z"] == expected
    assert diff["zmax"] == grid["max_abs_difference"] == -diff["zmin"] and diff["zmax"] > 1
    curves = [t for t in traces if t["name"] == "minima"]
    assert len(curves) == 2
    for curve, c in zip(curves, (grid["minima_curve"]["full"], grid["minima_curve"]["minibatch"])):
        points = [(x, y) for x, y in zip(curve["x"], curve["y"]) if x is not None]
        assert len(points) > 50 and all(abs(x * y - c) < 1e-9 * abs(c) for x, y in points)
    screenshot(page, "truth-minibatch-desktop")
    assert log.errors == []


def test_phone_lesson_panels_stack_without_overlap(browser, live_server):
    page, log = open_app(browser, live_server, PHONE, path="/#lesson=no-guarantees", reduced_motion="reduce")
    try:
        fig = "#lesson-panels [data-panel=side-by-side] .lesson-plot"
        page.wait_for_function(f"() => document.querySelector('{fig}')?._fullLayout?.yaxis3")
        titles = page.evaluate(f"[...document.querySelectorAll('{fig} .annotation')].map(a => {{ const r = a.getBoundingClientRect(); return {{left: r.left, right: r.right, top: r.top, bottom: r.bottom}}; }})")
        assert len(titles) == 3 and not any(overlap(a, b) for i, a in enumerate(titles) for b in titles[i + 1:])
        assert all(t["right"] <= PHONE["width"] for t in titles)
        page.wait_for_function(JS_FINISHED)
        screenshot(page, "truth-no-guarantees-phone")
        page.evaluate("(h) => { location.hash = h; }", "lesson=sgd-noise&view=minibatch")
        page.wait_for_function("() => document.querySelector('#lesson-panels [data-panel=minibatch] .lesson-plot')?.data?.some(t => t.name === 'difference')")
        screenshot(page, "truth-minibatch-phone")
        page.evaluate("(h) => { location.hash = h; }", "lesson=saddles&view=plateau")
        page.wait_for_function(JS_FINISHED)
        screenshot(page, "truth-saddles-plateau-phone")
        assert log.errors == []
    finally:
        page.context.close()
