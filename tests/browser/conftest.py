"""Headless Chromium (Debian's, through Playwright) against a real uvicorn, for the browser app's tests.

Software WebGL is slow, so: one browser per session, one page load per test module where possible,
and the first 3D draw waited for once (``ready_page``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit


ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
from tests.support.browser import CHROMIUM, LAUNCH_ARGS  # noqa: F401 - re-exported for the browser tests
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 360, "height": 780}
SLOW = 120_000  # ms: a loaded 2-core machine draws WebGL in software


CSP_WATCH = """document.addEventListener('securitypolicyviolation',
  (e) => window._cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


class PageLog:
    """What a page did that a test may object to: console errors, uncaught exceptions, requests."""

    def __init__(self, page, base: str):
        self.errors: list[str] = []
        self.urls: list[str] = []
        self.stream_bodies: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", self._request)
        # Chromium also logs a violation to the console, but not always as an error: record each one.
        page.expose_function("_cspViolation", lambda text: self.errors.append(f"csp: {text}"))
        page.add_init_script(CSP_WATCH)
        # Anything not for our server is recorded and refused: the app must work offline.
        page.route("**/*", lambda route: route.continue_() if _local(route.request.url, base) else route.abort())

    def _request(self, request) -> None:
        self.urls.append(request.url)
        if request.url.endswith("/api/runs/stream") and request.method == "POST":
            self.stream_bodies.append(request.post_data)

    def foreign(self, base: str) -> list[str]:
        return [u for u in self.urls if not _local(u, base)]


def _local(url: str, base: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or (parts.hostname == "127.0.0.1" and url.startswith(base))


def open_app(browser, base: str, viewport: dict, path: str = "/", color_scheme="light", reduced_motion="no-preference"):
    """A new page at the app, waited until every figure is drawn; returns (page, log)."""
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme, reduced_motion=reduced_motion)
    page = context.new_page()
    page.set_default_timeout(SLOW)
    log = PageLog(page, base)
    page.goto(base + path)
    wait_surface(page)
    return page, log


def wait_surface(page) -> None:
    # Predicates are functions: Playwright polls an expression string with eval, which the page's CSP forbids.
    page.wait_for_function("() => performance.getEntriesByName('errorscape:figures-drawn').length > 0")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.evaluate("window.scrollTo(0, 0)")  # the sticky playback bar belongs at the top
    page.screenshot(path=str(path), full_page=True, timeout=SLOW)
    return path
