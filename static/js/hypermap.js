// Hyperparameter maps and the fair race. A map sweeps two hyperparameters of the first optimizer of the
// race (POST /api/tuning/map) and colours each cell by final loss, steps to the target or divergence; a
// click on a cell runs that setting in the main views. "Tune all" gives every optimizer its best lr (and
// second hyperparameter) on one grid (POST /api/tuning/tune) and races them. Names, ranges and limits come
// from GET /api/optimizers and the 422s, never from here.
import { h, fmt, $ } from "./dom.js";

const HASH_KEY = "map"; // in the URL hash (hashstate.js keeps it): lr_log_1e-4_1_40__momentum_lin_0_0p99_40__loss
const METRICS = { loss: "final loss (log)", steps_to_target: "steps to the target", diverged: "diverged starts" };

async function postJSON(url, body) {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.detail || `HTTP ${response.status}`);
  return data;
}

const num = (v) => String(v).replace(".", "p");
const unnum = (t) => Number(String(t).replace("p", "."));

/** The map's axes and colouring as one hash value ([A-Za-z0-9_-] only: names keep their "_", "." becomes "p"). */
export function encodeMap(x, y, metric) {
  const axis = (a) => [a.param, a.log ? "log" : "lin", num(a.min), num(a.max), a.n].join("_");
  return `${axis(x)}__${axis(y)}__${metric}`;
}

/** The inverse of encodeMap, or null for anything malformed (values are checked again by the API). */
export function decodeMap(text) {
  const parts = String(text ?? "").split("__");
  if (parts.length !== 3 || !(parts[2] in METRICS)) return null;
  const axes = parts.slice(0, 2).map((a) => {
    const f = a.split("_");
    if (f.length < 5 || !["log", "lin"].includes(f.at(-4))) return null;
    const [min, max, n] = [unnum(f.at(-3)), unnum(f.at(-2)), Number(f.at(-1))];
    if (![min, max, n].every(Number.isFinite)) return null;
    return { param: f.slice(0, -4).join("_"), log: f.at(-4) === "log", min, max, n };
  });
  return axes.every(Boolean) ? { x: axes[0], y: axes[1], metric: parts[2] } : null;
}

function writeHash(value) {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  params.set(HASH_KEY, value);
  history.replaceState(history.state, "", `${location.pathname}${location.search}#${params}`);
}

/** What the map shows for `metric`: z values (log10 of the loss) and a hover label per cell. */
export function heat(map, metric) {
  const z = metric === "loss" ? map.loss.map((row) => row.map((v) => (v == null ? null : Math.log10(Math.max(v, 1e-300))))) : map[metric];
  return { z, x: map.x.values, y: map.y.values };
}

