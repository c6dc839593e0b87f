"""The embed fits whatever box a course page gives it: the figure first and largest, a compact playback
bar, and (where the page runs scripts) the frame grows to the height the embed asks for. Its end
messages say how each run ended, in the frame and to the parent (errorscape:done, /embed/example).

Host pages are served from a second local origin, as a course site would be.
"""

from __future__ import annotations

import http.server
import re
import threading
from functools import partial

import httpx
import numpy as np
import pytest

from tests.support.pixels import painted
from tests.support.png import decode_png

from .conftest import SLOW, PageLog, open_app, screenshot
from .test_embed import Quiet

pytestmark = [pytest.mark.browser, pytest.mark.server]

STATE = "surface=himmelblau&optimizer=adam,sgd&lr=0.1,3&x0=-1&y0=1&steps=60&speed=max"  # SGD diverges

JS_LAYOUT = """() => {
  const box = (s) => { const r = document.querySelector(s).getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: r.height, width: r.width}; };
  return {plot: box('#plot-3d'), run: box('#run'), height: innerHeight, width: innerWidth,
          overflow: document.documentElement.scrollWidth - innerWidth};
}"""


@pytest.fixture(scope="module")
def host(live_server, tmp_path_factory):
    """A second origin serving course pages built from GET /oembed's snippet."""
    root = tmp_path_factory.mktemp("course")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def course_page(root, name: str, snippet: str) -> str:
    (root / name).write_text(f'<!doctype html><title>Course</title><link rel="icon" href="data:,">'
                             f'<body style="margin:8px"><h1>Week 3</h1>{snippet}</body>')
    return name


def embed_frame(page):
    page.wait_for_function("() => document.querySelector('iframe').getBoundingClientRect().height > 0")
    frame = page.frames[1]
    frame.wait_for_function("() => performance.getEntriesByName('errorscape:figures-drawn').length > 0", timeout=SLOW)
    return frame


@pytest.mark.parametrize("width,scripts", [(390, True), (500, False)])
def test_the_snippet_shows_the_figure_first_at_phone_widths(browser, live_server, host, width, scripts):
    root, other = host
    snippet = httpx.get(f"{live_server}/oembed", params={"url": f"{live_server}/embed?autoplay=1&controls=0#{STATE}"}).json()["html"]
    assert "<script>" in snippet
    if not scripts:  # a course platform that strips scripts keeps only the iframe
        snippet = re.sub(r"<script>.*</script>", "", snippet)
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.set_default_timeout(SLOW)
    page.goto(f"{other}/{course_page(root, f'w{width}.html', snippet)}")
    frame = embed_frame(page)
    if scripts:  # the frame takes the height the embed asks for: more than the 16:10 box
        page.wait_for_function("() => document.querySelector('iframe').getBoundingClientRect().height > innerWidth * 0.7")
    layout = frame.evaluate(JS_LAYOUT)
    assert layout["overflow"] <= 0
    assert layout["plot"]["top"] < 12  # the figure first ...
    assert layout["plot"]["height"] >= 0.45 * layout["height"]  # ... and the largest part of the frame
    assert 0 < layout["run"]["bottom"] <= layout["height"]  # Run in view, no scrolling
    shot = page.locator("iframe").screenshot()
    seen = painted(page, shot)
    assert seen["share"] > 0.08  # the surface is drawn, not a blank box
    screenshot(page, f"embed-course-{width}{'-scripts' if scripts else ''}")
    context.close()


@pytest.mark.parametrize("size", [(800, 500), (300, 190)])
def test_the_figure_dominates_the_frame(browser, live_server, size):
    width, height = size
    page, log = open_app(browser, live_server, {"width": width, "height": height}, path=f"/embed?controls=0#{STATE}")
    layout = page.evaluate(JS_LAYOUT)
    assert layout["overflow"] <= 0 and page.evaluate("document.documentElement.scrollHeight") <= height
    plot = layout["plot"]
    assert plot["top"] < 12 and plot["width"] * plot["height"] >= (0.7 if width >= 800 else 0.3) * width * height
    assert 0 < layout["run"]["bottom"] <= height
    screenshot(page, f"embed-{width}x{height}")
    assert log.errors == []
    page.context.close()


def test_the_done_message_and_the_frame_say_how_each_run_ended(browser, live_server):
    context = browser.new_context(viewport={"width": 640, "height": 700})
    page = context.new_page()
    page.set_default_timeout(SLOW)
    log = PageLog(page, live_server)
    page.goto(f"{live_server}/embed/example")
    frame = embed_frame(page)
    page.fill("#cmd-lr", "3")
    page.click("#cmd-state")  # Adam and SGD at lr 3: SGD leaves the map
    page.wait_for_function("() => window.embedMessages.some((m) => m.type === 'errorscape:done')")
    done = page.evaluate("window.embedMessages.find((m) => m.type === 'errorscape:done')")
    by_label = {r["label"]: r for r in done["runs"]}
    assert by_label["SGD lr=3"]["reason"] == "diverged" and by_label["SGD lr=3"]["message"]
    assert by_label["Adam lr=3"]["reason"] != "diverged"
    line = page.locator("#log li", has_text="done").inner_text()
    assert "SGD lr=3 diverged at step" in line and "Adam lr=3" in line
    # In the frame (its settings behind a button at this width), the end message is over the figure.
    message = frame.locator("#messages .message.diverged")
    assert message.is_visible() and "SGD lr=3" in message.inner_text()
    screenshot(page, "embed-example-diverged")
    assert log.errors == []
    page.context.close()


def surface_extent(png: bytes) -> dict:
    """The share of the plot's width and height the surface's coloured pixels span (tick labels are grey)."""
    pixels = decode_png(png)[..., :3].astype(int)
    coloured = (pixels.max(-1) - pixels.min(-1) > 15) & ((255 - pixels).sum(-1) > 40)
    ys, xs = np.nonzero(coloured)
    (x0, x1), (y0, y1) = np.percentile(xs, [0.5, 99.5]), np.percentile(ys, [0.5, 99.5])
    return {"width": (x1 - x0) / coloured.shape[1], "height": (y1 - y0) / coloured.shape[0]}


@pytest.mark.parametrize("path,size,least", [
    (f"/embed?controls=0#{STATE}", (800, 500), {"height": 0.55}),  # a wide plot: as tall as it can be
    ("/", (1280, 800), {"width": 0.78}),  # the page's squarish plot: as wide as it can be
])
def test_the_surface_fills_its_plot(browser, live_server, path, size, least):
    page, log = open_app(browser, live_server, {"width": size[0], "height": size[1]}, path=path)
    try:
        page.wait_for_timeout(500)  # a figure drawn at another size than its box is drawn again
        extent = surface_extent(page.locator("#plot-3d").screenshot())
        for side, share in least.items():
            assert extent[side] >= share, extent  # a fixed camera left 0.48 and 0.75
        assert log.errors == []
    finally:
        page.context.close()
