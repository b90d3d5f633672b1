"""Speaker availability (issue 14): the service (merge, bounds, DST), the schedule warning
``speaker_unavailable`` (raised, overridden, exempt for times to be announced), the chair API
and the import's warnings."""

import datetime as dt
import json
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from program.availability import MAX_SPANS, availability_set
from program.enums import SessionKind
from program.exceptions import ProgramError, ProgramWarnings
from program.models import Item, Session, SpeakerAvailability
from program.services import (
    item_create,
    item_update,
    release_publish,
    room_create,
    session_create,
    session_move,
    session_update,
)
from tests.factories.emc2 import EditionFactory, PersonFactory
from tests.factories.program import at

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def rows(person, edition):
    return [
        (r.start, r.end)
        for r in SpeakerAvailability.objects.filter(person=person, edition=edition).order_by(
            "start"
        )
    ]


def _url(edition, person):
    return reverse(
        "api:program:chair-person-availability",
        kwargs={"edition": edition.slug, "pk": person.pk},
    )


def _put(client, edition, person, body):
    return client.put(_url(edition, person), data=json.dumps(body), content_type="application/json")


# --- the service ---------------------------------------------------------------------------


def test_overlapping_and_touching_spans_are_merged(edition, speaker):
    availability_set(
        person=speaker,
        edition=edition,
        spans=[
            (at(13), at(15)),
            (at(9), at(10)),
            (at(10), at(11)),  # touches the first: one span 09:00-11:00
            (at(14), at(16)),  # overlaps 13:00-15:00: one span 13:00-16:00
            (at(9, 30), at(9, 45)),  # inside
        ],
    )
    assert rows(speaker, edition) == [(at(9), at(11)), (at(13), at(16))]


def test_setting_replaces_all_spans_and_empty_means_always(edition, speaker, other_edition):
    availability_set(person=speaker, edition=edition, spans=[(at(9), at(10))])
    other = dt.datetime.combine(other_edition.start_date, dt.time(9), tzinfo=other_edition.tz)
    availability_set(
        person=speaker, edition=other_edition, spans=[(other, other + dt.timedelta(hours=1))]
    )
    availability_set(person=speaker, edition=edition, spans=[(at(14), at(15))])
    assert rows(speaker, edition) == [(at(14), at(15))]
    availability_set(person=speaker, edition=edition, spans=[])
    assert rows(speaker, edition) == []
    assert len(rows(speaker, other_edition)) == 1  # another edition's spans are left alone


def test_naive_values_are_venue_time_and_offsets_are_instants(edition, speaker):
    availability_set(
        person=speaker,
        edition=edition,
        spans=[
            ("2030-12-13T09:00", dt.datetime(2030, 12, 13, 10, 0)),
            ("2030-12-13T20:00+00:00", "2030-12-13T21:00Z"),  # 12:00-13:00 in Vancouver
        ],
    )
    assert rows(speaker, edition) == [(at(9), at(10)), (at(12), at(13))]


@pytest.mark.parametrize(
    ("zone", "day", "local", "message"),
    [
        ("America/New_York", dt.date(2030, 3, 10), "2030-03-10T02:30",
         "Span 1: the start 2030-03-10 02:30 does not exist in America/New_York: the clocks "
         "skip it (daylight saving time starts). Pick a time before or after the change."),
        ("Europe/Berlin", dt.date(2030, 3, 31), "2030-03-31T02:15",
         "Span 1: the start 2030-03-31 02:15 does not exist in Europe/Berlin"),
        ("America/New_York", dt.date(2030, 11, 3), "2030-11-03T01:30",
         "Span 1: the start 2030-11-03 01:30 happens twice in America/New_York (daylight "
         "saving time ends), so it is ambiguous. Give it with its UTC offset, or pick another "
         "time."),
        ("Europe/Berlin", dt.date(2030, 10, 27), "2030-10-27T02:30",
         "Span 1: the start 2030-10-27 02:30 happens twice in Europe/Berlin"),
    ],
    ids=["ny-gap", "berlin-gap", "ny-fold", "berlin-fold"],
)  # fmt: skip
def test_local_times_in_a_dst_gap_or_fold_are_refused(speaker, zone, day, local, message):
    edition = EditionFactory(start_date=day, time_zone=zone)
    with pytest.raises(ProgramError) as exc:
        availability_set(person=speaker, edition=edition, spans=[(local, f"{day}T12:00")])
    assert exc.value.message.startswith(message)
    assert rows(speaker, edition) == []
    # A naive datetime object is read the same way as the string.
    with pytest.raises(ProgramError, match="Span 1: the start"):
        availability_set(
            person=speaker,
            edition=edition,
            spans=[(dt.datetime.fromisoformat(local), dt.datetime.combine(day, dt.time(12)))],
        )


