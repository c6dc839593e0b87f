// Minibatch SGD: the surface of the minibatch that produced update t beside the full-data surface
// (GET /api/lessons/minibatch/grid), with the minibatch run's path (GET /api/lessons/minibatch).
import { h, fmt, debounce } from "../dom.js";
import { OKABE_ITO, SURFACE_SCALE } from "../theme.js";
import { getJSON, section, figure, plot2d, withParams } from "./util.js";
import { hyperbola } from "../landscape.js";

const A = [{ x: "x", y: "y" }, { x: "x2", y: "y2" }, { x: "x3", y: "y3" }];
/** Blue below zero, red above, white at zero: where the minibatch's loss is lower or higher than the data's. */
const DIVERGING = [[0, "#0072B2"], [0.5, "#f7f7f7"], [1, "#D55E00"]];

export function mountMinibatch({ view }) {
  const s = section("This minibatch's surface vs the full data's", "minibatch");
  const run = view.run;
  const racer = run.runs[0];
  const batch = h("input", { type: "number", id: "mb-batch", min: 1, max: 40, step: 1, value: view.extra.batch_size });
  const step = h("input", { type: "range", id: "mb-step", min: 1, max: run.steps, step: 1, value: 1 });
  const out = h("output", { for: "mb-step" }, "1");
  const fig = figure("Three maps: the full-data loss, the current minibatch's loss and their difference, with the minibatch SGD path", "The maps: the loss on all the data; the loss on this step's minibatch only; their difference (red: the minibatch's loss is higher, blue: lower). The line is minibatch SGD's path; the dot is where it was before update t; ★ each surface's lowest grid point, or the dashed curve where the minima form a curve (every point of it is a global minimum).", "wide");
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
    const wide = fig.plot.clientWidth >= 720;
    fig.plot.style.height = wide ? "" : "900px"; // three maps, one under the other
    try {
      if (!path) await loadPath();
      const d = await getJSON(withParams("/api/lessons/minibatch/grid", { ...common(), step: step.value, n: 48 }), mine.signal);
      if (mine !== ctrl) return;
      const t = Number(step.value);
      const range = { x: [d.x[0], d.x[d.x.length - 1]], y: [d.y[0], d.y[d.y.length - 1]] };
      const heat = (z, a) => ({ type: "contour", x: d.x, y: d.y, z, xaxis: a.x, yaxis: a.y, colorscale: SURFACE_SCALE, showscale: false, ncontours: 20, contours: { coloring: "heatmap" }, line: { width: 0.5, color: "rgba(255,255,255,0.4)" }, hovertemplate: "x %{x:.3g}, y %{y:.3g}<br>loss %{z:.4g}<extra></extra>" });
      const line = (a) => ({ type: "scatter", mode: "lines", x: path.x, y: path.y, xaxis: a.x, yaxis: a.y, line: { color: OKABE_ITO[0], width: 2 }, hoverinfo: "skip" });
      const dot = (a) => ({ type: "scatter", mode: "markers", x: [path.x[t - 1]], y: [path.y[t - 1]], xaxis: a.x, yaxis: a.y, marker: { color: OKABE_ITO[0], size: 11, line: { color: "#fff", width: 2 } }, hoverinfo: "skip" });
      // Where the minima form a curve, the whole set is drawn; a lone ★ would pick one of its points.
      const lowest = (m, c, a) => (c == null
        ? { type: "scatter", mode: "markers", x: [m.x], y: [m.y], xaxis: a.x, yaxis: a.y, marker: { symbol: "star", color: "#fff", size: 13, line: { color: "#111", width: 1 } }, hovertext: `lowest: ${fmt(m.loss)}`, hoverinfo: "text" }
        : { type: "scatter", mode: "lines", name: "minima", ...hyperbola(c, range), xaxis: a.x, yaxis: a.y, line: { color: "#fff", width: 2, dash: "dash" }, hovertext: `every point of w₁·w₂ = ${fmt(c)} is a global minimum`, hoverinfo: "text" });
      const curve = d.minima_curve ?? {};
      const diff = d.minibatch.map((row, i) => row.map((z, j) => (z == null || d.full[i][j] == null ? null : z - d.full[i][j])));
      const reach = d.max_abs_difference || 1;
      const panels = [
        [heat(d.full, A[0]), lowest(d.full_argmin, curve.full, A[0])],
        [heat(d.minibatch, A[1]), lowest(d.minibatch_argmin, curve.minibatch, A[1])],
        [{ type: "heatmap", name: "difference", x: d.x, y: d.y, z: diff, xaxis: A[2].x, yaxis: A[2].y, colorscale: DIVERGING, zmin: -reach, zmax: reach, zmid: 0,
          showscale: true, colorbar: { thickness: 8, len: wide ? 1 : 0.3, y: wide ? 0.5 : 0.15, tickfont: { size: 10 }, exponentformat: "e" },
          hovertemplate: "x %{x:.3g}, y %{y:.3g}<br>minibatch − full %{z:.4g}<extra></extra>" }],
      ];
      plot2d(fig.plot, panels.flatMap((traces, i) => [...traces, line(A[i]), dot(A[i])]), {
        margin: { l: 40, r: 44, t: 22, b: 30 },
        annotations: ["all data", `minibatch of ${d.batch_size}`, "minibatch − all data"].map((text, i) => ({ text, x: 0, xref: `${A[i].x} domain`, y: 1, yref: `${A[i].y} domain`, yanchor: "bottom", xanchor: "left", showarrow: false, font: { size: 11 } })),
        ...Object.fromEntries(A.flatMap((a, i) => [
          [`xaxis${i ? i + 1 : ""}`, { range: range.x, domain: wide ? [i * 0.345, i * 0.345 + 0.29] : [0, 1], anchor: a.y }],
          [`yaxis${i ? i + 1 : ""}`, { range: range.y, domain: wide ? [0, 1] : [1 - (i + 1) / 3 + 0.04, 1 - i / 3 - 0.04], anchor: a.x }],
        ])),
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
