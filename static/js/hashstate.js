// The view state in the URL hash, so that a link reproduces the same run (runs are deterministic).
// Keys are named like the API's query parameters. A race is encoded column-wise: one comma-separated
// list per key, one entry per optimizer, empty where that optimizer has no such parameter or keeps
// its default:  #surface=rosenbrock&optimizer=adam,sgd&lr=0.01,0.001&momentum=,0.9&steps=300
// Reading is an allow-list: unknown keys are ignored, bad values dropped, numbers clamped to the
// ranges the API publishes. Nothing read from the hash is ever executed (a custom formula goes to
// the server's parser).
import { runSettings, scheduleList } from "./request.js";
import { MAX_NOISE, MAX_RACERS, SPEEDS, newRacer, serverBounds } from "./state.js";
import { DATA_DEFAULTS, decodeData, encodeData } from "./dataselection.js";

const bound = (name) => serverBounds()[name] ?? [undefined, undefined];
/** key -> [min, max, integer]: the API's bounds, but noise only up to the slider's range. */
const globalNumbers = () => ({
  x0: [...bound("x0"), false],
  y0: [...bound("y0"), false],
  seed: [...bound("seed"), true],
  noise: [0, MAX_NOISE, false],
  noise_decay: [...bound("noise_decay"), false],
  zoom: [0.125, 2, false], // the page's zoom, not an API field
});
const FLAGS = ["log", "loss_log"];
/** A racer's own gradient noise (a lesson's race): hash key -> racer field (bounds as the view's). */
const RACER_EXTRAS = { run_noise: "noise", run_noise_decay: "noise_decay" };
const LESSON = /^[A-Za-z0-9_-]{1,64}$/;
/** Keys other modules own and read from the hash themselves (the lessons' `view`, tuninghash.js's `map` and
 * `tune`): kept as they are. Two axes with full-precision ends (e.g. 0.00031622776601683794) fit in 200 characters. */
const FOREIGN_KEYS = new Set(["view", "map", "tune"]);
const FOREIGN_VALUE = /^[A-Za-z0-9_-]{1,200}$/;

const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);

/** A finite number in [min, max] (clamped), rounded when `integer`; undefined when not a number. */
function number(text, min, max, integer = false) {
  if (text == null || String(text).trim() === "") return undefined;
  let v = Number(text);
  if (!Number.isFinite(v)) return undefined;
  if (integer) v = Math.round(v);
  return clamp(v, min ?? -Infinity, max ?? Infinity);
}

function flag(text) {
  if (text === "1" || text === "true") return true;
  if (text === "0" || text === "false") return false;
  return undefined;
}

/** A parameter value as the API describes the parameter ({type, min, max}). */
function paramValue(param, text) {
  if (param.type === "bool") return flag(text);
  return number(text, param.min, param.max, param.type === "int");
}

const show = (value) => (typeof value === "boolean" ? (value ? "1" : "0") : String(value));

/**
 * The hash (without "#") for `state`: run-defining keys always, the rest only when not default.
 * `specs`: Map optimizer id -> spec from GET /api/optimizers.
 */
