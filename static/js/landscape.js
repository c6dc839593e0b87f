// The two views of the surface itself: a 3D Plotly `surface` and a 2D `contour`, each with one
// trajectory per run, and the 3D camera fitted to the plot's box. Pure builders: they return figures and extendTraces payloads; plots.js decides
// when to draw. Few traces on purpose: every 3D trace costs shader programs in WebGL.
import { baseLayout, gridValue, inkOn, scaleColour, SURFACE_SCALE } from "./theme.js";
import { fmt } from "./dom.js";
import { eventLabels } from "./eventlabels.js";

const FOVY = Math.PI / 4; // Plotly's (gl-plot3d's) perspective

// Trace order, the same in both figures: the surface; the marks (known points, the start, events);
// the highlighted step; every run's current point (one trace); then one trajectory per run; last, on a
// surface whose minima form a curve, that curve (after the runs, so their indices never move).
export const TRACE = { surface: 0, marks: 1, highlight: 2, current: 3, runs: 4 };
export const trajectoryIndex = (run) => TRACE.runs + run;

// 3D markers are glyphs drawn from a font, and only the circles are safe in every font.
// The star is for global minima only; local minima get a small, quieter diamond (the caption says so).
const SYMBOLS = {
  "3d": { minimum: "circle", "local-minimum": "circle-open", saddle: "circle-open", maximum: "circle-open", degenerate: "circle-open", start: "circle-open", event: "circle-open" },
  "2d": { minimum: "star", "local-minimum": "diamond-open", saddle: "x-thin", maximum: "square-open", degenerate: "cross-thin", start: "circle-open", event: "x" },
};
const CONTOUR_MARGIN = { l: 46, r: 10, t: 10, b: 40 };
const MARK_SIZE = { minimum: 1, "local-minimum": 0.6 };

/**
 * The height at which a loss is drawn: scaled, and lifted a little so that lines are not hidden in the
 * mesh; markers (flat sprites) are lifted more, or the surface cuts them in half.
 */
const LINE_LIFT = 0.01;
const MARKER_LIFT = 0.03;
function lifter(scale, share = LINE_LIFT) {
  const lift = (scale.f(scale.hi) - scale.f(scale.lo)) * share;
  return (loss) => {
    const z = scale.f(loss);
    return z == null ? null : z + lift;
  };
}

function column(frames, key, run) {
  return frames.map((f) => f[key][run]);
}

/** c where the surface's global minima are the curve w₁·w₂ = c (deep-linear's hyperbola), else null. */
export const minimaProduct = (surface) => (Number.isFinite(surface?.extra?.product) ? surface.extra.product : null);

/** The hyperbola x·y = c inside the box, as one line with a gap (null) between its branches. */
export function hyperbola(c, range) {
  const x = [];
  const y = [];
  const n = 400;
  for (let k = 0; k <= n; k += 1) {
    const w = range.x[0] + ((range.x[1] - range.x[0]) * k) / n;
    const v = w === 0 ? null : c / w;
    const inside = v != null && v >= range.y[0] && v <= range.y[1];
    if (inside || (x.length && x[x.length - 1] != null)) x.push(inside ? w : null), y.push(inside ? v : null);
  }
  return { x, y };
}

/** A known point's kind as drawn: the API's `global` flag decides between the star and the quiet mark. */
function knownKind(m) {
  if (m.global) return "minimum";
  return m.kind === "minimum" || m.kind == null ? "local-minimum" : m.kind;
}

/** Every mark as one list: the surface's known points, the start, and what happened to the runs. */
function markPoints(v) {
  const ink = v.theme.dark ? "#ffffff" : "#111111";
  // Where the minima form a curve the curve is drawn instead: a ★ would single out two of its points.
  const minima = minimaProduct(v.surface) == null ? v.surface.minima : [];
  const known = [...minima, ...(v.surface.critical_points ?? [])].map((m) => ({ ...m, kind: knownKind(m) }));
  const labels = eventLabels(v, CONTOUR_MARGIN);
  const names = { minimum: "global minimum", "local-minimum": "local minimum" };
  return [
    ...known.map((m) => ({ x: m.x, y: m.y, loss: m.z, kind: m.kind, color: ink, size: MARK_SIZE[m.kind] ?? 1, label: "", position: "top center",
      hover: `${names[m.kind] ?? m.kind} at (${fmt(m.x)}, ${fmt(m.y)}), loss ${fmt(m.z)}` })),
    // seeded random starts do not use the start fields: a ○ there would mark a start no run had
    ...(v.randomStarts ? [] : [{ x: v.start.x, y: v.start.y, loss: v.start.loss, kind: "start", color: v.theme.fg, size: 1.25, label: "",
      position: "top center", hover: `start (${fmt(v.start.x)}, ${fmt(v.start.y)})` }]),
    ...v.events.map((e, i) => ({ x: e.x, y: e.y, loss: e.loss, kind: "event", color: e.color, size: 1, label: labels[i].text,
      position: labels[i].position, hover: `step ${e.step}: ${e.message}` })),
  ];
}

