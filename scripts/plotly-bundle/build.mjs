// Bundles index.js into one minified script that sets window.Plotly, with the settings of plotly.js's
// own build (its esbuild-config.js: same plugins, aliases, defines and target), so the result behaves as
// its dist/plotly.min.js does, with fewer trace types. Usage: node build.mjs <outfile>
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { environmentPlugin } from 'esbuild-plugin-environment';
import { glsl } from 'esbuild-plugin-glsl';

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
    banner: { js: `/** plotly.js v${version} (errorscape: core, scatter, scatter3d, surface, contour, heatmap) | MIT */` },
    plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false }), dropDocs],
    alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'warning',
});
