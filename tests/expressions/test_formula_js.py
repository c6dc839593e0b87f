"""static/js/formula.js in headless Chromium: live validation, error marking, accessibility.

The page and the module are served from disk through Playwright's router and the API answers come
from the in-process app (the `client` fixture), so no server is started.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "http://formula.test"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/css/formula.css"></head>
<body style="font-family: sans-serif; max-width: 420px; margin: 16px">
<div id="box"></div>
<script type="module">
  import { mountFormulaBox } from "/static/js/formula.js";
  window.events = [];
  window.box = mountFormulaBox(document.getElementById("box"), {
    apiBase: "/tools/errorscape/api/",
    initial: "x**2 + 3*sin(y) - x*y/4",
    delay: 50,
    onValid: (expr, description) => events.push(["valid", expr, description.gradient]),
    onInvalid: (error) => events.push(["invalid", error.message, error.position]),
    onSubmit: (expr) => events.push(["submit", expr]),
  });
</script></body></html>"""


@pytest.fixture(scope="module")
def page(client, browser):
    requests: list[str] = []

    def serve(route):
        url = urlsplit(route.request.url)
        requests.append(route.request.url)
        if url.path == "/":
            route.fulfill(body=PAGE, content_type="text/html")
        elif url.path.startswith("/static/"):
            path = ROOT / url.path.lstrip("/")
            kind = "text/css" if path.suffix == ".css" else "text/javascript"
            route.fulfill(body=path.read_text(), content_type=kind)
        elif url.path.startswith("/tools/errorscape/api/"):
            answer = client.get(url.path.removeprefix("/tools/errorscape") + "?" + url.query)
            route.fulfill(status=answer.status_code, body=answer.text, content_type="application/json")
        else:
            route.abort()

    context = browser.new_context(viewport={"width": 480, "height": 640})
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", serve)
    page.goto(ORIGIN + "/")
    page.requests, page.errors = requests, errors
    yield page
    context.close()


def _events(page):
    return page.evaluate("window.events")


def test_initial_formula_is_checked_and_shown(page):
    page.wait_for_function("() => window.events.length > 0")
    assert _events(page)[0] == ["valid", "x^2 + 3*sin(y) - x*y/4", ["2*x - y/4", "3*cos(y) - x/4"]]
    box = page.get_by_label("Your formula f(x, y) =")
    assert box.get_attribute("aria-invalid") == "false"
    status = page.locator(".formula-editor__status")
    assert "2*x - y/4" in status.inner_text() and "3*cos(y) - x/4" in status.inner_text()
    for described in box.get_attribute("aria-describedby").split():
        assert page.locator(f"#{described}").count() == 1
    assert any("/tools/errorscape/api/expressions/validate?expr=x**2" in u for u in page.requests)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "formula-valid.png"), full_page=True)


def test_an_error_is_marked_where_it_is(page):
    box = page.get_by_label("Your formula f(x, y) =")
    box.fill("x + y.__class__")
    page.wait_for_function("() => document.querySelector('.formula-editor__input').getAttribute('aria-invalid') === 'true'")
    assert page.locator(".formula-editor__where mark").inner_text() == "."
    assert "dot may only appear inside a number" in page.locator(".formula-editor__error").inner_text()
    assert _events(page)[-1][0] == "invalid" and _events(page)[-1][2] == 5
    page.screenshot(path=str(ARTIFACTS / "formula-invalid.png"), full_page=True)


def test_an_error_at_the_end_marks_the_empty_place(page):
    page.get_by_label("Your formula f(x, y) =").fill("sin(x")
    page.wait_for_function("() => window.events.at(-1)[1].includes(\"missing ')'\")")
    assert page.locator(".formula-editor__where mark").count() == 1


def test_only_a_new_canonical_formula_fires_on_valid(page):
    box = page.get_by_label("Your formula f(x, y) =")
    box.fill("x*x + y*y")
    page.wait_for_function("() => window.events.at(-1)[0] === 'valid'")
    count = len(_events(page))
    box.fill("x * x  +  y * y")  # same canonical form: x^2 + y^2
    page.wait_for_timeout(400)
    assert len(_events(page)) == count
    box.press("Enter")
    page.wait_for_function("() => window.events.at(-1)[0] === 'submit'")
    assert _events(page)[-1] == ["submit", "x^2 + y^2"]


def test_examples_fill_the_box(page):
    page.get_by_role("button", name="x^2 - y^2", exact=True).click()
    page.wait_for_function("() => window.events.at(-1)[1] === 'x^2 - y^2'")
    assert page.get_by_label("Your formula f(x, y) =").input_value() == "x^2 - y^2"
    assert not page.errors