/** (x, y, loss) -> the ink that reads on the contour map's colour under a mark, where its label is written
 * (a minimum's ground is dark, a peak's light): the map's own loss there, else the mark's. */
function groundInk(v) {
  let [lo, hi] = [Infinity, -Infinity]; // the map's colour range (Plotly's automatic one)
  for (const row of scaledZ(v)) for (const z of row) if (Number.isFinite(z)) [lo, hi] = [Math.min(lo, z), Math.max(hi, z)];
  return (x, y, loss) => {
    const z = v.scale.f(gridValue(v.grid, x, y) ?? loss);
    const t = z == null || !(hi > lo) ? 1 : Math.min(Math.max((z - lo) / (hi - lo), 0), 1);
    return inkOn(scaleColour(SURFACE_SCALE, t));
  };
}

/** The contour's labels for `points`: events' in the ink that reads on the map under them. */
function labelsOn(points, v) {
  const ink = groundInk(v);
  const color = points.map((p) => (p.kind === "event" ? ink(p.x, p.y, p.loss) : v.theme.fg));
  return { text: points.map((p) => p.label), textposition: points.map((p) => p.position), textfont: { color }, cliponaxis: false };
}

function marksTrace(kind, v) {
  const is3d = kind === "3d";
  const z = lifter(v.scale, MARKER_LIFT);
  const points = markPoints(v);
  return {
    type: is3d ? "scatter3d" : "scatter",
    mode: is3d ? "markers" : "markers+text",
    name: "marks",
    x: points.map((p) => p.x),
    y: points.map((p) => p.y),
    ...(is3d ? { z: points.map((p) => z(p.loss)) } : labelsOn(points, v)),
    hovertext: points.map((p) => p.hover),
    hoverinfo: "text",
    marker: {
      symbol: points.map((p) => SYMBOLS[kind][p.kind] ?? "circle"),
      size: points.map((p) => p.size * (is3d ? 7 : 13)),
      color: points.map((p) => p.color),
      line: { color: v.theme.dark ? "#111111" : "#ffffff", width: is3d ? 1 : 1.5 },
    },
  };
}

/** One marker per run at `frame` (none without a frame), in the runs' colours. */
function runMarkers(kind, v, frame, name, marker) {
  const is3d = kind === "3d";
  const z = lifter(v.scale, MARKER_LIFT);
  const at = (value) => (frame ? v.runs.map((r) => value(frame, r.index)) : []);
  return {
    type: is3d ? "scatter3d" : "scatter",
    mode: "markers",
    name,
    x: at((f, i) => f.x[i]),
    y: at((f, i) => f.y[i]),
    ...(is3d ? { z: at((f, i) => z(f.loss[i])) } : {}),
    marker: { color: v.runs.map((r) => r.color), ...marker },
    hoverinfo: "skip",
  };
}

/** The selected step: a ring at each run's position. */
function highlightTrace(kind, v) {
  const frame = v.highlight == null ? null : v.frames[v.highlight];
  return runMarkers(kind, v, frame, "selected step", { symbol: "circle-open", size: kind === "3d" ? 12 : 18, line: { width: 3 } });
}

/** Every run's current point in one trace: point i is run i (extended with maxPoints = runs). */
function currentTrace(kind, v) {
  const outline = { color: v.theme.dark ? "#000" : "#fff", width: kind === "3d" ? 1 : 2 };
  return runMarkers(kind, v, v.frames[v.frames.length - 1], "now", { size: kind === "3d" ? 7 : 11, line: outline });
}

