"""Figures of the lessons' numbers (the dicts ``errorscape.teach`` returns), in the page's colours."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .theme import OKABE_ITO, SURFACE_SCALE, axis_style, base_layout, theme_named


def _figure(data, title: str, theme: str, **layout) -> go.Figure:
    t = theme_named(theme)
    axes = {k: {**axis_style(t), **v} for k, v in layout.pop("axes", {}).items()}
    return go.Figure(data=data, layout={**base_layout(t), "title": {"text": title, "x": 0.01},
                                        "margin": {"l": 60, "r": 20, "t": 50, "b": 50}, **axes, **layout})


def _where(d: dict) -> str:
    return f"({d['x']:.3g}, {d['y']:.3g})"


def restarts_figure(data: dict, theme: str = "light") -> go.Figure:
    """The destinations table (where the runs ended, how many, global or not) and P(≥ 1 of K restarts succeeds)."""
    t = theme_named(theme)
    dests = data["destinations"]
    cells = [[_where(d) for d in dests] + ["still moving", "diverged"],
             [d["kind"] + (" (global)" if d["global"] else "") for d in dests] + ["", ""],
             [f"{d['loss']:.4g}" for d in dests] + ["", ""],
             [d["count"] for d in dests] + [data["other"]["count"], data["diverged"]["count"]],
             [f"{d['share']:.1%}" for d in dests] + [f"{data['other']['share']:.1%}", f"{data['diverged']['share']:.1%}"]]
    table = go.Table(domain={"x": [0, 0.52], "y": [0, 1]},
                     header={"values": ["ended at", "kind", "loss", "runs", "share"], "fill": {"color": t.bg},
                             "font": {"color": t.fg}, "align": "left"},
                     cells={"values": cells, "fill": {"color": t.surface}, "font": {"color": t.fg}, "align": "left"})
    curve = go.Scatter(x=data["curve"]["k"], y=data["curve"]["p"], mode="lines+markers", name="P(success)",
                       line={"color": OKABE_ITO[0], "width": 2}, marker={"size": 4},
                       hovertemplate="K = %{x}: P = %{y:.3f}<extra></extra>")
    k95 = f"; K = {data['k95']} restarts give 95 %" if data["k95"] else ""
    return _figure([table, curve], f"{data['restarts']} restarts: p = {data['p']:.3f} reach a global minimum{k95}",
                   theme, axes={"xaxis": {"domain": [0.6, 1], "title": {"text": "restarts K"}},
                                "yaxis": {"range": [0, 1.02], "title": {"text": "P(at least one succeeds)"}}})


def basins_figure(data: dict, theme: str = "light") -> go.Figure:
    """Each start coloured by the destination it reached (grey: still moving, black: diverged); ★ destinations."""
    t = theme_named(theme)
    dests = data["destinations"]
    colours = ["#000000", "#999999"] + [OKABE_ITO[i % 7] for i in range(len(dests))]  # codes −2, −1, 0, 1, ...
    codes = np.array(data["basin"], dtype=float) + 2
    scale = [[i / max(len(colours) - 1, 1), c] for i, c in enumerate(colours)]
    steps = [[a[0], a[1]] for pair in zip(scale, scale[1:]) for a in pair]  # discrete bands
    heat = go.Heatmap(x=data["x"], y=data["y"], z=codes, zmin=0, zmax=len(colours) - 1, colorscale=steps or scale,
                      showscale=False, hovertemplate="start (%{x:.3g}, %{y:.3g})<extra></extra>")
    marks = go.Scatter(x=[d["x"] for d in dests], y=[d["y"] for d in dests], mode="markers+text",
                       text=[f"{d['share']:.0%}" for d in dests], textposition="top center", textfont={"color": t.fg},
                       marker={"symbol": ["star" if d["global"] else "star-open" for d in dests], "size": 14,
                               "color": "#ffffff", "line": {"color": "#111111", "width": 1}},
                       hovertext=[f"{d['kind']} at {_where(d)}: {d['share']:.1%} of starts" for d in dests],
                       hoverinfo="text")
    return _figure([heat, marks], f"Basins of attraction: {data['optimizer']} on {data['surface']}, {data['steps']} steps",
                   theme, axes={"xaxis": {"title": {"text": "x"}, "constrain": "domain"},
                                "yaxis": {"title": {"text": "y"}, "scaleanchor": "x", "constrain": "domain"}})


def classify_figure(data: dict, theme: str = "light") -> go.Figure:
    """The Hessian's eigenvalues at the point (negative: curves down), with the verdict and the sentence."""
    lams = data["eigenvalues"] or []
    bars = go.Bar(x=[f"λ{i + 1}" for i in range(len(lams))], y=lams,
                  marker={"color": [OKABE_ITO[5] if v < 0 else OKABE_ITO[2] for v in lams]},
                  hovertemplate="%{x} = %{y:.4g}<extra></extra>")
    title = f"{data['surface']} at ({data['x']:.4g}, {data['y']:.4g}): {data['verdict'] or 'undefined'}"
    fig = _figure([bars], title, theme, axes={"yaxis": {"title": {"text": "Hessian eigenvalue"}}})
    fig.add_annotation(text=data["sentence"], xref="paper", yref="paper", x=0, y=-0.25, showarrow=False,
                       align="left", xanchor="left")
    fig.update_layout(margin={"b": 110})
    return fig


