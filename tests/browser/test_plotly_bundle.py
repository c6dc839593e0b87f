"""The partial plotly.js build draws the same figures as the full one.

Two servers: the default (the build in static/vendor) and one with ERRORSCAPE_PLOTLY_BUNDLE=full. The
same run (fixed seed, noise, a race of two) is drawn by each, and the 3D and contour figures are compared
pixel by pixel. Software WebGL may differ by a few levels in a few pixels, so a pixel counts as different
only beyond a small colour distance, and a small share of different pixels is allowed.

The 3D axes' tick labels are a tiny share of the figure, and the build patches how they are made
(vectorize-text, scripts/plotly-bundle/build.mjs), so they get their own comparison: the scene with its
traces made transparent (only the labels are left), at a desktop and a phone size, held to a share of
the labels' own pixels.

The build also patches the 3D pick buffer (gl-plot3d renders it, and gl-select-static reads it back, when the
scene next queries it), so hovering the 3D scene must find the same point, with the same label, as the full build.
"""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

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
  let differ = 0, painted = 0;  // painted: not near-white in either picture
  for (let i = 0; i < p.data.length; i += 4) {
    const d = Math.max(...[0, 1, 2].map(k => Math.abs(p.data[i + k] - q.data[i + k])));
    if (d > tol) differ += 1;
    const dark = (x) => x.data[i] + x.data[i + 1] + x.data[i + 2] < 3 * 240;
    if (dark(p) || dark(q)) painted += 1;
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
    return {"plotly": plotly, **{k: data_url(v) for k, v in shots.items()}}


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


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


LABEL_SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LABEL_TOLERANCE = 0.02  # of the labels' pixels
JS_ONLY_LABELS = """async () => { const el = document.getElementById('plot-3d');
  await window.Plotly.restyle(el, {opacity: 0});
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }"""


def labels(browser, base: str, size: str, name: str) -> str:
    """The 3D scene's axis labels alone (its traces made transparent), as drawn by the page at base: a PNG data URL."""
    page, log = open_app(browser, base, LABEL_SIZES[size])
    page.mouse.move(0, 0)
    page.evaluate(JS_ONLY_LABELS)
    shot = page.locator("#plot-3d").screenshot()
    screenshot(page, f"plotly-bundle-labels-{size}-{name}")
    assert log.errors == []
    page.context.close()
    return data_url(shot)


@pytest.mark.parametrize("size", LABEL_SIZES)
def test_the_3d_axis_labels_are_the_full_builds(browser, live_server, full_server, size):
    partial, full = labels(browser, live_server, size, "partial"), labels(browser, full_server, size, "full")
    page = browser.new_page()
    try:
        diff = page.evaluate(JS_DIFF, [partial, full, CHANNEL_TOLERANCE])
    finally:
        page.close()
    assert diff["size"]
    assert diff["painted"] > 0.001, diff  # labels were drawn (a dozen numbers and the axis names)
    assert diff["share"] <= LABEL_TOLERANCE * diff["painted"], diff


# The build also patches the 3D pick buffer: rendered (gl-plot3d) and read back (gl-select-static) when
# the scene next queries it (a hover), not after every redraw. Hovering must still find what is under the pointer, the same
# point as the full build, and after the scene was redrawn (a run played), the point drawn now.
JS_LISTEN_HOVER = """() => { const el = document.getElementById('plot-3d'); window.__hovers = [];
  el.on('plotly_hover', (d) => window.__hovers.push(d.points.map((p) => ({curve: p.curveNumber, x: p.x, y: p.y, z: p.z})))); }"""
HOVER_AT = [(0.5, 0.55), (0.45, 0.6), (0.55, 0.5), (0.5, 0.45)]  # of the 3D figure's box: over the bowl


def hover(page) -> tuple[list, str]:
    """The points the first hit of HOVER_AT reports over the 3D figure, and the hover label's text."""
    box = page.locator("#plot-3d").bounding_box()
    page.evaluate(JS_LISTEN_HOVER)
    for fx, fy in HOVER_AT:
        page.mouse.move(0, 0)
        page.wait_for_timeout(200)
        page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"], steps=4)
        try:
            page.wait_for_function("() => window.__hovers.length > 0", timeout=5000)
        except PlaywrightTimeout:  # no hit here: try the next point
            continue
        page.wait_for_function("() => document.querySelector('#plot-3d .hovertext')?.textContent")
        label = page.evaluate("() => document.querySelector('#plot-3d .hovertext').textContent")
        return page.evaluate("() => window.__hovers[0]"), label
    return [], ""


def hovered(browser, base: str) -> dict:
    page, log = open_app(browser, base, DESKTOP, path=RUN)
    page.wait_for_function("() => window.errorscape.plots.settled")
    before = hover(page)
    page.evaluate("() => window.errorscape.run()")
    page.wait_for_function(JS_FINISHED)
    after = hover(page)
    assert log.errors == []
    page.context.close()
    return {"before": before, "after": after}


def test_hovering_the_3d_scene_finds_the_point_the_full_build_finds(browser, live_server, full_server):
    partial, full = hovered(browser, live_server), hovered(browser, full_server)
    for when in ("before", "after"):
        points, label = partial[when]
        assert points and label.strip(), (when, partial)  # a point was found and a label shown
        assert points == full[when][0], (when, partial, full)
        assert label == full[when][1]
