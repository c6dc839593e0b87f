"""The lessons' computations for notebooks: thin wrappers over ``errorscape.lessons`` with the API's defaults.

Each function returns exactly the dict the matching endpoint answers (``/api/lessons/...``), computed by
the same code; ``errorscape.figures.lessons`` draws them. Bad input raises ``ParamError``.
"""

from __future__ import annotations

from dataclasses import fields
from types import SimpleNamespace

from .errors import ParamError
from .inputs import Bound, check_number, check_text, entry_from, settings_from
from .lessons.basins import MAX_BASIN_N, basin_map, check_budget
from .lessons.catalogue import LESSONS
from .lessons.counting import curse as _curse, random_landscape_census, styblinski_tang_counts
from .lessons.critical import classify_point
from .lessons.destinations import default_radius
from .lessons.minibatch import MinibatchPlan, check
from .lessons.ndim_runs import describe_run, plan_for, trace
from .lessons.restarts import restart_statistics
from .limits import DEFAULT_LIMITS, Limits
from .notebook import Result, _split, race, result_of
from .surfaces import mlp_slice
from .runs.plan import HYPERPARAMETERS, TUNING_FIELDS, build_plan, resolve_surface

MATCH = Bound(float, 0, 1e3, lo_open=True)


def lessons() -> list[dict]:
    """The seven lessons as ``GET /api/lessons`` lists them (claim, explanation, views).

    >>> [l["id"] for l in lessons()][:2]
    ['convex-vs-nonconvex', 'local-minima']
    """
    return [lesson.describe() for lesson in LESSONS.values()]


def lesson_view(lesson_id: str, view: str | None = None):
    """A lesson's view (its first when ``view`` is None), as ``errorscape.lessons.presets.View``."""
    lesson = LESSONS.get(lesson_id)
    if lesson is None:
        raise ParamError("lesson", f"unknown lesson {lesson_id!r}; choose one of: " + ", ".join(LESSONS))
    if view is None:
        return lesson, lesson.views[0]
    found = next((v for v in lesson.views if v.id == view), None)
    if found is None:
        raise ParamError("view", f"unknown view {view!r} of {lesson_id}; choose one of: "
                         + ", ".join(v.id for v in lesson.views))
    return lesson, found


def lesson_run(lesson_id: str, view: str | None = None) -> Result:
    """The run a lesson's view animates (a race, restarts, minibatch SGD), as its stream sends it.

    >>> lesson_run("no-guarantees").reason
    'diverged'
    """
    _, v = lesson_view(lesson_id, view)
    if not v.run:
        raise ParamError("view", f"{v.id} is an N-dimensional view: use highdim_run(**{v.extra!r})")
    body = dict(v.run)
    if v.kind != "minibatch":
        return race(body.pop("surface"), body.pop("runs"), **body)
    check(v.extra["surface"], v.extra["batch_size"])
    req = settings_from({k: val for k, val in body.items() if k != "runs"}, DEFAULT_LIMITS)
    entries = [entry_from(e, DEFAULT_LIMITS, f"runs[{i}].") for i, e in enumerate(body["runs"])]
    plan = build_plan(req, entries, DEFAULT_LIMITS, race=True)
    return result_of(MinibatchPlan(**{f.name: getattr(plan, f.name) for f in fields(plan)},
                                   batch_size=v.extra["batch_size"]))


def _single_plan(surface: str, optimizer: str, options: dict, limits: Limits):
    settings, hyper = _split(options)
    req = settings_from({"surface": surface, **settings}, limits)
    entry = entry_from({"optimizer": optimizer, "params": hyper}, limits)
    plan = build_plan(req, [entry], limits)
    return plan


def restarts(surface: str = "himmelblau", optimizer: str = "sgd", *, restarts: int = 200, steps: int = 500,
             match_radius: float | None = None, limits: Limits = DEFAULT_LIMITS, **options) -> dict:
    """Where R seeded random starts end, the share p reaching a global minimum, and 1 − (1 − p)^K.

    >>> round(restarts("himmelblau", "sgd", lr=0.01, restarts=40)["p"], 2)
    1.0
    """
    check_number("restarts", restarts, Bound(int, 1, "max_restarts", optional=False), limits)
    radius = check_number("match_radius", match_radius, MATCH, limits)
    plan = _single_plan(surface, optimizer, {**options, "restarts": restarts, "steps": steps, "every": steps}, limits)
    return restart_statistics(plan, radius or default_radius(plan))


def basins(surface: str = "himmelblau", optimizer: str = "sgd", *, n: int = 100, steps: int = 300,
           match_radius: float | None = None, limits: Limits = DEFAULT_LIMITS, **options) -> dict:
    """The basin map: which destination the optimizer reaches from each start of an n × n grid.

    >>> len(basins("himmelblau", "sgd", lr=0.01, n=20, steps=200)["basin"])
    20
    """
    n = check_number("n", n, Bound(int, 2, MAX_BASIN_N, optional=False), limits)
    radius = check_number("match_radius", match_radius, MATCH, limits)
    plan = _single_plan(surface, optimizer, {**options, "steps": steps, "every": steps}, limits)
    check_budget(plan, n, limits)
    return basin_map(plan, n, radius or default_radius(plan))