export function encodeState(state, specs) {
  const pairs = [];
  // Commas stay literal (a race reads "optimizer=adam,sgd"); everything else is percent-encoded.
  const q = { set: (key, value) => pairs.push(`${key}=${encodeURIComponent(value).replaceAll("%2C", ",")}`) };
  q.set("surface", state.surface);
  if (state.surface === "custom" && state.expr) q.set("expr", state.expr);
  encodeData(state, q.set);
  const racers = state.racers ?? [];
  q.set("optimizer", racers.map((r) => r.optimizer).join(","));
  const names = [];
  for (const r of racers) for (const name of Object.keys(r.params)) if (!names.includes(name)) names.push(name);
  for (const name of names) {
    const column = racers.map((r) => {
      const value = r.params[name];
      const param = specs.get(r.optimizer)?.params.find((p) => p.name === name);
      return value == null || (name !== "lr" && param && value === param.default) ? "" : show(value);
    });
    if (column.some((v) => v !== "")) q.set(name, column.join(","));
  }
  for (const [key, field] of Object.entries(RACER_EXTRAS)) {
    const column = racers.map((r) => (r[field] == null ? "" : show(r[field])));
    if (column.some((v) => v !== "")) q.set(key, column.join(","));
  }
  // Labels are free text: each entry is encoded on its own, so that a comma in a label stays inside it.
  if (racers.some((r) => r.label)) q.set("label", racers.map((r) => (r.label ? encodeURIComponent(r.label) : "")).join(","));
  for (const key of ["x0", "y0"]) if (state[key] != null) q.set(key, show(state[key]));
  q.set("steps", show(state.steps));
  q.set("seed", show(state.seed));
  for (const [key, value] of runSettings(state)) q.set(key, show(value)); // as the run request sends them
  if (state.zoom != null && state.zoom !== 1) q.set("zoom", show(state.zoom));
  for (const key of FLAGS) if (state[key] != null) q.set(key, show(state[key]));
  if (state.speed != null && state.speed !== 60) q.set("speed", Number.isFinite(state.speed) ? show(state.speed) : "max");
  if (state.lesson) q.set("lesson", state.lesson);
  if (state.camera) q.set("camera", state.camera.map((v) => Number(v.toPrecision(4))).join(","));
  return pairs.join("&");
}

/**
 * The state patch a hash asks for, validated. ctx: {surfaces, specs (Map), scheduleParams, maxSteps,
 * maxRace, formula (bool: custom formulas available)}; `current`: the racers now (parameters given
 * without `optimizer` apply to them). Returns {patch, expr} (expr: a custom formula to check with the
 * server before it is used).
 */
