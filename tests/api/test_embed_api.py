"""/embed, /embed/example and /oembed over HTTP: options, discovery, oEmbed JSON, errors, path prefix."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.support.sse import frames as sse_frames, parse_text

STATE = "surface=himmelblau&optimizer=adam,sgd&lr=0.1,0.01&steps=40"


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str, name: str) -> list[dict]:
    parser = Tags()
    parser.feed(html)
    return [attrs for tag, attrs in parser.tags if tag == name]


def test_embed_page_has_minimal_chrome_and_no_inline_script(client):
    r = client.get("/embed?theme=dark")
    assert r.status_code == 200
    html = r.text
    assert 'class="chrome-embed"' in html and 'data-theme="dark"' in html
    # No visible header or footer: only a screen-reader heading and the one-line credit.
    assert 'class="topbar"' not in html and 'class="footer"' not in html and '<header class="sr-only">' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert any(s["src"].endswith("/js/embed.js") for s in tags(html, "script") if "src" in s)
    assert "frame-ancestors *" in r.headers["content-security-policy"]
    assert "x-frame-options" not in r.headers
    assert 'data-theme="auto"' in client.get("/embed?theme=<script>").text  # only light|dark pass


def test_the_rest_of_the_site_may_only_be_framed_by_itself(client):
    assert client.get("/").headers["content-security-policy"].endswith("frame-ancestors 'self'")


def test_embed_origins_and_frame_ancestors_come_from_settings():
    settings = Settings(frame_ancestors="https://course.example", embed_origins=("https://course.example", "https://lms.example"))
    with TestClient(create_app(settings)) as c:
        r = c.get("/embed")
        assert r.headers["content-security-policy"].endswith("frame-ancestors https://course.example")
        config = [d for d in tags(r.text, "div") if d.get("id") == "embed-config"][0]
        assert config["data-embed-origins"] == "https://course.example https://lms.example"


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_every_page_names_its_oembed(client, path):
    links = [link for link in tags(client.get(path).text, "link") if link.get("type") == "application/json+oembed"]
    assert len(links) == 1 and links[0]["rel"] == "alternate"
    href = links[0]["href"]
    assert href.startswith("/oembed?")
    assert parse_qs(urlsplit(href).query)["url"] == [f"http://testserver{path}"]
    assert client.get(href).status_code == 200


def test_oembed_is_rich_json_with_a_lazy_titled_iframe_for_the_same_view(client):
    url = f"http://testserver/#{STATE}"
    r = client.get("/oembed", params={"url": url, "format": "json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["version"] == "1.0" and body["type"] == "rich"
    assert body["width"] == 800 and body["height"] == 500
    assert {"html", "provider_name", "provider_url", "title"} <= body.keys()
    (iframe,) = tags(body["html"], "iframe")
    assert iframe["src"] == f"http://testserver/embed#{STATE}"
    assert iframe["loading"] == "lazy" and iframe["title"]
    assert "aspect-ratio:800/500" in iframe["style"]
    assert client.get(urlsplit(iframe["src"]).path).status_code == 200


def test_oembed_keeps_embed_options_and_fits_maxwidth_and_maxheight(client):
    url = f"http://testserver/embed?autoplay=1&controls=0#{STATE}"
    body = client.get("/oembed", params={"url": url, "maxwidth": 600, "maxheight": 300}).json()
    assert (body["width"], body["height"]) == (480, 300)  # 16:10 inside 600 x 300
    assert tags(body["html"], "iframe")[0]["src"] == url
    body = client.get("/oembed", params={"url": url, "maxwidth": 400}).json()
    assert (body["width"], body["height"]) == (400, 250)


@pytest.mark.parametrize("url", [
    "http://elsewhere.example/#surface=bowl",
    "https://testserver/",  # another scheme is another site
    "http://testserver/api/surfaces",
    "http://testserver/embed/example",
    "javascript:alert(1)",
])
def test_oembed_refuses_urls_that_are_not_this_apps_pages(client, url):
    r = client.get("/oembed", params={"url": url})
    assert r.status_code == 404
    assert r.json()["detail"].startswith("url: ")


@pytest.mark.parametrize("params, name", [
    ({}, "url"),
    ({"url": "http://testserver/", "format": "xml"}, "format"),
    ({"url": "http://testserver/", "maxwidth": "10"}, "maxwidth"),
    ({"url": "http://testserver/", "maxheight": "abc"}, "maxheight"),
])
def test_oembed_names_the_bad_parameter(client, params, name):
    r = client.get("/oembed", params=params)
    assert r.status_code == 422
    assert r.json()["errors"][0]["param"] == name


def test_under_a_path_prefix_every_url_starts_with_it():
    prefix = "/tools/errorscape"
    with TestClient(create_app(Settings(root_path=prefix)), root_path=prefix) as c:
        html = c.get(f"{prefix}/embed").text
        for url in re.findall(r'(?:src|href)="([^"#][^"]*)"', html):
            assert url.startswith(prefix + "/"), url
        example = c.get(f"{prefix}/embed/example").text
        assert [f["src"] for f in tags(example, "iframe")][0].startswith(f"{prefix}/embed?")
        body = c.get(f"{prefix}/oembed", params={"url": f"http://testserver{prefix}/#{STATE}"}).json()
        assert tags(body["html"], "iframe")[0]["src"] == f"http://testserver{prefix}/embed#{STATE}"
        assert c.get(f"{prefix}/oembed", params={"url": "http://testserver/#x"}).status_code == 404


def test_example_page_drives_the_embed_from_its_own_script(client):
    html = client.get("/embed/example").text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert any(s.get("src", "").endswith("/js/embed-example.js") for s in tags(html, "script"))
    (frame,) = tags(html, "iframe")
    assert frame["src"].startswith("/embed?") and frame["title"]


def test_csv_export_has_the_streams_numbers():
    """POST /api/runs?format=csv (what the Export button asks for) against the stream of the same body."""
    body = {"surface": "himmelblau", "x0": -1.0, "y0": 1.0, "steps": 25, "seed": 3, "noise": 0.5,
            "runs": [{"optimizer": "adam", "params": {"lr": 0.1}}, {"optimizer": "sgd", "params": {"lr": 0.01}}]}
    with TestClient(create_app()) as c:
        csv = c.post("/api/runs?format=csv", json=body)
        assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
        frames = sse_frames(parse_text(c.post("/api/runs/stream", json={**body, "fps": 0}).text))
    rows = [line.split(",") for line in csv.text.strip().splitlines()[1:]]
    assert len(rows) == 2 * len(frames) == 2 * 26
    for row in rows:
        step, run = int(row[0]), int(row[1])
        frame = frames[step]
        assert (float(row[4]), float(row[5]), float(row[6])) == (frame["x"][run], frame["y"][run], frame["loss"][run])
