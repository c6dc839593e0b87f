"""Hyperparameter maps and fair tuning for notebooks: ``POST /api/tuning/map`` and ``/tune`` as Python calls.

The same core functions as the API (``errorscape.runs.sweep``): the numbers are the API's, bit for bit;
the figures are the page's map and race. Re-exported by ``errorscape.notebook`` and ``errorscape``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import ParamError
from .inputs import entry_from, settings_from
from .limits import DEFAULT_LIMITS, Limits
from .notebook import Result, _compute, _split
from .runs.sweep import METRICS, TUNE_LR, TUNE_STARTS, Axis, hyper_map, tune as tune_grid, tuned_runs


@dataclass
class HyperMap:
    """A hyperparameter map: ``data`` is the body ``POST /api/tuning/map`` answers; the rest are its numbers
    as arrays (``loss[i, j]`` is the cell ``x[j]``, ``y[i]``; NaN where a start diverged or never reached
    the target)."""

    data: dict
    colour_by: str = "loss"

    @property
    def x(self) -> np.ndarray:
        return np.array(self.data["x"]["values"])

    @property
    def y(self) -> np.ndarray:
        return np.array(self.data["y"]["values"])

    @property
    def loss(self) -> np.ndarray:
        from .figures.tuning import map_values

        return map_values(self.data, "loss")

    @property
    def steps_to_target(self) -> np.ndarray:
        from .figures.tuning import map_values

        return map_values(self.data, "steps_to_target")

    @property
    def diverged(self) -> np.ndarray:
        return np.array(self.data["diverged"])

    @property
    def best(self) -> dict | None:
        return self.data["best"]

    def figure(self, colour_by: str | None = None, theme: str = "light"):
        """The map as the page draws it (a heatmap, diverged cells red, the best cell starred)."""
        from .figures.tuning import hypermap_figure

        return hypermap_figure(self.data, _metric(colour_by or self.colour_by), theme)


@dataclass
class Tuned:
    """Fair tuning: ``data`` is the body ``POST /api/tuning/tune`` answers (``table``: each contestant's best
    setting and score), ``result`` the race of the tuned settings from the same starts."""

    data: dict
    result: Result

    @property
    def table(self) -> list[dict]:
        return self.data["table"]

    def figure(self, **options):
        """The tuned race: the combined view of ``result`` (options as ``Result.figure``)."""
        return self.result.figure(**options)

    def table_figure(self, theme: str = "light"):
        from .figures.tuning import tune_table_figure

        return tune_table_figure(self.data, theme)

    def _repr_html_(self) -> str:  # the table, as the page shows it
        from .figures.tuning import TUNE_COLUMNS, tune_rows

        head = "".join(f"<th>{c}</th>" for c in TUNE_COLUMNS)
        rows = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in tune_rows(self.data))
        return f"<p>{self.data['objective']}</p><table><tr>{head}</tr>{rows}</table>"


def _metric(name: str) -> str:
    if name not in METRICS:
        raise ParamError("colour_by", f"choose one of: {', '.join(METRICS)} (got {name!r})")
    return name


def _axis(value, where: str, param: str | None = None, log: bool = False):
    """An Axis from ``(param, min, max, n[, "log"])``, ``(min, max, n)`` when ``param`` is implied, or a dict."""
    if isinstance(value, dict):
        value = (value.get("param", param), value.get("min"), value.get("max"), value.get("n", 25), value.get("log", log))
    value = tuple(value) if isinstance(value, (tuple, list)) else ()
    if value and param is not None and not isinstance(value[0], str):
        value = (param, *value)
    if not 4 <= len(value) <= 5 or not isinstance(value[0], str):
        raise ParamError(where, "an axis is (param, min, max, n) or (param, min, max, n, \"log\"), e.g. (\"lr\", 1e-3, 0.3, 25, \"log\")")
    name, lo, hi, n = value[:4]
    scale = value[4] if len(value) == 5 else log
    for key, number in (("min", lo), ("max", hi), ("n", n)):
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise ParamError(f"{where}.{key}", f"must be a number (got {number!r})")
    if n != int(n):
        raise ParamError(f"{where}.n", f"must be a whole number (got {n!r})")
    if scale not in (True, False, "log", "lin", "linear"):
        raise ParamError(where, f"the fifth item is \"log\" or \"lin\" (got {scale!r})")
    return Axis(name, float(lo), float(hi), int(n), scale in (True, "log"))


def _starts(starts, options: dict) -> dict:
    if starts is None:
        return options
    if "restarts" in options:
        raise ParamError("starts", "give starts (K seeded starts) or restarts, not both")
    return {**options, "restarts": starts}


def hypermap(surface: str = "elliptic-bowl", optimizer: str = "momentum", *, x_axis, y_axis, starts: int | None = None,
             colour_by: str = "loss", reach: float = 1e-3, limits: Limits = DEFAULT_LIMITS, **options) -> HyperMap:
    """Two hyperparameters of ``optimizer`` on a grid, as ``POST /api/tuning/map``: per cell the mean final loss
    over the starts, the steps to come within ``reach`` of the lowest known minimum and the diverged starts.

    ``x_axis``, ``y_axis``: ``(param, min, max, n)`` or ``(param, min, max, n, "log")``; ``starts``: K seeded
    starts (default: the one start ``x0``, ``y0``); ``colour_by``: ``loss``, ``steps_to_target`` or
    ``diverged``; ``options``: the run settings (``steps``, ``seed``, ``x0``, …) and the optimizer's other
    hyperparameters.

    >>> m = hypermap("elliptic-bowl", "momentum", x_axis=("lr", 0.01, 0.1, 3, "log"), y_axis=("momentum", 0, 0.9, 2), steps=50)
    >>> m.loss.shape, sorted(m.best)
    ((2, 3), ['loss', 'lr', 'momentum'])
    """
    colour_by = _metric(colour_by)
    settings, hyper = _split(_starts(starts, options))
    entry = entry_from({"optimizer": optimizer, "params": hyper}, limits)
    req = settings_from({"surface": surface, **settings}, limits)
    x, y = _axis(x_axis, "x_axis"), _axis(y_axis, "y_axis")
    return HyperMap(hyper_map(req, entry, x, y, limits, reach, names=("x_axis", "y_axis")), colour_by)


def tune(surface: str = "himmelblau", runs=("sgd", "adam"), *, lr=None, starts: int | None = None,
         limits: Limits = DEFAULT_LIMITS, **options) -> Tuned:
    """Each contestant's best lr on one log grid (and a second hyperparameter where its entry has
    ``"second": (param, min, max, n)``), by the mean final loss over the same K seeded starts and steps, as
    ``POST /api/tuning/tune``; then the race of the tuned settings.

    ``lr``: ``(min, max, n)`` (log-spaced) or an axis tuple; default the API's grid. ``starts``: K (default
    the API's). ``runs``: as ``race``'s.

    >>> t = tune("bowl", ["sgd", {"optimizer": "adam", "second": ("beta1", 0.5, 0.9, 2)}], lr=(0.01, 0.1, 3), starts=2, steps=30)
    >>> [sorted(row["tuned"]) for row in t.table], t.result.xy.shape[1]
    ([['lr'], ['beta1', 'lr']], 4)
    """
    settings, hyper = _split(_starts(TUNE_STARTS if starts is None else starts, options))
    if hyper:
        raise ParamError(next(iter(hyper)), "tuning sets hyperparameters per run: runs=[{'optimizer': 'adam', 'beta1': 0.8}, ...]")
    runs = [runs] if isinstance(runs, (str, dict)) else list(runs)
    if not 1 <= len(runs) <= limits.max_race:
        raise ParamError("runs", f"List should have at least 1 and at most {limits.max_race} items (got {len(runs)})")
    seconds = [_axis(r["second"], f"runs[{i}].second") if isinstance(r, dict) and r.get("second") else None
               for i, r in enumerate(runs)]
    entries = [entry_from({k: v for k, v in r.items() if k != "second"} if isinstance(r, dict) else r, limits, f"runs[{i}].")
               for i, r in enumerate(runs)]
    grid = TUNE_LR if lr is None else _axis(lr, "lr", param="lr", log=True)
    if grid.param != "lr":
        raise ParamError("lr.param", "must be lr (a second hyperparameter goes in a run's \"second\")")
    req = settings_from({"surface": surface, **settings}, limits)
    data = tune_grid(req, entries, grid, seconds, limits)
    tuned = [entry_from(r, limits, f"runs[{i}].") for i, r in enumerate(tuned_runs(data["table"]))]
    return Tuned(data, _compute(surface, settings, tuned, limits, race=True))


def tuning_from_hash(hash_text: str) -> dict:
    """The map and the fair race a page link holds (its ``map`` and ``tune`` keys), computed as the page
    computes them: ``{"map": HyperMap, "tune": Tuned}``, each only when the link has it.

    >>> linked = tuning_from_hash("#surface=bowl&optimizer=momentum&lr=0.1&steps=30&map=lr_log_0p01_0p5_3__momentum_lin_0_0p9_2__loss")
    >>> linked["map"].loss.shape
    (2, 3)
    """
    from .hashstate import parse_hash
    from .optimizers import OPTIMIZERS

    state = parse_hash(hash_text)
    if not state.run:
        return {}
    # the page's map and tuning requests carry the view's surface, steps, seed and start (hypermap.js request())
    view = {k: state.run[k] for k in ("expr", "steps", "seed", "x0", "y0") if k in state.run}
    racers, out = state.run["runs"], {}
    if "map" in state.tuning:
        first = racers[0]
        out["map"] = hypermap(state.run["surface"], first["optimizer"], **state.tuning["map"], **view, **first["params"])
    if "tune" in state.tuning:
        t = state.tuning["tune"]
        second = t["second"]
        runs = [{"optimizer": r["optimizer"], "params": {k: v for k, v in r["params"].items() if k != "lr"},
                 **({"second": second} if second and any(p.name == second[0] for p in OPTIMIZERS[r["optimizer"]].params) else {})}
                for r in racers]
        out["tune"] = tune(state.run["surface"], runs, lr=t["lr"], starts=t["starts"], **view)
    return out
