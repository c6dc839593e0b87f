"""The seven lessons in the page: deep links, panels, and the outcomes each lesson claims.

One desktop page (reduced motion, so runs show at once) walks through the lessons by changing
location.hash; the numbers asserted are the ones the page shows, computed by the lessons API.
"""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from tests.support.png import decode_png

from .conftest import DESKTOP, PHONE, open_app, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.server]

# The panels each lesson's first view must show (data-panel of its sections).
PANELS = {
    "training-is-search": ["gradient-norm"],
    "convex-vs-nonconvex": ["restarts"],
    "local-minima": ["restarts", "basins"],
    "saddles": ["classifier", "gradient-norm"],
    "high-dimensions": ["highdim", "critical-points", "curse"],
    "sgd-noise": ["noise", "gradient-norm"],
    "no-guarantees": ["side-by-side"],
    "real-landscape": ["landscape-slice", "interpolation"],
}
JS_FINISHED = "() => { const s = window.errorscape.player.status(); return s.finished && s.shown === s.received; }"


@pytest.fixture(scope="module")
def app(browser, live_server):
    page, log = open_app(browser, live_server, DESKTOP, path="/#lesson=convex-vs-nonconvex", reduced_motion="reduce")
    page.wait_for_selector("#lesson-panels .lesson-section")  # the lessons mount after the app
    yield page, log, live_server
    page.context.close()


def go(page, lesson: str, view: str | None = None) -> None:
    page.evaluate("(h) => { location.hash = h; }", f"lesson={lesson}" + (f"&view={view}" if view else ""))
    page.wait_for_function("(id) => document.body.dataset.lesson === id && document.querySelector('#lesson-panels .lesson-section')", arg=lesson)


def test_every_lesson_deep_link_shows_its_text_and_panels(app):
    page, log, base = app
    lessons = httpx.get(f"{base}/api/lessons").json()
    assert [a.get_attribute("data-lesson") for a in page.locator(".lesson-menu a").all()] == [l["id"] for l in lessons]
    for lesson in lessons:
        go(page, lesson["id"])
        assert page.locator("#lesson-title").inner_text() == lesson["title"]
        assert lesson["try_this"] in page.locator(".lesson-try").inner_text()
        assert page.locator(f".lesson-menu a[data-lesson='{lesson['id']}']").get_attribute("aria-current") == "page"
        for panel in PANELS[lesson["id"]]:
            page.wait_for_selector(f"#lesson-panels [data-panel='{panel}']")
    assert log.errors == []


def test_restarts_share_is_in_the_expected_band(app):
    page, log, _ = app
    go(page, "local-minima")
    page.wait_for_selector("[data-testid=restarts-share][data-p]")
    p = float(page.get_attribute("[data-testid=restarts-share]", "data-p"))
    assert 0.5 <= p <= 0.7  # six-hump camel, SGD lr 0.01, 200 starts (docs/lessons.md)
    assert f"{100 * p:.1f} %" in page.inner_text("[data-testid=restarts-share]")
    page.wait_for_function("() => document.querySelector('.lesson-basins .lesson-plot')?.data?.[0]?.z?.length === 100")
    screenshot(page, "lessons-restarts-desktop")
    assert log.errors == []


def test_newton_ends_on_a_saddle_and_saddle_free_newton_leaves_it(app):
    page, log, _ = app
    go(page, "saddles", "newton-vs-saddle-free")
    page.wait_for_function(JS_FINISHED)
    newton = page.locator("[data-testid=classify-runs] tr[data-optimizer=newton]")
    newton.wait_for()
    assert newton.get_attribute("data-verdict") == "saddle"
    sfn = page.locator("[data-testid=classify-runs] tr[data-optimizer=saddle-free-newton]")
    assert sfn.get_attribute("data-verdict") == "minimum"
    # A typed point is classified too: the saddle at the origin.
    page.fill("#classify-x", "0")
    page.fill("#classify-y", "0")
    page.get_by_role("button", name="Classify", exact=True).click()
    page.wait_for_function("() => document.querySelector('[data-testid=classify-point]').dataset.verdict === 'saddle'")
    screenshot(page, "lessons-saddles-desktop")
    assert log.errors == []


def test_no_guarantees_explains_the_divergence(app):
    page, log, _ = app
    go(page, "no-guarantees")
    diverged = page.locator("[data-testid=outcomes] li[data-reason=diverged]")
    diverged.wait_for()
    assert "learning rate" in diverged.inner_text().lower()
    assert page.locator("[data-testid=outcomes] li").count() == 3
    page.wait_for_function(JS_FINISHED)
    assert "learning rate" in page.locator("#messages").inner_text().lower()  # the page's own run says it too
    assert log.errors == []


