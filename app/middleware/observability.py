"""Logs and Prometheus metrics: what an operator reads to see the app serving.

Metrics live in prometheus_client's default registry, so they are per process. With several uvicorn
workers either run one worker per container and scale by replicas (recommended), or set
PROMETHEUS_MULTIPROC_DIR to an empty directory shared by the workers (see docs/deploy.md).

Logs: access lines go to stdout on the `errorscape.access` logger, everything else (uvicorn's and the
app's errors, with tracebacks) to stderr; ERRORSCAPE_LOG_FORMAT=json makes every line one JSON object.
Tracebacks stay in the logs: error responses never carry them.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from datetime import datetime, timezone

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

# Counted by the streaming code (app/runs, app/api/runs.py).
OPEN_STREAMS = Gauge(
    "errorscape_open_streams", "Run streams currently open.", multiprocess_mode="livesum"
)
FRAMES_SENT = Counter("errorscape_frames_sent", "Stream frames sent to clients.")
RUNS_FINISHED = Counter(
    "errorscape_runs_finished",
    "Finished run streams by outcome: completed, converged, diverged, stalled, disconnected, cancelled.",
    ["outcome"],
)
STREAMS_REJECTED = Counter(
    "errorscape_streams_rejected", "Run streams refused because the process was at its stream limit."
)
# Recorded by the middleware below. A stream counts until its response starts, not its whole life,
# so a ten-minute descent does not read as a ten-minute request.
REQUEST_LATENCY = Histogram(
    "errorscape_http_request_duration_seconds",
    "HTTP request latency (for event streams: time to the start of the response).",
    ["method", "route", "status"],
)

ACCESS_LOGGER = "errorscape.access"
_ACCESS_FIELDS = ("client", "method", "path", "query", "status", "duration_ms", "ttfb_ms", "bytes",
                  "route", "request_id", "user_agent")
_LEVELS = {"trace": 5}  # uvicorn's extra level below DEBUG
_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def metrics_payload() -> tuple[bytes, str]:
    """The exposition text and its content type, merged across workers when multiprocess mode is on."""
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry), CONTENT_TYPE_LATEST


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the access fields, and any exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: getattr(record, k) for k in _ACCESS_FIELDS if getattr(record, k, None) is not None})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def log_config(log_format: str, log_level: str) -> dict:
    """logging.dictConfig for the whole process (given to uvicorn as log_config by app.cli)."""
    level = _level(log_level)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": {"()": f"{__name__}.process_formatter", "log_format": log_format}},
        "handlers": {
            "errors": {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stderr"},
            "access": {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stdout"},
        },
        "root": {"handlers": ["errors"], "level": level},
        "loggers": {
            # uvicorn's own loggers propagate to the root handler, so they share its format.
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            # Access lines come from AccessMiddleware (with timings); uvicorn's are switched off.
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            ACCESS_LOGGER: {"handlers": ["access"], "level": level, "propagate": False},
        },
    }


def _level(name: str) -> int | str:
    return _LEVELS.get(name.lower(), name.upper())


def _formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else logging.Formatter(_TEXT_FORMAT)


def process_formatter(log_format: str) -> logging.Formatter:
    """The formatter of log_config. dictConfig builds it once in every server process (uvicorn's
    workers too), so this is also where Python's warnings are routed into the log, in its format."""
    logging.captureWarnings(True)
    return _formatter(log_format)


def _ensure_access_handler(log_format: str, log_level: str) -> None:
    """When the app runs without app.cli (plain `uvicorn app.main:app`, tests), still log access lines."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(_formatter(log_format))
    logger.addHandler(handler)
    logger.setLevel(_level(log_level))
    logger.propagate = False


class AccessMiddleware:
    """Pure ASGI (it must not buffer event streams): one access log line and one latency sample per request."""

    def __init__(self, app):
        self.app = app
        self.logger = logging.getLogger(ACCESS_LOGGER)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        seen = {"status": 500, "ttfb": None, "bytes": 0, "stream": False}

        async def send_and_time(message):
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                seen["ttfb"] = time.perf_counter() - start
                headers = dict(message.get("headers") or [])
                seen["stream"] = headers.get(b"content-type", b"").startswith(b"text/event-stream")
                if seen["stream"]:
                    self._observe(scope, seen["status"], seen["ttfb"])
            elif message["type"] == "http.response.body":
                seen["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_and_time)
        finally:
            duration = time.perf_counter() - start
            if not seen["stream"]:
                self._observe(scope, seen["status"], duration)
            self._log(scope, seen, duration)

    @staticmethod
    def _route(scope) -> str:
        # The route template, not the raw path, so that label values stay few.
        route = scope.get("route")
        return getattr(route, "path", None) or "unmatched"

    def _observe(self, scope, status: int, seconds: float) -> None:
        REQUEST_LATENCY.labels(scope["method"], self._route(scope), str(status)).observe(seconds)

    def _log(self, scope, seen: dict, duration: float) -> None:
        # Probes and scrapes arrive every few seconds from every replica: keep them out of INFO.
        level = logging.DEBUG if self._route(scope) in _QUIET_PATHS else logging.INFO
        if not self.logger.isEnabledFor(level):
            return
        headers = dict(scope.get("headers") or [])
        client = scope.get("client")
        fields = {
            "client": client[0] if client else None,
            "method": scope["method"],
            "path": _public_path(scope),
            "query": scope.get("query_string", b"").decode("latin-1")[:512] or None,
            "status": seen["status"],
            "duration_ms": round(duration * 1000, 3),
            "ttfb_ms": None if seen["ttfb"] is None else round(seen["ttfb"] * 1000, 3),
            "bytes": seen["bytes"],
            "route": self._route(scope),
            "request_id": headers.get(b"x-request-id", b"").decode("latin-1") or None,
            "user_agent": headers.get(b"user-agent", b"").decode("latin-1")[:256] or None,
        }
        self.logger.log(
            level, '%s "%s %s" %s %dB %.1fms', fields["client"] or "-", fields["method"], fields["path"],
            fields["status"], fields["bytes"], duration * 1000, extra=fields,
        )


def _public_path(scope) -> str:
    """The path the client asked for: behind a prefix-stripping proxy, root_path + path. Line breaks
    (a decoded %0A) are escaped so that a request cannot forge a log line."""
    root, path = scope.get("root_path", ""), scope["path"]
    path = path if not root or path.startswith(root) else root + path
    return path.replace("\r", "\\r").replace("\n", "\\n")


def install(app, settings) -> None:
    """Add the access/latency middleware to a FastAPI app (called once by app.main.create_app)."""
    _ensure_access_handler(settings.log_format, settings.log_level)
    app.add_middleware(AccessMiddleware)
