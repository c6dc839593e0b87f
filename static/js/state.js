// The view state: one plain object whose keys are named like the API's query parameters, held in a
// tiny store that tells subscribers which keys changed. Everything the page shows derives from it,
// so a later URL-hash or embed layer only has to read and write this object.
import { runSettings } from "./request.js";
import { DATA_DEFAULTS, DATA_GRID_KEYS, DATA_KEYS, dataQuery } from "./dataselection.js";

/** The API's bounds for the run's fields ({name: [min, max]}, lengths for text), sent with the page. */
export function serverBounds() {
  try {
    return JSON.parse(document.body?.dataset.runBounds ?? "{}");
  } catch {
    return {};
  }
}
export const MAX_RACERS = Number(document.body.dataset.maxRace); // the server's limit, sent with the page
export const VISIBLE_LR = 0.01; // torch's 1e-3 barely moves in 200 steps; the page starts racers here
export const MAX_NOISE = 10; // the noise slider's range: a teaching choice, well inside the API's bound

/** Playback speeds in steps per second; Infinity shows frames as soon as they arrive. */
export const SPEEDS = [10, 30, 60, 120, 240, 600, Infinity];
export const MAX_FPS = serverBounds().fps[1]; // the stream paces up to this; faster speeds take an unpaced stream

/** The stream's pace for a playback speed (0 = as fast as the server computes). */
export const fpsFor = (speed) => (Number.isFinite(speed) && speed <= MAX_FPS ? speed : 0);

/** Keys that change what the server computes: changing one restarts the runs. */
export const RUN_KEYS = new Set([
  "surface", "expr", "x0", "y0", "steps", "seed", "noise", "noise_decay",
  "schedule", "warmup", "step_size", "gamma", "t_max", "eta_min", "racers", "restarts", ...DATA_KEYS,
]);

/** Keys that change the surface drawn (a new grid is fetched). */
export const GRID_KEYS = new Set(["surface", "expr", "zoom", ...DATA_GRID_KEYS]);

export function defaultState({ reducedMotion = false } = {}) {
  return {
    surface: "bowl",
    expr: null, // the formula when surface === "custom"
    zoom: 1, // 1 = the surface's own domain; 0.5 = half as wide, around its centre
    log: null, // null = what the surface suggests (its log_scale)
    loss_log: null, // null = what the surface suggests (its log_scale)
    x0: null, // null = the surface's suggested start
    y0: null,
    steps: 200,
    seed: 0,
    noise: 0,
    noise_decay: 0,
    schedule: "constant",
    warmup: 0,
    step_size: 100,
    gamma: null, // null: the server's default for the schedule
    t_max: null, // null: the run's steps
    eta_min: 0,
    restarts: 1, // > 1: every racer runs from that many seeded random starts (the lessons' restarts)
    speed: reducedMotion ? Infinity : 60,
    racers: [], // [{optimizer: "adam", params: {lr: 0.01, ...}}], filled once optimizers are known
    ...DATA_DEFAULTS, // surface=data: dataset, model, loss, l2, ... (dataselection.js)
  };
}

/** A racer for optimizer `spec` with its defaults (learning rate at least VISIBLE_LR). */
export function newRacer(spec) {
  const params = {};
  for (const p of spec.params) params[p.name] = p.default;
  if (typeof params.lr === "number") params.lr = Math.max(params.lr, VISIBLE_LR);
  return { optimizer: spec.id, params };
}

const same = (a, b) => a === b || JSON.stringify(a) === JSON.stringify(b);

export function createStore(initial) {
  let state = initial;
  const subscribers = new Set();
  return {
    get: () => state,
    /** Merge `patch`; subscribers get (state, Set of changed keys) when anything changed. */
    set(patch) {
      const changed = new Set(Object.keys(patch).filter((k) => !same(state[k], patch[k])));
      if (!changed.size) return;
      state = { ...state, ...patch };
      for (const fn of subscribers) fn(state, changed);
    },
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
  };
}

/** The domain shown: the surface's own, scaled by `zoom` around its centre. */
export function viewDomain(surface, zoom) {
  const scale = (range) => {
    const mid = (range[0] + range[1]) / 2;
    const half = ((range[1] - range[0]) / 2) * zoom;
    return [mid - half, mid + half];
  };
  return { x: scale(surface.domain.x), y: scale(surface.domain.y) };
}

/** The start point in force: typed or clicked, else the surface's suggestion, else the domain centre. */
export function startPoint(state, surface) {
  const fallback = surface.start ?? [
    (surface.domain.x[0] + surface.domain.x[1]) / 2,
    (surface.domain.y[0] + surface.domain.y[1]) / 2,
  ];
  return { x: state.x0 ?? fallback[0], y: state.y0 ?? fallback[1] };
}

export function usesLog(state, surface) {
  return state.log ?? Boolean(surface?.log_scale);
}

export function usesLossLog(state, surface) {
  return state.loss_log ?? Boolean(surface?.log_scale);
}

/** The POST /api/runs/stream body for the whole view: one stream carries every run. */
export function runRequest(state, surface) {
  const start = startPoint(state, surface);
  const body = {
    surface: state.surface,
    x0: start.x,
    y0: start.y,
    steps: state.steps,
    seed: state.seed,
    fps: fpsFor(state.speed),
    // A racer may carry its own noise, noise_decay and label (a lesson's race): sent as they are.
    runs: state.racers.map((r) => ({ ...r, params: { ...r.params } })),
  };
  if (state.surface === "custom") body.expr = state.expr;
  Object.assign(body, dataQuery(state));
  for (const [key, value] of runSettings(state)) body[key] = value;
  if (!(state.restarts > 1)) body.state = true; // frames carry the optimizer's state for the arrows and the inspector (optstate.js)
  return body;
}
