"""The invitation page (who may accept), the chairs' committee table, the review form page."""

from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from emc2.enums import RoleKind
from emc2.models import OutboxMail, Role
from papers.models import InvitationStatus
from papers.services import pc_invitation_from_token, pc_invitation_token, pc_invite
from tests.factories.emc2 import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-9"


def _link(invitation):
    return reverse(
        "papers:public-pc-invitation",
        args=[invitation.edition.slug, pc_invitation_token(invitation)],
    )


def _pc_roles(edition):
    return Role.objects.filter(edition=edition, kind=RoleKind.PC_MEMBER)


@pytest.fixture
def invitation(rw):
    [invitation] = pc_invite(edition=rw.edition, invitees=[("join@x.org", "Jo")], by=rw.chair)
    return invitation


# --- who may accept -------------------------------------------------------------------------


def test_other_account_cannot_accept_and_is_told_why(rw, client, invitation):
    other = UserFactory(email="other@x.org")
    client.force_login(other)
    roles_before = _pc_roles(rw.edition).count()
    link = _link(invitation)

    page = client.get(link).content.decode()
    assert 'value="accept"' not in page
    assert "which has not verified join@x.org" in page
    login = reverse("account_login") + "?" + urlencode({"next": link})
    assert f'name="next" value="{login}"'.replace("&", "&amp;") in page

    response = client.post(link, {"answer": "accept"})
    assert response.status_code == 400
    assert "This invitation is for join@x.org" in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.user, invitation.responded_at) == (
        InvitationStatus.INVITED,
        None,
        None,
    )
    assert _pc_roles(rw.edition).count() == roles_before
    assert not _pc_roles(rw.edition).filter(person__user=other).exists()


def test_unverified_address_of_the_invitee_cannot_accept(rw, client, invitation):
    user = UserFactory(email="join@x.org", verified=False)
    EmailAddress.objects.create(user=user, email="join@x.org", verified=False, primary=True)
    client.force_login(user)
    response = client.post(_link(invitation), {"answer": "accept"})
    assert response.status_code == 400
    assert not _pc_roles(rw.edition).filter(person__user=user).exists()


def test_invitee_with_a_verified_secondary_address_accepts(rw, client, invitation):
    user = UserFactory(email="main@x.org")
    EmailAddress.objects.create(user=user, email="JOIN@x.org", verified=True, primary=False)
    client.force_login(user)
    response = client.post(_link(invitation), {"answer": "accept"})
    assert response["Location"] == reverse("papers:reviewer-profile", args=[rw.edition.slug])
    assert _pc_roles(rw.edition).filter(person__user=user).count() == 1
    invitation.refresh_from_db()
    assert (invitation.status, invitation.user) == (InvitationStatus.ACCEPTED, user)


def test_revoked_invitation_cannot_be_accepted(rw, client, invitation):
    link = _link(invitation)
    client.force_login(rw.chair)
    client.post(
        reverse("papers:chair-invitation", args=[rw.edition.slug, invitation.pk]),
        {"action": "revoke"},
    )
    user = UserFactory(email="join@x.org")
    client.force_login(user)
    response = client.post(link, {"answer": "accept"})
    assert response.status_code == 400
    assert "withdrawn by the chairs" in response.content.decode()
    assert not _pc_roles(rw.edition).filter(person__user=user).exists()


def test_signing_up_from_the_link_with_the_invited_address_can_accept(rw, client, invitation):
    link = _link(invitation)
    client.get(link)
    response = client.post(
        reverse("account_signup") + "?" + urlencode({"next": link}),
        {"email": "join@x.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response["Location"] == link
    assert EmailAddress.objects.get(email="join@x.org").verified is True
    response = client.post(link, {"answer": "accept"})
    assert response["Location"] == reverse("papers:reviewer-profile", args=[rw.edition.slug])
    assert _pc_roles(rw.edition).filter(person__user__email="join@x.org").count() == 1


# --- the chairs' table ----------------------------------------------------------------------


def test_committee_table_shows_who_accepted_and_when(rw, client, invitation):
    user = UserFactory(email="join@x.org")
    client.force_login(user)
    client.post(_link(invitation), {"answer": "accept"})
    invitation.refresh_from_db()
    client.force_login(rw.chair)
    page = client.get(reverse("papers:chair-committee", args=[rw.edition.slug])).content.decode()
    assert f"{invitation.responded_at:%Y-%m-%d %H:%M} by join@x.org" in page


def test_resend_queues_a_new_mail_with_a_new_key(
    rw, client, invitation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(rw.chair)
    action = reverse("papers:chair-invitation", args=[rw.edition.slug, invitation.pk])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action, {"action": "resend"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action, {"action": "resend"})
    keys = list(
        OutboxMail.objects.filter(key__startswith=f"pc-invitation:{invitation.pk}:")
        .order_by("pk")
        .values_list("key", flat=True)
    )
    assert keys == [f"pc-invitation:{invitation.pk}:{n}" for n in (1, 2)]
    assert [m.to for m in mailoutbox] == [["join@x.org"], ["join@x.org"]]
    invitation.refresh_from_db()
    # The link in the newest mail opens this invitation (the token carries a timestamp, so it
    # is read back rather than compared with one made a second later).
    prefix = _link(invitation).rsplit("/", 2)[0] + "/"
    token = mailoutbox[-1].body.split(prefix, 1)[1].split("/", 1)[0]
    assert pc_invitation_from_token(token=token) == invitation


# --- the review form page -------------------------------------------------------------------


class _FormData(HTMLParser):
    """What a browser posts for the page's form that holds ``marker`` (no JS, no edits)."""

    def __init__(self, marker):
        super().__init__()
        self.marker, self.forms = marker, []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = []
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            if a.get("type") in ("submit", "button"):
                return
            default = "on" if a.get("type") == "checkbox" else ""
            self._form.append((a["name"], a.get("value", default)))
        elif tag == "select":
            self._select = [a["name"], None]
        elif tag == "option" and self._select:
            if self._select[1] is None or "selected" in a:
                self._select[1] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._select:
            self._form.append(tuple(self._select))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._form.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._form)
            self._form = None

    def data(self, html):
        self.feed(html)
        [form] = [f for f in self.forms if any(name == self.marker for name, _ in f)]
        out = {}
        for name, value in form:
            out.setdefault(name, []).append(value)
        return out


def test_review_form_saves_again_without_a_new_field(rw, client):
    client.force_login(rw.chair)
    url = reverse("papers:chair-review-form", args=[rw.edition.slug])
    page = client.get(url).content.decode()
    data = _FormData("form-TOTAL_FORMS").data(page)
    count = rw.edition.review_fields.count()
    assert data["form-TOTAL_FORMS"] == [str(count + 1)]  # the empty "new field" row is there

    data[f"form-{count - 1}-label"] = ["Renamed last question"]
    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == url
    assert rw.edition.review_fields.count() == count
    last = rw.edition.review_fields.order_by("order", "pk").last()
    assert last.label == "Renamed last question"

    data[f"form-{count}-key"], data[f"form-{count}-label"] = ["novelty"], ["Novelty"]
    response = client.post(url, data)
    assert response["Location"] == url
    assert rw.edition.review_fields.get(key="novelty").label == "Novelty"
