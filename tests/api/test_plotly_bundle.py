"""The plotly.js build the app ships (static/vendor, made by scripts/build-plotly.sh): the recorded bytes, the
same plotly.js version as the installed plotly package, and every trace type the front end draws."""

from __future__ import annotations

import hashlib
import json
import re

import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

from app.pages.site import PLOTLY_BUNDLE, PLOTLY_VERSION, ROOT, STATIC

BUILD = ROOT / "scripts" / "plotly-bundle"
TRACES = (getattr(go, name) for name in dir(go))  # go's members load lazily: not in vars(go) until asked for
TRACE_TYPES = {cls().type for cls in TRACES if isinstance(cls, type) and issubclass(cls, BaseTraceType)}
# `type: "surface"`, `type: is3d ? "scatter3d" : "scatter"`, and landscape.js's `gridTrace(v, "contour")`.
TYPE_IN_JS = re.compile(r'\btype:\s*(?:[\w.]+\s*\?\s*)?"(\w+)"(?:\s*:\s*"(\w+)")?|gridTrace\(\w+,\s*"(\w+)"\)')


def test_the_shipped_build_is_the_one_recorded_by_the_build_script():
    recorded, path = (BUILD / "bundle.sha256").read_text().split()
    assert path == PLOTLY_BUNDLE.relative_to(ROOT).as_posix()
    assert hashlib.sha256(PLOTLY_BUNDLE.read_bytes()).hexdigest() == recorded
    assert [p.name for p in (STATIC / "vendor").glob("plotly-*.js")] == [PLOTLY_BUNDLE.name]  # one build shipped


def test_it_is_built_from_the_plotly_js_version_of_the_installed_plotly_package():
    assert PLOTLY_BUNDLE.read_text(encoding="utf-8")[:200].startswith(f"/** plotly.js v{PLOTLY_VERSION} ")
    assert json.loads((BUILD / "package.json").read_text())["dependencies"]["plotly.js"] == PLOTLY_VERSION
    lock = json.loads((BUILD / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/plotly.js"]["version"] == PLOTLY_VERSION


def test_every_trace_type_the_front_end_draws_is_in_the_build():
    used = set()
    for path in (STATIC / "js").rglob("*.js"):
        for groups in TYPE_IN_JS.findall(path.read_text(encoding="utf-8")):
            used.update(g for g in groups if g in TRACE_TYPES)
    built = set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", (BUILD / "index.js").read_text()))
    assert {"surface", "scatter3d", "contour", "scatter"} <= used  # the pattern still finds the app's own
    assert used <= built, f"add {sorted(used - built)} to scripts/plotly-bundle/index.js and rerun scripts/build-plotly.sh"
