import datetime as dt
import zoneinfo

from django.template import Context, Template

from emc2.times import local, local_format

NY = zoneinfo.ZoneInfo("America/New_York")
WELCOME_UTC = dt.datetime(2023, 2, 14, 13, 30, tzinfo=dt.UTC)


def test_local_converts_an_aware_instant_and_an_iso_string():
    assert local(WELCOME_UTC, NY).strftime("%H:%M %Z") == "08:30 EST"
    assert local("2023-02-14T13:30:00+00:00", "America/New_York") == WELCOME_UTC


def test_local_takes_a_naive_datetime_as_venue_time():
    assert local(dt.datetime(2023, 2, 14, 8, 30), NY).utcoffset() == dt.timedelta(hours=-5)


def test_local_format_of_nothing_is_empty():
    assert local_format(None, NY) == ""
    assert local_format(WELCOME_UTC, NY, "%a %H:%M") == "Tue 08:30"


def test_local_filter_survives_the_time_filter_under_utc(settings):
    settings.TIME_ZONE = "UTC"
    html = Template('{% load emc2 %}{{ when|local:tz|time:"H:i" }}').render(
        Context({"when": WELCOME_UTC, "tz": "America/New_York"})
    )
    assert html == "08:30"
