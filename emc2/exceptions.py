class DomainError(Exception):
    """A business rule refused an operation. Views show the message; the API returns
    ``status_code`` (400 unless a subclass says otherwise) with ``extra`` in the JSON body."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class ConflictError(DomainError):
    """Refused because of the current state (a room still in use, warnings not overridden):
    the API answers 409 with the reason."""

    status_code = 409


class Emc2Error(DomainError):
    pass
