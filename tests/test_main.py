"""The app as built by app.main: what happens at start-up."""

import gc

from fastapi.testclient import TestClient

from app.main import create_app


def test_start_up_moves_the_long_lived_objects_out_of_the_collectors_sight():
    with TestClient(create_app()):
        assert gc.get_freeze_count() > 10_000  # FastAPI, pydantic, numpy and the surfaces
