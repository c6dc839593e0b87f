// Start-up: what the page learns from the API before it can draw (surfaces, optimizers, schedules),
// and the first state: the defaults, then a shared link's hash.
import { mountHashState } from "./hashstate.js";
import { settled as previewSettled, surfacesRequest } from "./preview.js";
import { useSchedules } from "./request.js";
import { newRacer } from "./state.js";

/** {surfaces, optimizers, specs (Map id -> spec), schedules} from the API (the preview's surfaces if it has them). */
export async function loadCatalogue(api) {
  const [surfaces, optimizers, schedules] = await Promise.all([surfacesRequest.catch(() => api.surfaces()), api.optimizers(), api.schedules(), previewSettled]);
  useSchedules(schedules);
  return { surfaces, optimizers, specs: new Map(optimizers.map((o) => [o.id, o])), schedules };
}

/** A known surface and one racer, then a shared link's state (validated) before the controls are built. */
export async function restoreState(store, { surfaces, optimizers, specs, schedules }, { formula, api, config }) {
  const initial = store.get();
  store.set({
    surface: surfaces.some((s) => s.id === initial.surface) ? initial.surface : surfaces[0].id,
    racers: initial.racers.length ? initial.racers : [newRacer(specs.get("sgd") ?? optimizers[0])],
  });
  // Kept in the hash from now on.
  await mountHashState(store, { surfaces, specs, scheduleParams: schedules.params, maxSteps: Number(config.maxSteps), maxRace: Number(config.maxRace), formula: Boolean(formula), customFormula: formula, api });
}
