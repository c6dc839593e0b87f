// The fair race: every optimizer of the race gets its best lr (and, optionally, a second hyperparameter) on
// one grid, by mean final loss over K seeded starts (POST /api/tuning/tune), then the tuned settings race.
// K, the lr grid and the second hyperparameter are set here; their bounds come from GET /api/tuning and the
// optimizers' ranges (GET /api/optimizers), and anything the API refuses comes back as its 422 message.
// The settings live in the hash (`tune`, tuninghash.js): a shared link tunes and shows the same table.
import { h, fmt } from "./dom.js";
import { TUNE_KEY, decodeTune, encodeTune, readHash, writeHash } from "./tuninghash.js";

const numberInput = (name, label, attrs = {}) => h("input", { name, type: "number", step: "any", "aria-label": label, ...attrs });

/** [min, max] of hyperparameter `name` that every spec having it accepts (the grid is shared), or null. */
export function sharedRange(specs, name) {
  const params = specs.map((s) => s?.params.find((p) => p.name === name && p.type === "float")).filter(Boolean);
  if (!params.length) return null;
  return [Math.max(...params.map((p) => p.min)), Math.min(...params.map((p) => p.max))];
}

/** The table of tuned settings, as the API answers it. */
export function tunedTable(out) {
  const head = ["Optimizer", "tuned", "over", "score (mean final loss)", "diverged cells"];
  return h("table", {}, h("thead", {}, h("tr", {}, ...head.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, ...out.table.map((row) => h("tr", {}, h("th", { scope: "row" }, row.race_label),
      h("td", {}, Object.entries(row.tuned).map(([k, v]) => `${k} = ${fmt(v)}`).join(", ")),
      h("td", {}, row.over.map((a) => `${a.param} ${fmt(a.min)}–${fmt(a.max)} (${a.n}${a.log ? ", log" : ""})`).join("; ")),
      h("td", {}, row.score == null ? "every cell diverged" : fmt(row.score)),
      h("td", {}, `${row.diverged_cells} of ${row.cells}`)))));
}

/**
 * The fair race's controls. app: {store, optimizers, api, run}; limits: GET /api/tuning; request(): the
 * run settings the tuning shares with the view; post(url, body): the JSON POST; stage: where the table of
 * tuned settings goes (beside the figures, where it has room). Returns {element, tune, read, write, linked}.
 */
export function tuneControls(app, limits, { request, post, stage }) {
  const { store, optimizers, api, run } = app;
  const specs = new Map(optimizers.map((o) => [o.id, o]));
  const [nLo, nHi] = limits.axis_n;
  const k = numberInput("tune-k", "K seeded starts", { min: limits.restarts[0], max: limits.restarts[1], step: 1 });
  const lrMin = numberInput("tune-lr-min", "lr from");
  const lrMax = numberInput("tune-lr-max", "lr to");
  const lrN = numberInput("tune-lr-n", "lr values", { min: nLo, max: nHi, step: 1 });
  const second = h("select", { name: "tune-second", "aria-label": "Second hyperparameter" });
  const secondMin = numberInput("tune-second-min", "second from");
  const secondMax = numberInput("tune-second-max", "second to");
  const secondN = numberInput("tune-second-n", "second values", { min: nLo, max: nHi, step: 1, value: 4 });
  const secondLog = h("input", { name: "tune-second-log", type: "checkbox", "aria-label": "second on a log scale" });
  const secondRow = h("div", { class: "tune-row" }, secondMin, "to", secondMax, h("label", {}, secondN, " values"),
    h("label", {}, secondLog, " log"));
  const status = h("p", { class: "hypermap-status tune-status", role: "status" });
  const table = h("div", { class: "table-scroll hypermap-tuned" });
  const caption = h("figcaption", { id: "tuned-caption" });
  const figure = h("figure", { class: "figure figure-tuned", hidden: true, "aria-labelledby": "tuned-caption" }, caption, table);
  stage.append(figure);

  const racerSpecs = () => store.get().racers.map((r) => specs.get(r.optimizer));

  /** Limits that depend on the race: the lr range every racer accepts, the second hyperparameters on offer. */
  function refresh() {
    const lr = sharedRange(racerSpecs(), "lr");
    for (const input of [lrMin, lrMax]) Object.assign(input, { min: lr?.[0] ?? "", max: lr?.[1] ?? "" });
    const chosen = second.value;
    const names = [...new Set(racerSpecs().filter((s) => s && limits.sweepable.includes(s.id))
      .flatMap((s) => s.params.filter((p) => p.type === "float" && p.name !== "lr").map((p) => p.name)))];
    second.replaceChildren(h("option", { value: "" }, "none (lr only)"),
      ...names.map((n) => h("option", { value: n, selected: n === chosen }, n)));
    fillSecond(false);
  }

  function fillSecond(reset = true) {
    const range = second.value ? sharedRange(racerSpecs(), second.value) : null;
    secondRow.hidden = !range;
    if (!range) return;
    for (const input of [secondMin, secondMax]) Object.assign(input, { min: range[0], max: range[1] });
    if (reset || secondMin.value === "") {
      const p = racerSpecs().flatMap((s) => s?.params ?? []).find((q) => q.name === second.value);
      secondLog.checked = Boolean(p?.log);
      secondMin.value = p?.log ? Math.max(range[0], p.default / 10) : range[0];
      secondMax.value = p?.log ? Math.min(range[1], p.default * 10) : Math.min(range[1], 0.99);
    }
  }
  second.addEventListener("change", () => fillSecond(true));

  /** The settings as {k, lr, second}: what the hash stores. */
  const read = () => ({
    k: Number(k.value),
    lr: { param: "lr", min: Number(lrMin.value), max: Number(lrMax.value), n: Number(lrN.value), log: true },
    second: second.value ? { param: second.value, min: Number(secondMin.value), max: Number(secondMax.value),
                             n: Number(secondN.value), log: secondLog.checked } : null,
  });

  function write(s) {
    Object.assign(k, { value: s.k });
    Object.assign(lrMin, { value: s.lr.min });
    Object.assign(lrMax, { value: s.lr.max });
    Object.assign(lrN, { value: s.lr.n });
    refresh();
    if (s.second && [...second.options].some((o) => o.value === s.second.param)) {
      second.value = s.second.param;
      fillSecond(false);
      Object.assign(secondMin, { value: s.second.min });
      Object.assign(secondMax, { value: s.second.max });
      Object.assign(secondN, { value: s.second.n });
      secondLog.checked = s.second.log;
      secondRow.hidden = false;
    } else {
      second.value = "";
      secondRow.hidden = true;
    }
  }

  async function tune() {
    const racers = store.get().racers;
    const settings = read();
    status.textContent = "Tuning every optimizer…";
    try {
      const runs = racers.map((r) => {
        const has = specs.get(r.optimizer)?.params.some((p) => p.name === settings.second?.param);
        return { optimizer: r.optimizer, params: Object.fromEntries(Object.entries(r.params).filter(([key]) => key !== "lr")),
                 ...(has ? { second: settings.second } : {}) };
      });
      const out = await post(api.url("/tuning/tune"), { ...request(), restarts: settings.k, lr: settings.lr, runs });
      table.replaceChildren(tunedTable(out));
      caption.textContent = `Fair race on ${out.surface}: each optimizer's best setting by ${out.objective}, ` +
        `over the same ${out.starts.length} seeded starts and ${out.steps} steps.`;
      figure.hidden = false;
      writeHash(TUNE_KEY, encodeTune(settings));
      status.textContent = `Tuned over ${out.starts.length} seeded starts, ${out.steps} steps each; now racing the tuned settings.`;
      store.set({ racers: racers.map((r, i) => ({ ...r, params: { ...r.params, ...out.table[i].tuned } })) });
      run();
      return out;
    } catch (error) {
      status.textContent = error.message;
      return null;
    }
  }

  write({ k: limits.tune.restarts, lr: limits.tune.lr, second: null });
  store.subscribe((state, changed) => changed.has("racers") && refresh()); // other racers: other ranges and choices
  const element = h("div", { class: "tune-controls" },
    h("p", { class: "hint" }, "Fair race: every optimizer gets its best lr on one log grid (and a second hyperparameter, " +
      "where it has one), by mean final loss over K seeded starts and the same steps."),
    h("div", { class: "tune-row" }, h("label", {}, "K starts ", k)),
    h("div", { class: "tune-row" }, h("strong", {}, "lr"), lrMin, "to", lrMax, h("label", {}, lrN, " values (log)")),
    h("div", { class: "tune-row" }, h("label", {}, "also tune ", second)), secondRow,
    h("button", { type: "button", class: "button", id: "hypermap-tune", onclick: tune }, "Tune all and race"),
    status);
  const linked = decodeTune(readHash(TUNE_KEY));
  return { element, tune, read, write, linked };
}
