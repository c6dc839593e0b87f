"""Hyperparameter maps and fair tuning: many settings of an optimizer run as one vectorised pass.

A *sweep* gives each cell of a grid of hyperparameter values its own rows of the engine's parameter
array (cells × starts runs); the swept hyperparameters become per-run columns (see
errorscape.optimizers.base), so every run takes bit for bit the steps it takes when run alone.

- ``hyper_map``: two hyperparameters of one optimizer on a grid; per cell the mean final loss over the
  starts, the steps until the loss came within ``reach`` of the target, and how many starts diverged.
- ``tune``: for each contestant of a race, the learning rate (and optionally a second hyperparameter) on
  a stated grid with the lowest mean final loss over the same K seeded starts and the same step budget.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..errors import ParamError
from ..limits import Limits
from .engine import simulate
from .outcomes import DIVERGED
from .plan import Contestant, RunPlan, build_plan

MIN_AXIS, MAX_AXIS = 2, 100  # values per axis: up to a 100 × 100 map
MAX_SWEEP_RUNS = 40_000  # cells × starts in one pass
MAX_SWEEP_WORK = 20_000_000  # runs × steps in one pass (10,000 runs × 2,000 steps)
#: What a map's cells can be coloured by: the keys of hyper_map's answer, and how to say them.
METRICS = {"loss": "final loss", "steps_to_target": "steps to the target", "diverged": "diverged starts"}


@dataclass(frozen=True)
class Axis:
    """``n`` values of hyperparameter ``param`` from ``min`` to ``max``, evenly spaced (in log if ``log``)."""

    param: str
    min: float
    max: float
    n: int = 25
    log: bool = False

    def values(self) -> np.ndarray:
        space = np.geomspace if self.log else np.linspace
        return space(self.min, self.max, self.n)

    def describe(self) -> dict:
        return {"param": self.param, "min": self.min, "max": self.max, "n": self.n, "log": self.log,
                "values": self.values().tolist()}


#: The fair race's default grid and number of seeded starts (the API's, the page's and the notebook's).
TUNE_LR = Axis("lr", 1e-4, 1.0, 13, True)
TUNE_STARTS = 8


def describe_limits(limits: Limits) -> dict:
    """What a client needs to build a map or tuning request without hard-coding a limit (GET /api/tuning)."""
    return {
        "axis_n": [MIN_AXIS, MAX_AXIS], "max_runs": MAX_SWEEP_RUNS, "max_work": MAX_SWEEP_WORK,
        "restarts": [1, limits.max_restarts], "max_race": limits.max_race,
        "metrics": [{"id": k, "label": v} for k, v in METRICS.items()],
        "sweepable": _sweepable_ids(),
        "tune": {"lr": {k: v for k, v in TUNE_LR.describe().items() if k != "values"}, "restarts": TUNE_STARTS},
    }


def check_axis(c: Contestant, axis: Axis, where: str) -> None:
    """A ParamError naming ``where.<field>`` unless ``axis`` is a float hyperparameter of ``c`` within its range."""
    spec = c.spec
    if not spec.sweeps:
        raise ParamError(f"{where}.param", f"{spec.id} cannot be swept (its steps branch per run); sweep one of: "
                         + ", ".join(s for s in _sweepable_ids()))
    floats = [p for p in spec.params if p.type == "float"]
    param = next((p for p in floats if p.name == axis.param), None)
    if param is None:
        raise ParamError(f"{where}.param", f"not a hyperparameter of {spec.id} that can be swept; choose one of: "
                         + ", ".join(p.name for p in floats))
    if not MIN_AXIS <= axis.n <= MAX_AXIS:
        raise ParamError(f"{where}.n", f"must be between {MIN_AXIS} and {MAX_AXIS} (got {axis.n})")
    for end in ("min", "max"):
        value = getattr(axis, end)
        if not np.isfinite(value) or value < param.min or value > param.max:
            raise ParamError(f"{where}.{end}", f"{axis.param} must be between {param.min} and {param.max} "
                             f"for {spec.id} (got {value})")
    if not axis.min < axis.max:
        raise ParamError(f"{where}.max", f"must be above {where}.min (got {axis.min} to {axis.max})")
    if axis.log and axis.min <= 0:
        raise ParamError(f"{where}.min", f"a log axis needs min > 0 (got {axis.min})")


def _sweepable_ids() -> list[str]:
    from ..optimizers import OPTIMIZERS

    return [s.id for s in OPTIMIZERS.values() if s.sweeps]


@dataclass(frozen=True)
class SweepRuns:
    """The outcome of every run of a sweep, in run order (contestant, cell, start)."""

    params: np.ndarray  # (runs, 2) final weights
    loss: np.ndarray  # (runs,) final loss (the last finite one for diverged runs)
    diverged: np.ndarray  # (runs,) bool
    reached: np.ndarray  # (runs,) first step with loss ≤ target, −1 if never


def run_sweep(plan: RunPlan, columns: list[dict[str, np.ndarray]], target: float | None) -> SweepRuns:
    """Contestant g of ``plan`` over the cells of ``columns[g]`` (name -> one value per cell), every cell
    from each of ``plan.starts``, all in one pass of the engine."""
    starts = len(plan.starts)
    groups, offset = [], 0
    for g, (c, cols) in enumerate(zip(plan.contestants, columns)):
        cells = len(next(iter(cols.values())))
        hyper = {**c.hyper, **{k: np.repeat(np.asarray(v, dtype=np.float64), starts)[:, None] for k, v in cols.items()}}
        groups.append(plan.group(g, replace(c, hyper=hyper), slice(offset, offset + cells * starts)))
        offset += cells * starts
    all_starts = np.tile(plan.starts, (offset // starts, 1))
    reached = np.full(offset, -1)
    snap = None
    for snap in simulate(plan.surface, groups, all_starts, plan.steps, plan.seed, plan.tol):
        if target is not None:
            reached[(reached < 0) & (snap.loss <= target) & (snap.status != DIVERGED)] = snap.step
    return SweepRuns(snap.params, snap.loss, snap.status == DIVERGED, reached)


def sweep_plan(req, entries: list, limits: Limits, cells: list[int]) -> RunPlan:
    """The plan a sweep's runs share (surface, starts, steps), checked against the sweep's own limits."""
    if getattr(req, "noise", 0):
        raise ParamError("noise", "maps and tuning use the exact gradient: noise must be 0")
    plan = build_plan(req, entries, limits, race=len(entries) > 1)
    for i, c in enumerate(plan.contestants):
        if c.tuning["noise"]:
            raise ParamError(f"runs[{i}].noise", "maps and tuning use the exact gradient: noise must be 0")
    runs = sum(cells) * len(plan.starts)
    if runs > MAX_SWEEP_RUNS:
        raise ParamError("restarts" if len(plan.starts) > 1 else "grid", f"grid cells × starts must be at most "
                         f"{MAX_SWEEP_RUNS} (got {sum(cells)} × {len(plan.starts)})")
    if runs * plan.steps > MAX_SWEEP_WORK:
        raise ParamError("steps", f"with {runs} runs, steps must be at most {MAX_SWEEP_WORK // runs}")
    return plan


def _target(plan: RunPlan, reach: float) -> float:
    """The loss a run must reach: ``reach`` above the surface's lowest known minimum (None if it has none)."""
    minima = getattr(plan.surface, "minima", None)
    if not minima:
        return None
    return float(np.min(plan.surface.value(np.array(minima, dtype=np.float64)))) + reach


