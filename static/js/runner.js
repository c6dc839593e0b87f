// One run stream at a time: starts it, feeds its frames to the player, and aborts it on Reset or
// when a new run replaces it (so the server stops computing for nobody).

/**
 * createRunner({api, player, onStart(meta), onDone(done), onError(error)})
 * start(body, {paused}) begins a stream for every run of the view; stop() aborts it.
 */
export function createRunner({ api, player, onStart, onDone, onError }) {
  let controller = null;
  let meta = null;
  let body = null;
  let lastStep = -Infinity;
  let done = false;

  function start(request, { paused = false } = {}) {
    stop();
    body = request;
    meta = null;
    lastStep = -Infinity;
    done = false;
    player.reset();
    if (!paused) player.play();
    return follow(body, {});
  }

  async function follow(request, options) {
    const ctrl = new AbortController();
    controller = ctrl;
    const onEvent = (type, data) => {
      if (ctrl !== controller) return;
      if (type === "start") {
        if (meta) return; // a resumed stream may repeat it
        meta = data;
        onStart(data);
      } else if (type === "frame") {
        if (data.step <= lastStep) return; // already have it (resumed stream)
        lastStep = data.step;
        player.push(data);
      } else if (type === "done") {
        done = true;
        player.finish(data);
        onDone(data);
      }
    };
    try {
      await api.streamRuns(request, onEvent, ctrl.signal, options);
    } catch (error) {
      if (!ctrl.signal.aborted) {
        player.pause();
        onError(error);
      }
    } finally {
      if (controller === ctrl) controller = null;
    }
  }

  function stop() {
    if (controller) controller.abort();
    controller = null;
  }

  /** Continue the same run at another pace: a new stream that resumes after the last step received. */
  function repace(fps) {
    if (!controller || done || !body) return;
    body = { ...body, fps };
    const options = lastStep >= 0 ? { lastEventId: String(lastStep) } : {};
    controller.abort();
    follow(body, options);
  }

  return {
    start,
    stop,
    repace,
    get streaming() {
      return controller != null;
    },
    get meta() {
      return meta;
    },
  };
}
