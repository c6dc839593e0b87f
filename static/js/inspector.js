// The inspector for the selected step (weights, loss, gradient and the update that led there) and
// the plain-language messages for divergence, convergence and stalls, at the step they happened.
import { h, fmt } from "./dom.js";
import { gradNorm } from "./series.js";

const REASON_TEXT = { diverged: "Diverged.", converged: "Converged.", stalled: "Stalled." };

export function mountInspector({ heading, table, messages }) {
  let lastMessageKey = "";

  return {
    /** Show frame `index` of `frames` for `runs` ([{index, label, color}]). */
    show(index, frames, runs) {
      const frame = frames[index];
      if (!frame) {
        heading.textContent = "Selected step";
        table.replaceChildren(h("tbody", {}, h("tr", {}, h("td", { class: "empty" }, "Run the optimizers, then hover, scrub or step to inspect a step."))));
        return;
      }
      const prev = frames[index - 1];
      heading.textContent = `Step ${frame.step}`;
      const head = h("thead", {}, h("tr", {}, ...["Run", "x", "y", "loss", "∂E/∂x", "∂E/∂y", "‖∇E‖", "Δx", "Δy"].map((t) => h("th", { scope: "col" }, t))));
      const restarts = new Map(); // group -> how many runs (random restarts share their racer's label)
      for (const run of runs) restarts.set(run.group ?? run.index, (restarts.get(run.group ?? run.index) ?? 0) + 1);
      const name = (run) => (restarts.get(run.group ?? run.index) > 1 && run.x0 != null ? `${run.label} from (${fmt(run.x0, 3)}, ${fmt(run.y0, 3)})` : run.label);
      const rows = runs.map((run) => {
        const i = run.index;
        const g = frame.grad[i] ?? [null, null];
        const dx = prev ? frame.x[i] - prev.x[i] : null;
        const dy = prev ? frame.y[i] - prev.y[i] : null;
        return h(
          "tr",
          { style: { "--racer": run.color } },
          h("th", { scope: "row" }, h("span", { class: "swatch", "aria-hidden": "true" }), name(run)),
          ...[frame.x[i], frame.y[i], frame.loss[i], g[0], g[1], gradNorm(g), dx, dy].map((value) => h("td", {}, fmt(value, 5))),
        );
      });
      table.replaceChildren(head, h("tbody", {}, ...rows));
    },

    /**
     * List the events of the frames shown so far, in step order. Runs of one racer (random restarts)
     * that ended the same way share one line with their count and the steps it happened at.
     */
    events(frames, runs) {
      const lines = new Map(); // group, reason, message -> line
      for (const frame of frames) {
        for (const e of frame.events ?? []) {
          const run = runs.find((r) => r.index === e.run);
          const group = run?.group ?? e.run;
          const key = `${group}|${e.reason}|${e.message}`;
          const line = lines.get(key) ?? { ...e, label: run?.label ?? `run ${e.run + 1}`, color: run?.color, count: 0, of: runs.filter((r) => (r.group ?? r.index) === group).length, last: e.step };
          line.count += 1;
          line.last = e.step;
          lines.set(key, line);
        }
      }
      const items = [...lines.values()];
      const key = items.map((e) => `${e.run}:${e.step}:${e.reason}:${e.count}`).join("|");
      if (key === lastMessageKey) return;
      lastMessageKey = key;
      messages.replaceChildren(
        ...items.map((e) =>
          h(
            "li",
            { class: `message ${e.reason}`, style: { "--racer": e.color } },
            h("span", { class: "swatch", "aria-hidden": "true" }),
            h("strong", {}, e.count > 1
              ? `${e.last > e.step ? `Steps ${e.step}–${e.last}` : `Step ${e.step}`} · ${e.label} · ${e.count} of ${e.of} starts`
              : `Step ${e.step} · ${e.label}`),
            h("span", {}, e.message || REASON_TEXT[e.reason] || e.reason),
          ),
        ),
      );
      messages.hidden = items.length === 0;
    },
  };
}
