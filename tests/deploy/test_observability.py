"""GET /metrics (Prometheus text format), the latency middleware, and structured logs."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from app.middleware import observability
from app.main import create_app
from tests.support.server import ROOT

METRICS = {
    "errorscape_open_streams": "gauge",
    "errorscape_frames_sent": "counter",
    "errorscape_runs_finished": "counter",
    "errorscape_streams_rejected": "counter",
    "errorscape_http_request_duration_seconds": "histogram",
}


@pytest.fixture(scope="module")
def app_client():
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


class Captured(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def access_records():
    """Access records as the middleware logs them (the access logger does not propagate to caplog)."""
    logger = logging.getLogger(observability.ACCESS_LOGGER)
    handler, level = Captured(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler.records
    logger.removeHandler(handler)
    logger.setLevel(level)


def families(client: TestClient) -> dict:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {f.name: f for f in text_string_to_metric_families(response.text)}


def latency(fams: dict, route: str, method: str = "GET") -> tuple[float, float]:
    """(count, sum) of the latency histogram for one route, over every status (earlier tests in the same
    process may have added a series per status: each is a sample of its own)."""
    samples = fams["errorscape_http_request_duration_seconds"].samples
    total = {"_count": 0.0, "_sum": 0.0}
    for s in samples:
        if s.labels.get("route") == route and s.labels.get("method") == method:
            for suffix in total:
                if s.name == "errorscape_http_request_duration_seconds" + suffix:
                    total[suffix] += s.value
    return total["_count"], total["_sum"]


def test_metrics_endpoint_is_prometheus_text_with_every_metric(app_client):
    app_client.get("/healthz")
    fams = families(app_client)
    for name, kind in METRICS.items():
        assert fams[name].type == kind, name
    assert latency(fams, "/healthz")[0] >= 1


def test_the_names_the_streaming_code_counts_with(app_client):
    before = families(app_client)
    observability.RUNS_FINISHED.labels(outcome="cancelled").inc()
    observability.FRAMES_SENT.inc(3)
    after = families(app_client)

    def value(fams, name, **labels):
        return sum(s.value for s in fams[name].samples if s.name == name + "_total"
                   and all(s.labels.get(k) == v for k, v in labels.items()))

    assert value(after, "errorscape_frames_sent") - value(before, "errorscape_frames_sent") == 3
    assert value(after, "errorscape_runs_finished", outcome="cancelled") \
        - value(before, "errorscape_runs_finished", outcome="cancelled") == 1


def test_unknown_paths_share_one_label_value(app_client):
    for i in range(3):
        app_client.get(f"/no/such/page/{i}")
    samples = families(app_client)["errorscape_http_request_duration_seconds"].samples
    routes = {s.labels["route"] for s in samples if "route" in s.labels}
    assert "unmatched" in routes
    assert not any(r.startswith("/no/such") for r in routes)


def test_a_stream_counts_its_time_to_first_byte_not_its_whole_life(app_client):
    count0, sum0 = latency(families(app_client), "/api/runs/stream")
    start = time.monotonic()
    with app_client.stream("GET", "/api/runs/stream?surface=bowl&optimizer=sgd&steps=10&fps=5") as r:
        assert r.status_code == 200
        body = r.read().decode()
    lived = time.monotonic() - start
    assert "event: done" in body and lived > 1.5  # 11 frames paced at 5 per second
    count1, sum1 = latency(families(app_client), "/api/runs/stream")
    assert count1 == count0 + 1
    assert sum1 - sum0 < lived / 2


def test_multiprocess_mode_merges_the_workers_files(tmp_path):
    code = ("from app.middleware import observability as o; o.FRAMES_SENT.inc(2); o.OPEN_STREAMS.inc(); "
            "print(o.metrics_payload()[0].decode())")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout
    assert "errorscape_frames_sent_total 2.0" in out
    assert "errorscape_open_streams 1.0" in out


def test_access_log_has_the_request_fields(app_client, access_records):
    app_client.get("/api/optimizers?x=1", headers={"X-Request-ID": "abc123", "User-Agent": "pytest"})
    record = next(r for r in access_records if getattr(r, "route", None) == "/api/optimizers")
    assert record.levelno == logging.INFO
    assert (record.method, record.path, record.query, record.status) == ("GET", "/api/optimizers", "x=1", 200)
    assert record.request_id == "abc123" and record.user_agent == "pytest"
    assert record.bytes > 0 and record.duration_ms >= record.ttfb_ms >= 0
    line = json.loads(observability.JsonFormatter().format(record))
    assert line["logger"] == "errorscape.access" and line["status"] == 200 and line["route"] == "/api/optimizers"


def test_probes_are_logged_at_debug_only(app_client, access_records):
    app_client.get("/healthz")
    app_client.get("/readyz")
    probes = [r for r in access_records if r.route in ("/healthz", "/readyz")]
    assert len(probes) == 2 and all(r.levelno == logging.DEBUG for r in probes)


def test_errors_are_logged_with_traceback_but_answered_without_one(caplog):
    app = create_app()

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals at /srv/app.py line 7")

    with TestClient(app, raise_server_exceptions=False) as c, caplog.at_level(logging.ERROR):
        response = c.get("/boom")
    assert response.status_code == 500
    text = response.text + json.dumps(dict(response.headers))
    for leak in ("Traceback", "secret internals", "RuntimeError", "uvicorn", "python", "0.1.0"):
        assert leak not in text
    assert any(r.exc_info for r in caplog.records), "the traceback belongs in the error log"


def test_json_formatter_writes_one_object_per_line_with_the_exception():
    try:
        raise ValueError("bad")
    except ValueError:
        record = logging.getLogger("x").makeRecord("x", logging.ERROR, __file__, 1, "failed %s", ("here",),
                                                  sys.exc_info())
    line = observability.JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "failed here" and entry["level"] == "error"
    assert "ValueError: bad" in entry["exception"]


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_log_config_is_accepted_by_dictconfig(log_format):
    # In a child process: dictConfig replaces this process's handlers.
    code = ("import logging, logging.config, warnings; from app.middleware import observability as o; "
            f"logging.config.dictConfig(o.log_config({log_format!r}, 'trace')); "
            "logging.getLogger('uvicorn.error').info('hello'); "
            "logging.getLogger(o.ACCESS_LOGGER).info('access', extra={'status': 204}); "
            "warnings.warn('careful')")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "hello" in done.stderr and "careful" in done.stderr and "access" in done.stdout
    if log_format == "json":
        assert json.loads(done.stdout)["status"] == 204
        assert all(json.loads(line) for line in done.stderr.splitlines())
