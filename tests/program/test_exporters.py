"""Exports read only the published release and parse back with real parsers."""

import csv
import datetime as dt
import io
import json
import re

import icalendar
import pytest
from django.urls import reverse
from lxml import etree

from program.enums import ItemKind, SessionKind
from program.models import Item
from program.services import item_create, item_update, release_publish, session_create
from tests.factories.emc2 import PersonFactory
from tests.factories.program import at
from tests.schemas import schema_path

pytestmark = pytest.mark.django_db

EVENT_REQUIRED = {"room", "title", "type", "date", "start", "duration", "abstract", "slug"}
EVENT_REQUIRED |= {"subtitle", "track"}
EVENT_ALLOWED = EVENT_REQUIRED | {"persons", "language", "description", "recording", "links"}
EVENT_ALLOWED |= {"url"}


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
            board=str(i + 1),
            speakers=[(PersonFactory(name=f"Poster Author {i}"), "author", "Lab")],
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
        "time_zone_name",
        "base_url",
        "url",
    }
    assert conference.findtext("time_zone_name") == "America/Vancouver"
    assert conference.findtext("base_url") == "http://127.0.0.1:8000/"
    dt.date.fromisoformat(conference.findtext("start"))
    day = root.find("day")
    assert (day.get("index"), day.get("date")) == ("1", "2030-12-13")
    assert dt.datetime.fromisoformat(day.get("start")).utcoffset() == dt.timedelta(hours=-8)
    assert [r.get("name") for r in day.findall("room")] == ["Main hall", "Poster area"]
    assert all(re.fullmatch(r"[0-9a-f-]{36}", r.get("guid")) for r in day.findall("room"))
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
        assert event.findtext("url").startswith("http://127.0.0.1:8000/")
        for person in event.findall("persons/person"):
            assert int(person.get("id")) > 0
        ids.append(event.get("id"))
        guids.append(event.get("guid"))
        slugs.append(event.findtext("slug"))
    assert len(set(ids)) == len(set(guids)) == len(set(slugs)) == len(events) == 5
    titles = [e.findtext("title") for e in events]
    assert titles == [
        "Quantized transformers on phones",
        "Second talk",
        "How specific is too specific?",
        "Poster 0",
        "Poster 1",
    ]
    first = events[0]
    assert (first.findtext("start"), first.findtext("duration")) == ("09:00", "00:20")
    assert [p.text for p in events[2].findall("persons/person")] == ["Mo Derator", "Pan Elist"]


def test_frab_posters_are_events_in_their_session_room_and_time(client, program):
    root = etree.fromstring(_get(client, program, "schedule.xml").content)
    posters = [e for e in root.iter("event") if e.findtext("title").startswith("Poster ")]
    assert [
        (
            e.findtext("room"),
            e.findtext("start"),
            e.findtext("duration"),
            e.findtext("subtitle"),
            [p.text for p in e.findall("persons/person")],
        )
        for e in posters
    ] == [
        ("Poster area", "09:00", "01:00", "Poster board 1", ["Poster Author 0"]),
        ("Poster area", "09:00", "01:00", "Poster board 2", ["Poster Author 1"]),
    ]


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


def test_snapshot_json_export_is_the_published_snapshot(client, program):
    data = json.loads(_get(client, program, "snapshot.json").content)
    assert set(data) == {
        "version",
        "edition",
        "release",
        "published_at",
        "rooms",
        "types",
        "tracks",
        "sessions",
    }
    assert data["release"] == 1
    session = data["sessions"][0]
    assert set(session) == {
        "id",
        "kind",
        "kind_label",
        "type_id",
        "type",
        "type_colour",
        "track_id",
        "track",
        "track_colour",
        "title",
        "room_id",
        "room",
        "start",
        "end",
        "chair",
        "description",
        "times_tba",
        "items",
    }
    titles = [it["title"] for s in data["sessions"] for it in s["items"]]
    assert "Quantized transformers on phones" in titles
    assert ("Draft title nobody may see" in titles, "Unscheduled draft item" in titles) == (
        False,
        False,
    )


def test_schedule_json_validates_against_the_c3voc_schema(client, program):
    import jsonschema

    schema = json.loads(schema_path("schedule.json").read_text())
    data = json.loads(_get(client, program, "schedule.json").content)
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    conference = data["schedule"]["conference"]
    xml = etree.fromstring(_get(client, program, "schedule.xml").content)
    assert (conference["acronym"], conference["time_zone_name"]) == (
        xml.findtext("conference/acronym"),
        "America/Vancouver",
    )
    assert [r["name"] for r in conference["rooms"]] == ["Main hall", "Poster area"]
    (day,) = conference["days"]
    talk = day["rooms"]["Main hall"][0]
    assert (talk["title"], talk["date"], talk["duration"]) == (
        "Quantized transformers on phones",
        "2030-12-13T09:00:00-08:00",
        "00:20",
    )
    assert talk["url"].startswith("http://127.0.0.1:8000/")
    assert [p["name"] for p in talk["persons"]] == ["Ada Speaker"]
    titles = [e["title"] for evs in day["rooms"].values() for e in evs]
    assert "Draft title nobody may see" not in titles


