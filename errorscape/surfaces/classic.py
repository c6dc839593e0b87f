"""Classic polynomial test functions (Surjanovic & Bingham's VLSE; Wikipedia where VLSE has none).

Critical points are the published values (or Newton solutions from a dense grid of starts for the
ones that are not published); ``surface`` polishes them to machine precision at import.
"""

from __future__ import annotations

from functools import partial

from .calculus import Curve, Jet, from_jet, poly2, product, quadratic, separable, sum_of_squares
from .curves import STYBLINSKI_TANG
from .helpers import surface as _surface

surface = partial(_surface, category="classic")


def _rosenbrock(x, y):
    # (1 − x)² + 100(y − x²)² as the squared residuals 1 − x and 10(y − x²)
    return sum_of_squares([poly2(x, y, c=1.0, cx=-1.0), poly2(x, y, cy=10.0, cxx=-10.0)])


def _himmelblau(x, y):
    return sum_of_squares([poly2(x, y, c=-11.0, cy=1.0, cxx=1.0), poly2(x, y, c=-7.0, cx=1.0, cyy=1.0)])


def _beale_residual(x, y, c: float, k: int) -> Jet:
    """c − x + x·yᵏ and its derivatives."""
    yk1 = y ** (k - 1)
    # for k = 1 the y-curvature is 0, not 0·x·y⁻¹ (which is 0·∞ = nan on the axis y = 0)
    yy = k * (k - 1) * x * y ** (k - 2) if k > 1 else 0.0
    return Jet(c - x + x * yk1 * y, yk1 * y - 1.0, k * x * yk1, 0.0, k * yk1, yy)


def _beale(x, y):
    return sum_of_squares(_beale_residual(x, y, c, k) for k, c in ((1, 1.5), (2, 2.25), (3, 2.625)))


def _goldstein_price(x, y):
    # [1 + s²·a]·[30 + t²·b] with s, t linear and a, b quadratic in (x, y)
    s, a = poly2(x, y, 1.0, 1.0, 1.0), poly2(x, y, 19.0, -14.0, -14.0, 3.0, 6.0, 3.0)
    t, b = poly2(x, y, cx=2.0, cy=-3.0), poly2(x, y, 18.0, -32.0, 48.0, 12.0, -36.0, 27.0)
    first, second = product(product(s, s), a), product(product(t, t), b)
    return product(first._replace(v=first.v + 1.0), second._replace(v=second.v + 30.0))


def _both_signs(*points: tuple[float, float]) -> list[tuple[float, float]]:
    """Each (x, y) and (−x, −y): the camels are symmetric under p → −p, so their critical points pair up."""
    return [q for x, y in points for q in ((x, y), (-x, -y))]


