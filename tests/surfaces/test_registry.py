"""The catalogue: the required surfaces exist, each fully described, and describe() is clean JSON."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from errorscape.surfaces import SURFACES, Surface, get_surface

from .sampling import ALL

REQUIRED = [
    "rosenbrock", "himmelblau", "rastrigin", "ackley", "beale", "booth", "goldstein-price",
    "six-hump-camel", "three-hump-camel", "matyas", "styblinski-tang", "levy", "easom", "saddle",
    "monkey-saddle", "bowl", "elliptic-bowl", "plateau",
]  # fmt: skip
KINDS = {"local-minimum", "saddle", "maximum", "degenerate"}


def test_at_least_twenty_surfaces_including_every_required_id():
    assert len(SURFACES) >= 20
    assert set(REQUIRED) <= set(SURFACES)
    assert get_surface("rosenbrock") is SURFACES["rosenbrock"] and get_surface("nope") is None


def test_at_least_two_network_surfaces():
    networks = [s for s in SURFACES.values() if s.category == "network"]
    assert len(networks) >= 2
    for s in networks:
        assert {"model", "loss", "n", "seed", "data", "x", "y"} <= set(s.extra)


@pytest.mark.parametrize("surface", ALL)
def test_surface_is_fully_described(surface: Surface):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", surface.id)
    assert surface.name and surface.formula
    sentences = re.findall(r"[.!?](?:\s|$)", surface.description)
    assert 1 <= len(sentences) <= 3, surface.description
    assert surface.category in {"teaching", "classic", "network"}
    (x0, x1), (y0, y1) = surface.domain.x, surface.domain.y
    assert x0 < x1 and y0 < y1
    assert surface.start is not None and surface.domain.contains(*map(np.float64, surface.start))
    assert surface.minima or surface.critical_points
    assert all(c.kind in KINDS for c in surface.critical_points)


@pytest.mark.parametrize("surface_id", ["goldstein-price", "beale", "rosenbrock"])
def test_huge_ranges_suggest_a_log_scale(surface_id):
    assert SURFACES[surface_id].log_scale


@pytest.mark.parametrize("surface", ALL)
def test_describe_is_json_with_finite_numbers(surface: Surface):
    described = json.loads(json.dumps(surface.describe(), allow_nan=False))
    assert described["id"] == surface.id
    assert described["domain"] == {"x": list(surface.domain.x), "y": list(surface.domain.y)}
    for point in described["minima"] + described["critical_points"]:
        assert all(math.isfinite(point[k]) for k in ("x", "y", "z"))


def test_every_surface_is_in_the_documentation_table():
    table = (Path(__file__).parents[2] / "docs" / "surfaces.md").read_text()
    missing = [i for i in SURFACES if f"| `{i}` |" not in table]
    assert not missing, f"add to docs/surfaces.md: {missing}"


def test_describe_says_which_minima_are_global():
    # One source for the page's marks: ★ for global minima, a quieter mark for the local ones.
    rastrigin = SURFACES["rastrigin"].describe()
    assert [m["global"] for m in rastrigin["minima"]] == [True]
    local = [c for c in rastrigin["critical_points"] if c["kind"] == "local-minimum"]
    assert len(local) == 120 and not any(c["global"] for c in local)
    lowest = rastrigin["minima"][0]["z"]
    assert all(c["z"] > lowest for c in local)
    camel = SURFACES["six-hump-camel"].describe()
    assert sum(m["global"] for m in camel["minima"] + camel["critical_points"]) == 2
