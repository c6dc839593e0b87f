// The speed patches to plotly.js's stack.gl modules (stackgl_modules/index.js, one webpack bundle), as
// exact text replaced: the same pixels and hover as published, far less work. build.mjs applies them;
// check-clean-pslg.mjs checks one against the published module. docs/ui.md has the why.

/** code with each [from, to] replaced; each `from` must occur exactly once, or this throws (so a version
 * bump cannot skip a patch silently: redo it, or drop it). */
export function applyPatches(code, patches, where) {
    for (const [from, to] of patches) {
        const n = code.split(from).length - 1;
        if (n !== 1) throw new Error(`patch of ${where}: expected 1 match of ${JSON.stringify(from)}, found ${n}`);
        code = code.replace(from, () => to);
    }
    return code;
}

// vectorize-text turns each 3D axis tick label into triangles by drawing it on one shared 8192 x 1024
// canvas and reading the pixels back. As published, every label first fills the WHOLE canvas black
// (8 M pixels) and then reads back a small region; in Chromium that canvas lives on the GPU (software
// GL here), so each label pays a huge fill and a GPU read-back: about a quarter of Plotly's first 3D draw.
// Patched: the canvas is CPU-backed (willReadFrequently, what a canvas read every use is meant to say), and
// each label is measured first, then only the region read back is filled and the text drawn (each piece
// with the font it was measured in: bold, sub- and superscripts change it). The same text at the same
// places on the same black, so the same pixels are read (tests/browser/test_plotly_bundle.py compares
// the 3D axis labels with the full build's).
export const STACKGL = /[\\/]plotly\.js[\\/]stackgl_modules[\\/]index\.js$/;
export const VECTORIZE_TEXT = [
        ['defaultContext = defaultCanvas.getContext("2d")',
         'defaultContext = defaultCanvas.getContext("2d", {willReadFrequently: true})'],
        ['  context.fillStyle = "#000"\n  context.fillRect(0, 0, canvas.width, canvas.height)\n\n  context.fillStyle = "#fff"\n',
         '  var texts = [] // [font, text, x, y]: drawn once the region read back is known\n'],
        ['context.fillText(buffer, offsetX + xPos, offsetY + yPos)',
         'texts.push([context.font, buffer, offsetX + xPos, offsetY + yPos])'],
        ['  var yCut = offsetY + lineHeight * numberOfLines\n',
         `  var yCut = offsetY + lineHeight * numberOfLines
  var font = context.font
  context.fillStyle = "#000"
  context.fillRect(0, 0, xCut, yCut)
  context.fillStyle = "#fff"
  texts.forEach(function(t) { context.font = t[0]; context.fillText(t[1], t[2], t[3]) })
  context.font = font
`],
];

// vectorize-text then cleans each label's outline with clean-pslg, which resolves crossing edges in exact
// rational arithmetic (bn.js). As published it turns every point into a rational number first, and bounds
// each one by converting it back, even when no edges cross or touch, which is always the case for these
// outlines: about 40 % of the labels' cost. Patched: with nothing to cut, the points stay floats and are
// bounded directly (a float made rational and back is the same float, so the same bounds and the same
// merges); with crossings or T-junctions, the published path runs. Checked against the published module
// on every 3D label the app draws and on 3,000 random graphs with crossings: the same output.
export const CLEAN_PSLG_FLOATS = [
    ['  // 3. cut edges, construct rational points\n  var ratPoints = cutEdges(points, edges, crossings, tjunctions, useColor)\n',
     '  // 3. cut edges, construct rational points (nothing to cut: the points stay floats)\n  var ratPoints = crossings.length || tjunctions.length ? cutEdges(points, edges, crossings, tjunctions, useColor) : null\n'],
    ['function dedupPoints (floatPoints, ratPoints, floatBounds) {\n  var numPoints = ratPoints.length\n',
     'function dedupPoints (floatPoints, ratPoints, floatBounds) {\n  var numPoints = ratPoints ? ratPoints.length : floatPoints.length\n'],
    ['  for (var i = 0; i < ratPoints.length; ++i) {\n    var p = ratPoints[i]\n    var xb = boundRat(p[0])\n    var yb = boundRat(p[1])\n',
     '  for (var i = 0; i < numPoints; ++i) {\n    var p = ratPoints ? ratPoints[i] : floatPoints[i]\n    var xb = ratPoints ? boundRat(p[0]) : [nextafter(p[0], -Infinity), nextafter(p[0], Infinity)]\n    var yb = ratPoints ? boundRat(p[1]) : [nextafter(p[1], -Infinity), nextafter(p[1], Infinity)]\n'],
];

