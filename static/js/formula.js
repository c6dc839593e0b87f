// The formula box: type f(x, y), see it checked live, its canonical form and its gradient.
//
// A self-contained ES module (no dependencies; styles in static/css/formula.css).
//
//   import { mountFormulaBox } from "./formula.js";
//   const box = mountFormulaBox(container, {
//     apiBase: "api",          // base of the HTTP API, relative or a path ("/tools/errorscape/api"); never an origin
//     initial: "x^2 + y^2",    // text to start with; checked at once (no debounce)
//     onValid(expr, description) {},   // a new valid formula: expr is its canonical form, description the
//                                      // validate answer {expr, gradient: [dx, dy], hessian, variables,
//                                      // surface} (surface: as GET {apiBase}/surfaces/custom?expr= answers)
//     onInvalid(error) {},     // {message, position, text}: position is a code-point index into text, or null
//     onSubmit(expr, description) {},  // Enter pressed on a valid formula
//     label: "Your formula f(x, y) =",  // visible label of the input
//     examples: [...],         // formulas offered as one-click buttons ([] for none)
//     delay: 300,              // debounce in milliseconds
//     maxLength: 500,          // the server's limit on length
//   });
//   box.value; box.setValue(text); await box.validate(); box.focus(); box.destroy();
//
// It asks GET {apiBase}/expressions/validate?expr=... once per pause in typing and shows the answer: on 200 the canonical formula,
// the gradient (and the Hessian, folded away); on 422 the server's message with the offending character
// marked. onValid fires only when the canonical formula changes, so editing spaces does not reload a plot.
// The root element also dispatches "formula:valid" and "formula:invalid" events (detail as above).
// Accessibility: a real <label>, aria-invalid on the input, and the help and status lines linked with
// aria-describedby; the status is a polite live region.

const DEFAULT_EXAMPLES = [
  "x^2 + 3*sin(y) - x*y/4",
  "(1 - x)^2 + 100*(y - x^2)^2",
  "x^2 - y^2",
  "sin(x)*cos(y) + (x^2 + y^2)/20",
  "log(1 + (x^2 + y - 11)^2 + (x + y^2 - 7)^2)",
];
const HELP =
  "Use x, y, numbers, pi, e, + - * / ^, parentheses and sin, cos, tan, exp, log, sqrt, abs, tanh, " +
  "sigmoid, softplus, relu, min(a, b), max(a, b)\u2026";

let counter = 0;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

function validateUrl(apiBase, text) {
  const base = String(apiBase ?? "api").replace(/\/+$/, "");
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(base)) throw new Error("apiBase must be a path, not an origin");
  return `${base}/expressions/validate?expr=${encodeURIComponent(text)}`;
}

/** The typed text with the character at `position` (a code-point index) marked. */
function markedText(text, position) {
  const chars = Array.from(text);
  const pre = el("pre", { class: "formula-editor__where", "aria-hidden": "true" });
  if (position == null || position < 0) {
    pre.append(text);
    return pre;
  }
  const at = Math.min(position, chars.length);
  const bad = chars[at] ?? " "; // an error at the end marks the empty place after the text
  const shown = /\s/.test(bad) || bad.codePointAt(0) < 32 ? "\u2423" : bad;
  pre.append(chars.slice(0, at).join(""), el("mark", {}, shown), chars.slice(at + 1).join(""));
  return pre;
}

function formulaLine(name, formula) {
  return el("div", { class: "formula-editor__row" }, el("dt", {}, name), el("dd", {}, el("code", {}, formula)));
}

