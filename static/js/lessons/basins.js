// Basins of attraction: every start of an n×n grid coloured by the minimum the optimizer reaches from
// it (GET /api/lessons/basins), under the surface's contour lines, with the destinations marked.
import { h, fmt } from "../dom.js";
import { OKABE_ITO } from "../theme.js";
import { getJSON, section, figure, plot2d, percent, themeNow, withParams, latestOnly } from "./util.js";
import { followPage } from "./follow.js";
import { destinationLabel } from "./restarts.js";

const OTHER = "#9aa0a6";
const DIVERGED = "#5b5b5b";

/** A discrete colour scale for destination codes −2 (diverged), −1 (still moving), 0..m−1. */
function codeScale(m) {
  const colours = [DIVERGED, OTHER, ...Array.from({ length: m }, (_, i) => OKABE_ITO[i % 8])];
  const n = colours.length;
  const scale = [];
  colours.forEach((c, i) => scale.push([i / n, c], [(i + 1) / n, c]));
  return { scale, zmin: -2.5, zmax: m - 0.5 };
}

export function mountBasins({ app, view }) {
  const s = section("Basins of attraction", "basins");
  const fig = figure("Basin map: each start coloured by the minimum it leads to", "Each pixel is a start; its colour is where the optimizer ends from there. Lines: the surface's contours; ★ global minima, ◇ local minima, × saddles.", "square");
  const legend = h("ul", { class: "lesson-legend", "aria-label": "Basins" });
  s.body.append(fig.el, legend);
  const request = latestOnly((error) => s.status(error.message));

  async function load(url) {
    s.status("Computing the basin map (every start of the grid at once)…");
    const t0 = performance.now();
    const answer = await request.run(async (signal) => {
      const data = await getJSON(url, signal);
      const box = { n: 60, xmin: data.x[0], xmax: data.x[data.x.length - 1], ymin: data.y[0], ymax: data.y[data.y.length - 1] };
      return [data, await getJSON(withParams(`/api/surfaces/${encodeURIComponent(data.surface)}/grid`, box), signal)];
    });
    if (!answer) return;
    const [data, grid] = answer;
    draw(data, grid);
    // The time includes the wait for a busy server: it is what the reader waited, not a benchmark.
    s.status(`${data.n} × ${data.n} = ${(data.n * data.n).toLocaleString("en")} starts, ${data.steps} steps of ${data.optimizer} each, answered in ${((performance.now() - t0) / 1000).toFixed(1)} s. ${percent(data.p)} of them reach a global minimum.`);
  }

  function draw(d, grid) {
    const theme = themeNow();
    const m = d.destinations.length;
    const { scale, zmin, zmax } = codeScale(m);
    const names = (code) => (code >= 0 ? destinationLabel(d.destinations[code]) : code === -2 ? "diverged" : "still moving");
    plot2d(fig.plot, [
      { type: "heatmap", x: d.x, y: d.y, z: d.basin, colorscale: scale, zmin, zmax, showscale: false,
        text: d.basin.map((row) => row.map(names)), hovertemplate: "start (%{x:.3g}, %{y:.3g})<br>→ %{text}<extra></extra>" },
      { type: "contour", x: grid.x, y: grid.y, z: grid.z, ncontours: 18, contours: { coloring: "none" }, line: { color: "rgba(255,255,255,0.55)", width: 0.8 }, showscale: false, hoverinfo: "skip" },
      { type: "scatter", mode: "markers", x: d.destinations.map((x) => x.x), y: d.destinations.map((x) => x.y),
        marker: { symbol: d.destinations.map((x) => (x.global ? "star" : x.kind === "saddle" ? "x-thin" : "diamond-open")), size: d.destinations.map((x) => (x.global ? 14 : 10)), color: "#ffffff", line: { color: "#111111", width: 1.2 } },
        hovertext: d.destinations.map(destinationLabel), hoverinfo: "text" },
    ], {
      margin: { l: 44, r: 10, t: 10, b: 36 },
      xaxis: { range: [d.x[0], d.x[d.x.length - 1]], constrain: "domain", title: { text: "x₀" } },
      yaxis: { range: [d.y[0], d.y[d.y.length - 1]], scaleanchor: "x", scaleratio: 1, constrain: "domain", title: { text: "y₀" } },
      font: { color: theme.fg },
    });
    const items = d.destinations.map((x, i) => ({ colour: OKABE_ITO[i % 8], text: `${destinationLabel(x)}: ${percent(d.shares[i])}` }));
    if (d.other.count) items.push({ colour: OTHER, text: `still moving: ${percent(d.other.share)}` });
    if (d.diverged.count) items.push({ colour: DIVERGED, text: `diverged: ${percent(d.diverged.share)}` });
    legend.replaceChildren(...items.map((it) => h("li", { style: { "--racer": it.colour } }, h("span", { class: "swatch", "aria-hidden": "true" }), it.text)));
  }

  const unsubscribe = followPage(app, view, view.data.basins, load);
  return { el: s.el, destroy: () => { unsubscribe(); request.abort(); } };
}
mountBasins.panels = ["basins"];
