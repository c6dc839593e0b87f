// What every lesson panel shares: fetching the lessons API's URLs (they start at "/api", so they are
// rooted at the page's root path), small 2D Plotly figures in the page's theme, and labelled sections.
import { getJSON as getApiJSON } from "../api.js";
import { h } from "../dom.js";
import { baseLayout, PLOT_CONFIG, readTheme } from "../theme.js";

const root = () => (document.body.dataset.root ?? "/").replace(/\/$/, "");

/** GET a lessons-API URL ("/api/lessons/restarts?..."), rejecting with the server's message. */
export const getJSON = (path, signal) => getApiJSON(root() + path, signal);

/** A URL with its query replaced or extended by `params` (null values removed). */
export function withParams(path, params) {
  const [base, query = ""] = path.split("?");
  const search = new URLSearchParams(query);
  for (const [k, v] of Object.entries(params)) (v == null ? search.delete(k) : search.set(k, v));
  return `${base}?${search}`;
}

/** A titled panel section: {el, body, status(text)}; `status` is a polite live region. */
export function section(title, id) {
  const headingId = `lesson-h-${id}`;
  const status = h("p", { class: "lesson-status", "aria-live": "polite" });
  const body = h("div", { class: "lesson-section-body" });
  const el = h("section", { class: `lesson-section lesson-${id}`, "aria-labelledby": headingId, dataset: { panel: id } },
    h("h3", { id: headingId }, title), status, body);
  return { el, body, status: (text) => { status.textContent = text ?? ""; } };
}

/** A 2D figure in the page's theme (one Plotly.react; call again to update). */
export function plot2d(el, data, layout = {}) {
  const theme = readTheme();
  const axis = { color: theme.muted, gridcolor: theme.grid, zerolinecolor: theme.grid, tickfont: { size: 10 } };
  const full = {
    ...baseLayout(theme, el.clientWidth < 480),
    margin: { l: 50, r: 12, t: 14, b: 40 },
    dragmode: false,
    ...layout,
    xaxis: { ...axis, fixedrange: true, ...layout.xaxis },
    yaxis: { ...axis, fixedrange: true, ...layout.yaxis },
  };
  for (const key of ["xaxis2", "yaxis2", "xaxis3", "yaxis3"]) if (layout[key]) full[key] = { ...axis, fixedrange: true, ...layout[key] };
  return window.Plotly.react(el, data, full, { ...PLOT_CONFIG, displayModeBar: false });
}

/** A plot container with an accessible name and a caption. */
export function figure(label, caption, cls = "") {
  const plot = h("div", { class: `lesson-plot ${cls}`, role: "img", "aria-label": label });
  const el = h("figure", { class: "lesson-figure" }, plot, caption ? h("figcaption", {}, caption) : null);
  return { el, plot };
}

/**
 * A table's head row. A column is a title, or [short, long]: the short title shown (so that the table fits a
 * phone without scrolling) with the long one as its <abbr title> and accessible name.
 */
export function tableHead(columns) {
  const cell = (c) => (Array.isArray(c) ? h("th", { scope: "col", "aria-label": c[1] }, h("abbr", { title: c[1] }, c[0])) : h("th", { scope: "col" }, c));
  return h("thead", {}, h("tr", {}, ...columns.map(cell)));
}

/** A number's cell: it never breaks inside ("30.0 %" stays on one line). */
export const numberCell = (text) => h("td", { class: "num" }, text);

export const percent = (p) => (p == null ? "—" : `${(100 * p).toFixed(p > 0 && p < 0.01 ? 2 : 1)} %`);
export const themeNow = readTheme;

/**
 * Only the latest request counts: run(task) aborts the one before, calls task(signal) and resolves
 * to its result, or to null when a newer run replaced it or it failed (onError gets the failure).
 */
export function latestOnly(onError) {
  let current = null;
  return {
    async run(task) {
      current?.abort();
      const mine = new AbortController();
      current = mine;
      try {
        const result = await task(mine.signal);
        return mine === current ? result : null;
      } catch (error) {
        if (!mine.signal.aborted) onError(error);
        return null;
      }
    },
    abort: () => current?.abort(),
  };
}
