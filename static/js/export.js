// Export: the 3D figure as PNG (plotly's own toImage), and every run's trajectory as CSV or JSON
// from the API (POST /api/runs?format=csv|json with the stream's own body: the same numbers).
import { runRequest } from "./state.js";

/** The request for the runs on screen: the stream's body, without its pace. */
export function exportRequest(app) {
  const body = runRequest(app.store.get(), app.plots.scene?.surface);
  delete body.fps;
  return body;
}

function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Download the runs as "csv" or "json"; rejects with the server's message on a 4xx. */
export async function downloadRuns(app, format) {
  const response = await fetch(app.api.url("/runs", { format }), {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: format === "csv" ? "text/csv" : "application/json" },
    body: JSON.stringify(exportRequest(app)),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new Error(body?.detail ?? `The server answered ${response.status}.`);
  }
  save(await response.blob(), `errorscape-runs.${format}`);
}

/** Download a figure (default: the 3D view) as a PNG at its size on screen. */
export function downloadPNG(el = document.getElementById("plot-3d")) {
  return window.Plotly.downloadImage(el, { format: "png", filename: "errorscape", width: el.clientWidth, height: el.clientHeight });
}
