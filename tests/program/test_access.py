"""program.access: one not-found answer for missing, other-edition and forbidden ids."""

import pytest

from program.access import ProgramNotFound, item_for_chair, session_for_chair
from tests.factories.program import ItemFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("finder", [session_for_chair, item_for_chair], ids=["session", "item"])
def test_program_access_returns_the_chairs_object(finder, actors, edition):
    obj = (SessionFactory if finder is session_for_chair else ItemFactory)(edition=edition)
    assert finder(user=actors["chair"], edition=edition, pk=obj.pk) == obj


@pytest.mark.parametrize("finder", [session_for_chair, item_for_chair], ids=["session", "item"])
@pytest.mark.parametrize(
    ("actor", "where"),
    [
        ("chair", "other"),  # another edition's id under this edition
        ("chair", "missing"),
        ("chair_other_edition", "this"),
        ("pc_member", "this"),
        ("anonymous", "this"),
    ],
)
def test_program_access_refuses(finder, actor, where, actors, edition, other_edition):
    factory = SessionFactory if finder is session_for_chair else ItemFactory
    obj = factory(edition=other_edition if where == "other" else edition)
    pk = 999999 if where == "missing" else obj.pk
    with pytest.raises(ProgramNotFound):
        finder(user=actors[actor], edition=edition, pk=pk)
