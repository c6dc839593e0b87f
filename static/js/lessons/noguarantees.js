// No guarantees: the lesson's three runs side by side (too high a learning rate, too low, a plateau),
// each computed whole by GET /api/runs, with the server's own plain-language messages.
import { h, fmt } from "../dom.js";
import { OKABE_ITO } from "../theme.js";
import { getJSON, section, figure, plot2d, withParams } from "./util.js";

export function mountSideBySide({ lesson }) {
  const s = section("Three runs side by side", "side-by-side");
  const fig = figure("Loss against step for the three runs", "Each panel: one run's loss against step (log axis).", "wide");
  const list = h("ol", { class: "lesson-outcomes", "data-testid": "outcomes" });
  s.body.append(fig.el, list);
  const ctrl = new AbortController();
  Promise.all(lesson.views.map((v) => getJSON(withParams("/api/runs", { ...v.query, format: "json" }), ctrl.signal))).then((runs) => {
    const n = runs.length;
    const data = runs.map((r, i) => ({
      type: "scatter", mode: "lines", name: lesson.views[i].title, x: r.frames.map((f) => f.step), y: r.frames.map((f) => f.loss[0]),
      xaxis: `x${i ? i + 1 : ""}`, yaxis: `y${i ? i + 1 : ""}`, line: { color: OKABE_ITO[i], width: 2 },
      hovertemplate: `${lesson.views[i].title}<br>step %{x}: loss %{y:.4g}<extra></extra>`,
    }));
    const layout = { margin: { l: 44, r: 8, t: 22, b: 30 }, annotations: [] };
    runs.forEach((_, i) => {
      const suffix = i ? String(i + 1) : "";
      const dom = [i / n + 0.04, (i + 1) / n - 0.02];
      layout[`xaxis${suffix}`] = { domain: dom, anchor: `y${suffix}` };
      layout[`yaxis${suffix}`] = { type: "log", anchor: `x${suffix}`, tickformat: "~g" };
      layout.annotations.push({ text: lesson.views[i].title, x: dom[0], xref: "paper", y: 1, yref: "paper", yanchor: "bottom", xanchor: "left", showarrow: false, font: { size: 11 } });
    });
    plot2d(fig.plot, data, { ...layout, xaxis: layout.xaxis, yaxis: layout.yaxis });
    list.replaceChildren(...runs.map((r, i) => {
      const events = r.frames.flatMap((f) => f.events ?? []);
      const first = r.frames[0].loss[0];
      const last = r.done.runs[0];
      const message = events.map((e) => e.message).join(" ") ||
        `${r.done.reason} after ${last.step} steps: the loss went from ${fmt(first)} to ${fmt(last.loss)} (${fmt(100 * (1 - last.loss / first), 3)} % lower).`;
      return h("li", { class: `message ${r.done.reason}`, style: { "--racer": OKABE_ITO[i] }, dataset: { reason: r.done.reason } },
        h("span", { class: "swatch", "aria-hidden": "true" }), h("strong", {}, `${lesson.views[i].title} (${r.start.runs[0].label}): `), h("span", {}, message));
    }));
  }).catch((error) => { if (!ctrl.signal.aborted) s.status(error.message); });
  return { el: s.el, destroy: () => ctrl.abort() };
}
mountSideBySide.when = ({ lesson }) => lesson.id === "no-guarantees";
