from .editions import Edition, ImportantDate, Series, Sponsor, Topic
from .outbox import MailStatus, OutboxMail
from .people import Person, Role
from .tokens import ApiToken
from .users import User

__all__ = [
    "ApiToken",
    "Edition",
    "ImportantDate",
    "MailStatus",
    "OutboxMail",
    "Person",
    "Role",
    "Series",
    "Sponsor",
    "Topic",
    "User",
]
