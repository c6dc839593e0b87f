"""Errorscape's web layer: the FastAPI app (app.main:app) over the core library ``errorscape``."""

from errorscape import __version__

__all__ = ["__version__"]
