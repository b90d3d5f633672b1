from .editions import Edition, ImportantDate, Series, Sponsor, Topic
from .people import Person, Role
from .users import User

__all__ = ["Edition", "ImportantDate", "Person", "Role", "Series", "Sponsor", "Topic", "User"]
