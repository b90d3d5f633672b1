import datetime as dt
import zoneinfo

import factory

from program.enums import ItemKind, SessionKind, SpeakerRole
from program.models import Item, ItemSpeaker, Room, Session
from tests.factories.emc2 import EditionFactory, PersonFactory

VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")


def at(hh: int, mm: int = 0, day: dt.date = dt.date(2030, 12, 13), tz=VANCOUVER) -> dt.datetime:
    """An instant on the test edition's day, in the venue's zone (the factories' default)."""
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=tz)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Room {n}")


class SessionFactory(factory.django.DjangoModelFactory):
    """A plain row; build schedules that must obey the rules through the services."""

    class Meta:
        model = Session

    edition = factory.SubFactory(EditionFactory)
    room = factory.SubFactory(RoomFactory, edition=factory.SelfAttribute("..edition"))
    kind = SessionKind.PAPERS
    title = factory.Sequence(lambda n: f"Session {n}")
    start = at(9)
    end = at(10)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    edition = factory.SubFactory(EditionFactory)
    kind = ItemKind.TALK
    title = factory.Sequence(lambda n: f"Talk {n}")
    abstract = "A short abstract."


class ItemSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemSpeaker

    item = factory.SubFactory(ItemFactory)
    person = factory.SubFactory(PersonFactory)
    role = SpeakerRole.SPEAKER
