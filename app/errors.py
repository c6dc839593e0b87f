"""The one error the domain code raises for bad input: a parameter and what is allowed for it."""


class ParamError(ValueError):
    """Bad input for ``param``; the API answers 422 with ``param: message``."""

    def __init__(self, param: str, message: str, status: int = 422):
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message
        self.status = status
