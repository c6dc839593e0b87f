// A lesson view's preset, applied to the page's own store (keys are the runs API's names), then run.
import { newRacer } from "../state.js";
import { scheduleList } from "../request.js";

/** The page animates at most this many restarts (every one is a 3D trace); the tables use them all. */
export const SHOWN_RESTARTS = 24;

/** The page's store patch for a view's `run` body. */
export function presetState(run, specs) {
  const racers = run.runs.map((r) => {
    const spec = specs.get(r.optimizer);
    const racer = spec ? newRacer(spec) : { optimizer: r.optimizer, params: {} };
    racer.params = { ...racer.params, ...r.params };
    for (const key of ["noise", "noise_decay", "label"]) if (r[key] != null) racer[key] = r[key];
    return racer;
  });
  return {
    surface: run.surface,
    expr: run.expr ?? null,
    x0: run.x0 ?? null,
    y0: run.y0 ?? null,
    zoom: 1,
    log: null,
    loss_log: null,
    steps: run.steps ?? 200,
    seed: run.seed ?? 0,
    restarts: Math.min(run.restarts ?? 1, SHOWN_RESTARTS),
    noise: run.noise ?? 0,
    noise_decay: run.noise_decay ?? 0,
    schedule: run.schedule ?? scheduleList()[0]?.id,
    warmup: run.warmup ?? 0,
    racers,
  };
}

/** Apply `view` to the page: surface views and landscapes run on the page; highdim views don't. */
export async function applyView(app, view) {
  app.reset();
  if (view.kind === "highdim") {
    app.store.set({ restarts: 1 });
    return;
  }
  const run = view.run;
  if (!app.surfaces.some((s) => s.id === run.surface)) {
    // Surfaces computed on first use (mlp-slice) are not in the page's list: add their description.
    app.surfaces.push(await app.api.surface(run.surface));
  }
  const specs = new Map(app.optimizers.map((o) => [o.id, o]));
  app.store.set(presetState(run, specs));
  app.run();
}
