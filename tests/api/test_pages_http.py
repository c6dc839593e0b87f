"""The page and its assets over HTTP (no browser): cache-busting URLs, caching, compression, prefixes."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.pages.site import PLOTLY_BUNDLE, PLOTLY_FULL, PLOTLY_VERSION, STATIC, static_digest
from app.main import create_app
from app.settings import Settings


def urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"#][^"]*)"', html)  # not in-page "#..." links


def test_the_page_names_every_asset_under_a_digest_and_loads_no_inline_script(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-cache"
    html = r.text
    assert f"/static/{static_digest()}/vendor/plotly-{PLOTLY_VERSION}-errorscape.min.js" in html
    assert f"/static/vendor/plotly-{PLOTLY_VERSION}.min.js" not in html  # one plotly.js shipped, not two
    assert f"/static/{static_digest()}/js/main.js" in html
    assert "<script>" not in html and not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not [u for u in urls(html) if "//" in u]  # no absolute origin, no CDN
    for url in urls(html):
        assert client.get(url).status_code == 200, url


def test_plotly_is_the_partial_build_cached_for_a_year_under_the_digest_and_gzipped(client):
    url = f"/static/{static_digest()}/vendor/{PLOTLY_BUNDLE.name}"
    r = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["content-encoding"] == "gzip" and r.headers["vary"] == "Accept-Encoding"
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.content == PLOTLY_BUNDLE.read_bytes()  # httpx decodes the gzip body
    raw = client.get(url, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in raw.headers and raw.content == PLOTLY_BUNDLE.read_bytes()
    assert int(r.headers["content-length"]) < len(raw.content) / 2
    again = client.get(url, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    # The full build is served only when asked for (the benchmark's comparison).
    assert client.get(f"/static/vendor/plotly-{PLOTLY_VERSION}.min.js").status_code == 404


def test_the_full_build_is_served_from_the_installed_package_when_asked_for():
    with TestClient(create_app(Settings(plotly_bundle="full"))) as c:
        url = f"/static/vendor/plotly-{PLOTLY_VERSION}.min.js"
        assert f'data-plotly="{url}"' in c.get("/").text
        r = c.get(url)
        assert r.status_code == 200 and r.content == PLOTLY_FULL.read_bytes()
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert c.get("/static/vendor/plotly-0.0.1.min.js").status_code == 404


def test_own_files_are_immutable_under_their_digest_and_revalidated_without_it(client):
    digest = static_digest()
    versioned = client.get(f"/static/{digest}/js/main.js", headers={"Accept-Encoding": "gzip"})
    assert versioned.status_code == 200
    assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert versioned.content == (STATIC / "js" / "main.js").read_bytes()
    plain = client.get("/static/js/main.js")
    assert plain.headers["cache-control"] == "no-cache"
    stale = client.get("/static/000000000000/js/main.js")  # a page from before a deploy
    assert stale.status_code == 200 and stale.headers["cache-control"] == "no-cache"
    assert client.get("/static/css/app.css").headers["content-type"].startswith("text/css")
    assert client.head(f"/static/{digest}/css/app.css").status_code == 200


@pytest.mark.parametrize("path", ["/static/../app/main.py", "/static/%2e%2e/app/settings.py", "/static/js/nope.js",
                                  "/static/js", "/static/js/%00.js"])
def test_nothing_outside_static_is_served(client, path):
    assert client.get(path).status_code == 404


def test_under_a_path_prefix_every_url_starts_with_it():
    app = create_app(Settings(root_path="/tools/errorscape"))
    with TestClient(app, root_path="/tools/errorscape") as c:
        html = c.get("/").text
        assert 'data-api="/tools/errorscape/api"' in html
        for url in urls(html):
            assert url.startswith("/tools/errorscape/"), url  # assets, and the oEmbed discovery link


def test_the_page_preloads_exactly_the_modules_main_imports(client):
    preloaded = set(re.findall(r'rel="modulepreload" href="[^"]*/js/([^"]+)"', client.get("/").text))
    assert {"main.js", "api.js", "sse.js", "player.js", "plots.js", "landscape.js"} <= preloaded
    for name in preloaded:
        assert (STATIC / "js" / name).is_file()
    assert "formula.js" not in preloaded  # loaded on demand, when "Custom formula…" is picked


def test_the_digest_is_a_content_hash():
    assert re.fullmatch(r"[0-9a-f]{12}", static_digest())
    assert static_digest() == static_digest()  # stable while the files are


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_scripts_run_only_from_this_origin_without_eval_or_inline_script(client, path):
    policy = client.get(path).headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"  # no 'unsafe-eval', no 'unsafe-inline'
    assert "unsafe-eval" not in policy


def test_the_first_drawing_s_requests_are_asked_for_before_the_modules(client):
    # Six connections to the server: the surface list (the preview's first request) and plotly.js go first.
    html = client.get("/").text
    order = [m.group(1) for m in re.finditer(r'<link rel="(?:modulepreload|preload)" href="([^"]+)"', html)]
    assert order[0].endswith("/api/surfaces") and "/vendor/plotly-" in order[1]
    assert all(url.endswith(".js") and "/js/" in url for url in order[2:])
