"""Every view tells the truth at a glance: the timeline spans the run, the readout follows Reset,
restarts are grouped and named, tables fit their panels, the phone shows the figure and Run first,
and the N-dimensional lesson leaves no hidden control live.

One desktop page (1,280 x 800) walks through the checks; one phone page (390 x 844) for the layout.
"""

from __future__ import annotations

import re

import httpx
import pytest

from .conftest import open_app, screenshot
from .test_app import set_number

pytestmark = [pytest.mark.browser, pytest.mark.server]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
JS_FINISHED = "() => { const s = window.errorscape.player.status(); return s.finished && s.shown === s.received; }"
JS_FITS = """(sel) => [...document.querySelectorAll(sel)].filter((t) => t.checkVisibility())
  .map((t) => ({over: t.scrollWidth - t.parentElement.clientWidth, text: t.innerText.slice(0, 40)}))"""


@pytest.fixture(scope="module")
def app(browser, live_server):
    page, log = open_app(browser, live_server, DESKTOP)
    yield page, log, live_server
    page.context.close()


def go(page, lesson: str) -> None:
    page.wait_for_function("() => window.errorscape?.lessons")  # the lessons module listens to the hash
    page.evaluate("(h) => { location.hash = h; }", f"lesson={lesson}")
    page.wait_for_function("(id) => document.body.dataset.lesson === id && document.querySelector('#lesson-panels .lesson-section')", arg=lesson)


def test_the_timeline_spans_the_whole_run_and_agrees_with_the_readout(app):
    page, _, _ = app
    page.select_option("#speed", "30")
    set_number(page, "Steps", 200)
    page.get_by_role("button", name="Run", exact=True).click()
    # Pause in the animation frame that shows step 20 or more, mid-run.
    page.wait_for_function("""() => { const s = window.errorscape.player.status();
      if (s.shown < 21 || document.getElementById('pause').disabled) return false;
      document.getElementById('pause').click(); return true; }""")
    timeline = page.locator("#timeline")
    step = int(re.search(r"Step (\d+) of 200", page.locator("#progress").inner_text()).group(1))
    assert 20 <= step < 200
    assert timeline.get_attribute("max") == "200"  # the whole run, not the frames received so far
    assert int(timeline.input_value()) == step  # the thumb sits at step/200 of the track
    assert timeline.get_attribute("aria-valuetext") == f"step {step} of 200"
    played = page.evaluate("parseFloat(document.getElementById('timeline').style.getPropertyValue('--played'))")
    buffered = page.evaluate("parseFloat(document.getElementById('timeline').style.getPropertyValue('--buffered'))")
    received = page.evaluate("() => window.errorscape.player.status().received")
    assert played == pytest.approx(100 * step / 200) and played <= buffered
    # what has arrived shows as buffered, exactly (on a slow machine the whole run may have arrived by now)
    assert buffered == pytest.approx(100 * (received - 1) / 200)


def test_after_reset_the_readout_says_ready(app):
    page, _, _ = app
    page.get_by_role("button", name="Reset", exact=True).click()
    page.wait_for_function("() => document.getElementById('progress').textContent === 'Ready: press Run.'")
    assert page.locator("#timeline").is_disabled()


def test_restarts_are_grouped_in_the_messages_and_named_by_start_in_the_inspector(app):
    page, _, _ = app
    page.select_option("#speed", "Infinity")
    go(page, "local-minima")
    page.wait_for_function(JS_FINISHED)
    runs = page.evaluate("window.errorscape.runner.meta.runs.length")
    assert runs >= 8
    lines = page.locator("#messages li").all_inner_texts()
    assert len(lines) == len(set(lines)) and len(lines) <= 4  # one line per racer and outcome, not per start
    assert any(re.search(r"\d+ of \d+ starts", line) for line in lines)
    names = page.locator("#inspector-table tbody th").all_inner_texts()
    assert len(names) == runs and len(set(names)) == runs  # each restart named by where it started
    assert all(re.search(r"from \(−?[\d.]+, −?[\d.]+\)", n) for n in names)


def test_lesson_tables_fit_their_panels_and_use_one_minus_sign(app):
    page, _, _ = app
    for lesson, selector in [("local-minima", ".lesson-restarts table"), ("saddles", ".lesson-classifier table"),
                             ("high-dimensions", "[data-testid=curse-table]")]:
        go(page, lesson)
        page.wait_for_function("(sel) => document.querySelector(sel)?.querySelector('tbody tr')", arg=selector)
        over = page.evaluate(JS_FITS, selector)
        assert over and all(t["over"] <= 1 for t in over), (lesson, over)
    cells = page.evaluate("[...document.querySelectorAll('.lesson-table td, #inspector-table td')].map((c) => c.textContent)")
    assert not [c for c in cells if re.search(r"\d-|^-|e-", c)]  # numbers write − (U+2212), never '-'


def test_one_restart_gives_in_the_singular(app):
    page, _, _ = app
    go(page, "convex-vs-nonconvex")  # the bowl: every start succeeds, so one restart is enough
    page.wait_for_selector("[data-testid=restarts-share][data-p]")
    text = page.locator("[data-testid=restarts-share]").inner_text()
    assert "1 restart gives a 95 % chance" in text and "restart give " not in text


def test_the_n_dimensional_lesson_leaves_no_hidden_control_live_and_keeps_its_curves(app):
    page, _, _ = app
    go(page, "high-dimensions")
    page.wait_for_selector("[data-testid=highdim-outcome][data-dim]")
    for hidden in ("select[name=surface]", "#racer-controls", "[name=x0]", "#run"):
        assert page.locator(hidden).first.is_hidden(), hidden
    page.locator("body").press("r")  # the Run shortcut: no run while its figures are hidden
    page.wait_for_timeout(500)
    assert page.evaluate("!window.errorscape.runner.streaming && window.errorscape.player.status().received === 0")
    first = page.get_attribute("[data-testid=highdim-outcome]", "data-dim")
    other = "100" if first != "100" else "2"
    page.fill("#lesson-panels input[name=dim]", other)
    page.get_by_role("button", name="Run in N dimensions").click()
    page.wait_for_function("(n) => document.querySelector('[data-testid=highdim-outcome]').dataset.dim === n", arg=other)
    names = page.evaluate("document.querySelector('.lesson-highdim .lesson-plot').data.filter((t) => t.showlegend !== false).map((t) => t.name)")
    assert any(f"N = {first}" in n for n in names) and any(f"N = {other}" in n for n in names)  # both curves to compare
    screenshot(page, "lesson-highdim-curves")


def test_on_a_phone_the_figure_and_run_come_first(browser, live_server):
    served = httpx.get(f"{live_server}/").text
    lessons = httpx.get(f"{live_server}/api/lessons").json()
    # The menu is in the page itself: the menu element and one link per lesson in the catalogue.
    assert len(re.findall(r'class="lesson-menu"|data-lesson="', served)) == 1 + len(lessons)
    page, log = open_app(browser, live_server, PHONE)
    page.wait_for_function("() => window.errorscape?.lessons")  # the lessons module has mounted
    run = page.locator("#run").bounding_box()
    plot = page.locator("#plot-3d").bounding_box()
    assert run["y"] + run["height"] < 844 and plot["y"] < 844 * 0.6  # both on the first screen
    assert page.locator(".lessons-nav").bounding_box()["y"] > plot["y"]  # lessons and settings after
    screenshot(page, "phone-first-screen")
    assert log.errors == []
    page.context.close()
