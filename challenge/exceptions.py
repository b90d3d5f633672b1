from emc2.exceptions import DomainError


class ChallengeError(DomainError):
    pass
