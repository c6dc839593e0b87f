// A text/event-stream parser (WHATWG "server-sent events" rules) for streams read with fetch(),
// which, unlike EventSource, can POST a body and send Last-Event-ID when reconnecting.

/**
 * createSSEParser(onEvent) -> {feed(text), lastEventId}
 * onEvent receives {type, data, id} once per blank-line-terminated block that has data.
 */
export function createSSEParser(onEvent) {
  let buffer = "";
  let data = [];
  let type = "";
  let lastEventId = null;
  let retry = null;
  let first = true;

  function line(text) {
    if (text === "") {
      if (data.length) onEvent({ type: type || "message", data: data.join("\n"), id: lastEventId });
      data = [];
      type = "";
      return;
    }
    if (text.startsWith(":")) return; // comment, e.g. a keep-alive ping
    const colon = text.indexOf(":");
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "event") type = value;
    else if (field === "id" && !value.includes("\0")) lastEventId = value;
    else if (field === "retry" && /^\d+$/.test(value)) retry = Number(value);
  }

  return {
    feed(chunk) {
      if (first && chunk) {
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
        first = false;
      }
      buffer += chunk;
      // A lone trailing "\r" may be the first half of "\r\n": wait for the next chunk.
      const end = buffer.endsWith("\r") ? buffer.length - 1 : buffer.length;
      const lines = buffer.slice(0, end).split(/\r\n|\r|\n/);
      buffer = lines.pop() + buffer.slice(end);
      for (const l of lines) line(l);
    },
    get lastEventId() {
      return lastEventId;
    },
    get retry() {
      return retry;
    },
  };
}
