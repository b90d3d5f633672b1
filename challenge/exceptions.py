from emc2.exceptions import DomainError


class ChallengeError(DomainError):
    pass


class ResultConflict(ChallengeError):
    """The idempotency key was used before with a different result (the API answers 409)."""
