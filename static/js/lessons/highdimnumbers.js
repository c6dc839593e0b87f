// High dimensions in numbers: the share of critical points that are minima against N (exact for
// Styblinski-Tang, Monte Carlo and Kac-Rice for a random landscape) and the curse of dimensionality
// (grid points, volume near the surface), from GET /api/lessons/highdim/critical-points and /curse.
import { h, fmt } from "../dom.js";
import { OKABE_ITO } from "../theme.js";
import { getJSON, section, figure, plot2d, percent, withParams, tableHead, numberCell } from "./util.js";

/** 10^k for a BigInt answer {exact, log10}: the digits when short, else "≈ 10^k". */
function big(b) {
  return b.exact.length <= 12 ? Number(b.exact).toLocaleString("en") : `≈ 10^${Math.round(b.log10).toLocaleString("en")}`;
}

export function mountCriticalPoints({ view }) {
  const s = section("Minima become rare", "critical-points");
  const fig = figure("Share of critical points that are minima against N, log scale", "Share of critical points that are minima. Styblinski-Tang: exact (2/3)^N. Random landscape: Newton's-method census and the Kac-Rice estimate.");
  const table = h("table", { class: "lesson-table", "data-testid": "critical-table" });
  s.body.append(fig.el, h("details", { class: "lesson-runs" }, h("summary", {}, "The counts"), h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Critical point counts" }, table)));
  const ctrl = new AbortController();
  s.status("Counting critical points (the random-landscape census takes a few seconds the first time)…");
  getJSON(withParams(view.data["critical-points"], { max_dim: 1000 }), ctrl.signal).then((d) => {
    s.status("");
    const st = d.styblinski_tang;
    const rnd = d.random;
    plot2d(fig.plot, [
      { type: "scatter", mode: "lines+markers", name: "Styblinski-Tang (exact)", x: st.map((r) => r.dim), y: st.map((r) => r.share_minima_log10), line: { color: OKABE_ITO[4] }, hovertemplate: "N = %{x}: 10^%{y:.4g}<extra>Styblinski-Tang</extra>" },
      { type: "scatter", mode: "markers", name: "random landscape (census)", x: rnd.map((r) => r.dim), y: rnd.map((r) => Math.log10(r.share_minima)), marker: { color: OKABE_ITO[5], size: 9, symbol: "diamond" } },
      { type: "scatter", mode: "lines", name: "random landscape (Kac-Rice)", x: rnd.map((r) => r.dim), y: rnd.map((r) => Math.log10(r.kac_rice_share)), line: { color: OKABE_ITO[2], dash: "dot" } },
    ], {
      showlegend: true, legend: { orientation: "h", y: -0.3, font: { size: 10 } },
      margin: { l: 54, r: 10, t: 10, b: 70 },
      xaxis: { type: "log", title: { text: "N" } }, yaxis: { title: { text: "log₁₀ share of minima" } },
    });
    table.replaceChildren(
      tableHead(["N", "critical points", "minima", "share that are minima"]),
      h("tbody", {}, ...st.map((r) => h("tr", {}, h("th", { scope: "row" }, String(r.dim)), numberCell(big(r.critical_points)), numberCell(big(r.minima)),
        numberCell(r.share_minima > 1e-4 ? percent(r.share_minima) : `10^${fmt(r.share_minima_log10)}`)))),
    );
  }).catch((error) => { if (!ctrl.signal.aborted) s.status(error.message); });
  return { el: s.el, destroy: () => ctrl.abort() };
}
mountCriticalPoints.panels = ["critical-points"];

export function mountCurse({ view }) {
  const s = section("The curse of dimensionality", "curse");
  const table = h("table", { class: "lesson-table", "data-testid": "curse-table" });
  s.body.append(h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Table: the curse of dimensionality, by N" }, table));
  const ctrl = new AbortController();
  getJSON(view.data.curse, ctrl.signal).then((d) => {
    const r0 = d.rows[0];
    s.status(`A grid with ${r0.per_axis} points per axis; the shell is the outer ${percent(r0.shell)} of each side.`);
    table.replaceChildren(
      // The short titles, said in full (an <abbr> title shows on hover only, and a phone has no hover).
      h("caption", {}, "near the surface: the share of the volume in the outer shell; ball / cube: the inscribed ball's share of the cube; cos σ: how much the cosine of two random directions spreads (its standard deviation)."),
      tableHead(["N", "grid points", ["near the surface", "share of the volume near the surface"], ["ball / cube", "inscribed ball's volume / the cube's"],
        ["cos σ", "cosine of two random directions: its standard deviation"]]),
      h("tbody", {}, ...d.rows.map((r) => h("tr", {}, h("th", { scope: "row" }, String(r.dim)), numberCell(big(r.grid_points)), numberCell(percent(r.near_surface_share)),
        numberCell(r.ball_to_cube > 1e-4 ? fmt(r.ball_to_cube) : `10^${fmt(r.ball_to_cube_log10)}`), numberCell(fmt(r.random_cosine_std))))),
    );
  }).catch((error) => { if (!ctrl.signal.aborted) s.status(error.message); });
  return { el: s.el, destroy: () => ctrl.abort() };
}
mountCurse.panels = ["curse"];
