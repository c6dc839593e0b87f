"""Embedding: the app with minimal chrome for iframes (``/embed``), an example parent page that drives
it by postMessage (``/embed/example``), and oEmbed (``/oembed``) so course platforms can turn a
shared link into an iframe by themselves.

Embed options travel in the query string (``/embed?autoplay=1&view=3d&controls=0&steps_hide=1``),
the view state in the hash (``#surface=bowl&optimizer=adam&lr=0.01``; see static/js/hashstate.js).
The server reads only ``theme`` (to paint the first frame right); the page's script reads the rest.
"""

from __future__ import annotations

import html
import json
from typing import Annotated, Literal
from urllib.parse import urlsplit, urlunsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from errorscape.errors import ParamError
from .site import render_page

router = APIRouter(tags=["embed"])

THEMES = ("light", "dark")
ASPECT = (16, 10)  # the snippet's aspect ratio: room for the playback bar above one figure
DEFAULT_WIDTH = 800
MIN_SIZE, MAX_SIZE = 200, 4000


@router.get("/embed", response_class=HTMLResponse, include_in_schema=False)
def embed(request: Request, theme: str | None = None) -> HTMLResponse:
    """The app for an iframe: no header or footer, options from the query, state from the hash."""
    return render_page(
        request,
        "embed.html",
        chrome="embed",
        theme=theme if theme in THEMES else "auto",
        embed_origins=" ".join(request.app.state.settings.embed_origins),
    )


@router.get("/embed/example", response_class=HTMLResponse, include_in_schema=False)
def embed_example(request: Request) -> HTMLResponse:
    """A parent page that embeds /embed and drives it by postMessage: the API's working example."""
    return render_page(request, "embed_example.html", chrome="example")


def embed_url_for(url: str, site: str) -> str:
    """The /embed URL showing the page `url` (which must be under `site`, the app's base URL)."""
    parts = urlsplit(url)
    base = urlsplit(site)
    root = base.path.rstrip("/")
    if parts.scheme not in ("http", "https") or (parts.scheme, parts.netloc.lower()) != (base.scheme, base.netloc.lower()):
        raise LookupError("url: must be a page of this site")
    path = parts.path[len(root):] if parts.path.startswith(root) else None
    if path in ("", "/"):
        path = "/embed"
    if path not in ("/embed",):
        raise LookupError("url: must be this site's app page (/ or /embed)")
    return urlunsplit((base.scheme, base.netloc, root + path, parts.query, parts.fragment))


# Where the host page runs scripts, the frame takes the height the embed asks for (errorscape:resize:
# its figure at a good shape for the frame's width, plus its bars); where it does not, the iframe keeps
# its aspect ratio and the embed fits that box. Plain ES5 on one line: course platforms paste it as is.
RESIZE_SCRIPT = (
    "<script>addEventListener(\"message\",function(e){{var d=e.data;"
    "if(e.origin!=={origin}||!d||d.type!==\"errorscape:resize\"||d.version!==1||!(d.height>0))return;"
    "document.querySelectorAll(\"iframe\").forEach(function(f){{if(f.contentWindow===e.source)"
    "f.style.height=Math.min(Math.max(Math.round(d.height),{lo}),{hi})+\"px\"}})}})</script>"
)


def iframe_snippet(src: str, width: int, height: int) -> str:
    """The HTML an instructor pastes: lazy, titled, keeping its aspect ratio when the column is narrower,
    and growing to the embed's own height where the page allows scripts."""
    parts = urlsplit(src)
    origin = json.dumps(f"{parts.scheme}://{parts.netloc}").replace("<", "\\u003c")  # never ends the script
    return (
        f'<iframe src="{html.escape(src, quote=True)}" width="{width}" height="{height}" '
        f'title="Errorscape: optimizers descending an error surface" loading="lazy" '
        f'style="border:0;width:100%;max-width:{width}px;height:auto;aspect-ratio:{width}/{height}" '
        f'allow="fullscreen"></iframe>'
        + RESIZE_SCRIPT.format(origin=origin, lo=MIN_SIZE, hi=MAX_SIZE)
    )


def oembed_size(maxwidth: int | None, maxheight: int | None) -> tuple[int, int]:
    """The largest ASPECT-shaped frame within maxwidth x maxheight (oEmbed: never larger than asked)."""
    width = min(DEFAULT_WIDTH, maxwidth or DEFAULT_WIDTH)
    if maxheight is not None:
        width = min(width, maxheight * ASPECT[0] // ASPECT[1])
    width = max(width, 1)
    return width, max(width * ASPECT[1] // ASPECT[0], 1)


@router.get("/oembed", tags=["embed"], responses={404: {"description": "url is not a page of this site"}})
def oembed(
    request: Request,
    url: Annotated[str, Query(min_length=1, max_length=4096, description="a page of this site: / or /embed, with its #state")],
    maxwidth: Annotated[int | None, Query(ge=MIN_SIZE, le=MAX_SIZE)] = None,
    maxheight: Annotated[int | None, Query(ge=MIN_SIZE, le=MAX_SIZE)] = None,
    format: Literal["json"] = "json",
) -> dict:
    """oEmbed (type "rich") for a shared link: the iframe snippet that shows the same view."""
    site = str(request.base_url)  # includes the root path behind a prefix
    try:
        src = embed_url_for(url, site)
    except LookupError as error:
        param, _, message = str(error).partition(": ")
        raise ParamError(param, message, status=404) from None
    width, height = oembed_size(maxwidth, maxheight)
    return {
        "version": "1.0",
        "type": "rich",
        "title": "Errorscape",
        "provider_name": "Errorscape",
        "provider_url": site,
        "html": iframe_snippet(src, width, height),
        "width": width,
        "height": height,
        "cache_age": 86400,
    }

