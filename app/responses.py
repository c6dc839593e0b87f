"""JSON answers written with the core's encoder (float64 in shortest round-trip form, never NaN)."""

from __future__ import annotations

from fastapi.responses import Response

from errorscape.runs.frames import to_json


def json_response(data) -> Response:
    return Response(to_json(data), media_type="application/json")
