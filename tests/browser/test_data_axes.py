"""Weight space titled with the weights: on a data surface the 3D scene and the contour name their axes
as the API names the model's weights (slope and intercept, a network's chosen pair), in the page and the
embed; a plain surface keeps x and y."""

from __future__ import annotations

import httpx
import pytest

from .conftest import open_app, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.server]

# What a person sees: the contour's axis titles as drawn (SVG text), and the 3D scene's as Plotly laid them
# out (WebGL draws those, so there is no text node to read).
JS_TITLES = """() => {
  const contour = document.getElementById('plot-contour'), scene = document.getElementById('plot-3d');
  const text = (sel) => contour.querySelector(sel)?.textContent ?? null;
  const full = scene._fullLayout.scene;
  return {contour: [text('.g-xtitle text'), text('.g-ytitle text')],
          contourLayout: [contour._fullLayout.xaxis.title.text, contour._fullLayout.yaxis.title.text],
          scene: [full.xaxis.title.text, full.yaxis.title.text]}; }"""


def api_axes(base: str, **selection) -> list[str]:
    r = httpx.get(f"{base}/api/surfaces/data", params=selection, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()["extra"]["axes"]


def wait_titles(page, names: list[str]) -> None:
    page.wait_for_function("""(names) => { const c = document.getElementById('plot-contour')?._fullLayout;
        return c && c.xaxis.title.text === names[0] && c.yaxis.title.text === names[1]; }""", arg=names)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_the_page_titles_weight_space_with_the_weights(browser, live_server, viewport):
    size = f"{viewport['width']}x{viewport['height']}"
    page, log = open_app(browser, live_server, viewport, path="/#surface=data&dataset=line&model=linear&x0=-2&y0=2.5")
    try:
        names = api_axes(live_server, dataset="line", model="linear")
        assert names == ["w (slope)", "b (intercept)"]
        wait_titles(page, names)
        seen = page.evaluate(JS_TITLES)
        assert seen == {"contour": names, "contourLayout": names, "scene": names}
        screenshot(page, f"data-axes-line-{size}")
        # Another model: the titles follow the selection, from the API's answer for it.
        page.evaluate("window.errorscape.store.set({dataset: 'moons', model: 'network', weights: 'in-out'})")
        names = api_axes(live_server, dataset="moons", model="network", weights="in-out")
        assert names == ["hidden 1 ← x₁", "output ← hidden 1"]
        wait_titles(page, names)
        assert page.evaluate(JS_TITLES)["contour"] == names and page.evaluate(JS_TITLES)["scene"] == names
        screenshot(page, f"data-axes-network-{size}")
        page.evaluate("window.errorscape.store.set({surface: 'himmelblau'})")
        wait_titles(page, ["x", "y"])
        assert page.evaluate(JS_TITLES)["scene"] == ["x", "y"]
        assert not log.errors
    finally:
        page.context.close()


def test_the_embed_titles_weight_space_with_the_weights(browser, live_server):
    path = "/embed?view=contour#surface=data&dataset=sine&model=tanh&x0=1&y0=-1"
    page, log = open_app(browser, live_server, {"width": 800, "height": 500}, path=path)
    try:
        names = api_axes(live_server, dataset="sine", model="tanh")
        page.wait_for_selector("#plot-data .main-svg")  # settled: the data panel beside the contour
        wait_titles(page, names)
        assert page.evaluate(JS_TITLES)["contour"] == names == ["w (input weight)", "a (output weight)"]
        screenshot(page, "data-axes-embed-800x500")
        assert not log.errors
    finally:
        page.context.close()
