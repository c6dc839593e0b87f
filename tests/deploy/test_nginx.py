"""Debian's nginx with the shipped deploy/nginx config in front of a real uvicorn, under /errorscape/.

Only the two template variables are filled in (the upstream and the listen address, both on
loopback); everything else is the file compose.yaml mounts. Select with `-m proxy`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.deploy.helpers import wait_for_port
from tests.support.server import ROOT, free_port, running_server

TEMPLATE = ROOT / "deploy" / "nginx" / "errorscape.conf.template"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
PREFIX = "/errorscape"

pytestmark = [
    pytest.mark.proxy,
    pytest.mark.server,
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (CI installs nginx-light)"),
]

MAIN_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 128; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/errorscape.conf;
}}
"""


def render(app_port: int, listen_port: int) -> str:
    text = TEMPLATE.read_text()
    for name in ("${ERRORSCAPE_UPSTREAM}", "${NGINX_PORT}"):
        assert name in text, f"the template lost its {name} variable"
    return (text.replace("${ERRORSCAPE_UPSTREAM}", f"127.0.0.1:{app_port}")
                .replace("${NGINX_PORT}", f"127.0.0.1:{listen_port}"))


@contextmanager
def nginx_in_front(app_base: str, tmp: Path):
    """Run nginx (not as a daemon) with the rendered config; yield its base URL, prefix included."""
    listen = free_port()
    (tmp / "errorscape.conf").write_text(render(int(app_base.rsplit(":", 1)[1]), listen))
    (tmp / "nginx.conf").write_text(MAIN_CONF.format(tmp=tmp))
    command = [NGINX, "-e", str(tmp / "error.log"), "-p", str(tmp), "-c", str(tmp / "nginx.conf")]
    subprocess.run([*command, "-t", "-q"], check=True, capture_output=True)
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(listen, proc, timeout=10)
        yield f"http://127.0.0.1:{listen}{PREFIX}"
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def app_base():
    with running_server(env={"ERRORSCAPE_ROOT_PATH": PREFIX}) as (base, _):
        yield base


@pytest.fixture(scope="module")
def proxy(app_base, tmp_path_factory):
    """nginx with the shipped config in front of uvicorn with ERRORSCAPE_ROOT_PATH=/errorscape."""
    with nginx_in_front(app_base, tmp_path_factory.mktemp("nginx")) as base:
        yield base


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str):
    try:
        return urllib.request.build_opener(NoRedirect).open(url, timeout=10)
    except urllib.error.HTTPError as e:
        return e


def test_the_app_answers_under_the_prefix(proxy):
    r = get(proxy + "/healthz")
    assert r.status == 200 and json.loads(r.read()) == {"status": "ok"}
    assert r.headers["Server"] == "nginx"  # no version (server_tokens off), no uvicorn


def test_the_app_knows_its_prefix(proxy):
    spec = json.loads(get(proxy + "/openapi.json").read())
    assert spec["servers"] == [{"url": PREFIX}]


def test_the_bare_prefix_redirects_to_the_slash(proxy):
    r = get(proxy.removesuffix(PREFIX) + PREFIX)
    assert r.status == 301 and r.headers["Location"] == PREFIX + "/"


def test_metrics_are_not_public(proxy):
    assert get(proxy + "/metrics").status == 404


def test_frames_arrive_one_by_one_not_buffered_to_the_end(proxy, check_stream):
    """21 frames paced at 5 per second take 4 s: the first must reach us long before the last."""
    url = proxy + "/api/runs/stream?surface=bowl&optimizer=sgd&steps=20&fps=5"
    events = list(check_stream.read_events(url))
    frames = [e for e in events if e[1] == "frame"]
    assert [f[2]["step"] for f in frames] == list(range(21))
    assert events[-1][1] == "done"
    first, end = frames[0][0], events[-1][0]
    assert end > 3.0, "the stream was not paced"
    assert first < 1.5 and end - first > 2.5, f"first frame after {first:.2f}s, end after {end:.2f}s: buffered"
    # Arrival times climb steadily: frames are passed on as they come, not in bursts.
    gaps = [b[0] - a[0] for a, b in zip(frames, frames[1:])]
    assert sum(g > 0.1 for g in gaps) >= len(gaps) // 2


def test_whole_stream_and_resume_through_the_proxy(proxy, check_stream):
    check_stream.check(proxy)
    resumed = check_stream.check(proxy, resume_after=10)
    assert next(e for e in resumed if e[1] == "frame")[2]["step"] == 11


def test_the_smoke_script_passes_through_the_proxy(proxy):
    done = subprocess.run(["python3", str(ROOT / "deploy" / "check_stream.py"), proxy],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "PASS" in done.stdout

