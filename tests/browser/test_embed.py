"""/embed in a page on ANOTHER origin (a second local server): it renders the hash's state, autoplays,
hides what it was told to, reports ready/step/done to the parent, and obeys the parent's postMessage
commands. The parent page is built from GET /oembed's own snippet, so the snippet is tested too.

One parent page for the module: software WebGL makes each embed load expensive.
"""

from __future__ import annotations

import http.server
import threading
from functools import partial
from urllib.parse import urlsplit

import httpx
import pytest

from .conftest import SLOW, screenshot
from .test_app import api_stream

pytestmark = [pytest.mark.browser, pytest.mark.server]

STATE = "surface=himmelblau&optimizer=adam,sgd&lr=0.1,0.01&x0=-1&y0=1&steps=40&speed=max"
OPTIONS = "autoplay=1&seed_hide=1&optimizers_hide=1&noise_schedule_hide=1&step_hide=1"
BODY = {"surface": "himmelblau", "x0": -1, "y0": 1, "steps": 40, "seed": 0,
        "runs": [{"optimizer": "adam", "params": {"lr": 0.1}}, {"optimizer": "sgd", "params": {"lr": 0.01}}]}

PARENT_JS = """
window.messages = [];
addEventListener("message", (event) => {
  if (event.source !== document.querySelector("iframe").contentWindow) return;
  window.messages.push({origin: event.origin, ...event.data});
});
window.send = (message, origin) => document.querySelector("iframe").contentWindow.postMessage(message, origin);
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def parent(browser, live_server, tmp_path_factory):
    """A course page on another origin whose iframe is the oEmbed snippet of a shared link."""
    oembed = httpx.get(f"{live_server}/oembed", params={"url": f"{live_server}/embed?{OPTIONS}#{STATE}"}).json()
    root = tmp_path_factory.mktemp("parent")
    (root / "index.html").write_text(f'<!doctype html><title>Course</title><link rel="icon" href="data:,"><h1>Week 3</h1>{oembed["html"]}'
                                     '<script src="parent.js"></script>')
    (root / "parent.js").write_text(PARENT_JS)
    handler = partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    other = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.set_default_timeout(SLOW)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(other + "/")
    yield page, other, errors
    context.close()
    server.shutdown()


def messages(page, kind):
    return [m for m in page.evaluate("window.messages") if m["type"] == f"errorscape:{kind}"]


def wait_messages(page, kind, count=1):
    page.wait_for_function(f"() => window.messages.filter(m => m.type === 'errorscape:{kind}').length >= {count}", timeout=SLOW)


def test_embed_on_another_origin_renders_the_shared_state_and_autoplays(parent, live_server):
    page, other, errors = parent
    assert urlsplit(other).port != urlsplit(live_server).port
    wait_messages(page, "done")
    ready = messages(page, "ready")
    assert len(ready) == 1 and ready[0]["version"] == 1 and ready[0]["origin"] == live_server
    assert "surface=himmelblau" in ready[0]["state"]
    frame = page.frame_locator("iframe")
    assert frame.locator("#plot-3d .main-svg").count() >= 1
    assert frame.locator("select[name=surface]").input_value() == "himmelblau"
    done = messages(page, "done")[0]
    expected = api_stream(live_server, BODY)
    assert done["reason"] == "completed" and done["step"] == 40
    assert done["loss"] == expected[-1]["loss"]  # the embed ran exactly the shared run
    assert messages(page, "resize")[0]["height"] > 100
    assert not errors, errors
    screenshot(page, "embed-parent")


def test_hidden_controls_are_hidden_and_the_rest_shown(parent):
    page, _, _ = parent
    frame = page.frame_locator("iframe")
    for hidden in ("[name=seed]", "#racer-controls", "#noise-controls", "#step", "#plot-series"):
        assert frame.locator(hidden).is_hidden(), hidden
    for shown in ("[name=surface]", "[name=x0]", "[name=steps]", "#run", "#reset"):
        assert frame.locator(shown).first.is_visible(), shown
    assert frame.locator("#plot-contour").is_hidden()  # view=3d (the default): one figure


def test_the_parent_starts_a_run_and_malformed_messages_are_ignored(parent, live_server):
    page, _, _ = parent
    before = len(messages(page, "done"))
    page.evaluate("send({type: 'errorscape:run', version: 2}, '*')")  # another version: ignored
    page.evaluate("send('errorscape:run', '*')")  # not an object: ignored
    page.evaluate("send({type: 'errorscape:set-state', version: 1, state: {lr: '0.05,0.2', steps: 20, evil: 'x'}, run: true}, '*')")
    wait_messages(page, "done", before + 1)
    done = messages(page, "done")[-1]
    assert done["step"] == 20
    body = {**BODY, "steps": 20, "runs": [{"optimizer": "adam", "params": {"lr": 0.05}}, {"optimizer": "sgd", "params": {"lr": 0.2}}]}
    assert done["loss"] == api_stream(live_server, body)[-1]["loss"]
    assert len(messages(page, "done")) == before + 1
    page.evaluate("send({type: 'errorscape:reset', version: 1}, '*')")
    embed = page.frames[1]  # cross-origin: Playwright may still look inside
    embed.wait_for_function("() => window.errorscape.player.status().received === 0")
