from emc2.exceptions import DomainError


class ProceedingsError(DomainError):
    """A volume or booklet cannot be built (bad input PDF, invalid ISBN, ...)."""
