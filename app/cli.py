"""The `errorscape` console script (and `python -m app`): serve app.main:app with uvicorn.

`errorscape export "#…" -o page.html` writes a static page instead (errorscape.export, also
`python -m errorscape export`); every other invocation serves.

Every flag is a front end to one ERRORSCAPE_* variable of app/settings.py: a flag that is given is
written into the environment before the app is imported, so the app, uvicorn and any worker processes
all read the same settings. Unset flags leave the environment (and so the defaults) alone.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import MutableMapping, Sequence

import uvicorn

from . import __version__
from .middleware import observability

LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")

# flag dest -> the environment variable it sets (read by app.settings.Settings.from_env)
FLAG_ENV = {
    "host": "ERRORSCAPE_HOST",
    "port": "ERRORSCAPE_PORT",
    "workers": "ERRORSCAPE_WORKERS",
    "log_level": "ERRORSCAPE_LOG_LEVEL",
    "log_format": "ERRORSCAPE_LOG_FORMAT",
    "root_path": "ERRORSCAPE_ROOT_PATH",
    "forwarded_allow_ips": "ERRORSCAPE_FORWARDED_ALLOW_IPS",
    "graceful_timeout": "ERRORSCAPE_GRACEFUL_TIMEOUT",
    "keep_alive_timeout": "ERRORSCAPE_KEEP_ALIVE_TIMEOUT",
}


def _int_from(low: int):
    def parse(text: str) -> int:
        value = int(text)
        if value < low:
            raise argparse.ArgumentTypeError(f"must be an integer >= {low}, got {value}")
        return value

    parse.__name__ = "integer"  # argparse names the type in its error message
    return parse


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="errorscape",
        description="Serve Errorscape. Flags override the ERRORSCAPE_* environment (docs/deploy.md).",
    )
    p.add_argument("--host", help="interface to bind (env ERRORSCAPE_HOST or HOST; default 127.0.0.1)")
    p.add_argument("--port", type=_int_from(0), help="TCP port (env ERRORSCAPE_PORT or PORT; default 8000)")
    p.add_argument("--workers", type=_int_from(1), help="worker processes (env ERRORSCAPE_WORKERS; default 1)")
    p.add_argument("--log-level", choices=LOG_LEVELS, help="env ERRORSCAPE_LOG_LEVEL; default info")
    p.add_argument("--log-format", choices=("text", "json"), help="env ERRORSCAPE_LOG_FORMAT; default text")
    p.add_argument("--root-path", help="path prefix a proxy serves the app under, e.g. /errorscape "
                   "(env ERRORSCAPE_ROOT_PATH)")
    p.add_argument("--forwarded-allow-ips", help="comma-separated proxy addresses/networks whose "
                   "X-Forwarded-* headers are trusted, or * (env ERRORSCAPE_FORWARDED_ALLOW_IPS or "
                   "FORWARDED_ALLOW_IPS; default 127.0.0.1)")
    p.add_argument("--graceful-timeout", type=float, help="seconds open streams get to finish on "
                   "shutdown (env ERRORSCAPE_GRACEFUL_TIMEOUT; default 5)")
    p.add_argument("--keep-alive-timeout", type=float, help="idle keep-alive seconds "
                   "(env ERRORSCAPE_KEEP_ALIVE_TIMEOUT; default 5)")
    p.add_argument("--proxy-headers", action=argparse.BooleanOptionalAction, default=True,
                   help="trust X-Forwarded-For/Proto from --forwarded-allow-ips (default on)")
    p.add_argument("--version", action="version", version=f"errorscape {__version__}")
    return p.parse_args(argv)


def apply_to_environ(args: argparse.Namespace, environ: MutableMapping[str, str]) -> None:
    """Write the flags that were given into the environment, where app.settings reads them."""
    for dest, var in FLAG_ENV.items():
        value = getattr(args, dest)
        if value is not None:
            environ[var] = str(value)


def uvicorn_options(settings, proxy_headers: bool = True) -> dict:
    """Keyword arguments for uvicorn.run / uvicorn.Config, all taken from the settings."""
    return {
        "app": "app.main:app",  # an import string, so that workers > 1 can import it themselves
        "host": settings.host,
        "port": settings.port,
        "workers": settings.workers,
        "log_level": settings.log_level,
        "log_config": observability.log_config(settings.log_format, settings.log_level),
        "access_log": False,  # app.middleware.observability.AccessMiddleware logs requests, with timings
        "proxy_headers": proxy_headers,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        "timeout_graceful_shutdown": settings.graceful_timeout,
        "timeout_keep_alive": settings.keep_alive_timeout,
        "server_header": False,  # no server name or version in responses
    }


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["export"]:  # `errorscape export "#…" -o page.html`: the core's exporter, no server
        from errorscape.export import main as export

        raise SystemExit(export(argv[1:]))
    args = parse_args(argv)
    apply_to_environ(args, os.environ)
    # Imported only now, after the flags are in the environment, so the settings object the app
    # builds at import (app.settings.settings) reads them too.
    from .settings import Settings

    uvicorn.run(**uvicorn_options(Settings.from_env(), proxy_headers=args.proxy_headers))
