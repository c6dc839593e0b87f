// Minibatch SGD: the surface of the minibatch that produced update t beside the full-data surface
// (GET /api/lessons/minibatch/grid), with the minibatch run's path (GET /api/lessons/minibatch).
import { h, fmt, debounce } from "../dom.js";
import { OKABE_ITO, SURFACE_SCALE } from "../theme.js";
import { getJSON, section, figure, plot2d, withParams } from "./util.js";

export function mountMinibatch({ view }) {
  const s = section("This minibatch's surface vs the full data's", "minibatch");
  const run = view.run;
  const racer = run.runs[0];
  const batch = h("input", { type: "number", id: "mb-batch", min: 1, max: 40, step: 1, value: view.extra.batch_size });
  const step = h("input", { type: "range", id: "mb-step", min: 1, max: run.steps, step: 1, value: 1 });
  const out = h("output", { for: "mb-step" }, "1");
  const fig = figure("Two contour maps: the full-data loss and the current minibatch's loss, with the minibatch SGD path", "Left: the loss on all the data. Right: the loss on this step's minibatch only. The line is minibatch SGD's path; the dot is where it was before update t; ★ each surface's lowest grid point.", "wide");
  const numbers = h("p", { class: "hint", "aria-live": "polite", "data-testid": "minibatch-numbers" });
  s.body.append(
    h("div", { class: "pair" }, h("div", { class: "field" }, h("label", { for: "mb-batch" }, "Batch size"), batch),
      h("div", { class: "field" }, h("label", { for: "mb-step" }, "Update t = ", out), step)),
    fig.el, numbers);
  let ctrl = new AbortController();
  let path = null;

  const common = () => ({ surface: view.extra.surface, batch_size: batch.value, seed: run.seed ?? 0 });

  async function loadPath() {
    const query = { ...common(), x0: run.x0, y0: run.y0, steps: run.steps, optimizer: racer.optimizer, ...racer.params, format: "json" };
    const d = await getJSON(withParams("/api/lessons/minibatch", query), ctrl.signal);
    path = { x: d.frames.map((f) => f.x[0]), y: d.frames.map((f) => f.y[0]), size: d.start.dataset_size };
  }

  async function draw() {
    out.textContent = step.value;
    const mine = ctrl;
    try {
      if (!path) await loadPath();
      const d = await getJSON(withParams("/api/lessons/minibatch/grid", { ...common(), step: step.value, n: 48 }), mine.signal);
      if (mine !== ctrl) return;
      const t = Number(step.value);
      const heat = (z, xa, ya) => ({ type: "contour", x: d.x, y: d.y, z, xaxis: xa, yaxis: ya, colorscale: SURFACE_SCALE, showscale: false, ncontours: 20, contours: { coloring: "heatmap" }, line: { width: 0.5, color: "rgba(255,255,255,0.4)" }, hovertemplate: "x %{x:.3g}, y %{y:.3g}<br>loss %{z:.4g}<extra></extra>" });
      const line = (xa, ya) => ({ type: "scatter", mode: "lines", x: path.x, y: path.y, xaxis: xa, yaxis: ya, line: { color: OKABE_ITO[0], width: 2 }, hoverinfo: "skip" });
      const dot = (xa, ya) => ({ type: "scatter", mode: "markers", x: [path.x[t - 1]], y: [path.y[t - 1]], xaxis: xa, yaxis: ya, marker: { color: OKABE_ITO[0], size: 11, line: { color: "#fff", width: 2 } }, hoverinfo: "skip" });
      const star = (m, xa, ya) => ({ type: "scatter", mode: "markers", x: [m.x], y: [m.y], xaxis: xa, yaxis: ya, marker: { symbol: "star", color: "#fff", size: 13, line: { color: "#111", width: 1 } }, hovertext: `lowest: ${fmt(m.loss)}`, hoverinfo: "text" });
      const range = { x: [d.x[0], d.x[d.x.length - 1]], y: [d.y[0], d.y[d.y.length - 1]] };
      const wide = fig.plot.clientWidth >= 520;
      plot2d(fig.plot, [heat(d.full, "x", "y"), line("x", "y"), dot("x", "y"), star(d.full_argmin, "x", "y"),
        heat(d.minibatch, "x2", "y2"), line("x2", "y2"), dot("x2", "y2"), star(d.minibatch_argmin, "x2", "y2")], {
        margin: { l: 40, r: 8, t: 22, b: 30 },
        annotations: [["all data", 0, "y"], [`minibatch of ${d.batch_size}`, wide ? 0.53 : 0, "y2"]].map(([text, x, yref]) => ({ text, x, xref: "paper", y: 1, yref: `${yref} domain`, yanchor: "bottom", xanchor: "left", showarrow: false, font: { size: 11 } })),
        xaxis: { range: range.x, domain: wide ? [0, 0.47] : [0, 1] }, yaxis: { range: range.y, domain: wide ? [0, 1] : [0.55, 1] },
        xaxis2: { range: range.x, domain: wide ? [0.53, 1] : [0, 1], anchor: "y2" }, yaxis2: { range: range.y, domain: wide ? [0, 1] : [0, 0.45], anchor: "x2" },
      });
      numbers.textContent = `Update ${d.step} used ${d.batch.length} of ${path.size} examples (${d.batch.join(", ")}). The two surfaces differ by up to ${fmt(d.max_abs_difference)}; ` +
        `the full data's lowest point is (${fmt(d.full_argmin.x)}, ${fmt(d.full_argmin.y)}), this minibatch's is (${fmt(d.minibatch_argmin.x)}, ${fmt(d.minibatch_argmin.y)}).`;
      s.status("");
    } catch (error) {
      if (!mine.signal.aborted) s.status(error.message);
    }
  }

  step.addEventListener("input", debounce(draw, 120));
  batch.addEventListener("change", () => { ctrl.abort(); ctrl = new AbortController(); path = null; draw(); });
  s.status("Running minibatch SGD…");
  draw();
  return { el: s.el, destroy: () => ctrl.abort() };
}
mountMinibatch.panels = ["minibatch-grid"];
