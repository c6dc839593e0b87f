// The guided lessons: a menu of the seven lessons, the chosen lesson's text, its views
// (presets applied to the page's own store, then run) and the view's extra panels. Deep link:
// #lesson=<id> (optionally &view=<view id>). Everything numeric comes from the lessons API.
import { h, $ } from "../dom.js";
import { getJSON } from "./util.js";
import { applyView } from "./preset.js";
import { panelsFor } from "./panels.js";

const stylesheet = () => {
  const link = h("link", { rel: "stylesheet", href: `${document.body.dataset.static}/css/lessons.css` });
  document.head.append(link);
};

/** The lesson (and view) named in location.hash, e.g. "#lesson=saddles&view=plateau". */
export function lessonFromHash(hash = location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  return { lesson: params.get("lesson"), view: params.get("view") };
}

export async function mountLessons(app) {
  stylesheet();
  const lessons = await getJSON("/api/lessons");
  const text = h("section", { class: "lesson-text", id: "lesson-text", "aria-labelledby": "lesson-title", tabindex: "-1", hidden: true });
  const panels = h("div", { class: "lesson-panels", id: "lesson-panels" });
  $(".transport").after(text);
  $(".figures").after(panels);
  // The menu itself is in the page (the template renders it from the same catalogue).
  const links = new Map([...document.querySelectorAll(".lesson-menu a[data-lesson]")].map((a) => [a.dataset.lesson, a]));
  let active = null; // {lesson, view, panels: [{destroy?}]}

  function close() {
    for (const p of active?.panels ?? []) p.destroy?.();
    panels.replaceChildren();
    text.hidden = true;
    delete document.body.dataset.lessonKind;
    delete document.body.dataset.lesson;
    active = null;
    app.store.set({ lesson: null }); // the hash-state module writes `lesson` from the store
    for (const a of links.values()) a.removeAttribute("aria-current");
  }

  /** Show a lesson; `preset` false keeps the page's state (a shared link that already carries the run). */
  async function open(lessonId, viewId, { focus = false, preset = true } = {}) {
    const lesson = lessons.find((l) => l.id === lessonId);
    if (!lesson) return close();
    const view = lesson.views.find((v) => v.id === viewId) ?? lesson.preset;
    if (active?.lesson === lesson && active.view === view) return;
    for (const p of active?.panels ?? []) p.destroy?.();
    for (const [id, a] of links) (id === lesson.id ? a.setAttribute("aria-current", "page") : a.removeAttribute("aria-current"));
    active = { lesson, view, panels: [] };
    showText(lesson, view);
    if (focus) text.focus();
    const wasHighdim = document.body.dataset.lessonKind === "highdim";
    document.body.dataset.lessonKind = view.kind;
    document.body.dataset.lesson = lesson.id;
    if (wasHighdim && view.kind !== "highdim") requestAnimationFrame(() => app.plots.refresh());
    panels.replaceChildren();
    const context = { app, lesson, view, panels };
    app.store.set({ lesson: lesson.id });
    try {
      if (preset) await applyView(app, view);
      else if (view.kind === "highdim") app.reset();
    } catch (error) {
      console.warn(error);
    }
    if (active?.view !== view) return;
    for (const mount of panelsFor(context)) {
      const panel = mount(context);
      panels.append(panel.el);
      active.panels.push(panel);
    }
  }

  function showText(lesson, view) {
    const viewButtons = lesson.views.map((v) =>
      h("button", {
        type: "button",
        class: "button secondary lesson-view",
        "aria-pressed": String(v === view),
        onclick: () => { location.hash = `lesson=${lesson.id}&view=${v.id}`; },
      }, v.title),
    );
    const parts = [
      h("h2", { id: "lesson-title" }, lesson.title),
      h("p", { class: "lesson-explanation" }, lesson.explanation),
      h("p", { class: "lesson-try" }, h("strong", {}, "Try this: "), lesson.try_this),
      lesson.views.length > 1 ? h("div", { class: "lesson-views", role: "group", "aria-label": "Views of this lesson" }, viewButtons) : null,
      h("p", { class: "lesson-claim" }, h("strong", {}, `${view.title}: `), view.claim),
      h("p", { class: "lesson-close" }, h("a", { href: "#", onclick: (e) => { e.preventDefault(); history.replaceState(null, "", location.pathname + location.search); close(); } }, "Leave the lesson")),
    ];
    text.replaceChildren(...parts.filter(Boolean));
    text.hidden = false;
  }

  // A link that carries the run itself (the hash-state module's `surface=…&lesson=…`) keeps that run;
  // a bare "#lesson=id" (the menu, a lesson's deep link) applies the lesson's preset.
  // The page's hash-state module rewrites the hash before this module loads, so the first lesson is
  // read from the URL the page was opened with.
  // A surface computed on first use (mlp-slice) is not in the page's list when the link is read, so the
  // hash-state module dropped it: such a link applies the preset, which fetches the surface (else the page
  // would show the default surface under the lesson's words).
  const follow = (hash, focus) => {
    const { lesson, view } = lessonFromHash(hash);
    const surface = new URLSearchParams(hash.replace(/^#/, "")).get("surface");
    const carriesRun = surface != null && app.surfaces.some((s) => s.id === surface);
    if (lesson) open(lesson, view, { focus, preset: !carriesRun });
  };
  addEventListener("hashchange", () => follow(location.hash, true));
  const opened = performance.getEntriesByType("navigation")[0]?.name ?? location.href;
  follow(new URL(opened, location.href).hash, false);
  app.lessons = { open, close, get active() { return active; } };
}
