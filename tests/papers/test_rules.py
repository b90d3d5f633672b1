import pytest
from allauth.account.models import EmailAddress

from papers.services import paper_withdraw
from tests.factories.emc2 import UserFactory

EVERYONE = ["anonymous", "stranger", "author", "pc_member", "chair", "chair_other_edition",
            "challenge_organizer", "evaluator"]  # fmt: skip


def _expect(*allowed):
    return [(actor, actor in allowed) for actor in EVERYONE]


@pytest.mark.parametrize(("actor", "allowed"), _expect("author", "chair"))
def test_view_paper_permission(actor, allowed, actors, paper):
    assert actors[actor].has_perm("papers.view_paper", paper) is allowed


@pytest.mark.parametrize(("actor", "allowed"), _expect("author"))
def test_change_paper_permission(actor, allowed, actors, paper):
    assert actors[actor].has_perm("papers.change_paper", paper) is allowed


@pytest.mark.parametrize(("actor", "allowed"), _expect("author"))
def test_withdraw_paper_permission(actor, allowed, actors, paper):
    assert actors[actor].has_perm("papers.withdraw_paper", paper) is allowed


@pytest.mark.parametrize(("actor", "allowed"), _expect())
def test_change_paper_permission_when_withdrawn(actor, allowed, actors, paper):
    paper = paper_withdraw(paper=paper, by=actors["author"])
    assert actors[actor].has_perm("papers.change_paper", paper) is allowed


@pytest.mark.parametrize(("actor", "allowed"), _expect("chair"))
def test_restore_paper_permission(actor, allowed, actors, paper):
    paper = paper_withdraw(paper=paper, by=actors["author"])
    assert actors[actor].has_perm("papers.restore_paper", paper) is allowed


def test_restore_paper_permission_needs_withdrawn_paper(chair, paper):
    assert chair.has_perm("papers.restore_paper", paper) is False


@pytest.mark.parametrize(("actor", "allowed"), _expect("chair"))
def test_view_submissions_permission(actor, allowed, actors, edition):
    assert actors[actor].has_perm("papers.view_submissions", edition) is allowed


@pytest.mark.parametrize(("actor", "allowed"), _expect("chair"))
def test_change_submissiontype_permission(actor, allowed, actors, edition):
    assert actors[actor].has_perm("papers.change_submissiontype", edition) is allowed


@pytest.mark.parametrize(("actor", "allowed"), [(a, a != "anonymous") for a in EVERYONE])
def test_add_paper_permission(actor, allowed, actors, edition):
    assert actors[actor].has_perm("papers.add_paper", edition) is allowed


@pytest.mark.parametrize(("verified", "allowed"), [(True, True), (False, False)])
def test_coauthor_sees_paper_only_with_verified_email(paper, verified, allowed):
    coauthor = UserFactory(email="grace@example.org", verified=False)
    EmailAddress.objects.create(user=coauthor, email=coauthor.email, verified=verified)
    assert coauthor.has_perm("papers.view_paper", paper) is allowed
    assert coauthor.has_perm("papers.change_paper", paper) is allowed


def test_superuser_sees_paper(paper):
    admin = UserFactory(is_superuser=True)
    assert admin.has_perm("papers.view_paper", paper) is True
