"""How much work one request may ask for. The web app's settings extend these (app/settings.py).

Plain numbers, so that notebooks and scripts get the same limits as the server without any web code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_steps: int = 10_000
    max_restarts: int = 1_000
    max_grid: int = 400
    max_race: int = 8
    max_stream_seconds: float = 600.0  # a paced stream's wall-clock budget


DEFAULT_LIMITS = Limits()
