"""A precedence-climbing parser from typed text to the expression tree; nothing else reads user text.

Grammar (Python's precedence; ``^`` and ``**`` are the same right-associative power)::

    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | power
    power      := primary (("^" | "**") unary)?
    primary    := number | "x" | "y" | "pi" | "e" | function "(" expression ("," expression)* ")"
                | "(" expression ")"

so ``-x^2`` is ``-(x^2)``, ``2^-x`` is ``2^(-x)`` and ``2^3^2`` is ``2^9``. Limits (length, nodes, depth,
constant exponents) are checked while parsing, with the position of the token that crossed them.
"""

from __future__ import annotations

import math

from .algebra import constant_value
from ..errors import ExpressionError
from .functions import ALIASES, FUNCTIONS
from .limits import USER_LIMITS, Limits
from .tree import format_number, to_string
from .tree import CONSTANTS, VARIABLES, BinOp, Call, Const, Expr, Neg, Num, Var
from .tokens import Token, tokenize

_BINARY = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 4, "**": 4}
_UNARY = 3
_EXPECTED = "expected a number, x, y, pi, e, a function such as sin(...) or '('"
ALLOWED_NAMES = (
    "allowed: x, y, pi, e and the functions " + ", ".join(sorted(FUNCTIONS)) + " (also atan, asin, acos, ln)"
)


def parse(text: str, limits: Limits = USER_LIMITS) -> Expr:
    """Parse ``text`` into a tree, exactly as typed (no simplification). Raises ExpressionError."""
    if not isinstance(text, str):
        raise ExpressionError("the formula must be text", 0)
    tokens = tokenize(text, limits)
    if tokens[0].kind == "end":
        raise ExpressionError("the formula is empty: type an expression in x and y, such as x^2 + y^2", 0)
    parser = _Parser(tokens, limits)
    tree = parser.expression(0, 1)
    last = parser.peek()
    if last.is_op(")"):
        raise ExpressionError("unexpected ')' without a matching '('", last.position)
    if last.kind != "end":  # only a ',' outside a call can stop an expression here
        raise ExpressionError(
            f"unexpected {last.text!r}: commas only separate the two arguments of min and max", last.position
        )
    return tree


class _Parser:
    def __init__(self, tokens: list[Token], limits: Limits):
        self.tokens, self.limits = tokens, limits
        self.index = 0
        self.nodes = 0

    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def node(self, tree: Expr, at: Token) -> Expr:
        """Count a new node and check the size and depth limits, blaming the token ``at``."""
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise ExpressionError(
                f"the formula is too large (more than {self.limits.max_nodes} numbers, names and operations)",
                at.position,
            )
        if tree.depth > self.limits.max_depth:
            raise self.too_deep(at)
        return tree

    def too_deep(self, at: Token) -> ExpressionError:
        return ExpressionError(
            f"the formula is nested too deeply (more than {self.limits.max_depth} levels of parentheses, "
            "functions and operators in a chain)",
            at.position,
        )

    def expression(self, min_precedence: int, depth: int) -> Expr:
        if depth > self.limits.max_depth:
            raise self.too_deep(self.peek())
        left = self.operand(depth)
        while True:
            token = self.peek()
            if token.kind in ("number", "name") or token.is_op("("):
                raise ExpressionError(
                    f"missing operator before {token.text!r} (write * to multiply, as in 2*x or x*y)", token.position
                )
            precedence = _BINARY.get(token.text) if token.kind == "op" else None
            if precedence is None or precedence < min_precedence:
                return left
            self.advance()
            if precedence == _BINARY["^"]:  # right-associative, and the exponent may carry a sign
                exponent_at = self.peek()
                right = self.expression(precedence, depth + 1)
                self.check_exponent(right, exponent_at)
                left = self.node(BinOp("^", left, right), token)
            else:
                right = self.expression(precedence + 1, depth + 1)
                left = self.node(BinOp(token.text, left, right), token)

    def operand(self, depth: int) -> Expr:
        token = self.advance()
        if token.kind == "number":
            return self.node(Num(token.value), token)
        if token.kind == "name":
            return self.name(token, depth)
        if token.is_op("("):
            inner = self.expression(0, depth + 1)
            self.close(token)
            return inner
        if token.is_op("-"):
            return self.node(Neg(self.expression(_UNARY, depth + 1)), token)
        if token.is_op("+"):
            return self.expression(_UNARY, depth + 1)
        if token.kind == "end":
            raise ExpressionError(f"the formula ends too early: {_EXPECTED}", token.position)
        raise ExpressionError(f"unexpected {token.text!r}: {_EXPECTED}", token.position)

    def name(self, token: Token, depth: int) -> Expr:
        name = ALIASES.get(token.text, token.text)
        called = self.peek().is_op("(")
        if name in VARIABLES or name in CONSTANTS:
            if called:
                kind = "variable" if name in VARIABLES else "constant"
                raise ExpressionError(
                    f"{name} is a {kind}, not a function: write {name}*(...) to multiply", self.peek().position
                )
            return self.node(Var(name) if name in VARIABLES else Const(name), token)
        if name not in FUNCTIONS:
            raise ExpressionError(_unknown_name(token.text), token.position)
        if not called:
            raise ExpressionError(f"{name} is a function: write {name}(...)", token.position)
        opening = self.advance()
        args = [self.expression(0, depth + 1)]
        while self.peek().is_op(","):
            self.advance()
            args.append(self.expression(0, depth + 1))
        self.close(opening, name)
        arity = FUNCTIONS[name].arity
        if len(args) != arity:
            usage = f"{name}(a, b)" if arity == 2 else f"{name}(u)"
            raise ExpressionError(
                f"{name} takes {arity} argument{'s' if arity > 1 else ''} ({usage}), not {len(args)}", token.position
            )
        return self.node(Call(name, tuple(args)), token)

    def close(self, opening: Token, function: str | None = None) -> None:
        token = self.peek()
        if not token.is_op(")"):
            what = f"{function}(" if function else "'('"
            found = "the end of the formula" if token.kind == "end" else repr(token.text)
            raise ExpressionError(
                f"missing ')': the {what} opened at position {opening.position} is not closed (found {found})",
                token.position,
            )
        self.advance()

    def check_exponent(self, exponent: Expr, at: Token) -> None:
        """A constant exponent must be a finite number within ±max_exponent (9^9^9 is refused here)."""
        if exponent.variables or self.limits.max_exponent == math.inf:
            return
        value = constant_value(exponent)
        limit = self.limits.max_exponent
        if abs(value) <= limit:
            return
        text = to_string(exponent)
        shown = text if text == format_number(value) or value != value else f"{text} = {value:g}"
        raise ExpressionError(
            f"the exponent {shown} is {'not a number' if value != value else 'too large'}: a constant "
            f"exponent must be between -{format_number(limit)} and {format_number(limit)}",
            at.position,
        )


def _unknown_name(name: str) -> str:
    if name.lower() != name and (name.lower() in VARIABLES or name.lower() in CONSTANTS
                                 or name.lower() in FUNCTIONS or name.lower() in ALIASES):
        return f"unknown name {name!r}: names are lower-case, did you mean {name.lower()!r}? ({ALLOWED_NAMES})"
    if set(name) <= set("xy"):
        return f"unknown name {name!r}: did you mean {'*'.join(name)}? ({ALLOWED_NAMES})"
    return f"unknown name {name!r} ({ALLOWED_NAMES})"
