"""The browser app at /, driven in headless Chromium: draws, runs, pauses, steps, picks starts, races.

One desktop page serves the whole module (software WebGL makes page loads expensive); each test
sets up the state it needs through the UI, so the tests read in order but do not rely on luck.
"""

from __future__ import annotations

import json

import httpx
import pytest

from .conftest import DESKTOP, PHONE, open_app, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.server]

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73"]
TRAJECTORY = 4  # trace index of run 0's trajectory in the 3D and contour figures (see landscape.js)
MARKS = 1  # the trace of known points, the start and the events

JS_TRACES = """(id) => document.getElementById(id).data.map(t => ({type: t.type, name: t.name,
    x: Array.from(t.x ?? []), y: Array.from(t.y ?? []), z: t.z && !Array.isArray(t.z[0]) ? Array.from(t.z) : null,
    color: t.line?.color ?? null, text: Array.isArray(t.text) && !Array.isArray(t.text[0]) ? t.text : null}))"""
# The contour takes every batch at once (the 3D view may batch more when WebGL is slow: see plots.js).
JS_SHOWN = f"() => document.getElementById('plot-contour').data[{TRAJECTORY}].x.length"
JS_FINISHED = """() => { const s = window.errorscape.player.status();
    return s.finished && s.shown === s.received && window.errorscape.plots.settled; }"""


@pytest.fixture(scope="module")
def app(browser, live_server):
    page, log = open_app(browser, live_server, DESKTOP)
    yield page, log, live_server
    page.context.close()


def api_stream(base: str, body: dict) -> list[dict]:
    """The frames of the same run, read from the API's own stream."""
    frames = []
    with httpx.stream("POST", f"{base}/api/runs/stream", json={**body, "fps": 0}, timeout=60) as response:
        assert response.status_code == 200
        event = None
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event == "frame":
                frames.append(json.loads(line.split(":", 1)[1]))
    return frames


def set_number(page, name: str, value, exact: bool = True) -> None:
    box = page.get_by_role("spinbutton", name=name, exact=exact)
    box.fill(str(value))
    box.press("Enter")


def run_to_end(page, steps: int) -> None:
    page.select_option("#speed", "Infinity")
    set_number(page, "Steps", steps)
    page.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_function(JS_FINISHED)


def test_the_surface_renders(app):
    page, _, _ = app
    traces = page.evaluate(JS_TRACES, "plot-3d")
    assert traces[0]["type"] == "surface"
    assert page.locator("#plot-3d canvas").count() >= 1
    assert page.evaluate("document.getElementById('plot-contour').data[0].type") == "contour"
    assert page.get_by_role("button", name="Run", exact=True).is_enabled()
    for name in ("Pause", "Step", "Reset"):
        assert page.get_by_role("button", name=name, exact=True).count() == 1


def test_run_draws_the_apis_frames_exactly(app):
    page, log, base = app
    run_to_end(page, 40)
    body = json.loads(log.stream_bodies[-1])
    frames = api_stream(base, body)
    assert len(frames) == 41
    expected_x = [f["x"][0] for f in frames]
    expected_y = [f["y"][0] for f in frames]
    for plot in ("plot-3d", "plot-contour"):
        trajectory = page.evaluate(JS_TRACES, plot)[TRAJECTORY]
        assert trajectory["x"] == expected_x  # exact float64 equality, no rounding anywhere
        assert trajectory["y"] == expected_y
    loss = page.evaluate(JS_TRACES, "plot-series")[0]
    assert loss["x"] == [f["step"] for f in frames]
    assert loss["y"] == [f["loss"][0] for f in frames]
    assert "Finished" in page.locator("#progress").inner_text()


# Presses Pause in the same animation frame that first shows >= 4 steps. Waiting for that in Python and
# then clicking raced the run: on a loaded machine the 200 steps could all be shown (Pause disabled for
# good) before the click landed, and the click waited for an enabled button until it timed out.
JS_PAUSE_AT_4 = f"""() => {{ const pause = document.getElementById('pause');
    if (({JS_SHOWN})() < 4 || pause.disabled) return false;
    pause.click();
    return ({JS_SHOWN})(); }}"""