// gl-shader links each program and at once asks for its status and its uniforms' locations: queries that
// wait for the GPU to finish the link (for Plotly's surface, 0.15 s of its first 3D draw in software GL).
// But most of the scene's shaders (the surface's four among them) are given new attribute locations before
// their first draw, which throws that program away and links another in bind(): the first link was waited
// for and never used. Patched: the link is sent (and flushed), and the program is checked and its locations
// asked for when first read (bind()'s own query, the uniforms' first use), so a program thrown away is
// never waited for, and one kept is linked while the page goes on. The same programs and locations. A
// program that fails to link (after the reflection link, which still checks at creation, passed) throws at
// the first use of its uniforms, each time, instead of at creation; shader-cache keeps it meanwhile.
export const DEFERRED_LINK = [
    ['  gl.linkProgram(program)\n  if(!gl.getProgramParameter(program, gl.LINK_STATUS)) {\n    var errLog = gl.getProgramInfoLog(program)\n    throw new GLError(errLog, \'Error linking program: \' + errLog)\n  }\n  return program\n}\n',
     '  gl.linkProgram(program)\n  gl.flush() // the GPU starts linking now; checkLink asks for the result when the program is first used\n  return program\n}\n\nfunction checkLink(gl, program) {\n  if(!gl.getProgramParameter(program, gl.LINK_STATUS)) {\n    var errLog = gl.getProgramInfoLog(program)\n    throw new GLError(errLog, \'Error linking program: \' + errLog)\n  }\n}\n'],
    ['exports.shader   = getShaderReference\nexports.program  = createProgram\n',
     'exports.shader   = getShaderReference\nexports.program  = createProgram\nexports.checkLink = checkLink\n'],
    ['    for(var i=0; i<uniforms.length; ++i) {\n      uniformLocations[i] = gl.getUniformLocation(\n          wrapper.program\n        , uniforms[i].name)\n    }\n  }\n',
     `    // Each location is asked for when first read (all at once, after checking the link).
    var program = wrapper.program
    function locate() {
      shaderCache.checkLink(gl, program)
      for(var j=0; j<uniforms.length; ++j) {
        Object.defineProperty(uniformLocations, j, {
          value: gl.getUniformLocation(program, uniforms[j].name), writable: true, enumerable: true, configurable: true })
      }
    }
    function located(index) {
      return { get: function() { locate(); return uniformLocations[index] }, enumerable: true, configurable: true }
    }
    for(var i=0; i<uniforms.length; ++i) {
      Object.defineProperty(uniformLocations, i, located(i))
    }
  }
`],
    ["  //Generate uniform wrappers\n  Object.defineProperty(wrapper, 'uniforms', createUniformWrapper(\n      gl\n    , wrapper\n    , uniforms\n    , uniformLocations))\n}\n",
     `  //Generate uniform wrappers, when first used (they read the locations)
  function wrapUniforms() {
    Object.defineProperty(wrapper, 'uniforms', createUniformWrapper(
        gl
      , wrapper
      , uniforms
      , uniformLocations))
  }
  Object.defineProperty(wrapper, 'uniforms', {
    get: function() { wrapUniforms(); return wrapper.uniforms },
    set: function(value) { wrapUniforms(); wrapper.uniforms = value },
    enumerable: true,
    configurable: true
  })
}
`],
]

