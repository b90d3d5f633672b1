from .editions import Edition, ImportantDate, Series, Sponsor, Topic
from .outbox import MailStatus, OutboxMail
from .people import Person, Role
from .users import User

__all__ = [
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
