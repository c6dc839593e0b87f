"""Figures of a run or a race, animated with Plotly frames: play/pause and a step slider.

The figure opens on the finished run (a useful picture even where nothing plays, e.g. a static
notebook render); Play replays it from the start. Frames stay light: the surface and the marks are in
the figure once and shared by every frame; a frame carries only the traces that move (the trajectories
so far, the current points, the loss and gradient-norm lines), at most ``max_frames`` of them, and in
float32, which is far finer than a pixel (the figure's own traces and the Result keep float64).
"""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go

from . import landscape, series
from .theme import base_layout
from .view import View, frame_indices, make_view

FRAME_MS = 125  # 32 frames play in 4 s


def _panels(kind: str):
    """(panel, axes) pairs for each figure kind."""
    return {
        "3d": [("3d", {"scene": "scene"})],
        "contour": [("2d", {"xaxis": "x", "yaxis": "y"})],
        "series": [("series", ({"xaxis": "x", "yaxis": "y"}, {"xaxis": "x2", "yaxis": "y2"}))],
        "combined": [("3d", {"scene": "scene"}), ("2d", {"xaxis": "x", "yaxis": "y"}),
                     ("series", ({"xaxis": "x2", "yaxis": "y2"}, {"xaxis": "x3", "yaxis": "y3"}))],
    }[kind]


def _moving(v: View, panel: str, axes, k: int, dtype, style: bool) -> list[dict]:
    if panel == "series":
        return series.dynamic(v, axes, k, dtype, style)
    return landscape.dynamic(v, panel, axes, k, dtype, style)


def _layout(v: View, kind: str) -> dict:
    if kind == "3d":
        return landscape.layout_3d(v)
    if kind == "contour":
        return landscape.layout_contour(v)
    margin = {"l": 56, "r": 16, "t": 40, "b": 40}
    if kind == "series":
        return {**base_layout(v.theme), "margin": margin, "hovermode": "x", "dragmode": False,
                **series.series_axes(v, ("x", "y", "x2", "y2"), (([0, 0.45], [0, 1]), ([0.55, 1], [0, 1])))}
    return {
        **base_layout(v.theme), "margin": margin, "height": 860, "hovermode": "closest", "dragmode": False,
        "scene": landscape.scene_layout(v, {"x": [0, 0.5], "y": [0.38, 1]}),
        **landscape.contour_axes(v, "x", "y", [0.56, 1], [0.38, 1]),
        **series.series_axes(v, ("x2", "y2", "x3", "y3"), (([0, 0.45], [0, 0.26]), ([0.55, 1], [0, 0.26]))),
    }


def build(result, kind: str = "combined", *, animate: bool = True, max_frames: int = 32, frame_ms: int = FRAME_MS,
          n: int = 100, log: bool | None = None, loss_log: bool | None = None, theme: str = "light",
          title: str | None = None, zoom: float = 1.0, camera: tuple[float, float, float] | None = None) -> go.Figure:
    """A figure of ``result``: ``kind`` is ``3d``, ``contour``, ``series`` or ``combined``."""
    v = make_view(result, n=n, log=log, loss_log=loss_log, theme=theme, zoom=zoom)
    last = len(result.step) - 1
    data, moving = [], []
    for panel, axes in _panels(kind):
        fixed = [series.events_trace(v, axes[0])] if panel == "series" else landscape.static(v, panel, axes)
        if panel != "series":
            data += fixed
        moved = _moving(v, panel, axes, last, np.float64, True)
        moving += range(len(data), len(data) + len(moved))
        data += moved
        if panel == "series":
            data += fixed
    _legend(v, data)
    layout = _layout(v, kind)
    if camera is not None and "scene" in layout:
        layout["scene"]["camera"] = {**layout["scene"]["camera"], "eye": dict(zip("xyz", map(float, camera)))}
    layout["title"] = {"text": title if title is not None else _title(result), "x": 0.01, "xanchor": "left",
                       "font": {"size": v.theme.font_size + 2}}
    layout.update(showlegend=True, legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0,
                                           "yanchor": "bottom", "bgcolor": "rgba(0,0,0,0)"})
    frames = _animate(layout, v, kind, moving, max_frames, frame_ms) if animate and last > 0 else []
    # Every trace is built here from checked values; plotly's per-property validation would take
    # seconds for a race's frames, so it is skipped (the JSON plotly writes is the same).
    return go.Figure(data=data, layout=layout, frames=frames, _validate=False)


def _title(result) -> str:
    start = result.start
    return f"{result.plan.surface.name}: {', '.join(g['label'] for g in start['groups'])}"


