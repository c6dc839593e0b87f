"""The view state in the URL hash: a link opened in a fresh browser reproduces the run point for point;
the hash is validated; the Share dialog's link and snippet; CSV export equals the frames drawn."""

from __future__ import annotations

import csv
import io

import pytest

from tests.support.png import assert_shows_a_plot, decode_png

from .conftest import DESKTOP, SLOW, open_app, screenshot
from .test_app import JS_FINISHED, set_number

pytestmark = [pytest.mark.browser, pytest.mark.server]

LINK = "/#surface=himmelblau&optimizer=adam,momentum&lr=0.05,0.01&momentum=,0.5&x0=-1.5&y0=2&steps=60&seed=7&noise=0.3&speed=max"
JS_FRAMES = "() => window.errorscape.player.status().frames.map(f => ({step: f.step, x: f.x, y: f.y, loss: f.loss}))"


def run_and_read(page):
    page.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_function(JS_FINISHED, timeout=SLOW)
    return page.evaluate(JS_FRAMES)


@pytest.fixture(scope="module")
def shared(browser, live_server):
    page, log = open_app(browser, live_server, DESKTOP, path=LINK)
    yield page, log, live_server
    page.context.close()


def test_the_link_sets_the_controls_and_the_hash_follows_changes(shared):
    page, _, _ = shared
    assert page.locator("select[name=surface]").input_value() == "himmelblau"
    assert page.locator("select[name=optimizer-2]").input_value() == "momentum"
    state = page.evaluate("window.errorscape.store.get()")
    assert state["racers"][1]["params"]["momentum"] == 0.5 and state["noise"] == 0.3 and state["seed"] == 7
    set_number(page, "Steps", 40)
    page.wait_for_function("() => location.hash.includes('steps=40')")
    assert "momentum=%2C0.5" in page.evaluate("location.hash") or "momentum=,0.5" in page.evaluate("location.hash")


def test_a_link_opened_in_a_fresh_browser_reproduces_the_run_point_for_point(shared, browser):
    page, log, base = shared
    frames = run_and_read(page)
    assert len(frames) == 41
    link = page.evaluate("location.href")
    other, _ = open_app(browser, base, DESKTOP, path=link[len(base):])
    try:
        assert run_and_read(other) == frames  # exact float64 equality, both runs, every step
        assert other.evaluate("location.hash") == page.evaluate("location.hash")
    finally:
        other.context.close()


def test_csv_export_equals_the_frames_drawn(shared):
    page, _, _ = shared
    frames = page.evaluate(JS_FRAMES)
    page.get_by_role("button", name="Share", exact=True).click()
    with page.expect_download() as download:
        page.locator("#export-csv").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path()).read())))[1:]
    assert len(rows) == 2 * len(frames)
    for row in rows:
        frame = frames[int(row[0])]
        run = int(row[1])
        assert [float(row[4]), float(row[5]), float(row[6])] == [frame["x"][run], frame["y"][run], frame["loss"][run]]
    size = page.evaluate("(() => { const el = document.getElementById('plot-3d'); return [el.clientHeight, el.clientWidth]; })()")
    with page.expect_download() as png:
        page.locator("#export-png").click()
    image = decode_png(open(png.value.path(), "rb").read())
    assert list(image.shape[:2]) == size  # the figure at its size on screen
    assert_shows_a_plot(image)



def test_share_dialog_offers_the_link_and_an_iframe_snippet_with_options(shared):
    page, _, base = shared
    dialog = page.locator("#share-dialog")
    if not dialog.is_visible():
        page.get_by_role("button", name="Share", exact=True).click()
    link = page.locator("#share-link").input_value()
    assert link == page.evaluate("location.href")
    page.get_by_label("Show the settings").check()
    page.locator("select[name=share-view]").select_option("both")
    page.wait_for_function("() => document.querySelector('#share-snippet').value.includes('view=both')")  # the server's oEmbed answer
    snippet = page.locator("#share-snippet").input_value()
    assert snippet.startswith(f'<iframe src="{base}/embed?autoplay=1&amp;view=both#surface=himmelblau')
    assert 'loading="lazy"' in snippet and "title=" in snippet and "aspect-ratio:800/500" in snippet
    assert "errorscape:resize" in snippet  # and it follows the embed's height where scripts run
    screenshot(page, "share-dialog")
    page.get_by_role("button", name="Close", exact=True).click()


