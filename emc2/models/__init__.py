from .editions import Edition, ImportantDate, Series, Sponsor, Topic
from .people import Person, Role
from .tokens import ApiToken
from .users import User

__all__ = [
    "ApiToken",
    "Edition",
    "ImportantDate",
    "Person",
    "Role",
    "Series",
    "Sponsor",
    "Topic",
    "User",
]