def test_pause_stops_the_animation_and_step_advances_one(app):
    page, _, _ = app
    page.select_option("#speed", "10")
    set_number(page, "Steps", 200)  # a new setting restarts the run (it is playing again)
    paused_at = page.wait_for_function(JS_PAUSE_AT_4).json_value()
    assert paused_at < 201  # paused mid-run
    page.wait_for_timeout(1500)
    assert page.evaluate(JS_SHOWN) == paused_at
    assert page.get_by_role("button", name="Pause", exact=True).is_disabled()
    page.get_by_role("button", name="Step", exact=True).click()
    # ">=", then "==": a wait for equality alone could miss an overshoot and time out instead of failing.
    page.wait_for_function(f"() => ({JS_SHOWN})() >= {paused_at + 1}")
    page.wait_for_timeout(500)
    assert page.evaluate(JS_SHOWN) == paused_at + 1
    assert "Paused" in page.locator("#progress").inner_text()


def test_step_before_a_run_shows_the_start_and_one_step(app):
    page, _, _ = app
    page.get_by_role("button", name="Reset", exact=True).click()
    page.wait_for_function(f"() => ({JS_SHOWN})() === 0")
    page.get_by_role("button", name="Step", exact=True).click()
    page.wait_for_function(f"() => ({JS_SHOWN})() === 2")
    page.wait_for_timeout(500)
    assert page.evaluate(JS_SHOWN) == 2


def test_keyboard_drives_playback(app):
    page, _, _ = app
    page.locator("body").press("Escape")
    page.wait_for_function(f"() => ({JS_SHOWN})() === 0")
    page.locator("body").press(".")
    page.wait_for_function(f"() => ({JS_SHOWN})() === 2")
    page.get_by_role("button", name="Run", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({JS_SHOWN})() > 2")
    page.locator("body").press("Escape")


def test_clicking_the_contour_sets_the_start(app):
    page, _, _ = app
    page.evaluate("window.scrollTo(0, 0)")  # earlier tests typed into fields lower down the page
    area = page.locator("#plot-contour .nsewdrag").bounding_box()
    xr, yr = page.evaluate("() => { const l = document.getElementById('plot-contour').layout; return [l.xaxis.range, l.yaxis.range]; }")
    fx, fy = 0.25, 0.3  # from the plot area's left and top
    x0_box = page.get_by_role("spinbutton", name="x₀")
    before = x0_box.input_value()
    page.mouse.click(area["x"] + fx * area["width"], area["y"] + fy * area["height"])
    expected = (xr[0] + fx * (xr[1] - xr[0]), yr[1] - fy * (yr[1] - yr[0]))
    page.wait_for_function("([box, before]) => box.value !== before", arg=[x0_box.element_handle(), before])
    x0 = float(x0_box.input_value())
    y0 = float(page.get_by_role("spinbutton", name="y₀").input_value())
    pixel = (xr[1] - xr[0]) / area["width"]
    assert abs(x0 - expected[0]) < 2 * pixel and abs(y0 - expected[1]) < 2 * pixel
    marks = page.evaluate(JS_TRACES, "plot-contour")[MARKS]
    assert (x0, y0) in zip(marks["x"], marks["y"])  # the start ring moved there


def test_a_race_of_three_draws_three_trajectories_in_three_colours(app):
    page, log, base = app
    add = page.get_by_role("button", name="Add optimizer")
    add.click()
    add.click()
    assert page.locator(".racer").count() == 3
    run_to_end(page, 30)
    body = json.loads(log.stream_bodies[-1])
    assert len(body["runs"]) == 3
    frames = api_stream(base, body)
    traces = page.evaluate(JS_TRACES, "plot-3d")
    trajectories = traces[TRAJECTORY:TRAJECTORY + 3]
    assert [t["color"] for t in trajectories] == OKABE_ITO
    for run, t in enumerate(trajectories):
        assert t["x"] == [f["x"][run] for f in frames]
    assert page.locator("#legend li").count() == 3
    legend = page.locator("#legend").inner_text()
    assert "lr=" in legend
    screenshot(page, "desktop-race")


def test_scrubbing_the_timeline_moves_every_view_and_the_inspector(app):
    page, _, _ = app
    page.locator("#timeline").fill("10")
    for plot, trace in (("plot-3d", TRAJECTORY), ("plot-contour", TRAJECTORY), ("plot-series", 0)):
        page.wait_for_function(f"() => document.getElementById('{plot}').data[{trace}].x.length === 11")
    assert page.locator("#inspector-heading").inner_text() == "Step 10"
    assert page.locator("#inspector-table tbody tr").count() == 3


def test_a_new_setting_restarts_the_runs_and_keeps_the_camera(app):
    page, log, _ = app
    box = page.locator("#plot-3d").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 120, cy + 30, steps=6)
    page.mouse.up()
    eye = "() => document.getElementById('plot-3d')._fullLayout.scene.camera.eye"
    page.wait_for_function(f"() => ({eye})().x !== -1.3")
    turned = page.evaluate(eye)
    streams = len(log.stream_bodies)
    set_number(page.get_by_role("group", name="Optimizer 1"), "lr", 0.02, exact=False)
    page.wait_for_function(JS_FINISHED)
    assert len(log.stream_bodies) == streams + 1
    assert json.loads(log.stream_bodies[-1])["runs"][0]["params"]["lr"] == 0.02
    assert page.evaluate(eye) == turned


