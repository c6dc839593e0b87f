"""The `errorscape` console script: flags and environment -> settings -> uvicorn's configuration."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
import uvicorn

from app import cli
from app.settings import Settings
from tests.deploy.helpers import wait_for_port
from tests.support.server import ROOT, free_port


def settings_after(argv: list[str], monkeypatch) -> Settings:
    """The settings the app would read after `errorscape ARGV` wrote its flags into the environment."""
    environ = dict(os.environ)
    cli.apply_to_environ(cli.parse_args(argv), environ)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()


@pytest.fixture
def clean_env(monkeypatch):
    for name in [n for n in os.environ if n.startswith("ERRORSCAPE_")] + ["PORT", "HOST", "FORWARDED_ALLOW_IPS"]:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_serve_on_loopback_8000(clean_env):
    options = cli.uvicorn_options(settings_after([], clean_env))
    assert (options["host"], options["port"], options["workers"]) == ("127.0.0.1", 8000, 1)
    assert options["app"] == "app.main:app"
    assert options["proxy_headers"] is True
    assert options["forwarded_allow_ips"] == "127.0.0.1"
    assert options["timeout_graceful_shutdown"] == 5.0
    assert options["server_header"] is False
    assert options["access_log"] is False


def test_flags_reach_every_option(clean_env):
    argv = ["--host", "0.0.0.0", "--port", "9123", "--workers", "3", "--log-level", "warning",
            "--log-format", "json", "--root-path", "/errorscape", "--forwarded-allow-ips", "10.0.0.0/8",
            "--graceful-timeout", "12.5", "--keep-alive-timeout", "75", "--no-proxy-headers"]
    settings = settings_after(argv, clean_env)
    assert settings.root_path == "/errorscape"
    assert settings.log_format == "json"
    options = cli.uvicorn_options(settings, proxy_headers=cli.parse_args(argv).proxy_headers)
    assert options["host"] == "0.0.0.0" and options["port"] == 9123 and options["workers"] == 3
    assert options["log_level"] == "warning"
    assert options["forwarded_allow_ips"] == "10.0.0.0/8"
    assert options["timeout_graceful_shutdown"] == 12.5
    assert options["timeout_keep_alive"] == 75.0
    assert options["proxy_headers"] is False
    assert options["log_config"]["formatters"]["line"]["log_format"] == "json"


def test_environment_is_read_and_flags_override_it(clean_env):
    clean_env.setenv("PORT", "7001")
    clean_env.setenv("HOST", "0.0.0.0")
    clean_env.setenv("FORWARDED_ALLOW_IPS", "*")
    settings = settings_after([], clean_env)
    assert (settings.port, settings.host, settings.forwarded_allow_ips) == (7001, "0.0.0.0", "*")
    clean_env.setenv("ERRORSCAPE_PORT", "7002")  # the app's own name wins over the platform's PORT
    assert settings_after([], clean_env).port == 7002
    assert settings_after(["--port", "7003"], clean_env).port == 7003


def test_only_given_flags_touch_the_environment():
    environ: dict[str, str] = {}
    cli.apply_to_environ(cli.parse_args(["--port", "8100"]), environ)
    assert environ == {"ERRORSCAPE_PORT": "8100"}


@pytest.mark.parametrize("argv", [["--port", "-1"], ["--port", "http"], ["--workers", "0"],
                                  ["--log-level", "loud"], ["--log-format", "xml"], ["--bogus"]])
def test_bad_flags_exit_with_a_usage_error(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.parse_args(argv)
    assert exc.value.code == 2
    assert "usage: errorscape" in capsys.readouterr().err


def test_options_are_a_valid_uvicorn_config(clean_env):
    # log_config is left out here: uvicorn.Config applies it to this (the test) process at once.
    options = {**cli.uvicorn_options(settings_after(["--port", "9124"], clean_env)), "log_config": None}
    config = uvicorn.Config(**options)
    assert config.port == 9124 and config.proxy_headers and config.timeout_graceful_shutdown == 5.0


@pytest.mark.server
def test_python_m_app_serves_logs_json_and_stops_within_the_graceful_timeout(tmp_path):
    """The real thing: `python -m app` with flags, JSON logs on stdout/stderr, SIGTERM mid-stream."""
    port = free_port()
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ERRORSCAPE_")}
    with open(out, "w") as stdout, open(err, "w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "--port", str(port), "--log-format", "json",
             "--root-path", "/errorscape", "--graceful-timeout", "1"],
            cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_port(port, proc)
        with urllib.request.urlopen(base + "/errorscape/api/optimizers", timeout=10) as r:
            assert r.status == 200
            assert "server" not in {k.lower() for k in r.headers}  # no server name/version
        # A paced stream that would run for minutes: shutdown must not wait for it.
        stream = urllib.request.urlopen(base + "/api/runs/stream?surface=bowl&optimizer=sgd&steps=1000&fps=2",
                                        timeout=10)
        stream.readline()
        stopping = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
        assert time.monotonic() - stopping < 8  # 1 s graceful timeout, plus start-up slack
        stream.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    access = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    listing = next(a for a in access if a["route"] == "/api/optimizers")
    assert listing["logger"] == "errorscape.access" and listing["status"] == 200
    assert listing["path"] == "/errorscape/api/optimizers" and listing["method"] == "GET"
    assert listing["client"] == "127.0.0.1" and listing["duration_ms"] >= 0
    errors = [json.loads(line) for line in err.read_text().splitlines() if line.strip()]
    assert any("Application startup complete" in e["message"] for e in errors)
    assert all({"time", "level", "logger", "message"} <= set(e) for e in errors)
