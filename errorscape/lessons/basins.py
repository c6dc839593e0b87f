"""Basins of attraction: colour a grid of starts by the minimum the chosen optimizer reaches from each.

All n × n starts go through the engine at once, as one (n², 2) array. Grid order is Plotly's:
``basin[i][j]`` is the destination of the run that started at (x[j], y[i]). Codes are those of
``destinations``: i ≥ 0 a destination, −1 still moving when the steps ran out, −2 diverged.
"""

from __future__ import annotations

import math

import numpy as np

from ..limits import Limits
from ..runs.plan import RunPlan
from .budget import largest, require
from .destinations import assign, final_snapshot, tally

MAX_BASIN_N = 200  # starts per axis
BASIN_SCALE = 2  # a basin map may do 2 × the largest run's work (lessons.budget): 100² starts × 2,000 steps


def check_budget(plan: RunPlan, n: int, limits: Limits) -> None:
    """Refuse a map of n × n starts that would do more than BASIN_SCALE × the largest run's work."""
    cost = plan.surface.extra.get("relative_cost", 1)
    require(n**2 * cost, limits, BASIN_SCALE, "n",
            lambda allowed: f"must be at most {math.isqrt(largest(allowed, cost))} on {plan.surface.id}")
    require(n**2 * plan.steps * cost, limits, BASIN_SCALE, "steps",
            lambda allowed: f"with n={n}, steps must be at most {largest(allowed, n**2 * cost)} "
            f"on {plan.surface.id}")


def grid_starts(plan: RunPlan, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs = np.linspace(*plan.domain.x, n)
    ys = np.linspace(*plan.domain.y, n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.stack([gx.ravel(), gy.ravel()], axis=1)


def basin_map(plan: RunPlan, n: int, radius: float) -> dict:
    xs, ys, starts = grid_starts(plan, n)
    snap = final_snapshot(plan, starts)
    codes, dests = assign(plan.surface, snap, radius)
    contestant = plan.contestants[0]
    return {
        "surface": plan.surface.id, "optimizer": contestant.spec.id, "params": contestant.hyper,
        "n": n, "steps": plan.steps, "seed": plan.seed, "radius": radius,
        "x": xs.tolist(), "y": ys.tolist(), "basin": codes.reshape(n, n).tolist(),
        "destinations": dests, "shares": [d["share"] for d in dests], **tally(codes, dests),
    }
