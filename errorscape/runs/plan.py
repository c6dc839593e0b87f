"""Turn a validated request into a RunPlan: the objective, the optimizer groups and the start points.

Everything a request can get wrong beyond its types and bounds is checked here, and reported as a
``ParamError`` naming the parameter and what is allowed. A plan is a pure description: ``groups()``
builds fresh optimizers each time, so a resumed stream recomputes exactly the same frames.
"""

from __future__ import annotations

from dataclasses import dataclass
import numpy as np

from ..errors import ParamError
from ..optimizers import OPTIMIZERS, OptimizerSpec
from ..optimizers.schedules import SCHEDULE_NAMES, SCHEDULE_PARAMS, make_schedule
from ..limits import Limits
from ..surfaces import LAZY_SURFACES, SURFACES, Domain, Objective, Surface, get_surface
from .engine import Group

#: What a contestant inherits when neither it nor the request sets a tuning field: no gradient noise and
#: the schedule parameters' own defaults (the first schedule, constant, unless one is asked for).
TUNING_DEFAULTS = {"noise": 0.0, "noise_decay": 0.0, "schedule": SCHEDULE_NAMES[0],
                   **{p.name: p.default for p in SCHEDULE_PARAMS}}
TUNING_FIELDS = tuple(TUNING_DEFAULTS)
MAX_VALUES_SENT = 2_000_000  # runs × frames sent: keeps one stream's output to tens of megabytes


def frames_sent(steps: int, every: int) -> int:
    """At most how many frames a stream sends: step 0, every ``every``-th step, and the last."""
    return steps // every + 2


#: Every hyperparameter name of every optimizer (torch.optim's names), in registry order.
HYPERPARAMETERS = tuple(dict.fromkeys(p.name for spec in OPTIMIZERS.values() for p in spec.params))


@dataclass(frozen=True)
class Entry:
    """One contestant as asked for: an optimizer, its hyperparameters, and tuning (``None``: inherit)."""

    optimizer: str
    params: dict
    label: str | None = None
    noise: float | None = None
    noise_decay: float | None = None
    schedule: str | None = None
    warmup: int | None = None
    step_size: int | None = None
    gamma: float | None = None
    t_max: int | None = None
    eta_min: float | None = None


def entry_from_query(query) -> Entry:
    """The single contestant a flat request describes (``optimizer``, ``lr=…``, ``beta1=…``, tuning)."""
    tuning = {k: getattr(query, k) for k in TUNING_FIELDS}
    hyper = {k: getattr(query, k) for k in HYPERPARAMETERS if getattr(query, k, None) is not None}
    return Entry(optimizer=query.optimizer, params=hyper, **tuning)


@dataclass(frozen=True)
class Contestant:
    """One optimizer of the view, with its resolved hyperparameters and tuning."""

    spec: OptimizerSpec
    hyper: dict
    tuning: dict
    label: str


@dataclass(frozen=True)
class RunPlan:
    """What to run: the objective, the contestants, the start points and the pacing.

    ``surface`` is a two-weight ``Surface`` with its ``domain`` for every plan ``build_plan`` makes; the
    high-dimensionality lesson (``lessons.ndim_runs``) plans runs on an N-dimensional objective, which has
    a box instead of a domain (``domain`` is then None). The engine needs only the ``Objective`` protocol.
    """

    surface: Surface | Objective
    domain: Domain | None
    contestants: tuple[Contestant, ...]
    starts: np.ndarray  # (runs per contestant, 2): every contestant starts from the same points
    steps: int
    seed: int
    every: int
    fps: float
    tol: float
    key: str = ""  # the validated request that fixes every number of the run: identical runs share it
    #: the validated request without its start point: plans sharing it differ only in where they start, so
    #: they may run as the rows of one cohort (errorscape.runs.cohort); "" where that was not asked for
    family: str = ""
    state: bool = False  # frames carry the optimizers' state and the next step's parts (errorscape.runs.inside)

    @property
    def runs(self) -> int:
        return len(self.contestants) * len(self.starts)

    @property
    def values_sent(self) -> int:
        """runs × frames: what MAX_VALUES_SENT bounds."""
        return self.runs * frames_sent(self.steps, self.every)

    def all_starts(self) -> np.ndarray:
        return np.tile(self.starts, (len(self.contestants), 1))

    def groups(self) -> list[Group]:
        n = len(self.starts)
        return [self.group(g, c, slice(g * n, (g + 1) * n)) for g, c in enumerate(self.contestants)]

    def group(self, g: int, c: Contestant, rows: slice) -> Group:
        """Contestant ``c`` (number ``g``) driving ``rows``; its hyperparameters may be per-run columns (sweeps)."""
        t = c.tuning
        lr = make_schedule(c.hyper["lr"], t["schedule"], warmup=t["warmup"], step_size=t["step_size"],
                           gamma=t["gamma"], t_max=t["t_max"] or self.steps, eta_min=t["eta_min"]) \
            if "lr" in c.hyper else None
        kwargs = {**c.hyper, **({"lr": lr} if lr is not None else {})}
        if c.spec.needs_hessian:
            kwargs["hessian"] = self.surface.hessian
        if draws_own_noise(c.spec):
            kwargs["seed"] = self.seed + g
        return Group(c.spec.factory(**kwargs), rows, noise=t["noise"], noise_decay=t["noise_decay"],
                     stochastic_gradient=getattr(self.surface, "minibatch_gradient", None))

    def describe(self) -> dict:
        """The ``start`` event: what runs, in which order (run index = contestant × starts + start)."""
        n = len(self.starts)
        runs = [
            {"index": g * n + i, "group": g, "optimizer": c.spec.id, "label": c.label, "params": c.hyper,
             "x0": float(x0), "y0": float(y0)}
            for g, c in enumerate(self.contestants) for i, (x0, y0) in enumerate(self.starts.tolist())
        ]
        groups = [{"group": g, "optimizer": c.spec.id, "name": c.spec.name, "label": c.label, "params": c.hyper,
                   **c.tuning} for g, c in enumerate(self.contestants)]
        return {"surface": self.surface.id, "steps": self.steps, "every": self.every, "fps": self.fps,
                "seed": self.seed, "groups": groups, "runs": runs}


