"""Importing a whole program from frab XML or c3voc JSON: preview, confirm, hostile files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emc2.models import Edition, Person
from program.models import Item, Room, Session

pytestmark = pytest.mark.django_db

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE schedule [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<schedule><conference><title>&xxe;</title></conference></schedule>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<schedule><conference/><day><room name="&lol2;"/></day></schedule>"""


def _post(client, edition, data: bytes, name: str, confirm=False):
    return client.post(
        reverse("api:program:chair-import", kwargs={"edition": edition.slug}),
        {"file": SimpleUploadedFile(name, data), "confirm": "true" if confirm else "false"},
    )


def _export(client, slug, name):
    return client.get(reverse("program:public-export", kwargs={"edition": slug, "name": name}))


@pytest.mark.parametrize("name", ["schedule.xml", "schedule.json"])
def test_round_trip_of_our_own_2023_export(loaded, client, chair_client, edition, name):
    source = Edition.objects.get(slug="2023-aaai")
    data = _export(client, "2023-aaai", name).content
    people_before = Person.objects.count()
    preview = _post(chair_client, edition, data, name)
    assert preview.status_code == 200, preview.json()
    plan = preview.json()
    assert plan["created"] is False
    assert not Session.objects.filter(edition=edition).exists()  # a preview writes nothing
    assert [r["name"] for r in plan["rooms"]] == ["146A", "Poster area"]
    confirmed = _post(chair_client, edition, data, name, confirm=True)
    assert confirmed.status_code == 201, confirmed.json()
    got = sorted(Item.objects.filter(edition=edition).values_list("title", flat=True))
    want = sorted(Item.objects.filter(edition=source).values_list("title", flat=True))
    assert got == want
    assert Session.objects.filter(edition=edition).count() == plan["counts"]["sessions"]
    welcome = Session.objects.get(edition=edition, title="Welcome and Opening Remarks")
    assert welcome.start.astimezone(source.tz).strftime("%H:%M") == "08:30"
    # The speakers are the demo's people, found again by name, not copies.
    assert Person.objects.count() == people_before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("xxe.xml", XXE, "XML with a DOCTYPE or entities is not accepted."),
        ("laughs.xml", LAUGHS, "XML with a DOCTYPE or entities is not accepted."),
        ("wrong.xml", b"<rss><channel/></rss>", "This XML is no frab schedule"),
        ("broken.xml", b"<schedule><conference>", "This is not well-formed XML"),
        ("wrong.json", b'{"schedule": {"days": []}}', "This JSON is no c3voc/pretalx schedule"),
        ("deep.json", b"[" * 100000 + b"]" * 100000, "This is not valid JSON."),
        ("text.txt", b"hello", "Upload frab XML or c3voc/pretalx schedule JSON."),
        ("big.json", b"{" + b" " * (2 * 1024 * 1024 + 1) + b"}", "The file is larger than 2 MB."),
    ],
    ids=["xxe", "billion-laughs", "wrong-xml", "broken-xml", "wrong-json", "deep-json", "text",
         "too-big"],
)  # fmt: skip
def test_hostile_or_wrong_files_are_a_clear_400(chair_client, edition, name, data, message):
    response = _post(chair_client, edition, data, name, confirm=True)
    assert response.status_code == 400
    assert response.json()["file"][0].startswith(message), response.json()
    assert not Room.objects.filter(edition=edition).exists()


def test_a_refused_session_rolls_the_whole_import_back(loaded, client, chair_client, edition):
    data = _export(client, "2023-aaai", "schedule.xml").content
    # A session already in 146A at 17:45 makes "Close" clash: nothing may be left behind.
    from program.services import room_create, session_create

    source = Edition.objects.get(slug="2023-aaai")
    close = Session.objects.get(edition=source, title="Close")
    session_create(
        edition=edition, kind="break", title="In the way", room=room_create(edition=edition,
        name="146A"), start=close.start, end=close.end,
    )  # fmt: skip
    response = _post(chair_client, edition, data, "schedule.xml", confirm=True)
    assert response.status_code == 400
    assert "Close" in response.json()["detail"]
    assert list(Session.objects.filter(edition=edition).values_list("title", flat=True)) == [
        "In the way"
    ]
    assert not Item.objects.filter(edition=edition).exists()
