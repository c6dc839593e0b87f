"""JSON answers written with the core's encoder (float64 in shortest round-trip form, never NaN)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from fastapi.responses import Response

from errorscape.runs.frames import to_json


def json_response(data) -> Response:
    return Response(to_json(data), media_type="application/json")


def constant_json(build: Callable[[], object]) -> Callable[[], Response]:
    """An answer that is the same for the life of the process (the catalogues every page load asks for
    before it can draw): built and encoded on first use, then sent from memory."""
    body = lru_cache(maxsize=1)(lambda: to_json(build()))
    return lambda: Response(body(), media_type="application/json")
