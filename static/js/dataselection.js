// The `data` surface's selection (a model's loss over a dataset): its state keys, named like the API's
// parameters (GET /api/datasets lists them), the query they make, their part of the URL hash, and the
// selection's surface description (GET /api/surfaces/data?…), which the page uses like any surface's.

export const DATA_DEFAULTS = { dataset: null, model: null, loss: null, l2: 0, data_seed: 0, data_size: null, batch_size: null, weights: null };
export const DATA_KEYS = Object.keys(DATA_DEFAULTS);
/** Keys that change the surface itself (batch_size only changes the updates). */
export const DATA_GRID_KEYS = DATA_KEYS.filter((k) => k !== "batch_size");
export const isUpload = (id) => typeof id === "string" && id.startsWith("u-");

/** The selection as API parameters (empty unless surface=data; defaults left out). */
export function dataQuery(state, keys = DATA_KEYS) {
  if (state.surface !== "data") return {};
  const q = {};
  for (const k of keys) if (state[k] != null && state[k] !== DATA_DEFAULTS[k]) q[k] = state[k];
  return q;
}

const NAME = /^[a-z][a-z0-9-]{0,39}$/;
const NUMBERS = { l2: [0, 10, false], data_seed: [0, 2 ** 32 - 1, true], data_size: [10, 5000, true], batch_size: [1, 5000, true] };

/** The selection's part of the hash. An upload's id never goes into a link: the data stays with its owner. */
export function encodeData(state, set) {
  for (const [k, v] of Object.entries(dataQuery(state))) if (!(k === "dataset" && isUpload(v))) set(k, String(v));
}

/** The selection a hash asks for (allow-listed, clamped); {} when it names none. */
export function decodeData(get) {
  const patch = {};
  for (const k of ["dataset", "model", "loss", "weights"]) {
    const v = get(k);
    if (v && NAME.test(v) && !isUpload(v)) patch[k] = v;
  }
  for (const [k, [lo, hi, integer]] of Object.entries(NUMBERS)) {
    const text = get(k);
    let v = text == null || text.trim() === "" ? NaN : Number(text);
    if (!Number.isFinite(v)) continue;
    v = Math.min(Math.max(integer ? Math.round(v) : v, lo), hi);
    patch[k] = v;
  }
  return patch;
}

/**
 * The description of the selected data surface, refetched when the selection changes. `reupload(id)`
 * (set by the data panel) uploads the file again when this server does not know (or forgot) an upload.
 */
export function createDataSurface(api) {
  let key = null;
  const holder = {
    surface: null,
    reupload: null,
    async refresh(state) {
      const q = dataQuery(state, DATA_GRID_KEYS);
      const next = JSON.stringify(q);
      if (next === key && holder.surface) return holder.surface;
      try {
        holder.surface = await api.surface("data", q);
      } catch (error) {
        if (!(error.status === 404 && isUpload(q.dataset) && holder.reupload && (await holder.reupload(q.dataset)))) throw error;
        holder.surface = await api.surface("data", q); // the same file gets the same id
      }
      key = next;
      return holder.surface;
    },
  };
  return holder;
}
