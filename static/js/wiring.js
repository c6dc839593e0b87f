// Wiring: what a change of state does to the view (a new grid, a redrawn scene, the runs again), and
// the browser's events (theme, width, arrow keys on the contour map, the loss-scale box).
import { $ } from "./dom.js";
import { fpsFor, startPoint, GRID_KEYS, RUN_KEYS } from "./state.js";

export function wireView(view) {
  const { store, player, plots, runner, transport, run, reset, setScene, loadGrid, hasRun, surfaceOf } = view;

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
      const grid = view.grid();
      if (!d || !grid) return;
      event.preventDefault();
      const state = store.get();
      const start = startPoint(state, surfaceOf(state));
      const unit = ((grid.x[grid.x.length - 1] - grid.x[0]) / 100) * (event.shiftKey ? 10 : 1);
      store.set({ x0: Number((start.x + d[0] * unit).toPrecision(6)), y0: Number((start.y + d[1] * unit).toPrecision(6)) });
    });
  }

}
