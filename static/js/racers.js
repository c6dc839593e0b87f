// The race: up to MAX_RACERS optimizer cards, each with hyperparameter controls generated from
// GET /api/optimizers (log sliders for learning rates and eps, number inputs for exact values).
import { h } from "./dom.js";
import { rangeField, checkField, selectField, paramField } from "./fields.js";
import { MAX_RACERS, newRacer } from "./state.js";
import { readTheme, runColor } from "./theme.js";

function paramControl(param, value, onValue) {
  const options = paramField(param);
  if (param.type === "bool") return checkField({ ...options, checked: value, onValue });
  return rangeField({ ...options, value, onValue });
}

/** mountRacers(container, {store, optimizers}) renders the cards and keeps them in sync with state.racers. */
export function mountRacers(container, { store, optimizers }) {
  const specs = new Map(optimizers.map((o) => [o.id, o]));
  const list = h("ol", { class: "racers", "aria-label": "Optimizers in the race" });
  const add = h("button", { type: "button", class: "button secondary add-racer", onclick: addRacer }, "Add optimizer");
  container.append(list, add);
  let rendered = "";

  const racers = () => store.get().racers;
  const setRacers = (next) => {
    rendered = JSON.stringify(next);
    store.set({ racers: next });
  };

  function addRacer() {
    const used = new Set(racers().map((r) => r.optimizer));
    const spec = optimizers.find((o) => !used.has(o.id)) ?? optimizers[0];
    const next = [...racers(), newRacer(spec)];
    setRacers(next);
    render();
    list.lastElementChild?.querySelector("select")?.focus();
  }

  function card(racer, index, theme) {
    const spec = specs.get(racer.optimizer) ?? optimizers[0];
    const n = index + 1;
    const setParam = (name) => (value) => {
      const next = racers().map((r, i) => (i === index ? { ...r, params: { ...r.params, [name]: value } } : r));
      setRacers(next);
    };
    const picker = selectField({
      label: `Optimizer ${n}`,
      hideLabel: true,
      name: `optimizer-${n}`,
      options: optimizers.map((o) => ({ value: o.id, label: o.name })),
      value: spec.id,
      onValue: (id) => {
        const next = racers().map((r, i) => (i === index ? newRacer(specs.get(id)) : r));
        setRacers(next);
        render();
        list.children[index]?.querySelector("select")?.focus();
      },
    });
    const remove = h("button", {
      type: "button",
      class: "icon-button",
      "aria-label": `Remove optimizer ${n} (${spec.name})`,
      title: "Remove",
      disabled: racers().length <= 1,
      onclick: () => {
        setRacers(racers().filter((_, i) => i !== index));
        render();
        (list.children[Math.min(index, list.children.length - 1)]?.querySelector("select") ?? add).focus();
      },
    }, "×");
    const main = spec.params.filter((p) => p.name === "lr");
    const more = spec.params.filter((p) => p.name !== "lr");
    const control = (p) => paramControl(p, racer.params[p.name] ?? p.default, setParam(p.name)).el;
    // A list item holding a named group (a list's children must stay list items).
    return h("li", { class: "racer", style: { "--racer": runColor(index, theme) } }, h(
      "div",
      { role: "group", "aria-label": `Optimizer ${n}: ${spec.name}` },
      h("div", { class: "racer-head" }, h("span", { class: "swatch", "aria-hidden": "true" }), picker.el, remove),
      h("p", { class: "hint racer-description" }, spec.description, spec.torch ? h("code", { class: "torch" }, spec.torch) : null),
      ...main.map(control),
      more.length
        ? h("details", { class: "more-params" }, h("summary", {}, `More hyperparameters (${more.length})`), ...more.map(control))
        : null,
    ));
  }

  function render() {
    const theme = readTheme();
    rendered = JSON.stringify(racers());
    const open = [...list.querySelectorAll("details")].map((d) => d.open);
    list.replaceChildren(...racers().map((r, i) => card(r, i, theme)));
    list.querySelectorAll("details").forEach((d, i) => (d.open = open[i] ?? false));
    add.disabled = racers().length >= MAX_RACERS;
    add.textContent = racers().length >= MAX_RACERS ? `At most ${MAX_RACERS} optimizers` : "Add optimizer";
  }

  store.subscribe((state, changed) => {
    if (changed.has("racers") && JSON.stringify(state.racers) !== rendered) render();
  });
  render();
  return { render };
}
