"""papers' receivers of allauth's signals."""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import reverse

from emc2.models import Person
from papers.models import Author
from papers.services import authors_link_email
from tests.factories.emc2 import UserFactory
from tests.papers.review.conftest import submit_paper

pytestmark = pytest.mark.django_db

COAUTHOR = "xanthippe@morrowgale.org"


def _change_address(user, new):
    """What allauth leaves after an e-mail change: the new address only."""
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=new, verified=True, primary=True)
    user.email = new
    user.save(update_fields=["email"])


def test_coauthor_keeps_the_paper_after_changing_address(edition, actors, client):
    paper = submit_paper(edition, actors["author"], title="Adapters that survive renames")
    coauthor = UserFactory(email=COAUTHOR, verified=False)
    address = EmailAddress.objects.create(user=coauthor, email=COAUTHOR, primary=True)
    client.post(reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key]))
    assert Author.objects.get(paper=paper, email=COAUTHOR).person.user == coauthor

    _change_address(coauthor, "xanthippe@new-lab.org")
    client.force_login(coauthor)
    page = client.get(reverse("papers:author-list", args=[edition.slug])).content.decode()
    assert page.count("Adapters that survive renames") == 1


def test_authors_link_email_leaves_rows_of_another_account(edition, actors):
    paper = submit_paper(edition, actors["author"])
    owner = UserFactory(email="owner@x.org")
    theirs = Person.objects.create(name="Owner", email="owner@x.org", slug="owner", user=owner)
    Author.objects.filter(paper=paper, email=COAUTHOR).update(person=theirs)
    newcomer = UserFactory(email=COAUTHOR)

    assert authors_link_email(user=newcomer, email=COAUTHOR) == 0
    assert Author.objects.get(paper=paper, email=COAUTHOR).person == theirs