def test_the_fold_with_an_offset_and_times_around_the_gap_are_fine(speaker):
    fold = EditionFactory(start_date=dt.date(2030, 11, 3), time_zone="America/New_York")
    availability_set(
        person=speaker,
        edition=fold,
        spans=[("2030-11-03T01:30-05:00", "2030-11-03T03:00")],  # the second 01:30 (EST)
    )
    assert rows(speaker, fold) == [
        (dt.datetime(2030, 11, 3, 6, 30, tzinfo=UTC), dt.datetime(2030, 11, 3, 8, 0, tzinfo=UTC))
    ]
    gap = EditionFactory(start_date=dt.date(2030, 3, 10), time_zone="America/New_York")
    availability_set(person=speaker, edition=gap, spans=[("2030-03-10T01:59", "2030-03-10T03:00")])
    # 01:59 EST to 03:00 EDT is one minute of real time.
    ((start, end),) = rows(speaker, gap)
    assert end - start == dt.timedelta(minutes=1)


def test_spans_outside_the_edition_days_are_refused(speaker):
    edition = EditionFactory(
        start_date=dt.date(2030, 12, 13), end_date=dt.date(2030, 12, 14), time_zone="Europe/Berlin"
    )
    # The whole two days, midnight to midnight venue time, is fine.
    availability_set(
        person=speaker, edition=edition, spans=[("2030-12-13T00:00", "2030-12-15T00:00")]
    )
    for start, end in [
        ("2030-12-12T23:00", "2030-12-13T10:00"),
        ("2030-12-14T20:00", "2030-12-15T00:01"),
    ]:
        with pytest.raises(ProgramError) as exc:
            availability_set(person=speaker, edition=edition, spans=[(start, end)])
        assert "lies outside the edition's days (Fri 13 Dec 00:00–Sun 15 Dec 00:00, " in (
            exc.value.message
        )
        assert "Europe/Berlin" in exc.value.message
    # The refused sets wrote nothing: the first set is still there.
    assert len(rows(speaker, edition)) == 1
    with pytest.raises(ProgramError, match="Span 2 .*Thu 12 Dec 23:00"):
        availability_set(
            person=speaker,
            edition=edition,
            spans=[
                ("2030-12-13T09:00", "2030-12-13T10:00"),
                ("2030-12-12T22:00Z", "2030-12-13T10:00Z"),
            ],
        )


def test_end_not_after_start_is_refused(edition, speaker):
    for start, end in [(at(10), at(10)), (at(11), at(10))]:
        with pytest.raises(ProgramError, match="Span 1 must end after it starts."):
            availability_set(person=speaker, edition=edition, spans=[(start, end)])
    assert rows(speaker, edition) == []


def test_at_most_100_spans(edition, speaker):
    base = at(0)
    spans = [
        (base + dt.timedelta(minutes=10 * n), base + dt.timedelta(minutes=10 * n + 5))
        for n in range(MAX_SPANS + 1)
    ]
    with pytest.raises(ProgramError, match=r"At most 100 spans per person and edition \(101"):
        availability_set(person=speaker, edition=edition, spans=spans)
    assert rows(speaker, edition) == []
    availability_set(person=speaker, edition=edition, spans=spans[:MAX_SPANS])
    assert len(rows(speaker, edition)) == MAX_SPANS


