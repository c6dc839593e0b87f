"""GET /api/expressions/validate."""

from __future__ import annotations

import pytest

URL = "/api/expressions/validate"


def test_a_valid_formula(client):
    r = client.get(URL, params={"expr": "x^2 + 3*sin(y) - x*y/4"})
    assert r.status_code == 200
    body = r.json()
    surface = body.pop("surface")
    assert body == {
        "expr": "x^2 + 3*sin(y) - x*y/4",
        "gradient": ["2*x - y/4", "3*cos(y) - x/4"],
        "hessian": [["2", "-1/4"], ["-1/4", "-3*sin(y)"]],
        "variables": ["x", "y"],
    }
    # The surface it makes, as the surfaces endpoint describes it: the page plots it without asking again.
    assert surface == client.get("/api/surfaces/custom", params={"expr": "x^2 + 3*sin(y) - x*y/4"}).json()


def test_an_invalid_formula_is_a_422_with_the_position(client):
    r = client.get(URL, params={"expr": "x + y.__class__"})
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] == "expr: unexpected '.': a dot may only appear inside a number such as 0.5 at position 5"
    assert body["errors"] == [
        {"param": "expr", "message": "unexpected '.': a dot may only appear inside a number such as 0.5", "position": 5}
    ]


@pytest.mark.parametrize(
    "expr",
    [
        "",
        "__import__('os')",
        "9^9^9",
        "(" * 300 + "x" + ")" * 300,
        "x" * 5000,
        "\u0445",
        "x\x00",
        "sin(" * 60 + "x*y" + ")" * 60,
    ],
)
def test_hostile_formulas_are_422(client, expr):
    r = client.get(URL, params={"expr": expr})
    assert r.status_code == 422
    body = r.json()
    assert body["detail"].startswith("expr: ")
    assert body["errors"][0]["param"] == "expr"


def test_a_missing_formula_is_a_422(client):
    assert client.get(URL).status_code == 422


def test_the_endpoint_is_documented(client):
    spec = client.get("/openapi.json").json()
    assert "/api/expressions/validate" in spec["paths"]
