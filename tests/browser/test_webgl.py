"""The 3D view draws: the WebGL canvas's own pixels change when a run animates across the surface.

Checking for a trace type and a <canvas> would pass with a blank canvas; these screenshots would not.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.support.png import assert_shows_a_plot, decode_png

from .conftest import DESKTOP, SLOW, open_app, screenshot
from .test_app import JS_FINISHED

pytestmark = [pytest.mark.browser, pytest.mark.server]

LINK = "/#surface=himmelblau&optimizer=adam&lr=0.3&x0=0.5&y0=4.8&steps=80&speed=max"
CANVAS = "#plot-3d .gl-container canvas"


def canvas_pixels(page) -> np.ndarray:
    return decode_png(page.locator(CANVAS).first.screenshot(timeout=SLOW))[..., :3].astype(int)


def test_the_webgl_canvas_changes_when_a_run_animates(browser, live_server):
    page, log = open_app(browser, live_server, DESKTOP, path=LINK)
    try:
        assert page.evaluate(f"document.querySelector('{CANVAS}').getContext('webgl') !== null || "
                             f"document.querySelector('{CANVAS}').getContext('webgl2') !== null")
        before = canvas_pixels(page)
        assert_shows_a_plot(before)  # the surface itself is drawn, shaded
        page.get_by_role("button", name="Run", exact=True).click()
        page.wait_for_function(JS_FINISHED, timeout=SLOW)
        after = canvas_pixels(page)
        screenshot(page, "webgl-after-run")
        assert after.shape == before.shape
        changed = np.abs(after - before).max(axis=-1) > 24  # well above antialiasing noise
        # the trajectory and its markers: a visible set of pixels, but not the whole canvas redrawn differently
        assert 200 < changed.sum() < 0.5 * changed.size, f"{changed.sum()} of {changed.size} pixels changed"
        assert not log.errors, log.errors
    finally:
        page.context.close()
