"""A run computed whole instead of streamed: the same events as JSON (start, frames, done) or CSV."""

from __future__ import annotations

from fastapi.responses import Response, StreamingResponse

from errorscape.runs.frames import csv_lines, run_events, to_json
from errorscape.runs.plan import RunPlan


def export_response(plan: RunPlan, fmt: str) -> Response:
    if fmt == "csv":
        return StreamingResponse(csv_lines(plan, run_events(plan)), media_type="text/csv",
                                 headers={"Content-Disposition": 'attachment; filename="errorscape-runs.csv"'})
    events = list(run_events(plan))
    body = {"start": events[0].data, "frames": [e.data for e in events[1:-1]], "done": events[-1].data}
    return Response(to_json(body), media_type="application/json")
