// Tiny DOM and formatting helpers shared by every view module.

/** Create an element: h("button", {class: "x", onclick: fn, "aria-label": "Run"}, "Run"). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style" && typeof value === "object") {
      for (const [name, v] of Object.entries(value)) el.style.setProperty(name, v); // also "--custom" properties
    }
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "value" || key === "checked") el[key] = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  el.append(...children.flat().filter((c) => c != null && c !== false));
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** A number for people: 4 significant digits, exponent for the very large or small, dash for missing. */
export function fmt(value, digits = 4) {
  if (value == null || Number.isNaN(value)) return "—";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
  const a = Math.abs(value);
  const text = a !== 0 && (a >= 1e5 || a < 1e-3) ? value.toExponential(digits - 1) : String(Number(value.toPrecision(digits)));
  return text.replaceAll("-", "−").replace("e+", "e"); // every minus the same sign, exponents too
}

/** A value for an <input>: short when it can be, exact otherwise (the input shows what is sent). */
export function inputValue(value) {
  return value == null ? "" : String(value);
}

export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export const prefersReducedMotion = () => matchMedia("(prefers-reduced-motion: reduce)").matches;

/** Keys typed into a form control belong to it, not to the page's shortcuts. */
export function isTyping(event) {
  const t = event.target;
  return t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName)) &&
    !(t instanceof HTMLInputElement && ["range", "checkbox", "radio", "button"].includes(t.type));
}

/** Elements that handle Space and the arrow keys themselves. */
export function isInteractive(target) {
  return target instanceof Element &&
    Boolean(target.closest("button, a[href], input, select, textarea, summary, [contenteditable], [role='application']"));
}
