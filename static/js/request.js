// The run-level settings a run request and the URL hash both carry, each only when it differs from
// its default. The schedules (names, labels, the fields each reads; the first is the default) are the
// API's: GET /api/schedules, given to useSchedules once at start-up.

let schedules = [];

/** Learn the schedules from GET /api/schedules' answer. */
export function useSchedules(described) {
  schedules = described.schedules.map((s) => ({
    id: s.id,
    label: s.name,
    fields: s.params.map((p) => p.name).filter((name) => name !== "warmup"), // warmup applies to every one
  }));
}

/** [{id, label, fields}] in the API's order; empty until useSchedules ran. */
export const scheduleList = () => schedules;

/** The schedule `state` asks for (the default one when unknown). */
export const scheduleOf = (state) => schedules.find((s) => s.id === state.schedule) ?? schedules[0];

/** The run settings of `state` that differ from the defaults, as [API name, value] pairs, in order. */
export function runSettings(state) {
  const pairs = [];
  if (state.restarts > 1) pairs.push(["restarts", state.restarts]);
  if (state.noise > 0) {
    pairs.push(["noise", state.noise]);
    if (state.noise_decay > 0) pairs.push(["noise_decay", state.noise_decay]);
  }
  const schedule = scheduleOf(state);
  if (schedule && schedule !== schedules[0]) {
    pairs.push(["schedule", schedule.id]);
    for (const field of schedule.fields) if (state[field] != null) pairs.push([field, state[field]]);
  }
  if (state.warmup > 0) pairs.push(["warmup", state.warmup]);
  return pairs;
}
