"""All configuration, read once from the environment (12-factor). Documented in docs/deploy.md."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from errorscape.limits import Limits


@dataclass(frozen=True)
class Settings(Limits):
    """The core library's limits (max_steps, max_restarts, max_grid, max_race, max_stream_seconds) plus the server's."""

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
    send_timeout: float = 30.0  # a client that does not take a frame in this long is dropped
    graceful_timeout: float = 5.0  # seconds open streams get to finish on SIGTERM before they are cut
    keep_alive_timeout: float = 5.0  # idle HTTP keep-alive; keep a proxy's upstream idle timeout below it
    ping_interval: float = 15.0  # SSE keep-alive comment while idle
    replay_cache_mb: float = 64.0  # identical runs are computed once and replayed from this cache (0: off)
    # A busy process (busy_streams open streams or more) batches: distinct one-run streams that differ only in
    # their start and arrive within cohort_window seconds are computed together (app/streaming/cohorts.py), and a
    # paced stream writes the frames due in each busy_write_interval at once (app/streaming/pacing.py).
    busy_streams: int = 8  # open streams in this process before it batches (fewer: each run alone, each frame on time)
    busy_write_interval: float = 0.2  # seconds of frames a paced stream writes at once when busy, 0.1 s ahead (pacing.write_time)
    cohort_window: float = 0.1  # seconds a cohort waits for members; its first frames are at most this late (0: off)
    cohort_max_size: int = 256  # members of one cohort; the next joiner starts another
    plotly_bundle: str = "partial"  # "partial": static/vendor's build of the app's trace types; "full": every type

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        """Each field from ``ERRORSCAPE_<NAME>`` (its class default when unset); HOST, PORT and
        FORWARDED_ALLOW_IPS also without the prefix, as platforms set them."""
        values = {}
        for f in fields(cls):
            name = f.name.upper()
            raw = environ.get(f"ERRORSCAPE_{name}", environ.get(name) if name in UNPREFIXED else None)
            if raw is not None:
                values[f.name] = _parse(name, raw, f.default)
        return cls(**values)


UNPREFIXED = {"HOST", "PORT", "FORWARDED_ALLOW_IPS"}
#: settings read in lower case; a non-empty tuple lists the values allowed
CHOICES = {"LOG_LEVEL": (), "LOG_FORMAT": (), "PLOTLY_BUNDLE": ("partial", "full")}


#: numeric settings with a range: (lowest, highest) allowed
RANGES = {"COHORT_WINDOW": (0.0, 1.0), "BUSY_STREAMS": (0, 1_000_000), "BUSY_WRITE_INTERVAL": (0.005, 1.0),
          "COHORT_MAX_SIZE": (2, 10_000)}


def _parse(name: str, raw: str, default):
    """``raw`` as the type of the field's default, normalised as the app expects it."""
    if isinstance(default, tuple):
        return tuple(item for item in raw.split() if item)
    if isinstance(default, (int, float)):
        kind = type(default)
        try:
            value = kind(raw)
        except ValueError:
            raise SystemExit(f"errorscape: ERRORSCAPE_{name} must be {'an integer' if kind is int else 'a number'} "
                             f"(got {raw!r})") from None
        low, high = RANGES.get(name, (value, value))
        if not low <= value <= high:
            raise SystemExit(f"errorscape: ERRORSCAPE_{name} must be between {low:g} and {high:g} (got {raw!r})")
        return value
    if name in CHOICES:
        raw = raw.lower()
        if CHOICES[name] and raw not in CHOICES[name]:
            raise SystemExit(f"errorscape: ERRORSCAPE_{name} must be one of {', '.join(CHOICES[name])} (got {raw!r})")
        return raw
    if name == "ROOT_PATH":
        return raw.rstrip("/")
    return raw


settings = Settings.from_env()
