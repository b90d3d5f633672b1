import pytest

from tests.factories.emc2 import EditionFactory


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("anonymous", False),
        ("stranger", False),
        ("author", False),
        ("pc_member", False),
        ("chair", True),
        ("chair_other_edition", False),
        ("challenge_organizer", False),
        ("evaluator", False),
    ],
)
@pytest.mark.parametrize("perm", ["program.change_program", "program.publish_schedule"])
def test_edit_program_permission(perm, actor, allowed, actors, edition):
    assert actors[actor].has_perm(perm, edition) is allowed


@pytest.mark.parametrize(
    ("actor", "published", "allowed"),
    [
        ("anonymous", True, True),
        ("stranger", True, True),
        ("anonymous", False, False),
        ("stranger", False, False),
        ("pc_member", False, False),
        ("chair_other_edition", False, False),
        ("chair", False, True),
    ],
)
def test_view_program_permission(actor, published, allowed, actors, edition):
    edition.published = published
    edition.save()
    assert actors[actor].has_perm("program.view_program", edition) is allowed


def test_superuser_may_edit_any_program(django_user_model, db):
    admin = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    assert admin.has_perm("program.change_program", EditionFactory()) is True