def hyper_map(req, entry, x: Axis, y: Axis, limits: Limits, reach: float = 1e-3, names=("x", "y")) -> dict:
    """A map of the final loss over ``x`` × ``y`` (cell [i][j] = x.values[j], y.values[i]). ``names``: how
    errors call the two axes (the API's ``x``, ``y``; the notebook's ``x_axis``, ``y_axis``)."""
    if x.param == y.param:
        raise ParamError(f"{names[1]}.param", f"must differ from {names[0]}.param ({x.param})")
    plan = sweep_plan(req, [entry], limits, [x.n * y.n])
    c = plan.contestants[0]
    check_axis(c, x, names[0])
    check_axis(c, y, names[1])
    xs, ys = np.meshgrid(x.values(), y.values())
    target = _target(plan, reach)
    out = run_sweep(plan, [{x.param: xs.reshape(-1), y.param: ys.reshape(-1)}], target)
    starts = len(plan.starts)
    loss = out.loss.reshape(-1, starts)
    diverged = out.diverged.reshape(-1, starts)
    reached = out.reached.reshape(-1, starts)
    mean = np.where(diverged.any(1), np.nan, loss.mean(1))
    steps = np.where((reached >= 0).all(1), reached.max(1), -1)
    best = int(np.nanargmin(mean)) if not np.isnan(mean).all() else None

    def grid(values, missing):
        return [[None if v == missing or (isinstance(v, float) and not np.isfinite(v)) else v for v in row]
                for row in values.reshape(y.n, x.n).tolist()]

    return {
        "surface": plan.surface.id, "optimizer": c.spec.id, "params": c.hyper, "steps": plan.steps,
        "starts": plan.starts.tolist(), "x": x.describe(), "y": y.describe(),
        "target": target, "reach": reach,
        "loss": grid(mean, None), "steps_to_target": grid(steps, -1), "diverged": diverged.sum(1).reshape(y.n, x.n).tolist(),
        "best": None if best is None else {x.param: float(xs.reshape(-1)[best]), y.param: float(ys.reshape(-1)[best]),
                                           "loss": float(mean[best])},
    }