export function mountFormulaBox(container, options = {}) {
  const {
    apiBase = "api",
    initial = "",
    onValid = () => {},
    onInvalid = () => {},
    onSubmit = () => {},
    label = "Your formula f(x, y) =",
    examples = DEFAULT_EXAMPLES,
    delay = 300,
    maxLength = 500,
  } = options;
  const id = `formula-editor-${++counter}`;
  const input = el("input", {
    id: `${id}-input`,
    class: "formula-editor__input",
    type: "text",
    name: "expr",
    spellcheck: "false",
    autocomplete: "off",
    autocapitalize: "off",
    autocorrect: "off",
    maxlength: String(maxLength),
    placeholder: "e.g. x^2 + 3*sin(y)",
    "aria-invalid": "false",
    "aria-describedby": `${id}-help ${id}-status`,
  });
  const status = el("div", { id: `${id}-status`, class: "formula-editor__status", role: "status", "aria-live": "polite" });
  const exampleList = examples.length
    ? el(
        "div",
        { class: "formula-editor__examples" },
        el("span", { class: "formula-editor__examples-label" }, "Try:"),
        ...examples.map((text) => el("button", { type: "button", class: "formula-editor__example", "data-expr": text }, text)),
      )
    : null;
  const root = el(
    "div",
    { class: "formula-editor" },
    el("label", { class: "formula-editor__label", for: input.id }, label),
    input,
    el("p", { id: `${id}-help`, class: "formula-editor__help" }, HELP),
    status,
    exampleList,
  );
  container.append(root);

  let timer = null;
  let controller = null;
  let sequence = 0;
  let lastValid = null; // canonical text of the last formula reported through onValid
  let current = null; // {ok, description | error} for the text now in the box

  function showValid(description) {
    const [dx, dy] = description.gradient;
    const [[hxx, hxy], [, hyy]] = description.hessian;
    status.replaceChildren(
      el("p", { class: "formula-editor__ok" }, "\u2713 Formula accepted"),
      el(
        "dl",
        { class: "formula-editor__formulas" },
        formulaLine("f(x, y) =", description.expr),
        formulaLine("\u2202f/\u2202x =", dx),
        formulaLine("\u2202f/\u2202y =", dy),
      ),
      el(
        "details",
        { class: "formula-editor__hessian" },
        el("summary", {}, "Second derivatives (Hessian)"),
        el(
          "dl",
          { class: "formula-editor__formulas" },
          formulaLine("\u2202\u00b2f/\u2202x\u00b2 =", hxx),
          formulaLine("\u2202\u00b2f/\u2202x\u2202y =", hxy),
          formulaLine("\u2202\u00b2f/\u2202y\u00b2 =", hyy),
        ),
      ),
    );
  }

  function showInvalid(error) {
    const where = error.position == null ? "" : ` (at character ${error.position + 1})`;
    status.replaceChildren(
      el("p", { class: "formula-editor__error" }, `${error.message}${where}`),
      markedText(error.text, error.position),
    );
  }

  function settle(text, result) {
    current = result;
    input.setAttribute("aria-invalid", String(!result.ok));
    root.classList.toggle("formula-editor--invalid", !result.ok);
    if (result.ok) {
      showValid(result.description);
      const expr = result.description.expr;
      root.dispatchEvent(new CustomEvent("formula:valid", { detail: { expr, description: result.description } }));
      if (expr !== lastValid) {
        lastValid = expr;
        onValid(expr, result.description);
      }
    } else {
      showInvalid(result.error);
      root.dispatchEvent(new CustomEvent("formula:invalid", { detail: result.error }));
      onInvalid(result.error);
    }
    return result;
  }

  async function validate() {
    clearTimeout(timer);
    controller?.abort();
    const text = input.value;
    const mine = ++sequence;
    if (!text.trim()) {
      current = null;
      input.setAttribute("aria-invalid", "false");
      root.classList.remove("formula-editor--invalid");
      status.replaceChildren();
      return null;
    }
    controller = new AbortController();
    root.classList.add("formula-editor--busy");
    try {
      const response = await fetch(validateUrl(apiBase, text), {
        headers: { Accept: "application/json" },
        signal: controller.signal,
      });
      const body = await response.json().catch(() => null);
      if (mine !== sequence) return current; // a newer keystroke owns the box now
      if (response.ok && body) return settle(text, { ok: true, description: body });
      if (response.status === 422 && body) {
        const first = body.errors?.[0] ?? {};
        const message = first.message ?? String(body.detail ?? "invalid formula").replace(/^expr: /, "");
        return settle(text, { ok: false, error: { message, position: first.position ?? null, text } });
      }
      throw new Error(`the server answered ${response.status}`);
    } catch (err) {
      if (err?.name === "AbortError" || mine !== sequence) return current;
      status.replaceChildren(el("p", { class: "formula-editor__offline" }, `Could not check the formula: ${err.message}`));
      return null;
    } finally {
      if (mine === sequence) root.classList.remove("formula-editor--busy");
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(validate, delay);
  }

  async function onKeydown(event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const result = await validate();
    if (result?.ok) onSubmit(result.description.expr, result.description);
  }

  function onExample(event) {
    const button = event.target.closest("[data-expr]");
    if (!button) return;
    input.value = button.dataset.expr;
    input.focus();
    validate();
  }

  input.addEventListener("input", schedule);
  input.addEventListener("keydown", onKeydown);
  exampleList?.addEventListener("click", onExample);

  input.value = initial ?? "";
  if (input.value.trim()) validate();

  return {
    element: root,
    input,
    get value() {
      return input.value;
    },
    setValue(text, { check = true } = {}) {
      input.value = text ?? "";
      return check ? validate() : Promise.resolve(null);
    },
    validate,
    focus: () => input.focus(),
    destroy() {
      clearTimeout(timer);
      controller?.abort();
      sequence++;
      root.remove();
    },
  };
}