export function decodeState(hash, ctx, current = []) {
  const q = new URLSearchParams(String(hash ?? "").replace(/^#/, ""));
  const get = (key) => q.get(key);
  const patch = {};

  const surface = get("surface");
  let expr = null;
  if (surface === "custom" && ctx.formula) {
    const text = get("expr");
    if (text && text.length <= serverBounds().expr) expr = text;
  } else if (surface && ctx.surfaces.some((s) => s.id === surface)) {
    patch.surface = surface;
    Object.assign(patch, { x0: null, y0: null, zoom: 1, log: null, loss_log: null }); // the surface's own view
    if (surface === "data") Object.assign(patch, DATA_DEFAULTS, decodeData(get));
  }

  const racers = decodeRacers(q, ctx, current);
  if (racers.length) patch.racers = racers;

  for (const [key, [min, max, integer]] of Object.entries(globalNumbers())) {
    const v = number(get(key), min, max, integer);
    if (v !== undefined) patch[key] = v;
  }
  const restarts = number(get("restarts"), 1, bound("restarts")[1], true);
  if (restarts !== undefined) patch.restarts = restarts;
  const steps = number(get("steps"), 1, ctx.maxSteps ?? 10000, true);
  if (steps !== undefined) patch.steps = steps;
  const schedule = scheduleList().find((s) => s.id === get("schedule"));
  if (schedule) patch.schedule = schedule.id;
  for (const param of ctx.scheduleParams ?? []) {
    const v = paramValue(param, get(param.name));
    if (v !== undefined) patch[param.name] = v;
  }
  for (const key of FLAGS) {
    const v = flag(get(key));
    if (v !== undefined) patch[key] = v;
  }
  const speed = get("speed") === "max" ? Infinity : number(get("speed"), 1, 1e6);
  if (SPEEDS.includes(speed)) patch.speed = speed;
  const lesson = get("lesson");
  if (lesson && LESSON.test(lesson)) patch.lesson = lesson;
  const camera = (get("camera") ?? "").split(",").map((v) => number(v, -50, 50));
  if (camera.length === 3 && camera.every((v) => v !== undefined) && camera.some((v) => v !== 0)) patch.camera = camera;
  return { patch, expr };
}

/** One percent-encoded entry of the label column, decoded; undefined when empty, malformed or too long. */
function textEntry(entry) {
  if (!entry) return undefined;
  try {
    const text = decodeURIComponent(entry);
    return text.length <= serverBounds().label ? text : undefined;
  } catch {
    return undefined;
  }
}

/** The race in `q`; without an `optimizer` key, its parameter columns change `current` (set-state). */
function decodeRacers(q, ctx, current = []) {
  const listed = q.get("optimizer");
  const ids = listed == null ? current.map((r) => r.optimizer) : listed.split(",");
  const racers = [];
  ids.slice(0, Math.min(MAX_RACERS, ctx.maxRace ?? MAX_RACERS)).forEach((id, i) => {
    const spec = ctx.specs.get(id.trim());
    if (!spec) return;
    const racer = listed == null ? { ...current[i], params: { ...current[i].params } } : newRacer(spec);
    for (const param of spec.params) {
      const column = q.get(param.name);
      if (column == null) continue;
      const v = paramValue(param, column.split(",")[i]);
      if (v !== undefined) racer.params[param.name] = v;
    }
    const numbers = globalNumbers();
    for (const [key, field] of Object.entries(RACER_EXTRAS)) {
      const v = number(q.get(key)?.split(",")[i], numbers[field][0], numbers[field][1]);
      if (v !== undefined) racer[field] = v;
    }
    const label = textEntry(q.get("label")?.split(",")[i]);
    if (label) racer.label = label;
    racers.push(racer);
  });
  return racers;
}

/**
 * Connects the store to the URL hash: applies the hash now (await it before building the controls),
 * keeps the hash up to date with history.replaceState, and applies later hash edits.
 * ctx as for decodeState, plus api and formulaSurface (the custom-formula holder from custom.js).
 */
export async function mountHashState(store, ctx) {
  async function apply(hash) {
    const { patch, expr } = decodeState(hash, ctx, store.get().racers);
    if (expr && ctx.customFormula) {
      try {
        ctx.customFormula.surface = await ctx.api.surface("custom", { expr });
        Object.assign(patch, { surface: "custom", expr, x0: patch.x0 ?? null, y0: patch.y0 ?? null });
      } catch {
        // a formula the server refuses is dropped like any other bad value
      }
    }
    store.set(patch);
  }
  let written = location.hash.replace(/^#/, "");
  await apply(written);
  let timer = 0;
  store.subscribe(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const keep = [...new URLSearchParams(location.hash.replace(/^#/, ""))].filter(([k, v]) => FOREIGN_KEYS.has(k) && FOREIGN_VALUE.test(v));
      written = encodeState(store.get(), ctx.specs) + (keep.length ? `&${new URLSearchParams(keep)}` : "");
      history.replaceState(history.state, "", `${location.pathname}${location.search}#${written}`);
    }, 100);
  });
  addEventListener("hashchange", () => {
    const hash = location.hash.replace(/^#/, "");
    if (hash !== written) apply(hash);
  });
  current = { apply, encode: () => encodeState(store.get(), ctx.specs) };
  return current;
}

let current = null;
/** The page's hash link once mounted: {apply(hash), encode()}. */
export const hashState = () => current;

/** Keeps state.camera (the 3D eye) in step with the 3D figure: applies it once drawn, records turns. */
export function mountCamera(app, el = document.getElementById("plot-3d")) {
  const eye = app.store.get().camera;
  if (eye && window.Plotly) window.Plotly.relayout(el, { "scene.camera.eye": { x: eye[0], y: eye[1], z: eye[2] } });
  el.on?.("plotly_relayout", (change) => {
    const e = change["scene.camera"]?.eye;
    if (e) app.store.set({ camera: [e.x, e.y, e.z] });
  });
}
