"""The two views of the surface: a 3D ``surface`` and a 2D ``contour``, each with one trajectory per run.

The same traces, symbols and colours as the page (static/js/landscape.js): the surface; the marks
(known minima and critical points, the start, what happened to the runs); every run's current point;
then one trajectory per run. ``dynamic`` builds what an animation frame changes, up to frame ``k``.
"""

from __future__ import annotations

import numpy as np

from .theme import SURFACE_SCALE, axis_style, base_layout
from .view import View

# 3D markers are glyphs drawn from a font, and only the circles are safe in every font.
SYMBOLS = {
    "3d": {"minimum": "circle", "local-minimum": "circle-open", "saddle": "circle-open", "maximum": "circle-open",
           "degenerate": "circle-open", "start": "circle-open", "event": "circle-open"},
    "2d": {"minimum": "star", "local-minimum": "star-open", "saddle": "x-thin", "maximum": "square-open",
           "degenerate": "cross-thin", "start": "circle-open", "event": "x"},
}
LINE_LIFT = 0.01  # lines float a little above the mesh, markers more, or the surface cuts them in half
MARKER_LIFT = 0.03
CAMERA = {"eye": {"x": -1.3, "y": -1.5, "z": 1.1}, "center": {"x": 0, "y": 0, "z": -0.15}, "up": {"x": 0, "y": 0, "z": 1}}
MAX_START_MARKS = 50


def _lifted(v: View, loss, share: float):
    return v.scale.f(loss) + v.scale.lift(share)


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def mark_points(v: View) -> list[dict]:
    """The surface's known points, the start(s), and where runs diverged, converged or stalled."""
    ink = "#ffffff" if v.theme.dark else "#111111"
    known = [{**m, "kind": "minimum"} for m in v.surface["minima"]] + list(v.surface["critical_points"])
    points = [{"x": m["x"], "y": m["y"], "loss": m["z"], "kind": m["kind"], "color": ink, "size": 1, "label": "",
               "hover": f"{m['kind'].replace('-', ' ')} at ({_fmt(m['x'])}, {_fmt(m['y'])}), loss {_fmt(m['z'])}"}
              for m in known]
    r = v.result
    starts = {(float(x), float(y)): float(loss) for x, y, loss in zip(r.x[0], r.y[0], r.loss[0])}
    for (x, y), loss in list(starts.items())[:MAX_START_MARKS]:
        points.append({"x": x, "y": y, "loss": loss, "kind": "start", "color": v.theme.fg, "size": 1.25,
                       "label": "", "hover": f"start ({_fmt(x)}, {_fmt(y)})"})
    (x0, x1), (y0, y1) = v.domain
    for e in r.events:
        k, run = e["frame"], e["run"]
        loss = r.loss[k, run]
        points.append({"x": float(np.clip(r.x[k, run], x0, x1)), "y": float(np.clip(r.y[k, run], y0, y1)),
                       "loss": min(loss, v.scale.hi) if np.isfinite(loss) else v.scale.hi, "kind": "event",
                       "color": v.colors[run], "size": 1, "label": e["reason"], "hover": f"step {e['step']}: {e['message']}"})
    return points


def marks_trace(v: View, kind: str, axes: dict) -> dict:
    is3d = kind == "3d"
    points = mark_points(v)
    trace = {
        "type": "scatter3d" if is3d else "scatter", "mode": "markers" if is3d else "markers+text", "name": "marks",
        "x": [p["x"] for p in points], "y": [p["y"] for p in points],
        "hovertext": [p["hover"] for p in points], "hoverinfo": "text",
        "marker": {"symbol": [SYMBOLS[kind].get(p["kind"], "circle") for p in points],
                   "size": [p["size"] * (7 if is3d else 13) for p in points], "color": [p["color"] for p in points],
                   "line": {"color": "#111111" if v.theme.dark else "#ffffff", "width": 1 if is3d else 1.5}},
        **axes,
    }
    if is3d:
        trace["z"] = _lifted(v, [p["loss"] for p in points], MARKER_LIFT).tolist()
    else:
        trace.update(text=[p["label"] for p in points], textposition="top center", textfont={"color": v.theme.fg})
    return trace


def surface_trace(v: View, kind: str, axes: dict) -> dict:
    """The grid as a 3D surface or a contour map, with the page's colours and hover text."""
    z = v.scale.f(v.grid["z"]) if v.scale.log else v.grid["z"]
    trace = {"type": "surface" if kind == "3d" else "contour", "name": v.surface["name"], "x": v.grid["x"],
             "y": v.grid["y"], "z": z.astype(np.float32), "colorscale": SURFACE_SCALE, "showscale": False, **axes}
    if v.scale.log:  # the drawn height is not the loss: hover shows the real value
        trace.update(customdata=v.grid["z"].astype(np.float32),
                     hovertemplate=f"{_point_hover(v)}<br>loss %{{customdata:.4g}}<extra></extra>")
    else:
        trace["hovertemplate"] = f"{_point_hover(v)}<br>loss %{{z:.4g}}<extra></extra>"
    if kind == "3d":
        trace.update(contours={"z": {"show": True, "usecolormap": False, "color": "rgba(255,255,255,0.35)",
                                     "width": 1, "highlight": False}},
                     lighting={"ambient": 0.75, "diffuse": 0.6, "specular": 0.05, "roughness": 0.9})
    else:
        trace.update(ncontours=24, contours={"coloring": "heatmap", "showlines": True},
                     line={"color": "rgba(255,255,255,0.35)", "width": 0.6, "smoothing": 0.8})
    return trace


