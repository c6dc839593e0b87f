// The critical-point classifier: for a point (typed, clicked on the contour map as the start, or where
// each run is now) the Hessian's eigenvalues and the verdict, from GET /api/surfaces/{id}/classify.
import { h, fmt } from "../dom.js";
import { getJSON, section, withParams, tableHead, numberCell } from "./util.js";

const VERDICT = { minimum: "Minimum", maximum: "Maximum", saddle: "Saddle point", flat: "Flat" };

/**
 * The headline the numbers support. The server's `verdict` reads the Hessian alone; it names a kind of
 * critical point only where the gradient vanishes. Elsewhere the point is on a slope (on a plateau, a
 * very gentle one: the number says how gentle), and the curvature goes to the small print.
 */
function headline(c, short = false) {
  if (!c.defined) return "undefined";
  if (c.critical) return VERDICT[c.verdict];
  return short ? "Not a critical point" : `Not a critical point: a slope of ‖∇E‖ = ${fmt(c.gradient_norm)}`;
}

function classify(state, x, y, signal) {
  const params = { x, y };
  if (state.surface === "custom") params.expr = state.expr;
  return getJSON(withParams(`/api/surfaces/${encodeURIComponent(state.surface)}/classify`, params), signal);
}

/** One classification as a short sentence of numbers (the server's own sentence follows). */
function numbers(c) {
  if (!c.defined) return "The loss is not defined here.";
  return `λ = ${c.eigenvalues.map((v) => fmt(v)).join(", ")} · ‖∇E‖ = ${fmt(c.gradient_norm)} · loss ${fmt(c.loss)}` + (c.critical ? " · critical point" : " · not a critical point (the gradient is not zero)");
}

export function mountClassifier({ app, view }) {
  const s = section("What kind of point is this?", "classifier");
  const x = h("input", { type: "number", step: "any", id: "classify-x", value: view.extra?.classify?.[0] ?? 0 });
  const y = h("input", { type: "number", step: "any", id: "classify-y", value: view.extra?.classify?.[1] ?? 0 });
  const point = h("div", { class: "classify-point", "data-testid": "classify-point", "aria-live": "polite" });
  const runs = h("table", { class: "lesson-table", "data-testid": "classify-runs" });
  const form = h("form", { class: "classify-form", onsubmit: (e) => { e.preventDefault(); at(Number(x.value), Number(y.value)); } },
    h("label", { for: "classify-x" }, "x"), x, h("label", { for: "classify-y" }, "y"), y,
    h("button", { type: "submit", class: "button secondary" }, "Classify"));
  const current = h("button", { type: "button", class: "button secondary", onclick: () => ends(true) }, "Classify where each run is now");
  s.body.append(h("p", { class: "hint" }, "Type a point, or click the contour map (the clicked start is classified). When the runs end, their end points are classified."),
    form, point, current, h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Each run's point" }, runs));
  let ctrl = new AbortController();

  async function at(px, py) {
    x.value = String(px);
    y.value = String(py);
    try {
      const c = await classify(app.store.get(), px, py, ctrl.signal);
      point.dataset.verdict = c.verdict ?? "";
      point.replaceChildren(h("p", { class: "lesson-big" }, h("strong", {}, `(${fmt(px)}, ${fmt(py)}): ${headline(c)}`)), h("p", {}, numbers(c)), h("p", { class: "hint" }, c.sentence ?? ""));
    } catch (error) {
      if (!ctrl.signal.aborted) point.textContent = error.message;
    }
  }

  let classifiedFor = null;
  /** Classify every run's shown point (at the end of the runs, or on demand). */
  async function ends(now = false) {
    const status = app.player.status();
    const frame = status.frames[status.shown - 1];
    const meta = app.runner.meta;
    if (!frame || !meta) return;
    if (!now && classifiedFor === status.finished) return;
    classifiedFor = status.finished;
    const state = app.store.get();
    const shown = meta.runs.slice(0, 8);
    try {
      const results = await Promise.all(shown.map((r) => classify(state, frame.x[r.index], frame.y[r.index], ctrl.signal)));
      runs.replaceChildren(
        h("caption", {}, `Step ${frame.step}: where each run is`),
        tableHead(["run", "(x, y)", "verdict", ["λ₁, λ₂", "the Hessian's eigenvalues"], ["‖∇E‖", "gradient norm"]]),
        h("tbody", {}, ...shown.map((r, i) => {
          const c = results[i];
          return h("tr", { dataset: { optimizer: r.optimizer, verdict: c.verdict ?? "" } },
            h("th", { scope: "row" }, r.label), h("td", {}, `(${fmt(frame.x[r.index])}, ${fmt(frame.y[r.index])})`), // one column: it wraps at the comma
            h("td", {}, c.defined ? headline(c, true) : "—"), h("td", {}, c.defined ? c.eigenvalues.map((v) => fmt(v)).join(", ") : "—"), numberCell(fmt(c.gradient_norm)));
        })),
      );
    } catch (error) {
      if (!ctrl.signal.aborted) runs.textContent = error.message;
    }
  }

  const timer = setInterval(() => {
    const status = app.player.status();
    if (status.finished && status.shown >= status.received) ends();
  }, 400);
  const unsubscribe = app.store.subscribe((state, changed) => {
    if ((changed.has("x0") || changed.has("y0")) && state.x0 != null) at(state.x0, state.y0);
  });
  at(Number(x.value), Number(y.value));
  return { el: s.el, destroy: () => { clearInterval(timer); unsubscribe(); ctrl.abort(); ctrl = new AbortController(); } };
}
mountClassifier.panels = ["classifier"];
