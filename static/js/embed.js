// /embed: the app in an iframe. Reads the embed options (query string, or the hash), hides what was
// asked, fits the figures to the frame, and speaks the postMessage API with the parent page:
//   to the parent:  {type: "errorscape:ready" | "errorscape:resize" | "errorscape:step" | "errorscape:done", version: 1, ...}
//   from the parent: {type: "errorscape:run" | "errorscape:pause" | "errorscape:reset" | "errorscape:set-state", version: 1, ...}
// Commands are accepted only from the parent window, only when well-formed and of this version, and,
// when the server names allowed origins (ERRORSCAPE_EMBED_ORIGINS), only from those origins.
import { mountCamera, hashState } from "./hashstate.js";

export const API_VERSION = 1;
const STEP_INTERVAL_MS = 200; // errorscape:step at most five times a second
const VIEWS = ["3d", "contour", "both"];
const CONTROL_NAME = /^[a-z][a-z0-9_]{0,40}$/;

/** `<control>_hide=1` for these names hides a whole part; any other name hides the field of that name. */
const PARTS = {
  lessons: "#panel .lessons-nav",
  surface: "#panel .group:has(#surface-controls)",
  optimizers: "#panel .group:has(#racer-controls)",
  add_optimizer: ".add-racer",
  start: "#panel .group:has(#run-controls)",
  noise_schedule: "#panel .group:has(#noise-controls)",
  run: "#run",
  pause: "#pause",
  step: "#step",
  reset: "#reset",
  speed: ".transport .speed",
  timeline: ".transport .timeline",
  legend: "#legend",
  progress: "#progress",
};

/** The embed options, from the query string (the hash holds the view state). */
export function embedOptions(search = location.search) {
  const query = new URLSearchParams(search);
  const get = (key) => query.get(key);
  const hide = [];
  for (const [key, value] of query) {
    const name = key.endsWith("_hide") ? key.slice(0, -5) : null;
    if (name && CONTROL_NAME.test(name) && value === "1" && !hide.includes(name)) hide.push(name);
  }
  return {
    controls: get("controls") !== "0",
    autoplay: get("autoplay") === "1",
    view: VIEWS.includes(get("view")) ? get("view") : "3d",
    theme: ["light", "dark"].includes(get("theme")) ? get("theme") : null,
    hide,
  };
}

/** CSS that hides the named controls (names are checked against CONTROL_NAME: no injection). */
export function hidingRules(names) {
  return names
    .map((name) => PARTS[name] ?? `#panel .field:has([name="${name}"])`)
    .map((selector) => `${selector} { display: none !important; }`)
    .join("\n");
}

function applyLayout(options) {
  const body = document.body;
  body.dataset.view = options.view;
  body.classList.toggle("controls-off", !options.controls);
  if (options.theme) document.documentElement.dataset.theme = options.theme;
  if (options.hide.length) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(hidingRules(options.hide));
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
}

const config = document.getElementById("embed-config")?.dataset ?? {};
const allowedOrigins = (config.embedOrigins ?? "").split(/\s+/).filter(Boolean);
const inFrame = window.parent !== window;

function post(message) {
  if (!inFrame) return;
  const data = { ...message, version: API_VERSION };
  if (allowedOrigins.length) for (const origin of allowedOrigins) window.parent.postMessage(data, origin);
  else window.parent.postMessage(data, "*"); // nothing secret: what anyone could see in the frame
}

/**
 * The height (px) this embed would like at its current width: the frame's height with the figures at a
 * good shape for their width (16:10 each, or about square side by side) instead of the size they have.
 * It depends on the width only, so a parent that sets the frame to it causes no second change.
 */
export function preferredHeight(frameHeight, figures, view) {
  const box = figures.getBoundingClientRect();
  const rows = getComputedStyle(figures).gridTemplateRows.split(" ").length;
  const columns = view === "both" && rows === 1 ? 2 : 1;
  const figureHeight = Math.min(Math.max((box.width / columns) * (columns === 2 ? 0.9 : 0.62), 180), 900);
  return Math.ceil(frameHeight - box.height + figureHeight * rows);
}

/** The figures follow the frame's size (CSS); tell plotly when it changed, and the parent the height we want. */
function fitToFrame(app, view) {
  const figures = document.querySelector(".figures");
  let lastHeight = 0;
  const report = () => {
    const height = preferredHeight(innerHeight, figures, view);
    if (height !== lastHeight) {
      lastHeight = height;
      post({ type: "errorscape:resize", height });
    }
  };
  const plots = [...document.querySelectorAll(".figures .plot")];
  const resized = new ResizeObserver((entries) => {
    for (const { target, contentRect } of entries) {
      // Plotly fits a figure to its box when it draws it: resize only one whose box is now another size.
      const drawn = target._fullLayout;
      const same = drawn && Math.round(drawn.width) === Math.round(contentRect.width) &&
        Math.round(drawn.height) === Math.round(contentRect.height);
      if (!same && target.offsetParent && target.data && window.Plotly) window.Plotly.Plots.resize(target);
    }
    requestAnimationFrame(report);
  });
  for (const el of [document.body, ...plots]) resized.observe(el);
  report();
  // Drawn at another size than the frame's (the frame changed while the app started): draw again. Not
  // otherwise: a redraw now would also draw the 3D marks before the surface's first frame is on screen.
  if (app.plots.resized) app.plots.refresh();
}

