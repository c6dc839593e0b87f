"""Fixtures shared by every test: an in-process TestClient and a real uvicorn server."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient
from hypothesis import settings

from app.main import create_app
from tests.support.browser import launch_browser
from tests.support.server import running_server

# The suite is the landing gate, so its property tests draw the same examples every run: a failure is a
# regression, reproducible from the same commit. HYPOTHESIS_PROFILE=explore draws fresh random examples
# every run to hunt for new counterexamples; add any it finds as explicit cases.
settings.register_profile("gate", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))


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
