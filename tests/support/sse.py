"""A small server-sent-events parser for tests (the wire format of text/event-stream)."""

from __future__ import annotations

import json
from typing import Iterable, Iterator


def parse_events(lines: Iterable[str]) -> Iterator[dict]:
    """Yield {"event", "data", "id", "retry"} per event from an iterable of text lines."""
    event: dict = {}
    data: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if line == "":
            if data or event:
                event["data"] = json.loads("\n".join(data)) if data else None
                event.setdefault("event", "message")
                yield event
            event, data = {}, []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "data":
            data.append(value)
        elif field in ("event", "id", "retry"):
            event[field] = value


def parse_text(text: str) -> list[dict]:
    return list(parse_events(text.splitlines()))


def frames(events: list[dict]) -> list[dict]:
    return [e["data"] for e in events if e["event"] == "frame"]
