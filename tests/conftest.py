"""Fixtures shared by every test: an in-process TestClient and a real uvicorn server."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.support.browser import launch_browser
from tests.support.server import running_server


@pytest.fixture(scope="session")
def client() -> TestClient:
    with TestClient(create_app()) as c:
        yield c


@pytest.fixture(scope="session")
def live_server() -> str:
    """Base URL of a real uvicorn (session-wide; start your own with running_server for custom env)."""
    with running_server() as (base, _proc):
        yield base


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test in the session (see tests/support/browser.py)."""
    yield from launch_browser()