function trajectoryTraces(kind, v) {
  const z = lifter(v.scale);
  const is3d = kind === "3d";
  return v.runs.map((run) => ({
    type: is3d ? "scatter3d" : "scatter",
    mode: "lines", // markers on every step would restyle thousands of SVG nodes per animation frame
    name: run.label,
    x: column(v.frames, "x", run.index),
    y: column(v.frames, "y", run.index),
    ...(is3d ? { z: v.frames.map((f) => z(f.loss[run.index])) } : {}),
    line: { color: run.color, width: is3d ? 6 : 2 },
    hovertemplate: `${run.label}<br>step %{pointNumber}<br>${pointHover(v)}<extra></extra>`,
  }));
}

/** The set of global minima as a line, where it is a curve (every point of it has the same, lowest loss). */
function minimaCurveTraces(kind, v) {
  const c = minimaProduct(v.surface);
  if (c == null) return [];
  const is3d = kind === "3d";
  const line = hyperbola(c, v.domain);
  const loss = v.surface.minima[0]?.z;
  const z = lifter(v.scale);
  return [{
    type: is3d ? "scatter3d" : "scatter",
    mode: "lines",
    name: MINIMA_CURVE,
    ...line,
    ...(is3d ? { z: line.x.map((w) => (w == null ? null : z(loss))) } : {}),
    line: { color: v.theme.dark ? "#ffffff" : "#111111", width: is3d ? 4 : 2, dash: is3d ? "solid" : "dash" },
    hovertext: `minima: every point of w₁·w₂ = ${fmt(c)} has the lowest loss, ${fmt(loss)}`,
    hoverinfo: "text",
  }];
}

function overlayTraces(kind, v) {
  return [marksTrace(kind, v), highlightTrace(kind, v), currentTrace(kind, v), ...trajectoryTraces(kind, v), ...minimaCurveTraces(kind, v)];
}

export const MINIMA_CURVE = "minima (a curve)";
/** The figures' keys (their captions): the marks this surface has, and a curve of minima said as such. */
const KEY_2D = { minimum: "★ global minimum", "local-minimum": "◇ local minimum", saddle: "× saddle", maximum: "□ maximum", degenerate: "+ degenerate point" };
export function figureKeys(surface, { randomStarts = false } = {}) {
  const curve = minimaProduct(surface) != null;
  const kinds = new Set([...(curve ? [] : surface?.minima ?? []), ...(surface?.critical_points ?? [])].map(knownKind));
  const marks = Object.keys(KEY_2D).filter((k) => kinds.has(k)).map((k) => KEY_2D[k]);
  const others = kinds.size > (kinds.has("minimum") ? 1 : 0);
  const sentence = (parts) => (parts.some(Boolean) ? `${parts.filter(Boolean).join(", ")}.` : "");
  return {
    "3d": sentence([curve ? `— ${MINIMA_CURVE}` : kinds.has("minimum") ? "● global minimum" : null, others ? "○ other known points" : null]),
    contour: sentence([curve ? `- - ${MINIMA_CURVE}` : null, ...marks, randomStarts ? null : "○ start"]),
  };
}

/** What the 3D surface and the contour share: the grid, the scale, the colours, the hover text. */
function gridTrace(v, type) {
  return { type, name: v.surface.name, x: v.grid.x, y: v.grid.y, z: scaledZ(v), colorscale: SURFACE_SCALE, showscale: false, ...surfaceHover(v) };
}

function surfaceHover(v) {
  if (!v.scale.log) return { hovertemplate: `${pointHover(v)}<br>loss %{z:.4g}<extra></extra>` };
  // On a log scale the drawn height is not the loss: show the real value.
  return { text: v.grid.z.map((row) => row.map((z) => fmt(z))), hovertemplate: `${pointHover(v)}<br>loss %{text}<extra></extra>` };
}

function scaledZ(v) {
  return v.scale.log ? v.grid.z.map((row) => row.map(v.scale.f)) : v.grid.z;
}

/** What the plot's x and y are: the surface's weights where the API names them (``extra.axes``: a data
 * model's slope and intercept, a network's chosen weights), else plain x and y. */
export function axisNames(surface) {
  const axes = surface?.extra?.axes;
  return Array.isArray(axes) && axes.length === 2 ? axes : ["x", "y"];
}