def tune(req, entries: list, lr: Axis, seconds: list[Axis | None], limits: Limits) -> dict:
    """Each contestant's best lr (and second hyperparameter where given) by mean final loss over the starts.

    Every contestant gets the same starts (``req.restarts`` seeded ones, or the one start), the same steps
    and the same lr grid; all cells of all contestants run in one pass. A cell where any start diverged
    scores +∞. Returns the table and the race to run with the tuned settings.
    """
    sizes = [lr.n * (s.n if s else 1) for s in seconds]
    plan = sweep_plan(req, entries, limits, sizes)
    columns = []
    for i, (c, second) in enumerate(zip(plan.contestants, seconds)):
        check_axis(c, replace(lr, param="lr"), "lr")
        cols = {"lr": lr.values()}
        if second is not None:
            if second.param == "lr":
                raise ParamError(f"runs[{i}].second.param", "lr is always tuned; choose another hyperparameter")
            check_axis(c, second, f"runs[{i}].second")
            ls, ss = np.meshgrid(lr.values(), second.values())
            cols = {"lr": ls.reshape(-1), second.param: ss.reshape(-1)}
        columns.append(cols)
    out = run_sweep(plan, columns, None)
    starts, offset, table = len(plan.starts), 0, []
    for c, entry, cols, second in zip(plan.contestants, entries, columns, seconds):
        cells = len(cols["lr"])
        rows = slice(offset, offset + cells * starts)
        offset += cells * starts
        loss = out.loss[rows].reshape(cells, starts)
        score = np.where(out.diverged[rows].reshape(cells, starts).any(1), np.inf, loss.mean(1))
        best = int(np.argmin(score))  # ties go to the first cell: the smallest lr
        tuned = {name: float(values[best]) for name, values in cols.items()}
        table.append({
            "optimizer": c.spec.id, "label": c.label, "tuned": tuned,
            "over": [replace(lr, param="lr").describe()] + ([second.describe()] if second else []),
            "score": float(score[best]) if np.isfinite(score[best]) else None,
            "diverged_cells": int(np.isinf(score).sum()), "cells": cells,
            "params": {**c.hyper, **tuned},
            "race_label": entry.label or f"{c.spec.name} " + " ".join(f"{k}={v:.3g}" for k, v in tuned.items()),
        })
    return {"objective": "mean final loss over the starts (a cell where any start diverged scores +inf)",
            "surface": plan.surface.id, "steps": plan.steps, "starts": plan.starts.tolist(), "table": table}


def tuned_runs(table: list[dict]) -> list[dict]:
    """The race's contestants with their tuned settings, from ``tune``'s table (the ``runs`` of a race request)."""
    return [{"optimizer": row["optimizer"], "params": row["params"], "label": row["race_label"]} for row in table]
