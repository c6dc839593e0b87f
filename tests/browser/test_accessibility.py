"""axe-core (a checker no one here wrote, through axe-playwright-python) finds no violations on the
page, on every lesson and on /embed, at desktop and at phone width.

One page per width walks through the lessons by changing location.hash (a page load costs a WebGL
scene in software). No rule is switched off and no node excluded.
"""

from __future__ import annotations

import httpx
import pytest

from .conftest import open_app

pytestmark = [pytest.mark.browser, pytest.mark.server]

axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def violations(page) -> list[str]:
    results = axe_sync.Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_and_every_lesson_have_no_axe_violations(browser, live_server, width):
    page, log = open_app(browser, live_server, WIDTHS[width], reduced_motion="reduce")
    found = {"/": violations(page)}
    lessons = httpx.get(f"{live_server}/api/lessons").json()
    targets = [(lesson["id"], view["id"]) for lesson in lessons for view in lesson["views"][:1]]
    targets.append(("sgd-noise", "minibatch"))  # the one view whose panels differ from its lesson's first
    for lesson, view in targets:
        page.wait_for_function("() => window.errorscape?.lessons")  # the lessons module listens to the hash
        page.evaluate("(h) => { location.hash = h; }", f"lesson={lesson}&view={view}")
        page.wait_for_function("(v) => window.errorscape.lessons.active?.view.id === v && document.querySelector('#lesson-panels .lesson-section')", arg=view)
        busy = "[...document.querySelectorAll('.lesson-status')].map((s) => s.textContent).filter((t) => /…$/.test(t))"
        for _ in range(240):  # the panels' tables and figures have arrived (a loaded machine can take a minute)
            if not page.evaluate(busy):
                break
            page.wait_for_timeout(500)
        assert not page.evaluate(busy), (lesson, page.evaluate(busy))
        found[f"#lesson={lesson}&view={view}"] = violations(page)
    page.context.close()
    assert {k: v for k, v in found.items() if v} == {}
    assert log.errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_embed_has_no_axe_violations(browser, live_server, width):
    page, log = open_app(browser, live_server, WIDTHS[width], path="/embed?autoplay=1#surface=himmelblau&steps=30&speed=max")
    page.wait_for_function("() => window.errorscape?.player.status().finished")
    assert violations(page) == []
    page.goto(live_server + "/embed?controls=0&view=both#surface=bowl")
    page.wait_for_function("() => performance.getEntriesByName('errorscape:figures-drawn').length > 0")
    assert violations(page) == []
    page.context.close()
