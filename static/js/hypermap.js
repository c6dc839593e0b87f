// Hyperparameter maps and the fair race. A map sweeps two hyperparameters of the first optimizer of the
// race (POST /api/tuning/map) and colours each cell by final loss, steps to the target or divergence; a
// click on a cell runs that setting in the main views. The fair race (tunerace.js) tunes every optimizer on
// one grid and races them. Names, ranges, colourings and limits come from GET /api/optimizers and
// GET /api/tuning, and refusals from the API's 422s, never from here. The map's settings live in the hash
// (`map`, tuninghash.js): a shared link or an embed computes the same map again.
import { h, fmt, $ } from "./dom.js";
import { getJSON } from "./api.js";
import { tuneControls } from "./tunerace.js";
import { MAP_KEY, decodeMap, encodeMap, readHash, writeHash } from "./tuninghash.js";

const MAP_VALUES = 40; // values per axis a new map starts with (a choice of the page; the API's limit is in GET /api/tuning)

async function postJSON(url, body) {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.detail || `HTTP ${response.status}`);
  return data;
}

/** What the map shows for `metric`: z values (log10 of the loss) and a hover label per cell. */
export function heat(map, metric) {
  const z = metric === "loss" ? map.loss.map((row) => row.map((v) => (v == null ? null : Math.log10(Math.max(v, 1e-300))))) : map[metric];
  return { z, x: map.x.values, y: map.y.values };
}

function axisControls(prefix, spec, chosen, [nLo, nHi]) {
  const floats = spec.params.filter((p) => p.type === "float");
  const select = h("select", { name: `${prefix}-param`, "aria-label": `${prefix} hyperparameter` },
    ...floats.map((p) => h("option", { value: p.name, selected: p.name === chosen }, p.name)));
  const min = h("input", { name: `${prefix}-min`, type: "number", step: "any", "aria-label": `${prefix} from` });
  const max = h("input", { name: `${prefix}-max`, type: "number", step: "any", "aria-label": `${prefix} to` });
  const n = h("input", { name: `${prefix}-n`, type: "number", min: nLo, max: nHi, value: Math.min(MAP_VALUES, nHi), "aria-label": `${prefix} values` });
  const log = h("input", { name: `${prefix}-log`, type: "checkbox" });
  const fill = () => {
    const p = floats.find((q) => q.name === select.value);
    if (!p) return;
    log.checked = p.log;
    min.value = p.log ? Math.max(p.min, p.default / 100) : p.min;
    max.value = p.log ? Math.min(p.max, p.default * 1000) : Math.min(p.max, 0.99);
  };
  select.addEventListener("change", fill);
  fill();
  const row = h("div", { class: "tune-row hypermap-axis" },
    h("strong", {}, prefix), select, min, "to", max, h("label", {}, n, " values"), h("label", {}, log, " log"));
  const read = () => ({ param: select.value, min: Number(min.value), max: Number(max.value), n: Number(n.value), log: log.checked });
  const write = (a) => {
    select.value = a.param;
    Object.assign(min, { value: a.min });
    Object.assign(max, { value: a.max });
    Object.assign(n, { value: a.n });
    log.checked = a.log;
  };
  return { row, read, write };
}

