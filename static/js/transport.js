// The playback bar: Run / Pause / Step / Reset, speed, the progress readout, the timeline scrubber,
// the legend, and the keyboard shortcuts that drive them.
import { h, fmt, isInteractive, isTyping } from "./dom.js";
import { SPEEDS } from "./state.js";

const speedLabel = (s) => (Number.isFinite(s) ? `${s} steps/s` : "Instant");

/**
 * mountTransport(els, handlers): els = {run, pause, step, reset, speed, progress, timeline, legend};
 * handlers = {run, pause, step(n), reset, seek(count), speed(stepsPerSecond)}.
 */
export function mountTransport(els, handlers) {
  for (const s of SPEEDS) els.speed.append(h("option", { value: String(s) }, speedLabel(s)));
  els.run.addEventListener("click", () => handlers.run());
  els.pause.addEventListener("click", () => handlers.pause());
  els.step.addEventListener("click", () => handlers.step(1));
  els.reset.addEventListener("click", () => handlers.reset());
  els.speed.addEventListener("change", () => handlers.speed(Number(els.speed.value)));
  els.timeline.addEventListener("input", () => handlers.seek(Number(els.timeline.value) + 1));

  const toggle = () => (els.pause.disabled ? handlers.run() : handlers.pause());
  const keys = {
    " ": toggle,
    k: toggle,
    r: () => handlers.run(),
    ".": () => handlers.step(1),
    ",": () => handlers.step(-1),
    ArrowRight: (e) => handlers.step(e.shiftKey ? 10 : 1),
    ArrowLeft: (e) => handlers.step(e.shiftKey ? -10 : -1),
    Escape: () => handlers.reset(),
  };
  document.addEventListener("keydown", (event) => {
    const action = keys[event.key];
    if (!action || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event)) return;
    // Space and the arrows belong to whatever control has the focus (buttons, sliders, checkboxes...).
    if ((event.key === " " || event.key.startsWith("Arrow")) && isInteractive(event.target)) return;
    event.preventDefault();
    action(event);
  });

  return {
    setSpeed(speed) {
      els.speed.value = String(speed);
    },
    /** Reflect the player's status and the run's metadata. */
    update({ shown, received, playing, finished, frames }, meta, streaming) {
      els.pause.disabled = !playing;
      els.run.setAttribute("aria-keyshortcuts", "R");
      els.timeline.disabled = received < 2;
      els.timeline.max = String(Math.max(received - 1, 0));
      els.timeline.value = String(Math.max(shown - 1, 0));
      const total = meta?.steps;
      const frame = frames[shown - 1];
      els.timeline.setAttribute("aria-valuetext", frame ? `step ${frame.step} of ${total}` : "no steps yet");
      els.progress.textContent = progressText({ shown, received, playing, finished, frame, total, meta, streaming });
    },
    /**
     * The legend: one entry per optimizer, named like the server names it (optimizer and learning rate).
     * Restarts of one racer (same group, same colour) share its entry, with their count.
     */
    legend(runs) {
      const groups = new Map(); // group -> {run, count}, in the runs' order
      for (const r of runs) {
        const g = groups.get(r.group ?? r.index);
        if (g) g.count += 1;
        else groups.set(r.group ?? r.index, { run: r, count: 1 });
      }
      els.legend.replaceChildren(
        ...[...groups.values()].map(({ run, count }) =>
          h("li", { style: { "--racer": run.color } }, h("span", { class: "swatch", "aria-hidden": "true" }), run.label, count > 1 ? ` (${count} starts)` : null),
        ),
      );
    },
  };
}

function progressText({ shown, received, playing, finished, frame, total, meta, streaming }) {
  if (!meta && !received) return streaming ? "Starting…" : "Ready: press Run.";
  if (!frame) return "Waiting for the first step…";
  const best = bestRun(frame, meta);
  const where = `Step ${frame.step} of ${total}`;
  const loss = best ? ` · lowest loss ${fmt(best.loss)} (${best.label})` : "";
  if (finished && shown >= received) return `Finished: ${where}${loss}.`;
  const state = playing ? "" : "Paused · ";
  const buffered = received > shown ? ` · ${received - shown} ahead` : "";
  return `${state}${where}${loss}${buffered}`;
}

function bestRun(frame, meta) {
  let best = null;
  frame.loss.forEach((loss, i) => {
    if (loss != null && Number.isFinite(loss) && (!best || loss < best.loss)) {
      best = { loss, label: meta?.runs?.[i]?.label ?? `run ${i + 1}` };
    }
  });
  return best;
}
