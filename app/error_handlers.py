"""Every error answer has one shape: {"detail": "<param>: <message>", "errors": [{param, message}]}.

Validation messages name the parameter and, where the schema has them, its allowed range. No stack
trace or version ever reaches a client: unexpected exceptions become a plain 500 message (and a log line).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette._utils import get_route_path
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from errorscape.errors import ParamError

log = logging.getLogger("errorscape.errors")

def _param_name(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("query", "body", "path", "header")]
    if all(p.isdigit() for p in parts) and loc:
        return str(loc[0])  # e.g. ("body", 1): the body itself is malformed, at character 1
    name = ""
    for p in parts:
        name += f"[{p}]" if p.isdigit() else (f".{p}" if name else p)
    return name or "request"


def _range(ctx: dict) -> str:
    lo = next((f"{'>' if k == 'gt' else '≥'} {ctx[k]}" for k in ("ge", "gt") if k in ctx), None)
    hi = next((f"{'<' if k == 'lt' else '≤'} {ctx[k]}" for k in ("le", "lt") if k in ctx), None)
    return " and ".join(b for b in (lo, hi) if b)


def _explain(error: dict, schema_bounds: dict) -> dict:
    param = _param_name(tuple(error.get("loc", ())))
    message = error.get("msg", "invalid value")
    if error.get("type") == "extra_forbidden":
        message = "unknown parameter"
    bounds = schema_bounds.get(param.split(".")[-1])
    if bounds and "allowed" not in message:
        message += f" (allowed: {bounds})"
    return {"param": param, "message": message}


def _body(errors: list[dict]) -> dict:
    return {"detail": "; ".join(f"{e['param']}: {e['message']}" for e in errors), "errors": errors}


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["detail", "errors"],
    "properties": {
        "detail": {"type": "string", "description": "every problem as '<param>: <message>'"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "param": {"type": "string"}, "message": {"type": "string"}, "position": {"type": "integer"}}}},
    },
}


def _error_response(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}


def _document_errors(app: FastAPI) -> None:
    """Make the OpenAPI schema tell the truth about error bodies (one shape for every status)."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["HTTPValidationError"] = ERROR_SCHEMA  # FastAPI's name, referenced from every 422
        schemas.pop("ValidationError", None)
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                responses.setdefault("422", _error_response("A parameter is out of range or malformed"))
                if "{" in path or "404" in responses:
                    responses["404"] = _error_response(responses.get("404", {}).get("description", "No such resource"))
                if "requestBody" in operation:
                    responses.setdefault("400", _error_response("The body is not valid JSON"))
                if path.endswith("/stream"):
                    responses.setdefault("503", _error_response("Too many open streams; see Retry-After"))
        app.openapi_schema = schema
        return schema

    app.openapi = openapi


def _allowed_methods(app: FastAPI, path: str) -> list[str]:
    table = getattr(app.state, "allowed_methods", None)
    if table is None:
        table = []
        for template, operations in app.openapi()["paths"].items():
            methods = {m.upper() for m in operations}
            if "GET" in methods:
                methods.add("HEAD")
            table.append((compile_path(template)[0], sorted(methods)))
        app.state.allowed_methods = table
    return sorted({m for regex, methods in table if regex.match(path) for m in methods})


def install(app: FastAPI) -> None:
    _document_errors(app)
    from .schemas.runs import RunBody, RunEntry, RunQuery, field_constraints

    bounds = {name: _range(c) for name, c in field_constraints(RunQuery, RunBody, RunEntry).items()}
    bounds = {name: text for name, text in bounds.items() if text}

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(_body([_explain(e, bounds) for e in exc.errors()]), status_code=422)

    @app.exception_handler(ParamError)
    async def param_error(request: Request, exc: ParamError) -> JSONResponse:
        return JSONResponse(_body([exc.describe()]), status_code=exc.status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            # Starlette names only the first matching route's methods; a path served by a GET route and
            # a POST route (the run stream) must list both, so ask the schema, which knows every route.
            methods = _allowed_methods(request.app, get_route_path(request.scope))
            if methods:
                headers["Allow"] = ", ".join(methods)
        if exc.status_code == 400 and "body" in str(exc.detail):
            return JSONResponse(_body([{"param": "body", "message": "not valid JSON"}]), status_code=400)
        return JSONResponse({"detail": exc.detail, "errors": []}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The traceback goes to the app's error log (JSON when configured); the client gets no details.
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse({"detail": "internal error", "errors": []}, status_code=500)
