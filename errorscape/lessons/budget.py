"""How much work one lesson request may do, tied to the runs API's own limits.

The unit is one optimizer step of one run on a formula surface. The largest run the runs API accepts,
``max_restarts × max_steps`` of them (10⁷ by default), is the yardstick: each heavy lesson endpoint may
do a stated multiple of it (a few seconds on 2 cores). Lowering the limits shrinks every budget with
them (the fuzz tests run the app with tiny limits).
"""

from __future__ import annotations

import math

from ..errors import ParamError
from ..limits import Limits


def allowance(limits: Limits, scale: float) -> float:
    return scale * limits.max_restarts * limits.max_steps


def require(work: float, limits: Limits, scale: float, param: str, limit) -> None:
    """Raise a 422 naming ``param`` if ``work`` exceeds the allowance; ``limit(allowed)`` says what is allowed."""
    allowed = allowance(limits, scale)
    if work > allowed:
        raise ParamError(param, limit(allowed))


def largest(allowed: float, per_unit: float) -> int:
    return max(0, math.floor(allowed / per_unit))
