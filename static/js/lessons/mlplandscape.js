// A real network's landscape: what was trained (GET /api/lessons/landscape/slice, whose surface the
// page draws as `mlp-slice`) and Goodfellow et al.'s line from the initial to the trained weights
// (GET /api/lessons/landscape/interpolation).
import { h, fmt } from "../dom.js";
import { OKABE_ITO } from "../theme.js";
import { getJSON, section, figure, plot2d, percent } from "./util.js";

export function mountNetwork({ view }) {
  const s = section("The network behind the surface", "landscape-slice");
  const facts = h("dl", { class: "lesson-facts", "data-testid": "network-facts" });
  const training = figure("Training loss of the network against step", "The training run that produced the trained weights θ* (full batch).");
  s.body.append(facts, training.el);
  const ctrl = new AbortController();
  s.status("Training the network (first use only)…");
  getJSON(view.data["landscape-slice"], ctrl.signal).then((d) => {
    s.status("");
    const n = d.network;
    const t = n.training;
    const row = (k, v) => [h("dt", {}, k), h("dd", {}, v)];
    facts.replaceChildren(
      ...row("Network", `${n.layers.join("-")} ${n.activation}, ${n.parameters} weights, weight decay ${n.weight_decay}`),
      ...row("Trained with", `${t.optimizer} lr ${t.lr}, ${t.schedule}, ${t.steps} steps: loss ${fmt(t.final_loss)}, ‖∇L‖ ${fmt(t.final_gradient_norm)}, accuracy ${percent(t.accuracy)}`),
      ...row("This slice", `${d.n} × ${d.n} points over [−${d.span}, ${d.span}]²; lowest at (${fmt(d.grid_minimum.x)}, ${fmt(d.grid_minimum.y)}) with loss ${fmt(d.grid_minimum.z)}: the trained weights`),
    );
    plot2d(training.plot, [{ type: "scatter", mode: "lines", x: d.training_curve.step, y: d.training_curve.loss, line: { color: OKABE_ITO[4], width: 2 }, hovertemplate: "step %{x}: %{y:.4g}<extra></extra>" }],
      { xaxis: { title: { text: "training step" } }, yaxis: { type: "log", dtick: 1, tickformat: "~g", title: { text: "loss" } } });
  }).catch((error) => { if (!ctrl.signal.aborted) s.status(error.message); });
  return { el: s.el, destroy: () => ctrl.abort() };
}
mountNetwork.panels = ["landscape-slice"];

export function mountInterpolation({ view }) {
  const s = section("From the initial to the trained weights", "interpolation");
  const fig = figure("Loss along the straight line from the initial weights (α = 0) to the trained weights (α = 1)", "L((1 − α)θ₀ + αθ*): α = 0 is the initial network, α = 1 the trained one (Goodfellow et al. 2015).");
  const note = h("p", { class: "hint", "data-testid": "interpolation-note" });
  s.body.append(fig.el, note);
  const ctrl = new AbortController();
  getJSON(view.data.interpolation, ctrl.signal).then((d) => {
    plot2d(fig.plot, [
      { type: "scatter", mode: "lines", name: "loss", x: d.alpha, y: d.loss, line: { color: OKABE_ITO[5], width: 2 }, hovertemplate: "α %{x:.3g}: loss %{y:.4g}<extra></extra>" },
      { type: "scatter", mode: "lines", name: "accuracy", x: d.alpha, y: d.accuracy, yaxis: "y2", line: { color: OKABE_ITO[2], width: 2, dash: "dot" }, hovertemplate: "α %{x:.3g}: accuracy %{y:.3f}<extra></extra>" },
    ], {
      showlegend: true, legend: { orientation: "h", y: -0.28, font: { size: 10 } }, margin: { l: 50, r: 50, t: 10, b: 64 },
      xaxis: { title: { text: "α" } }, yaxis: { title: { text: "loss" } },
      yaxis2: { overlaying: "y", side: "right", range: [0, 1.05], autorange: false, tickmode: "array", tickvals: [0, 0.25, 0.5, 0.75, 1], tickformat: ".0%", showgrid: false, title: { text: "accuracy" } },
    });
    note.textContent = `Loss ${fmt(d.initial_loss)} at the initial weights, ${fmt(d.trained_loss)} at the trained ones, ${fmt(d.weight_distance)} apart.`;
  }).catch((error) => { if (!ctrl.signal.aborted) s.status(error.message); });
  return { el: s.el, destroy: () => ctrl.abort() };
}
mountInterpolation.panels = ["interpolation"];
