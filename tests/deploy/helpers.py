"""Helpers for the deployment tests."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import time

from tests.support.server import ROOT


def load_check_stream():
    """deploy/check_stream.py, the stream smoke test the container check runs, as a module."""
    spec = importlib.util.spec_from_file_location("check_stream", ROOT / "deploy" / "check_stream.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    """Return once 127.0.0.1:port accepts connections; fail if proc exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode} before listening") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listened on port {port} within {timeout} s") from None
            time.sleep(0.05)
