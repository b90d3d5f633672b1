"""Exports read only the published release and parse back with real parsers."""

import csv
import datetime as dt
import io
import json
import os
import re

import icalendar
import pytest
from django.urls import reverse
from lxml import etree

from program.enums import ItemKind, SessionKind
from program.services import item_create, item_update, release_publish, session_create
from tests.factories.emc2 import PersonFactory
from tests.factories.program import at

pytestmark = pytest.mark.django_db

EVENT_REQUIRED = {"room", "title", "type", "date", "start", "duration", "abstract", "slug"}
EVENT_REQUIRED |= {"subtitle", "track"}
EVENT_ALLOWED = EVENT_REQUIRED | {"persons", "language", "description", "recording", "links"}


@pytest.fixture
def program(edition, room, other_room, session, talk, speaker):
    """A paper session with two timed talks, a poster session, a panel; then a draft change."""
    item_create(
        edition=edition,
        session=session,
        title="Second talk",
        start=at(9, 20),
        end=at(9, 40),
        speakers=[(PersonFactory(name="Bo Author"), "author", "Lab")],
    )
    posters = session_create(
        edition=edition,
        kind=SessionKind.POSTERS,
        title="Poster Session #1",
        room=other_room,
        start=at(9),
        end=at(10),
    )
    for i in range(2):
        item_create(
            edition=edition,
            session=posters,
            title=f"Poster {i}",
            kind=ItemKind.POSTER,
            board=str(i),
        )
    panel = session_create(
        edition=edition, kind=SessionKind.PANEL, title="Panel", room=room, start=at(10), end=at(11)
    )
    item_create(
        edition=edition,
        session=panel,
        title="How specific is too specific?",
        kind=ItemKind.PANEL,
        speakers=[
            (PersonFactory(name="Mo Derator"), "moderator", "Moderator"),
            (PersonFactory(name="Pan Elist"), "panelist", "CTO, Chips Inc."),
        ],
    )
    release_publish(edition=edition)
    item_update(item=talk, title="Draft title nobody may see")
    item_create(edition=edition, title="Unscheduled draft item")
    return edition


def _get(client, edition, name):
    return client.get(
        reverse("program:public-export", kwargs={"edition": edition.slug, "name": name})
    )


def test_frab_xml_structure_follows_the_c3voc_schema(client, program):
    root = etree.fromstring(_get(client, program, "schedule.xml").content)
    assert root.tag == "schedule"
    children = [c.tag for c in root]
    assert children[:2] == ["version", "conference"]
    assert set(children[2:]) == {"day"}
    conference = root.find("conference")
    assert {c.tag for c in conference} == {
        "title",
        "acronym",
        "start",
        "end",
        "days",
        "timeslot_duration",
    }
    dt.date.fromisoformat(conference.findtext("start"))
    day = root.find("day")
    assert (day.get("index"), day.get("date")) == ("1", "2030-12-13")
    assert dt.datetime.fromisoformat(day.get("start")).utcoffset() == dt.timedelta(hours=-8)
    assert [r.get("name") for r in day.findall("room")] == ["Main hall", "Poster area"]
    events = root.findall("day/room/event")
    ids, guids, slugs = [], [], []
    for event in events:
        tags = [c.tag for c in event]
        assert EVENT_REQUIRED <= set(tags) <= EVENT_ALLOWED
        assert len(tags) == len(set(tags))
        assert int(event.get("id")) > 0
        assert re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", event.findtext("start"))
        assert re.fullmatch(r"[0-9]{1,2}:[0-9]{2}", event.findtext("duration"))
        when = dt.datetime.fromisoformat(event.findtext("date"))
        assert when.strftime("%H:%M") == event.findtext("start")
        assert event.findtext("room") == event.getparent().get("name")
        for person in event.findall("persons/person"):
            assert int(person.get("id")) > 0
        ids.append(event.get("id"))
        guids.append(event.get("guid"))
        slugs.append(event.findtext("slug"))
    assert len(set(ids)) == len(set(guids)) == len(set(slugs)) == len(events) == 4
    titles = [e.findtext("title") for e in events]
    assert titles == [
        "Quantized transformers on phones",
        "Second talk",
        "How specific is too specific?",
        "Poster Session #1",
    ]
    first = events[0]
    assert (first.findtext("start"), first.findtext("duration")) == ("09:00", "00:20")
    assert [p.text for p in events[2].findall("persons/person")] == ["Mo Derator", "Pan Elist"]


