// Gradient noise in a lesson's race: a slider for each noisy run's σ and its decay, written back into
// that racer (the page reruns the race), and a pointer to the gradient-norm plot where stalls show.
import { h } from "../dom.js";
import { section } from "./util.js";

export function mountNoise({ app }) {
  const s = section("Gradient noise", "noise");
  const fields = h("div", {});
  s.body.append(h("p", { class: "hint" }, "Noise is Gaussian, added to the gradient, shrinking as σ·(1 + t)^−decay. Set it to 0 and the noisy run behaves like plain GD; raise it and watch where it ends."), fields);
  const racers = app.store.get().racers;
  racers.forEach((r, i) => {
    if (r.noise == null) return;
    const id = `noise-${i}`;
    const out = h("output", { for: id }, String(r.noise));
    const slider = h("input", { type: "range", id, min: 0, max: 10, step: 0.5, value: r.noise, "aria-valuetext": `σ ${r.noise}` });
    slider.addEventListener("input", () => { out.textContent = slider.value; slider.setAttribute("aria-valuetext", `σ ${slider.value}`); });
    slider.addEventListener("change", () => {
      const next = app.store.get().racers.map((q, j) => (j === i ? { ...q, noise: Number(slider.value) } : q));
      app.store.set({ racers: next });
    });
    fields.append(h("div", { class: "field" }, h("label", { for: id }, `Noise σ of “${r.label ?? r.optimizer}” = `, out), slider));
  });
  return { el: s.el };
}
mountNoise.when = ({ view }) => view.run?.runs?.some((r) => r.noise != null);

export function mountGradientNote() {
  const s = section("Where it stalls", "gradient-norm");
  s.body.append(h("p", {}, "The right-hand plot under the figures shows each run's gradient norm ‖∇E‖ on a log axis. A long flat stretch near the bottom is a stall: a plateau, a saddle or a minimum. The classifier tells them apart; the messages list says when the server saw a run stop."));
  return { el: s.el };
}
mountGradientNote.panels = ["gradient-norm"];
