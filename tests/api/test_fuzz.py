"""Fuzz the whole API from its OpenAPI schema: no 5xx, no response that breaks the schema, no NaN.

The app under fuzz has small work limits so that every accepted example stays cheap; the limits are
settings, so the schema's own bounds are exercised too (beyond the settings they are 422s).
"""

import json

import schemathesis
from hypothesis import HealthCheck, settings

from app.main import create_app
from app.settings import Settings

app = create_app(Settings(max_steps=60, max_restarts=6, max_grid=60))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    response = case.call()
    case.validate_response(response, excluded_checks=[schemathesis.checks.positive_data_acceptance])
    assert response.status_code < 500, response.text
    if "json" in response.headers.get("content-type", ""):
        # NaN and Infinity are not JSON: the parser must never meet them as values (names may echo them).
        json.loads(response.text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
