"""The Python API for notebooks and scripts: the catalogue, runs and races, as the server computes them.

``run`` and ``race`` take the stream's parameters (``GET /api/runs/stream``, ``POST /api/runs/stream``)
as keyword arguments, go through the same plan (``build_plan``) and the same event sequence
(``run_events``) as the server, and return a ``Result`` whose arrays hold exactly the numbers
``GET /api/runs?format=json`` sends, bit for bit. Bad input raises ``ParamError`` naming the parameter
and what is allowed, as the API's 422 does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .data import store
from .data.owndata import own_data
from .errors import ParamError
from .inputs import DATA_FIELDS, SETTING_NAMES, Settings, entry_from, settings_from
from .limits import DEFAULT_LIMITS, Limits
from .optimizers import OPTIMIZERS
from .optimizers.schedules import SCHEDULE_PARAMS, describe_schedules
from .runs.frames import run_events
from .surfaces.grid import grid_arrays
from .runs.plan import HYPERPARAMETERS, RunPlan, build_plan, resolve_surface, surface_catalogue


def surfaces() -> list[dict]:
    """Every surface, described as ``GET /api/surfaces`` describes it (the last, ``data``, is a model on a dataset).

    >>> [s["id"] for s in surfaces()][:3]
    ['bowl', 'elliptic-bowl', 'plateau']
    """
    return surface_catalogue()


def _with_data(surface_id: str, data, options: dict) -> dict:
    """``options`` with your own ``data`` (CSV text, a CSV file's path, or arrays (X, y)) as their dataset:
    checked as an upload is (``data.owndata``), kept in memory as an upload is, under the upload's id."""
    if data is None:
        return options
    if surface_id != "data":
        raise ParamError("data", f'applies to surface="data" only (the surface is {surface_id!r})')
    if options.get("dataset") is not None:
        raise ParamError("data", "give your own data (data=) or a built-in dataset (dataset=), not both")
    return {**options, "dataset": store.remember(own_data(data))}


def surface(surface_id: str, expr: str | None = None, *, data=None, **selection) -> dict:
    """One surface as ``GET /api/surfaces/{id}`` describes it; ``"custom"`` with ``expr`` for a formula;
    ``"data"`` with the data selection (``dataset``, ``model``, ``loss``, ``l2``, ``weights``, ...) or your
    own ``data`` (CSV text, a CSV file's path, or arrays (X, y)).

    >>> surface("custom", expr="x^2 + 3*y^2")["minima"]
    []
    >>> surface("data", dataset="sine", model="network", weights="out-out")["extra"]["axes"]
    ['output ← hidden 1', 'output ← hidden 2']
    """
    unknown = next((name for name in selection if name not in DATA_FIELDS), None)
    if unknown:
        raise ParamError(unknown, "unknown parameter; a data surface's selection is: " + ", ".join(DATA_FIELDS))
    selection = _with_data(surface_id, data, selection)
    found, _ = resolve_surface(settings_from({"surface": surface_id, "expr": expr, **selection}, DEFAULT_LIMITS))
    return found.describe()


def optimizers() -> list[dict]:
    """Every optimizer with its torch.optim name and hyperparameters, as ``GET /api/optimizers``.

    >>> next(o for o in optimizers() if o["id"] == "adam")["torch"].split("(")[0]
    'torch.optim.Adam'
    """
    return [spec.describe() for spec in OPTIMIZERS.values()]


def schedules() -> dict:
    """Learning-rate schedules and their parameters, as ``GET /api/schedules``.

    >>> [s["id"] for s in schedules()["schedules"]]
    ['constant', 'step', 'exponential', 'cosine']
    """
    return {"schedules": describe_schedules(), "params": [p.describe() for p in SCHEDULE_PARAMS]}


def grid(surface_id: str = "himmelblau", n: int = 100, expr: str | None = None, *, data=None, **domain) -> dict:
    """Heights on an n × n grid as numpy arrays: ``{x, y, z}``, ``z[i, j] = f(x[j], y[i])`` (NaN where undefined).
    ``domain``: ``xmin``…``ymax``, and for ``"data"`` the data selection (``dataset``, ``model``, ...).

    >>> g = grid("bowl", n=5); g["z"].shape
    (5, 5)
    """
    from .inputs import Bound, check_number

    n = check_number("n", n, Bound(int, 2, "max_grid", optional=False), DEFAULT_LIMITS)
    domain = _with_data(surface_id, data, domain)
    found, dom = resolve_surface(settings_from({"surface": surface_id, "expr": expr, **domain}, DEFAULT_LIMITS))
    xs, ys, z = grid_arrays(found.f, n, dom.x, dom.y)
    return {"x": xs, "y": ys, "z": z}


@dataclass
class Result:
    """A run or a race, computed whole: the server's ``start``, frames and ``done``, as numpy arrays.

    Frames are the steps the stream would send (every ``every``-th and the last). Runs are ordered as
    in the stream: run index = contestant × starts + start.

    - ``step``: (frames,) the step of each frame (0 is the start);
    - ``xy``: (frames, runs, 2) positions; ``x`` and ``y`` are its two columns;
    - ``loss``: (frames, runs); ``grad``: (frames, runs, 2) exact gradients; ``grad_norm``: (frames, runs);
    - ``events``: what happened when (diverged, converged, stalled), with the server's messages;
    - ``reasons``: per run, why it ended (``completed``, ``converged``, ``diverged``, ``stalled``);
      ``reason``: the overall one; ``done``: the stream's ``done`` event.
    """

    start: dict
    step: np.ndarray
    xy: np.ndarray
    loss: np.ndarray
    grad: np.ndarray
    events: list[dict]
    done: dict
    plan: RunPlan = field(repr=False)

    @property
    def x(self) -> np.ndarray:
        return self.xy[..., 0]

    @property
    def y(self) -> np.ndarray:
        return self.xy[..., 1]

    @property
    def grad_norm(self) -> np.ndarray:
        return np.hypot(self.grad[..., 0], self.grad[..., 1])

    @property
    def runs(self) -> list[dict]:
        return self.start["runs"]

    @property
    def labels(self) -> list[str]:
        return [self.start["groups"][r["group"]]["label"] for r in self.runs]

    @property
    def reasons(self) -> list[str]:
        return [r["reason"] for r in self.done["runs"]]

    @property
    def reason(self) -> str:
        return self.done["reason"]

    def frames(self) -> list[dict]:
        """The frames as the server sends them (``{step, x, y, loss, grad, events?}``)."""
        out = []
        events_at: dict[int, list] = {}
        for e in self.events:
            events_at.setdefault(e["frame"], []).append({k: v for k, v in e.items() if k != "frame"})
        for k in range(len(self.step)):
            f = {"step": int(self.step[k]), "x": self.x[k].tolist(), "y": self.y[k].tolist(),
                 "loss": self.loss[k].tolist(), "grad": self.grad[k].tolist()}
            if k in events_at:
                f["events"] = events_at[k]
            out.append(f)
        return out

    def to_dict(self) -> dict:
        """``{start, frames, done}``: the body of ``GET /api/runs?format=json`` (before JSON encoding)."""
        return {"start": self.start, "frames": self.frames(), "done": self.done}

    def figure(self, **options):
        """The combined view (3D, contour, loss and gradient norm), animated: see ``errorscape.figures``."""
        from .figures import combined

        return combined(self, **options)

    def _repr_html_(self) -> str:  # a Result shown in a notebook cell: its summary, not a figure
        rows = "".join(f"<tr><td>{label}</td><td>{r['reason']}</td><td>{r['step']}</td><td>{r['loss']:.6g}</td></tr>"
                       for label, r in zip(self.labels, self.done["runs"]))
        return (f"<p>{self.start['surface']}: {len(self.runs)} run(s), {int(self.step[-1])} steps, "
                f"{self.reason}</p><table><tr><th>run</th><th>end</th><th>step</th><th>loss</th></tr>{rows}</table>")


def result_of(plan: RunPlan) -> Result:
    """Compute the plan through the server's event sequence and keep its numbers as arrays."""
    events = list(run_events(plan))
    frames = [e.data for e in events[1:-1]]
    happened = [{"frame": k, **e} for k, f in enumerate(frames) for e in f.get("events", ())]
    return Result(
        start=events[0].data,
        step=np.array([f["step"] for f in frames]),
        xy=np.array([[f["x"], f["y"]] for f in frames], dtype=np.float64).transpose(0, 2, 1),
        loss=np.array([f["loss"] for f in frames], dtype=np.float64),
        grad=np.array([f["grad"] for f in frames], dtype=np.float64),
        events=happened,
        done=events[-1].data,
        plan=plan,
    )


def _split(options: dict) -> tuple[dict, dict]:
    """Keyword arguments -> (view settings, hyperparameters); anything else is an unknown parameter."""
    settings, hyper = {}, {}
    for name, value in options.items():
        if name in SETTING_NAMES:
            settings[name] = value
        elif name in HYPERPARAMETERS:
            hyper[name] = value
        else:
            raise ParamError(name, "unknown parameter; run settings are: " + ", ".join(SETTING_NAMES[:-9])
                             + ", noise, noise_decay, schedule, ...; hyperparameters use torch.optim's names")
    return settings, hyper


def run(surface: str = "himmelblau", optimizer: str = "sgd", *, label: str | None = None, data=None,
        limits: Limits = DEFAULT_LIMITS, **options) -> Result:
    """One optimizer on one surface, as ``GET /api/runs/stream`` with the same parameters streams it.

    ``options``: the stream's settings (``x0``, ``y0``, ``steps``, ``seed``, ``every``, ``restarts``, ``noise``,
    ``noise_decay``, ``schedule``, ``warmup``, ``step_size``, ``gamma``, ``t_max``, ``eta_min``, ``tol``,
    ``expr``, ``xmin``…``ymax``; for ``surface="data"``: ``dataset``, ``model``, ``loss``, ``l2``, ``weights``,
    ``data_seed``, ``data_size``, ``batch_size``) and the optimizer's hyperparameters by torch.optim's names
    (``lr``, ``momentum``, ``beta1``, ...). ``data``: your own dataset instead of a built-in one, as CSV text,
    a CSV file's path or arrays (X, y), checked as ``POST /api/datasets`` checks an upload.

    >>> r = run("himmelblau", "adam", lr=0.05, x0=-1.5, y0=2, steps=100)
    >>> r.xy.shape, r.reason
    ((101, 1, 2), 'completed')
    >>> run("data", "adam", dataset="sine", model="network", weights="in-in", batch_size=20, steps=5).xy.shape
    (6, 1, 2)
    """
    settings, hyper = _split(options)
    settings = _with_data(surface, data, settings)
    entry = entry_from({"optimizer": optimizer, "params": hyper, "label": label}, limits)
    return _compute(surface, settings, [entry], limits, race=False)


def race(surface: str = "himmelblau", runs=("sgd", "adam"), *, data=None, limits: Limits = DEFAULT_LIMITS,
         **options) -> Result:
    """Several optimizers from the same start(s), as ``POST /api/runs/stream`` with ``runs`` streams them.

    Each entry of ``runs`` is an optimizer id, or a dict with ``optimizer``, its hyperparameters (flat or
    under ``params``), and optionally ``label``, ``noise``, ``noise_decay`` and the schedule fields. ``data``:
    your own dataset, as for ``run``.

    >>> r = race("rosenbrock", [{"optimizer": "adam", "lr": 0.05}, {"optimizer": "sgd", "lr": 0.001}], steps=50)
    >>> r.labels
    ['Adam lr=0.05', 'SGD lr=0.001']
    """
    settings, hyper = _split(options)
    if hyper:
        raise ParamError(next(iter(hyper)), "a race sets hyperparameters per run: "
                         "runs=[{'optimizer': 'adam', 'lr': 0.05}, ...]")
    if isinstance(runs, (str, dict)):
        runs = [runs]
    runs = list(runs)
    if not 1 <= len(runs) <= limits.max_race:
        raise ParamError("runs", f"List should have at least 1 and at most {limits.max_race} items (got {len(runs)})")
    entries = [entry_from(spec, limits, f"runs[{i}].") for i, spec in enumerate(runs)]
    settings = _with_data(surface, data, settings)
    return _compute(surface, settings, entries, limits, race=True)


def _compute(surface_id: str, settings: dict, entries: list, limits: Limits, race: bool) -> Result:
    req = settings_from({"surface": surface_id, **settings}, limits)
    return result_of(build_plan(req, entries, limits, race=race))


# Maps and fair tuning (errorscape/notebook_tuning.py): imported last, as they build on run settings and races above.
from .notebook_tuning import HyperMap, Tuned, tuning_from_hash, hypermap, tune  # noqa: E402

__all__ = ["HyperMap", "Result", "Settings", "Tuned", "grid", "hypermap", "optimizers", "race", "result_of", "run",
           "tuning_from_hash",
           "schedules", "surface", "surfaces", "tune"]