@pytest.mark.parametrize(
    ("span", "message"),
    [
        (("yesterday", "2030-12-13T10:00"), "Span 1: the start “yesterday” is not an ISO 8601"),
        (("2030-12-13T09:00",), "Span 1 needs a start and an end."),
        ((None, "2030-12-13T10:00"), "Span 1: the start is not a date and time."),
        (("2030-12-13T09:00", "9" * 500), "Span 1: the end is not a date and time."),
        ((dt.date(2030, 12, 13), "2030-12-13T10:00"), "Span 1: the start is not a date and time."),
    ],
)
def test_garbage_spans_are_refused_with_a_message(edition, speaker, span, message):
    with pytest.raises(ProgramError) as exc:
        availability_set(person=speaker, edition=edition, spans=[span])
    assert exc.value.message.startswith(message)


# --- the schedule warning --------------------------------------------------------------------


@pytest.fixture
def mornings(edition, speaker):
    """Ada can speak 09:00-12:00 only."""
    availability_set(person=speaker, edition=edition, spans=[(at(9), at(12))])


@pytest.fixture
def afternoon(edition, room):
    return session_create(
        edition=edition, kind=SessionKind.PAPERS, title="Afternoon", room=room,
        start=at(14), end=at(15),
    )  # fmt: skip


def test_scheduling_outside_availability_warns_in_venue_time(edition, speaker, mornings, afternoon):
    with pytest.raises(ProgramWarnings) as exc:
        item_create(
            edition=edition, session=afternoon, title="Late talk", start=at(14), end=at(14, 20),
            speakers=[(speaker, "speaker", "")],
        )  # fmt: skip
    (warning,) = exc.value.warnings
    assert warning["code"] == "speaker_unavailable"
    assert warning["person"] == speaker.pk
    # Venue time (Vancouver), not UTC (22:00).
    assert warning["message"] == (
        "Ada Speaker is not available for “Late talk” (Fri 13 Dec 14:00–Fri 13 Dec 14:20); "
        "they can speak Fri 13 Dec 09:00–Fri 13 Dec 12:00."
    )
    assert not Item.objects.filter(title="Late talk").exists()
    item = item_create(
        edition=edition, session=afternoon, title="Late talk", start=at(14), end=at(14, 20),
        speakers=[(speaker, "speaker", "")], override_warnings=True,
    )  # fmt: skip
    assert list(item.speakers.values_list("person_id", flat=True)) == [speaker.pk]


def test_inside_availability_or_without_any_no_warning(edition, speaker, mornings, session):
    # session: 09:00-10:00, inside 09:00-12:00.
    item_create(edition=edition, session=session, title="Fine", speakers=[(speaker, "speaker", "")])
    nobody = PersonFactory(name="Always Free")
    late = session_create(
        edition=edition, kind=SessionKind.PAPERS, title="Late", room=session.room,
        start=at(18), end=at(19),
    )  # fmt: skip
    item_create(edition=edition, session=late, title="Free", speakers=[(nobody, "speaker", "")])


def test_an_item_straddling_the_end_of_a_span_warns(edition, speaker, mornings, session, room):
    noon = session_create(
        edition=edition, kind=SessionKind.PAPERS, title="Noon", room=room, start=at(11),
        end=at(13),
    )  # fmt: skip
    with pytest.raises(ProgramWarnings, match="is not available"):
        item_create(edition=edition, session=noon, title="Over noon", speakers=[(speaker, "s", "")])


def test_times_tba_sessions_are_exempt(edition, speaker, mornings, room):
    tba = session_create(
        edition=edition, kind=SessionKind.PAPERS, title="TBA", room=room, start=at(14),
        end=at(15), times_tba=True,
    )  # fmt: skip
    item = item_create(
        edition=edition, session=tba, title="Some time", speakers=[(speaker, "speaker", "")]
    )
    # Announcing the times makes the check apply.
    with pytest.raises(ProgramWarnings, match="Ada Speaker is not available for “Some time”"):
        session_update(session=tba, times_tba=False)
    tba.refresh_from_db()
    assert tba.times_tba is True
    item_update(item=item, title="Renamed")  # still exempt