def test_divergence_is_explained_where_it_happened(app):
    page, log, _ = app
    set_number(page.get_by_role("group", name="Optimizer 1"), "lr", 1.5, exact=False)  # SGD on the bowl: each step multiplies the distance by |1 − 2·1.5| = 2
    page.wait_for_function(JS_FINISHED)
    message = page.locator("#messages li", has_text="Diverged")  # after the step where it left the map
    assert "SGD lr=1.5" in message.inner_text()
    marks = page.evaluate(JS_TRACES, "plot-contour")[MARKS]
    assert "diverged" in marks["text"]  # marked on the map where it happened


def test_no_page_errors_and_no_request_leaves_the_machine(app):
    page, log, base = app
    assert log.errors == []
    assert log.foreign(base) == []
    assert [u for u in log.urls if "/vendor/plotly-" in u][0].endswith("-errorscape.min.js")  # the partial build


def test_phone_layout_in_dark_mode_with_reduced_motion(browser, live_server):
    page, log = open_app(browser, live_server, PHONE, color_scheme="dark", reduced_motion="reduce")
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        assert page.locator("#speed").input_value() == "Infinity"  # no animation unless asked for
        run_to_end(page, 60)
        assert page.evaluate(JS_SHOWN) == 61
        screenshot(page, "phone")
        assert log.errors == []
        assert log.foreign(live_server) == []
    finally:
        page.context.close()


def test_a_projector_wide_page_keeps_the_formula_box_inside_its_panel(browser, live_server):
    page, log = open_app(browser, live_server, {"width": 2560, "height": 1440})
    try:
        page.select_option("#surface-controls select", "custom")
        page.wait_for_selector(".formula-editor__input")
        right = page.evaluate("document.getElementById('panel').getBoundingClientRect().right")
        for selector in (".formula-editor__input", ".formula-editor__examples", ".formula-editor__help"):
            assert page.locator(selector).bounding_box()["x"] + page.locator(selector).bounding_box()["width"] <= right + 0.5, selector
        assert log.errors == []
    finally:
        page.context.close()


def test_typing_a_formula_asks_the_api_once_per_pause(browser, live_server):
    """A pause in typing is one check: its answer has the error's position or the whole surface (the grid
    follows once, to draw it)."""
    page, log = open_app(browser, live_server, DESKTOP)
    try:
        page.select_option("#surface-controls select", "custom")
        box = page.locator(".formula-editor__input")
        box.fill("")
        page.wait_for_timeout(600)

        def api_calls_while_typing(text: str, shown: str) -> list[str]:
            before = len(log.urls)
            box.press_sequentially(text, delay=40)  # well inside the box's 300 ms pause
            page.wait_for_function("(t) => document.querySelector('.formula-editor__status').innerText.includes(t)", arg=shown)
            page.wait_for_timeout(800)
            return [u.removeprefix(live_server) for u in log.urls[before:] if "/api/" in u]

        calls = api_calls_while_typing("x^2 + y^2", "Formula accepted")
        checks = [u for u in calls if not u.startswith("/api/surfaces/custom/grid")]
        assert len(checks) == 1 and checks[0].startswith("/api/expressions/validate?expr=x%5E2%20%2B%20y%5E2"), calls
        assert len(calls) == 2, calls  # the check, then the new surface's grid
        page.wait_for_function("() => document.getElementById('surface-description').textContent.includes('x^2 + y^2')")

        calls = api_calls_while_typing(" +", "ends too early")
        assert len(calls) == 1 and calls[0].startswith("/api/expressions/validate?"), calls
        assert page.locator(".formula-editor__where mark").count() == 1
        # Chromium logs every 4xx answer as a console error; the rejected formula's 422 is the expected one.
        assert [e for e in log.errors if "status of 422" not in e] == []
    finally:
        page.context.close()
