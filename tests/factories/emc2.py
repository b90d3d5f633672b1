import datetime as dt

import factory
from allauth.account.models import EmailAddress

from emc2.enums import RoleKind
from emc2.models import Edition, ImportantDate, Person, Role, Series, Sponsor, Topic, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified primary address, as after allauth sign-up (verified=False opts out)."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
        obj.save()


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ("short_name",)

    name = "Workshop on Energy Efficient Machine Learning and Cognitive Computing"
    short_name = "EMC2"


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    series = factory.SubFactory(SeriesFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Edition {n}")
    slug = factory.Sequence(lambda n: f"edition-{n}")
    conference = "NeurIPS"
    city = "Vancouver"
    start_date = dt.date(2030, 12, 13)
    time_zone = "America/Vancouver"
    published = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    affiliation = "Example University"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    edition = factory.SubFactory(EditionFactory)
    person = factory.SubFactory(PersonFactory)
    kind = RoleKind.CHAIR


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Topic {n}")


class ImportantDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportantDate

    edition = factory.SubFactory(EditionFactory)
    name = "Paper submission deadline"
    at = dt.datetime(2030, 9, 1, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-12)))


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsor

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Sponsor {n}")


def user_with_role(edition: Edition, kind: str, **user_fields) -> User:
    """A user whose Person holds ``kind`` in ``edition``."""
    user = UserFactory(**user_fields)
    person = PersonFactory(user=user, email=user.email, name=f"{kind} {user.last_name}")
    RoleFactory(edition=edition, person=person, kind=kind)
    return user
