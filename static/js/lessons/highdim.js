// The N-dimensional view: one run on an N-dimensional objective (GET /api/lessons/highdim/run),
// loss and gradient norm against step, and the 3D surface of a 2D slice through the run's point at
// a chosen step (GET .../slice): the page's one extra 3D figure. Numbers: highdim-numbers.js.
import { h, fmt, debounce } from "../dom.js";
import { OKABE_ITO, PLOT_CONFIG, SURFACE_SCALE, baseLayout, readTheme } from "../theme.js";
import { getJSON, section, figure, plot2d, withParams } from "./util.js";

function numberField(label, name, value, attrs) {
  const id = `hd-${name}`;
  const input = h("input", { type: "number", id, name, value, step: "any", ...attrs });
  return { input, el: h("div", { class: "field" }, h("label", { for: id }, label), input) };
}

const MAX_CURVES = 6;

export function mountHighdim({ app, view }) {
  const s = section("N dimensions", "highdim");
  const x = view.extra;
  const objective = h("select", { id: "hd-objective", name: "objective" });
  const optimizer = h("select", { id: "hd-optimizer", name: "optimizer" }, ...app.optimizers.map((o) => h("option", { value: o.id }, o.name)));
  optimizer.value = x.optimizer;
  const dimRange = h("input", { type: "range", min: 2, max: 1000, step: 1, value: x.dim, "aria-label": "N (slider)" });
  const dim = numberField("N, the number of weights (2 to 1,000)", "dim", x.dim, { min: 2, max: 1000, step: 1 });
  dimRange.addEventListener("input", () => { dim.input.value = dimRange.value; });
  dim.input.addEventListener("change", () => { dimRange.value = dim.input.value; });
  const lr = numberField("Learning rate", "lr", x.lr, { min: 1e-6, max: 10 });
  const steps = numberField("Steps", "steps", x.steps, { min: 1, max: 5000, step: 1 });
  const go = h("button", { type: "submit", class: "button primary" }, "Run in N dimensions");
  const form = h("form", { class: "hd-form", onsubmit: (e) => { e.preventDefault(); run(); } },
    h("div", { class: "field" }, h("label", { for: "hd-objective" }, "Objective"), objective),
    h("div", { class: "field" }, h("label", { for: "hd-optimizer" }, "Optimizer"), optimizer),
    dim.el, dimRange, h("div", { class: "pair" }, lr.el, steps.el), go);
  const outcome = h("p", { class: "lesson-big", "data-testid": "highdim-outcome", "aria-live": "polite" });
  const series = figure("Loss and gradient norm against step in N dimensions", "Loss (left) and gradient norm ‖∇E‖ (right, log), one colour per run: earlier runs stay for comparison.", "wide");
  const at = h("input", { type: "range", id: "hd-at", min: 0, max: 0, value: 0, step: 1 });
  const plane = h("select", { id: "hd-plane" }, h("option", { value: "random" }, "two random directions"), h("option", { value: "coordinates" }, "coordinates 1 and 2"));
  // A group, not an image: Plotly's 3D modebar puts buttons inside it.
  const sliceBox = h("div", { class: "lesson-plot lesson-plot-3d", role: "group", "aria-label": "3D slice of the N-dimensional loss through the run's point" });
  const sliceNote = h("p", { class: "hint", "aria-live": "polite" });
  s.body.append(form, outcome, series.el,
    h("div", { class: "hd-slice-controls" },
      h("div", { class: "field" }, h("label", { for: "hd-at" }, "Slice through the point at step ", h("output", { for: "hd-at", id: "hd-at-out" }, "0")), at),
      h("div", { class: "field" }, h("label", { for: "hd-plane" }, "Plane"), plane)),
    h("figure", { class: "lesson-figure" }, sliceBox, h("figcaption", {}, "A 2D slice through the current point of the N-dimensional loss; the line is the path so far, projected on the slice.")),
    sliceNote);
  let ctrl = new AbortController();
  let query = null;
  let curves = []; // [{name, frames}], the runs on the plot

  const listCtrl = new AbortController(); // run() aborts `ctrl`; the list must survive it
  getJSON("/api/lessons/highdim/objectives", listCtrl.signal).then((list) => {
    objective.replaceChildren(...list.map((o) => h("option", { value: o.id }, o.name)));
    objective.value = x.objective;
  }).catch(() => {});

  async function run() {
    ctrl.abort();
    ctrl = new AbortController();
    query = { objective: objective.value || x.objective, dim: dim.input.value, optimizer: optimizer.value, lr: lr.input.value, steps: steps.input.value, seed: x.seed ?? 0 };
    s.status(`Running ${query.optimizer} on ${query.objective} in ${query.dim} dimensions…`);
    try {
      const d = await getJSON(withParams("/api/lessons/highdim/run", query), ctrl.signal);
      s.status("");
      const verdict = d.done.verdict ? ` The classifier calls the end point a ${d.done.verdict} (index ${d.done.index}).` : "";
      outcome.dataset.dim = String(d.dim);
      outcome.textContent = `${d.label}, N = ${d.dim}: ${d.done.reason} after ${d.done.step} steps, loss ${fmt(d.start_loss)} → ${fmt(d.done.loss)}, ‖∇E‖ ${fmt(d.done.grad_norm)}.${verdict}${d.done.message ? ` ${d.done.message}` : ""}`;
      // Earlier runs stay on the plot (the lesson asks to compare N = 2, 100, 1,000); the same run replaces itself.
      const name = `${d.label}, N = ${d.dim}`;
      curves = [...curves.filter((c) => c.name !== name), { name, frames: d.frames }].slice(-MAX_CURVES);
      plot2d(series.plot, curves.flatMap((c, i) => [
        { type: "scatter", mode: "lines", x: c.frames.step, y: c.frames.loss, name: c.name, legendgroup: c.name, line: { color: OKABE_ITO[i % 8], width: 2 } },
        { type: "scatter", mode: "lines", x: c.frames.step, y: c.frames.grad_norm, name: c.name, legendgroup: c.name, showlegend: false, xaxis: "x2", yaxis: "y2", line: { color: OKABE_ITO[i % 8], width: 2 } },
      ]), {
        showlegend: true,
        legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 10 } },
        margin: { l: 50, r: 10, t: 48, b: 38 },
        xaxis: { domain: [0, 0.45], title: { text: "step" } }, yaxis: { title: { text: "loss" } },
        xaxis2: { domain: [0.55, 1], anchor: "y2", title: { text: "step" } }, yaxis2: { type: "log", anchor: "x2", title: { text: "‖∇E‖" } },
      });
      at.max = String(d.done.step);
      at.value = String(d.done.step);
      slice();
    } catch (error) {
      if (!ctrl.signal.aborted) s.status(error.message);
    }
  }

  async function slice() {
    if (!query) return;
    document.getElementById("hd-at-out").textContent = at.value;
    const sliceCtrl = ctrl;
    try {
      const d = await getJSON(withParams("/api/lessons/highdim/slice", { ...query, at: at.value, plane: plane.value, n: 41 }), sliceCtrl.signal);
      if (sliceCtrl !== ctrl) return;
      draw3d(d);
      sliceNote.textContent = `Step ${d.step}: loss at the centre ${fmt(d.centre_loss)}; the gradient's part in this plane is (${d.gradient_in_plane.map((g) => fmt(g)).join(", ")}) — ${d.dim - 2} other directions are not shown.`;
    } catch (error) {
      if (!sliceCtrl.signal.aborted) sliceNote.textContent = error.message;
    }
  }

  function draw3d(d) {
    const theme = readTheme();
    const axis = (t) => ({ title: { text: t }, color: theme.muted, gridcolor: theme.grid, nticks: 5, tickfont: { size: 9 } });
    window.Plotly.react(sliceBox, [
      { type: "surface", x: d.a, y: d.b, z: d.z, colorscale: SURFACE_SCALE, showscale: false, hovertemplate: "a %{x:.3g}, b %{y:.3g}<br>loss %{z:.4g}<extra></extra>" },
      { type: "scatter3d", mode: "lines+markers", x: d.path.a, y: d.path.b, z: d.path.loss, line: { color: OKABE_ITO[0], width: 5 }, marker: { size: 2, color: OKABE_ITO[0] }, hoverinfo: "skip" },
    ], {
      ...baseLayout(theme, sliceBox.clientWidth < 480),
      margin: { l: 0, r: 0, t: 0, b: 0 },
      scene: { uirevision: "highdim", xaxis: axis("a"), yaxis: axis("b"), zaxis: axis(""), aspectratio: { x: 1, y: 1, z: 0.6 }, camera: { eye: { x: -1.4, y: -1.4, z: 1.0 } } },
    }, PLOT_CONFIG);
  }

  at.addEventListener("input", debounce(slice, 150));
  plane.addEventListener("change", slice);
  run();
  return { el: s.el, destroy: () => { ctrl.abort(); listCtrl.abort(); window.Plotly?.purge(sliceBox); } };
}
mountHighdim.panels = ["highdim-run", "highdim-slice"];
