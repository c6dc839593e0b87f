"""The one error type of the formula language: a message for a person, and where in the text it is."""

from __future__ import annotations


class ExpressionError(ValueError):
    """A formula the language does not accept.

    ``message`` says what is wrong and what is allowed; ``position`` is the 0-based index, in Unicode
    code points, of the offending character in the typed text (``None`` when the problem is the formula
    as a whole, e.g. a Hessian too large to handle). ``str(error)`` is ready to show to a user.
    """

    def __init__(self, message: str, position: int | None = None):
        self.message = message
        self.position = position
        super().__init__(message if position is None else f"{message} at position {position}")

    def detail(self, param: str = "expr") -> str:
        """The API's one-line ``detail``: ``"expr: <message> at position N"``."""
        return f"{param}: {self}"

    def as_error(self, param: str = "expr") -> dict:
        """One entry of the API's ``errors`` list."""
        return {"param": param, "message": self.message, "position": self.position}
