class DomainError(Exception):
    """A business rule refused an operation. Views show the message; the API returns a 400."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class Emc2Error(DomainError):
    pass
