from .editions import Edition, ImportantDate, Series, SeriesAdmin, Sponsor, Topic
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
    "SeriesAdmin",
    "Sponsor",
    "Topic",
    "User",
]