def draws_own_noise(spec: OptimizerSpec) -> bool:
    """Whether the optimizer draws random numbers of its own: its factory takes a ``seed`` that is not a
    user hyperparameter (the plan gives each contestant one)."""
    import inspect

    try:
        extras = set(inspect.signature(spec.factory).parameters) - {p.name for p in spec.params}
    except (TypeError, ValueError):
        return False
    return "seed" in extras


def resolve_surface(req) -> tuple[Surface, Domain]:
    """The surface a request names (built-in or custom formula) and the domain it asks for."""
    if req.surface == "custom":
        if not req.expr:
            raise ParamError("expr", "required when surface=custom: a formula in x and y, e.g. x^2 + 3*sin(y)")
        from ..expressions import ExpressionError, custom_surface

        try:
            surface = custom_surface(req.expr, _domain_override(req, None))
        except ExpressionError as e:
            raise ParamError("expr", str(e), position=e.position) from None
    elif req.surface == "data":  # a model's loss over a dataset (errorscape.data): built from the selection
        from ..data import data_surface

        surface = data_surface(req)
    else:
        surface = get_surface(req.surface)
        if surface is None:
            raise ParamError("surface", f"unknown surface {req.surface!r}; choose one of: custom, data, "
                             + ", ".join([*SURFACES, *LAZY_SURFACES]))
    return surface, _domain_override(req, surface.domain) or surface.domain


def surface_catalogue() -> list[dict]:
    """Every surface a run may name, described: the built-ins, then ``data`` (a model on a dataset) with its
    default selection (``GET /api/surfaces``; ``errorscape.surfaces()``)."""
    from types import SimpleNamespace

    data, _ = resolve_surface(SimpleNamespace(surface="data", xmin=None, xmax=None, ymin=None, ymax=None))
    return [*(s.describe() for s in SURFACES.values()), {**data.describe(), "name": "A model on a dataset (choose below)"}]


def _domain_override(req, default: Domain | None) -> Domain | None:
    given = [req.xmin, req.xmax, req.ymin, req.ymax]
    if all(v is None for v in given):
        return None
    base = default or Domain((-5.0, 5.0), (-5.0, 5.0))
    xmin, xmax, ymin, ymax = (b if v is None else v for v, b in zip(given, (*base.x, *base.y)))
    if not xmin < xmax:
        raise ParamError("xmin", f"must be below xmax (got xmin={xmin}, xmax={xmax})")
    if not ymin < ymax:
        raise ParamError("ymin", f"must be below ymax (got ymin={ymin}, ymax={ymax})")
    return Domain((float(xmin), float(xmax)), (float(ymin), float(ymax)))


def resolve_hyperparameters(spec: OptimizerSpec, given: dict, where: str = "") -> dict:
    """The optimizer's defaults overridden by ``given``, each checked against its allowed range."""
    known = {p.name: p for p in spec.params}
    values = spec.defaults()
    for name, value in given.items():
        param = known.get(name)
        label = f"{where}{name}"
        if param is None:
            raise ParamError(label, f"not a parameter of {spec.id}; its parameters are: " + ", ".join(known))
        if param.type == "bool":
            if not isinstance(value, bool) and value not in (0, 1):
                raise ParamError(label, "must be true or false")
            values[name] = bool(value)
            continue
        if isinstance(value, bool) or not np.isfinite(value):
            raise ParamError(label, f"must be a finite number between {param.min} and {param.max}")
        if (param.min is not None and value < param.min) or (param.max is not None and value > param.max):
            raise ParamError(label, f"must be between {param.min} and {param.max} for {spec.id} (got {value})")
        values[name] = int(value) if param.type == "int" else float(value)
    return values


