// Data space beside weight space, for surface=data: the dataset's points with the model's fit at the
// selected step (the decision boundary of every racer, the predicted probability shaded for the first;
// or one regression line per racer), following the run, the timeline and the inspector; before a run,
// the fit at the start point (click the contour to choose weights). Plus the selection controls
// (dataset, model and, for the trained network, its free weights, loss, L2, seeds, batch size) and "use your own data" (CSV, paste or file).
// Every number comes from the API: GET /api/datasets (choices, limits), GET /api/datasets/fit (the fit).
import { h, $, fmt } from "./dom.js";
import { selectField } from "./fields.js";
import { baseLayout, PLOT_CONFIG, readTheme } from "./theme.js";
import { dataQuery, DATA_DEFAULTS, DATA_GRID_KEYS, DATA_KEYS, isUpload } from "./dataselection.js";
import { startPoint } from "./state.js";
import { mountMinibatchView } from "./minibatchview.js";

const CLASS_COLOURS = ["#0072B2", "#D55E00"]; // Okabe-Ito blue (label 0) and vermillion (label 1)

export async function mountDataPanel(app) {
  const { store, api } = app;
  const catalogue = await fetch(api.url("/datasets")).then((r) => r.json());
  document.head.append(h("link", { rel: "stylesheet", href: `${document.body.dataset.static}/css/data.css` }));
  const upload = { id: null, csv: null, points: null, kind: null }; // the person's own data: page memory only

  // --- controls -----------------------------------------------------------------------------
  const box = h("fieldset", { class: "data-controls", id: "data-controls" }, h("legend", {}, "Data and model"));
  $("#surface-controls").after(box);
  const datasetField = selectField({ label: "Dataset", name: "dataset", options: [], value: "", onValue: (v) => choose({ dataset: v, model: keptModel(v), loss: null, data_size: null, weights: null }) });
  const modelField = selectField({ label: "Model (two weights)", name: "model", options: [], value: "", onValue: (v) => choose({ model: v, weights: null }) });
  // model=network: which two of its weights are free (the others stay at their trained values)
  const weightsField = selectField({ label: "Free weights", name: "weights", options: [], value: "", onValue: (v) => choose({ weights: v }) });
  const lossField = selectField({ label: "Loss", name: "loss", options: [], value: "", onValue: (v) => choose({ loss: v }) });
  const numberInput = (key, label, hint, attrs) => {
    const input = h("input", { type: "number", id: `data-${key}`, name: key, ...attrs, onchange: () => {
      const v = input.value.trim() === "" ? DATA_DEFAULTS[key] : Number(input.value);
      if (input.checkValidity()) choose({ [key]: v });
    } });
    return { input, el: h("div", { class: "field" }, h("label", { for: input.id }, label, h("span", { class: "hint" }, hint)), input) };
  };
  const param = (name) => catalogue.parameters.find((p) => p.name === name) ?? {};
  const bounds = (name) => ({ min: param(name).minimum, max: param(name).maximum });
  const l2 = numberInput("l2", "L2", " — ½·l2·‖w‖² (torch's weight_decay)", { ...bounds("l2"), step: "any" });
  const seed = numberInput("data_seed", "Data seed", "", { ...bounds("data_seed"), step: 1 });
  const size = numberInput("data_size", "Rows", ` — default ${catalogue.datasets[0].default_size}`, { ...bounds("data_size"), step: 1, placeholder: String(catalogue.datasets[0].default_size) });
  const batch = numberInput("batch_size", "Minibatch", " — rows per update; empty: all", { ...bounds("batch_size"), step: 1, placeholder: "all" });
  const csv = h("textarea", { id: "data-csv", rows: 5, spellcheck: "false", placeholder: "x1,x2,label\n0.5,1.2,1\n-0.3,0.8,0\n…   or   x,y\n1.0,2.1\n…" });
  const file = h("input", { type: "file", id: "data-file", accept: ".csv,text/csv,text/plain" });
  const status = h("p", { class: "data-status", id: "data-status", "aria-live": "polite" });
  const limits = catalogue.upload;
  const own = h("details", { class: "data-upload" },
    h("summary", {}, "Use your own data (CSV)"),
    h("p", { class: "hint" }, `Three columns x₁, x₂, label (0 or 1), or two columns x, y; a header line is optional. At most ${limits.max_rows.toLocaleString("en")} rows and 1 MB. `,
      `The server keeps the numbers in memory only (never on disk or in logs), forgets them after ${limits.kept_seconds_unused / 60} minutes unused, and never puts them in a share link.`),
    h("label", { for: "data-csv" }, "Paste CSV"), csv,
    h("label", { for: "data-file" }, "or choose a file"), file,
    h("button", { type: "button", class: "button", id: "data-use", onclick: () => send(csv.value) }, "Use this data"),
    status);
  box.append(datasetField.el, modelField.el, weightsField.el, lossField.el, h("div", { class: "pair" }, l2.el, batch.el), h("div", { class: "pair" }, seed.el, size.el), own);
  file.addEventListener("change", async () => {
    const f = file.files[0];
    if (!f) return;
    if (f.size > limits.max_bytes) return say(`That file is ${f.size.toLocaleString("en")} bytes; at most 1 MB.`, true);
    csv.value = await f.text();
    send(csv.value);
  });

  function say(text, error = false) {
    status.textContent = text;
    status.classList.toggle("error", error);
  }

  async function post(text) {
    const response = await fetch(api.url("/datasets"), { method: "POST", headers: { "Content-Type": "text/csv" }, body: text });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(body?.detail ?? `The server answered ${response.status}.`);
    return body;
  }

  async function send(text) {
    say("Checking the data…");
    try {
      const body = await post(text);
      Object.assign(upload, { id: body.id, csv: text, points: { x: body.x, y: body.y }, kind: body.kind });
      say(`${body.n} rows of ${body.kind} data (${body.columns.join(", ")}).`);
      choose({ surface: "data", dataset: body.id, model: null, loss: null, data_size: null, data_seed: 0, weights: null });
    } catch (error) {
      say(error.message, true);
    }
  }
  // This server forgot the upload (or another replica answered): send the same file again, same id.
  app.dataSurface.reupload = async (id) => upload.id === id && (await post(upload.csv)).id === id;

  /** A new selection: the weights start from the new surface's own suggestion. */
  const choose = (patch) => store.set({ x0: null, y0: null, zoom: 1, ...patch });

  /** The chosen model when it also fits the new dataset's kind (the network fits both), else the default. */
  function keptModel(dataset) {
    const model = catalogue.models.find((m) => m.id === store.get().model);
    return model?.kinds.includes(kindOf({ dataset })) ? model.id : null;
  }

  function kindOf(state) {
    return isUpload(state.dataset) ? upload.kind : catalogue.datasets.find((d) => d.id === (state.dataset ?? catalogue.defaults.dataset))?.kind;
  }

  function showControls(state) {
    box.hidden = state.surface !== "data";
    if (box.hidden) return;
    const datasets = catalogue.datasets.map((d) => ({ value: d.id, label: d.name, group: d.kind === "classification" ? "Classification (x₁, x₂ → 0/1)" : "Regression (x → y)" }));
    if (upload.id) datasets.push({ value: upload.id, label: "Your data", group: "Your own" });
    const kind = kindOf(state);
    const models = catalogue.models.filter((m) => m.kinds.includes(kind));
    const model = models.find((m) => m.id === state.model) ?? models[0];
    const losses = catalogue.losses.filter((l) => l.kind === kind);
    const pairs = (model?.weights ?? []).filter((c) => c.kinds.includes(kind));
    refill(datasetField, datasets, state.dataset ?? catalogue.defaults.dataset);
    refill(modelField, models.map((m) => ({ value: m.id, label: `${m.name}: ${m.formula}` })), model?.id);
    weightsField.el.hidden = !pairs.length;
    refill(weightsField, pairs.map((c) => ({ value: c.id, label: `${c.axes[kind].join(" and ")} (${c.name.toLowerCase()})` })), state.weights ?? model?.default_weights);
    refill(lossField, losses.map((l) => ({ value: l.id, label: l.name })), state.loss ?? model?.default_loss[kind]);
    l2.input.value = state.l2 ?? 0;
    seed.input.value = state.data_seed ?? 0;
    size.input.value = state.data_size ?? "";
    size.input.disabled = isUpload(state.dataset);
    seed.input.disabled = isUpload(state.dataset);
    batch.input.value = state.batch_size ?? "";
  }

  function refill(field, options, value) {
    field.select.replaceChildren();
    const groups = new Map();
    for (const o of options) {
      const option = h("option", { value: o.value }, o.label);
      if (!o.group) field.select.append(option);
      else {
        if (!groups.has(o.group)) field.select.append(groups.set(o.group, h("optgroup", { label: o.group })).get(o.group));
        groups.get(o.group).append(option);
      }
    }
    field.select.value = value ?? "";
  }

  // --- the figure ---------------------------------------------------------------------------
  const plot = h("div", { id: "plot-data", class: "plot", role: "img", "aria-label": "The data and the model's fit at the selected step" });
  const caption = h("figcaption", { id: "data-caption" }, "");
  const figure = h("figure", { class: "figure figure-data", hidden: true }, plot, caption);
  $(".figure-contour").after(figure);
  let inspected = null; // the frame index the inspector shows (hover, else the latest)
  let drawnKey = null;
  let inFlight = null;
  let again = false;

  /** What to draw now: one weight pair per racer at the selected step, or the start point before a run. */
  function targets(state, surface) {
    const status = app.player.status();
    const index = Math.min(inspected ?? status.shown - 1, status.shown - 1);
    const frame = index >= 0 ? status.frames[index] : null;
    const runs = app.plots.scene?.runs ?? [];
    if (!frame || !runs.length) {
      const s = startPoint(state, surface);
      return { step: null, pairs: [{ w: [s.x, s.y], color: readTheme().fg, label: "start" }] };
    }
    const firsts = runs.filter((r, i) => runs.findIndex((q) => (q.group ?? q.index) === (r.group ?? r.index)) === i);
    return { step: frame.step, pairs: firsts.map((r) => ({ w: [frame.x[r.index], frame.y[r.index]], color: r.color, label: r.label })) };
  }

  function points(state, surface) {
    if (isUpload(state.dataset)) return upload.id === state.dataset ? upload.points : null;
    return surface?.extra?.dataset?.x ? { x: surface.extra.dataset.x, y: surface.extra.dataset.y } : null;
  }

  async function update() {
    const state = store.get();
    const surface = app.dataSurface.surface;
    figure.hidden = state.surface !== "data" || !surface;
    const figures = document.querySelector(".figures");
    if (figures && figures.classList.contains("has-data") === figure.hidden) {
      figures.classList.toggle("has-data", !figure.hidden);
      const series = $("#plot-series"); // it now shares its row with the data (or has the row back)
      if (series?.data) window.Plotly.Plots.resize(series);
    }
    if (figure.hidden) return;
    const { step, pairs } = targets(state, surface);
    const query = { ...dataQuery(state, DATA_GRID_KEYS), w: pairs.map((p) => p.w.join(",")).join(";"), n: 40 };
    const key = JSON.stringify([query, pairs.map((p) => p.color), step]);
    if (key === drawnKey) return;
    if (inFlight) {
      again = true; // one request at a time; the latest state is drawn when it returns
      return;
    }
    inFlight = fetch(api.url("/datasets/fit", query)).then((r) => (r.ok ? r.json() : Promise.reject(r)));
    try {
      const fit = await inFlight;
      draw(fit, pairs, step, points(state, surface), surface);
      drawnKey = key;
    } catch {
      // a selection that is changing, or an upload this server forgot: the next update redraws
    } finally {
      inFlight = null;
      if (again) {
        again = false;
        update();
      }
    }
  }

  function draw(fit, pairs, step, pts, surface) {
    const theme = readTheme();
    const data = [];
    if (fit.kind === "classification") {
      data.push({ type: "heatmap", x: fit.x1, y: fit.x2, z: fit.fits[0].p, zmin: 0, zmax: 1, opacity: 0.35, showscale: false,
        colorscale: [[0, CLASS_COLOURS[0]], [0.5, theme.dark ? "#222" : "#fff"], [1, CLASS_COLOURS[1]]], hovertemplate: "x₁ %{x:.3g}, x₂ %{y:.3g}<br>p = %{z:.3f}<extra></extra>" });
      fit.fits.forEach((f, i) => data.push({ type: "contour", x: fit.x1, y: fit.x2, z: f.p, name: pairs[i].label, showscale: false, hoverinfo: "skip",
        contours: { start: 0.5, end: 0.5, size: 1, coloring: "none" }, line: { color: pairs[i].color, width: 3 } }));
      if (pts) for (const label of [0, 1]) {
        const rows = pts.y.map((y, i) => [y, i]).filter(([y]) => y === label).map(([, i]) => pts.x[i]);
        data.push({ type: "scatter", mode: "markers", name: `label ${label}`, x: rows.map((r) => r[0]), y: rows.map((r) => r[1]),
          marker: { color: CLASS_COLOURS[label], size: 6, symbol: label ? "diamond" : "circle", line: { color: theme.dark ? "#000" : "#fff", width: 0.5 } }, hoverinfo: "skip" });
      }
    } else {
      if (pts) data.push({ type: "scatter", mode: "markers", name: "data", x: pts.x.map((r) => r[0]), y: pts.y, marker: { color: theme.muted, size: 5 }, hoverinfo: "skip" });
      fit.fits.forEach((f, i) => data.push({ type: "scatter", mode: "lines", name: pairs[i].label, x: fit.x, y: f.y, line: { color: pairs[i].color, width: 3 } }));
    }
    const axes = surface.extra.dataset.columns ?? (fit.kind === "classification" ? ["x₁", "x₂"] : ["x", "y"]);
    const compact = plot.clientWidth < 480;
    const yRange = fit.kind === "classification" ? [fit.x2[0], fit.x2[fit.x2.length - 1]] : undefined;
    window.Plotly.react(plot, data, {
      ...baseLayout(theme, compact), margin: { l: 46, r: 10, t: 10, b: 40 }, showlegend: false, dragmode: false,
      xaxis: { title: { text: axes[0] }, range: fit.kind === "classification" ? [fit.x1[0], fit.x1[fit.x1.length - 1]] : [fit.x[0], fit.x[fit.x.length - 1]], color: theme.muted, gridcolor: theme.grid, zeroline: false, fixedrange: true },
      yaxis: { title: { text: fit.kind === "classification" ? axes[1] : axes[axes.length - 1] }, range: yRange, color: theme.muted, gridcolor: theme.grid, zeroline: false, fixedrange: true, ...(fit.kind === "classification" ? { scaleanchor: "x" } : {}) },
    }, { ...PLOT_CONFIG, displayModeBar: false });
    const at = step == null ? "at the start point, before any run" : `at step ${step}`;
    const parts = fit.fits.map((f, i) => `${pairs[i].label}: w = (${fmt(f.w1)}, ${fmt(f.w2)}), loss ${fmt(f.loss)}${f.accuracy != null ? `, accuracy ${(100 * f.accuracy).toFixed(1)} %` : ""}`);
    caption.textContent = `The data and the model's fit ${at}${fit.kind === "classification" ? " (lines: p = 0.5, the decision boundary; shading: p for the first run)" : ""}. ${parts.join("; ")}.`;
    plot.dataset.step = step ?? "";
    plot.dataset.weights = fit.fits.map((f) => `${f.w1},${f.w2}`).join(";"); // what is drawn (for the tests)
    document.dispatchEvent(new CustomEvent("errorscape:data-drawn", { detail: { step, fit } })); // for the tests
  }

  async function onSelection(state) {
    showControls(state);
    if (state.surface !== "data") return update();
    const surface = await app.dataSurface.refresh(state).catch(() => null);
    if (surface) {
      const description = $("#surface-description");
      if (description) description.textContent = surface.description;
      const formula = description?.parentElement.querySelector(".formula"); // the selection's, not the default's
      if (formula) formula.textContent = `E(x, y) = ${surface.formula}`;
    }
    update();
  }

  store.subscribe((state, changed) => {
    if (["surface", ...DATA_KEYS].some((k) => changed.has(k))) onSelection(state);
    else if (changed.has("x0") || changed.has("y0")) update();
  });
  document.addEventListener("errorscape:player", () => update());
  document.addEventListener("errorscape:selected", (event) => {
    inspected = event.detail.index;
    update();
  });
  onSelection(store.get());
  app.data = { upload: (text) => send(text), update, selected: () => targets(store.get(), app.dataSurface.surface), get figure() { return plot; } };
  mountMinibatchView(app);
}
