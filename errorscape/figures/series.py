"""Loss and gradient norm against step, one line per run (static/js/series.js): two panels side by side.

The gradient norm is on a log axis, where plateaus and saddles show as long flat stretches; on a log loss
axis a surface with a known minimum shows the gap above it (loss − minimum).
"""

from __future__ import annotations

import numpy as np

from .theme import axis_style
from .view import View


def loss_axis(v: View) -> tuple[float, str, str]:
    """(offset subtracted from the loss, axis title, axis type)."""
    known = [m["z"] for m in v.surface["minima"] if np.isfinite(m["z"])]
    offset = min(known) if v.loss_log and known else 0.0
    title = "loss" if not v.loss_log else ("loss − minimum (log)" if offset != 0 else "loss (log)")
    return offset, title, "log" if v.loss_log else "linear"


def _steps_axis(v: View) -> dict:
    """x0/dx when frames are evenly spaced (no step array to ship in every animation frame), else x."""
    step = v.result.step
    every = int(step[1] - step[0]) if len(step) > 1 else 1
    if np.array_equal(step, np.arange(len(step)) * every):
        return {"x0": 0, "dx": every}
    return {"x": step}


def _alive(v: View, run: int, values: np.ndarray, k: int) -> np.ndarray:
    """A run that diverged repeats its last finite values: draw nothing after the step it diverged."""
    out = values[: k + 1, run].astype(np.float64, copy=True)
    if run in v.diverged_at:
        out[v.result.step[: k + 1] > v.diverged_at[run]] = np.nan
    return out


def dynamic(v: View, axes: tuple[dict, dict], k: int, dtype=np.float64, style: bool = True) -> list[dict]:
    """The loss and gradient-norm lines of every run up to frame ``k``."""
    offset, _, kind = loss_axis(v)
    loss = v.result.loss - offset
    if kind == "log":
        loss = np.where(loss > 0, loss, np.nan)
    steps = _steps_axis(v)
    if "x" in steps:
        steps = {"x": steps["x"][: k + 1]}
    traces = []
    for values, ax, what in ((loss, axes[0], "loss"), (v.result.grad_norm, axes[1], "‖∇E‖")):
        for run in range(v.runs):
            t = {"type": "scatter", **steps, "y": np.asarray(_alive(v, run, values, k), dtype=dtype)}
            if style:
                t.update(mode="lines", name=v.labels[run], line={"color": v.colors[run], "width": 2},
                         hovertemplate=f"{v.labels[run]}<br>step %{{x}}: {what} %{{y:.5g}}<extra></extra>", **ax)
            traces.append(t)
    return traces


def events_trace(v: View, axes: dict) -> dict:
    offset, _, _ = loss_axis(v)
    r = v.result
    events = r.events
    return {"type": "scatter", "mode": "markers", "name": "events", "x": [e["step"] for e in events],
            "y": [float(r.loss[e["frame"], e["run"]] - offset) for e in events],
            "hovertext": [f"step {e['step']}: {e['message']}" for e in events], "hoverinfo": "text",
            "marker": {"symbol": "x", "size": 11, "color": [v.colors[e["run"]] for e in events],
                       "line": {"width": 1, "color": v.theme.fg}}, **axes}


def series_axes(v: View, names: tuple[str, str, str, str], domains: tuple) -> dict:
    """Layout of the two panels: loss (linear or log) and gradient norm (log), steps 0..steps."""
    xl, yl, xg, yg = names
    (xd1, yd1), (xd2, yd2) = domains
    _, title, kind = loss_axis(v)
    common = {**axis_style(v.theme), "fixedrange": True}
    rng = [0, max(v.steps, 1)]

    def name(a):
        return a[0] + "axis" + a[1:]

    return {
        name(xl): {**common, "range": rng, "domain": xd1, "anchor": yl, "title": {"text": "step"}},
        name(yl): {**common, "type": kind, "autorange": True, "domain": yd1, "anchor": xl, "tickformat": "~g",
                   "nticks": 6, "title": {"text": title}},
        name(xg): {**common, "range": rng, "domain": xd2, "anchor": yg, "title": {"text": "step"}},
        name(yg): {**common, "type": "log", "autorange": True, "domain": yd2, "anchor": xg, "tickformat": "~g",
                   "nticks": 6, "title": {"text": "gradient norm ‖∇E‖ (log)"}},
    }
