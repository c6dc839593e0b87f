// Wires the page together: loads surfaces and optimizers, builds the controls, and connects
// state -> grid and scene -> figures, and Run -> stream -> player -> figures.
import { createApi } from "./api.js";
import { $, prefersReducedMotion } from "./dom.js";
import { createStore, defaultState, fpsFor, newRacer, runRequest, startPoint, usesLog, usesLossLog, viewDomain, GRID_KEYS, RUN_KEYS } from "./state.js";
import { createPlots } from "./plots.js";
import { readTheme, runColor } from "./theme.js";
import { gridParams, plotlyReady, settled as previewSettled, surfacesRequest, takeEarlyGrid } from "./preview.js";
import { createPlayer } from "./player.js";
import { createRunner } from "./runner.js";
import { mountControls } from "./controls.js";
import { mountRacers } from "./racers.js";
import { mountTransport } from "./transport.js";
import { mountInspector } from "./inspector.js";
import { loadFormula } from "./custom.js";
import { mountHashState } from "./hashstate.js";
import { createDataSurface, dataQuery, DATA_GRID_KEYS } from "./dataselection.js";

const config = document.body.dataset;
const api = createApi(config.api);
const store = createStore(defaultState({ reducedMotion: prefersReducedMotion() }));
const alertBox = $("#alert");

function showError(error) {
  alertBox.textContent = error ? `${error.message}` : "";
  alertBox.hidden = !error;
}

