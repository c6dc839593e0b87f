"""The browser app: the page at ``/``, its static files and plotly.js.

URLs are cache-busted so browsers may keep files for a year:

- ``/static/<digest>/js/main.js``: our own files under a content digest of the whole ``static/`` tree.
  The digest is a path segment (not a query string) so that ES modules' relative imports
  (``import "./api.js"``) inherit it. Served ``immutable``.
- ``/static/<digest>/vendor/plotly-<version>-errorscape.min.js``: the plotly.js the page runs, a build of
  only the trace types the app draws (made by scripts/build-plotly.sh; the version is the installed plotly
  package's), served like our own files.
- ``/static/vendor/plotly-<version>.min.js``: plotly.js with every trace type, from the installed plotly
  package, only when ``ERRORSCAPE_PLOTLY_BUNDLE=full`` (bench/page.py compares the two builds).
- ``/static/js/main.js`` (no digest) also works, revalidated on every use (for hand-written links).

Text files are gzip-compressed once, at first request, and sent compressed when the client accepts it.
Every URL in the page starts at ``request.scope["root_path"]``, so the app works behind a path prefix.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import plotly
import plotly.offline
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..schemas.runs import page_bounds
from errorscape.lessons.catalogue import LESSON_LIST

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
TEMPLATES = Jinja2Templates(directory=ROOT / "templates")
PLOTLY_VERSION = plotly.offline.get_plotlyjs_version()
PLOTLY_BUNDLE = STATIC / "vendor" / f"plotly-{PLOTLY_VERSION}-errorscape.min.js"  # the app's trace types
PLOTLY_FULL = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"  # every trace type
PLOTLY_FULL_PATH = f"vendor/plotly-{PLOTLY_VERSION}.min.js"

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
DIGEST_LENGTH = 12
COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".html", ".txt", ".map")
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    etag: str
    media_type: str


def _asset(path: Path, signature: tuple[int, int]) -> Asset:
    body = path.read_bytes()
    suffix = path.suffix.lower()
    gzipped = gzip.compress(body, 6, mtime=0) if suffix in COMPRESSIBLE and len(body) > 512 else None
    media_type = MEDIA_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Asset(body, gzipped, '"' + hashlib.sha256(body).hexdigest()[:20] + '"', media_type)


# Keyed by (path, (mtime, size)) so an edited file is reread; small enough to keep every version.
_cached_asset = lru_cache(maxsize=256)(_asset)
_plotly_lock = threading.Lock()


def load_asset(path: Path) -> Asset:
    stat = path.stat()
    if path in (PLOTLY_BUNDLE, PLOTLY_FULL):
        with _plotly_lock:  # megabytes to compress: do it once even when the first requests arrive together
            return _cached_asset(path, (stat.st_mtime_ns, stat.st_size))
    return _cached_asset(path, (stat.st_mtime_ns, stat.st_size))


def _static_files() -> list[Path]:
    return sorted(p for p in STATIC.rglob("*") if p.is_file() and not p.name.startswith("."))


@lru_cache(maxsize=8)
def _digest_of(signature: tuple) -> str:
    h = hashlib.sha256()
    for rel, _mtime, _size in signature:
        h.update(rel.encode() + b"\0" + (STATIC / rel).read_bytes() + b"\0")
    return h.hexdigest()[:DIGEST_LENGTH]


_last_digest: tuple[float, str] = (float("-inf"), "")
RELIST_AFTER = 1.0  # seconds


def static_digest() -> str:
    """Content digest of the static tree (the same on every replica that ships the same files).

    The tree is listed at most once a second, not for every request: a cold page load makes ~30 static
    requests at once, and stat-ing every file for each of them delayed them all. An edited file still
    changes the digest within a second.
    """
    global _last_digest
    listed, digest = _last_digest
    now = time.monotonic()
    if now - listed < RELIST_AFTER:
        return digest
    signature = tuple(
        (p.relative_to(STATIC).as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in _static_files()
    )
    digest = _digest_of(signature)
    _last_digest = (now, digest)
    return digest


_STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\s+(?:[^"';]*?\s+from\s+)?["']\./([\w./-]+\.js)["']""", re.M)


