"""What every figure of a run reads: the result, the surface's grid and marks, the scale and the colours.

Mirrors the page's view model (static/js/plots.js ``model``): the same grid, height scale, colours and
marks, so a figure built here looks like the page's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import ParamError
from ..inputs import Bound, check_number
from ..limits import DEFAULT_LIMITS
from .theme import HeightScale, Theme, run_color, theme_named


@dataclass
class View:
    result: object  # errorscape.notebook.Result
    surface: dict  # the surface as GET /api/surfaces/{id} describes it
    grid: dict  # {x, y, z} numpy arrays, z[i, j] = f(x[j], y[i]); NaN where undefined
    domain: tuple[tuple[float, float], tuple[float, float]]
    scale: HeightScale
    loss_log: bool
    theme: Theme
    colors: list[str]  # per run (restarts of one optimizer share its colour)
    labels: list[str]  # per run
    diverged_at: dict[int, int]  # run -> step where it diverged

    @property
    def runs(self) -> int:
        return self.result.xy.shape[1]

    @property
    def axes(self) -> tuple[str, str]:
        """What x and y are: the surface's weights where it names them (static/js/landscape.js ``axisNames``)."""
        axes = self.surface.get("extra", {}).get("axes")
        return tuple(axes) if isinstance(axes, list) and len(axes) == 2 else ("x", "y")

    @property
    def steps(self) -> int:
        return self.result.plan.steps


def make_view(result, n: int = 100, log: bool | None = None, loss_log: bool | None = None,
              theme: str = "light", zoom: float = 1.0) -> View:
    """The view of ``result``: an n × n grid over the run's domain (``zoom`` < 1 magnifies around its
    centre, as the page's zoom does), log scales as the surface suggests."""
    n = check_number("n", n, Bound(int, 2, "max_grid", optional=False), DEFAULT_LIMITS)
    zoom = check_number("zoom", zoom, Bound(float, 0.125, 2, optional=False), DEFAULT_LIMITS)
    for name, value in (("log", log), ("loss_log", loss_log)):
        if value is not None and not isinstance(value, bool):
            raise ParamError(name, "must be True, False or None (None: what the surface suggests)")
    plan = result.plan
    surface = plan.surface.describe()
    (x0, x1), (y0, y1) = (((lo + hi) / 2 - (hi - lo) / 2 * zoom, (lo + hi) / 2 + (hi - lo) / 2 * zoom)
                          for lo, hi in (plan.domain.x, plan.domain.y))
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    with np.errstate(all="ignore"):
        z = np.asarray(plan.surface.f(*np.meshgrid(xs, ys)), dtype=np.float64)
    z = np.where(np.isfinite(z), z, np.nan)
    known = [m["z"] for m in surface["minima"] if np.isfinite(m["z"])]
    log = surface["log_scale"] if log is None else log
    t = theme_named(theme)
    groups = [r["group"] for r in result.runs]
    return View(
        result=result, surface=surface, grid={"x": xs, "y": ys, "z": z}, domain=((x0, x1), (y0, y1)),
        scale=HeightScale.of(z, log, min(known, default=np.inf)),
        loss_log=surface["log_scale"] if loss_log is None else loss_log,
        theme=t, colors=[run_color(g, t) for g in groups], labels=result.labels,
        diverged_at={e["run"]: e["step"] for e in result.events if e["reason"] == "diverged"},
    )


def frame_indices(frames: int, most: int) -> np.ndarray:
    """At most ``most`` evenly spaced frame indices, always the first and the last."""
    if most < 2:
        raise ParamError("max_frames", "must be at least 2")
    return np.unique(np.linspace(0, frames - 1, min(most, frames)).round().astype(int))
