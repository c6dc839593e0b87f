"""The preview (static/js/preview.js): while plotly.js loads, the surface is drawn on a plain canvas in the
3D view's box, and Plotly's scene replaces it once drawn. plotly.js is held back by the test (its request
is answered only once the preview has been looked at), so nothing here depends on timing.
"""

from __future__ import annotations

import pytest

from .conftest import ARTIFACTS, DESKTOP, PHONE, SLOW, PageLog

pytestmark = [pytest.mark.browser, pytest.mark.server]

PREVIEW_MARK = "() => performance.getEntriesByName('errorscape:surface-preview').length > 0"
FIGURES_MARK = "() => performance.getEntriesByName('errorscape:figures-drawn').length > 0"
# How much of the canvas is painted, and the colour at its centre (the surface is there, not blank).
JS_CANVAS = """() => { const c = document.querySelector('#plot-3d canvas.surface-preview');
  if (!c) return null;
  const box = c.getBoundingClientRect(), plot = document.getElementById('plot-3d').getBoundingClientRect();
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted += 1;
  return {painted: painted / (c.width * c.height), width: box.width, height: box.height,
          plotWidth: plot.width, plotHeight: plot.height, hidden: c.getAttribute('aria-hidden')}; }"""


def open_held(browser, base: str, path: str, viewport: dict, **context):
    """A page at `path` whose plotly.js request waits until release() is called; returns (page, log, release)."""
    ctx = browser.new_context(viewport=viewport, **context)
    page = ctx.new_page()
    page.set_default_timeout(SLOW)
    log = PageLog(page, base)
    held = []
    page.route("**/vendor/plotly-*", lambda route: held.append(route))

    def release():
        page.unroute("**/vendor/plotly-*")
        for route in held:
            route.continue_()

    page.goto(base + path, wait_until="commit")  # "load" waits for the held preload
    return page, log, release


@pytest.mark.parametrize(
    ("name", "path", "viewport", "context"),
    [
        ("desktop-light", "/", DESKTOP, {"color_scheme": "light"}),
        ("phone-embed-dark", "/embed#surface=himmelblau", PHONE, {"color_scheme": "dark", "reduced_motion": "reduce"}),
    ],
)
def test_the_preview_appears_and_plotly_replaces_it(browser, live_server, name, path, viewport, context):
    page, log, release = open_held(browser, live_server, path, viewport, **context)
    try:
        page.wait_for_function(PREVIEW_MARK)
        canvas = page.evaluate(JS_CANVAS)
        assert canvas is not None
        assert canvas["hidden"] == "true"  # the plot's own label describes it
        assert (canvas["width"], canvas["height"]) == (canvas["plotWidth"], canvas["plotHeight"])  # the 3D view's box
        assert canvas["painted"] > 0.1  # the surface, not an empty canvas
        assert page.evaluate("window.Plotly === undefined")  # drawn without plotly.js
        page.locator("#plot-3d").scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(".figure-3d").screenshot(path=str(ARTIFACTS / f"preview-{name}.png"))
        release()
        page.wait_for_function(FIGURES_MARK)
        assert page.evaluate("document.querySelectorAll('.surface-preview').length") == 0
        assert page.evaluate("document.getElementById('plot-3d').data[0].type") == "surface"
        assert log.errors == []
        assert log.foreign(live_server) == []
    finally:
        page.context.close()
