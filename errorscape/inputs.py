"""Run settings passed as Python arguments, checked against the same bounds as the HTTP API.

The web app validates a request with pydantic models (``app/schemas/runs.py``); the core has no web
dependencies, so the bounds are listed here as plain data, and ``tests/notebook/test_inputs.py`` checks
that they agree with the API's schema field by field. Messages are worded like the API's 422s
(``steps: Input should be less than or equal to 10000 (allowed: ≥ 1 and ≤ 10000)``), so a notebook
user and an API user read the same sentence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, make_dataclass
from typing import Any, Optional

from .errors import ParamError
from .data.surface import MAX_SIZE, MIN_SIZE
from .limits import Limits
from .runs.plan import HYPERPARAMETERS, TUNING_DEFAULTS, TUNING_FIELDS, Entry

FINITE = 1e6
SCHEDULES = ("constant", "step", "exponential", "cosine")


@dataclass(frozen=True)
class Bound:
    """A number's type and range; ``hi`` may name a Limits field (``"max_steps"``)."""

    kind: type
    lo: float | None = None
    hi: float | str | None = None
    lo_open: bool = False  # gt instead of ge
    optional: bool = True  # None is allowed (inherit / default)

    def upper(self, limits: Limits):
        return getattr(limits, self.hi) if isinstance(self.hi, str) else self.hi


#: What may differ between the runs of a race (the API's RunTuning).
TUNING_BOUNDS = {
    "noise": Bound(float, 0, 1e3),
    "noise_decay": Bound(float, 0, 2),
    "warmup": Bound(int, 0, "max_steps"),
    "step_size": Bound(int, 1, "max_steps"),
    "gamma": Bound(float, 1e-6, 1),
    "t_max": Bound(int, 1, "max_steps"),
    "eta_min": Bound(float, 0, 10),
}
#: The view's settings (the API's RunSettings, without the stream-only ``fps``).
SETTING_BOUNDS = {
    **TUNING_BOUNDS,
    **{k: Bound(float, -FINITE, FINITE) for k in ("xmin", "xmax", "ymin", "ymax", "x0", "y0")},
    "steps": Bound(int, 1, "max_steps", optional=False),
    "seed": Bound(int, 0, 2**32 - 1, optional=False),
    "every": Bound(int, 1, "max_steps", optional=False),
    "restarts": Bound(int, 0, "max_restarts", optional=False),
    "tol": Bound(float, 0, 1, optional=False),
    # surface=data's selection (the API's DataSelection); ``data.surface`` checks the names against its catalogue
    "l2": Bound(float, 0, 10, optional=False),
    "data_seed": Bound(int, 0, 2**32 - 1, optional=False),
    "data_size": Bound(int, MIN_SIZE, MAX_SIZE),
    "batch_size": Bound(int, 1, MAX_SIZE),
}
DATA_NAMES = {"dataset": 40, "model": 40, "loss": 40, "weights": 20}  # the longest name each may be
DATA_FIELDS = (*DATA_NAMES, "l2", "data_seed", "data_size", "batch_size")
MAX_ID = 64
MAX_EXPR = 500
MAX_LABEL = 80


def _show(v) -> str:
    return repr(v) if isinstance(v, float) else str(v)


def _said(v) -> str:
    """A bound as pydantic's message writes it (1e6 -> 1000000, 0.5 -> 0.5)."""
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _allowed(b: Bound, limits: Limits) -> str:
    lo = f"{'>' if b.lo_open else '≥'} {_show(b.lo)}"
    return f"{lo} and ≤ {_show(b.upper(limits))}"


def check_number(name: str, value: Any, b: Bound, limits: Limits, where: str = ""):
    """``value`` as the field's type, or a ParamError naming ``where + name`` and the allowed range."""
    label = f"{where}{name}"
    if value is None:
        if b.optional:
            return None
        raise ParamError(label, f"Input should be a valid number (allowed: {_allowed(b, limits)})")
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
        raise ParamError(label, f"Input should be a valid {'integer' if b.kind is int else 'number'} "
                         f"(got {value!r}; allowed: {_allowed(b, limits)})")
    number = float(value)
    if not math.isfinite(number):
        raise ParamError(label, f"Input should be a finite number (allowed: {_allowed(b, limits)})")
    if b.kind is int:
        if number != int(number):
            raise ParamError(label, "Input should be a valid integer, got a number with a fractional part "
                             f"(allowed: {_allowed(b, limits)})")
        number = int(number)
    hi = b.upper(limits)
    if (number <= b.lo) if b.lo_open else (number < b.lo):
        word = "greater than" if b.lo_open else "greater than or equal to"
        raise ParamError(label, f"Input should be {word} {_said(b.lo)} (allowed: {_allowed(b, limits)})")
    if number > hi:
        raise ParamError(label, f"Input should be less than or equal to {_said(hi)} (allowed: {_allowed(b, limits)})")
    return number


