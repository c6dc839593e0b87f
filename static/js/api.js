// The HTTP API client: JSON resources and the run stream (POST, read as server-sent events).
import { createSSEParser } from "./sse.js";

/** A 4xx/5xx answer, with the server's message ("lr: must be between 1e-06 and 10"). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail && typeof body.detail === "string" ? body.detail : `The server answered ${status}.`);
    this.status = status;
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
  }
  get retryable() {
    return this.status >= 500 || this.status === 429;
  }
}

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: keep the status
  }
  return new ApiError(response.status, body);
}

/** GET a JSON resource, rejecting with an ApiError that carries the server's message. */
export async function getJSON(url, signal) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, signal });
  if (!response.ok) throw await errorOf(response);
  return response.json();
}

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/**
 * POST the run request and call onEvent(type, data, id) for each event (start, frame, done).
 * A dropped connection is resumed with Last-Event-ID (the server continues after that step);
 * resolves after `done`, rejects on a 4xx, after `retries` failed reconnects, or when aborted.
 */
export async function streamRuns(url, body, onEvent, signal, { retries = 3, lastEventId = null } = {}) {
  let finished = false;
  let attempt = 0;
  let retryMs = 500;
  while (!finished) {
    try {
      const headers = { "Content-Type": "application/json", Accept: "text/event-stream" };
      if (lastEventId != null) headers["Last-Event-ID"] = lastEventId;
      const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal, cache: "no-store" });
      if (!response.ok) throw await errorOf(response);
      const parser = createSSEParser((event) => {
        if (event.id != null) lastEventId = event.id;
        if (event.type === "done") finished = true;
        onEvent(event.type, JSON.parse(event.data), event.id);
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(value);
        attempt = 0; // progress: a later drop gets its full set of retries again
      }
      if (parser.retry != null) retryMs = parser.retry;
      if (!finished) throw new Error("The run stream ended before it was done.");
    } catch (error) {
      if (signal?.aborted) throw error;
      if ((error instanceof ApiError && !error.retryable) || attempt >= retries) throw error;
      attempt += 1;
      await sleep(retryMs * attempt, signal);
    }
  }
}

/** The API rooted at `base` (e.g. "/tools/errorscape/api"). */
export function createApi(base) {
  const url = (path, params) => {
    const query = params
      ? new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== "")).toString()
      : "";
    return base + path + (query ? `?${query}` : "");
  };
  return {
    url,
    surfaces: (signal) => getJSON(url("/surfaces"), signal),
    optimizers: (signal) => getJSON(url("/optimizers"), signal),
    schedules: (signal) => getJSON(url("/schedules"), signal),
    grid: (id, params, signal) => getJSON(url(`/surfaces/${encodeURIComponent(id)}/grid`, params), signal),
    surface: (id, params, signal) => getJSON(url(`/surfaces/${encodeURIComponent(id)}`, params), signal),
    /** options.lastEventId resumes a run after that step (same run, e.g. at another pace). */
    streamRuns: (body, onEvent, signal, options) => streamRuns(url("/runs/stream"), body, onEvent, signal, options),
  };
}