def test_frab_guids_are_stable_across_releases(client, program):
    before = {
        e.findtext("title"): e.get("guid")
        for e in etree.fromstring(_get(client, program, "schedule.xml").content).iter("event")
    }
    release_publish(edition=program)
    after = {
        e.get("id"): e.get("guid")
        for e in etree.fromstring(_get(client, program, "schedule.xml").content).iter("event")
    }
    assert before["Second talk"] in after.values()


def test_ical_parses_with_timezone_uids_and_rooms(client, program):
    response = _get(client, program, "schedule.ics")
    cal = icalendar.Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/Vancouver"]
    assert len({str(e["UID"]) for e in events}) == len(events) == 4
    talk = next(e for e in events if str(e["SUMMARY"]) == "Quantized transformers on phones")
    assert talk["DTSTART"].params["TZID"] == "America/Vancouver"
    assert talk["DTSTART"].dt == at(9)
    assert talk["DTEND"].dt == at(9, 20)
    assert str(talk["LOCATION"]) == "Main hall"
    assert "Draft title nobody may see" not in response.content.decode()


def test_item_ical_has_one_event_with_the_same_uid(client, program, talk):
    whole = icalendar.Calendar.from_ical(_get(client, program, "schedule.ics").content)
    uid = next(
        str(e["UID"]) for e in whole.walk("VEVENT") if str(e["SUMMARY"]).startswith("Quantized")
    )
    response = client.get(reverse("program:public-item-ical", args=[program.slug, talk.pk]))
    events = list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == [uid]


def test_json_export_is_the_published_snapshot(client, program):
    data = json.loads(_get(client, program, "schedule.json").content)
    assert set(data) == {"version", "edition", "release", "published_at", "rooms", "sessions"}
    assert data["release"] == 1
    session = data["sessions"][0]
    assert set(session) == {
        "id",
        "kind",
        "kind_label",
        "title",
        "room_id",
        "room",
        "start",
        "end",
        "chair",
        "description",
        "items",
    }
    titles = [it["title"] for s in data["sessions"] for it in s["items"]]
    assert "Quantized transformers on phones" in titles
    assert ("Draft title nobody may see" in titles, "Unscheduled draft item" in titles) == (
        False,
        False,
    )


def test_csv_export_has_one_row_per_item(client, program):
    rows = list(csv.DictReader(io.StringIO(_get(client, program, "schedule.csv").content.decode())))
    assert [r["title"] for r in rows] == [
        "Quantized transformers on phones",
        "Second talk",
        "Poster 0",
        "Poster 1",
        "How specific is too specific?",
    ]
    assert (rows[0]["start"], rows[0]["room"], rows[0]["speakers"]) == (
        "09:00",
        "Main hall",
        "Ada Speaker",
    )


def test_exports_404_before_publication(client, edition, talk):
    assert _get(client, edition, "schedule.json").status_code == 404


@pytest.mark.skipif(
    not os.environ.get("FRAB_XSD"),
    reason="set FRAB_XSD to a local copy of voc/schedule validator/xsd/schedule.xml.xsd",
)
def test_frab_xml_validates_against_the_c3voc_schema(client, program):
    import xmlschema

    schema = xmlschema.XMLSchema(os.environ["FRAB_XSD"])
    schema.validate(etree.fromstring(_get(client, program, "schedule.xml").content))
