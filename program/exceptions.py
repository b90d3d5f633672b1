from emc2.exceptions import DomainError


class ProgramError(DomainError):
    """A schedule rule refused an operation (overlap, bad time span, ...)."""
