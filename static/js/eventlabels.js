// The labels the contour map writes beside the runs' events ("converged ×3", "diverged", "left the map").
// Said once per spot, placed inside the map, and never written over one another: on a phone-sized map,
// 24 restarts ending at six minima made labels that covered each other and the marks they name.

const EVENT_TEXT = { "left-map": "left the map" };
const CHAR_WIDTH = 0.6; // of the font size: an average character of the UI's sans-serif font
const LINE_HEIGHT = 1.3;

/**
 * One {text, position} per event of `v.events`: events that ended together at one spot share one label
 * ("converged ×3"); a label that would overlap one of more runs, or an earlier one of as many, stays
 * unwritten (its mark and its hover text remain). Positions keep a label inside the map: below a point
 * near the top edge, left of one near the right edge. `margin`: the contour figure's, around the map.
 */
export function eventLabels(v, margin) {
  const [x0, x1] = v.domain.x;
  const [y0, y1] = v.domain.y;
  const near = 0.05 * Math.max(x1 - x0, y1 - y0);
  const shown = [];
  const labels = v.events.map((e) => {
    const text = EVENT_TEXT[e.reason] ?? e.reason;
    const twin = shown.find((o) => o.text === text && Math.hypot(o.x - e.x, o.y - e.y) < near);
    if (twin) {
      twin.count += 1;
      return { text: "", position: "top center" };
    }
    const vertical = e.y > y1 - 0.12 * (y1 - y0) ? "bottom" : "top";
    const horizontal = e.x > x1 - 0.2 * (x1 - x0) ? "left" : e.x < x0 + 0.2 * (x1 - x0) ? "right" : "center";
    const label = { text, x: e.x, y: e.y, count: 1, position: `${vertical} ${horizontal}` };
    shown.push(label);
    return label;
  });
  const written = labels.map((l) => ({ ...l, text: l.count > 1 ? `${l.text} ×${l.count}` : l.text }));
  const boxes = [];
  // The label of the most runs first: where two would overlap, the one that says more stays.
  const order = written.map((l, i) => [l.count ?? 0, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    const label = written[i];
    if (!label.text) continue;
    const box = labelBox(label, v, margin);
    if (!box) continue; // the map is not laid out (hidden): nothing to measure against
    if (boxes.some((b) => overlap(b, box))) label.text = "";
    else boxes.push(box);
  }
  return written.map(({ text, position }) => ({ text, position }));
}

/** The label's box in pixels on the map (square units: the contour's axes keep one scale), or null. */
function labelBox({ x, y, text, position }, v, margin) {
  const { width, height } = v.sizeContour ?? { width: 0, height: 0 };
  const [x0, x1] = v.domain.x;
  const [y0, y1] = v.domain.y;
  const scale = Math.min((width - margin.l - margin.r) / (x1 - x0), (height - margin.t - margin.b) / (y1 - y0));
  if (!(scale > 0)) return null;
  const size = v.compact ? 11 : v.theme.fontSize;
  const w = text.length * CHAR_WIDTH * size;
  const h = LINE_HEIGHT * size;
  const px = (x - x0) * scale;
  const py = (y1 - y) * scale;
  const [vertical, horizontal] = position.split(" ");
  const left = horizontal === "left" ? px - w : horizontal === "right" ? px : px - w / 2;
  const top = vertical === "top" ? py - h : py;
  return { left, top, right: left + w, bottom: top + h };
}

const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
