"""GET /api/expressions/validate: check a typed formula and show its canonical form, derivatives and surface.

One request answers everything the formula box needs while someone types: the description on 200 (with
``surface``, what GET /api/surfaces/custom?expr= answers, so the page can plot it without asking again),
and a formula the language rejects is a 422 in the API's error shape, with the position of the problem:
``{"detail": "expr: <message> at position N", "errors": [{"param": "expr", "message": ..., "position": N}]}``.
The grid and runs endpoints give the same answer for ``surface=custom&expr=...``; they can build it
with ``expression_error_response``.
"""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from errorscape.expressions import ExpressionError, custom_surface, describe_expression

router = APIRouter(prefix="/api/expressions", tags=["expressions"])


def expression_error_response(error: ExpressionError, param: str = "expr") -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": error.detail(param), "errors": [error.as_error(param)]})


@router.get(
    "/validate",
    responses={422: {"description": "The formula is not accepted; the message says where and why."}},
)
def validate(
    expr: str = Query(description="A formula in x and y, e.g. x^2 + 3*sin(y) - x*y/4 (at most 500 characters)."),
):
    """The canonical formula, its gradient and its Hessian as text, the variables it uses, and ``surface``: the
    surface it makes over the default domain (as GET /api/surfaces/custom?expr= describes it)."""
    try:
        return {**describe_expression(expr), "surface": custom_surface(expr).describe()}
    except ExpressionError as error:
        return expression_error_response(error)
