"""The lessons' routes: the catalogue, and one module per lesson that needs its own endpoints."""

from .catalogue import router

__all__ = ["router"]
