#!/usr/bin/env bash
# Rebuild the plotly.js the app ships: static/vendor/plotly-<version>-errorscape.min.js, only the trace
# types the app draws (scripts/plotly-bundle/index.js), with six stack.gl patches (vectorize-text and clean-pslg, program links checked at first use,
# the pick pass rendered and read only when queried, the lazy module entry) to make the 3D scene faster
# (scripts/plotly-bundle/build.mjs says why and how), from the pinned plotly.js package
# (scripts/plotly-bundle/package.json and its lockfile). Records the result's SHA-256 in
# scripts/plotly-bundle/bundle.sha256, which a test checks. Needs node and npm; the app, its tests and
# CI do not (the result is committed). The same inputs give the same bytes: rerun, and git shows no change.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=scripts/plotly-bundle
command -v npm >/dev/null 2>&1 || { echo "build-plotly: node and npm are needed" >&2; exit 1; }

# Exactly the lockfile's versions; no package's install script runs (esbuild's binary is its own package).
npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund --loglevel=error
version=$(node -p "require('./$dir/node_modules/plotly.js/package.json').version")
out=static/vendor/plotly-$version-errorscape.min.js

mkdir -p static/vendor
rm -f static/vendor/plotly-*-errorscape.min.js  # one build shipped: an older version's goes
(cd "$dir" && node build.mjs "../../$out" && node check-clean-pslg.mjs)
sha256sum "$out" > "$dir/bundle.sha256"
echo "build-plotly: $out ($(wc -c < "$out") bytes), sha256 $(cut -d' ' -f1 "$dir/bundle.sha256")"