def test_high_dimensional_view_renders_for_n_1000(app):
    page, log, _ = app
    go(page, "high-dimensions")
    page.wait_for_selector("[data-testid=highdim-outcome][data-dim]")
    page.fill("#hd-dim", "1000")
    page.get_by_role("button", name="Run in N dimensions").click()
    page.wait_for_function("() => document.querySelector('[data-testid=highdim-outcome]').dataset.dim === '1000'")
    page.wait_for_function("() => document.querySelector('.lesson-plot-3d')?.data?.[0]?.type === 'surface'")
    assert "N = 1000" in page.inner_text("[data-testid=highdim-outcome]")
    assert page.locator("#plot-3d").is_hidden()  # the 2D surface gives way to the N-dimensional view
    screenshot(page, "lessons-highdim-desktop")
    go(page, "real-landscape")
    page.wait_for_selector("[data-testid=interpolation-note]:not(:empty)")
    assert page.locator("#plot-3d").is_visible()
    # mlp-slice is built on first use, after the picker was made: it joins the picker, named.
    page.wait_for_function("() => window.errorscape.store.get().surface === 'mlp-slice'")
    picker = page.locator("#surface-controls select")
    assert picker.input_value() == "mlp-slice"
    assert picker.evaluate("(s) => s.selectedOptions[0].textContent").strip() != ""
    assert log.errors == []


def test_restarts_share_one_legend_entry_per_optimizer(app):
    page, log, _ = app
    go(page, "convex-vs-nonconvex")  # SGD from 8 random starts
    page.wait_for_function("() => window.errorscape.runner.meta?.runs.length === 8")
    page.wait_for_function("() => document.querySelectorAll('#legend li').length === 1")
    assert "(8 starts)" in page.locator("#legend").inner_text()
    assert log.errors == []


JS_CONTOUR_MARKS = """() => document.getElementById('plot-contour').data.map(t => ({name: t.name, mode: t.mode,
    x: Array.from(t.x ?? []), y: Array.from(t.y ?? []),
    symbols: [].concat(t.marker?.symbol ?? []), texts: [].concat(t.hovertext ?? [])}))"""


def test_random_starts_draw_no_start_mark_that_no_run_used(app):
    """The start fields are not used by seeded random starts: no ○ there, and the caption does not promise one."""
    page, log, _ = app
    go(page, "convex-vs-nonconvex")  # SGD from 8 random starts
    page.wait_for_function("() => window.errorscape.runner.meta?.runs.length === 8")
    page.wait_for_function(JS_FINISHED)
    [marks] = [t for t in page.evaluate(JS_CONTOUR_MARKS) if t["name"] == "marks"]
    assert not any(text.startswith("start (") for text in marks["texts"])
    assert "○ start" not in page.locator(".figure-contour figcaption").inner_text()
    go(page, "saddles")  # one start per racer: the fields are the start, and it is marked
    page.wait_for_function("() => !(window.errorscape.store.get().restarts > 1)")
    page.wait_for_function("() => document.getElementById('plot-contour').data.some(t => t.name === 'marks' && [].concat(t.hovertext).some(h => h.startsWith('start (')))")
    assert "○ start" in page.locator(".figure-contour figcaption").inner_text()
    assert log.errors == []


def test_minibatch_view_draws_the_curve_of_minima_not_stars(app):
    page, log, base = app
    go(page, "sgd-noise", "minibatch")
    page.wait_for_function("() => window.errorscape.store.get().surface === 'deep-linear'")
    page.wait_for_function("() => document.getElementById('plot-contour').data.some(t => t.name === 'minima (a curve)')")
    product = next(s for s in httpx.get(f"{base}/api/surfaces").json() if s["id"] == "deep-linear")["extra"]["product"]
    traces = page.evaluate(JS_CONTOUR_MARKS)
    [curve] = [t for t in traces if t["name"] == "minima (a curve)"]
    points = [(x, y) for x, y in zip(curve["x"], curve["y"]) if x is not None]
    assert curve["mode"] == "lines" and len(points) > 100
    assert all(abs(x * y - product) < 1e-9 for x, y in points)  # along w₁·w₂ = c, both branches
    assert min(x for x, _ in points) < 0 < max(x for x, _ in points)
    assert all("star" not in t["symbols"] for t in traces)  # no ★ singles out two points of the curve
    assert "minima (a curve)" in page.locator(".figure-contour figcaption").inner_text()
    assert "★" not in page.locator(".figure-contour figcaption").inner_text()
    assert log.errors == []


def test_phone_lesson_fits_and_works(browser, live_server):
    page, log = open_app(browser, live_server, PHONE, path="/#lesson=saddles", reduced_motion="reduce")
    try:
        page.wait_for_selector("[data-testid=classify-point][data-verdict]")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.locator(".lesson-menu a[data-lesson='local-minima']").click()
        page.wait_for_selector("[data-testid=restarts-share][data-p]")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "lessons-phone")
        assert log.errors == []
    finally:
        page.context.close()


