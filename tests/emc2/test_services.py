import pytest

from emc2.enums import RoleKind
from emc2.exceptions import Emc2Error
from emc2.models import Person, Role
from emc2.services import person_link_user, role_add, role_remove
from tests.factories.emc2 import PersonFactory, RoleFactory, UserFactory


def test_person_link_user_attaches_the_person_with_that_email(db):
    person = PersonFactory(email="vivienne@example.org", name="Vivienne Sze")
    user = UserFactory(email="vivienne@example.org")
    assert person_link_user(user=user) == person
    person.refresh_from_db()
    assert person.user == user
    assert Person.objects.count() == 1


def test_person_link_user_creates_a_person_when_none_matches(db):
    user = UserFactory(email="new@example.org", first_name="Nina", last_name="New")
    person = person_link_user(user=user)
    assert (person.name, person.email, person.user) == ("Nina New", "new@example.org", user)


def test_person_link_user_never_takes_a_person_linked_to_another_account(db):
    other = UserFactory(email="a@example.org")
    PersonFactory(email="b@example.org", user=other)
    user = UserFactory(email="b@example.org")
    person = person_link_user(user=user)
    assert person.user == user
    assert Person.objects.filter(user=other).count() == 1


def test_role_add_reuses_the_person_of_a_past_edition(edition, other_edition):
    first = role_add(edition=other_edition, kind=RoleKind.ORGANIZER, name="Ann", email="a@x.org")
    second = role_add(edition=edition, kind=RoleKind.PC_MEMBER, name="Ann B.", email="A@x.org")
    assert first.person == second.person


def test_role_add_twice_is_refused(edition):
    role_add(edition=edition, kind=RoleKind.PC_MEMBER, name="Ann", email="a@x.org")
    with pytest.raises(Emc2Error, match="already has this role"):
        role_add(edition=edition, kind=RoleKind.PC_MEMBER, name="Ann", email="a@x.org")


def test_role_remove_keeps_the_last_chair(edition, chair):
    only_chair = Role.objects.get(edition=edition, kind=RoleKind.CHAIR)
    with pytest.raises(Emc2Error, match="at least one chair"):
        role_remove(role=only_chair, by=chair)
    second = RoleFactory(edition=edition, kind=RoleKind.CHAIR)
    role_remove(role=second, by=chair)
    assert Role.objects.filter(edition=edition, kind=RoleKind.CHAIR).count() == 1
