"""The lessons' routes: the catalogue, and one module per lesson that needs endpoints of its own.

Every route is a plain ``def``: FastAPI runs it in its thread pool, so a few seconds of numpy never
blocks the event loop.
"""

from fastapi import APIRouter

from . import catalogue, highdim, minibatch, mlp_landscape, restarts

router = APIRouter()
for module in (restarts, highdim, minibatch, mlp_landscape):
    router.include_router(module.router)
# Last: a single path segment after /api/lessons/ is a lesson id only if no route above claimed it.
router.include_router(catalogue.router)
