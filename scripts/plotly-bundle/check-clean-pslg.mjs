// Checks the clean-pslg patch (CLEAN_PSLG_FLOATS in stackgl-patches.mjs) against the published module: the
// same output (whether modified, the points, the edges) on outlines like a label's (simple polygons, some
// sharing points or edges, where the patch skips the rational numbers) and on random graphs with crossing
// edges and T-junctions (where the published path runs). scripts/build-plotly.sh runs it after each build.
// Usage: node check-clean-pslg.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CLEAN_PSLG_FLOATS, applyPatches } from './stackgl-patches.mjs';

const require = createRequire(import.meta.url);
const path = require.resolve('plotly.js/stackgl_modules/index.js');
const published = readFileSync(path, 'utf8');
const ENTRY = '/******/ \tlet __webpack_exports__ = __webpack_require__(3065);\n/******/ \tmodule.exports = __webpack_exports__;';
const id = published.match(/\/\*\*\*\/ (\d+)\n\(module, __unused_webpack_exports, __webpack_require__\) \{\n\n"use strict";\n\n\nmodule\.exports = cleanPSLG\n/)?.[1];
if (!id) throw new Error(`check: clean-pslg not found in ${path}`);

/** clean-pslg from the stack.gl bundle's code (its webpack require exposed instead of its entry). */
function cleanPSLG(code) {
    const module = { exports: {} };
    new Function('module', 'exports', 'window', 'self', applyPatches(code, [[ENTRY, 'module.exports = __webpack_require__;']], path))(
        module, module.exports, globalThis, globalThis);
    return module.exports(Number(id));
}
const before = cleanPSLG(published);
const after = cleanPSLG(applyPatches(published, CLEAN_PSLG_FLOATS, path));

let seed = 20261202;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

/** A label-like outline: loops of a star-shaped polygon each (no crossings), on a fine grid like a raster's. */
function outline() {
    const points = [], edges = [];
    const loops = 1 + Math.floor(random() * 4);
    for (let l = 0; l < loops; l++) {
        const n = 3 + Math.floor(random() * 40), cx = 3 * l, first = points.length;
        const angles = Array.from({ length: n }, () => random() * 2 * Math.PI).sort((a, b) => a - b);
        for (const a of angles) {
            const r = 0.2 + random();
            points.push([Math.round((cx + r * Math.cos(a)) * 64) / 64 * 0.0123, Math.round(r * Math.sin(a) * 64) / 64 * 0.0123]);
        }
        for (let i = 0; i < n; i++) edges.push([first + i, first + ((i + 1) % n)]);
        if (random() < 0.2) edges.push([first, first + 1]); // a repeated edge
    }
    if (random() < 0.2) points.push([...points[0]]); // a repeated point
    return [points, edges];
}

/** Any graph: few points on a coarse grid or anywhere, edges between random pairs (crossings, T-junctions). */
function graph() {
    const n = 3 + Math.floor(random() * 12), coarse = random() < 0.5, points = [], edges = [];
    for (let i = 0; i < n; i++) points.push(coarse ? [Math.floor(random() * 5) / 4, Math.floor(random() * 5) / 4] : [random() * 2 - 1, random() * 2 - 1]);
    for (let i = 0; i < n; i++) {
        const a = Math.floor(random() * n), b = Math.floor(random() * n);
        if (a !== b) edges.push([a, b]);
    }
    return [points, edges];
}

const run = (clean, [points, edges]) => {
    const p = structuredClone(points), e = structuredClone(edges);
    return JSON.stringify([clean(p, e), p, e]);
};
let cases = 0;
for (const make of [outline, graph]) {
    for (let k = 0; k < 2000; k++, cases++) {
        const input = make();
        if (run(before, input) !== run(after, input)) {
            console.error(`check-clean-pslg: the patched clean-pslg differs on ${JSON.stringify(input)}`);
            process.exit(1);
        }
    }
}
console.log(`check-clean-pslg: the patched clean-pslg gives the published output on ${cases} graphs`);
