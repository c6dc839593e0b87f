"""Running an optimizer on an N-dimensional objective, and slicing the landscape around the current point.

The run goes through the engine (``simulate``) with the runs API's own optimizer resolution (the same
hyperparameter names, bounds, schedules and gradient noise), from one seeded random start in the
objective's box. Only scalars per step leave the server (loss, gradient norm, distance travelled): a
1,000-dimensional position per frame would be needlessly heavy.

A slice is the loss on the plane through the point p at step ``at``, spanned by two unit directions
u, v: z[i][j] = f(p + a[j]·u + b[i]·v), Plotly's convention. The directions are either two coordinate
axes (u = e_i, v = e_j) or two seeded random directions made orthonormal (Gram-Schmidt).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import ParamError
from ..runs import outcomes
from ..runs.engine import simulate
from ..runs.plan import RunPlan, contestant, entry_from_query, optimizer_spec
from .budget import largest, require
from .critical import classify_point
from ..surfaces.ndim import features_for, objective

MAX_HESSIAN_DIM = outcomes.MAX_HESSIAN_DIM  # second-order optimizers and the final verdict stop here
MAX_RANDOM_DIM = 2000  # its (dim, 2·dim) matrix of directions is then 64 MB
RUN_SCALE = 100  # a run may do 100 × the largest 2D run's work (lessons.budget): e.g. random N=1000, 500 steps
SLICE_SCALE = 1000  # a slice is one batched evaluation: n² × dim × features, e.g. 41² for random N=1000


def step_cost(name: str, dim: int) -> int:
    """Work of one evaluation at one point, in formula-surface units: dim, times K for the random landscape."""
    return dim * (features_for(dim) if name == "random" else 1)


@dataclass(frozen=True)
class Trace:
    steps: list[int]
    loss: list[float]
    grad_norm: list[float]
    distance: list[float]  # ‖p_t − p_0‖
    positions: np.ndarray  # (frames, dim): kept server-side for slices
    last: object  # the engine's final Snapshot


def start_point(field, seed: int) -> np.ndarray:
    lo, hi = field.box
    rng = np.random.default_rng([seed, 0x57A27, field.dim])
    return lo + (hi - lo) * rng.random((1, field.dim))


def plan_for(query, limits) -> RunPlan:
    """A RunPlan over the query's objective with its optimizer, resolved exactly as the runs API does."""
    spec = optimizer_spec(query.optimizer)
    if spec.needs_hessian and query.dim > MAX_HESSIAN_DIM:
        raise ParamError("optimizer", f"{spec.id} needs the {query.dim}×{query.dim} Hessian every step; "
                         f"use it with dim ≤ {MAX_HESSIAN_DIM}, or pick a first-order optimizer")
    if query.objective == "random" and query.dim > MAX_RANDOM_DIM:
        raise ParamError("dim", f"must be at most {MAX_RANDOM_DIM} for the random landscape "
                         f"(it stores {features_for(query.dim)} random directions of dimension {query.dim})")
    if query.steps > limits.max_steps:
        raise ParamError("steps", f"must be between 1 and {limits.max_steps}")
    per_step = step_cost(query.objective, query.dim) + (query.dim**3 if spec.needs_hessian else 0)
    require(per_step * query.steps, limits, RUN_SCALE, "steps", lambda allowed: f"with {query.objective} in "
            f"{query.dim} dimensions and {spec.id}, steps must be at most {largest(allowed, per_step)}")
    field = objective(query.objective, query.dim, query.seed)
    return RunPlan(surface=field, domain=None, contestants=(contestant(entry_from_query(query), query),),
                   starts=start_point(field, query.seed), steps=query.steps, seed=query.seed,
                   every=query.steps, fps=0.0, tol=query.tol)


def trace(plan: RunPlan) -> Trace:
    """Run the plan to its end, recording per-step scalars and positions."""
    steps, loss, gnorm, dist, positions = [], [], [], [], []
    origin = plan.starts[0]
    snap = None
    for snap in simulate(plan.surface, plan.groups(), plan.starts, plan.steps, plan.seed, plan.tol):
        p = snap.params[0]
        steps.append(snap.step)
        loss.append(float(snap.loss[0]))
        gnorm.append(float(np.linalg.norm(snap.grad[0])))
        dist.append(float(np.linalg.norm(p - origin)))
        positions.append(p.copy())
    return Trace(steps, loss, gnorm, dist, np.array(positions), snap)


