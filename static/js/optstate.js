// Inside the optimizer at the selected step: arrows on the contour map from the current point (the
// update, and its momentum and gradient parts), a box whose sides are an adaptive method's two effective
// step sizes, a table of the optimizer's state, and a sentence saying which term dominates the step.
// The numbers are the frames' `state` and `next` (runs requested with state=true; docs/optimizers.md).
import { h, fmt, $ } from "./dom.js";

const TAG = "optstate"; // marks our annotations and shapes in the contour figure's layout
const ARROW_SHARE = 0.14; // the longest arrow drawn is this share of the map's width
const COLORS = { momentum: "#8f3fd1", gradient: "#1f6fe0", update: "#1b1b1b" }; // apart from the runs' palette
const STATE_NAMES = {
  momentum_buffer: "momentum b", exp_avg: "first moment m", exp_avg_sq: "second moment v", max_exp_avg_sq: "max v̂ (AMSGrad)",
  sum: "sum of g² s", square_avg: "mean square v", grad_avg: "mean gradient ḡ", acc_delta: "mean square update u",
  exp_inf: "max |g| u", mu_product: "Π μ",
};

const norm = (v) => (v ? Math.hypot(v[0] ?? 0, v[1] ?? 0) : 0);

/** Which term dominates the step, in one plain sentence. */
export function explain(next) {
  if (!next) return "The run has stopped here: there is no next step.";
  const g = norm(next.grad);
  const m = norm(next.from_momentum);
  const fromG = norm(next.from_gradient);
  const rates = Array.isArray(next.effective_lr) ? next.effective_lr : null;
  const ratio = rates && rates[0] > 0 && rates[1] > 0 ? Math.max(rates[0], rates[1]) / Math.min(rates[0], rates[1]) : 1;
  const adaptive = ratio > 1.2 ? ` Each weight has its own step size: one moves ${fmt(ratio, 2)}× further per unit of gradient than the other.` : "";
  if (next.from_momentum) {
    const against = m && fromG && (next.from_momentum[0] * next.from_gradient[0] + next.from_momentum[1] * next.from_gradient[1]) / (m * fromG) < -0.3;
    if (m > 2 * fromG) return `The update is mostly momentum: the gradient here is ${fromG < 0.1 * m ? "tiny" : "small"} (‖∇E‖ = ${fmt(g)})${against ? ", and it already pulls the other way: the run is overshooting" : ""}.${adaptive}`;
    if (fromG > 2 * m) return `The update is mostly the gradient: the momentum carried in is small.${adaptive}`;
    return `Momentum and gradient both shape this step${against ? "; they pull in opposite directions, so the run is turning back" : ""}.${adaptive}`;
  }
  return `The update follows the gradient (‖∇E‖ = ${fmt(g)}), scaled by the step size.${adaptive}`;
}

function arrow(from, vec, scale, color, text, dash) {
  return {
    x: from[0] + vec[0] * scale, y: from[1] + vec[1] * scale, ax: from[0], ay: from[1], xref: "x", yref: "y",
    axref: "x", ayref: "y", showarrow: true, arrowhead: 2, arrowsize: 1.2, arrowwidth: dash ? 2 : 3, arrowcolor: color,
    text: "", hovertext: text, name: TAG,
  };
}

/** The annotations and shapes for `frame` (one selected step) of the runs shown. */
export function drawing(frame, runs, width) {
  const annotations = [];
  const shapes = [];
  if (!frame?.next) return { annotations, shapes };
  const parts = (n) => [n?.update, n?.from_momentum, n?.from_gradient].map(norm);
  const longest = Math.max(...runs.flatMap((r) => parts(frame.next[r.index])), 1e-300);
  const scale = (ARROW_SHARE * width) / longest;
  for (const run of runs) {
    const next = frame.next[run.index];
    if (!next) continue;
    const at = [frame.x[run.index], frame.y[run.index]];
    if (next.from_momentum) {
      annotations.push(arrow(at, next.from_gradient, scale, COLORS.gradient, "gradient part", true));
      annotations.push(arrow(at, next.from_momentum, scale, COLORS.momentum, "momentum part", true));
    }
    annotations.push(arrow(at, next.update, scale, COLORS.update, "update", false));
    const rates = next.effective_lr;
    if (Array.isArray(rates) && rates[0] !== rates[1]) {
      const big = Math.max(...rates);
      const [hx, hy] = rates.map((r) => (0.06 * width * r) / big);
      shapes.push({ type: "rect", xref: "x", yref: "y", x0: at[0] - hx, x1: at[0] + hx, y0: at[1] - hy, y1: at[1] + hy,
                    line: { color: run.color ?? "#444", width: 1.5, dash: "dot" }, name: TAG });
    }
  }
  return { annotations, shapes, scale };
}

