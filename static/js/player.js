// Playback: a buffer of received frames and a cursor over it. Frames are revealed at `speed`
// steps per second; everything revealed within one animation frame goes to the view in ONE
// append (one batched extendTraces per figure), so drawing never falls behind by more than a tick.

/**
 * createPlayer(view, onChange) where view = {append(frames), redraw(frames)}.
 * onChange(status) after every change of what is shown or of playing/paused.
 */
const CATCH_UP_AFTER_S = 0.5;

export function createPlayer(view, onChange = () => {}) {
  let frames = []; // every frame received for the current run, in step order
  let shown = 0; // how many frames the figures show
  let wanted = 0; // how many they should show (Step may ask for frames that have not arrived yet)
  let playing = false;
  let finished = null; // the `done` event once the stream ended
  let speed = 60;
  let credit = 0; // fractional steps earned since the last revealed one
  let lastTime = null;
  let raf = 0;
  let announcedPlaying = false;
  let banked = 0; // frames already waiting when play began: watched at speed, never fast-forwarded
  const stats = { received: 0, drawn: 0, ticks: 0, flushes: 0, maxBacklog: 0 };

  const status = () => ({ shown, received: frames.length, playing, finished, frames, stats });

  function schedule() {
    if (!raf) raf = requestAnimationFrame(tick);
  }

  function tick(time) {
    raf = 0;
    stats.ticks += 1;
    // No cap on dt: when drawing is slow, each animation frame reveals more steps (bigger batches),
    // so playback keeps its speed instead of falling behind the stream.
    const dt = lastTime == null ? 0 : (time - lastTime) / 1000;
    lastTime = time;
    if (playing) {
      if (!Number.isFinite(speed)) wanted = frames.length;
      else {
        // Frames buffered when play began (after a pause, say) are played at speed; a live lag beyond
        // half a second (bursts, slow draws) is caught up at 1.25x so the view stays near the stream.
        const lag = frames.length - Math.max(wanted, shown) - banked;
        credit += speed * dt * (lag > speed * CATCH_UP_AFTER_S ? 1.25 : 1);
        const add = Math.floor(credit);
        credit -= add;
        wanted = Math.max(wanted, shown) + add;
        if (wanted >= frames.length) credit = 0; // starved: don't bank steps for frames not yet here
        banked = Math.min(banked, frames.length - Math.min(wanted, frames.length));
      }
      wanted = Math.min(wanted, frames.length);
      if (finished && shown >= frames.length) playing = false;
    }
    const target = Math.min(wanted, frames.length);
    if (target > shown) {
      view.append(frames.slice(shown, target));
      stats.flushes += 1;
    } else if (target < shown) {
      view.redraw(frames.slice(0, target));
    }
    const changed = target !== shown;
    shown = target;
    stats.drawn = shown;
    stats.maxBacklog = Math.max(stats.maxBacklog, frames.length - shown);
    if (changed || playing !== announcedPlaying) onChange(status());
    announcedPlaying = playing;
    if (playing || wanted > shown && !(finished && wanted >= frames.length)) schedule();
    else lastTime = null;
  }

  return {
    status,
    stats,
    /** Forget everything: a new run is about to stream. */
    reset() {
      frames = [];
      shown = 0;
      wanted = 0;
      finished = null;
      playing = false;
      credit = 0;
      banked = 0;
      stats.received = 0;
      stats.drawn = 0;
      stats.maxBacklog = 0;
      onChange(status());
    },
    push(frame) {
      frames.push(frame);
      stats.received = frames.length;
      if (playing || wanted > shown) schedule();
      else onChange(status());
    },
    finish(done) {
      finished = done;
      wanted = Math.min(wanted, frames.length);
      schedule();
      onChange(status());
    },
    play() {
      if (finished && shown >= frames.length) return;
      playing = true;
      banked = frames.length - shown;
      schedule();
      onChange(status());
    },
    pause() {
      playing = false;
      wanted = shown;
      onChange(status());
    },
    /** Show `n` more (or, negative, fewer) steps, pausing playback; waits for frames not yet here. */
    step(n = 1) {
      playing = false;
      // From nothing, one step forward shows the start point and step 1.
      wanted = n > 0 ? Math.max(shown, 1) + n : Math.max(1, shown + n);
      if (finished) wanted = Math.min(wanted, frames.length);
      schedule();
      onChange(status());
    },
    /** Show exactly the first `count` frames (the timeline scrubber). */
    seek(count) {
      playing = false;
      wanted = Math.max(1, Math.min(count, frames.length));
      schedule();
    },
    setSpeed(stepsPerSecond) {
      speed = stepsPerSecond;
    },
    get playing() {
      return playing;
    },
  };
}
