"""People in the chair's API: search, speaker profiles (ORCID, photo), invitations, merge."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from emc2.enums import RoleKind
from emc2.models import OutboxMail, Person, Role
from program.models import ItemSpeaker, Session
from program.services import item_create, session_create
from tests.factories.emc2 import PersonFactory
from tests.factories.papers import AuthorFactory
from tests.factories.program import at

pytestmark = pytest.mark.django_db


def _url(name, edition, **kw):
    return reverse(f"api:program:{name}", kwargs={"edition": edition.slug, **kw})


def _png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "PNG")
    return SimpleUploadedFile("face.png", buf.getvalue(), content_type="image/png")


def test_search_by_name_email_and_orcid(chair_client, edition):
    ada = PersonFactory(name="Ada Lovelace", email="ada@example.org", orcid="0000-0002-1825-0097")
    PersonFactory(name="Charles Babbage")
    by = {
        q: [
            p["name"] for p in chair_client.get(_url("chair-person-list", edition), {"q": q}).json()
        ]
        for q in ("lovel", "ADA@example.org", "0000-0002-1825-0097", "a")
    }
    assert by == {
        "lovel": ["Ada Lovelace"],
        "ADA@example.org": ["Ada Lovelace"],
        "0000-0002-1825-0097": ["Ada Lovelace"],
        "a": [],  # too short to search
    }
    assert ada.pk


def test_create_profile_with_orcid_checksum_and_photo(chair_client, edition):
    bad = chair_client.post(
        _url("chair-person-list", edition), {"name": "Song Han", "orcid": "0000-0002-1825-0098"}
    )
    assert bad.status_code == 400
    assert bad.json()["orcid"] == ["This ORCID iD has a wrong check digit; please copy it again."]
    assert not Person.objects.filter(name="Song Han").exists()
    good = chair_client.post(
        _url("chair-person-list", edition),
        {
            "name": "Song Han",
            "orcid": "0000-0002-1825-0097",
            "homepage": "https://example.org/han",
            "photo": _png(),
        },
    )
    assert good.status_code == 201, good.json()
    person = Person.objects.get(name="Song Han")
    assert person.orcid == "0000-0002-1825-0097"
    assert good.json()["photo"].endswith(".png")


def test_photo_that_is_not_an_image_is_a_400(chair_client, edition):
    fake = SimpleUploadedFile("x.png", b"<svg onload='alert(1)'/>", content_type="image/png")
    response = chair_client.post(
        _url("chair-person-list", edition), {"name": "Mallory", "photo": fake}
    )
    assert response.status_code == 400
    assert "photo" in response.json()
    assert not Person.objects.filter(name="Mallory").exists()


def test_chair_cannot_edit_a_person_of_another_edition(chair_client, edition, other_edition):
    stranger = PersonFactory(name="Other Speaker", bio="Theirs")
    item_create(edition=other_edition, title="Elsewhere", speakers=[(stranger, "speaker", "")])
    response = chair_client.patch(
        _url("chair-person-detail", edition, pk=stranger.pk),
        {"bio": "Mine now"},
        content_type="application/json",
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.bio == "Theirs"


def test_invite_mails_a_link_that_lets_the_speaker_fill_in_the_profile(
    chair_client, client, edition, django_capture_on_commit_callbacks
):
    person = PersonFactory(name="Tien-Ju Yang", email="tj@example.org", bio="")
    item_create(edition=edition, title="On-device", speakers=[(person, "speaker", "")])
    with django_capture_on_commit_callbacks(execute=True):
        response = chair_client.post(_url("chair-person-invite", edition, pk=person.pk))
    assert response.status_code == 202
    outbox = OutboxMail.objects.get()
    assert outbox.to == ["tj@example.org"]
    link = re.search(r"http\S+/people/profile/\S+/", outbox.body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert len(mail.outbox) == 1
    client.logout()
    page = client.get(path)
    assert "Your speaker profile" in page.content.decode()
    saved = client.post(path, {"name": "Tien-Ju Yang", "bio": "Works on on-device learning."})
    person.refresh_from_db()
    assert saved.status_code == 302
    assert person.bio == "Works on on-device learning."
    assert client.get(path[:-5] + "xxxx/").status_code == 404


def test_merge_keeps_every_link(chair_client, edition, room):
    keep = PersonFactory(name="Jonathan Frankle", email="jf@example.org")
    dup = PersonFactory(name="J. Frankle", affiliation="Mosaic ML", bio="Trains fast.")
    talk = item_create(edition=edition, title="Faster training", speakers=[(dup, "speaker", "")])
    both = item_create(
        edition=edition, title="Panel", speakers=[(keep, "panelist", ""), (dup, "panelist", "")]
    )
    session = session_create(
        edition=edition, kind="panel", title="Panel", room=room, start=at(16), end=at(17),
        chair=dup,
    )  # fmt: skip
    Role.objects.create(edition=edition, person=dup, kind=RoleKind.ORGANIZER)
    author = AuthorFactory(paper__edition=edition, person=dup, name="J. Frankle")
    response = chair_client.post(
        _url("chair-person-merge", edition),
        {"keep": keep.pk, "remove": dup.pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert not Person.objects.filter(pk=dup.pk).exists()
    assert list(talk.speakers.values_list("person_id", flat=True)) == [keep.pk]
    assert list(both.speakers.values_list("person_id", flat=True)) == [keep.pk]
    assert Session.objects.get(pk=session.pk).chair_id == keep.pk
    assert Role.objects.get(edition=edition, kind=RoleKind.ORGANIZER).person_id == keep.pk
    author.refresh_from_db()
    assert author.person_id == keep.pk
    keep.refresh_from_db()
    assert (keep.bio, keep.email) == ("Trains fast.", "jf@example.org")


def test_non_chair_merge_is_refused_and_changes_nothing(client, actors, edition):
    a = PersonFactory(name="A")
    b = PersonFactory(name="B")
    item_create(edition=edition, title="T", speakers=[(b, "speaker", "")])
    client.force_login(actors["chair_other_edition"])
    response = client.post(
        _url("chair-person-merge", edition),
        {"keep": a.pk, "remove": b.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Person.objects.filter(pk=b.pk).exists()
    assert ItemSpeaker.objects.get().person_id == b.pk
