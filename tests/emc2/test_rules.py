import pytest

from tests.conftest import ACTOR_NAMES
from tests.factories.emc2 import EditionFactory

CHANGE_EDITION = {name: name == "chair" for name in ACTOR_NAMES}


@pytest.mark.parametrize(("actor", "allowed"), CHANGE_EDITION.items(), ids=CHANGE_EDITION)
def test_change_edition_permission(actor, allowed, actors, edition):
    assert actors[actor].has_perm("emc2.change_edition", edition) is allowed


@pytest.mark.parametrize("actor", ACTOR_NAMES)
def test_view_edition_published_is_public(actor, actors, edition):
    assert actors[actor].has_perm("emc2.view_edition", edition) is True


ROLE_HOLDERS = {"chair", "pc_member", "challenge_organizer", "evaluator"}
UNPUBLISHED = {name: name in ROLE_HOLDERS for name in ACTOR_NAMES}


@pytest.mark.parametrize(("actor", "allowed"), UNPUBLISHED.items(), ids=UNPUBLISHED)
def test_view_edition_unpublished_only_role_holders(actor, allowed, actors, edition):
    edition.published = False
    edition.save()
    assert actors[actor].has_perm("emc2.view_edition", edition) is allowed


def test_superuser_may_change_any_edition(django_user_model):
    admin = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    assert admin.has_perm("emc2.change_edition", EditionFactory(published=False)) is True
