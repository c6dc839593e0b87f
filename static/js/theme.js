// Colours, fonts and scales shared by every figure. Plot colours come from the page's CSS custom
// properties so the figures follow the light/dark theme.

/** Okabe & Ito's colour-blind-safe palette; black turns white on a dark page. */
export const OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#000000"];

export function runColor(index, theme) {
  const colour = OKABE_ITO[index % OKABE_ITO.length];
  return colour === "#000000" && theme.dark ? "#FFFFFF" : colour;
}

/** A quiet blue-grey surface scale, so that the Okabe-Ito trajectories stand out on it. */
export const SURFACE_SCALE = [
  [0, "#23395b"],
  [0.25, "#3f6e8c"],
  [0.5, "#7ba3a8"],
  [0.75, "#c4d3c0"],
  [1, "#f3efe0"],
];

/** [r, g, b] (0-255) at t in [0, 1] on a scale of [t, "#rrggbb"] stops, as Plotly interpolates it. */
export function scaleColour(stops, t) {
  const channel = (c, k) => parseInt(c.slice(1 + 2 * k, 3 + 2 * k), 16);
  let i = 1;
  while (i < stops.length - 1 && stops[i][0] < t) i += 1;
  const [t0, c0] = stops[i - 1];
  const [t1, c1] = stops[i];
  const w = Math.min(Math.max((t - t0) / (t1 - t0), 0), 1);
  return [0, 1, 2].map((k) => channel(c0, k) * (1 - w) + channel(c1, k) * w);
}

/** The ink that reads best on an [r, g, b] ground: white or black, whichever contrasts more (WCAG). */
export function inkOn(rgb) {
  const linear = rgb.map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  // White's contrast, 1.05 / (L + 0.05), beats black's, (L + 0.05) / 0.05, below L ≈ 0.18, where both are
  // 4.58: so either way at least 4.5, the WCAG level for text this size (a grey ink would not always be).
  return (luminance + 0.05) ** 2 < 1.05 * 0.05 ? "#ffffff" : "#000000";
}

export function readTheme() {
  const css = getComputedStyle(document.documentElement);
  const v = (name) => css.getPropertyValue(name).trim();
  const chosen = document.documentElement.dataset.theme;
  return {
    dark: chosen === "dark" || (chosen !== "light" && matchMedia("(prefers-color-scheme: dark)").matches),
    fg: v("--fg"),
    muted: v("--muted"),
    grid: v("--grid"),
    surface: v("--surface"),
    font: v("--font-sans"),
    mono: v("--font-mono"),
    // The page's type grows with the viewport (a projector); the plots' text follows it.
    fontSize: Math.max(11, Math.round(parseFloat(css.fontSize) * 0.8)),
  };
}

export function baseLayout(theme, compact = false) {
  return {
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: theme.font, color: theme.fg, size: compact ? 11 : theme.fontSize },
    hoverlabel: { font: { family: theme.mono } },
    showlegend: false,
    uirevision: "errorscape", // constant: user camera/zoom survive every update
  };
}

export const PLOT_CONFIG = {
  responsive: true,
  // WebGL at the screen's own resolution (plotly's default 2 quadruples the pixels on ordinary screens).
  plotGlPixelRatio: Math.min(Math.max(window.devicePixelRatio || 1, 1), 2),
  displaylogo: false,
  scrollZoom: false,
  modeBarButtonsToRemove: ["sendDataToCloud", "select2d", "lasso2d", "toggleSpikelines"],
};

/**
 * How heights and colours are scaled. Linear by default; for surfaces with huge ranges a log scale
 * log10(z - floor + delta), with delta a thousandth of the range so the minimum stays finite.
 */
export function heightScale(zs, log, knownMin = Infinity) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of zs) {
    for (const z of row) {
      if (z == null || !Number.isFinite(z)) continue;
      if (z < lo) lo = z;
      if (z > hi) hi = z;
    }
  }
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  lo = Math.min(lo, knownMin);
  const decades = spreadDecades(zs, lo, hi);
  if (!log) return { log: false, lo, hi, decades, f: (z) => (z == null || !Number.isFinite(z) ? null : z), title: "loss" };
  const delta = Math.max((hi - lo) * 1e-3, Number.MIN_VALUE);
  const f = (z) => (z == null || !Number.isFinite(z) ? null : Math.log10(Math.max(z - lo, 0) + delta));
  const ticks = [];
  for (let e = Math.ceil(Math.log10(delta)); e <= Math.ceil(Math.log10(hi - lo + delta)); e += 1) {
    ticks.push(10 ** e);
  }
  return {
    log: true,
    lo,
    hi,
    decades,
    f,
    title: lo === 0 ? "loss (log)" : "loss (log of height above the lowest point)",
    tickvals: ticks.map((t) => Math.log10(t)),
    ticktext: ticks.map((t) => (lo === 0 ? fmtTick(t) : `+${fmtTick(t)}`)),
  };
}

/**
 * How many orders of magnitude the highest point stands above a typical one (the median height over
 * the lowest): at 3 or more, a linear scale shows a flat plate and a wall, and the log scale is suggested.
 */
function spreadDecades(zs, lo, hi) {
  const heights = zs.flat().filter((z) => z != null && Number.isFinite(z)).map((z) => z - lo).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)];
  return typical > 0 ? Math.log10((hi - lo) / typical) : hi > lo ? Infinity : 0;
}

function fmtTick(value) {
  return value >= 1e4 || value < 1e-2 ? value.toExponential(0).replace("e+", "e") : String(value);
}

/** Bilinear interpolation of a grid {x, y, z} at (x, y): the height of a point before it is computed. */
export function gridValue(grid, x, y) {
  const locate = (axis, v) => {
    const n = axis.length - 1;
    const t = Math.min(Math.max((v - axis[0]) / (axis[n] - axis[0]), 0), 1) * n;
    const i = Math.min(Math.floor(t), n - 1);
    return [i, t - i];
  };
  const [j, fx] = locate(grid.x, x);
  const [i, fy] = locate(grid.y, y);
  const z = grid.z;
  const at = (r, c) => z[r]?.[c] ?? null;
  const corners = [at(i, j), at(i, j + 1), at(i + 1, j), at(i + 1, j + 1)];
  if (corners.some((c) => c == null)) return null;
  return (corners[0] * (1 - fx) + corners[1] * fx) * (1 - fy) + (corners[2] * (1 - fx) + corners[3] * fx) * fy;
}
