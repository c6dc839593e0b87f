// Lesson panels whose numbers follow the page: when the surface, the optimizer or its settings change
// on the page, the panel asks the API again with the page's choices (keeping the view's own extras).
import { debounce } from "../dom.js";
import { withParams } from "./util.js";

const FOLLOWED = ["surface", "steps", "seed", "racers", "noise", "noise_decay", "schedule"];

/** The view's data URL with the page's surface, first optimizer and its hyperparameters. */
export function followedUrl(url, state, view) {
  const racer = state.racers[0];
  const params = { surface: state.surface, seed: state.seed, optimizer: racer?.optimizer };
  // A box the view chose (six-hump camel's central box) only belongs to the view's own surface.
  if (state.surface !== view.run.surface) Object.assign(params, { xmin: null, xmax: null, ymin: null, ymax: null });
  const base = withParams(url, { optimizer: null, lr: null });
  return withParams(base, { ...params, ...(racer?.params ?? {}), noise: state.noise || null, noise_decay: state.noise_decay || null });
}

/** Call `load(url)` now and whenever the page's run settings change; returns the unsubscribe. */
export function followPage(app, view, url, load) {
  let last = null;
  const refresh = () => {
    const next = followedUrl(url, app.store.get(), view);
    if (next === last) return;
    last = next;
    load(next);
  };
  load(url);
  last = followedUrl(url, app.store.get(), view);
  const later = debounce(refresh, 400);
  return app.store.subscribe((_, changed) => {
    if (FOLLOWED.some((k) => changed.has(k))) later();
  });
}