def test_moving_a_session_out_of_availability_warns_and_override_moves(
    edition, speaker, mornings, talk, session, room
):
    with pytest.raises(ProgramWarnings) as exc:
        session_move(session=session, room=room, start=at(16))
    assert [w["code"] for w in exc.value.warnings] == ["speaker_unavailable"]
    assert "(Fri 13 Dec 16:00–Fri 13 Dec 16:20)" in exc.value.warnings[0]["message"]
    session.refresh_from_db()
    talk.refresh_from_db()
    assert (session.start, talk.start) == (at(9), at(9))  # nothing moved
    session_move(session=session, room=room, start=at(16), override_warnings=True)
    talk.refresh_from_db()
    assert talk.start == at(16)


def test_double_booking_and_unavailability_are_both_reported(
    edition, speaker, mornings, talk, other_room
):
    parallel = session_create(
        edition=edition, kind=SessionKind.PAPERS, title="P", room=other_room, start=at(9),
        end=at(13),
    )  # fmt: skip
    with pytest.raises(ProgramWarnings) as exc:
        item_create(edition=edition, session=parallel, title="Both", speakers=[(speaker, "s", "")])
    assert sorted(w["code"] for w in exc.value.warnings) == [
        "speaker_double_booked",
        "speaker_unavailable",
    ]


# --- the API --------------------------------------------------------------------------------


def test_chair_reads_and_replaces_availability(chair_client, edition, speaker, talk):
    assert chair_client.get(_url(edition, speaker)).json() == {
        "person": speaker.pk,
        "time_zone": "America/Vancouver",
        "spans": [],
    }
    response = _put(
        chair_client,
        edition,
        speaker,
        {
            "spans": [
                {"start": "2030-12-13T13:00", "end": "2030-12-13T15:00"},
                {"start": "2030-12-13T17:00Z", "end": "2030-12-13T19:00Z"},  # 09:00-11:00
                {"start": "2030-12-13T14:30", "end": "2030-12-13T16:00"},
            ]
        },
    )
    assert response.status_code == 200, response.json()
    expected = [
        {"start": "2030-12-13T09:00:00-08:00", "end": "2030-12-13T11:00:00-08:00"},
        {"start": "2030-12-13T13:00:00-08:00", "end": "2030-12-13T16:00:00-08:00"},
    ]
    assert response.json()["spans"] == expected
    assert chair_client.get(_url(edition, speaker)).json()["spans"] == expected
    assert rows(speaker, edition) == [(at(9), at(11)), (at(13), at(16))]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"spans": "all day"}, "spans", "Expected a list of items"),
        ([{"start": "2030-12-13T09:00", "end": "2030-12-13T10:00"}], "non_field_errors", ""),
        ({"spans": [{"start": "2030-12-13T09:00"}]}, "spans", ""),
        ({"spans": [{"start": "soon", "end": "later"}]}, "spans",
         "Span 1: the start “soon” is not an ISO 8601 date and time"),
        ({"spans": [{"start": "x" * 41, "end": "2030-12-13T10:00"}]}, "spans", ""),
        ({"spans": [{"start": None, "end": "2030-12-13T10:00"}]}, "spans", ""),
        ({"spans": [{"start": 12.5, "end": "2030-12-13T10:00"}]}, "spans",
         "Span 1: the start “12.5” is not an ISO 8601"),
        ({"spans": [{"start": True, "end": "2030-12-13T10:00"}]}, "spans", "Not a valid string."),
        ({"spans": [{"start": "2030-12-13T10:00", "end": "2030-12-13T09:00"}]}, "spans",
         "Span 1 must end after it starts."),
        ({"spans": [{"start": "2031-01-01T10:00", "end": "2031-01-01T11:00"}]}, "spans",
         "Span 1 (Wed 01 Jan 10:00–Wed 01 Jan 11:00) lies outside the edition's days"),
        ({"spans": [{"start": "2030-12-13T09:00", "end": "2030-12-13T10:00"}] * 101}, "spans",
         "Ensure this field has no more than 100 elements."),
        ({"spans": [{"start": "9999-12-31T23:59+14:00", "end": "9999-12-31T23:59-12:00"}]},
         "spans", "Span 1: the end is out of range."),
    ],
    ids=["not-a-list", "bare-list", "no-end", "words", "too-long", "null", "number",
         "bool", "backwards", "outside", "101-spans", "year-9999"],
)  # fmt: skip
def test_hostile_availability_input_is_a_clear_400(
    chair_client, edition, speaker, talk, body, field, message
):
    availability_set(person=speaker, edition=edition, spans=[(at(9), at(10))])
    response = _put(chair_client, edition, speaker, body)
    assert response.status_code == 400, response.content
    data = response.json()
    assert field in data, data
    assert message in json.dumps(data, ensure_ascii=False), data
    assert rows(speaker, edition) == [(at(9), at(10))]  # untouched


