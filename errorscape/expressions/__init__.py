"""Custom surfaces from a typed formula f(x, y), safely: no eval, exec or compile of user text.

Text goes through a hand-written tokenizer and parser into this package's own immutable tree
(``tree.py``); the tree is simplified (``algebra.py``), differentiated symbolically (``differentiate.py``),
printed canonically (``tree.to_string``) and evaluated by numpy through a tree of closures
(``evaluate.py``). ``limits.py`` bounds everything a user can make large. The language, its limits and
the derivative conventions are documented in docs/custom-formulas.md.

Public API::

    parse(text, limits=USER_LIMITS) -> Expr          # raises ExpressionError(message, position)
    custom_surface(expr, domain=None) -> Surface      # id "custom", exact gradient and Hessian
    describe_expression(text) -> dict                 # {"expr", "gradient", "hessian", "variables"}
"""

from .algebra import canonical, simplify
from .differentiate import derivative, gradient, hessian
from ..errors import ExpressionError
from .evaluate import compile_tree
from .functions import ALIASES, FUNCTIONS
from .limits import MACHINE_LIMITS, USER_LIMITS, Limits
from .parser import parse
from .tree import to_string
from .surface import DEFAULT_DOMAIN, analyse, custom_surface, describe_expression
from .tree import Expr

__all__ = [
    "ALIASES",
    "DEFAULT_DOMAIN",
    "FUNCTIONS",
    "MACHINE_LIMITS",
    "USER_LIMITS",
    "ExpressionError",
    "Expr",
    "Limits",
    "analyse",
    "canonical",
    "compile_tree",
    "custom_surface",
    "derivative",
    "describe_expression",
    "gradient",
    "hessian",
    "parse",
    "simplify",
    "to_string",
]
