"""The one error the domain code raises for bad input: a parameter and what is allowed for it."""


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
