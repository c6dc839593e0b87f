// Which panel module draws which of a view's `panels` (names from GET /api/lessons), in page order.
// A mount function has `.panels` (it draws any of those) or `.when(context)` (lesson-wide panels).
import { mountRestarts } from "./restarts.js";
import { mountBasins } from "./basins.js";
import { mountClassifier } from "./classifier.js";
import { mountHighdim } from "./highdim.js";
import { mountCriticalPoints, mountCurse } from "./highdimnumbers.js";
import { mountMinibatch } from "./minibatch.js";
import { mountNetwork, mountInterpolation } from "./mlplandscape.js";
import { mountSideBySide } from "./noguarantees.js";
import { mountNoise, mountGradientNote } from "./noise.js";

export const PANELS = [
  mountSideBySide, mountRestarts, mountBasins, mountClassifier, mountNoise, mountGradientNote,
  mountHighdim, mountCriticalPoints, mountCurse, mountMinibatch, mountInterpolation, mountNetwork,
];

/** The panels `context` (lesson, view) shows. */
export function panelsFor(context) {
  const names = new Set(context.view.panels);
  return PANELS.filter((mount) => (mount.when ? mount.when(context) : mount.panels.some((p) => names.has(p))));
}