JS_TABLES = """() => [...document.querySelectorAll('#lesson-panels .table-scroll')].map((box) => {
    const numbers = [...box.querySelectorAll('td.num')].filter((c) => c.textContent.trim());
    const lines = (cell) => { const r = document.createRange(); r.selectNodeContents(cell);
        return new Set([...r.getClientRects()].map((q) => Math.round(q.top))).size; };
    return {name: box.getAttribute('aria-label'), scroll: box.scrollWidth, client: box.clientWidth,
            rows: box.querySelectorAll('tbody tr').length, broken: numbers.filter((c) => lines(c) > 1).map((c) => c.textContent)};
})"""
PHONE_390 = {"width": 390, "height": 844}


def test_lesson_tables_fit_a_390_px_phone_without_scrolling(browser, live_server):
    page, log = open_app(browser, live_server, PHONE_390, path="/#lesson=local-minima", reduced_motion="reduce")
    try:
        for lesson, ready, tables in [
            ("local-minima", "[data-testid=restarts-share][data-p]", 2),  # where the runs ended; every run
            ("saddles", "[data-testid=classify-runs] tr[data-verdict]", 1),  # verdicts and eigenvalues
            ("high-dimensions", "[data-testid=curse-table] tbody tr", 2),  # critical points; the curse
        ]:
            go(page, lesson)
            page.wait_for_selector(ready, state="attached")
            page.wait_for_function("() => [...document.querySelectorAll('#lesson-panels .table-scroll')].every((b) => b.querySelector('tbody tr'))")
            page.evaluate("() => document.querySelectorAll('#lesson-panels details').forEach((d) => { d.open = true; })")
            found = page.evaluate(JS_TABLES)
            assert len(found) == tables and all(t["rows"] for t in found), (lesson, found)
            for t in found:
                assert t["scroll"] <= t["client"], (lesson, t)  # no sideways scroll: every column is on screen
                assert t["broken"] == [], (lesson, t)  # "30.0 %" is never split over two lines
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
        assert page.locator("[data-testid=curse-table] abbr[title]").count() == 3  # short titles, said in full
        assert log.errors == []
    finally:
        page.context.close()


# The contour's event labels as drawn: each written label's box on the screen, and in the contour
# figure's own box (for its screenshot), and its ink.
JS_EVENT_LABELS = """() => { const plot = document.getElementById('plot-contour').getBoundingClientRect();
  return [...document.querySelectorAll('#plot-contour .textpoint text')]
  .filter((t) => t.textContent.trim()).map((t) => { const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            box: [r.left - plot.left, r.top - plot.top, r.right - plot.left, r.bottom - plot.top],
            fill: getComputedStyle(t).fill}; }); }"""


def contrast(a, b) -> float:
    """WCAG contrast ratio of two sRGB colours (0-255 channels)."""
    def luminance(rgb):
        c = np.asarray(rgb, dtype=float) / 255
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("size", [PHONE, PHONE_390, DESKTOP], ids=["360", "390", "desktop"])
def test_restart_labels_are_legible(browser, live_server, size):
    """Lesson 3's 24 restarts end at six minima: their labels ("converged ×N") must not cover each other,
    and each must read against the map under it (a minimum's ground is the scale's darkest blue)."""
    page, log = open_app(browser, live_server, size, path="/#lesson=local-minima", reduced_motion="reduce")
    try:
        page.wait_for_function(JS_FINISHED, timeout=120_000)
        page.wait_for_timeout(500)
        labels = page.evaluate(JS_EVENT_LABELS)
        screenshot(page, f"lessons-restart-labels-{size['width']}")
        assert labels and all(label["text"].startswith("converged") for label in labels), labels
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                apart = a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
                assert apart, (a, b)
        counts = [int(label["text"].split("×")[1]) if "×" in label["text"] else 1 for label in labels]
        assert max(counts) == 6, labels  # the label of the most runs is always written
        # Events that come while the run plays restyle the marks: the inks must follow the labels.
        inks, texts = page.evaluate("(() => { const t = document.getElementById('plot-contour').data[1]; return [t.textfont.color, t.text]; })()")
        assert len(inks) == len(texts), (inks, texts)
        # The ground under each label, as shown: the median colour of its box (the letters are a minority).
        shot = decode_png(page.locator("#plot-contour").screenshot())[..., :3]
        scale = shot.shape[1] / page.evaluate("document.getElementById('plot-contour').getBoundingClientRect().width")
        for label in labels:
            x0, y0, x1, y1 = (round(c * scale) for c in label["box"])
            region = shot[max(y0, 0):y1, max(x0, 0):x1].reshape(-1, 3)
            assert region.size, label  # the label is on the figure
            ground = np.median(region, axis=0)
            ink = [int(c) for c in label["fill"].removeprefix("rgb(").removesuffix(")").split(",")]
            assert contrast(ink, ground) >= 4.5, (label, ground.tolist())  # WCAG AA for text this size
        assert log.errors == []
    finally:
        page.context.close()
