"""Builds the ASGI app: settings, middleware, error handlers and one router per resource."""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager

from fastapi import FastAPI

from . import __version__, error_handlers
from .api import datasets, expressions, health, lessons, metrics, optimizers, runs, surfaces, tuning
from .middleware import observability
from .middleware.security import SecurityHeaders
from .pages import embed, site
from .middleware.stream_guard import StreamGuard
from .streaming.cohorts import CohortPool
from .streaming.gate import StreamGate
from .streaming.recordings import RecordingCache
from .settings import Settings, settings as default_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or default_settings

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.gate.watch_signals()
        # Everything built at import (FastAPI, pydantic, numpy, the surfaces: ~75,000 objects) lives as long
        # as the process: move it out of the collector's sight. A full collection otherwise walks it all,
        # ~60 ms on a 2-core VM, and the streams starting in a burst (a class pressing Run) trigger several.
        if not gc.get_freeze_count():  # once per process (tests start many apps in one)
            gc.collect()
            gc.freeze()
        yield

    app = FastAPI(
        title="Errorscape",
        version=__version__,
        summary="Stream optimizers descending error surfaces.",
        root_path=settings.root_path,
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load their assets from a CDN; the app works offline
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.gate = StreamGate(settings.max_streams, settings.busy_streams)
    app.state.recordings = RecordingCache(settings.replay_cache_mb * 2**20)
    app.state.cohorts = CohortPool(settings)
    error_handlers.install(app)
    observability.install(app, settings)
    app.add_middleware(StreamGuard, send_timeout=settings.send_timeout)
    app.add_middleware(SecurityHeaders, settings=settings)
    for module in (health, surfaces, optimizers, runs, tuning, expressions, lessons, datasets, metrics, embed, site):
        app.include_router(module.router)
    return app


app = create_app()
