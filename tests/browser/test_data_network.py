"""The trained network's two free weights in the page, the minibatch's own surface beside the full data's,
and the data panel in the embed. Every number plotted is checked against the API's answer."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from tests.support.pixels import painted

from .conftest import DESKTOP, open_app, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.server]

JS_TRACES = """(id) => document.getElementById(id).data.map(t => ({type: t.type, name: t.name,
    x: Array.from(t.x ?? []), y: Array.from(t.y ?? []), z: t.z ? t.z.map(r => Array.from(r)) : null,
    color: t.line?.color ?? null}))"""
JS_FINISHED = "() => { const s = window.errorscape.player.status(); return s.finished && s.shown === s.received; }"
JS_SHOWN = "() => window.errorscape.data.selected()"
JS_ARROWS = """() => document.getElementById('plot-minibatch').layout.annotations.map(a => ({name: a.name,
    dx: a.x - a.ax, dy: a.y - a.ay, x: a.ax, y: a.ay}))"""


def api(base: str, path: str, **params) -> dict:
    r = httpx.get(f"{base}/api{path}", params=params, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def drawn(page) -> tuple[list[float], list[dict]]:
    """The first racer's weights the data panel shows and its traces, read at one instant (a run may be going)."""
    both = page.evaluate("""() => { const p = document.getElementById('plot-data');
        return {w: p.dataset.weights.split(';')[0].split(',').map(Number), traces: p.data.map(t => ({type: t.type, mode: t.mode,
          y: Array.from(t.y ?? []), z: t.z ? t.z.map(r => Array.from(r)) : null, color: t.line?.color ?? null}))}; }""")
    return both["w"], both["traces"]


def wait_fit(page, w) -> None:
    """Until the data panel has drawn the model at weights w (the first racer's, or the start point)."""
    page.wait_for_function("""(w) => { const d = document.getElementById('plot-data').dataset.weights;
        return d && d.split(';')[0].split(',').every((v, i) => Number(v) === w[i]); }""", arg=list(w))


def test_the_network_and_its_free_weights(browser, live_server):
    path = "/#surface=data&dataset=moons&model=network&weights=x1-x2&optimizer=adam&lr=0.1&x0=1&y0=-1&steps=30&speed=max"
    page, log = open_app(browser, live_server, DESKTOP, path=path)
    try:
        page.wait_for_selector("#plot-data .main-svg")
        catalogue = next(m for m in api(live_server, "/datasets")["models"] if m["id"] == "network")
        options = page.eval_on_selector_all("select[name=weights] option", "(os) => os.map(o => o.value)")
        assert options == [c["id"] for c in catalogue["weights"] if "classification" in c["kinds"]]
        assert page.input_value("select[name=weights]") == "x1-x2" and page.is_visible("select[name=weights]")
        wait_fit(page, [1.0, -1.0])
        q = {"dataset": "moons", "model": "network", "weights": "x1-x2"}
        fit = api(live_server, "/datasets/fit", **q, w="1,-1", n=40)
        w, traces = drawn(page)
        assert w == [1.0, -1.0]
        (boundary,) = [t for t in traces if t["type"] == "contour"]
        np.testing.assert_allclose(boundary["z"], fit["fits"][0]["p"], rtol=1e-12)
        assert f"{fit['fits'][0]['accuracy'] * 100:.1f} %" in page.inner_text("#data-caption")
        axes = api(live_server, "/surfaces/data", **q)["extra"]["axes"]
        assert axes == ["hidden 1 ← x₁", "hidden 1 ← x₂"]
        assert "W₂·tanh" in page.inner_text("#surface-controls")  # the selection's formula, not the default's

        page.select_option("select[name=weights]", "out-out")  # the last layer: a new surface and start
        page.wait_for_function("() => location.hash.includes('weights=out-out')")
        start = api(live_server, "/surfaces/data", **{**q, "weights": "out-out"})["start"]
        wait_fit(page, start)
        page.click("#run")
        page.wait_for_function(JS_FINISHED)
        page.wait_for_function("() => document.getElementById('data-caption').textContent.includes('step 30')")
        w, traces = drawn(page)
        assert w == page.evaluate(JS_SHOWN)["pairs"][0]["w"]  # the last step's weights
        fit = api(live_server, "/datasets/fit", **{**q, "weights": "out-out"}, w=f"{w[0]},{w[1]}", n=40)
        (boundary,) = [t for t in traces if t["type"] == "contour"]
        np.testing.assert_allclose(boundary["z"], fit["fits"][0]["p"], rtol=1e-12)
        screenshot(page, "data-network-moons")

        page.select_option("select[name=dataset]", "sine")  # regression: no x₁-x₂ pair, one fitted curve
        page.wait_for_function("() => window.errorscape.store.get().dataset === 'sine'")
        page.wait_for_function("() => !Array.from(document.querySelectorAll('select[name=weights] option')).some(o => o.value === 'x1-x2')")
        assert page.input_value("select[name=model]") == "network"
        # (the page reruns the race on the new surface, so read the weights and the curve drawn together)
        page.wait_for_function("() => document.getElementById('plot-data').data.some(t => t.mode === 'lines')")
        w, traces = drawn(page)
        line = next(t for t in traces if t["color"])
        fit = api(live_server, "/datasets/fit", dataset="sine", model="network", w=f"{w[0]},{w[1]}", n=40)
        np.testing.assert_allclose(line["y"], fit["fits"][0]["y"], rtol=1e-12)
        assert not log.errors
    finally:
        page.context.close()