// gl-select-static holds the 3D scene's pick buffer (which object is under each pixel, for hover). After
// every redraw of the pick pass it read the whole buffer back with readPixels, in a timer 1 ms later:
// a synchronous wait for the GPU to finish the frame, then a copy of width x height x 4 bytes, whether
// or not anyone hovers. In software GL that read is 0.3-1 s for a full-width scene, on the page's main
// thread, after the first draw and after every 3D update while a run plays. Patched: the pass marks the
// copy stale and the first query after it reads it: gl-plot3d queries on the next pointer event over the
// scene or modifier key pressed or released (a hover, a click, Shift). A query sees the same buffer as
// before, only read when asked for (and never one a timer had not caught up with yet).
export const LAZY_PICK_READ = [
    ['  if(!this._readTimeout) {\n    clearTimeout(this._readTimeout)\n  }\n  this._readTimeout = setTimeout(this._readCallback, 1)\n',
     '  this._stale = true // read back by the next query\n'],
    ['proto.query = function(x, y, radius) {\n  if(!this.gl) {\n    return null\n  }\n',
     'proto.query = function(x, y, radius) {\n  if(!this.gl) {\n    return null\n  }\n  if(this._stale) {\n    this._stale = false\n    this._readCallback()\n  }\n'],
];
// gl-plot3d rendered that pick pass (the whole scene again, into an offscreen buffer) before every redraw
// of the scene whose camera or objects had changed: on the first draw and on every 3D update while a run
// plays, GPU work no one looks at until a pointer comes over the scene. Patched: the redraw leaves the pick
// buffers stale, and the next query renders them first (with the objects of the last redraw and the
// camera as it is), then reads them (above), and gives the objects back the scene's pixel ratio, which
// renderPick sets to 1 for the pass and which scatter3d reads when it next builds a marker's glyph. What
// hover, click and spikes find is unchanged.
export const LAZY_PICK_RENDER = [
    ['    //If state changed, then redraw pick buffers\n    if(pickDirty) {\n      pickDirty = false\n      renderPick()\n    }\n',
     '    // (the pick buffers, if stale, are rendered by the next query)\n'],
    ['        scene._mouseRotating = false\n\n        for(var i=0; i<numPick; ++i) {\n',
     '        scene._mouseRotating = false\n\n        if(pickDirty) {\n          pickDirty = false\n          renderPick()\n          for(var k=0; k<numObjs; ++k) {\n            objects[k].pixelRatio = scene.pixelRatio // renderPick sets 1; a redraw would have set it back\n          }\n        }\n        for(var i=0; i<numPick; ++i) {\n'],
];
// stackgl_modules is a webpack bundle whose entry makes every stack.gl module at once, the cone and
// streamtube traces' and the alpha-shape and convex-hull geometry too, which this build never asks for.
// Patched: each entry is made when first asked for. The 3D scene's, the surface's and scatter3d's modules
// still come when plotly.js loads (their plotly.js modules ask at load); those four never do. plotly.js
// runs about 0.1 s sooner.
const STACKGL_ENTRY = `    alpha_shape: __webpack_require__(3502),
    convex_hull: __webpack_require__(7352),
    delaunay_triangulate: __webpack_require__(7642),
    gl_cone3d: __webpack_require__(6405),
    gl_error3d: __webpack_require__(9165),
    gl_line3d: __webpack_require__(5714),
    gl_mesh3d: __webpack_require__(7201),
    gl_plot3d: __webpack_require__(4100),
    gl_scatter3d: __webpack_require__(8418),
    gl_streamtube3d: __webpack_require__(7815),
    gl_surface3d: __webpack_require__(9499),
    ndarray: __webpack_require__(9618),
    ndarray_linear_interpolate: __webpack_require__(4317),
`;
export const LAZY_ENTRY = [
    [`module.exports = {\n${STACKGL_ENTRY}};\n`,
     `var entryIds = {\n${STACKGL_ENTRY.replace(/__webpack_require__\((\d+)\)/g, '$1')}};
module.exports = {};
Object.keys(entryIds).forEach(function(name) {
    Object.defineProperty(module.exports, name, { enumerable: true, configurable: true, get: function() {
        var value = __webpack_require__(entryIds[name]);
        Object.defineProperty(module.exports, name, { value: value, enumerable: true });
        return value;
    } });
});
`],
];
export const STACKGL_PATCHES = [...VECTORIZE_TEXT, ...CLEAN_PSLG_FLOATS, ...DEFERRED_LINK, ...LAZY_PICK_READ, ...LAZY_PICK_RENDER, ...LAZY_ENTRY];