def _legend(v: View, data: list[dict]) -> None:
    """One legend entry per optimizer (its restarts share it), on its first trajectory."""
    seen = set()
    for t in data:
        name = t.get("name")
        t["showlegend"] = bool(t.get("mode") == "lines" and name in v.labels and name not in seen)
        if t["showlegend"]:
            seen.add(name)
        if name in v.labels:
            t["legendgroup"] = name


def _animate(layout: dict, v: View, kind: str, moving: list[int], max_frames: int, frame_ms: int) -> list[dict]:
    """The frames, and the play/pause buttons and step slider added to ``layout``."""
    r = v.result
    picks = frame_indices(len(r.step), max_frames)
    frames = [
        {"name": str(int(r.step[k])), "traces": moving,
         "data": [_typed(t) for panel, axes in _panels(kind) for t in _moving(v, panel, axes, int(k), np.float32, False)]}
        for k in picks
    ]
    redraw = kind in ("3d", "combined")  # WebGL scenes only show new data on a full redraw
    play = {"frame": {"duration": frame_ms, "redraw": redraw}, "transition": {"duration": 0}, "mode": "immediate"}
    jump = {"frame": {"duration": 0, "redraw": redraw}, "transition": {"duration": 0}, "mode": "immediate"}
    font = {"color": v.theme.fg, "size": v.theme.font_size}
    layout.update(
        margin={**layout["margin"], "b": 110},
        updatemenus=[{
            "type": "buttons", "direction": "left", "showactive": False, "x": 0, "y": 0, "xanchor": "left",
            "yanchor": "top", "pad": {"t": 62, "r": 10}, "font": font,
            "bgcolor": v.theme.button, "bordercolor": v.theme.muted,
            "buttons": [{"label": "▶ Play", "method": "animate", "args": [None, play]},
                        {"label": "❚❚ Pause", "method": "animate",
                         "args": [[None], {**jump, "frame": {"duration": 0, "redraw": False}}]}],
        }],
        sliders=[{
            "active": len(picks) - 1, "x": 0.17, "len": 0.83, "y": 0, "yanchor": "top", "pad": {"t": 50},
            "currentvalue": {"prefix": "step ", "font": font}, "font": font,
            "steps": [{"label": f["name"], "method": "animate", "args": [[f["name"]], jump]} for f in frames],
        }],
    )
    return frames


def _typed(trace: dict) -> dict:
    """Arrays as plotly.js typed-array specs ({dtype, bdata}): what plotly writes anyway, made once here
    rather than by plotly's validators for every array of every frame."""
    return {k: {"dtype": "f4", "bdata": base64.b64encode(np.ascontiguousarray(a, np.float32).tobytes()).decode()}
            if isinstance(a, np.ndarray) else a for k, a in trace.items()}


def figure_3d(result, **options) -> go.Figure:
    """The 3D surface with every trajectory, animated.

    >>> import errorscape
    >>> fig = figure_3d(errorscape.run("himmelblau", "adam", lr=0.05, steps=60))
    >>> [t.type for t in fig.data][:2], len(fig.frames)
    (['surface', 'scatter3d'], 32)
    """
    return build(result, "3d", **options)


def figure_contour(result, **options) -> go.Figure:
    """The contour map (equal axis scales) with every trajectory, ★ minima and × saddles, animated.

    >>> import errorscape
    >>> figure_contour(errorscape.run("saddle", "sgd", lr=0.05, x0=1.8, y0=0)).data[0].type
    'contour'
    """
    return build(result, "contour", **options)


def figure_series(result, **options) -> go.Figure:
    """Loss and gradient norm (log axis) against step, one line per run, animated.

    >>> import errorscape
    >>> len(figure_series(errorscape.race("bowl", ["sgd", "adam"], steps=30)).data)  # 2 runs × 2 panels + events
    5
    """
    return build(result, "series", **options)


def combined(result, **options) -> go.Figure:
    """3D surface, contour map, loss and gradient norm in one figure, animated together.

    Options: ``animate`` (True), ``max_frames`` (32), ``frame_ms`` (125), ``n`` (grid points per axis,
    100), ``log`` and ``loss_log`` (None: what the surface suggests), ``theme`` (``light``/``dark``), ``title``,
    ``zoom`` (1: the whole domain; 0.5 magnifies twice), ``camera`` (the 3D eye ``(x, y, z)``).

    >>> import errorscape
    >>> fig = combined(errorscape.race("himmelblau", ["adam", "sgd"], steps=40))
    >>> fig.layout.sliders[0].steps[-1].label
    '40'
    """
    return build(result, "combined", **options)