def _point_hover(v: View) -> str:
    x, y = v.axes
    return f"{x} %{{x:.4g}}, {y} %{{y:.4g}}"


def static(v: View, kind: str, axes: dict) -> list[dict]:
    return [surface_trace(v, kind, axes), marks_trace(v, kind, axes)]


def dynamic(v: View, kind: str, axes: dict, k: int, dtype=np.float64, style: bool = True) -> list[dict]:
    """Every run's current point (one trace) and its trajectory so far (one trace per run), at frame ``k``.

    ``style=False`` leaves out what an animation frame need not repeat (colours, widths, hover text).
    """
    r, is3d = v.result, kind == "3d"
    kind_type = "scatter3d" if is3d else "scatter"
    as_ = lambda a: np.asarray(a, dtype=dtype)  # noqa: E731
    current = {"type": kind_type, "x": as_(r.x[k]), "y": as_(r.y[k])}
    if is3d:
        current["z"] = as_(_lifted(v, r.loss[k], MARKER_LIFT))
    if style:
        outline = {"color": "#000" if v.theme.dark else "#fff", "width": 1 if is3d else 2}
        current.update(mode="markers", name="now", hoverinfo="skip",
                       marker={"color": v.colors, "size": 7 if is3d else 11, "line": outline}, **axes)
    traces = [current]
    for run in range(v.runs):
        t = {"type": kind_type, "x": as_(r.x[: k + 1, run]), "y": as_(r.y[: k + 1, run])}
        if is3d:
            t["z"] = as_(_lifted(v, r.loss[: k + 1, run], LINE_LIFT))
        if style:
            label = v.labels[run]
            t.update(mode="lines", name=label, line={"color": v.colors[run], "width": 6 if is3d else 2},
                     hovertemplate=f"{label}<br>{_point_hover(v)}<extra></extra>", **axes)
        traces.append(t)
    return traces


def scene_layout(v: View, domain: dict | None = None) -> dict:
    """The 3D box as on the page: axis ranges, aspect ratios, the default camera, few ticks."""
    (x0, x1), (y0, y1) = v.domain
    zlo, zhi = float(v.scale.f(v.scale.lo)), float(v.scale.f(v.scale.hi))
    pad = (zhi - zlo or 1) * 0.05
    ratio = min(max((y1 - y0) / (x1 - x0), 0.5), 2)
    zaxis = {**axis_style(v.theme), "range": [zlo - pad, zhi + pad], "nticks": 6, **v.scale.ticks()}
    return {
        "uirevision": "errorscape",
        "xaxis": {**axis_style(v.theme, v.axes[0]), "range": [x0, x1], "nticks": 6},
        "yaxis": {**axis_style(v.theme, v.axes[1]), "range": [y0, y1], "nticks": 6},
        "zaxis": zaxis, "aspectmode": "manual", "aspectratio": {"x": 1, "y": ratio, "z": 0.65},
        "camera": CAMERA, "dragmode": "turntable", **({"domain": domain} if domain else {}),
    }


def contour_axes(v: View, x: str = "x", y: str = "y", xdomain=None, ydomain=None) -> dict:
    """Equal axis scales, so that the gradient is perpendicular to the contour lines."""
    (x0, x1), (y0, y1) = v.domain
    common = {"fixedrange": True, "zeroline": False, "constrain": "domain", "showgrid": False}
    xaxis = {**axis_style(v.theme, v.axes[0]), "range": [x0, x1], **common, "anchor": y}
    yaxis = {**axis_style(v.theme, v.axes[1]), "range": [y0, y1], **common, "scaleanchor": x, "scaleratio": 1, "anchor": x}
    if xdomain:
        xaxis["domain"], yaxis["domain"] = xdomain, ydomain
    return {_layout_name(x): xaxis, _layout_name(y): yaxis}


def _layout_name(axis: str) -> str:
    return axis[0] + "axis" + axis[1:]


def layout_3d(v: View) -> dict:
    return {**base_layout(v.theme), "margin": {"l": 0, "r": 0, "t": 30, "b": 0}, "scene": scene_layout(v)}


def layout_contour(v: View) -> dict:
    return {**base_layout(v.theme), "margin": {"l": 46, "r": 10, "t": 30, "b": 40}, "hovermode": "closest",
            "dragmode": False, **contour_axes(v)}
