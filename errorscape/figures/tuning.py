"""Figures of hyperparameter maps and fair tuning (the dicts ``errorscape.runs.sweep`` returns), as the page draws them."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..runs.sweep import METRICS
from .theme import axis_style, base_layout, theme_named

DIVERGED = "#d9534f"  # the page's red for diverged cells (static/js/hypermap.js)


def map_values(data: dict, colour_by: str) -> np.ndarray:
    """The cells' values for ``colour_by`` as a float array (NaN where the answer has null)."""
    return np.array([[np.nan if v is None else v for v in row] for row in data[colour_by]], dtype=np.float64)


def hypermap_figure(data: dict, colour_by: str = "loss", theme: str = "light") -> go.Figure:
    """The map coloured by ``colour_by`` (the final loss on a log scale, the steps to the target or the
    diverged starts); cells where a start diverged in red, the best cell starred."""
    t = theme_named(theme)
    x, y = data["x"], data["y"]
    z = map_values(data, colour_by)
    label = METRICS[colour_by]
    if colour_by == "loss":
        with np.errstate(divide="ignore"):
            z = np.log10(np.maximum(z, 1e-300))
        label += " (log10)"
    diverged = np.where(np.array(data["diverged"]) > 0, 1.0, np.nan)
    traces = [
        go.Heatmap(x=x["values"], y=y["values"], z=z, colorscale="Viridis", reversescale=colour_by != "diverged",
                   colorbar={"title": {"text": label}}, name=colour_by,
                   hovertemplate=f"{x['param']}=%{{x:.3g}}<br>{y['param']}=%{{y:.3g}}<br>%{{z:.3g}}<extra></extra>"),
        go.Heatmap(x=x["values"], y=y["values"], z=diverged, showscale=False, colorscale=[[0, DIVERGED], [1, DIVERGED]],
                   hoverinfo="skip", name="diverged"),
    ]
    if data["best"]:
        best = data["best"]
        traces.append(go.Scatter(x=[best[x["param"]]], y=[best[y["param"]]], mode="markers", name="best",
                                 marker={"symbol": "star", "size": 14, "color": "#ffffff", "line": {"color": "#111111", "width": 1}},
                                 hovertemplate=f"best: loss {best['loss']:.4g}<extra></extra>"))
    axes = {f"{k}axis": {**axis_style(t, a["param"]), "type": "log" if a["log"] else "linear"} for k, a in (("x", x), ("y", y))}
    title = f"{data['optimizer']} on {data['surface']}, {data['steps']} steps, {len(data['starts'])} start(s): {METRICS[colour_by]} (red: diverged)"
    return go.Figure(data=traces, layout={**base_layout(t), "title": {"text": title, "x": 0.01},
                                          "margin": {"l": 60, "r": 20, "t": 50, "b": 50}, **axes})


def tune_rows(data: dict) -> list[list[str]]:
    """The tuning table as text: optimizer, tuned values, the grid searched, the score, diverged cells."""
    def grid(a):
        return f"{a['param']} {a['min']:.3g}–{a['max']:.3g} ({a['n']}{', log' if a['log'] else ''})"

    return [[row["race_label"], ", ".join(f"{k} = {v:.4g}" for k, v in row["tuned"].items()),
             "; ".join(grid(a) for a in row["over"]), "diverged" if row["score"] is None else f"{row['score']:.6g}",
             f"{row['diverged_cells']} of {row['cells']}"] for row in data["table"]]


TUNE_COLUMNS = ["optimizer", "tuned", "over", "score (mean final loss)", "diverged cells"]


def tune_table_figure(data: dict, theme: str = "light") -> go.Figure:
    """The fair race's table: each contestant's best setting on the same grid, starts and steps."""
    t = theme_named(theme)
    rows = tune_rows(data)
    table = go.Table(header={"values": TUNE_COLUMNS, "fill": {"color": t.bg}, "font": {"color": t.fg}, "align": "left"},
                     cells={"values": [list(col) for col in zip(*rows)], "fill": {"color": t.surface},
                            "font": {"color": t.fg}, "align": "left"})
    title = f"Tuned on {data['surface']}: {len(data['starts'])} seeded start(s), {data['steps']} steps each"
    return go.Figure(data=[table], layout={**base_layout(t), "title": {"text": title, "x": 0.01},
                                           "margin": {"l": 20, "r": 20, "t": 50, "b": 20}, "height": 120 + 30 * len(rows)})
