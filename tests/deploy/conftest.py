"""Deployment tests: the console script, logs and metrics, the shipped configs, and nginx in front."""

from __future__ import annotations

import pytest

from tests.deploy.helpers import load_check_stream


def pytest_configure(config):
    config.addinivalue_line("markers", "proxy: runs Debian's nginx with deploy/nginx in front of a real uvicorn")


@pytest.fixture(scope="session")
def check_stream():
    return load_check_stream()
