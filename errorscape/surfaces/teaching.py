"""Teaching surfaces: one idea each (convexity, conditioning, plateaus, saddles), in the simplest form."""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from .calculus import chain, from_jet, poly2, product, quadratic
from .helpers import surface as _surface

surface = partial(_surface, category="teaching")

# Elliptic bowl: curvatures 1 and 25 (condition number 25) along axes turned by 30°, so neither
# coordinate is an eigen-direction and plain gradient descent cannot help but zig-zag.
_SLOW, _FAST, _TURN = 1.0, 25.0, math.radians(30.0)
_C, _S = math.cos(_TURN), math.sin(_TURN)
_ELLIPSE = (
    (_SLOW * _C * _C + _FAST * _S * _S, (_SLOW - _FAST) * _C * _S),
    ((_SLOW - _FAST) * _C * _S, _SLOW * _S * _S + _FAST * _C * _C),
)

# Plateau: a Gaussian well of width σ. Far from it the slope decays like exp(−r²/2σ²): at the start
# point the gradient is below 1e-4, so plain gradient descent barely moves while Adam's normalised
# step crosses.
_SIGMA = 0.75


def _plateau(x, y):
    q = poly2(x, y, cxx=-0.5 / _SIGMA**2, cyy=-0.5 / _SIGMA**2)
    e = np.exp(q.v)
    return chain(q, 1.0 - e, -e, -e)  # 1 − exp(q)


SURFACES = [
    surface(
        "bowl",
        "Bowl",
        "A convex bowl: one minimum, and every downhill path leads to it. With a small enough "
        "learning rate any optimizer gets there; too large a rate overshoots and diverges.",
        domain=((-3, 3), (-3, 3)),
        **quadratic(((2.0, 0.0), (0.0, 2.0)), (0.0, 0.0)),
        minima=[(0, 0)],
        start=(2.5, 2.0),
        formula="x² + y²",
        extra={"hessian_eigenvalues": [2.0, 2.0]},
    ),
    surface(
        "elliptic-bowl",
        "Elliptic bowl (ill-conditioned)",
        "A convex bowl curved 25 times more sharply across its valley than along it, turned 30°. Gradient "
        "descent zig-zags across the valley and crawls along it; momentum and Adam do better.",
        domain=((-3, 3), (-3, 3)),
        **quadratic(_ELLIPSE, (0.0, 0.0)),
        minima=[(0, 0)],
        start=(-2.5, 1.0),
        formula="½(u² + 25v²), u = x·cos30° + y·sin30°, v = −x·sin30° + y·cos30°",
        extra={"hessian_eigenvalues": [_SLOW, _FAST], "condition_number": _FAST / _SLOW, "rotation_degrees": 30.0},
    ),
    surface(
        "plateau",
        "Plateau",
        "A wide, almost perfectly flat plain around one narrow basin. The gradient out on the plain is "
        "tiny, so plain gradient descent stalls there; optimizers that normalise the step (Adam, RMSprop) "
        "walk across.",
        domain=((-4, 4), (-4, 4)),
        **from_jet(_plateau),
        minima=[(0, 0)],
        start=(3.0, 2.0),
        formula=f"1 − exp(−(x² + y²) / (2·{_SIGMA}²))",
        extra={"width": _SIGMA},
    ),
    surface(
        "saddle",
        "Saddle",
        "A saddle point: a minimum along x and a maximum along y, with zero gradient at the centre. "
        "Gradient descent started exactly on the x-axis stops at the saddle; the slightest offset in y "
        "grows geometrically and escapes.",
        domain=((-2, 2), (-2, 2)),
        **quadratic(((2.0, 0.0), (0.0, -2.0)), (0.0, 0.0)),
        saddles=[(0, 0)],
        start=(1.8, 0.02),
        formula="x² − y²",
    ),
    surface(
        "monkey-saddle",
        "Monkey saddle",
        "A degenerate saddle: the Hessian is zero at the centre, so the flatness there is of higher "
        "order and gradient descent slows to a crawl before one of three valleys takes it away. "
        "Newton's method is attracted to it.",
        domain=((-2, 2), (-2, 2)),
        **from_jet(lambda x, y: product(poly2(x, y, cx=1.0), poly2(x, y, cxx=1.0, cyy=-3.0))),
        degenerate=[(0, 0)],
        start=(1.5, 0.05),
        formula="x³ − 3xy²",
    ),
]
