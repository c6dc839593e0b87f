// Loss and gradient norm against step, one line per run, in one figure with two subplots
// (side by side when wide, stacked when narrow) so that one extendTraces call updates both.
import { baseLayout } from "./theme.js";

export const gradNorm = (g) => (g == null || g[0] == null || g[1] == null ? null : Math.hypot(g[0], g[1]));

/** What the loss panel plots: the loss, or on a log axis its gap above the known minimum. */
export function lossAxis(v) {
  const known = v.surface.minima.map((m) => m.z).filter(Number.isFinite);
  const offset = v.lossLog && known.length ? Math.min(...known) : 0;
  const title = !v.lossLog ? "loss" : offset !== 0 ? "loss − minimum (log)" : "loss (log)";
  const y = (loss) => {
    if (loss == null) return null;
    const gap = loss - offset;
    return v.lossLog && !(gap > 0) ? null : gap;
  };
  return { y, title, type: v.lossLog ? "log" : "linear" };
}

function subplotTitles(v, wide) {
  const title = (text, x, y) => ({ text, x, y, xref: "paper", yref: "paper", xanchor: "left", yanchor: "bottom", showarrow: false, font: { size: v.theme.fontSize, color: v.theme.muted } });
  return wide
    ? [title(lossAxis(v).title, 0, 1.01), title("gradient norm ‖∇E‖ (log)", 0.55, 1.01)]
    : [title(lossAxis(v).title, 0, 1.01), title("gradient norm ‖∇E‖ (log)", 0, 0.44)];
}

/** A run that diverged repeats its last finite values: draw nothing after the step it diverged. */
const alive = (v, run, f) => !(f.step > (v.divergedAt[run.index] ?? Infinity));

/**
 * The lowest and highest value each panel plots so far ({loss: [lo, hi], grad: [lo, hi]}), grown
 * with every batch of frames (`extent` null starts afresh). The axes are set from it, not autoscaled.
 */
export function growExtent(extent, frames, v) {
  const out = extent ? { loss: [...extent.loss], grad: [...extent.grad] } : { loss: [Infinity, -Infinity], grad: [Infinity, -Infinity] };
  const axis = lossAxis(v);
  const take = (range, value, positive) => {
    if (value == null || !Number.isFinite(value) || (positive && !(value > 0))) return;
    if (value < range[0]) range[0] = value;
    if (value > range[1]) range[1] = value;
  };
  for (const f of frames) {
    for (const run of v.runs) {
      if (!alive(v, run, f)) continue;
      take(out.loss, axis.y(f.loss[run.index]), axis.type === "log");
      take(out.grad, gradNorm(f.grad[run.index]), true);
    }
  }
  return out;
}

/**
 * Axis ranges that show a change in context, so that a stall looks like a stall: autoscaling would
 * stretch a 0.2 % change over the whole height, and a flat run would look like a cliff. A linear loss
 * axis reaches down to the surface's known minimum and spans at least a tenth of the values' size;
 * a log axis spans at least two decades, with one tick per decade (or per few, on wide ranges).
 */
export function seriesRanges(v) {
  const known = v.surface.minima.map((m) => m.z).filter(Number.isFinite);
  const axis = lossAxis(v);
  const loss = axis.type === "log" ? logRange(v.extent?.loss) : linearRange(v.extent?.loss, known.length ? Math.min(...known) : null);
  return { loss, grad: logRange(v.extent?.grad) };
}

export function linearRange([lo, hi] = [Infinity, -Infinity], floor) {
  if (!(lo <= hi)) return { range: floor == null ? [0, 1] : [floor, floor + 1] };
  if (floor != null) lo = Math.min(lo, floor);
  const least = 0.1 * Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  if (hi - lo < least) {
    const mid = (hi + lo) / 2;
    [lo, hi] = floor != null && lo === floor ? [lo, lo + least] : [mid - least / 2, mid + least / 2];
  }
  const pad = (hi - lo) * 0.05;
  return { range: [lo - pad, hi + pad] };
}

export function logRange([lo, hi] = [Infinity, -Infinity]) {
  if (!(lo <= hi)) return { range: [-1, 1], dtick: 1 };
  let [a, b] = [Math.log10(lo), Math.log10(hi)];
  if (b - a < 2) [a, b] = [(a + b) / 2 - 1, (a + b) / 2 + 1];
  const pad = (b - a) * 0.05;
  return { range: [a - pad, b + pad], dtick: Math.max(1, Math.ceil((b - a) / 5)) };
}

