"""An exported page plays from file:// in Chromium, with no server and no network."""

from __future__ import annotations

import pytest

from errorscape.export import export

pytestmark = pytest.mark.browser

TRAJECTORY_LENGTHS = """() => {
  const gd = document.getElementById("errorscape-figure");
  // the contour map's trajectories (2D lines on the x/y axes), as plotly.js drew them
  return gd._fullData.filter((t) => t.type === "scatter" && t.mode === "lines" && t.xaxis === "x")
    .map((t) => t._length);
}"""


@pytest.mark.parametrize("plotlyjs", ["inline", "sibling"])
def test_exported_page_animates_from_file_url(browser, tmp_path, plotlyjs):
    path = export("#surface=himmelblau&optimizer=adam,sgd&lr=0.05,0.01&steps=120", tmp_path / "race.html",
                  plotlyjs=plotlyjs)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.set_default_timeout(180_000)  # a shared 2-core machine parses 4.8 MB of plotly.js slowly
        page.goto(path.as_uri(), wait_until="commit")
        page.wait_for_function("() => document.getElementById('errorscape-figure')?._fullLayout")
        finished = page.evaluate(TRAJECTORY_LENGTHS)
        assert finished == [121, 121]  # the page opens on the finished race
        page.get_by_text("▶ Play", exact=True).click()
        page.wait_for_function(f"() => ({TRAJECTORY_LENGTHS})().every((n) => n < 121)")  # back to the start...
        page.wait_for_function(f"() => ({TRAJECTORY_LENGTHS})().every((n) => n === 121)")  # ...and on
        page.screenshot(path=str(tmp_path / "export.png"))
        assert not errors
        assert all(u.startswith("file://") for u in requests), requests
    finally:
        page.close()
