"""Colours, fonts and the height scale of the web page (static/js/theme.js, static/css/app.css), for Plotly figures."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Okabe & Ito's colour-blind-safe palette; black turns white on a dark page (as on the web page).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#000000")

#: A quiet blue-grey surface scale, so that the Okabe-Ito trajectories stand out on it.
SURFACE_SCALE = [[0, "#23395b"], [0.25, "#3f6e8c"], [0.5, "#7ba3a8"], [0.75, "#c4d3c0"], [1, "#f3efe0"]]

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif'
MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace'


@dataclass(frozen=True)
class Theme:
    dark: bool
    fg: str
    muted: str
    grid: str
    surface: str  # the panel colour the figures sit on
    bg: str  # the page colour
    button: str  # buttons and inputs (the page's --surface-2)
    font_size: int = 13


THEMES = {
    "light": Theme(False, "#1a1f26", "#5a6472", "rgba(26, 31, 38, 0.1)", "#ffffff", "#f4f5f7", "#eef0f3"),
    "dark": Theme(True, "#e6e9ee", "#9aa5b3", "rgba(230, 233, 238, 0.12)", "#161b22", "#0e1217", "#1e252e"),
}


def theme_named(name: str) -> Theme:
    from ..errors import ParamError

    if name not in THEMES:
        raise ParamError("theme", "must be 'light' or 'dark'")
    return THEMES[name]


def run_color(index: int, theme: Theme) -> str:
    colour = OKABE_ITO[index % len(OKABE_ITO)]
    return "#FFFFFF" if colour == "#000000" and theme.dark else colour


def base_layout(theme: Theme) -> dict:
    return {
        "template": {"data": {}, "layout": {}},  # plotly.js's own defaults, as on the page (plotly.py's default template recolours everything)
        "paper_bgcolor": theme.surface,
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": FONT, "color": theme.fg, "size": theme.font_size},
        "hoverlabel": {"font": {"family": MONO}},
        "showlegend": False,
        "uirevision": "errorscape",
    }


def axis_style(theme: Theme, title: str = "") -> dict:
    return {"title": {"text": title}, "color": theme.muted, "gridcolor": theme.grid, "zerolinecolor": theme.grid,
            "tickfont": {"size": theme.font_size - 1}}


@dataclass(frozen=True)
class HeightScale:
    """Linear, or log10(z − lo + δ) with δ a thousandth of the range (the page's heightScale)."""

    lo: float
    hi: float
    log: bool

    @classmethod
    def of(cls, z: np.ndarray, log: bool, known_min: float = np.inf) -> HeightScale:
        finite = z[np.isfinite(z)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        return cls(min(lo, known_min), hi, log)

    @property
    def delta(self) -> float:
        return max((self.hi - self.lo) * 1e-3, np.finfo(float).tiny)

    def f(self, z):
        z = np.asarray(z, dtype=np.float64)
        with np.errstate(all="ignore"):
            out = np.log10(np.maximum(z - self.lo, 0) + self.delta) if self.log else z.copy()
        return np.where(np.isfinite(z), out, np.nan)

    def lift(self, share: float) -> float:
        return float(self.f(self.hi) - self.f(self.lo)) * share

    @property
    def title(self) -> str:
        if not self.log:
            return "loss"
        return "loss (log)" if self.lo == 0 else "loss (log of height above the lowest point)"

    def ticks(self) -> dict:
        if not self.log:
            return {}
        first, last = int(np.ceil(np.log10(self.delta))), int(np.ceil(np.log10(self.hi - self.lo + self.delta)))
        values = [10.0**e for e in range(first, last + 1)]
        text = [_tick(t) if self.lo == 0 else f"+{_tick(t)}" for t in values]
        return {"tickvals": [float(np.log10(t)) for t in values], "ticktext": text}


def _tick(value: float) -> str:
    return f"{value:.0e}".replace("e+0", "e").replace("e-0", "e-").replace("e+", "e") \
        if value >= 1e4 or value < 1e-2 else f"{value:g}"