/** "w (slope) %{x:.4g}, b (intercept) %{y:.4g}": a point in hover text, with the axes' names. */
function pointHover(v) {
  const [x, y] = axisNames(v.surface);
  return `${x} %{x:.4g}, ${y} %{y:.4g}`;
}

function axisStyle(theme, title) {
  return { title: { text: title }, color: theme.muted, gridcolor: theme.grid, zerolinecolor: theme.grid, tickfont: { size: theme.fontSize - 1 } };
}

/** The 3D view's default camera (Plotly scene units: the box is centred on 0, sides = aspect ratios). */
export const CAMERA = { eye: { x: -1.3, y: -1.5, z: 1.1 }, center: { x: 0, y: 0, z: -0.15 }, up: { x: 0, y: 0, z: 1 } };

/** The 3D box: axis ranges and aspect ratios for a domain and a height scale (also used by preview.js). */
export function sceneBox(domain, scale) {
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  const zlo = scale.f(scale.lo);
  const zhi = scale.f(scale.hi);
  const pad = (zhi - zlo || 1) * 0.05;
  const ratio = Math.min(Math.max((y1 - y0) / (x1 - x0), 0.5), 2);
  return { x: [x0, x1], y: [y0, y1], z: [zlo - pad, zhi + pad], aspect: { x: 1, y: ratio, z: 0.65 } };
}

/**
 * Data -> screen as gl-plot3d does it: the box scaled to its aspect ratios and centred on 0, a look-at
 * camera (eye, centre, up) and a perspective of vertical field FOVY. Returns (x, y, z) -> [px, py, depth].
 */
export function projector(box, eye, camera, width, height) {
  const sub = (a, b) => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
  const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const cross = (a, b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const unit = (a) => a.map((c) => c / Math.hypot(...a));
  const vec = (p) => [p.x, p.y, p.z];
  const e = vec(eye);
  const f = unit(sub(vec(camera.center), e));
  const s = unit(cross(f, vec(camera.up)));
  const u = cross(s, f);
  const axes = ["x", "y", "z"].map((k) => ({ mid: (box[k][0] + box[k][1]) / 2, k: box.aspect[k] / (box[k][1] - box[k][0]) }));
  const focal = height / 2 / Math.tan(FOVY / 2);
  return (x, y, z) => {
    const p = sub([(x - axes[0].mid) * axes[0].k, (y - axes[1].mid) * axes[1].k, (z - axes[2].mid) * axes[2].k], e);
    const depth = dot(p, f);
    return [width / 2 + (focal * dot(p, s)) / depth, height / 2 - (focal * dot(p, u)) / depth, depth];
  };
}

/**
 * The default camera moved along its line of sight until the box fills its plot: corners at most FIT of the
 * way to the plot's edges. A wide, short embed then shows a large surface and a tall phone plot no
 * cropped one (a fixed eye leaves the one small and crops the other).
 */
const FIT = { x: 0.88, y: 0.92 }; // room for the tick labels, which stand out of the box
export function fittedEye(box, width, height) {
  if (!(width > 0 && height > 0)) return { ...CAMERA.eye };
  const c = CAMERA.center;
  const at = (t) => ({ x: c.x + t * (CAMERA.eye.x - c.x), y: c.y + t * (CAMERA.eye.y - c.y), z: c.z + t * (CAMERA.eye.z - c.z) });
  const corners = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => [box.x[i & 1], box.y[(i >> 1) & 1], box.z[(i >> 2) & 1]]);
  const fits = (t) => {
    const project = projector(box, at(t), CAMERA, width, height);
    return corners.every((p) => {
      const [px, py, depth] = project(...p);
      return depth > 0 && Math.abs(px - width / 2) <= (FIT.x * width) / 2 && Math.abs(py - height / 2) <= (FIT.y * height) / 2;
    });
  };
  let [near, far] = [0.2, 4]; // in units of the default eye's distance; bisect for the nearest that fits
  for (let k = 0; k < 30; k += 1) {
    const mid = (near + far) / 2;
    if (fits(mid)) far = mid;
    else near = mid;
  }
  return at(far);
}