export async function mountHyperMap(app, { panel = $("#panel"), stage = $(".figures") } = {}) {
  const { store, optimizers, api, run } = app;
  const limits = await getJSON(api.url("/tuning"));
  const labels = Object.fromEntries(limits.metrics.map((m) => [m.id, m.id === "loss" ? `${m.label} (log)` : m.label]));
  const specs = new Map(optimizers.map((o) => [o.id, o]));
  const mapPart = h("div", { class: "hypermap-map" });
  const body = h("div", { class: "hypermap-controls" });
  const details = h("details", { class: "group hypermap" }, h("summary", {}, h("h2", {}, "Hyperparameter map and fair race")), body);
  panel.append(details);
  const figure = h("figure", { class: "figure figure-hypermap", hidden: true },
    h("div", { id: "plot-hypermap", class: "plot", role: "img", "aria-label": "Map of the final loss over two hyperparameters" }),
    h("figcaption", { id: "hypermap-caption" }, "Click a cell to run that setting."));
  stage.append(figure);
  const status = h("p", { class: "hypermap-status", role: "status" });
  let map = null;
  let x, y;
  const metric = h("select", { name: "hypermap-metric", "aria-label": "Colour by" },
    ...Object.entries(labels).map(([k, t]) => h("option", { value: k }, t)));
  metric.addEventListener("change", () => {
    if (!map) return;
    draw();
    writeHash(MAP_KEY, encodeMap(x.read(), y.read(), metric.value));
  });

  function build() {
    const racer = store.get().racers[0];
    const spec = specs.get(racer?.optimizer);
    if (!spec) return;
    const floats = spec.params.filter((p) => p.type === "float").map((p) => p.name);
    x = axisControls("x", spec, "lr", limits.axis_n);
    y = axisControls("y", spec, floats.find((n) => ["momentum", "beta1", "alpha", "rho", "lr_decay"].includes(n)) ?? floats[1], limits.axis_n);
    mapPart.replaceChildren(
      h("p", { class: "hint" }, `Sweeps ${spec.name}, the first optimizer of the race, from the current start.`),
      x.row, y.row, h("div", { class: "field" }, h("label", {}, "Colour by ", metric)),
      h("button", { type: "button", class: "button", id: "hypermap-run", onclick: makeMap }, "Map"), status);
  }

  function request() {
    const s = store.get();
    const surface = app.surfaces.find((q) => q.id === s.surface);
    return { surface: s.surface, ...(s.surface === "custom" ? { expr: s.expr } : {}), steps: s.steps, seed: s.seed,
             x0: s.x0 ?? surface?.start?.[0], y0: s.y0 ?? surface?.start?.[1] };
  }

  async function makeMap() {
    const racer = store.get().racers[0];
    status.textContent = "Computing the map…";
    try {
      map = await postJSON(api.url("/tuning/map"), { ...request(), optimizer: racer.optimizer, params: racer.params, x: x.read(), y: y.read() });
      status.textContent = map.best ? `Best cell: ${Object.entries(map.best).map(([k, v]) => `${k} = ${fmt(v)}`).join(", ")}.` : "Every cell diverged.";
      draw();
      writeHash(MAP_KEY, encodeMap(x.read(), y.read(), metric.value));
    } catch (error) {
      status.textContent = error.message;
    }
  }

  function draw() {
    figure.hidden = false;
    const el = $("#plot-hypermap");
    const { z } = heat(map, metric.value);
    const diverged = map.diverged.map((row) => row.map((d) => (d > 0 ? 1 : null)));
    const data = [
      { type: "heatmap", x: map.x.values, y: map.y.values, z, colorscale: "Viridis", reversescale: metric.value !== "diverged",
        colorbar: { title: { text: labels[metric.value] } }, hovertemplate: `${map.x.param}=%{x:.3g}<br>${map.y.param}=%{y:.3g}<br>%{z:.3g}<extra></extra>` },
      { type: "heatmap", x: map.x.values, y: map.y.values, z: diverged, showscale: false, colorscale: [[0, "#d9534f"], [1, "#d9534f"]],
        hoverinfo: "skip", name: "diverged" },
    ];
    const layout = { margin: { l: 60, r: 10, t: 10, b: 50 }, xaxis: { title: { text: map.x.param }, type: map.x.log ? "log" : "linear" },
                     yaxis: { title: { text: map.y.param }, type: map.y.log ? "log" : "linear" }, paper_bgcolor: "rgba(0,0,0,0)" };
    window.Plotly.react(el, data, layout, { responsive: true, displayModeBar: false });
    $("#hypermap-caption").textContent = `${map.optimizer} on ${map.surface}, ${map.steps} steps: ${labels[metric.value]} (red: diverged). Click a cell to run it.`;
    el.removeAllListeners?.("plotly_click");
    el.on("plotly_click", (event) => {
      const point = event.points?.[0];
      if (point) runCell(point.x, point.y);
    });
  }

  /** Run one cell's setting in the main views. */
  function runCell(xv, yv) {
    const racers = store.get().racers.map((r, i) => (i === 0 ? { ...r, params: { ...r.params, [map.x.param]: xv, [map.y.param]: yv } } : r));
    store.set({ racers });
    run();
  }

  const fair = tuneControls(app, limits, { request, post: postJSON, stage });
  body.append(mapPart, h("hr"), fair.element);
  let built = null;
  const rebuild = () => {
    const id = store.get().racers[0]?.optimizer;
    if (id !== built) (built = id), build();
  };
  rebuild();
  // A shared link (or an embed) with a map or a tuned race: the same settings, computed again (runs are deterministic).
  const linked = decodeMap(readHash(MAP_KEY), Object.keys(labels));
  if (linked) {
    x.write(linked.x);
    y.write(linked.y);
    metric.value = linked.metric;
    details.open = true;
    await makeMap();
  }
  if (fair.linked) {
    fair.write(fair.linked);
    details.open = true;
    await fair.tune();
  }
  store.subscribe((state, changed) => changed.has("racers") && rebuild()); // a new first optimizer: its own axes
  return { makeMap, runCell, tune: fair.tune };
}
