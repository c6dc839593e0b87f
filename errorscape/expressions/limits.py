"""How big a formula may be. Every bound exists so that no typed text can make the server slow.

The parser checks the length, node count, nesting depth and constant exponents; differentiation checks
the size and depth of each derivative as it builds it, so a Hessian that would explode is refused early
instead of being built. Recursion in the tree code is one Python frame per level, so the depth bounds
also keep every walk far below Python's recursion limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_length: int = 500  # characters of typed text
    max_nodes: int = 300  # numbers, names, operators and calls in the parsed tree
    max_depth: int = 64  # levels of the parsed tree (a chain of n operators is n levels deep)
    max_exponent: float = 100.0  # |p| for a constant exponent p (x^p, 2^p); exponents with x or y are free
    max_derivative_nodes: int = 2000  # each gradient and Hessian entry: runs evaluate them every step
    max_derivative_depth: int = 256


USER_LIMITS = Limits()

# For text the program wrote itself (printed derivatives, tests): only what keeps recursion safe.
MACHINE_LIMITS = Limits(
    max_length=1_000_000,
    max_nodes=1_000_000,
    max_depth=256,
    max_exponent=math.inf,
    max_derivative_nodes=1_000_000,
    max_derivative_depth=256,
)
