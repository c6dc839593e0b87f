"""All configuration, read once from the environment (12-factor). Documented in docs/deploy.md."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env(name: str, default: str) -> str:
    return os.environ.get(f"ERRORSCAPE_{name}", default)


def _number(name: str, default, kind):
    raw = _env(name, str(default))
    try:
        return kind(raw)
    except ValueError:
        raise SystemExit(f"errorscape: ERRORSCAPE_{name} must be {'an integer' if kind is int else 'a number'} "
                         f"(got {raw!r})") from None


def _int(name: str, default: int) -> int:
    return _number(name, default, int)


def _float(name: str, default: float) -> float:
    return _number(name, default, float)


def _choice(name: str, default: str, allowed: tuple[str, ...]) -> str:
    raw = _env(name, default).lower()
    if raw not in allowed:
        raise SystemExit(f"errorscape: ERRORSCAPE_{name} must be one of {', '.join(allowed)} (got {raw!r})")
    return raw


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    root_path: str = ""  # e.g. "/tools/errorscape" when a proxy serves the app under a prefix
    workers: int = 1
    log_level: str = "info"
    log_format: str = "text"  # "text" | "json"
    forwarded_allow_ips: str = "127.0.0.1"  # proxies whose X-Forwarded-* headers are trusted
    frame_ancestors: str = "*"  # who may embed /embed in an iframe (CSP frame-ancestors)
    embed_origins: tuple[str, ...] = ()  # parent origins the embed accepts postMessage commands from
    max_streams: int = 1000  # concurrent run streams per process; beyond it 503 + Retry-After
    max_steps: int = 10_000
    max_restarts: int = 1_000
    max_grid: int = 400
    max_race: int = 8
    max_stream_seconds: float = 600.0  # a stream's wall-clock budget
    send_timeout: float = 30.0  # a client that does not take a frame in this long is dropped
    graceful_timeout: float = 5.0  # seconds open streams get to finish on SIGTERM before they are cut
    keep_alive_timeout: float = 5.0  # idle HTTP keep-alive; keep a proxy's upstream idle timeout below it
    ping_interval: float = 15.0  # SSE keep-alive comment while idle
    replay_cache_mb: float = 64.0  # identical runs are computed once and replayed from this cache (0: off)
    plotly_bundle: str = "partial"  # "partial": static/vendor's build of the app's trace types; "full": every type
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            host=_env("HOST", os.environ.get("HOST", "127.0.0.1")),
            port=_int("PORT", os.environ.get("PORT", "8000")),
            root_path=_env("ROOT_PATH", "").rstrip("/"),
            workers=_int("WORKERS", 1),
            log_level=_env("LOG_LEVEL", "info").lower(),
            log_format=_env("LOG_FORMAT", "text").lower(),
            forwarded_allow_ips=_env("FORWARDED_ALLOW_IPS", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")),
            frame_ancestors=_env("FRAME_ANCESTORS", "*"),
            embed_origins=tuple(o for o in _env("EMBED_ORIGINS", "").split() if o),
            max_streams=_int("MAX_STREAMS", 1000),
            max_steps=_int("MAX_STEPS", 10_000),
            max_restarts=_int("MAX_RESTARTS", 1_000),
            max_grid=_int("MAX_GRID", 400),
            max_race=_int("MAX_RACE", 8),
            max_stream_seconds=_float("MAX_STREAM_SECONDS", 600.0),
            send_timeout=_float("SEND_TIMEOUT", 30.0),
            graceful_timeout=_float("GRACEFUL_TIMEOUT", 5.0),
            keep_alive_timeout=_float("KEEP_ALIVE_TIMEOUT", 5.0),
            ping_interval=_float("PING_INTERVAL", 15.0),
            replay_cache_mb=_float("REPLAY_CACHE_MB", 64.0),
            plotly_bundle=_choice("PLOTLY_BUNDLE", "partial", ("partial", "full")),
        )


settings = Settings.from_env()