def check_text(name: str, value, most: int, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ParamError(name, f"Input should be a valid string (got {value!r})")
    if len(value) > most:
        raise ParamError(name, f"String should have at most {most} characters")
    return value


def check_schedule(value, where: str = "") -> str | None:
    if value is not None and value not in SCHEDULES:
        raise ParamError(f"{where}schedule", "Input should be " + ", ".join(repr(s) for s in SCHEDULES)
                         + f" (got {value!r})")
    return value


#: A view's run settings: the attributes ``build_plan`` reads (as the API's request models have). The
#: tuning fields (noise, schedule, ...) are the ones an ``Entry`` has, ``None`` meaning "not set".
Settings = make_dataclass("Settings", [
    ("surface", str, "himmelblau"), ("expr", Optional[str], None),
    *((name, Optional[float], None) for name in ("xmin", "xmax", "ymin", "ymax", "x0", "y0")),
    ("steps", int, 200), ("seed", int, 0), ("every", int, 1), ("restarts", int, 0), ("tol", float, 1e-6),
    *((name, Optional[str], None) for name in DATA_NAMES), ("l2", float, 0.0), ("data_seed", int, 0),
    ("data_size", Optional[int], None), ("batch_size", Optional[int], None),
    ("fps", float, 0.0), *((name, Any, None) for name in TUNING_FIELDS),
], frozen=True)


SETTING_NAMES = tuple(f.name for f in fields(Settings))


def settings_from(values: dict, limits: Limits) -> Settings:
    """Checked Settings from keyword arguments (unknown names are the caller's to reject)."""
    out = {}
    for name, value in values.items():
        if name in SETTING_BOUNDS:
            out[name] = check_number(name, value, SETTING_BOUNDS[name], limits)
        elif name == "surface":
            out[name] = check_text(name, value, MAX_ID, optional=False)
        elif name == "expr":
            out[name] = check_text(name, value, MAX_EXPR)
        elif name in DATA_NAMES:
            out[name] = check_text(name, value, DATA_NAMES[name])
        elif name == "schedule":
            out[name] = check_schedule(value)
    return Settings(**out)


def entry_from(spec, limits: Limits, where: str = "") -> Entry:
    """One contestant: ``"adam"``, ``{"optimizer": "adam", "lr": 0.1}`` or ``{"optimizer": …, "params": {…}}``."""
    if isinstance(spec, Entry):
        spec = {k: getattr(spec, k) for k in ("optimizer", "params", "label", *TUNING_DEFAULTS)}
    if isinstance(spec, str):
        spec = {"optimizer": spec}
    if not isinstance(spec, dict) or "optimizer" not in spec:
        raise ParamError(f"{where}optimizer", "each run is an optimizer id or a dict with 'optimizer' "
                         f"(e.g. {{'optimizer': 'adam', 'lr': 0.05}}); got {spec!r}")
    spec = dict(spec)
    optimizer = check_text(f"{where}optimizer", spec.pop("optimizer"), MAX_ID, optional=False)
    params = dict(spec.pop("params", None) or {})
    label = check_text(f"{where}label", spec.pop("label", None), MAX_LABEL)
    tuning = {}
    for name, value in spec.items():
        if name in TUNING_BOUNDS:
            tuning[name] = check_number(name, value, TUNING_BOUNDS[name], limits, where)
        elif name == "schedule":
            tuning[name] = check_schedule(value, where)
        elif name in HYPERPARAMETERS:
            params[name] = value
        else:
            raise ParamError(f"{where}{name}", "unknown parameter")
    for name, value in params.items():
        if not isinstance(value, (bool, int, float)) and not hasattr(value, "__float__"):
            raise ParamError(f"{where}{name}", f"Input should be a number or a boolean (got {value!r})")
        params[name] = value if isinstance(value, bool) else float(value)  # as the API reads them: floats
    return Entry(optimizer=optimizer, params=params, label=label, **tuning)