export function mountOptState(app, { contour = $("#plot-contour"), after = $(".inspector") } = {}) {
  const sentence = h("p", { class: "optstate-sentence", "aria-live": "polite" });
  const table = h("table", { class: "optstate-table" });
  const legend = h("p", { class: "optstate-legend" },
    "Arrows from the current point, all to one scale: ", h("strong", { style: { color: COLORS.momentum } }, "momentum part"), " + ",
    h("strong", { style: { color: COLORS.gradient } }, "gradient part"), " = ", h("strong", { style: { color: COLORS.update } }, "the update"),
    ". For an adaptive method the dotted box's sides are the two weights' effective step sizes.");
  // Not a landmark of its own (like the inspector): the scroll region below is the one, and two
  // landmarks with one name fail axe's landmark-unique.
  const section = h("section", { class: "inspector optstate", hidden: true },
    h("h2", { id: "optstate-heading" }, "Inside the optimizer"), sentence, legend,
    h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "optstate-heading" }, table));
  after.after(section);
  let shown = null;

  function apply(drawn) {
    const layout = contour.layout;
    if (!layout || !window.Plotly) return;
    const keep = (list) => (list ?? []).filter((a) => a.name !== TAG);
    window.Plotly.relayout(contour, { annotations: [...keep(layout.annotations), ...drawn.annotations],
                                      shapes: [...keep(layout.shapes), ...drawn.shapes] });
  }

  function show({ index, frames, runs, playing = false }) {
    const frame = frames[index];
    section.hidden = !frame?.state;
    // While playing, no arrows: the point moves on at once, and relaying out the contour map five
    // times a second costs the animation its frames. They come back at the step where it stops.
    const width = Math.abs((contour.layout?.xaxis?.range?.[1] ?? 1) - (contour.layout?.xaxis?.range?.[0] ?? 0));
    const next = frame?.state && !playing ? drawing(frame, runs, width) : null;
    if (next || shown) apply(next ?? { annotations: [], shapes: [] });
    shown = next;
    if (!frame?.state) return;
    const first = runs[0];
    sentence.textContent = first ? `${first.label}: ${explain(frame.next?.[first.index])}` : "";
    table.replaceChildren(h("thead", {}, h("tr", {}, ...["Run", "quantity", "x", "y"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, ...runs.flatMap((run) => rows(run, frame.state[run.index] ?? {}, frame.next?.[run.index]))));
    section.dataset.step = frame.step;
  }

  function rows(run, state, next) {
    const entries = [
      ...Object.entries(state).map(([k, v]) => [STATE_NAMES[k] ? `${STATE_NAMES[k]} (${k})` : k, v]),
      ...Object.entries(next ?? {}).map(([k, v]) => [`next step: ${k.replaceAll("_", " ")}`, v]),
    ];
    return entries.map(([name, value]) => h("tr", { style: { "--racer": run.color } },
      h("th", { scope: "row" }, run.label), h("td", {}, name),
      ...(Array.isArray(value) ? value : [value, null]).map((v) => h("td", {}, fmt(v, 5)))));
  }

  // The contour figure is rebuilt by Plotly.react on a new scene: put the arrows back afterwards.
  contour.on?.("plotly_afterplot", () => {
    if (shown && !(contour.layout.annotations ?? []).some((a) => a.name === TAG) && shown.annotations.length) apply(shown);
  });
  document.addEventListener("errorscape:selected", (event) => show(event.detail));
  return { show, section };
}