async function start() {
  const [surfaces, optimizers, schedules] = await Promise.all([surfacesRequest.catch(() => api.surfaces()), api.optimizers(), api.schedules(), previewSettled]);
  const specs = new Map(optimizers.map((o) => [o.id, o]));
  const formula = config.formula === "1" ? loadFormula({ apiBase: config.api, store, api }) : null;
  const initial = store.get();
  store.set({
    surface: surfaces.some((s) => s.id === initial.surface) ? initial.surface : surfaces[0].id,
    racers: initial.racers.length ? initial.racers : [newRacer(specs.get("sgd") ?? optimizers[0])],
  });
  // A shared link's state (validated), before the controls are built; kept in the hash from now on.
  await mountHashState(store, { surfaces, specs, scheduleParams: schedules.params, maxSteps: Number(config.maxSteps), maxRace: Number(config.maxRace), formula: Boolean(formula), customFormula: formula, api });
  const dataSurface = createDataSurface(api); // surface=data: the selected dataset and model's description
  const surfaceOf = (state) => (state.surface === "custom" ? formula?.surface
    : state.surface === "data" && dataSurface.surface ? dataSurface.surface : surfaces.find((s) => s.id === state.surface));

  let grid = null;
  let hovered = null;
  let gridRequest = null;
  const eventFrames = []; // indices of received frames that carry events
  let scanned = 0; // frames looked at for events so far

  const plots = createPlots({
    el3d: $("#plot-3d"),
    elContour: $("#plot-contour"),
    elSeries: $("#plot-series"),
    onPickStart: (x, y) => store.set({ x0: x, y0: y }),
    onHover: (index) => {
      hovered = index;
      plots.highlight(index);
      refreshInspector();
    },
  });
  const player = createPlayer({ append: plots.append, redraw: plots.redraw }, onPlayer);
  const runner = createRunner({
    api,
    player,
    onStart: () => setScene(),
    onDone: () => onPlayer(player.status()),
    onError: showError,
  });
  const transport = mountTransport(
    { run: $("#run"), pause: $("#pause"), step: $("#step"), reset: $("#reset"), speed: $("#speed"), progress: $("#progress"), timeline: $("#timeline"), legend: $("#legend") },
    {
      run: () => (canResume() ? player.play() : run()),
      pause: () => player.pause(),
      step: (n) => (hasRun() ? player.step(n) : n > 0 && (run({ paused: true }), player.step(n))),
      reset,
      seek: (count) => player.seek(count),
      speed: (speed) => store.set({ speed }),
    },
  );
  const inspector = mountInspector({ heading: $("#inspector-heading"), table: $("#inspector-table"), messages: $("#messages") });
  mountControls({ surface: $("#surface-controls"), run: $("#run-controls"), noise: $("#noise-controls") }, {
    store,
    surfaces,
    formula,
    scheduleParams: schedules.params,
    limits: { maxSteps: Number(config.maxSteps) || 10000, maxNoise: 10 },
  });
  mountRacers($("#racer-controls"), { store, optimizers });
  // The legend now rather than at the first Plotly draw, which would push the figures down as it fills.
  const theme = readTheme();
  transport.legend(runsNow().map((r, i) => ({ ...r, color: runColor(r.group ?? i, theme) })));
  transport.setSpeed(store.get().speed);
  player.setSpeed(store.get().speed);

  const hasRun = () => runner.streaming || player.status().received > 0;
  const canResume = () => {
    const s = player.status();
    return s.received > 0 && !s.playing && !(s.finished && s.shown >= s.received);
  };

  /** The runs drawn: the server's once a stream started, else the racers as configured. */
  function runsNow() {
    if (runner.meta) return runner.meta.runs;
    return store.get().racers.map((r, i) => {
      const spec = specs.get(r.optimizer);
      const lr = r.params.lr;
      return { index: i, group: i, label: `${spec?.name ?? r.optimizer}${lr != null ? ` lr=${lr}` : ""}` };
    });
  }

  function setScene() {
    const state = store.get();
    const surface = surfaceOf(state);
    if (!surface || !grid) return;
    const s = player.status();
    plots.setScene(
      {
        surface,
        grid,
        domain: { x: [grid.x[0], grid.x[grid.x.length - 1]], y: [grid.y[0], grid.y[grid.y.length - 1]] },
        log: usesLog(state, surface),
        lossLog: usesLossLog(state, surface),
        start: startPoint(state, surface),
        runs: runsNow(),
        steps: runner.meta?.steps ?? state.steps,
      },
      s.frames.slice(0, s.shown),
    );
    transport.legend(plots.scene.runs);
    $("#scale-note").textContent = plots.scene.scale.log ? " (log scale)" : "";
    $("#loss-log").checked = plots.scene.lossLog;
    onPlayer(player.status());
  }

  async function loadGrid() {
    if (store.get().surface === "data") await dataSurface.refresh(store.get()).catch(showError);
    const state = store.get();
    const surface = surfaceOf(state);
    if (!surface) return;
    gridRequest?.abort();
    const request = new AbortController();
    gridRequest = request;
    const params = gridParams(viewDomain(surface, state.zoom));
    if (state.surface === "custom") params.expr = state.expr;
    Object.assign(params, dataQuery(state, DATA_GRID_KEYS));
    const refetch = () => api.grid(state.surface, params, request.signal);
    const fetched = takeEarlyGrid(state.surface, params)?.catch(refetch) ?? refetch(); // the preview's request, if the same
    try {
      const [next] = await Promise.all([fetched, plotlyReady()]);
      if (request !== gridRequest) return;
      grid = next;
      showError(null);
      setScene();
    } catch (error) {
      if (!request.signal.aborted) showError(error);
    }
  }

  function run({ paused = false } = {}) {
    const state = store.get();
    showError(null);
    hovered = null;
    eventFrames.length = 0;
    scanned = 0;
    runner.start(runRequest(state, surfaceOf(state)), { paused });
    setScene();
  }

  function reset() {
    runner.stop();
    player.reset();
    eventFrames.length = 0;
    scanned = 0;
    setScene();
  }

  function refreshInspector() {
    const s = player.status();
    const runs = plots.scene?.runs ?? [];
    inspector.show(hovered ?? s.shown - 1, s.frames, runs);
    document.dispatchEvent(new CustomEvent("errorscape:inspect", { detail: { index: hovered ?? s.shown - 1 } })); // datapanel.js
  }

  let inspectedAt = 0;
  function onPlayer(status) {
    transport.update(status, runner.meta, runner.streaming);
    const now = performance.now();
    if (!status.playing || now - inspectedAt > 200) {
      inspectedAt = now; // while playing, a table redrawn 5 times a second is plenty
      refreshInspector();
    }
    const runs = plots.scene?.runs ?? [];
    for (; scanned < status.received; scanned += 1) if (status.frames[scanned].events) eventFrames.push(scanned);
    inspector.events(eventFrames.filter((i) => i < status.shown).map((i) => status.frames[i]), runs);
    document.dispatchEvent(new CustomEvent("errorscape:player", { detail: status })); // for embed.js
  }

  store.subscribe((state, changed) => {
    if (changed.has("speed")) {
      player.setSpeed(state.speed);
      transport.setSpeed(state.speed);
      runner.repace(fpsFor(state.speed));
    }
    // A setting the server computes with restarts the runs (same start, deterministic, camera kept);
    // a custom surface waits for a valid formula.
    const rerun = hasRun() && [...changed].some((k) => RUN_KEYS.has(k));
    if (rerun) reset();
    const again = () => rerun && surfaceOf(store.get()) && run();
    if ([...changed].some((k) => GRID_KEYS.has(k))) loadGrid().then(again);
    else {
      if (["log", "loss_log", "x0", "y0", "racers", "steps"].some((k) => changed.has(k))) setScene();
      again();
    }
  });

  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => plots.refresh());
  let wide = innerWidth >= 640;
  addEventListener("resize", () => {
    if ((innerWidth >= 640) !== wide) {
      wide = !wide;
      plots.refresh();
    }
  });
  contourKeys($("#plot-contour"));
  $("#loss-log").addEventListener("change", (e) => store.set({ loss_log: e.target.checked }));

  /** Arrow keys on the focused contour map move the start point (Shift: ten times further). */
  function contourKeys(el) {
    el.addEventListener("keydown", (event) => {
      const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[event.key];
      if (!d || !grid) return;
      event.preventDefault();
      const state = store.get();
      const start = startPoint(state, surfaceOf(state));
      const unit = ((grid.x[grid.x.length - 1] - grid.x[0]) / 100) * (event.shiftKey ? 10 : 1);
      store.set({ x0: Number((start.x + d[0] * unit).toPrecision(6)), y0: Number((start.y + d[1] * unit).toPrecision(6)) });
    });
  }

  await loadGrid();
  document.body.classList.add("ready");
  // A handle for tests, the benchmark and (later) the embed's postMessage API.
  window.errorscape = { store, player, plots, runner, api, run, reset, surfaces, optimizers, dataSurface };
  document.dispatchEvent(new CustomEvent("errorscape:ready", { detail: window.errorscape })); // share.js, embed.js
  // The guided lessons (issue 4) live in their own modules, loaded after the app works.
  import("./lessons/index.js").then((lessons) => lessons.mountLessons(window.errorscape)).catch((error) => console.error(error));
  // Data space beside weight space (surface=data): the data, the model's fit at the selected step, uploads.
  import("./datapanel.js").then((data) => data.mountDataPanel(window.errorscape)).catch((error) => console.error(error));
}

start().catch((error) => {
  showError(error);
  console.error(error);
});