def classify(surface: str, x: float, y: float, *, tol: float = 1e-6, expr: str | None = None) -> dict:
    """Gradient, Hessian, eigenvalues and the verdict (minimum, maximum, saddle, flat) at (x, y).

    >>> classify("saddle", 0, 0)["verdict"]
    'saddle'
    """
    x = check_number("x", x, Bound(float, -1e6, 1e6, optional=False), DEFAULT_LIMITS)
    y = check_number("y", y, Bound(float, -1e6, 1e6, optional=False), DEFAULT_LIMITS)
    tol = check_number("tol", tol, Bound(float, 0, 1e3, lo_open=True, optional=False), DEFAULT_LIMITS)
    found, _ = resolve_surface(settings_from({"surface": surface, "expr": expr}, DEFAULT_LIMITS))
    return {"surface": found.id, "x": x, "y": y, "tol": tol, **classify_point(found, (x, y), tol=tol)}


def highdim_run(objective: str = "rastrigin", dim: int = 100, optimizer: str = "adam", *, steps: int = 500,
                seed: int = 0, tol: float = 1e-6, limits: Limits = DEFAULT_LIMITS, **options) -> dict:
    """One run in N dimensions: loss, gradient norm and distance travelled per step, and how it ended.

    >>> highdim_run("rastrigin", dim=10, optimizer="adam", lr=0.05, steps=50)["dim"]
    10
    """
    check_text("objective", objective, 64, optional=False)
    if objective not in ("rastrigin", "styblinski-tang", "random"):
        raise ParamError("objective", "Input should be 'rastrigin', 'styblinski-tang' or 'random'")
    dim = check_number("dim", dim, Bound(int, 2, 10_000, optional=False), limits)
    settings, hyper = _split({**options, "steps": steps, "seed": seed, "tol": tol})
    if set(settings) - {"steps", "seed", "tol", *TUNING_FIELDS}:
        raise ParamError(next(iter(set(settings) - {"steps", "seed", "tol", *TUNING_FIELDS})), "unknown parameter")
    req = settings_from(settings, limits)
    entry = entry_from({"optimizer": optimizer, "params": hyper}, limits)
    query = SimpleNamespace(objective=objective, dim=dim, optimizer=entry.optimizer, steps=req.steps, seed=req.seed,
                            tol=req.tol, **{k: entry.params.get(k) for k in HYPERPARAMETERS},
                            **{k: getattr(req, k) for k in TUNING_FIELDS})
    plan = plan_for(query, limits)
    return describe_run(plan, trace(plan))


def critical_points(max_dim: int = 20, mc_max_dim: int = 3, starts: int = 600, samples: int = 20_000,
                    seed: int = 0) -> dict:
    """Share of critical points that are minima against N: exact (Styblinski-Tang), estimated (random landscape).

    The random-landscape census takes seconds per dimension; the API's default goes to N = 6.

    >>> critical_points(max_dim=3, mc_max_dim=1, starts=50, samples=1000)["styblinski_tang"][2]["minima"]["exact"]
    '8'
    """
    max_dim = check_number("max_dim", max_dim, Bound(int, 1, 1000, optional=False), DEFAULT_LIMITS)
    mc_max_dim = check_number("mc_max_dim", mc_max_dim, Bound(int, 1, 6, optional=False), DEFAULT_LIMITS)
    starts = check_number("starts", starts, Bound(int, 20, 2000, optional=False), DEFAULT_LIMITS)
    samples = check_number("samples", samples, Bound(int, 1000, 50_000, optional=False), DEFAULT_LIMITS)
    seed = check_number("seed", seed, Bound(int, 0, 2**32 - 1, optional=False), DEFAULT_LIMITS)
    ladder = [d for d in (*range(1, 11), 20, 50, 100, 200, 500, 1000) if d <= max_dim]
    return {"styblinski_tang": [styblinski_tang_counts(d, by_index=d <= 12) for d in ladder],
            "random": [random_landscape_census(d, seed, starts, samples) for d in range(1, mc_max_dim + 1)]}


def curse(per_axis: int = 100, shell: float = 0.01) -> dict:
    """Grid points needed, volume near a cube's surface, ball-to-cube ratio and random cosines, per N.

    >>> curse()["rows"][1]["grid_points"]["exact"]
    '10000'
    """
    per_axis = check_number("per_axis", per_axis, Bound(int, 2, 1000, optional=False), DEFAULT_LIMITS)
    shell = check_number("shell", shell, Bound(float, 0, 0.5, lo_open=True, optional=False), DEFAULT_LIMITS)
    if shell >= 0.5:
        raise ParamError("shell", "Input should be less than 0.5")
    ladder = (*range(1, 11), 20, 50, 100, 200, 500, 1000)
    return {"rows": [_curse(d, per_axis, shell) for d in ladder]}


def landscape_slice(n: int = 41, span: float = 1.0) -> dict:
    """The trained 2-16-16-1 network's loss on a filter-normalised random plane (trains it on first use, ~2 s)."""
    n = check_number("n", n, Bound(int, 2, 101, optional=False), DEFAULT_LIMITS)
    span = check_number("span", span, Bound(float, 0, 5, lo_open=True, optional=False), DEFAULT_LIMITS)
    return mlp_slice.slice_grid(n, span)


def interpolation(n: int = 81) -> dict:
    """Loss and accuracy along (1 − α)·θ₀ + α·θ* from the initial to the trained weights."""
    n = check_number("n", n, Bound(int, 2, 1001, optional=False), DEFAULT_LIMITS)
    return mlp_slice.interpolation(n)
