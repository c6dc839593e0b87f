"""Liveness and readiness probes."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "shutting down, or every stream slot is taken"}})
def readyz(request: Request):
    """Readiness: the process can take another stream (a load balancer sends new viewers elsewhere if not)."""
    gate = request.app.state.gate
    if gate.shutdown.is_set():
        return JSONResponse({"status": "shutting down"}, status_code=503)
    if gate.open >= gate.limit:
        return JSONResponse({"status": "full", "open_streams": gate.open}, status_code=503)
    return {"status": "ok", "open_streams": gate.open}
