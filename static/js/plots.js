// Draws the three figures (3D surface, contour, loss/gradient series) and keeps them linked.
// Two drawing paths: redraw() rebuilds every figure with Plotly.react (new scene, scrub back, theme);
// append() adds frames with ONE Plotly.extendTraces per figure, the cheap path used while playing.
import { figure3d, figureContour, landscapeExtension, landscapeRestyle, TRACE } from "./landscape.js";
import { figureSeries, seriesExtension, cursorShapes, growExtent, seriesRanges, rangeUpdate } from "./series.js";
import { PLOT_CONFIG, readTheme, runColor, heightScale, gridValue } from "./theme.js";

const Plotly = () => window.Plotly;

/**
 * createPlots({el3d, elContour, elSeries, onPickStart(x, y), onHover(frameIndex | null)})
 * The scene (surface, grid, runs, start, ...) is set with setScene(); frames arrive via
 * append()/redraw() from the player.
 */
export function createPlots({ el3d, elContour, elSeries, onPickStart, onHover }) {
  let v = null; // the view model every builder reads
  let drawn = false;
  let flatReady = false; // the contour and series figures exist (they follow the first 3D draw)
  const stats = { appends: 0, appends3d: 0, redraws: 0, appendMs: 0 }; // read by bench/page.py

  function model(scene, frames = []) {
    const theme = readTheme();
    const knownMin = Math.min(...scene.surface.minima.map((m) => m.z).filter(Number.isFinite));
    const runs = scene.runs.map((r, i) => ({ ...r, color: runColor(r.group ?? i, theme) }));
    const scale = heightScale(scene.grid.z, scene.log, knownMin);
    const startLoss = frames[0]?.loss[0] ?? gridValue(scene.grid, scene.start.x, scene.start.y);
    return {
      ...scene,
      theme,
      runs,
      scale,
      start: { ...scene.start, loss: startLoss },
      frames: [],
      events: [],
      divergedAt: {}, // run index -> step it diverged at
      highlight: null,
      highlightStep: null,
      compact: elSeries.clientWidth < 480,
      width: elSeries.clientWidth,
      size3d: { width: el3d.clientWidth, height: el3d.clientHeight }, // the camera is fitted to it
      sizeContour: { width: elContour.clientWidth, height: elContour.clientHeight }, // event labels must not overlap
    };
  }

  /** The events in `frames`, placed where they happened (at the map's edge if a run left it). */
  function collectEvents(frames) {
    const out = [];
    const clamp = (value, [lo, hi]) => Math.min(Math.max(value, lo), hi);
    for (const frame of frames) {
      for (const e of frame.events ?? []) {
        const run = v.runs.find((r) => r.index === e.run);
        if (!run) continue;
        if (e.reason === "diverged") v.divergedAt[e.run] = e.step;
        // A run that left the map is marked where its path crossed the edge (the event says where).
        const x = clamp(e.x ?? frame.x[e.run], v.domain.x);
        const y = clamp(e.y ?? frame.y[e.run], v.domain.y);
        const value = e.loss ?? frame.loss[e.run];
        const loss = Math.min(value ?? v.scale.hi, v.scale.hi); // on the map: no higher than the surface drawn
        // On the loss plot the mark sits at the loss the run reached (a diverged run's is far above the surface).
        const runLoss = Number.isFinite(value) ? value : loss;
        out.push({ ...e, label: run.label, color: run.color, x, y, loss, runLoss });
      }
    }
    return out;
  }

  function drawFlat() {
    const b = figureContour(v);
    const c = figureSeries(v);
    Plotly().react(elContour, b.data, b.layout, { ...PLOT_CONFIG, displayModeBar: false });
    Plotly().react(elSeries, c.data, c.layout, { ...PLOT_CONFIG, displayModeBar: false });
  }

  function drawAll() {
    const a = figure3d(v);
    // The first draw is the surface alone: each 3D trace compiles its own WebGL shaders (in software
    // here), so the marks and trajectories follow once the surface is on screen, with the flat figures.
    Plotly().react(el3d, drawn ? a.data : a.data.slice(0, 1), a.layout, PLOT_CONFIG);
    stats.redraws += 1;
    if (flatReady) drawFlat();
    if (drawn) return; // (the rest of the first draw is pending: it will draw the latest model)
    drawn = true;
    requestAnimationFrame(() => {
      performance.mark("errorscape:surface-drawn"); // what bench/page.py times; preview.js then leaves
      setTimeout(() => {
        const full = figure3d(v);
        Plotly().react(el3d, full.data, full.layout, PLOT_CONFIG);
        drawFlat();
        listen();
        flatReady = true;
        performance.mark("errorscape:figures-drawn");
      });
    });
  }

  /** Redraw every figure showing `frames` (all frames shown so far). */
  function redraw(frames = v?.frames ?? []) {
    if (!v) return;
    pending3d = [];
    v.frames = frames.slice();
    v.divergedAt = {};
    v.events = collectEvents(v.frames);
    v.extent = growExtent(null, v.frames, v);
    if (v.frames[0]) v.start.loss = v.frames[0].loss[0];
    if (v.highlight != null && v.highlight >= v.frames.length) v.highlight = null;
    drawAll();
  }

  // Every 3D update redraws the whole WebGL scene. Where that is slow (software rendering), the 3D view
  // takes new frames less often, in bigger batches, so that it uses at most about a third of the time
  // and the flat figures stay smooth; with a GPU it keeps up with every animation frame.
  let pending3d = []; // frames the 3D view has not drawn yet
  let next3dAt = 0;
  let timer3d = 0;

  function flush3d() {
    clearTimeout(timer3d);
    timer3d = 0;
    if (!v || !pending3d.length) return;
    const t0 = performance.now();
    Plotly().extendTraces(el3d, ...landscapeExtension(pending3d, v, "3d"));
    pending3d = [];
    const cost = performance.now() - t0;
    next3dAt = performance.now() + 2 * cost;
    stats.appends3d += 1;
  }

  /** Add `frames` to every trajectory: at most one extendTraces per figure per animation frame. */
  function append(frames) {
    if (!v || !frames.length) return;
    if (!flatReady || v.frames.length === 0) {
      redraw(v.frames.concat(frames));
      return;
    }
    const P = Plotly();
    const t0 = performance.now();
    for (const f of frames) v.frames.push(f);
    const fresh = collectEvents(frames); // before the extension: a run's lines end where it diverged
    for (const f of frames) pending3d.push(f);
    if (t0 >= next3dAt) flush3d();
    else if (!timer3d) timer3d = setTimeout(() => requestAnimationFrame(flush3d), next3dAt - t0);
    P.extendTraces(elContour, ...landscapeExtension(frames, v, "2d"));
    P.extendTraces(elSeries, ...seriesExtension(frames, v));
    const ranges = JSON.stringify(seriesRanges(v));
    v.extent = growExtent(v.extent, frames, v);
    const grown = seriesRanges(v);
    if (JSON.stringify(grown) !== ranges) P.relayout(elSeries, rangeUpdate(grown)); // the axes follow the data
    stats.appends += 1;
    stats.appendMs += performance.now() - t0;
    if (fresh.length) {
      v.events = v.events.concat(fresh);
      restyleMarks("marks");
    }
  }

  /** Redraw the marks (after events) or the highlighted step in both landscape figures. */
  function restyleMarks(which) {
    const P = Plotly();
    P.restyle(el3d, ...landscapeRestyle(v, "3d", which));
    P.restyle(elContour, ...landscapeRestyle(v, "2d", which));
    if (which === "marks") {
      const c = figureSeries(v);
      const e = c.data[c.data.length - 1];
      P.restyle(elSeries, { x: [e.x], y: [e.y], hovertext: [e.hovertext], "marker.color": [e.marker.color] }, [c.data.length - 1]);
    }
  }

  /** Mark frame `index` (or nothing) in every view. */
  let pendingHighlight;
  let highlightFrame = 0;
  function highlight(index) {
    pendingHighlight = index;
    if (highlightFrame) return;
    highlightFrame = requestAnimationFrame(() => {
      highlightFrame = 0;
      if (!v || !flatReady) return;
      const index = pendingHighlight != null && pendingHighlight < v.frames.length ? pendingHighlight : null;
      if (index === v.highlight) return;
      v.highlight = index;
      v.highlightStep = index == null ? null : v.frames[index].step;
      restyleMarks("highlight");
      Plotly().relayout(elSeries, { shapes: cursorShapes(v.highlightStep, v.theme) });
    });
  }

  function listen() {
    const hover = (event) => {
      const p = event.points?.find((q) => q.curveNumber >= TRACE.runs && q.curveNumber < TRACE.runs + v.runs.length);
      if (p) onHover(p.pointNumber);
    };
    el3d.on("plotly_hover", hover);
    elContour.on("plotly_hover", hover);
    elSeries.on("plotly_hover", (event) => {
      const p = event.points?.[0];
      if (p && p.curveNumber < 2 * v.runs.length) onHover(p.pointNumber);
    });
    for (const el of [el3d, elContour, elSeries]) el.on("plotly_unhover", () => onHover(null));
    // A plain click listener, not plotly_click: that one needs a hover point computed first, which
    // a slow machine may not have done yet when the click arrives.
    elContour.addEventListener("click", (event) => {
      const point = dataPoint(event);
      if (point) onPickStart(point.x, point.y);
    });
  }

  /** The data coordinates under a mouse event on the contour plot (not the nearest grid node). */
  function dataPoint(mouse) {
    const layout = elContour._fullLayout;
    if (!layout || !mouse) return null;
    const xa = layout.xaxis;
    const ya = layout.yaxis;
    const box = elContour.getBoundingClientRect();
    const px = mouse.clientX - box.left - xa._offset;
    const py = mouse.clientY - box.top - ya._offset;
    if (px < 0 || py < 0 || px > xa._length || py > ya._length) return null;
    // A click is only as precise as a pixel: keep the digits that mean something.
    const quantum = 10 ** Math.floor(Math.log10((xa.range[1] - xa.range[0]) / xa._length));
    const snap = (value) => Number((Math.round(value / quantum) * quantum).toFixed(Math.max(0, -Math.log10(quantum))));
    return { x: snap(xa.p2l(px)), y: snap(ya.p2l(py)) };
  }

  return {
    stats,
    /** Set what is drawn: surface, grid, domain, log, start, runs, steps, lossLog. Redraws. */
    setScene(scene, frames = []) {
      v = model(scene, frames);
      redraw(frames);
    },
    /** Whether the figures are no longer the size they were drawn at (the 3D camera is fitted to it). */
    get resized() {
      return !!v && (v.width !== elSeries.clientWidth || v.size3d.width !== el3d.clientWidth || v.size3d.height !== el3d.clientHeight);
    },
    /** Re-read the theme and the figure width (after a resize or a colour-scheme change). */
    refresh() {
      if (!v) return;
      const theme = readTheme();
      v.theme = theme;
      v.runs = v.runs.map((r, i) => ({ ...r, color: runColor(r.group ?? i, theme) }));
      v.compact = elSeries.clientWidth < 480;
      v.width = elSeries.clientWidth;
      v.size3d = { width: el3d.clientWidth, height: el3d.clientHeight };
      v.sizeContour = { width: elContour.clientWidth, height: elContour.clientHeight };
      redraw(v.frames);
    },
    get scene() {
      return v;
    },
    /** True when the 3D view has drawn every frame the others have. */
    get settled() {
      return pending3d.length === 0;
    },
    append,
    redraw,
    highlight,
  };
}