def highdim_figure(data: dict, theme: str = "light") -> go.Figure:
    """Loss and gradient norm against step of an N-dimensional run (log axes)."""
    f = data["frames"]
    lines = [go.Scatter(x=f["step"], y=f["loss"], name="loss", line={"color": OKABE_ITO[0], "width": 2}),
             go.Scatter(x=f["step"], y=f["grad_norm"], name="‖∇E‖", xaxis="x2", yaxis="y2",
                        line={"color": OKABE_ITO[1], "width": 2})]
    return _figure(lines, f"{data['label']} on {data['objective']} in {data['dim']} dimensions: {data['done']['reason']}",
                   theme, axes={"xaxis": {"domain": [0, 0.45], "title": {"text": "step"}},
                                "yaxis": {"type": "log", "title": {"text": "loss"}},
                                "xaxis2": {"domain": [0.55, 1], "anchor": "y2", "title": {"text": "step"}},
                                "yaxis2": {"type": "log", "anchor": "x2", "title": {"text": "gradient norm (log)"}}})


def critical_points_figure(data: dict, theme: str = "light") -> go.Figure:
    """The share of critical points that are minima against N: exact, census and Kac-Rice estimates."""
    st, rnd = data["styblinski_tang"], data["random"]
    lines = [go.Scatter(x=[r["dim"] for r in st], y=[r["share_minima"] for r in st], mode="lines+markers",
                        name="Styblinski-Tang (exact: (2/3)^N)", line={"color": OKABE_ITO[0]}),
             go.Scatter(x=[r["dim"] for r in rnd], y=[r["share_minima"] for r in rnd], mode="markers",
                        name="random landscape (Newton census)", marker={"color": OKABE_ITO[1], "size": 10}),
             go.Scatter(x=[r["dim"] for r in rnd], y=[r["kac_rice_share"] for r in rnd], mode="lines",
                        name="random landscape (Kac-Rice)", line={"color": OKABE_ITO[2], "dash": "dot"})]
    return _figure(lines, "In high dimensions almost every critical point is a saddle", theme, showlegend=True,
                   axes={"xaxis": {"type": "log", "title": {"text": "dimensions N"}},
                         "yaxis": {"type": "log", "title": {"text": "share of critical points that are minima"}}})


def curse_figure(data: dict, theme: str = "light") -> go.Figure:
    """The curse of dimensionality in numbers, one row per N."""
    t = theme_named(theme)
    rows = data["rows"]
    cells = [[r["dim"] for r in rows], [f"10^{r['grid_points']['log10']:.0f}" for r in rows],
             [f"{r['near_surface_share']:.3g}" for r in rows], [f"10^{r['ball_to_cube_log10']:.1f}" for r in rows],
             [f"{r['random_cosine_std']:.3g}" for r in rows]]
    table = go.Table(header={"values": ["N", "grid points", "volume near the surface", "ball / cube",
                                        "random cosine (std)"], "fill": {"color": t.bg}, "font": {"color": t.fg}},
                     cells={"values": cells, "fill": {"color": t.surface}, "font": {"color": t.fg}})
    return _figure([table], "The curse of dimensionality", theme)


def landscape_slice_figure(data: dict, theme: str = "light") -> go.Figure:
    """The trained network's loss on a random filter-normalised plane; the trained weights at the centre."""
    surface = go.Surface(x=data["x"], y=data["y"], z=data["z"], colorscale=SURFACE_SCALE, showscale=False,
                         hovertemplate="α %{x:.3g}, β %{y:.3g}<br>loss %{z:.4g}<extra></extra>")
    m = data["grid_minimum"]
    mark = go.Scatter3d(x=[m["x"]], y=[m["y"]], z=[m["z"]], mode="markers", marker={"color": "#111111", "size": 5},
                        hovertext="the trained weights θ*", hoverinfo="text")
    fig = _figure([surface, mark], f"A real network's loss around its trained weights ({data['network']['parameters']} "
                  "weights)", theme)
    fig.update_layout(scene={"xaxis": {"title": {"text": "α"}}, "yaxis": {"title": {"text": "β"}},
                             "zaxis": {"title": {"text": "loss"}},
                             "camera": {"eye": {"x": -1.3, "y": -1.5, "z": 1.1}}})
    return fig


def interpolation_figure(data: dict, theme: str = "light") -> go.Figure:
    """Loss and accuracy on the line from the initial weights (α = 0) to the trained ones (α = 1)."""
    lines = [go.Scatter(x=data["alpha"], y=data["loss"], name="loss", line={"color": OKABE_ITO[0], "width": 2}),
             go.Scatter(x=data["alpha"], y=data["accuracy"], name="accuracy", yaxis="y2",
                        line={"color": OKABE_ITO[1], "width": 2, "dash": "dot"})]
    return _figure(lines, "From the initial to the trained weights, the loss falls smoothly", theme, showlegend=True,
                   axes={"xaxis": {"title": {"text": "α  (0: initial, 1: trained)"}},
                         "yaxis": {"title": {"text": "loss"}},
                         "yaxis2": {"overlaying": "y", "side": "right", "range": [0, 1.02],
                                    "title": {"text": "accuracy"}}})