def test_the_hash_is_an_allow_list(shared):
    page, _, _ = shared
    result = page.evaluate("""async () => {
      const m = await import(document.body.dataset.static + "/js/hashstate.js");
      const app = window.errorscape;
      const ctx = {surfaces: errorscape.surfaces, specs: new Map(errorscape.optimizers.map(o => [o.id, o])), scheduleParams: [], maxSteps: 10000, formula: true};
      return m.decodeState("#surface=nope&optimizer=adam,evil,sgd&lr=1e9,,abc&steps=1e9&seed=-4&noise=NaN&x0=1e400"
        + "&speed=7&lesson=<script>&camera=1,2&constructor=1&__proto__=2&expr=" + "x".repeat(2000)
        + "&run_noise=0.5,,20&label=a%252Cb,x,%E0%A4%A&restarts=5000", ctx);
    }""")
    patch = result["patch"]
    assert patch["racers"][0]["noise"] == 0.5 and patch["racers"][1]["noise"] == 10
    assert patch["racers"][0]["label"] == "a,b" and "label" not in patch["racers"][1]  # malformed: dropped
    assert patch["restarts"] == 1000
    assert "surface" not in patch and result["expr"] is None
    assert [r["optimizer"] for r in patch["racers"]] == ["adam", "sgd"]
    assert patch["racers"][0]["params"]["lr"] == 10  # clamped to the API's published maximum
    assert patch["racers"][1]["params"]["lr"] == 0.01  # "abc" dropped: the racer's default
    assert patch["steps"] == 10000 and patch["seed"] == 0
    assert not {"noise", "x0", "speed", "lesson", "camera", "constructor", "__proto__"} & patch.keys()


def test_a_race_with_its_own_noise_and_labels_survives_the_round_trip(shared):
    page, _, _ = shared
    result = page.evaluate("""async () => {
      const m = await import(document.body.dataset.static + "/js/hashstate.js");
      const app = window.errorscape;
      const specs = new Map(errorscape.optimizers.map(o => [o.id, o]));
      const ctx = {surfaces: errorscape.surfaces, specs, scheduleParams: [], maxSteps: 10000, formula: true};
      const state = {...app.store.get(), restarts: 4, racers: [
        {optimizer: "sgd", params: {lr: 0.1, weight_decay: 0}, noise: 0.5, label: "SGD, noisy & fast"},
        {optimizer: "sgd", params: {lr: 0.1, weight_decay: 0}}]};
      const hash = m.encodeState(state, specs);
      return {hash, back: m.decodeState(hash, ctx).patch, racers: state.racers};
    }""")
    assert result["back"]["racers"] == result["racers"] and result["back"]["restarts"] == 4
    assert "optimizer=sgd,sgd" in result["hash"]


def test_turning_the_3d_view_is_kept_in_the_hash(shared):
    page, _, _ = shared
    page.evaluate("Plotly.relayout('plot-3d', {'scene.camera': {eye: {x: 2, y: 0.5, z: 1}}})")
    page.wait_for_function("() => location.hash.includes('camera=2,0.5,1')")


JS_LEGENDS = """() => ({page: [...document.querySelectorAll('#legend li')].map((li) => li.textContent.trim()),
    figures: [...document.querySelectorAll('.js-plotly-plot')].filter((e) => e.offsetParent)
        .map((e) => [...e.querySelectorAll('.legend .traces .legendtext')].map((t) => t.textContent))})"""
JS_LESSON_SHOWN = "() => document.body.dataset.lesson && document.querySelector('#lesson-panels .lesson-section')"


# Two lessons whose racers repeat: one optimizer from 24 starts, and two SGDs that differ only by their noise.
def lesson_link(browser, base: str, lesson: str) -> str:
    """What Share gives for a lesson: the lesson and the whole state it set."""
    page, _ = open_app(browser, base, DESKTOP, path=f"/#lesson={lesson}")
    page.wait_for_function(JS_LESSON_SHOWN)
    link = page.evaluate("location.href")[len(base):]
    page.context.close()
    assert "surface=" in link and f"lesson={lesson}" in link
    return link


@pytest.mark.parametrize("lesson", ["local-minima", "sgd-noise"])
def test_a_shared_lesson_link_shows_each_legend_name_once_before_run(browser, live_server, lesson):
    page, log = open_app(browser, live_server, DESKTOP, path=lesson_link(browser, live_server, lesson))
    try:
        page.wait_for_function(JS_LESSON_SHOWN)
        page.wait_for_function("() => document.querySelectorAll('#legend li').length > 0")
        page.wait_for_timeout(1000)  # the lesson's panels draw their own figures
        assert page.evaluate("window.errorscape.player.status().received") == 0  # Run not pressed
        legends = page.evaluate(JS_LEGENDS)
        assert len(legends["page"]) == len(set(legends["page"])), legends
        for names in legends["figures"]:
            assert len(names) == len(set(names)), legends
        assert log.errors == []
    finally:
        page.context.close()


def test_a_shared_link_to_the_real_network_lesson_shows_the_network_not_the_bowl(browser, live_server):
    link = lesson_link(browser, live_server, "real-landscape")
    assert "surface=mlp-slice" in link  # a surface the server builds on first use, unknown to a fresh page
    page, log = open_app(browser, live_server, DESKTOP, path=link)
    try:
        page.wait_for_function(JS_LESSON_SHOWN)
        page.wait_for_function("() => window.errorscape.store.get().surface === 'mlp-slice'")
        page.wait_for_function("() => document.getElementById('surface-description').textContent.includes('tanh')")
        slice_min = page.evaluate("document.getElementById('plot-contour').data[0].z.flat().reduce((a, b) => Math.min(a, b))")
        assert slice_min > 0.01  # the network's loss (the bowl's lowest is 0)
        assert page.locator("#surface-controls select").input_value() == "mlp-slice"
        assert log.errors == []
    finally:
        page.context.close()

