"""The page's URL hash (static/js/hashstate.js) read in Python: ``#surface=himmelblau&optimizer=adam,sgd&lr=0.05,0.01``.

The same keys and encoding as the page: a race is written column-wise (one comma-separated list per
parameter, one entry per optimizer, empty for that optimizer's default), labels are percent-encoded
entry by entry, unknown keys are ignored. One difference, on purpose: the page clamps a value that is
out of range, while here it is an error (``ParamError`` naming the key and the allowed range), because
an export should not quietly show another run than the one asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote

from .errors import ParamError
from .optimizers import OPTIMIZERS

VISIBLE_LR = 0.01  # the page starts racers at lr = max(torch's default, this) so that 200 steps show motion
RACER_EXTRAS = {"run_noise": "noise", "run_noise_decay": "noise_decay"}
SETTINGS = ("x0", "y0", "restarts", "steps", "seed", "noise", "noise_decay", "schedule", "warmup", "step_size",
            "gamma", "t_max", "eta_min")
INTEGERS = {"restarts", "steps", "seed", "warmup", "step_size", "t_max"}
PAGE_DEFAULTS = {"surface": "bowl", "steps": 200, "seed": 0}  # the page's defaultState


@dataclass
class HashState:
    """What a hash asks for: the race (``race(**run)``-ready), the view options and the lesson."""

    run: dict  # surface, expr?, settings, runs: [{optimizer, params, label?, noise?, noise_decay?}]
    view: dict = field(default_factory=dict)  # zoom, log, loss_log, camera, speed
    lesson: str | None = None
    lesson_view: str | None = None
    tuning: dict = field(default_factory=dict)  # map: {x_axis, y_axis, colour_by}; tune: {starts, lr, second}


def _number(key: str, text: str, integer: bool = False):
    try:
        value = float(text)
    except ValueError:
        raise ParamError(key, f"must be a number (got {text!r})") from None
    if integer:
        if value != int(value):
            raise ParamError(key, f"must be a whole number (got {text!r})")
        return int(value)
    return value


def _flag(key: str, text: str) -> bool:
    if text in ("1", "true"):
        return True
    if text in ("0", "false"):
        return False
    raise ParamError(key, f"must be 1 or 0 (got {text!r})")


def racer_defaults(optimizer: str) -> dict:
    """The page's new racer: torch's defaults, with lr at least VISIBLE_LR."""
    spec = OPTIMIZERS[optimizer]
    params = spec.defaults()
    if isinstance(params.get("lr"), (int, float)):
        params["lr"] = max(params["lr"], VISIBLE_LR)
    return params


def _racers(q: dict) -> list[dict]:
    listed = q.get("optimizer")
    ids = [s.strip() for s in listed.split(",")] if listed else ["sgd"]
    racers = []
    for i, optimizer in enumerate(ids):
        if optimizer not in OPTIMIZERS:
            raise ParamError("optimizer", f"unknown optimizer {optimizer!r}; choose one of: " + ", ".join(OPTIMIZERS))
        spec = OPTIMIZERS[optimizer]
        params = racer_defaults(optimizer)
        for p in spec.params:
            column = q.get(p.name)
            entry = column.split(",")[i] if column is not None and i < len(column.split(",")) else ""
            if entry.strip():
                params[p.name] = _flag(p.name, entry) if p.type == "bool" else _number(p.name, entry, p.type == "int")
        racer = {"optimizer": optimizer, "params": params}
        for key, name in RACER_EXTRAS.items():
            entries = q.get(key, "").split(",")
            if i < len(entries) and entries[i].strip():
                racer[name] = _number(key, entries[i])
        labels = q.get("label", "").split(",")
        if i < len(labels) and labels[i]:
            racer["label"] = unquote(labels[i])
        racers.append(racer)
    return racers


def parse_hash(text: str) -> HashState:
    """The run, view options and lesson a page hash describes (with or without the leading ``#``).

    >>> s = parse_hash("#surface=himmelblau&optimizer=adam,sgd&lr=0.05,0.01&steps=60")
    >>> s.run["surface"], [r["params"]["lr"] for r in s.run["runs"]], s.run["steps"]
    ('himmelblau', [0.05, 0.01], 60)
    """
    q: dict[str, str] = {}
    for key, value in parse_qsl(text.strip().lstrip("#"), keep_blank_values=True):
        q.setdefault(key, value)  # URLSearchParams.get: the first value of a repeated key
    lesson = q.get("lesson") or None
    if lesson and not any(k in q for k in ("surface", "optimizer")):
        return HashState(run={}, view=_view(q), lesson=lesson, lesson_view=q.get("view") or None)
    run = {"surface": q.get("surface") or PAGE_DEFAULTS["surface"], "steps": PAGE_DEFAULTS["steps"],
           "seed": PAGE_DEFAULTS["seed"]}
    if run["surface"] == "custom":
        if not q.get("expr"):
            raise ParamError("expr", "required when surface=custom: a formula in x and y, e.g. x^2 + 3*sin(y)")
        run["expr"] = q["expr"]
    for key in SETTINGS:
        if q.get(key, "").strip():
            run[key] = q[key] if key == "schedule" else _number(key, q[key], key in INTEGERS)
    if run.get("restarts") == 1:
        del run["restarts"]  # the page's restarts=1 is one run from the start point
    run["runs"] = _racers(q)
    return HashState(run=run, view=_view(q), lesson=lesson, lesson_view=q.get("view") or None, tuning=_tuning(q))


def _axis(key: str, text: str) -> tuple:
    """``lr_log_0p001_0p3_30`` -> ``("lr", 0.001, 0.3, 30, "log")`` (static/js/tuninghash.js writes them)."""
    f = text.split("_")
    if len(f) < 5 or f[-4] not in ("log", "lin"):
        raise ParamError(key, f"an axis is param_log|lin_min_max_n, e.g. lr_log_0p001_0p3_30 (got {text!r})")
    lo, hi = (_number(key, t.replace("p", ".", 1)) for t in f[-3:-1])
    return "_".join(f[:-4]), lo, hi, _number(key, f[-1], integer=True), f[-4]


def _tuning(q: dict) -> dict:
    """The page's hyperparameter map (``map``) and fair race (``tune``) settings, as errorscape.hypermap and
    errorscape.tune take them; their ranges are checked there, as the API checks the page's requests."""
    out = {}
    if q.get("map"):
        parts = q["map"].split("__")
        if len(parts) != 3:
            raise ParamError("map", "must be <x axis>__<y axis>__<colouring>")
        out["map"] = {"x_axis": _axis("map", parts[0]), "y_axis": _axis("map", parts[1]), "colour_by": parts[2]}
    if q.get("tune"):
        head, *axes = q["tune"].split("__")
        if not head.startswith("k") or not 1 <= len(axes) <= 2:
            raise ParamError("tune", "must be k<K>__<lr axis>[__<second axis>]")
        out["tune"] = {"starts": _number("tune", head[1:], integer=True), "lr": _axis("tune", axes[0]),
                       "second": _axis("tune", axes[1]) if len(axes) == 2 else None}
    return out


def _view(q: dict) -> dict:
    view = {}
    if q.get("zoom"):
        view["zoom"] = _number("zoom", q["zoom"])
    for key in ("log", "loss_log"):
        if q.get(key):
            view[key] = _flag(key, q[key])
    if q.get("camera"):
        parts = q["camera"].split(",")
        if len(parts) != 3:
            raise ParamError("camera", "must be the 3D eye as x,y,z")
        view["camera"] = tuple(_number("camera", p) for p in parts)
    if q.get("speed"):
        view["speed"] = None if q["speed"] == "max" else _number("speed", q["speed"])
    return view