/** relayout keys for the two y axes' ranges and ticks. */
export function rangeUpdate(ranges) {
  const out = {};
  for (const [key, r] of [["yaxis", ranges.loss], ["yaxis2", ranges.grad]]) {
    out[`${key}.range`] = r.range;
    if (r.dtick) out[`${key}.dtick`] = r.dtick;
  }
  return out;
}

export function figureSeries(v) {
  const axis = lossAxis(v);
  const steps = v.frames.map((f) => f.step);
  const loss = v.runs.map((run) => ({
    type: "scatter",
    mode: "lines",
    name: run.label,
    x: steps,
    y: v.frames.map((f) => (alive(v, run, f) ? axis.y(f.loss[run.index]) : null)),
    line: { color: run.color, width: 2 },
    hovertemplate: `${run.label}<br>step %{x}: loss %{y:.5g}<extra></extra>`,
  }));
  const grad = v.runs.map((run) => ({
    type: "scatter",
    mode: "lines",
    name: run.label,
    x: steps,
    y: v.frames.map((f) => (alive(v, run, f) ? gradNorm(f.grad[run.index]) : null)),
    xaxis: "x2",
    yaxis: "y2",
    line: { color: run.color, width: 2 },
    hovertemplate: `${run.label}<br>step %{x}: ‖∇E‖ %{y:.4g}<extra></extra>`,
  }));
  const events = {
    type: "scatter",
    mode: "markers",
    name: "events",
    x: v.events.map((e) => e.step),
    y: v.events.map((e) => axis.y(e.runLoss)),
    hovertext: v.events.map((e) => `step ${e.step}: ${e.message}`),
    hoverinfo: "text",
    marker: { symbol: "x", size: 11, color: v.events.map((e) => e.color), line: { width: 1, color: v.theme.fg } },
  };
  const wide = v.width >= 640;
  const xRange = [0, Math.max(v.steps, 1)];
  const common = { color: v.theme.muted, gridcolor: v.theme.grid, zerolinecolor: v.theme.grid, tickfont: { size: v.theme.fontSize - 1 } };
  const ranges = seriesRanges(v);
  // Tick labels are never cut: the margin grows to fit them, and plotly picks the digits that tell them apart.
  const yaxis = (r, type) => ({ ...common, type, autorange: false, range: r.range, fixedrange: true, automargin: true, exponentformat: "e",
    ...(type === "log" ? { dtick: r.dtick, tickformat: "~g" } : { nticks: 6 }) });
  const layout = {
    ...baseLayout(v.theme, v.compact),
    margin: { l: 54, r: 12, t: 22, b: 38 },
    hovermode: "x",
    dragmode: false,
    annotations: subplotTitles(v, wide),
    shapes: cursorShapes(v.highlightStep, v.theme),
    xaxis: { ...common, range: xRange, fixedrange: true, domain: wide ? [0, 0.45] : [0, 1], anchor: "y", title: { text: wide ? "step" : "" } },
    yaxis: { ...yaxis(ranges.loss, axis.type), domain: wide ? [0, 1] : [0.58, 1], anchor: "x" },
    xaxis2: { ...common, range: xRange, fixedrange: true, domain: wide ? [0.55, 1] : [0, 1], anchor: "y2", title: { text: "step" } },
    yaxis2: { ...yaxis(ranges.grad, "log"), domain: wide ? [0, 1] : [0, 0.42], anchor: "x2" },
  };
  return { data: [...loss, ...grad, events], layout };
}

export function seriesExtension(frames, v) {
  const axis = lossAxis(v);
  const steps = frames.map((f) => f.step);
  const x = [];
  const y = [];
  for (const run of v.runs) {
    x.push(steps);
    y.push(frames.map((f) => (alive(v, run, f) ? axis.y(f.loss[run.index]) : null)));
  }
  for (const run of v.runs) {
    x.push(steps);
    y.push(frames.map((f) => (alive(v, run, f) ? gradNorm(f.grad[run.index]) : null)));
  }
  return [{ x, y }, x.map((_, i) => i)];
}

/** A vertical line through the selected step in both panels. */
export function cursorShapes(step, theme) {
  if (step == null) return [];
  const line = (xref, yref) => ({ type: "line", xref, yref, x0: step, x1: step, y0: 0, y1: 1, line: { color: theme.fg, width: 1, dash: "dot" } });
  return [line("x", "y domain"), line("x2", "y2 domain")];
}
