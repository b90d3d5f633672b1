"""The demo programs' exports validate against the shared c3voc schemas and show venue time."""

import json

import pytest
from django.urls import reverse
from lxml import etree

from tests.schemas import schema_path

pytestmark = pytest.mark.django_db


def _get(client, slug, name):
    response = client.get(reverse("program:public-export", kwargs={"edition": slug, "name": name}))
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("slug", ["2019-neurips", "2023-aaai"])
def test_demo_exports_validate_against_the_c3voc_schemas(client, loaded, slug):
    import jsonschema
    import xmlschema

    json_schema = json.loads(schema_path("schedule.json").read_text())
    data = json.loads(_get(client, slug, "schedule.json"))
    jsonschema.validate(data, json_schema, format_checker=jsonschema.FormatChecker())
    xsd = xmlschema.XMLSchema(str(schema_path("schedule.xml.xsd", env="FRAB_XSD")))
    xsd.validate(etree.fromstring(_get(client, slug, "schedule.xml")))
    assert data["schedule"]["conference"]["acronym"] == f"emc2-{slug}"


def test_demo_2023_welcome_is_at_venue_time_in_every_export(client, loaded):
    root = etree.fromstring(_get(client, "2023-aaai", "schedule.xml"))
    welcome = next(e for e in root.iter("event") if e.findtext("title").startswith("Welcome"))
    assert (welcome.findtext("start"), welcome.findtext("date")) == (
        "08:30",
        "2023-02-14T08:30:00-05:00",
    )
    assert root.findtext("conference/time_zone_name") == "America/New_York"
    csv_text = _get(client, "2023-aaai", "schedule.csv").decode("utf-8-sig")
    assert "2023-02-14,08:30,08:45,America/New_York,146A" in csv_text
    ical = _get(client, "2023-aaai", "schedule.ics").decode()
    assert "DTSTART;TZID=America/New_York:20230214T083000" in ical


def test_demo_2019_exports_invent_no_times(client, loaded):
    """The 2019 seed gives the day and the order, no times: no export may print the stored
    placeholders (12:30 for the first poster session, say)."""
    root = etree.fromstring(_get(client, "2019-neurips", "schedule.xml"))
    assert list(root.iter("event")) == []
    (day,) = root.iter("day")
    assert (day.get("date"), day.get("start")) == ("2019-12-13", "2019-12-13T00:00:00-08:00")
    data = json.loads(_get(client, "2019-neurips", "schedule.json"))
    days = data["schedule"]["conference"]["days"]
    assert [d["date"] for d in days] == ["2019-12-13"]
    assert all(not events for d in days for events in d["rooms"].values())
    ical = _get(client, "2019-neurips", "schedule.ics").decode()
    assert "DTSTART;VALUE=DATE:20191213" in ical
    assert "T123000" not in ical and "TZID=" not in ical.split("BEGIN:VEVENT", 1)[1]
    assert "Time to be announced." in ical
    csv_text = _get(client, "2019-neurips", "schedule.csv").decode("utf-8-sig")
    assert "12:30" not in csv_text
    assert "2019-12-13,to be announced,,America/Vancouver" in csv_text