def describe_run(plan: RunPlan, tr: Trace) -> dict:
    field, c = plan.surface, plan.contestants[0]
    snap = tr.last
    reason = snap.reasons()[0]
    stop = next((s for s in snap.stops if s.run == 0), None)
    final = {"reason": "completed" if reason == "running" else reason, "step": snap.step,
             "loss": tr.loss[-1], "grad_norm": tr.grad_norm[-1], "message": stop.message if stop else None}
    if field.dim <= MAX_HESSIAN_DIM:
        verdict = classify_point(field, snap.params[0])
        final.update({k: verdict[k] for k in ("critical", "verdict", "index")})
        final["eigenvalues"] = {"min": verdict["eigenvalues"][0], "max": verdict["eigenvalues"][-1]}
    return {
        "objective": field.id, "dim": field.dim, "optimizer": c.spec.id, "label": c.label, "params": c.hyper,
        **{k: c.tuning[k] for k in ("noise", "noise_decay", "schedule")},
        "steps": plan.steps, "seed": plan.seed, "start_loss": tr.loss[0],
        "frames": {"step": tr.steps, "loss": tr.loss, "grad_norm": tr.grad_norm, "distance": tr.distance},
        "done": final,
    }


def plane(field, kind: str, i: int, j: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two orthonormal directions: coordinate axes i and j, or two seeded random ones."""
    d = field.dim
    if kind == "coordinates":
        if i == j:
            raise ParamError("j", "must differ from i: the slice needs two different coordinates")
        for name, k in (("i", i), ("j", j)):
            if k >= d:
                raise ParamError(name, f"must be a coordinate index between 0 and {d - 1}")
        u, v = np.zeros(d), np.zeros(d)
        u[i], v[j] = 1.0, 1.0
        return u, v
    rng = np.random.default_rng([seed, 0x51CE, d])
    u, v = rng.standard_normal(d), rng.standard_normal(d)
    u /= np.linalg.norm(u)
    v -= (v @ u) * u
    return u, v / np.linalg.norm(v)


def slice_grid(field, centre: np.ndarray, u: np.ndarray, v: np.ndarray, n: int, span: float) -> dict:
    a = np.linspace(-span, span, n)
    if n % 2:
        a[n // 2] = 0.0  # the middle is the run's point itself (linspace may land a rounding error off it)
    A, B = (grid.ravel() for grid in np.meshgrid(a, a))
    chunks = np.array_split(np.arange(len(A)), max(1, len(A) // 256))
    with np.errstate(all="ignore"):
        z = np.concatenate([field.plane_values(centre, u, v, A[c], B[c]) for c in chunks])
    z = np.where(np.isfinite(z), z, None) if not np.isfinite(z).all() else z
    return {"a": a.tolist(), "b": a.tolist(), "z": np.asarray(z).reshape(n, n).tolist()}


def check_slice(objective_name: str, dim: int, n: int, steps: int, at: int | None, limits) -> None:
    """Refuse a slice past the run's end, or one larger than SLICE_SCALE × the largest 2D run's work."""
    if at is not None and at > steps:
        raise ParamError("at", f"must be between 0 and steps ({steps})")
    per_point = step_cost(objective_name, dim)
    require(n**2 * per_point, limits, SLICE_SCALE, "n",
            lambda allowed: f"must be at most {math.isqrt(largest(allowed, per_point))} for {objective_name} "
            f"in {dim} dimensions")


def describe_slice(plan: RunPlan, tr: Trace, at: int | None, kind: str, i: int, j: int, n: int,
                   span: float | None) -> dict:
    """The slice at step ``at`` (default, or past a run that stopped early: its last step)."""
    field = plan.surface
    k = len(tr.steps) - 1 if at is None else min(at, len(tr.steps) - 1)
    centre = tr.positions[k]
    u, v = plane(field, kind, i, j, plan.seed)
    span = span if span is not None else 0.5 * field.box[1]
    rel = tr.positions[: k + 1] - centre
    grad = field.gradient(centre[None])[0]
    return {
        "objective": field.id, "dim": field.dim, "step": tr.steps[k], "plane": kind,
        **({"i": i, "j": j} if kind == "coordinates" else {}), "span": span,
        "centre_loss": tr.loss[k], "gradient_in_plane": [float(grad @ u), float(grad @ v)],
        **slice_grid(field, centre, u, v, n, span),
        # the path so far, in the plane's coordinates, with its true loss (the other coordinates differ)
        "path": {"step": tr.steps[: k + 1], "a": (rel @ u).tolist(), "b": (rel @ v).tolist(), "loss": tr.loss[: k + 1]},
    }