def _label(spec: OptimizerSpec, hyper: dict, given: str | None) -> str:
    if given:
        return given
    return f"{spec.name} lr={hyper['lr']:g}" if "lr" in hyper else spec.name


def optimizer_spec(optimizer_id: str, where: str = "") -> OptimizerSpec:
    """The registered optimizer, or a ParamError listing the choices."""
    spec = OPTIMIZERS.get(optimizer_id)
    if spec is None:
        raise ParamError(f"{where}optimizer", f"unknown optimizer {optimizer_id!r}; choose one of: "
                         + ", ".join(OPTIMIZERS))
    return spec


def contestant(entry, req, where: str = "") -> Contestant:
    """One optimizer of a view: its hyperparameters checked, its tuning inherited from ``req`` where unset."""
    spec = optimizer_spec(entry.optimizer, where)
    hyper = resolve_hyperparameters(spec, entry.params, where)
    tuning = {k: _first(getattr(entry, k), getattr(req, k), TUNING_DEFAULTS[k]) for k in TUNING_FIELDS}
    return Contestant(spec, hyper, tuning, _label(spec, hyper, entry.label))


def build_plan(req, entries: list, limits: Limits, race: bool = False, key: str = "", family: str = "") -> RunPlan:
    """``req`` has the run settings' fields and ``entries`` the contestants' (``Entry`` or the API's models).

    ``race``: the entries came from a JSON body, so errors name them as runs[i].<param>. ``key`` identifies
    the validated request (identical runs share it); ``family`` the same request without its start point.
    """
    surface, domain = resolve_surface(req)
    contestants = [contestant(entry, req, f"runs[{i}]." if race else "") for i, entry in enumerate(entries)]

    starts = _starts(req, surface, domain)
    runs = len(contestants) * len(starts)
    if runs > limits.max_restarts:
        raise ParamError("restarts", f"restarts × optimizers must be at most {limits.max_restarts} "
                         f"(got {len(starts)} × {len(contestants)})")
    if req.steps > limits.max_steps:
        raise ParamError("steps", f"must be between 1 and {limits.max_steps}")
    cost = surface.extra.get("relative_cost", 1)  # > 1 for surfaces far dearer than a formula (mlp-slice)
    if cost > 1 and runs * req.steps * cost > limits.max_restarts * limits.max_steps:
        most = limits.max_restarts * limits.max_steps // (cost * runs)
        raise ParamError("steps", f"{surface.id} is costly to evaluate: with {runs} runs, steps must be at most {most}")
    frames = frames_sent(req.steps, req.every)
    if runs * frames > MAX_VALUES_SENT:
        need = int(np.ceil(runs * req.steps / (MAX_VALUES_SENT - 2 * runs)))
        raise ParamError("every", f"with {runs} runs and {req.steps} steps, send fewer frames: every must be "
                         f"at least {need}")
    if req.fps and frames / req.fps > limits.max_stream_seconds:
        raise ParamError("fps", f"{frames} frames at {req.fps} fps would take longer than the "
                         f"{limits.max_stream_seconds:g} s a stream may last; raise fps or every, or use fps=0")
    return RunPlan(surface, domain, tuple(contestants), starts, req.steps, req.seed, req.every, req.fps, req.tol, key,
                   family, bool(getattr(req, "state", False)))


def _first(*values):
    return next((v for v in values if v is not None), None)


def _starts(req, surface: Surface, domain: Domain) -> np.ndarray:
    if req.restarts:
        rng = np.random.default_rng([req.seed, 0x57A27])
        lo = np.array([domain.x[0], domain.y[0]])
        hi = np.array([domain.x[1], domain.y[1]])
        return lo + (hi - lo) * rng.random((req.restarts, 2))
    default = surface.start or (sum(domain.x) / 2, sum(domain.y) / 2)
    x0 = default[0] if req.x0 is None else req.x0
    y0 = default[1] if req.y0 is None else req.y0
    start = np.array([[x0, y0]], dtype=np.float64)
    with np.errstate(all="ignore"):
        ok = np.isfinite(surface.value(start)).all() and np.isfinite(surface.gradient(start)).all()
    if not ok:
        raise ParamError("x0", f"the loss or its gradient is not defined at the start point ({x0}, {y0}); pick another")
    return start