def check_minibatch(page, base, query, step, w) -> None:
    """The minibatch figure shows update ``step``'s minibatch surface and both gradients at w, as the API has them."""
    page.wait_for_function("""([step, w]) => { const p = document.getElementById('plot-minibatch');
        const a = p.layout?.annotations?.[0]; return p.dataset.step === String(step) && a && a.ax === w[0] && a.ay === w[1]; }""",
                           arg=[step, list(w)])
    body = api(base, "/datasets/minibatch", **query, step=step, n=40, x=w[0], y=w[1])
    full, batch = [t for t in page.evaluate(JS_TRACES, "plot-minibatch") if t["type"] == "contour"]
    assert (full["name"], batch["name"]) == ("full data", "minibatch") and full["x"] == body["x"]
    np.testing.assert_allclose(full["z"], np.log10(body["full"]), rtol=1e-12)
    np.testing.assert_allclose(batch["z"], np.log10(body["minibatch"]), rtol=1e-12)
    for arrow in page.evaluate(JS_ARROWS):  # each arrow points down its own gradient
        g = np.array(body["at"]["gradient"][arrow["name"]])
        d = np.array([arrow["dx"], arrow["dy"]])
        np.testing.assert_allclose(d / np.linalg.norm(d), -g / np.linalg.norm(g), rtol=1e-9, atol=1e-12)
    caption = page.inner_text("#minibatch-caption")
    assert f"Update {step} uses {query['batch_size']} of 200 rows" in caption


def test_the_minibatch_surface_beside_the_full_one(browser, live_server):
    query = {"dataset": "moons", "model": "network", "batch_size": 16, "seed": 3}
    path = "/#surface=data&dataset=moons&model=network&batch_size=16&seed=3&optimizer=sgd&lr=0.5&steps=20&speed=max"
    page, log = open_app(browser, live_server, DESKTOP, path=path)
    try:
        page.wait_for_selector("#plot-minibatch .main-svg")
        start = api(live_server, "/surfaces/data", dataset="moons", model="network")["start"]
        check_minibatch(page, live_server, query, 1, start)  # the first update's minibatch
        page.click("#run")
        page.wait_for_function(JS_FINISHED)
        frames = page.evaluate("window.errorscape.player.status().frames.map(f => [f.step, f.x[0], f.y[0]])")
        step, x, y = frames[-1]
        check_minibatch(page, live_server, query, step + 1, (x, y))
        page.eval_on_selector("#timeline", "(el) => { el.value = 5; el.dispatchEvent(new Event('input', {bubbles: true})); }")
        step, x, y = frames[5]
        check_minibatch(page, live_server, query, step + 1, (x, y))
        page.locator("#plot-minibatch").scroll_into_view_if_needed()
        screenshot(page, "data-minibatch")
        page.evaluate("window.errorscape.store.set({batch_size: null})")  # full batch: nothing to compare
        page.wait_for_function("() => document.querySelector('.figure-minibatch').hidden")
        assert not log.errors
    finally:
        page.context.close()


JS_BOXES = """() => { const box = (s) => { const e = document.querySelector(s); if (!e) return null;
    const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
    width: r.width, height: r.height, shown: getComputedStyle(e).display !== 'none' && !e.closest('[hidden]')}; };
  return {data: box('#plot-data'), minibatch: box('.figure-minibatch'), width: innerWidth, height: innerHeight,
          overflow: document.documentElement.scrollWidth - innerWidth}; }"""


@pytest.mark.parametrize("size", [(800, 500), (390, 844)])
def test_the_embed_carries_the_data_panel(browser, live_server, size):
    width, height = size
    path = "/embed?view=contour#surface=data&dataset=sine&model=network&batch_size=20&x0=1&y0=-1"
    page, log = open_app(browser, live_server, {"width": width, "height": height}, path=path)
    try:
        page.wait_for_selector("#plot-data .main-svg")
        wait_fit(page, [1.0, -1.0])
        w, traces = drawn(page)
        assert w == [1.0, -1.0]
        line = next(t for t in traces if t["color"])
        fit = api(live_server, "/datasets/fit", dataset="sine", model="network", w="1,-1", n=40)
        np.testing.assert_allclose(line["y"], fit["fits"][0]["y"], rtol=1e-12)
        boxes = page.evaluate(JS_BOXES)
        data = boxes["data"]
        assert boxes["overflow"] <= 0 and data["shown"]
        assert 0 <= data["top"] and data["bottom"] <= height and data["right"] <= width  # inside the frame
        assert data["height"] >= 0.3 * height and data["width"] >= 0.3 * width
        assert not boxes["minibatch"]["shown"]  # the minibatch view stays on the full page
        seen = painted(page, page.locator("#plot-data").screenshot())
        assert seen["share"] > 0.05  # points and the fitted curve are drawn, not a blank box
        screenshot(page, f"data-embed-{width}x{height}")
        assert not log.errors
    finally:
        page.context.close()