function axisControls(prefix, spec, chosen) {
  const floats = spec.params.filter((p) => p.type === "float");
  const select = h("select", { name: `${prefix}-param`, "aria-label": `${prefix} hyperparameter` },
    ...floats.map((p) => h("option", { value: p.name, selected: p.name === chosen }, p.name)));
  const min = h("input", { name: `${prefix}-min`, type: "number", step: "any", "aria-label": `${prefix} from` });
  const max = h("input", { name: `${prefix}-max`, type: "number", step: "any", "aria-label": `${prefix} to` });
  const n = h("input", { name: `${prefix}-n`, type: "number", min: 2, max: 100, value: 40, "aria-label": `${prefix} values` });
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
  for (const input of [min, max, n]) input.style.width = "6em";
  const row = h("div", { class: "field hypermap-axis", style: { display: "flex", "flex-wrap": "wrap", gap: "0.3em", "align-items": "center" } },
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

export function mountHyperMap(app, { panel = $("#panel"), stage = $(".figures") } = {}) {
  const { store, optimizers, api, run } = app;
  const specs = new Map(optimizers.map((o) => [o.id, o]));
  const body = h("div", { class: "hypermap-controls" });
  const details = h("details", { class: "group hypermap" }, h("summary", {}, h("h2", {}, "Hyperparameter map and fair race")), body);
  panel.append(details);
  const figure = h("figure", { class: "figure figure-hypermap", hidden: true },
    h("div", { id: "plot-hypermap", class: "plot", role: "img", "aria-label": "Map of the final loss over two hyperparameters" }),
    h("figcaption", { id: "hypermap-caption" }, "Click a cell to run that setting."));
  stage.append(figure);
  const status = h("p", { class: "hypermap-status", role: "status" });
  const tuned = h("div", { class: "table-scroll hypermap-tuned" });
  let map = null;
  let x, y;
  const metric = h("select", { name: "hypermap-metric", "aria-label": "Colour by" },
    ...Object.entries(METRICS).map(([k, t]) => h("option", { value: k }, t)));
  metric.addEventListener("change", () => {
    if (!map) return;
    draw();
    const value = encodeMap(x.read(), y.read(), metric.value);
    if (value.length <= 64) writeHash(value);
  });

  function build() {
    const racer = store.get().racers[0];
    const spec = specs.get(racer?.optimizer);
    if (!spec) return;
    const floats = spec.params.filter((p) => p.type === "float").map((p) => p.name);
    x = axisControls("x", spec, "lr");
    y = axisControls("y", spec, floats.find((n) => ["momentum", "beta1", "alpha", "rho", "lr_decay"].includes(n)) ?? floats[1]);
    body.replaceChildren(
      h("p", { class: "hint" }, `Sweeps ${spec.name}, the first optimizer of the race, from the current start.`),
      x.row, y.row, h("div", { class: "field" }, h("label", {}, "Colour by ", metric)),
      h("button", { type: "button", class: "button", id: "hypermap-run", onclick: makeMap }, "Map"),
      h("hr"),
      h("p", { class: "hint" }, "Fair race: every optimizer gets its best lr on one log grid, by mean final loss over K seeded starts."),
      h("button", { type: "button", class: "button", id: "hypermap-tune", onclick: tuneAll }, "Tune all and race"),
      status, tuned);
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
      const value = encodeMap(x.read(), y.read(), metric.value);
      if (value.length <= 64) writeHash(value); // the hash allows 64 characters a key: longer maps are not linked
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
        colorbar: { title: { text: METRICS[metric.value] } }, hovertemplate: `${map.x.param}=%{x:.3g}<br>${map.y.param}=%{y:.3g}<br>%{z:.3g}<extra></extra>` },
      { type: "heatmap", x: map.x.values, y: map.y.values, z: diverged, showscale: false, colorscale: [[0, "#d9534f"], [1, "#d9534f"]],
        hoverinfo: "skip", name: "diverged" },
    ];
    const layout = { margin: { l: 60, r: 10, t: 10, b: 50 }, xaxis: { title: { text: map.x.param }, type: map.x.log ? "log" : "linear" },
                     yaxis: { title: { text: map.y.param }, type: map.y.log ? "log" : "linear" }, paper_bgcolor: "rgba(0,0,0,0)" };
    window.Plotly.react(el, data, layout, { responsive: true, displayModeBar: false });
    $("#hypermap-caption").textContent = `${map.optimizer} on ${map.surface}, ${map.steps} steps: ${METRICS[metric.value]} (red: diverged). Click a cell to run it.`;
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

  async function tuneAll() {
    const racers = store.get().racers;
    status.textContent = "Tuning every optimizer…";
    try {
      const out = await postJSON(api.url("/tuning/tune"), { ...request(), restarts: 8,
        lr: { param: "lr", min: 1e-4, max: 1, n: 13, log: true },
        runs: racers.map((r) => ({ optimizer: r.optimizer, params: Object.fromEntries(Object.entries(r.params).filter(([k]) => k !== "lr")) })) });
      tuned.replaceChildren(h("table", {}, h("thead", {}, h("tr", {}, ...["Optimizer", "tuned", "over", "score (mean final loss)"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, ...out.table.map((row) => h("tr", {}, h("th", { scope: "row" }, row.label),
          h("td", {}, Object.entries(row.tuned).map(([k, v]) => `${k} = ${fmt(v)}`).join(", ")),
          h("td", {}, row.over.map((a) => `${a.param} ${fmt(a.min)}–${fmt(a.max)} (${a.n}${a.log ? ", log" : ""})`).join("; ")),
          h("td", {}, fmt(row.score)))))));
      status.textContent = `Tuned over ${out.starts.length} seeded starts, ${out.steps} steps each; now racing the tuned settings.`;
      store.set({ racers: racers.map((r, i) => ({ ...r, params: { ...r.params, ...out.table[i].tuned } })) });
      run();
    } catch (error) {
      status.textContent = error.message;
    }
  }

  let built = null;
  const rebuild = () => {
    const id = store.get().racers[0]?.optimizer;
    if (id !== built) (built = id), build();
  };
  rebuild();
  const linked = decodeMap(new URLSearchParams(location.hash.replace(/^#/, "")).get(HASH_KEY));
  if (linked) {
    // a shared link (or an embed) with a map: the same axes, computed again (runs are deterministic)
    x.write(linked.x);
    y.write(linked.y);
    metric.value = linked.metric;
    details.open = true;
    makeMap();
  }
  store.subscribe((state, changed) => changed.has("racers") && rebuild()); // a new first optimizer: its own axes
  return { makeMap, runCell, tuneAll };
}
