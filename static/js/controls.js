// The settings panel (except the race): surface picker, zoom, log scale, start point, steps, seed,
// gradient noise and learning-rate schedule. Fields write to the store and follow it when other
// parts of the page (a click on the contour, a shared link) change the state.
import { h } from "./dom.js";
import { rangeField, checkField, selectField, paramField } from "./fields.js";
import { scheduleList, scheduleOf } from "./request.js";
import { startPoint, usesLog } from "./state.js";

const CATEGORY_LABELS = { teaching: "Teaching surfaces", classic: "Classic test functions", network: "Neural networks", custom: "Your own" };

export function mountControls(els, { store, surfaces, limits, formula, scheduleParams }) {
  const scheduleParam = new Map(scheduleParams.map((p) => [p.name, p]));
  const fields = new Map(); // state key -> field with set(value)
  const set = (key) => (value) => store.set({ [key]: value });
  const surfaceById = (id) => surfaces.find((s) => s.id === id);

  // --- surface ---------------------------------------------------------------------------
  const options = surfaces.map((s) => ({ value: s.id, label: s.name, group: CATEGORY_LABELS[s.category] ?? s.category }));
  if (formula) options.push({ value: "custom", label: "Custom formula…", group: CATEGORY_LABELS.custom });
  // A new surface starts from its own suggestions: start point, whole domain, its scales.
  const pickSurface = (surface) => store.set({ surface, x0: null, y0: null, zoom: 1, log: null, loss_log: null });
  const picker = selectField({ label: "Error surface", name: "surface", options, value: store.get().surface, onValue: pickSurface });
  const description = h("p", { class: "surface-description", id: "surface-description", "aria-live": "polite" });
  const formulaText = h("p", { class: "formula" });
  const formulaBox = h("div", { class: "formula-box", hidden: true });
  picker.select.setAttribute("aria-describedby", "surface-description");
  const zoom = rangeField({ label: "Zoom", hint: "— magnify around the centre", name: "zoom", min: 0.5, max: 8, log: true, value: 1 / store.get().zoom, onValue: (m) => store.set({ zoom: 1 / m }) });
  const log = checkField({ label: "Log scale", hint: "for heights and colours", name: "log", checked: false, onValue: set("log") });
  els.surface.append(picker.el, description, formulaText, formulaBox, zoom.el, log.el);
  fields.set("surface", picker);
  fields.set("zoom", { set: (z) => zoom.set(Number((1 / z).toPrecision(3))) });

  function showSurface(state) {
    const surface = state.surface === "custom" ? formula?.surface : surfaceById(state.surface);
    description.textContent = surface?.description ?? "";
    formulaText.textContent = surface?.formula ? `E(x, y) = ${surface.formula}` : "";
    formulaText.hidden = !surface?.formula;
    log.set(usesLog(state, surface));
    formulaBox.hidden = state.surface !== "custom";
    if (state.surface === "custom" && formula && !formulaBox.childElementCount) formula.mount(formulaBox, state.expr);
  }

  // --- start, steps, seed ----------------------------------------------------------------
  const x0 = rangeField({ label: "x₀", hint: "start", name: "x0", slider: false, onValue: set("x0") });
  const y0 = rangeField({ label: "y₀", hint: "start", name: "y0", slider: false, onValue: set("y0") });
  const suggested = h("button", { type: "button", class: "button secondary", onclick: () => store.set({ x0: null, y0: null }) }, "Suggested start");
  const steps = rangeField({ label: "Steps", name: "steps", min: 1, max: limits.maxSteps, log: true, integer: true, value: store.get().steps, onValue: set("steps") });
  const seed = rangeField({ label: "Seed", hint: "— for the noise", name: "seed", min: 0, max: 2 ** 31 - 1, integer: true, slider: false, value: store.get().seed, onValue: set("seed") });
  els.run.append(
    h("p", { class: "hint" }, "Click the contour map to choose where the runs start, or type it."),
    h("div", { class: "pair" }, x0.el, y0.el),
    suggested,
    steps.el,
    seed.el,
  );
  fields.set("steps", steps).set("seed", seed);

  // --- noise and schedule ------------------------------------------------------------------
  const noise = rangeField({ label: "Gradient noise", hint: "— std of Gaussian noise added to ∇E", name: "noise", min: 0, max: limits.maxNoise, value: store.get().noise, onValue: set("noise") });
  const decay = rangeField({ label: "Noise decay", hint: "— the noise shrinks as (1 + t)^−decay; 0 keeps it constant", name: "noise_decay", min: 0, max: 2, value: store.get().noise_decay, onValue: set("noise_decay") });
  const schedule = selectField({ label: "Learning-rate schedule", name: "schedule", options: scheduleList().map((s) => ({ value: s.id, label: s.label })), value: store.get().schedule, onValue: set("schedule") });
  const scheduleFields = h("div", { class: "schedule-fields" });
  const warmup = rangeField({ ...paramField(scheduleParam.get("warmup")), slider: false, value: store.get().warmup, onValue: set("warmup") });
  els.noise.append(noise.el, decay.el, schedule.el, scheduleFields, warmup.el);
  fields.set("noise", noise).set("noise_decay", decay).set("schedule", schedule).set("warmup", warmup);

  function showSchedule(state) {
    const spec = scheduleOf(state);
    scheduleFields.replaceChildren(
      ...spec.fields.map((key) => {
        const field = rangeField({ ...paramField(scheduleParam.get(key)), slider: false, value: state[key], onValue: set(key) });
        fields.set(key, field);
        return field.el;
      }),
    );
  }

  function showStart(state) {
    const surface = state.surface === "custom" ? formula?.surface : surfaceById(state.surface);
    if (!surface) return;
    const start = startPoint(state, surface);
    x0.set(start.x);
    y0.set(start.y);
    suggested.disabled = state.x0 == null && state.y0 == null;
  }

  /** A surface computed on first use (a lesson's `mlp-slice`) is not in the list yet: it joins the picker. */
  function addOption(surface) {
    if (!surface || [...picker.select.options].some((o) => o.value === surface.id)) return;
    const group = [...picker.select.querySelectorAll("optgroup")].find((g) => g.label === (CATEGORY_LABELS[surface.category] ?? surface.category));
    (group ?? picker.select).append(h("option", { value: surface.id }, surface.name));
  }

  store.subscribe((state, changed) => {
    if (changed.has("surface")) addOption(surfaceById(state.surface)); // before the picker shows it
    for (const key of changed) fields.get(key)?.set(state[key]);
    if (changed.has("surface") || changed.has("expr") || changed.has("log")) showSurface(state);
    if (changed.has("schedule")) showSchedule(state);
    if (["surface", "expr", "x0", "y0"].some((k) => changed.has(k))) showStart(state);
  });
  showSurface(store.get());
  showSchedule(store.get());
  showStart(store.get());
  return { showStart: () => showStart(store.get()) };
}
