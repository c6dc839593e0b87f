// Minibatch against full data, for surface=data with a batch size below the dataset's size: the loss
// surface of the minibatch that the next update uses (dashed contours) over the full data's (solid), and
// both downhill directions (−gradient) at the current weights. The first racer's point at the selected
// step (or the start point before a run) is where update step + 1 draws its minibatch.
// Every number comes from GET /api/datasets/minibatch (the same rows the run's updates use).
import { h, $, fmt } from "./dom.js";
import { baseLayout, PLOT_CONFIG, readTheme } from "./theme.js";
import { dataQuery, DATA_GRID_KEYS } from "./dataselection.js";
import { axisNames } from "./landscape.js";

const FULL = "#0072B2"; // Okabe-Ito blue: the full data
const BATCH = "#D55E00"; // vermillion: the minibatch
const LEVELS = 12;

/** The same contour levels for both surfaces: log10 of the loss, from the lowest point to the full data's 95th percentile. */
function levels(full, batch) {
  const logs = (zs) => zs.flat().filter((z) => z != null && z > 0).map(Math.log10).sort((a, b) => a - b);
  const a = logs(full);
  const lo = Math.min(a[0], logs(batch)[0] ?? a[0]);
  const hi = a[Math.floor(0.95 * (a.length - 1))];
  return { start: lo, end: hi, size: Math.max((hi - lo) / LEVELS, 1e-9) };
}

const log10 = (zs) => zs.map((row) => row.map((z) => (z != null && z > 0 ? Math.log10(z) : null)));

export function mountMinibatchView(app) {
  const { store, api } = app;
  const plot = h("div", { id: "plot-minibatch", class: "plot", role: "img", "aria-label": "The minibatch's loss surface over the full data's, and both gradients at the current weights" });
  const caption = h("figcaption", { id: "minibatch-caption" }, "");
  const figure = h("figure", { class: "figure figure-minibatch", hidden: true }, plot, caption);
  $(".figure-data").after(figure);
  let drawnKey = null;
  let busy = false;
  let again = false;

  async function update() {
    const state = store.get();
    const surface = app.dataSurface.surface;
    const n = surface?.extra?.dataset?.n;
    figure.hidden = state.surface !== "data" || !surface || !state.batch_size || !(state.batch_size < n);
    if (figure.hidden) return;
    const { step, pairs } = app.data.selected();
    const [x, y] = pairs[0].w;
    const query = { ...dataQuery(state, DATA_GRID_KEYS), batch_size: state.batch_size, seed: state.seed ?? 0, step: (step ?? 0) + 1, n: 40, x, y };
    const key = JSON.stringify(query);
    if (key === drawnKey) return;
    if (busy) {
      again = true; // one request at a time; the latest state is drawn when it returns
      return;
    }
    busy = true;
    try {
      const body = await fetch(api.url("/datasets/minibatch", query)).then((r) => (r.ok ? r.json() : Promise.reject(r)));
      draw(body, surface);
      drawnKey = key;
    } catch {
      // a selection that is changing: the next update redraws
    } finally {
      busy = false;
      if (again) {
        again = false;
        update();
      }
    }
  }

  function draw(body, surface) {
    const theme = readTheme();
    const contours = { ...levels(body.full, body.minibatch), coloring: "none" };
    const { x, y, gradient } = body.at;
    // Both arrows point downhill; the longer spans a fifth of the plotted width, so their ratio shows.
    const span = body.x[body.x.length - 1] - body.x[0];
    const scale = (0.2 * span) / Math.max(Math.hypot(...gradient.full), Math.hypot(...gradient.minibatch), 1e-300);
    const arrow = (g, color, name) => ({ x: x - scale * g[0], y: y - scale * g[1], ax: x, ay: y, xref: "x", yref: "y", axref: "x", ayref: "y",
      showarrow: true, arrowhead: 2, arrowsize: 1.2, arrowwidth: 2.5, arrowcolor: color, text: "", name });
    const data = [
      { type: "contour", name: "full data", x: body.x, y: body.y, z: log10(body.full), contours, showscale: false, hoverinfo: "skip", line: { color: FULL, width: 1.2 } },
      { type: "contour", name: "minibatch", x: body.x, y: body.y, z: log10(body.minibatch), contours, showscale: false, hoverinfo: "skip", line: { color: BATCH, width: 1.2, dash: "dash" } },
      { type: "scatter", mode: "markers", name: "weights", x: [x], y: [y], marker: { color: theme.fg, size: 8 }, hovertemplate: "(%{x:.4g}, %{y:.4g})<extra></extra>" },
    ];
    const axes = axisNames(surface);
    window.Plotly.react(plot, data, {
      ...baseLayout(theme, plot.clientWidth < 480), margin: { l: 50, r: 10, t: 10, b: 42 }, showlegend: false, dragmode: false,
      xaxis: { title: { text: axes[0] }, range: [body.x[0], body.x[body.x.length - 1]], color: theme.muted, gridcolor: theme.grid, zeroline: false, fixedrange: true },
      yaxis: { title: { text: axes[1] }, range: [body.y[0], body.y[body.y.length - 1]], color: theme.muted, gridcolor: theme.grid, zeroline: false, fixedrange: true, scaleanchor: "x" },
      annotations: [arrow(gradient.full, FULL, "full"), arrow(gradient.minibatch, BATCH, "minibatch")],
    }, { ...PLOT_CONFIG, displayModeBar: false });
    const [g, b] = [gradient.full, gradient.minibatch];
    const cos = (g[0] * b[0] + g[1] * b[1]) / (Math.hypot(...g) * Math.hypot(...b));
    const angle = Number.isFinite(cos) ? `${((Math.acos(Math.min(1, Math.max(-1, cos))) * 180) / Math.PI).toFixed(0)}°` : "undefined";
    caption.textContent = `Update ${body.step} uses ${body.batch_size} of ${surface.extra.dataset.n} rows (seed ${body.seed}). `
      + `Solid blue: the full data's loss and its downhill direction; dashed vermillion: this minibatch's. At (${fmt(x)}, ${fmt(y)}) the losses are `
      + `${fmt(body.at.loss.full)} (full) and ${fmt(body.at.loss.minibatch)} (minibatch); the two directions differ by ${angle}.`;
    plot.dataset.step = body.step;
    document.dispatchEvent(new CustomEvent("errorscape:minibatch-drawn", { detail: body })); // for the tests
  }

  // The data panel redraws when the step, the selection or the start point changes: follow it.
  document.addEventListener("errorscape:data-drawn", () => update());
  store.subscribe((state, changed) => {
    if (changed.has("batch_size") || changed.has("seed") || changed.has("surface")) update();
  });
  update();
}
