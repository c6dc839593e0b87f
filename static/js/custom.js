// The "Custom formula…" surface: mounts the formula box (static/js/formula.js, written separately)
// and turns a valid formula into the view's surface. Loaded lazily, only when that option exists.

/** Returns {surface, mount(container, initialExpr)}; `surface` is the last valid formula's description. */
export function loadFormula({ apiBase, store }) {
  const custom = { surface: null, mount };

  async function mount(container, initial) {
    const { mountFormulaBox } = await import("./formula.js");
    mountFormulaBox(container, {
      apiBase,
      initial: initial ?? "",
      onValid: async (expr, description) => {
        custom.surface = description.surface; // the check's one answer describes the surface too
        store.set({ surface: "custom", expr });
      },
      onInvalid: () => {},
    });
  }

  return custom;
}
