"""The personal calendar of "my schedule" (?items= on the iCal export) and sessions whose
times are to be announced."""

import icalendar
import pytest
from django.core.cache import cache
from django.urls import reverse

from program.enums import SessionKind
from program.services import item_create, release_publish, session_create, session_update
from tests.factories.program import at

pytestmark = pytest.mark.django_db


def _ical(client, edition, items):
    url = reverse("program:public-export", kwargs={"edition": edition.slug, "name": "schedule.ics"})
    return client.get(url, {"items": items})


def test_my_schedule_ical_has_only_the_starred_published_items(
    client, edition, session, talk, published
):
    draft = item_create(edition=edition, session=session, title="Draft talk")
    response = _ical(client, edition, f"{talk.pk},{draft.pk},abc,-3,²,99999999999999")
    events = list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Quantized transformers on phones"]
    assert _ical(client, edition, "")["ETag"] != response["ETag"]
    empty = icalendar.Calendar.from_ical(_ical(client, edition, "").content)
    assert list(empty.walk("VEVENT")) == []


def test_times_to_be_announced_print_no_time_and_no_grid(
    client, edition, room, other_room, session, talk
):
    session_create(
        edition=edition,
        kind=SessionKind.POSTERS,
        title="Posters",
        room=other_room,
        start=at(9),
        end=at(10),
        times_tba=True,
    )
    session_update(session=session, times_tba=True)
    release_publish(edition=edition)
    cache.clear()
    body = client.get(reverse("program:public-program", args=[edition.slug])).content.decode()
    assert "Time to be announced" in body
    assert "09:00" not in body and "09:20" not in body
    assert 'class="program-grid"' not in body
    item = client.get(reverse("program:public-item", args=[edition.slug, talk.pk])).content.decode()
    assert "time to be announced" in item and "09:00" not in item