def test_schedule_json_fails_the_schema_without_a_room_guid(client, program):
    """The schema check has teeth: the export without room guids does not validate."""
    import jsonschema

    schema = json.loads(schema_path("schedule.json").read_text())
    data = json.loads(_get(client, program, "schedule.json").content)
    del data["schedule"]["conference"]["rooms"][0]["guid"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_csv_export_has_one_row_per_item(client, program):
    body = _get(client, program, "schedule.csv").content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r["title"] for r in rows] == [
        "Quantized transformers on phones",
        "Second talk",
        "Poster 0",
        "Poster 1",
        "How specific is too specific?",
    ]
    assert body.startswith("\ufeff".encode())
    assert (rows[0]["start"], rows[0]["room"], rows[0]["speakers"]) == (
        "09:00",
        "Main hall",
        "Ada Speaker",
    )


def test_exports_404_before_publication(client, edition, talk):
    assert _get(client, edition, "schedule.json").status_code == 404


def test_frab_xml_validates_against_the_c3voc_schema(client, program):
    import xmlschema

    schema = xmlschema.XMLSchema(str(schema_path("schedule.xml.xsd", env="FRAB_XSD")))
    root = etree.fromstring(_get(client, program, "schedule.xml").content)
    schema.validate(root)
    # The check has teeth: a room guid that is no UUID does not validate.
    root.find("day/room").set("guid", "main-hall")
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        schema.validate(root)


@pytest.mark.parametrize("name", ["schedule.xml", "schedule.json", "schedule.ics", "schedule.csv"])
def test_exports_answer_a_conditional_get_with_304(client, program, name):
    first = _get(client, program, name)
    url = reverse("program:public-export", kwargs={"edition": program.slug, "name": name})
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    since = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert (since.status_code, since.content) == (304, b"")
    assert first["Cache-Control"] == "no-cache"


def test_export_etag_changes_with_a_new_release(client, program):
    first = _get(client, program, "schedule.xml")
    item_update(item=Item.objects.get(title="Second talk"), title="Renamed talk")
    release_publish(edition=program)
    url = reverse("program:public-export", kwargs={"edition": program.slug, "name": "schedule.xml"})
    response = client.get(url, headers={"if-none-match": first["ETag"]})
    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    assert b"Renamed talk" in response.content


def test_csv_export_neutralises_formulas_in_titles_and_speaker_names(client, edition, session):
    item_create(
        edition=edition,
        session=session,
        title='=HYPERLINK("http://evil.example","click")',
        start=at(9, 40),
        end=at(9, 50),
        speakers=[(PersonFactory(name="+1 Mallory", affiliation="@SUM(A1:A9)"), "speaker", "")],
    )
    item_create(edition=edition, session=session, title="-2+3", start=at(9, 50), end=at(10))
    release_publish(edition=edition)
    body = _get(client, edition, "schedule.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [(r["title"], r["speakers"], r["affiliations"]) for r in rows] == [
        ('\'=HYPERLINK("http://evil.example","click")', "'+1 Mallory", "'@SUM(A1:A9)"),
        ("'-2+3", "", ""),
    ]


ATOM = "{http://www.w3.org/2005/Atom}"


def test_release_feed_lists_releases_with_their_changelog(client, program):
    item_update(item=Item.objects.get(title="Second talk"), start=at(9, 40), end=at(10))
    release_publish(edition=program)
    page = client.get(reverse("program:public-program", args=[program.slug])).content.decode()
    (href,) = re.findall(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', page
    )
    response = client.get(href)
    feed = etree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert [e.findtext(f"{ATOM}title")[:9] for e in entries] == ["Release 2", "Release 1"]
    assert entries[0].findtext(f"{ATOM}summary").splitlines() == [
        "Details changed: Draft title nobody may see",
        "Time changed: Second talk — Fri 09:20–Fri 09:40 → Fri 09:40–Fri 10:00",
    ]
    assert entries[1].findtext(f"{ATOM}summary") == "First published program."


def test_release_feed_404_and_no_link_before_publication(client, edition, talk):
    page = client.get(reverse("program:public-program", args=[edition.slug])).content.decode()
    assert 'rel="alternate"' not in page
    assert _get(client, edition, "releases.atom").status_code == 404


def test_a_conditional_get_never_reads_the_snapshot(client, program):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = _get(client, program, "schedule.json")
    url = reverse(
        "program:public-export", kwargs={"edition": program.slug, "name": "schedule.json"}
    )
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert [q["sql"] for q in queries.captured_queries if "snapshot" in q["sql"]] == []


def test_an_export_is_rendered_once_per_release(client, program):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = _get(client, program, "schedule.xml")
    with CaptureQueriesContext(connection) as queries:
        again = _get(client, program, "schedule.xml")
    assert (again.status_code, again.content, again["ETag"]) == (200, first.content, first["ETag"])
    assert [q["sql"] for q in queries.captured_queries if "snapshot" in q["sql"]] == []
