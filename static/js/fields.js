// Form controls with labels, ranges and validation, shared by the settings panel and the racer cards.
// A "range field" pairs a slider (logarithmic when asked) with a number input for exact values.
import { h, fmt, inputValue, debounce } from "./dom.js";

let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;

function parse(text, { min, max, integer }) {
  if (String(text).trim() === "") return { error: "enter a number" };
  const value = Number(text);
  if (!Number.isFinite(value)) return { error: "enter a number" };
  if (integer && !Number.isInteger(value)) return { error: "enter a whole number" };
  if (min != null && value < min) return { error: `at least ${fmt(min)}` };
  if (max != null && value > max) return { error: `at most ${fmt(max)}` };
  return { value };
}

/** rangeField options for a parameter as the API describes it ({name, min, max, log, type, description}). */
export const paramField = (p) => ({
  label: p.name,
  hint: p.description ? `— ${p.description}` : "",
  min: p.min,
  max: p.max,
  log: p.log,
  integer: p.type === "int",
  name: p.name,
});

/**
 * A labelled number input (plus a slider when min and max are known), calling onValue(number)
 * with valid values only; invalid ones are marked and explained next to the field.
 * options: {label, hint, value, min, max, log, integer, slider, onValue, name}
 */
export function rangeField(options) {
  const { label, hint, min, max, integer = false, onValue } = options;
  const log = Boolean(options.log) && min > 0;
  const id = nextId(options.name ?? "field");
  const toSlider = (v) => (log ? Math.log10(v) : v);
  const fromSlider = (s) => {
    const v = log ? 10 ** s : s;
    return integer ? Math.round(v) : Number(Number(v).toPrecision(log ? 3 : 6));
  };
  const hasSlider = options.slider !== false && Number.isFinite(min) && Number.isFinite(max) && max > min;
  const message = h("span", { class: "field-error", id: `${id}-error`, "aria-live": "polite" });
  const number = h("input", {
    type: "number",
    id,
    name: options.name,
    inputmode: integer ? "numeric" : "decimal",
    step: integer ? 1 : "any",
    min: min ?? null,
    max: max ?? null,
    value: inputValue(options.value),
    "aria-describedby": `${id}-error`,
  });
  const slider = hasSlider
    ? h("input", {
        type: "range",
        min: toSlider(min),
        max: toSlider(max),
        step: log ? 0.01 : integer ? 1 : (max - min) / 1000,
        value: toSlider(options.value ?? min),
        "aria-label": `${label}${log ? " (logarithmic slider)" : " (slider)"}`,
        tabindex: 0,
      })
    : null;
  const commit = (value) => {
    number.removeAttribute("aria-invalid");
    message.textContent = "";
    onValue(value);
  };
  const commitLater = debounce(commit, 250);
  number.addEventListener("change", () => {
    const result = parse(number.value, { min, max, integer });
    if (result.error) {
      number.setAttribute("aria-invalid", "true");
      message.textContent = `${label}: ${result.error}`;
      return;
    }
    if (slider) slider.value = toSlider(result.value);
    commit(result.value);
  });
  slider?.addEventListener("input", () => {
    const value = fromSlider(Number(slider.value));
    number.value = inputValue(value);
    slider.setAttribute("aria-valuetext", fmt(value));
    commitLater(value);
  });
  const field = h(
    "div",
    { class: `field range-field${slider ? "" : " no-slider"}` },
    h("label", { for: id }, label, hint ? h("span", { class: "hint" }, ` ${hint}`) : null),
    h("div", { class: "field-inputs" }, slider, number),
    message,
  );
  return {
    el: field,
    set(value) {
      if (document.activeElement === number && Number(number.value) === value) return;
      number.value = inputValue(value);
      number.removeAttribute("aria-invalid");
      message.textContent = "";
      if (slider && value != null) slider.value = toSlider(value);
    },
  };
}

export function checkField({ label, hint, checked, onValue, name }) {
  const id = nextId(name ?? "check");
  const input = h("input", { type: "checkbox", id, name, checked: Boolean(checked), onchange: () => onValue(input.checked) });
  return {
    el: h("div", { class: "field check-field" }, input, h("label", { for: id }, label, hint ? h("span", { class: "hint" }, ` ${hint}`) : null)),
    set(value) {
      input.checked = Boolean(value);
    },
    input,
  };
}

/** A labelled <select>; options are [{value, label, group?}] (groups become <optgroup>s). */
export function selectField({ label, options, value, onValue, name, hideLabel = false }) {
  const id = nextId(name ?? "select");
  const select = h("select", { id, name, onchange: () => onValue(select.value) });
  const groups = new Map();
  for (const o of options) {
    const option = h("option", { value: o.value }, o.label);
    if (!o.group) select.append(option);
    else {
      if (!groups.has(o.group)) select.append(groups.set(o.group, h("optgroup", { label: o.group })).get(o.group));
      groups.get(o.group).append(option);
    }
  }
  select.value = String(value);
  return {
    el: h("div", { class: "field select-field" }, h("label", { for: id, class: hideLabel ? "sr-only" : null }, label), select),
    select,
    set(v) {
      select.value = String(v);
    },
  };
}
