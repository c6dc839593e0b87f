// The plotly.js the app ships: its core (which always includes `scatter`) and the trace types the
// app draws. A figure that needs another type must add it here and rebuild (scripts/build-plotly.sh);
// tests/api/test_plotly_bundle.py fails while static/js names a type this list lacks.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/scatter'),
    require('plotly.js/lib/scatter3d'),
    require('plotly.js/lib/surface'),
    require('plotly.js/lib/contour'),
    require('plotly.js/lib/heatmap'),
]);

module.exports = Plotly;
