"""Random restarts: where R seeded random starts end, and how many restarts make success likely.

The starts are the runs API's own (``restarts=R`` with the same seed draws the same points), so the
table describes exactly the runs a client streams with the same query. If one restart reaches a
global minimum with probability p, K independent restarts all miss it with probability (1 − p)^K, so

    P(at least one of K succeeds) = 1 − (1 − p)^K,     K₉₅ = ⌈ln 0.05 / ln(1 − p)⌉ ≈ 3/p for small p.

p is estimated by the share of the R runs that reached a global minimum (see ``destinations``).
"""

from __future__ import annotations

import math

from ..runs.plan import RunPlan
from .destinations import assign, final_snapshot, tally

CURVE_K = 50  # the success curve covers K = 1..CURVE_K restarts
TARGET = 0.95


def restarts_needed(p: float, target: float = TARGET) -> int | None:
    """The fewest restarts K with 1 − (1 − p)^K ≥ target; None when p = 0 (no number of restarts helps)."""
    if p <= 0:
        return None
    if p >= target or p >= 1:
        return 1
    k = math.ceil(math.log1p(-target) / math.log1p(-p))
    while 1 - (1 - p) ** k < target:  # guard against rounding in the logarithms
        k += 1
    while k > 1 and 1 - (1 - p) ** (k - 1) >= target:
        k -= 1
    return k


def success_curve(p: float, max_k: int = CURVE_K) -> dict:
    ks = list(range(1, max_k + 1))
    return {"k": ks, "p": [1 - (1 - p) ** k for k in ks]}


def restart_statistics(plan: RunPlan, radius: float) -> dict:
    """The table, shares and success curve for the plan's random starts (one optimizer)."""
    snap = final_snapshot(plan, plan.starts)
    codes, dests = assign(plan.surface, snap, radius)
    totals = tally(codes, dests)
    status = snap.reasons()
    runs = []
    for i, (x0, y0) in enumerate(plan.starts.tolist()):
        code = int(codes[i])
        runs.append({
            "index": i, "x0": x0, "y0": y0,
            "x": float(snap.params[i, 0]), "y": float(snap.params[i, 1]), "loss": float(snap.loss[i]),
            "reason": "completed" if status[i] == "running" else status[i],
            "destination": code, "global": code >= 0 and dests[code]["global"],
        })
    p = totals["p"]
    contestant = plan.contestants[0]
    return {
        "surface": plan.surface.id, "optimizer": contestant.spec.id, "params": contestant.hyper,
        "restarts": len(plan.starts), "steps": plan.steps, "seed": plan.seed, "radius": radius,
        "destinations": dests, "runs": runs, **totals,
        "curve": success_curve(p), "k95": restarts_needed(p),
    }