def test_api_dst_gap_is_a_400_with_the_message(client, speaker):
    from emc2.enums import RoleKind
    from tests.conftest import user_with_role

    edition = EditionFactory(start_date=dt.date(2030, 3, 10), time_zone="America/New_York")
    client.force_login(user_with_role(edition, RoleKind.CHAIR, email="ny-chair@example.org"))
    chair_client = client
    item_create(edition=edition, title="Here", speakers=[(speaker, "speaker", "")])
    response = _put(
        chair_client,
        edition,
        speaker,
        {"spans": [{"start": "2030-03-10T02:30", "end": "2030-03-10T04:00"}]},
    )
    assert response.status_code == 400
    assert response.json()["spans"] == [
        "Span 1: the start 2030-03-10 02:30 does not exist in America/New_York: the clocks "
        "skip it (daylight saving time starts). Pick a time before or after the change."
    ]


def test_api_person_of_another_edition_is_a_404(chair_client, edition, other_edition):
    stranger = PersonFactory(name="Elsewhere")
    item_create(edition=other_edition, title="There", speakers=[(stranger, "speaker", "")])
    assert chair_client.get(_url(edition, stranger)).status_code == 404
    response = _put(chair_client, edition, stranger, {"spans": []})
    assert response.status_code == 404


def test_api_item_update_outside_availability_is_409_until_overridden(
    chair_client, edition, speaker, mornings, talk, afternoon
):
    url = reverse("api:program:chair-item-update", kwargs={"edition": edition.slug, "pk": talk.pk})
    body = {"session": afternoon.pk, "start": at(14).isoformat(), "end": at(14, 20).isoformat()}
    response = chair_client.patch(url, body, content_type="application/json")
    assert response.status_code == 409
    assert [w["code"] for w in response.json()["warnings"]] == ["speaker_unavailable"]
    talk.refresh_from_db()
    assert talk.session_id != afternoon.pk
    response = chair_client.patch(
        url, {**body, "override_warnings": True}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    talk.refresh_from_db()
    assert talk.session_id == afternoon.pk


# --- the import ----------------------------------------------------------------------------


def _import(client, edition, data, **extra):
    return client.post(
        reverse("api:program:chair-import", kwargs={"edition": edition.slug}),
        {"file": SimpleUploadedFile("schedule.json", data), **extra},
    )


def test_import_preview_lists_availability_warnings_and_confirm_needs_override(
    client, chair_client, edition, speaker, chair
):
    source = EditionFactory(slug="2030-source", title="Source")
    src_room = room_create(edition=source, name="Hall")
    late = session_create(
        edition=source, kind=SessionKind.PAPERS, title="Late papers", room=src_room,
        start=at(15), end=at(16),
    )  # fmt: skip
    item_create(
        edition=source, session=late, title="Imported talk", speakers=[(speaker, "speaker", "")]
    )
    release_publish(edition=source)
    data = client.get(
        reverse("program:public-export", kwargs={"edition": source.slug, "name": "schedule.json"})
    ).content
    availability_set(person=speaker, edition=edition, spans=[(at(9), at(12))])

    preview = _import(chair_client, edition, data)
    assert preview.status_code == 200, preview.json()
    assert preview.json()["schedule_warnings"] == [
        {
            "code": "speaker_unavailable",
            "field": "speakers",
            "message": "Ada Speaker is not available for “Imported talk” (Fri 13 Dec 15:00–Fri "
            "13 Dec 16:00); they can speak Fri 13 Dec 09:00–Fri 13 Dec 12:00.",
        }
    ]
    assert not Session.objects.filter(edition=edition).exists()  # the trial was rolled back

    refused = _import(chair_client, edition, data, confirm="true")
    assert refused.status_code == 409
    assert [w["code"] for w in refused.json()["warnings"]] == ["speaker_unavailable"]
    assert not Session.objects.filter(edition=edition).exists()
    assert not Item.objects.filter(edition=edition).exists()

    done = _import(chair_client, edition, data, confirm="true", override_warnings="true")
    assert done.status_code == 201, done.json()
    assert list(Item.objects.filter(edition=edition).values_list("title", flat=True)) == [
        "Imported talk"
    ]


def test_import_preview_without_conflicts_has_no_schedule_warnings(client, chair_client, edition):
    source = EditionFactory(slug="2030-source2", title="Source")
    room = room_create(edition=source, name="Hall")
    session_create(
        edition=source, kind=SessionKind.PAPERS, title="S", room=room, start=at(9), end=at(10)
    )
    release_publish(edition=source)
    data = client.get(
        reverse("program:public-export", kwargs={"edition": source.slug, "name": "schedule.json"})
    ).content
    assert _import(chair_client, edition, data).json()["schedule_warnings"] == []
    assert _import(chair_client, edition, data, confirm="true").status_code == 201


# --- the pages: the invited speaker's profile, the chair's page --------------------------------


def _rows(edition, *pairs, total=None):
    p = f"availability-{edition.pk}"
    data = {f"{p}-TOTAL_FORMS": str(total or len(pairs)), f"{p}-INITIAL_FORMS": "0"}
    for n, (start, end) in enumerate(pairs):
        data[f"{p}-{n}-start"] = start
        data[f"{p}-{n}-end"] = end
    return data


def _profile(person):
    from emc2.services import person_profile_token

    token = person_profile_token(person=person)
    return token, reverse("person-profile-invited", kwargs={"token": token})


def test_profile_page_shows_availability_rows_in_venue_time(client, edition, speaker, talk):
    availability_set(person=speaker, edition=edition, spans=[(at(9), at(12))])
    token, url = _profile(speaker)
    body = client.get(url).content.decode()
    p = f"availability-{edition.pk}"
    assert f'<h2 id="{p}-h">When you can speak at Test edition</h2>' in body
    action = reverse(
        "program:speaker-availability", kwargs={"edition": edition.slug, "token": token}
    )
    assert f'action="{action}"' in body
    assert "Times are venue time, America/Vancouver" in body
    assert "<legend>Time span 1</legend>" in body
    assert f'<label for="id_{p}-0-start">From' in body
    assert f'<label for="id_{p}-0-end">To' in body
    assert 'value="2030-12-13T09:00"' in body
    assert 'min="2030-12-13T00:00"' in body and 'max="2030-12-14T00:00"' in body
    assert 'value="2030-12-13T12:00"' in body
    assert "<legend>Time span 4</legend>" in body  # three empty rows to add more


def test_speaker_saves_availability_from_the_profile_page(client, edition, speaker, talk):
    token, profile = _profile(speaker)
    url = reverse("program:speaker-availability", kwargs={"edition": edition.slug, "token": token})
    data = _rows(
        edition,
        ("2030-12-13T13:00", "2030-12-13T15:00"),
        ("", ""),  # an empty row is skipped
        ("2030-12-13T09:00", "2030-12-13T10:00"),
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"{profile}#availability-{edition.pk}"
    assert rows(speaker, edition) == [(at(9), at(10)), (at(13), at(15))]
    assert "Availability for Test edition saved." in client.get(profile).content.decode()
    # Emptying every row means available all the time.
    client.post(url, _rows(edition, ("", "")))
    assert rows(speaker, edition) == []


def test_speaker_form_errors_are_shown_and_nothing_saved(client, speaker):
    edition = EditionFactory(start_date=dt.date(2030, 3, 10), time_zone="America/New_York")
    item_create(edition=edition, title="NY talk", speakers=[(speaker, "speaker", "")])
    availability_set(
        person=speaker, edition=edition, spans=[("2030-03-10T09:00", "2030-03-10T10:00")]
    )
    before = rows(speaker, edition)
    token, _ = _profile(speaker)
    url = reverse("program:speaker-availability", kwargs={"edition": edition.slug, "token": token})
    body = client.post(url, _rows(edition, ("2030-03-10T02:30", "2030-03-10T04:00"))).content
    assert "the start 2030-03-10 02:30 does not exist in America/New_York" in body.decode()
    body = client.post(url, _rows(edition, ("2030-03-10T09:00", ""))).content.decode()
    assert "Give both a start and an end, or leave the row empty." in body
    body = client.post(url, _rows(edition, ("2030-03-11T09:00", "2030-03-11T10:00"))).content
    assert "lies outside the edition&#x27;s days" in body.decode()
    assert rows(speaker, edition) == before


def test_profile_page_without_upcoming_talks_has_no_availability(client, edition, speaker):
    _, url = _profile(speaker)
    body = client.get(url).content.decode()
    assert "Your speaker profile" in body
    assert "When you can speak" not in body


def test_profile_page_queries_do_not_grow_with_editions(
    client, speaker, django_assert_max_num_queries
):
    for n in range(4):
        edition = EditionFactory(slug=f"2030-many-{n}")
        item_create(edition=edition, title=f"Talk {n}", speakers=[(speaker, "speaker", "")])
        availability_set(person=speaker, edition=edition, spans=[(at(9), at(10))])
    _, url = _profile(speaker)
    with django_assert_max_num_queries(8):
        body = client.get(url).content.decode()
    assert body.count("When you can speak at") == 4


def test_chair_page_lists_and_replaces_spans(chair_client, edition, speaker, talk):
    availability_set(person=speaker, edition=edition, spans=[(at(9), at(12))])
    url = reverse(
        "program:chair-person-availability", kwargs={"edition": edition.slug, "pk": speaker.pk}
    )
    edit = reverse("program:chair-item-edit", kwargs={"edition": edition.slug, "pk": talk.pk})
    assert (
        f'<a href="{url}">Availability of Ada Speaker</a>'
        in chair_client.get(edit).content.decode()
    )
    body = chair_client.get(url).content.decode()
    assert "<h1>Availability of Ada Speaker</h1>" in body
    assert "<li>Fri 13 Dec 09:00–Fri 13 Dec 12:00</li>" in body
    response = chair_client.post(url, _rows(edition, ("2030-12-13T14:00", "2030-12-13T16:00")))
    assert response.status_code == 302
    assert rows(speaker, edition) == [(at(14), at(16))]
    body = chair_client.post(url, _rows(edition, ("2030-12-13T16:00", "2030-12-13T14:00"))).content
    assert "Span 1 must end after it starts." in body.decode()
    assert rows(speaker, edition) == [(at(14), at(16))]


def test_speaker_link_works_only_for_editions_they_speak_in(client, edition, speaker, talk):
    elsewhere = EditionFactory(slug="2030-elsewhere")
    token, _ = _profile(speaker)
    url = reverse(
        "program:speaker-availability", kwargs={"edition": elsewhere.slug, "token": token}
    )
    assert client.get(url).status_code == 404
    response = client.post(url, _rows(elsewhere, ("2030-12-13T09:00", "2030-12-13T10:00")))
    assert response.status_code == 404
    assert rows(speaker, elsewhere) == []
    bad = reverse(
        "program:speaker-availability", kwargs={"edition": edition.slug, "token": token + "x"}
    )
    assert (
        client.post(bad, _rows(edition, ("2030-12-13T09:00", "2030-12-13T10:00"))).status_code
        == 404
    )
    assert rows(speaker, edition) == []
