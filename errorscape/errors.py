"""The errors the core raises for bad input: a parameter and what is allowed for it (``ParamError``), and a
typed formula the language does not accept (``ExpressionError``, with where in the text).
"""

from __future__ import annotations



class ParamError(ValueError):
    """Bad input for ``param``; the API answers 422 with ``param: message``."""

    def __init__(self, param: str, message: str, status: int = 422, position: int | None = None):
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message
        self.status = status
        self.position = position  # where in a typed formula the problem is (0-based), if that applies

    def describe(self) -> dict:
        entry = {"param": self.param, "message": self.message}
        return entry if self.position is None else {**entry, "position": self.position}


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
