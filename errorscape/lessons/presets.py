"""What a lesson is: a claim, a few sentences, and views (presets) that make it visible.

A lesson has one or more *views*. A view is a preset in the runs API's own parameter names (the page's
URL hash uses the same names), so a view is a deep link: ``stream`` is the request that animates it
(GET /api/runs/stream with a query string for one optimizer, POST with a JSON body for a race), and
``data`` maps each side panel to the URL of the endpoint that computes its numbers. The prose quotes
no computed numbers: the page shows the ones these endpoints return. tests/lessons checks that every
view ends the way its ``claim`` says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass(frozen=True)
class View:
    """One preset of a lesson. ``kind`` tells the page which view to open:

    - ``surface``: the usual 3D surface / contour with the run(s) of ``run`` animated;
    - ``highdim``: an N-dimensional run (``highdim`` holds its parameters) with its 2D slice;
    - ``landscape``: the trained network's slice (runs stream on surface ``mlp-slice``);
    - ``minibatch``: a minibatch-SGD run on a network surface, full-data vs minibatch surface.
    """

    id: str
    title: str
    claim: str
    kind: str = "surface"
    run: dict = field(default_factory=dict)  # surface, x0, y0, steps, seed, ..., runs: [{optimizer, params, ...}]
    panels: tuple[str, ...] = ()  # side panels, e.g. "gradient-norm", "classifier", "restarts", "basins"
    extra: dict = field(default_factory=dict)  # view-specific parameters (highdim, minibatch)

    def flat_query(self) -> dict | None:
        """GET parameters for a single-optimizer view (None for a race)."""
        runs = self.run.get("runs", [])
        if len(runs) != 1:
            return None
        entry = runs[0]
        top = {k: v for k, v in self.run.items() if k != "runs"}
        tuning = {k: v for k, v in entry.items() if k not in ("optimizer", "params", "label")}
        return {**top, **tuning, "optimizer": entry["optimizer"], **entry["params"]}

    def stream(self) -> dict | None:
        if not self.run:
            return None
        if self.kind == "minibatch":
            return {"method": "GET", "url": "/api/lessons/minibatch/stream?" + _qs({**self.flat_query(), **self.extra})}
        query = self.flat_query()
        if query is not None:
            return {"method": "GET", "url": "/api/runs/stream?" + _qs(query)}
        return {"method": "POST", "url": "/api/runs/stream", "body": self.run}

    def data(self) -> dict[str, str]:
        """Panel -> URL of the endpoint that computes it."""
        q = self.flat_query() or {}
        urls = {}
        for panel in self.panels:
            if panel == "restarts":
                urls[panel] = "/api/lessons/restarts?" + _qs(q)
            elif panel == "basins":
                base = {k: v for k, v in q.items() if k not in ("restarts", "x0", "y0")}
                urls[panel] = "/api/lessons/basins?" + _qs({**base, "n": 100, "steps": min(q.get("steps", 300), 300)})
            elif panel == "classifier" and self.extra.get("classify"):
                x, y = self.extra["classify"]
                urls[panel] = f"/api/surfaces/{self.run['surface']}/classify?" + _qs({"x": x, "y": y})
            elif panel in ("highdim-run", "highdim-slice"):
                urls[panel] = f"/api/lessons/highdim/{panel.split('-')[1]}?" + _qs(self.extra)
            elif panel == "critical-points":
                urls[panel] = "/api/lessons/highdim/critical-points"
            elif panel == "curse":
                urls[panel] = "/api/lessons/highdim/curse"
            elif panel == "minibatch-grid":
                urls[panel] = "/api/lessons/minibatch/grid?" + _qs({**self.extra, "seed": q.get("seed", 0), "step": 1})
            elif panel in ("landscape-slice", "interpolation"):
                urls[panel] = "/api/lessons/landscape/" + ("slice" if panel == "landscape-slice" else "interpolation")
        return urls

    def describe(self) -> dict:
        return {"id": self.id, "title": self.title, "claim": self.claim, "kind": self.kind, "run": self.run,
                "query": self.flat_query(), "stream": self.stream(), "panels": list(self.panels),
                "data": self.data(), **({"extra": self.extra} if self.extra else {})}


def _qs(params: dict) -> str:
    return urlencode({k: str(v).lower() if isinstance(v, bool) else v for k, v in params.items()})


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    explanation: str  # 2-4 sentences
    try_this: str
    views: tuple[View, ...]

    def describe(self) -> dict:
        return {"id": self.id, "title": self.title, "explanation": self.explanation, "try_this": self.try_this,
                "preset": self.views[0].describe(), "views": [v.describe() for v in self.views]}

