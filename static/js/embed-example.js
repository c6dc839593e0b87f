// The parent side of the embed's postMessage API, as a course page would write it (/embed/example).
// Copy freely: it needs nothing but the iframe.
const VERSION = 1;
const frame = document.getElementById("embed");
const log = document.getElementById("log");
const embedOrigin = new URL(frame.src, location.href).origin;
window.embedMessages = []; // every message received, for the curious (and the tests)

/** How one run ended: "Adam lr=0.1 converged at step 57 (loss 1.2e-9)", each run on its own. */
function outcome(run) {
  const loss = run.loss == null ? "" : ` (loss ${run.loss.toPrecision(4)})`;
  return `${run.label} ${run.reason} at step ${run.step}${loss}`;
}

/** Send a command to the embed; only the embed's origin may read it. */
function send(type, extra = {}) {
  frame.contentWindow.postMessage({ type, version: VERSION, ...extra }, embedOrigin);
}

addEventListener("message", (event) => {
  // Only our frame, only the API's messages.
  if (event.source !== frame.contentWindow || event.origin !== embedOrigin) return;
  const m = event.data;
  if (!m || m.version !== VERSION || typeof m.type !== "string" || !m.type.startsWith("errorscape:")) return;
  window.embedMessages.push(m);
  // The height the embed asks for (its figure at a good shape for the frame's width).
  if (m.type === "errorscape:resize" && m.height > 0) frame.style.height = `${Math.min(m.height, 4000)}px`;
  const item = document.createElement("li");
  const number = (v) => (v == null ? "—" : v.toPrecision(4));
  const losses = Array.isArray(m.loss) ? m.loss.map(number).join(", ") : "";
  item.textContent = {
    "errorscape:ready": "ready",
    "errorscape:resize": `resize: ${m.height}px`,
    "errorscape:step": `step ${m.step}: loss ${losses}`,
    "errorscape:done": `done after ${m.steps} steps: ${Array.isArray(m.runs) ? m.runs.map(outcome).join("; ") : m.reason}`,
  }[m.type] ?? m.type;
  log.append(item);
  if (log.children.length > 200) log.firstElementChild.remove();
  item.scrollIntoView({ block: "nearest" });
});

document.getElementById("cmd-run").addEventListener("click", () => send("errorscape:run"));
document.getElementById("cmd-pause").addEventListener("click", () => send("errorscape:pause"));
document.getElementById("cmd-reset").addEventListener("click", () => send("errorscape:reset"));
document.getElementById("cmd-state").addEventListener("click", () => {
  const lr = Number(document.getElementById("cmd-lr").value);
  // The same keys as a shared link's hash; a race lists one value per optimizer.
  send("errorscape:set-state", { state: { surface: "himmelblau", optimizer: "adam,sgd", lr: `${lr},${lr}`, steps: 100 }, run: true });
});