@lru_cache(maxsize=8)
def _module_graph(entry: str, digest: str) -> tuple[str, ...]:
    seen: list[str] = []
    todo = [entry]
    while todo:
        name = todo.pop()
        path = STATIC / "js" / name
        if name in seen or not path.is_file():
            continue
        seen.append(name)
        base = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        todo += [base + found for found in _STATIC_IMPORT.findall(path.read_text(encoding="utf-8"))]
    return tuple(sorted(seen))


def module_graph(entry: str = "main.js") -> tuple[str, ...]:
    """The modules ``entry`` imports statically, itself included: what the page preloads."""
    return _module_graph(entry, static_digest())


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            q = params.strip()
            return not (q.startswith("q=") and q[2:].strip() in ("0", "0.", "0.0", "0.00", "0.000"))
    return False


def asset_response(request: Request, asset: Asset, cache_control: str) -> Response:
    headers = {
        "Cache-Control": cache_control,
        "ETag": asset.etag,
        "Vary": "Accept-Encoding",
    }
    if asset.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    body = asset.body
    if asset.gzipped is not None and _accepts_gzip(request):
        body = asset.gzipped
        headers["Content-Encoding"] = "gzip"
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(status_code=200, headers=headers, media_type=asset.media_type)
    return Response(body, headers=headers, media_type=asset.media_type)


def _static_path(relative: str) -> Path:
    try:
        path = (STATIC / relative).resolve()
        found = path.is_relative_to(STATIC) and path.is_file() and not path.name.startswith(".")
    except (OSError, ValueError):  # e.g. a NUL byte in the path
        found = False
    if not found:
        raise HTTPException(404, f"path: no static file {relative!r}")
    return path


@router.api_route("/static/vendor/plotly-{version}.min.js", methods=["GET", "HEAD"])
def plotly_full(version: str, request: Request) -> Response:
    if version != PLOTLY_VERSION or request.app.state.settings.plotly_bundle != "full":
        raise HTTPException(404, f"version: this server ships plotly.js {PLOTLY_VERSION} "
                                 f"(every trace type only with ERRORSCAPE_PLOTLY_BUNDLE=full), not {version}")
    return asset_response(request, load_asset(PLOTLY_FULL), IMMUTABLE)


@router.api_route("/static/{path:path}", methods=["GET", "HEAD"])
def static_file(path: str, request: Request) -> Response:
    first, _, rest = path.partition("/")
    versioned = len(first) == DIGEST_LENGTH and rest and all(c in "0123456789abcdef" for c in first)
    if not versioned:
        return asset_response(request, load_asset(_static_path(path)), REVALIDATE)
    # An old page may ask for an older digest after a deploy: serve today's file, but don't pin it.
    cache = IMMUTABLE if first == static_digest() else REVALIDATE
    return asset_response(request, load_asset(_static_path(rest)), cache)


def page_context(request: Request, **extra) -> dict:
    """What every page template needs: URLs under the root path, never an absolute origin."""
    root = request.scope.get("root_path", "").rstrip("/")
    static = f"{root}/static/{static_digest()}"
    settings = request.app.state.settings
    full = settings.plotly_bundle == "full"
    return {
        "root": root,
        "static": static,
        "plotly_src": f"{root}/static/{PLOTLY_FULL_PATH}" if full else f"{static}/vendor/{PLOTLY_BUNDLE.name}",
        "modules": module_graph("main.js"),
        "version": __version__,
        "limits": {"max_steps": settings.max_steps, "max_race": settings.max_race, "max_grid": settings.max_grid},
        "run_bounds": page_bounds(),
        # The lessons menu is in the page from the start: filled in later, it would push the page down.
        "lessons": [(lesson.id, lesson.title) for lesson in LESSON_LIST],
        **extra,
    }


def render_page(request: Request, template: str, **extra) -> HTMLResponse:
    response = TEMPLATES.TemplateResponse(request, template, page_context(request, **extra))
    response.headers["Cache-Control"] = REVALIDATE  # the page names the current digests
    return response


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """The app: pick a surface and optimizers, press Run, watch the descent."""
    return render_page(request, "index.html", chrome="full")
