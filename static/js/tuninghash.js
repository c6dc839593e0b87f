// The hyperparameter map's and the fair race's settings in the URL hash, so that a shared link (or an embed)
// computes the same map or tuned race again (runs are deterministic). Two keys, which hashstate.js keeps as
// they are:
//   map=lr_log_1e-4_1_40__momentum_lin_0_0p99_40__loss    x axis __ y axis __ colouring
//   tune=k8__lr_log_1e-4_1_13__momentum_lin_0p5_0p95_4     K starts __ lr grid [__ second hyperparameter]
// An axis is param_scale_min_max_n; "." is written "p" so that values stay in [A-Za-z0-9_-]. Values are
// checked again by the API, which answers a 422 naming the field for anything out of range.

export const MAP_KEY = "map";
export const TUNE_KEY = "tune";

const num = (v) => String(v).replace(".", "p");
const unnum = (t) => Number(String(t).replace("p", "."));

export const encodeAxis = (a) => [a.param, a.log ? "log" : "lin", num(a.min), num(a.max), a.n].join("_");

/** An axis {param, log, min, max, n} from its text, or null when malformed. */
export function decodeAxis(text) {
  const f = String(text).split("_");
  if (f.length < 5 || !["log", "lin"].includes(f.at(-4))) return null;
  const [min, max, n] = [unnum(f.at(-3)), unnum(f.at(-2)), Number(f.at(-1))];
  if (![min, max, n].every(Number.isFinite) || !Number.isInteger(n)) return null;
  return { param: f.slice(0, -4).join("_"), log: f.at(-4) === "log", min, max, n };
}

export const encodeMap = (x, y, metric) => `${encodeAxis(x)}__${encodeAxis(y)}__${metric}`;

/** {x, y, metric} from a `map` value, or null; `metrics`: the colourings the API lists. */
export function decodeMap(text, metrics) {
  const parts = String(text ?? "").split("__");
  if (parts.length !== 3 || !metrics.includes(parts[2])) return null;
  const [x, y] = parts.slice(0, 2).map(decodeAxis);
  return x && y ? { x, y, metric: parts[2] } : null;
}

export const encodeTune = ({ k, lr, second }) => [`k${k}`, encodeAxis(lr), ...(second ? [encodeAxis(second)] : [])].join("__");

/** {k, lr, second|null} from a `tune` value, or null. */
export function decodeTune(text) {
  const [head, ...axes] = String(text ?? "").split("__");
  const k = Number(head?.slice(1));
  if (!head?.startsWith("k") || !Number.isInteger(k) || axes.length < 1 || axes.length > 2) return null;
  const [lr, second = null] = axes.map(decodeAxis);
  if (!lr || lr.param !== "lr" || (axes.length === 2 && !second)) return null;
  return { k, lr, second };
}

export const readHash = (key) => new URLSearchParams(location.hash.replace(/^#/, "")).get(key);

/** Sets one key of the hash (or removes it, for null), leaving the others as they are. */
export function writeHash(key, value) {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  if (value == null) params.delete(key);
  else params.set(key, value);
  history.replaceState(history.state, "", `${location.pathname}${location.search}#${params}`);
}
