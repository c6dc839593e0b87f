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
    if (!els.run.checkVisibility()) return; // no playback bar on screen (a lesson without the 2D figures): no invisible runs
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
      // The scrubber spans the whole run from the start; what has arrived shows as buffered.
      const last = Math.max(finished ? received - 1 : expectedFrames(meta) - 1, received - 1, 0);
      els.timeline.max = String(last);
      els.timeline.value = String(Math.max(shown - 1, 0));
      els.timeline.style.setProperty("--played", `${(100 * Math.max(shown - 1, 0)) / (last || 1)}%`);
      els.timeline.style.setProperty("--buffered", `${(100 * Math.max(received - 1, 0)) / (last || 1)}%`);
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
  if (!received) return !streaming ? "Ready: press Run." : meta ? "Waiting for the first step…" : "Starting…";
  if (!frame) return playing ? "Starting…" : "Paused before the first step.";
  const best = bestRun(frame, meta);
  const where = `Step ${frame.step} of ${total}`;
  // the best of the racers at the shown step, not the lowest loss any run reached (a diverged race has none low)
  const loss = best ? ` · best loss at this step ${fmt(best.loss)} (${best.label})` : "";
  if (finished && shown >= received) return `Finished: ${where}${loss}.`;
  const state = playing ? "" : "Paused · ";
  const buffered = received > shown ? ` · ${received - shown} ahead` : "";
  return `${state}${where}${loss}${buffered}`;
}

/** Frames a run sends: every `every`-th step from step 0, and always the last. */
export function expectedFrames(meta) {
  if (!meta) return 0;
  const every = meta.every || 1;
  return Math.floor(meta.steps / every) + 1 + (meta.steps % every ? 1 : 0);
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
