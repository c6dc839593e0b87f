// Random restarts: which minimum each start reached, the share that found a global minimum (p),
// and P(at least one of K restarts succeeds) = 1 − (1 − p)^K, all from GET /api/lessons/restarts.
import { h, fmt } from "../dom.js";
import { OKABE_ITO } from "../theme.js";
import { getJSON, section, figure, plot2d, percent, themeNow, latestOnly, tableHead, numberCell } from "./util.js";
import { followPage } from "./follow.js";
import { SHOWN_RESTARTS } from "./preset.js";

const KIND = { minimum: "minimum", saddle: "saddle", maximum: "maximum", flat: "flat" };

export function destinationLabel(d) {
  return `${d.global ? "★ global" : "local"} ${KIND[d.kind] ?? d.kind} (${fmt(d.x)}, ${fmt(d.y)})`;
}

export function mountRestarts({ app, view }) {
  const s = section("Random restarts", "restarts");
  const summary = h("p", { class: "lesson-big", "data-testid": "restarts-share" });
  const table = h("table", { class: "lesson-table" });
  const curve = figure("P(at least one of K restarts finds a global minimum) against K", "P(success within K restarts) = 1 − (1 − p)^K; the dotted line is 95 %.");
  const runsTable = h("table", { class: "lesson-table" });
  const runs = h("details", { class: "lesson-runs" }, h("summary", {}, "Every run: start, end, loss"), h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Every run" }, runsTable));
  s.body.append(summary, h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Where the runs ended" }, table), curve.el, runs);
  const request = latestOnly((error) => s.status(error.message));

  async function load(url) {
    s.status("Running every restart on the server…");
    const data = await request.run((signal) => getJSON(url, signal));
    if (data) show(data);
  }

  function show(d) {
    const shown = Math.min(d.restarts, SHOWN_RESTARTS);
    s.status(`${d.restarts} seeded random starts, ${d.steps} steps of ${d.optimizer} (${Object.entries(d.params).filter(([k]) => k === "lr").map(([k, v]) => `${k} ${v}`).join("")}) on ${d.surface}.` +
      (shown < d.restarts ? ` The figures animate ${shown} of them.` : ""));
    summary.dataset.p = String(d.p);
    summary.replaceChildren(
      h("strong", {}, percent(d.p)), ` of the starts found a global minimum (${d.successes} of ${d.restarts}).`,
      d.k95 != null ? ` ${d.k95 === 1 ? "1 restart gives" : `${d.k95} restarts give`} a 95 % chance that at least one succeeds.` : " No restart succeeded: more restarts will not help.",
    );
    const head = tableHead(["Destination", "loss", "runs", "share"]);
    const rows = d.destinations.filter((x) => x.count > 0).map((x, i) =>
      h("tr", { style: { "--racer": OKABE_ITO[x.index % 8] } },
        h("th", { scope: "row" }, h("span", { class: "swatch", "aria-hidden": "true" }), destinationLabel(x)),
        numberCell(fmt(x.loss)), numberCell(String(x.count)), numberCell(percent(x.share))));
    const otherRow = (label, o) => h("tr", {}, h("th", { scope: "row" }, label), numberCell("—"), numberCell(String(o.count)), numberCell(percent(o.share)));
    if (d.other.count) rows.push(otherRow("still moving when the steps ran out", d.other));
    if (d.diverged.count) rows.push(otherRow("diverged", d.diverged));
    table.replaceChildren(head, h("tbody", {}, ...rows));
    runsTable.replaceChildren(
      tableHead(["run", "start (x₀, y₀)", "end (x, y)", "loss", "ended at"]),
      // A point is one cell, which wraps at its comma: five columns fit a phone.
      h("tbody", {}, ...d.runs.map((r) => h("tr", {}, h("th", { scope: "row" }, String(r.index + 1)),
        h("td", {}, `(${fmt(r.x0)}, ${fmt(r.y0)})`), h("td", {}, `(${fmt(r.x)}, ${fmt(r.y)})`), numberCell(fmt(r.loss)),
        h("td", {}, r.destination >= 0 ? `${r.global ? "★ " : ""}#${r.destination + 1}` : r.destination === -2 ? "diverged" : "moving")))),
    );
    const theme = themeNow();
    plot2d(curve.plot, [
      { type: "scatter", mode: "lines+markers", x: d.curve.k, y: d.curve.p, name: "P", line: { color: OKABE_ITO[4], width: 2 }, marker: { size: 4 },
        hovertemplate: "K = %{x}: %{y:.3f}<extra></extra>" },
    ], {
      xaxis: { title: { text: "restarts K" } },
      yaxis: { title: { text: "P(≥ 1 succeeds)" }, range: [0, 1.05] },
      shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: 0.95, y1: 0.95, line: { color: theme.muted, dash: "dot", width: 1 } }],
    });
  }

  const unsubscribe = followPage(app, view, view.data.restarts, load);
  return { el: s.el, destroy: () => { unsubscribe(); request.abort(); } };
}
mountRestarts.panels = ["restarts"];