/** The 3D figure: surface, landmarks, start, highlight, events, then the runs. */
export function figure3d(v) {
  const box = sceneBox(v.domain, v.scale);
  const zaxis = { ...axisStyle(v.theme, ""), range: box.z, nticks: 6 }; // the caption names it
  const [xName, yName] = axisNames(v.surface);
  if (v.scale.log) Object.assign(zaxis, { tickvals: v.scale.tickvals, ticktext: v.scale.ticktext });
  const data = [
    {
      ...gridTrace(v, "surface"),
      contours: { z: { show: true, usecolormap: false, color: "rgba(255,255,255,0.35)", width: 1, highlight: false } },
      lighting: { ambient: 0.75, diffuse: 0.6, specular: 0.05, roughness: 0.9 },
    },
    ...overlayTraces("3d", v),
  ];
  const layout = {
    ...baseLayout(v.theme, v.compact),
    margin: { l: 0, r: 0, t: 0, b: 0 },
    scene: {
      uirevision: "errorscape",
      // Few ticks: every 3D tick label is text turned into triangles at draw time.
      xaxis: { ...axisStyle(v.theme, xName), range: box.x, nticks: 6 },
      yaxis: { ...axisStyle(v.theme, yName), range: box.y, nticks: 6 },
      zaxis,
      aspectmode: "manual",
      aspectratio: box.aspect,
      camera: { eye: fittedEye(box, v.size3d?.width, v.size3d?.height), center: { ...CAMERA.center } }, // new objects: Plotly may write into its layout
      dragmode: "turntable",
    },
  };
  return { data, layout };
}

/** The contour figure: the same traces in the plane; equal axis scales keep gradients perpendicular to contours. */
export function figureContour(v) {
  const data = [
    {
      ...gridTrace(v, "contour"),
      ncontours: 24,
      contours: { coloring: "heatmap", showlines: true },
      line: { color: "rgba(255,255,255,0.35)", width: 0.6, smoothing: 0.8 },
    },
    ...overlayTraces("2d", v),
  ];
  const [xName, yName] = axisNames(v.surface);
  const layout = {
    ...baseLayout(v.theme, v.compact),
    margin: CONTOUR_MARGIN,
    dragmode: false,
    hovermode: "closest",
    xaxis: { ...axisStyle(v.theme, xName), range: v.domain.x, fixedrange: true, zeroline: false, constrain: "domain", showgrid: false },
    yaxis: { ...axisStyle(v.theme, yName), range: v.domain.y, fixedrange: true, zeroline: false, scaleanchor: "x", scaleratio: 1, constrain: "domain", showgrid: false },
  };
  return { data, layout };
}

/** extendTraces arguments that add `frames` to every trajectory and move every current point. */
export function landscapeExtension(frames, v, kind) {
  const line = lifter(v.scale);
  const marker = lifter(v.scale, MARKER_LIFT);
  const last = frames[frames.length - 1];
  const keys = kind === "3d" ? ["x", "y", "z"] : ["x", "y"];
  const value = { x: (f, i) => f.x[i], y: (f, i) => f.y[i], z: (f, i) => line(f.loss[i]) };
  const current = { ...value, z: (f, i) => marker(f.loss[i]) };
  const update = {};
  for (const key of keys) {
    update[key] = v.runs.map((run) => frames.map((f) => value[key](f, run.index)));
    update[key].push(v.runs.map((run) => current[key](last, run.index))); // the current points
  }
  const indices = [...v.runs.map((_, i) => trajectoryIndex(i)), TRACE.current];
  const limits = [...v.runs.map(() => -1), v.runs.length]; // trajectories grow; current points keep the last R
  const maxPoints = Object.fromEntries(keys.map((k) => [k, limits]));
  return [update, indices, maxPoints];
}

/** restyle arguments for the marks or the highlight trace. */
export function landscapeRestyle(v, kind, which) {
  const trace = which === "marks" ? marksTrace(kind, v) : highlightTrace(kind, v);
  const keys = ["x", "y", "z", "text", "textposition", "hovertext"].filter((k) => k in trace);
  const out = Object.fromEntries(keys.map((k) => [k, [trace[k]]]));
  for (const k of ["symbol", "size", "color"]) out[`marker.${k}`] = [trace.marker[k]];
  if (trace.textfont) out["textfont.color"] = [trace.textfont.color]; // one ink per label: as long as `text`
  return [out, [which === "marks" ? TRACE.marks : TRACE.highlight]];
}
