"""How much work one lesson request may do, tied to the runs API's own limits.

The unit is one optimizer step of one run on a formula surface. The largest run the runs API accepts,
``max_restarts × max_steps`` of them (10⁷ by default), is the yardstick: each heavy lesson endpoint may
do a stated multiple of it (a few seconds on 2 cores). Lowering the settings shrinks every budget with
them (the fuzz tests run the app with tiny limits).
"""

from __future__ import annotations

import math

from ..errors import ParamError
from ..settings import Settings


def allowance(settings: Settings, scale: float) -> float:
    return scale * settings.max_restarts * settings.max_steps


def require(work: float, settings: Settings, scale: float, param: str, limit) -> None:
    """Raise a 422 naming ``param`` if ``work`` exceeds the allowance; ``limit(allowed)`` says what is allowed."""
    allowed = allowance(settings, scale)
    if work > allowed:
        raise ParamError(param, limit(allowed))


def largest(allowed: float, per_unit: float) -> int:
    return max(0, math.floor(allowed / per_unit))
