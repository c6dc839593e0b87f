// No guarantees: the lesson's three runs side by side (too high a learning rate, too low, a plateau),
// each computed whole by GET /api/runs, with the server's own plain-language messages.
import { h, fmt } from "../dom.js";
import { OKABE_ITO } from "../theme.js";
import { linearRange, logRange } from "../series.js";
import { getJSON, section, figure, plot2d, withParams } from "./util.js";

/** What a run's loss did, in words: the change a flat-looking curve hides, or the blow-up. */
export function lossChange(run) {
  const first = run.frames[0].loss[0];
  const end = run.done.runs[0];
  const change = 100 * (end.loss - first) / Math.abs(first);
  if (end.reason === "diverged" || change > 100) return `loss rose from ${fmt(first, 3)} to ${fmt(end.loss, 3)} in ${end.step} steps`;
  return `loss ${change <= 0 ? "fell" : "rose"} ${fmt(Math.abs(change), 2)} % in ${end.step} steps`;
}

/**
 * One panel's loss axis. A run whose loss changes by orders of magnitude gets a log axis (a tick per
 * decade); any other gets a linear axis from zero, so a 0.2 % change looks like the stall it is.
 */
function lossAxis(run) {
  const losses = run.frames.map((f) => f.loss[0]).filter((l) => l != null && Number.isFinite(l));
  const lo = Math.min(...losses);
  const hi = Math.max(...losses);
  if (lo > 0 && hi / lo > 100) {
    const { range, dtick } = logRange([lo, hi]);
    return { type: "log", range, dtick, tickformat: "~g", exponentformat: "e" };
  }
  return { type: "linear", range: linearRange([lo, hi], lo >= 0 ? 0 : null).range, nticks: 5, exponentformat: "e" };
}

export function mountSideBySide({ lesson }) {
  const s = section("Three runs side by side", "side-by-side");
  const fig = figure("Loss against step for the three runs", "Each panel: one run's loss against step. A loss that changes by orders of magnitude is on a log axis; any other starts from zero, so a stall looks flat.", "wide");
  const list = h("ol", { class: "lesson-outcomes", "data-testid": "outcomes" });
  s.body.append(fig.el, list);
  const ctrl = new AbortController();
  Promise.all(lesson.views.map((v) => getJSON(withParams("/api/runs", { ...v.query, format: "json" }), ctrl.signal))).then((runs) => {
    const n = runs.length;
    // Side by side when there is room for three titles; stacked on a phone.
    const wide = fig.plot.clientWidth >= 600;
    if (!wide) fig.plot.style.height = `${190 * n}px`;
    const data = runs.map((r, i) => ({
      type: "scatter", mode: "lines", name: lesson.views[i].title, x: r.frames.map((f) => f.step), y: r.frames.map((f) => f.loss[0]),
      xaxis: `x${i ? i + 1 : ""}`, yaxis: `y${i ? i + 1 : ""}`, line: { color: OKABE_ITO[i], width: 2 },
      hovertemplate: `${lesson.views[i].title}<br>step %{x}: loss %{y:.6g}<extra></extra>`,
    }));
    const layout = { margin: { l: 50, r: 12, t: 44, b: 30 }, annotations: [] };
    runs.forEach((r, i) => {
      const suffix = i ? String(i + 1) : "";
      const gap = wide ? 0.07 : 0.16;
      const dom = [i / n + (i ? gap / 2 : 0), (i + 1) / n - (i < n - 1 ? gap / 2 : 0)];
      const [xdom, ydom] = wide ? [dom, [0, 1]] : [[0, 1], [1 - dom[1], 1 - dom[0]]];
      layout[`xaxis${suffix}`] = { domain: xdom, anchor: `y${suffix}` };
      layout[`yaxis${suffix}`] = { ...lossAxis(r), domain: ydom, anchor: `x${suffix}`, automargin: true };
      // Two short lines per panel: its name, and what the loss did in numbers.
      layout.annotations.push({ text: `<b>${lesson.views[i].title}</b><br>${lossChange(r)}`, align: "left", x: xdom[0], xref: "paper", y: ydom[1], yref: "paper",
        yanchor: "bottom", xanchor: "left", showarrow: false, font: { size: 11 } });
    });
    plot2d(fig.plot, data, layout);
    list.replaceChildren(...runs.map((r, i) => {
      const events = r.frames.flatMap((f) => f.events ?? []);
      const last = r.done.runs[0];
      const message = events.map((e) => e.message).join(" ") ||
        `${r.done.reason} after ${last.step} steps: the ${lossChange(r)}.`;
      return h("li", { class: `message ${r.done.reason}`, style: { "--racer": OKABE_ITO[i] }, dataset: { reason: r.done.reason } },
        h("span", { class: "swatch", "aria-hidden": "true" }), h("strong", {}, `${lesson.views[i].title} (${r.start.runs[0].label}): `), h("span", {}, message));
    }));
  }).catch((error) => { if (!ctrl.signal.aborted) s.status(error.message); });
  return { el: s.el, destroy: () => ctrl.abort() };
}
mountSideBySide.when = ({ lesson }) => lesson.id === "no-guarantees";
