from emc2.exceptions import DomainError


class PapersError(DomainError):
    """A rule of the submission process refused an operation."""


class DeadlinePassed(PapersError):
    pass


class UploadRejected(PapersError):
    pass
