// The Share button on the full page: a dialog with a copyable link to this exact view, a copyable
// iframe snippet for course pages (embed options selectable), and the exports.
import { h } from "./dom.js";
import { hashState, mountCamera } from "./hashstate.js";
import { downloadPNG, downloadRuns } from "./export.js";

/** The link and the /embed URL for `hash` under the app's root URL. */
export function shareLinks(rootUrl, hash, { autoplay = true, controls = false, view = "3d", theme = "auto" } = {}) {
  const link = `${rootUrl}#${hash}`;
  const query = new URLSearchParams();
  if (autoplay) query.set("autoplay", "1");
  if (!controls) query.set("controls", "0");
  if (view !== "3d") query.set("view", view);
  if (theme !== "auto") query.set("theme", theme);
  const q = query.toString();
  return { link, embed: `${rootUrl}embed${q ? `?${q}` : ""}#${hash}` };
}

/** The iframe snippet for an /embed URL: the server's oEmbed answer, so the dialog and oEmbed never differ. */
async function snippetFor(rootUrl, embed) {
  const response = await fetch(`${rootUrl}oembed?${new URLSearchParams({ url: embed, format: "json" })}`);
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  return (await response.json()).html;
}

async function copy(text, field, note) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    field.select(); // no clipboard permission (e.g. plain http): leave it selected for Ctrl+C
    document.execCommand?.("copy");
  }
  note.textContent = "Copied";
  setTimeout(() => (note.textContent = ""), 2000);
}

function copyRow(label, field) {
  const note = h("span", { class: "copied", "aria-live": "polite" });
  const button = h("button", { type: "button", class: "button secondary", onclick: () => copy(field.value, field, note) }, `Copy ${label}`);
  return h("div", { class: "copy-row" }, field, button, note);
}

export function mountShare(app) {
  const rootUrl = new URL(document.body.dataset.root, location.href).href;
  const option = (label, input) => h("label", {}, input, label);
  const autoplay = h("input", { type: "checkbox", name: "share-autoplay", checked: true });
  const controls = h("input", { type: "checkbox", name: "share-controls" });
  const view = h("select", { name: "share-view" }, ...["3d", "contour", "both"].map((v) => h("option", { value: v }, v === "both" ? "3D and contour" : v === "3d" ? "3D" : "Contour")));
  const theme = h("select", { name: "share-theme" }, ...["auto", "light", "dark"].map((v) => h("option", { value: v }, v)));
  const link = h("input", { type: "text", readonly: true, id: "share-link", "aria-label": "Link to this view" });
  const snippet = h("textarea", { readonly: true, id: "share-snippet", "aria-label": "HTML to embed this view", rows: 4 });
  const status = h("p", { class: "hint", role: "status" });
  const exporting = (fn) => async () => {
    status.textContent = "Preparing…";
    try {
      await fn();
      status.textContent = "";
    } catch (error) {
      status.textContent = error.message;
    }
  };

  let asked = 0;
  async function refresh() {
    const hash = hashState()?.encode() ?? location.hash.replace(/^#/, "");
    const links = shareLinks(rootUrl, hash, { autoplay: autoplay.checked, controls: controls.checked, view: view.value, theme: theme.value });
    link.value = links.link;
    const mine = ++asked;
    try {
      const html = await snippetFor(rootUrl, links.embed);
      if (mine === asked) snippet.value = html;
    } catch (error) {
      if (mine === asked) status.textContent = error.message;
    }
  }
  for (const input of [autoplay, controls, view, theme]) input.addEventListener("change", refresh);

  const dialog = h(
    "dialog",
    { class: "share-dialog", id: "share-dialog", "aria-labelledby": "share-title" },
    h("h2", { id: "share-title" }, "Share this view"),
    h("p", { class: "hint" }, "The link opens this surface, these optimizers and settings: the same run, step for step."),
    copyRow("link", link),
    h("h3", {}, "Embed in a course page"),
    h("div", { class: "options" }, option("Play on load", autoplay), option("Show the settings", controls),
      h("label", {}, "View ", view), h("label", {}, "Theme ", theme)),
    copyRow("HTML", snippet),
    h("h3", {}, "Export"),
    h("div", { class: "export" },
      h("button", { type: "button", class: "button secondary", id: "export-png", onclick: exporting(() => downloadPNG()) }, "3D figure (PNG)"),
      h("button", { type: "button", class: "button secondary", id: "export-csv", onclick: exporting(() => downloadRuns(app, "csv")) }, "Trajectories (CSV)"),
      h("button", { type: "button", class: "button secondary", id: "export-json", onclick: exporting(() => downloadRuns(app, "json")) }, "Trajectories (JSON)")),
    status,
    h("div", { class: "close-row" }, h("button", { type: "button", class: "button", onclick: () => dialog.close() }, "Close")),
  );
  const open = h("button", { type: "button", class: "button", id: "share", "aria-haspopup": "dialog",
    onclick: () => {
      refresh();
      dialog.showModal();
    } }, "Share");
  // In the header, not the sticky playback bar: the bar keeps its height (and covers nothing more).
  (document.querySelector(".topbar") ?? document.querySelector(".transport .buttons"))?.append(open);
  document.body.append(dialog);
  mountCamera(app);
  return { refresh, dialog };
}

if (window.errorscape) mountShare(window.errorscape);
else document.addEventListener("errorscape:ready", ({ detail }) => mountShare(detail), { once: true });
