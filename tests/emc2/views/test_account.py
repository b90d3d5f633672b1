import re

from django.urls import reverse

from emc2.models import Person, User
from tests.factories.emc2 import PersonFactory


def test_signup_requires_email_verification_then_links_the_person(client, db, mailoutbox):
    PersonFactory(name="Vivienne Sze", email="sze@example.org", affiliation="MIT")
    password = "a-long-pass-phrase"
    response = client.post(
        reverse("account_signup"),
        {"email": "sze@example.org", "password1": password, "password2": password},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="sze@example.org")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sze@example.org"]

    # Not verified yet: signing in does not let the user in.
    client.logout()
    client.post(
        reverse("account_login"), {"login": "sze@example.org", "password": "a-long-pass-phrase"}
    )
    assert client.get(reverse("profile")).status_code == 302

    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mailoutbox[0].body)
    response = client.post(link.group(1))
    assert response.status_code == 302
    person = Person.objects.get(email="sze@example.org")
    assert person.user == user
    assert client.get(reverse("profile")).status_code == 200


def test_profile_saves_and_validates_orcid(client, actors):
    client.force_login(actors["stranger"])
    url = reverse("profile")
    response = client.post(
        url, {"name": "S. Tranger", "affiliation": "Nowhere", "orcid": "0000-0002-1825-0098"}
    )
    assert response.status_code == 200
    assert "wrong check digit" in response.content.decode()
    response = client.post(
        url, {"name": "S. Tranger", "affiliation": "Nowhere", "orcid": "0000-0002-1825-0097"}
    )
    assert response.status_code == 302
    person = Person.objects.get(user=actors["stranger"])
    assert (person.name, person.orcid) == ("S. Tranger", "0000-0002-1825-0097")
