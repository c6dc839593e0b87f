"""The partial plotly.js build draws the same figures as the full one.

Two servers: the default (the build in static/vendor) and one with ERRORSCAPE_PLOTLY_BUNDLE=full. The
same run (fixed seed, noise, a race of two) is drawn by each, and the 3D and contour figures are compared
pixel by pixel. Software WebGL may differ by a few levels in a few pixels, so a pixel counts as different
only beyond a small colour distance, and a small share of different pixels is allowed.
"""

from __future__ import annotations

import base64

import pytest

from tests.support.server import running_server

from .conftest import DESKTOP, open_app, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.server]

RUN = "/#surface=himmelblau&optimizer=adam,sgd&lr=0.05,0.01&steps=60&seed=7&noise=0.5"
JS_FINISHED = """() => { const s = window.errorscape.player.status();
    return s.finished && s.shown === s.received && window.errorscape.plots.settled; }"""
CHANNEL_TOLERANCE = 24  # per colour channel, 0-255
SHARE_TOLERANCE = 0.01  # of a figure's pixels
# Decodes two PNGs in the page and counts the pixels whose colours differ beyond the tolerance.
JS_DIFF = """async ([a, b, tol]) => {
  const pixels = async (src) => { const img = new Image(); img.src = src; await img.decode();
    const c = new OffscreenCanvas(img.width, img.height); const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0); return ctx.getImageData(0, 0, img.width, img.height); };
  const [p, q] = await Promise.all([pixels(a), pixels(b)]);
  if (p.width !== q.width || p.height !== q.height) return {size: false};
  let differ = 0, painted = 0;
  for (let i = 0; i < p.data.length; i += 4) {
    const d = Math.max(...[0, 1, 2].map(k => Math.abs(p.data[i + k] - q.data[i + k])));
    if (d > tol) differ += 1;
    if (p.data[i] + p.data[i + 1] + p.data[i + 2] < 3 * 240) painted += 1;
  }
  return {size: true, share: differ / (p.width * p.height), painted: painted / (p.width * p.height)};
}"""


@pytest.fixture(scope="module")
def full_server():
    with running_server(env={"ERRORSCAPE_PLOTLY_BUNDLE": "full"}) as (base, _proc):
        yield base


def draw(browser, base: str, name: str) -> dict[str, str]:
    """The run drawn by the page at base: PNG data URLs of the 3D and contour figures, and the plotly.js used."""
    page, log = open_app(browser, base, DESKTOP, path=RUN)
    page.evaluate("() => window.errorscape.run()")
    page.wait_for_function(JS_FINISHED)
    page.mouse.move(0, 0)  # no hover label
    page.wait_for_timeout(300)
    screenshot(page, f"plotly-bundle-{name}")
    shots = {fig: page.locator(f"#plot-{fig}").screenshot() for fig in ("3d", "contour")}
    plotly = [u for u in log.urls if "/vendor/plotly-" in u]
    assert log.errors == []
    page.context.close()
    return {"plotly": plotly, **{k: "data:image/png;base64," + base64.b64encode(v).decode() for k, v in shots.items()}}


def test_the_partial_build_draws_what_the_full_one_draws(browser, live_server, full_server):
    partial = draw(browser, live_server, "partial")
    full = draw(browser, full_server, "full")
    assert len(partial["plotly"]) == 1 and "-errorscape.min.js" in partial["plotly"][0]
    assert len(full["plotly"]) == 1 and "-errorscape" not in full["plotly"][0]
    page = browser.new_page()
    try:
        for fig in ("3d", "contour"):
            diff = page.evaluate(JS_DIFF, [partial[fig], full[fig], CHANNEL_TOLERANCE])
            assert diff["size"], fig
            assert diff["painted"] > 0.05, (fig, diff)  # a figure was drawn, not two blank boxes
            assert diff["share"] <= SHARE_TOLERANCE, (fig, diff)
    finally:
        page.close()
