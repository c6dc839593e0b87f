// The page's entry, read as a table of contents: learn the catalogue from the API, restore the state
// (a shared link's hash), build the view, wire state and browser events to it, draw, then hand the app
// to the share dialog, the embed and the lessons.
import { createApi } from "./api.js";
import { loadFormula } from "./custom.js";
import { $, prefersReducedMotion } from "./dom.js";
import { loadCatalogue, restoreState } from "./startup.js";
import { createStore, defaultState } from "./state.js";
import { createView } from "./view.js";
import { wireView } from "./wiring.js";

const config = document.body.dataset;
const api = createApi(config.api);
const store = createStore(defaultState({ reducedMotion: prefersReducedMotion() }));
const alertBox = $("#alert");

function showError(error) {
  alertBox.textContent = error ? `${error.message}` : "";
  alertBox.hidden = !error;
}

async function start() {
  const catalogue = await loadCatalogue(api);
  const formula = loadFormula({ apiBase: config.api, store });
  await restoreState(store, catalogue, { formula, api, config });
  const view = createView({ store, api, catalogue, formula, config, showError });
  wireView(view);
  await view.loadGrid();
  document.body.classList.add("ready");
  publish(view);
}

/** A handle for tests, the benchmark and the embed's postMessage API; then the lessons, loaded after the app works. */
function publish({ store, player, plots, runner, run, reset, surfaces, optimizers, dataSurface }) {
  window.errorscape = { store, player, plots, runner, api, run, reset, surfaces, optimizers, dataSurface };
  document.dispatchEvent(new CustomEvent("errorscape:ready", { detail: window.errorscape })); // share.js, embed.js
  import("./lessons/index.js").then((lessons) => lessons.mountLessons(window.errorscape)).catch((error) => console.error(error));
  // Inside the optimizer (arrows, state) and hyperparameter maps: their own modules, wired here only.
  import("./optstate.js").then((m) => m.mountOptState(window.errorscape)).catch((error) => console.error(error));
  // Data space beside weight space (surface=data): the data, the model's fit at the selected step, uploads.
  import("./datapanel.js").then((data) => data.mountDataPanel(window.errorscape)).catch((error) => console.error(error));
  import("./hypermap.js").then((m) => m.mountHyperMap(window.errorscape)).catch((error) => console.error(error));
}

start().catch((error) => {
  showError(error);
  console.error(error);
});
