"""Data space beside weight space (surface=data) in the page: the fit follows the start point, the run,
the timeline and every racer; your own CSV through the page. Every number drawn is checked against the API."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from .conftest import DESKTOP, PHONE, open_app, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.server]

LINE = "/#surface=data&dataset=line&model=linear&optimizer=sgd&lr=0.1&x0=-2&y0=2.5&steps=60&speed=max"
JS_DATA = """() => document.getElementById('plot-data').data.map(t => ({type: t.type, name: t.name,
    x: Array.from(t.x ?? []), y: Array.from(t.y ?? []), z: t.z ? t.z.map(r => Array.from(r)) : null,
    color: t.line?.color ?? null}))"""
JS_FINISHED = "() => { const s = window.errorscape.player.status(); return s.finished && s.shown === s.received; }"


def fitted_line(page) -> tuple[np.ndarray, np.ndarray]:
    line = next(t for t in page.evaluate(JS_DATA) if t["type"] == "scatter" and t["color"])
    return np.array(line["x"]), np.array(line["y"])


def wait_line(page, w: float, b: float) -> None:
    page.wait_for_function("""([w, b]) => { const t = document.getElementById('plot-data').data?.find(t => t.line?.color);
        return t && Math.abs(t.y[0] - (w * t.x[0] + b)) < 1e-9 * (1 + Math.abs(t.y[0])); }""", arg=[w, b])


@pytest.fixture(scope="module")
def app(browser, live_server):
    page, log = open_app(browser, live_server, DESKTOP, path=LINE)
    page.wait_for_selector("#plot-data .main-svg")
    yield page, log, live_server
    page.context.close()


def test_before_a_run_the_panel_shows_the_start_points_model(app):
    page, log, base = app
    wait_line(page, -2.0, 2.5)
    x, y = fitted_line(page)
    np.testing.assert_allclose(y, -2.0 * x + 2.5, rtol=1e-12)
    points = next(t for t in page.evaluate(JS_DATA) if t["name"] == "data")
    api = httpx.get(f"{base}/api/datasets/line").json()
    assert points["y"] == api["y"] and points["x"] == [r[0] for r in api["x"]]  # the data, exactly
    assert "start point" in page.inner_text("#data-caption")
    assert not log.errors


def test_a_click_on_the_contour_chooses_weights_and_shows_that_model(app):
    page, log, _ = app
    box = page.locator("#plot-contour .nsewdrag").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.3)
    page.wait_for_function("() => window.errorscape.store.get().x0 > 0")
    state = page.evaluate("window.errorscape.store.get()")
    wait_line(page, state["x0"], state["y0"])
    x, y = fitted_line(page)
    np.testing.assert_allclose(y, state["x0"] * x + state["y0"], rtol=1e-12)


def test_the_fit_follows_the_run_and_the_timeline(app):
    page, log, _ = app
    page.evaluate("window.errorscape.store.set({x0: -2, y0: 2.5})")  # back to the link's start
    page.click("#run")
    page.wait_for_function(JS_FINISHED)
    frames = page.evaluate("window.errorscape.player.status().frames.map(f => [f.step, f.x[0], f.y[0]])")
    step, w, b = frames[-1]
    wait_line(page, w, b)
    assert f"step {step}" in page.inner_text("#data-caption")
    page.eval_on_selector("#timeline", "(el) => { el.value = 10; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    step, w, b = frames[10]
    wait_line(page, w, b)
    x, y = fitted_line(page)
    np.testing.assert_allclose(y, w * x + b, rtol=1e-12)
    assert f"step {step}" in page.inner_text("#data-caption")
    screenshot(page, "data-line-scrubbed")
    assert not log.errors


def test_your_own_csv_one_boundary_per_racer(app, browser, live_server):
    page, log = open_app(browser, live_server, DESKTOP, path="/#lesson=training-is-search&view=your-data")
    try:
        page.wait_for_selector("#data-controls:not([hidden])")
        page.click("summary:has-text('Use your own data')")
        rng = np.random.default_rng(0)
        xs = rng.normal(size=(80, 2)) + np.repeat([[1.2, -0.8], [-1.2, 0.8]], 40, axis=0)
        csv = "a,b,class\n" + "\n".join(f"{float(a)!r},{float(b)!r},{int(i < 40)}" for i, (a, b) in enumerate(xs))
        page.fill("#data-csv", csv)
        page.click("#data-use")
        page.wait_for_function("() => document.getElementById('data-status').textContent.includes('80 rows')")
        assert "u-" not in page.evaluate("location.hash")  # the data never goes into a link
        page.click("button:has-text('Add optimizer')")
        page.select_option("#speed", "Infinity")
        page.click("#run")
        page.wait_for_function(JS_FINISHED)
        # The last step drawn, not one on the way, and for every racer: a redraw still in flight (the panel
        # asks the server for each fit) can show the start's model for a moment.
        page.wait_for_function("""() => { const s = window.errorscape.player.status(), el = document.getElementById('plot-data');
            return el.dataset.step === String(s.frames[s.shown - 1].step)
              && el.data.filter((t) => t.type === 'contour').length === window.errorscape.plots.scene.runs.length; }""")
        traces = page.evaluate(JS_DATA)
        boundaries = [t for t in traces if t["type"] == "contour"]
        runs = page.evaluate("window.errorscape.plots.scene.runs.map(r => r.color)")
        assert [t["color"] for t in boundaries] == runs and len(runs) == 2
        shown = sorted(len(t["x"]) for t in traces if t["type"] == "scatter")
        assert shown == [40, 40]  # the uploaded points, both classes
        frame = page.evaluate("(() => { const s = window.errorscape.player.status(); return s.frames[s.shown - 1]; })()")
        x1, x2 = np.meshgrid(boundaries[0]["x"], boundaries[0]["y"])
        p = 1 / (1 + np.exp(-(frame["x"][0] * x1 + frame["y"][0] * x2)))
        np.testing.assert_allclose(boundaries[0]["z"], p, rtol=1e-9, atol=1e-12)
        assert "accuracy" in page.inner_text("#data-caption")
        screenshot(page, "data-own-csv")
        assert not log.errors
    finally:
        page.context.close()


def test_phone_layout_keeps_the_data_panel_inside(browser, live_server):
    page, log = open_app(browser, live_server, PHONE, path=LINE, color_scheme="dark")
    try:
        page.wait_for_selector("#plot-data .main-svg")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "data-phone-dark")
        assert not log.errors
    finally:
        page.context.close()
