"""The optimizer's insides on the page: arrows at the selected step and the sentence; a hyperparameter map
whose cells are the API's numbers and run their setting when clicked."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.support.sse import frames, parse_text

from .conftest import open_app, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.server]

JS_FINISHED = """() => { const s = window.errorscape.player.status();
    return s.finished && s.shown === s.received && window.errorscape.plots.settled; }"""
JS_ARROWS = """() => (document.getElementById('plot-contour').layout.annotations ?? [])
    .filter(a => a.name === 'optstate').map(a => ({x: a.x, y: a.y, ax: a.ax, ay: a.ay, text: a.hovertext, color: a.arrowcolor}))"""


@pytest.fixture(scope="module")
def app(browser, live_server):
    page, log = open_app(browser, live_server, {"width": 1280, "height": 800})
    yield page, log, live_server
    page.context.close()


def test_arrows_and_sentence_at_the_selected_step(app):
    page, log, base = app
    page.evaluate("""() => { const s = window.errorscape.store; const m = window.errorscape.optimizers.find(o => o.id === 'momentum');
        s.set({surface: 'elliptic-bowl', steps: 30, speed: Infinity,
               racers: [{optimizer: 'momentum', params: {lr: 0.02, momentum: 0.9, dampening: 0, weight_decay: 0}}]}); }""")
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_function(JS_FINISHED)
    body = json.loads(log.stream_bodies[-1])
    assert body["state"] is True
    # scrub back to step 20: the arrows start at that point and the update arrow ends where step 21 is
    page.evaluate("() => window.errorscape.player.seek(21)")
    page.wait_for_function("() => document.querySelector('.optstate')?.dataset.step === '20'")
    sent = _frames(base, body)
    arrows = page.evaluate(JS_ARROWS)
    assert {a["text"] for a in arrows} == {"gradient part", "momentum part", "update"}
    update = next(a for a in arrows if a["text"] == "update")
    f = sent[20]
    assert update["ax"] == f["x"][0] and update["ay"] == f["y"][0]
    scale = (update["x"] - update["ax"]) / f["next"][0]["update"][0]
    assert (update["y"] - update["ay"]) == pytest.approx(scale * f["next"][0]["update"][1], rel=1e-9)
    sentence = page.locator(".optstate-sentence").inner_text()
    assert "momentum" in sentence.lower()
    table = page.locator(".optstate-table").inner_text()
    assert "momentum_buffer" in table
    screenshot(page, "inside-arrows-1280")


def test_the_phone_layout_keeps_the_page_width(browser, live_server):
    page, log = open_app(browser, live_server, {"width": 390, "height": 844})
    page.evaluate("""() => window.errorscape.store.set({surface: 'elliptic-bowl', steps: 30, speed: Infinity,
        racers: [{optimizer: 'adam', params: {lr: 0.3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0}}]})""")
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_function(JS_FINISHED)
    page.evaluate("() => window.errorscape.player.seek(6)")
    page.wait_for_function("() => document.querySelector('.optstate')?.dataset.step === '5'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert "step size" in page.locator(".optstate-sentence").inner_text()  # Adam: per-weight step sizes
    screenshot(page, "inside-arrows-390")
    assert not log.errors, log.errors
    page.context.close()


def _frames(base, body):
    """The frames of the same run, from the API's own stream."""
    response = httpx.post(f"{base}/api/runs/stream", json={**body, "fps": 0}, timeout=60)
    return frames(parse_text(response.text))


def test_map_shows_the_apis_cells_and_a_click_runs_that_setting(app):
    page, log, base = app
    page.locator("details.hypermap summary").click()
    page.locator("input[name=x-n]").fill("12")
    page.locator("input[name=y-n]").fill("10")
    page.locator("#hypermap-run").click()
    page.wait_for_function("() => document.getElementById('plot-hypermap')?.data?.length === 2")
    z = page.evaluate("() => document.getElementById('plot-hypermap').data[0].z")
    assert len(z) == 10 and len(z[0]) == 12
    x = page.evaluate("() => Array.from(document.getElementById('plot-hypermap').data[0].x)")
    y = page.evaluate("() => Array.from(document.getElementById('plot-hypermap').data[0].y)")
    state = page.evaluate("() => window.errorscape.store.get()")
    api = httpx.post(f"{base}/api/tuning/map", json={
        "surface": "elliptic-bowl", "steps": state["steps"], "seed": state["seed"], "optimizer": "momentum",
        "params": state["racers"][0]["params"], "x": {"param": "lr", "min": x[0], "max": x[-1], "n": 12, "log": True},
        "y": {"param": "momentum", "min": y[0], "max": y[-1], "n": 10}}, timeout=60).json()
    for i in range(10):
        for j in range(12):
            v = api["loss"][i][j]
            assert (z[i][j] is None) == (v is None)
    screenshot(page, "inside-map-1280")
    # a real click in the middle of cell (row 3, column 4)
    page.locator("#plot-hypermap").scroll_into_view_if_needed()
    point = page.evaluate("""() => { const el = document.getElementById('plot-hypermap'); const L = el._fullLayout;
        const d = el.data[0]; const px = L.xaxis.l2p(L.xaxis.type === 'log' ? Math.log10(d.x[4]) : d.x[4]);
        const py = L.yaxis.l2p(d.y[3]); const box = el.querySelector('.nsewdrag').getBoundingClientRect();
        return {x: box.left + px, y: box.top + py}; }""")
    before = len(log.stream_bodies)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function(f"() => window.errorscape.runner.streaming || window.errorscape.player.status().received > 0")
    page.wait_for_timeout(1000)
    assert len(log.stream_bodies) > before
    sent = json.loads(log.stream_bodies[-1])["runs"][0]["params"]
    assert sent["lr"] == x[4] and sent["momentum"] == y[3]
    assert not log.errors, log.errors


def test_a_map_link_and_its_embed_draw_the_same_map(app, browser):
    page, _, base = app
    z = page.evaluate("() => document.getElementById('plot-hypermap').data[0].z")
    hash_ = page.evaluate("() => location.hash")
    assert "map=lr_log_" in hash_ and "__momentum_lin_" in hash_
    for path in ("/", "/embed"):
        other, log = open_app(browser, base, {"width": 1280, "height": 800}, path=path + hash_)
        other.wait_for_function("() => document.getElementById('plot-hypermap')?.data?.length === 2")
        assert other.evaluate("() => document.getElementById('plot-hypermap').data[0].z") == z
        if path == "/embed":
            screenshot(other, "inside-map-embed")
        assert not log.errors, log.errors
        other.context.close()