/** In a narrow frame the settings (when shown) wait behind a button, over the figure. */
function settingsToggle() {
  const button = document.createElement("button");
  button.type = "button";
  button.id = "settings-toggle";
  button.className = "button";
  button.setAttribute("aria-controls", "panel");
  button.setAttribute("aria-expanded", "false");
  button.innerHTML = '<svg aria-hidden="true" viewBox="0 0 16 16"><path d="M2 3h12v2H2zM2 7h12v2H2zM2 11h12v2H2z"/></svg>Settings';
  button.addEventListener("click", () => {
    const open = document.body.classList.toggle("settings-open");
    button.setAttribute("aria-expanded", String(open));
  });
  document.querySelector(".transport .buttons")?.append(button);
}

/**
 * Each run's end, for the parent: the stream's done entry ({index, reason, step, x, y, loss}) with the
 * run's label and, when it stopped early, the server's plain-language message.
 */
export function outcomes(status, meta) {
  const messages = new Map();
  for (const frame of status.frames) for (const e of frame.events ?? []) messages.set(e.run, e.message);
  return (status.finished?.runs ?? []).map((r) => ({
    ...r,
    label: meta?.runs?.[r.index]?.label ?? `run ${r.index + 1}`,
    message: messages.get(r.index) ?? null,
  }));
}

/** errorscape:step (throttled) while a run plays, errorscape:done once it has been shown to the end. */
function reportProgress(app) {
  let lastStep = 0;
  let doneFor = null;
  document.addEventListener("errorscape:player", ({ detail: s }) => {
    const frame = s.frames[s.shown - 1];
    if (!frame) {
      doneFor = null;
      return;
    }
    const now = performance.now();
    const finished = s.finished && s.shown === s.received;
    if (!finished && now - lastStep >= STEP_INTERVAL_MS) {
      lastStep = now;
      post({ type: "errorscape:step", step: frame.step, x: frame.x, y: frame.y, loss: frame.loss });
    }
    if (finished && doneFor !== s.finished) {
      doneFor = s.finished;
      post({ type: "errorscape:done", reason: s.finished.reason, steps: s.finished.steps, step: frame.step,
        loss: frame.loss, runs: outcomes(s, app.runner.meta) });
    }
  });
}

/** Commands from the parent page. Anything not well-formed is ignored without a word. */
export function acceptCommands(app, hash) {
  addEventListener("message", (event) => {
    if (!inFrame || event.source !== window.parent) return;
    if (allowedOrigins.length && !allowedOrigins.includes(event.origin)) return;
    const m = event.data;
    if (!m || typeof m !== "object" || m.version !== API_VERSION || typeof m.type !== "string") return;
    if (m.type === "errorscape:run") app.run();
    else if (m.type === "errorscape:pause") app.player.pause();
    else if (m.type === "errorscape:reset") app.reset();
    else if (m.type === "errorscape:set-state") setState(app, hash, m);
  });
}

/** {state: "surface=bowl&lr=0.1" | {surface: "bowl", lr: 0.1}, run?: true}: read like a shared link. */
async function setState(app, hash, m) {
  let text = null;
  if (typeof m.state === "string" && m.state.length <= 8000) text = m.state;
  else if (m.state && typeof m.state === "object" && !Array.isArray(m.state)) {
    const pairs = Object.entries(m.state).filter(([, v]) => ["string", "number", "boolean"].includes(typeof v));
    text = new URLSearchParams(pairs.map(([k, v]) => [k, typeof v === "boolean" ? (v ? "1" : "0") : String(v)])).toString();
  }
  if (text == null) return;
  await hash.apply(text);
  if (m.run === true) app.run();
}

function start(app) {
  const options = embedOptions();
  const open = document.getElementById("embed-open");
  if (open) open.href = `${document.body.dataset.root}${location.hash}`;
  if (options.controls) settingsToggle();
  fitToFrame(app, options.view);
  mountCamera(app);
  reportProgress(app);
  acceptCommands(app, hashState());
  post({ type: "errorscape:ready", state: location.hash.replace(/^#/, "") });
  if (options.autoplay) app.run();
}

// Applied before the app draws, so hidden parts never flash; the rest once the app is ready.
applyLayout(embedOptions());
if (window.errorscape) start(window.errorscape);
else document.addEventListener("errorscape:ready", ({ detail }) => start(detail), { once: true });
