// Bundles index.js into one minified script that sets window.Plotly, with the settings of plotly.js's
// own build (its esbuild-config.js: same plugins, aliases, defines and target), so the result behaves as
// its dist/plotly.min.js does, with fewer trace types; plus six speed patches in its stack.gl modules
// (stackgl-patches.mjs: the same pixels and hover, far less work) and without text it never uses (docs, map CSS).
// docs/ui.md has the why.
// Usage: node build.mjs <outfile>
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { environmentPlugin } from 'esbuild-plugin-environment';
import { glsl } from 'esbuild-plugin-glsl';
import { STACKGL, STACKGL_PATCHES, applyPatches } from './stackgl-patches.mjs';

const require = createRequire(import.meta.url);
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const version = require('plotly.js/package.json').version;

// plotly.js's dist bundles drop the attributes' documentation (descriptions, option lists for humans):
// text for the schema, never used when drawing. Same here, for the same bytes saved. Only a property whose
// value is made of plain string literals is dropped (a string, or an array of strings joined with a
// literal), so the patterns cannot run past the value into the next attribute.
const STR = String.raw`(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")`;
const STRINGS = String.raw`\[(?:\s*${STR}\s*,?)*\s*\]`;
const END = String.raw`\s*,?(?=\s*(?:\n|\}))`;
const DOC_FIELDS = [
    new RegExp(String.raw`\b(?:description|hrName): ${STR}${END}`, 'g'),
    new RegExp(String.raw`\bdescription: ${STRINGS}\.join\(\s*${STR}\s*\)${END}`, 'g'),
    new RegExp(String.raw`\b(?:requiredOpts|otherOpts): ${STRINGS}${END}`, 'g'),
];
const dropDocs = {
    name: 'drop-attribute-docs',
    setup(b) {
        b.onLoad({ filter: /[\\/]plotly\.js[\\/]src[\\/].*\.js$/ }, async ({ path }) => ({
            contents: DOC_FIELDS.reduce((code, re) => code.replace(re, ''), await readFile(path, 'utf8')),
            loader: 'js',
        }));
    },
};

// Patches: exact text replaced in a file of the pinned plotly.js, each found exactly once (applyPatches),
// in a file the build loads, or the build fails.
const patched = new Set();
function patchFile(filter, patches) {
    return (b) => b.onLoad({ filter }, async ({ path }) => {
        patched.add(filter);
        return { contents: applyPatches(await readFile(path, 'utf8'), patches, path), loader: 'js' };
    });
}
const stackglPatches = { name: 'stackgl-patches', setup: patchFile(STACKGL, STACKGL_PATCHES) };

// plotly.js's registry require()s maplibre-gl's stylesheet (83 KB) for its map traces, which this build
// leaves out: the text would ship and never be used. And esbuild-plugin-inline-css names the <style> it
// makes after the file's absolute path, so with the stylesheet in, the bytes depended on where the checkout
// is. Resolved to nothing here; the build fails if the require is not met (a new plotly.js moved it).
let mapCSSDropped = false;
const dropMapCSS = {
    name: 'drop-map-css',
    setup(b) {
        b.onResolve({ filter: /^maplibre-gl\/dist\/maplibre-gl\.css$/ }, () => {
            mapCSSDropped = true;
            return { path: 'maplibre-gl-stylesheet', namespace: 'dropped' }; // no .css: not inlined
        });
        b.onLoad({ filter: /.*/, namespace: 'dropped' }, () => ({ contents: '', loader: 'js' }));
    },
};

const outfile = process.argv[2];
if (!outfile) throw new Error('usage: node build.mjs <outfile>');

await build({
    entryPoints: ['index.js'],
    outfile,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    banner: { js: `/** plotly.js v${version} (errorscape: core, scatter, scatter3d, surface, contour, heatmap; stack.gl patched for speed) | MIT */` },
    plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false }), dropDocs, stackglPatches, dropMapCSS],
    alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'warning',
});
if (!patched.has(STACKGL)) throw new Error('build: stackgl_modules/index.js was not bundled: check stackgl-patches');
if (!mapCSSDropped) throw new Error('build: maplibre-gl.css was not required: check drop-map-css against this plotly.js');
