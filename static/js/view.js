// The view: the figures, the player and the runner, the playback bar, the controls and the inspector,
// and what they do together: fetch the surface's grid, draw the scene, run, reset.
import { $, h } from "./dom.js";
import { mountControls } from "./controls.js";
import { mountInspector } from "./inspector.js";
import { createPlayer } from "./player.js";
import { figureKeys } from "./landscape.js";
import { createPlots } from "./plots.js";
import { gridParams, plotlyReady, takeEarlyGrid } from "./preview.js";
import { mountRacers } from "./racers.js";
import { createRunner } from "./runner.js";
import { MAX_NOISE, runRequest, startPoint, usesLog, usesLossLog, viewDomain } from "./state.js";
import { readTheme, runColor } from "./theme.js";
import { createDataSurface, dataQuery, DATA_GRID_KEYS } from "./dataselection.js";
import { mountTransport } from "./transport.js";

export function createView({ store, api, catalogue, formula, config, showError }) {
  const { surfaces, optimizers, specs, schedules } = catalogue;
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
    limits: { maxSteps: Number(config.maxSteps) || 10000, maxNoise: MAX_NOISE },
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

  /** The runs drawn: the server's once a stream started, else the racers as configured (named as the
   * server will name them: a racer's own label first, so two SGDs of a lesson's race are told apart). */
  function runsNow() {
    if (runner.meta) return runner.meta.runs;
    return store.get().racers.map((r, i) => {
      const spec = specs.get(r.optimizer);
      const lr = r.params.lr;
      return { index: i, group: i, label: r.label ?? `${spec?.name ?? r.optimizer}${lr != null ? ` lr=${lr}` : ""}` };
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
        randomStarts: state.restarts > 1,
        runs: runsNow(),
        steps: runner.meta?.steps ?? state.steps,
      },
      s.frames.slice(0, s.shown),
    );
    transport.legend(plots.scene.runs);
    showScaleNote(plots.scene.scale);
    const keys = figureKeys(surface, { randomStarts: state.restarts > 1 }); // the captions say what the marks are: a curve of minima is no ★
    $("#key-3d").textContent = keys["3d"];
    $("#key-contour").textContent = keys.contour;
    $("#loss-log").checked = plots.scene.lossLog;
    onPlayer(player.status());
  }

  /** "(log scale)", or on a linear scale whose heights span orders of magnitude, an offer of the log scale. */
  function showScaleNote(scale) {
    const note = $("#scale-note");
    if (scale.log || scale.decades < 3) return note.replaceChildren(scale.log ? " (log scale)" : "");
    const offer = h("button", { type: "button", class: "link-button", onclick: () => store.set({ log: true }) }, "use the log scale");
    note.replaceChildren(` (the highest point is ${Math.floor(scale.decades)}+ orders of magnitude above a typical one: `, offer, ")");
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
    document.dispatchEvent(new CustomEvent("errorscape:selected", { detail: { index: hovered ?? s.shown - 1, frames: s.frames, runs, playing: s.playing && hovered == null } })); // optstate.js, datapanel.js
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

  return { store, api, dataSurface, plots, player, runner, transport, surfaces, optimizers, run, reset, setScene, loadGrid, hasRun, surfaceOf, grid: () => grid };
}
