"""Builds the ASGI app: settings, middleware, error handlers and one router per resource."""

from __future__ import annotations

from fastapi import FastAPI

from . import __version__
from .api import errors, expressions, health, metrics, optimizers, pages, runs, surfaces
from .settings import Settings, settings as default_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or default_settings
    app = FastAPI(
        title="Errorscape",
        version=__version__,
        summary="Stream optimizers descending error surfaces.",
        root_path=settings.root_path,
    )
    app.state.settings = settings
    errors.install(app)
    for module in (health, surfaces, optimizers, runs, expressions, metrics, pages):
        app.include_router(module.router)
    return app


app = create_app()
