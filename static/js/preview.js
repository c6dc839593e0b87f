// The first look at the surface, before plotly.js is ready. Even the app's build of plotly.js (1.7 MB) takes
// a second or more to run on a machine without a GPU, and its first WebGL scene more. So this module, loaded on its
// own (`type=module async`), fetches the surface list and the first grid at once (main.js reuses both),
// draws the grid into a <canvas> over the 3D view's box with plain canvas 2D (shaded quads painted far to
// near, with the Plotly scene's camera, box and colours, so the swap is seamless), and removes it when
// Plotly has drawn its scene (the `errorscape:surface-drawn` mark). It also decides when plotly.js runs:
// after the preview, because running it blocks the page (its bytes are preloaded meanwhile).
// No static imports: the requests leave as soon as this one small file has arrived; the drawing helpers
// (all in main.js's graph, so already being preloaded) are imported when the data is here.

const PREVIEW_MARK = "errorscape:surface-preview";
const DRAWN_MARK = "errorscape:surface-drawn";
const PLOTLY_AFTER_MS = 1000; // plotly.js waits for the preview at most this long
const MAX_CELLS = 40; // cells per axis drawn (every other grid line beyond): painting is per cell

const config = document.body.dataset;

async function getJSON(path, params) {
  const query = params ? `?${new URLSearchParams(params)}` : "";
  const response = await fetch(`${config.api}${path}${query}`); // no extra headers: it must match the page's preload
  if (!response.ok) throw new Error(`${path}: ${response.status}`); // main.js asks again, for the server's message
  return response.json();
}

/** The surface list, requested as soon as the page starts (main.js awaits the same promise). */
export const surfacesRequest = getJSON("/surfaces");
surfacesRequest.catch(() => {}); // main.js asks again and reports the error

/** Grid points per axis: fewer on a phone. */
const gridSize = () => Math.min(innerWidth < 600 ? 48 : 72, Number(config.maxGrid) || 400);

/** The grid query for a domain (main.js and the preview ask the same, so one request serves both). */
export function gridParams(domain) {
  return { n: gridSize(), xmin: domain.x[0], xmax: domain.x[1], ymin: domain.y[0], ymax: domain.y[1] };
}

let early = null; // {id, key, promise}: the preview's grid request, handed to main.js once
/** The preview's grid request if it is the one asked for (same surface and query), else null. */
export function takeEarlyGrid(id, params) {
  const found = early && early.id === id && early.key === JSON.stringify(params) ? early.promise : null;
  early = null;
  return found;
}

let plotly = null;
/** Loads plotly.js (once), after the preview is drawn or given up; resolves with window.Plotly. */
export function plotlyReady() {
  plotly ??= settled.then(
    () =>
      new Promise((resolve, reject) => {
        if (window.Plotly) return resolve(window.Plotly);
        const script = Object.assign(document.createElement("script"), { src: config.plotly });
        script.addEventListener("load", () => resolve(window.Plotly));
        script.addEventListener("error", () => reject(new Error("plotly.js could not be loaded.")));
        document.head.append(script);
      }),
  );
  return plotly;
}

/** The helpers the preview shares with the app (one place for the camera, box, scale and colours). */
const helpers = () =>
  Promise.all([import("./hashstate.js"), import("./landscape.js"), import("./state.js"), import("./theme.js")]).then(
    ([hash, landscape, state, theme]) => ({ ...hash, ...landscape, ...state, ...theme }),
  );

