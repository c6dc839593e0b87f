"""Every public function's docstring example runs (they are the documentation's examples)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["errorscape", "errorscape.notebook", "errorscape.teach", "errorscape.figures.animate",
           "errorscape.hashstate", "errorscape.export", "errorscape.notebook_tuning"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    failed, tried = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failed == 0