SURFACES = [
    surface(
        "rosenbrock",
        "Rosenbrock",
        "A long, narrow, curved valley: finding it is easy, following it to the minimum is hard. At the "
        "minimum the curvature across the valley is 2,500 times that along it, so gradient descent zig-zags.",
        domain=((-2, 2), (-1, 3)),
        **from_jet(_rosenbrock),
        minima=[(1, 1)],
        start=(-1.2, 1.0),
        formula="(1 − x)² + 100(y − x²)²",
        log_scale=True,
    ),
    surface(
        "himmelblau",
        "Himmelblau",
        "Four equally good minima separated by four saddles around one maximum: which minimum you "
        "reach depends only on where you start.",
        domain=((-5, 5), (-5, 5)),
        **from_jet(_himmelblau),
        minima=[(3, 2), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)],
        saddles=[(3.3852, 0.0739), (0.0867, 2.8843), (-3.0730, -0.0814), (-0.1280, -1.9537)],
        maxima=[(-0.270845, -0.923039)],
        start=(0.0, 0.0),
        formula="(x² + y − 11)² + (x + y² − 7)²",
    ),
    surface(
        "beale",
        "Beale",
        "Sharp ridges at the corners and a flat, curved valley towards the minimum, with two saddles: "
        "the gradient spans many orders of magnitude.",
        domain=((-4.5, 4.5), (-4.5, 4.5)),
        **from_jet(_beale),
        minima=[(3, 0.5)],
        saddles=[(0, 1), (0.100538, -2.644514)],
        start=(1.0, 1.5),
        formula="(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
        log_scale=True,
    ),
    surface(
        "booth",
        "Booth",
        "A convex quadratic with tilted, elongated contours (condition number 9): one minimum, reached "
        "by every sensible optimizer.",
        domain=((-10, 10), (-10, 10)),
        **quadratic(((10.0, 8.0), (8.0, 10.0)), (1.0, 3.0)),
        minima=[(1, 3)],
        start=(-8.0, 8.0),
        formula="(x + 2y − 7)² + (2x + y − 5)²",
    ),
    surface(
        "matyas",
        "Matyas",
        "A convex quadratic with a very flat valley along x = y (curvatures 0.04 and 1): the first steps "
        "drop into the valley, then progress along it is slow.",
        domain=((-10, 10), (-10, 10)),
        **quadratic(((0.52, -0.48), (-0.48, 0.52)), (0.0, 0.0)),
        minima=[(0, 0)],
        start=(8.0, 4.0),
        formula="0.26(x² + y²) − 0.48xy",
    ),
    surface(
        "goldstein-price",
        "Goldstein-Price",
        "Values from 3 to about a million on a small square, with three local minima, four saddles and "
        "a maximum besides the global minimum: a log scale is needed to see it, and a start in the wrong "
        "basin ends in a local minimum.",
        domain=((-2, 2), (-2, 2)),
        **from_jet(_goldstein_price),
        minima=[(0, -1)],
        local_minima=[(-0.6, -0.4), (1.8, 0.2), (1.2, 0.8)],
        saddles=[(-0.4, -0.6), (1.2, -0.2), (1.4, 0.6), (0.6, 0.4)],
        maxima=[(0.8, 0.2)],
        start=(1.5, 1.5),
        formula=(
            "[1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]"
            "·[30 + (2x−3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]"
        ),
        log_scale=True,
    ),
    surface(
        "six-hump-camel",
        "Six-hump camel",
        "Six minima, two of them global, separated by seven saddles and two maxima: gradient descent "
        "reaches a global minimum from only about 60% of the central box.",
        domain=((-3, 3), (-2, 2)),
        **separable(Curve.polynomial(0, 0, 4, 0, -2.1, 0, 1 / 3), Curve.polynomial(0, 0, -4, 0, 4), xy=1.0),
        minima=_both_signs((0.089842, -0.712656)),
        local_minima=_both_signs((1.703607, -0.796084), (1.607105, 0.568651)),
        saddles=[(0, 0), *_both_signs((1.109205, -0.768268), (1.638068, 0.228674), (1.296070, 0.605084))],
        maxima=_both_signs((1.230230, 0.162335)),
        start=(-1.5, 1.0),
        formula="(4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²",
    ),
    surface(
        "three-hump-camel",
        "Three-hump camel",
        "One global minimum at the centre and two shallow local minima beside it: a start on the outer "
        "slopes can end in a local minimum.",
        domain=((-2, 2), (-2, 2)),
        **separable(Curve.polynomial(0, 0, 2, 0, -1.05, 0, 1 / 6), Curve.polynomial(0, 0, 1), xy=1.0),
        minima=[(0, 0)],
        local_minima=_both_signs((1.747552, -0.873776)),
        saddles=_both_signs((1.070542, -0.535271)),
        start=(1.9, 1.5),
        formula="2x² − 1.05x⁴ + x⁶/6 + xy + y²",
    ),
    surface(
        "styblinski-tang",
        "Styblinski-Tang",
        "A separable landscape with one global minimum, three local minima, four saddles and a "
        "maximum: each coordinate has two wells, and only one pair is the best.",
        domain=((-5, 5), (-5, 5)),
        **separable(STYBLINSKI_TANG),
        minima=[(-2.903534, -2.903534)],
        # separable: the 1-D critical points (two wells around a hump) combine in every way
        local_minima=[(2.746803, 2.746803), (-2.903534, 2.746803), (2.746803, -2.903534)],
        saddles=[(0.156731, -2.903534), (-2.903534, 0.156731), (0.156731, 2.746803), (2.746803, 0.156731)],
        maxima=[(0.156731, 0.156731)],
        start=(4.0, 4.0),
        formula="½[(x⁴ − 16x² + 5x) + (y⁴ − 16y² + 5y)]",
    ),
]