/** The view the page will open with: the shared link's surface, zoom, log scale and camera, else the defaults. */
function openingView(surfaces, lib) {
  const hash = location.hash.replace(/^#/, "");
  if (new URLSearchParams(hash).get("surface") === "custom") return null; // the formula is checked first
  const { patch } = lib.decodeState(hash, { surfaces, specs: new Map(), formula: false });
  const id = patch.surface ?? (surfaces.some((s) => s.id === "bowl") ? "bowl" : surfaces[0]?.id);
  const surface = surfaces.find((s) => s.id === id);
  if (!surface) return null;
  const eye = patch.camera ? { x: patch.camera[0], y: patch.camera[1], z: patch.camera[2] } : null; // null: fitted to the box
  return { surface, zoom: patch.zoom ?? 1, log: patch.log ?? Boolean(surface.log_scale), eye };
}

async function preview() {
  const el = document.getElementById("plot-3d");
  if (!el) return;
  const [surfaces, lib] = await Promise.all([surfacesRequest, helpers()]);
  const view = openingView(surfaces, lib);
  if (!view) return;
  const params = gridParams(lib.viewDomain(view.surface, view.zoom));
  const promise = getJSON(`/surfaces/${encodeURIComponent(view.surface.id)}/grid`, params);
  early = { id: view.surface.id, key: JSON.stringify(params), promise };
  const grid = await promise;
  if (performance.getEntriesByName(DRAWN_MARK).length || el.querySelector(".plot-container")) return; // Plotly was first
  const canvas = drawPreview(el, grid, view, lib);
  new PerformanceObserver((list, observer) => {
    if (!list.getEntriesByName(DRAWN_MARK).length) return;
    canvas.remove();
    observer.disconnect();
  }).observe({ type: "mark" });
  // The frame after the canvas is painted, like the mark of Plotly's first draw.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  performance.mark(PREVIEW_MARK);
}

/** The grid drawn in el's box: returns the canvas. */
function drawPreview(el, grid, view, lib) {
  const knownMin = Math.min(...view.surface.minima.map((m) => m.z).filter(Number.isFinite));
  const scale = lib.heightScale(grid.z, view.log, knownMin);
  const box = lib.sceneBox({ x: [grid.x[0], grid.x.at(-1)], y: [grid.y[0], grid.y.at(-1)] }, scale);
  const width = el.clientWidth;
  const height = el.clientHeight;
  const ratio = Math.min(Math.max(window.devicePixelRatio || 1, 1), 2);
  const canvas = Object.assign(document.createElement("canvas"), { width: Math.round(width * ratio), height: Math.round(height * ratio), className: "surface-preview" });
  canvas.setAttribute("aria-hidden", "true");
  // Drawn by the CPU, on this thread, not by the GPU process: without a GPU that
  // process rasterises in software, and while it paints a GPU-backed canvas, Plotly's first WebGL context,
  // which must wait for it, took up to a second to make (willReadFrequently is what makes a canvas CPU-backed).
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.scale(ratio, ratio);
  const project = lib.projector(box, view.eye ?? lib.fittedEye(box, width, height), lib.CAMERA, width, height);
  paintSurface(ctx, grid, scale, box, project, palette(lib.SURFACE_SCALE, lib.scaleColour));
  el.append(canvas);
  return canvas;
}

/** (t in [0, 1], light) -> CSS colour on the surface scale; a few hundred distinct colours, made once each. */
function palette(stops, scaleColour) {
  const made = new Map();
  return (t, light) => {
    const key = Math.round(t * 100) * 100 + Math.round(light * 50);
    if (!made.has(key)) made.set(key, `rgb(${scaleColour(stops, t).map((c) => Math.min(255, Math.round(c * light))).join(",")})`);
    return made.get(key);
  };
}

/** Indices 0, step, 2 step, ..., always ending at the last. */
function lines(count) {
  const step = Math.ceil((count - 1) / MAX_CELLS);
  const out = [];
  for (let i = 0; i < count - 1; i += step) out.push(i);
  return out.concat(count - 1);
}

/** The grid's cells as shaded quads, far to near (the painter's algorithm). */
function paintSurface(ctx, grid, scale, box, project, colour) {
  const rows = lines(grid.y.length);
  const cols = lines(grid.x.length);
  const h = rows.map((i) => cols.map((j) => scale.f(grid.z[i][j])));
  const xs = cols.map((j) => grid.x[j]);
  const ys = rows.map((i) => grid.y[i]);
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of h) for (const z of row) if (z != null) [lo, hi] = [Math.min(lo, z), Math.max(hi, z)];
  const points = h.map((row, i) => row.map((z, j) => (z == null ? null : project(xs[j], ys[i], z))));
  // Lambert shading with the light above, slopes measured in the scaled box (as steep as they look).
  const k = ["x", "y", "z"].map((a) => box.aspect[a] / (box[a][1] - box[a][0]));
  const cells = [];
  for (let i = 0; i < rows.length - 1; i += 1) {
    for (let j = 0; j < cols.length - 1; j += 1) {
      const c = [points[i][j], points[i][j + 1], points[i + 1][j + 1], points[i + 1][j]];
      if (c.some((p) => p == null)) continue;
      const z = [h[i][j], h[i][j + 1], h[i + 1][j + 1], h[i + 1][j]];
      const dx = (((z[1] + z[2] - z[0] - z[3]) / 2) * k[2]) / ((xs[j + 1] - xs[j]) * k[0]);
      const dy = (((z[2] + z[3] - z[0] - z[1]) / 2) * k[2]) / ((ys[i + 1] - ys[i]) * k[1]);
      const t = hi > lo ? ((z[0] + z[1] + z[2] + z[3]) / 4 - lo) / (hi - lo) : 0.5;
      cells.push({ c, depth: c[0][2] + c[1][2] + c[2][2] + c[3][2], fill: colour(t, 0.75 + 0.35 / Math.hypot(dx, dy, 1)) });
    }
  }
  cells.sort((a, b) => b.depth - a.depth);
  ctx.lineJoin = "round";
  ctx.lineWidth = 0.75; // each quad's own colour around it hides the seams between neighbours
  for (const { c, fill } of cells) {
    ctx.beginPath();
    ctx.moveTo(c[0][0], c[0][1]);
    for (let q = 1; q < 4; q += 1) ctx.lineTo(c[q][0], c[q][1]);
    ctx.closePath();
    ctx.fillStyle = fill;
    ctx.strokeStyle = fill;
    ctx.fill();
    ctx.stroke();
  }
}

/**
 * Resolves when the preview is drawn, or given up, or after PLOTLY_AFTER_MS: until then plotly.js and
 * main.js's controls wait, so that the page's one thread paints the surface first.
 */
export const settled = Promise.race([preview().catch(() => {}), new Promise((resolve) => setTimeout(resolve, PLOTLY_AFTER_MS))]);
plotlyReady().catch(() => {}); // at once, whether main.js asked yet or not
