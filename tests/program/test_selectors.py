import datetime as dt
import zoneinfo

import pytest

from program.enums import SessionKind
from program.models import Item
from program.selectors import (
    featured_speakers,
    person_talks_public,
    program_days,
    similar_talks,
    snapshot_item,
)
from program.services import item_create, release_publish, room_create, session_create
from tests.factories.program import at

pytestmark = pytest.mark.django_db


def test_program_days_groups_by_venue_day_and_a_far_zone_shifts_the_day(published):
    snapshot = published.snapshot
    venue = program_days(snapshot=snapshot, tz=zoneinfo.ZoneInfo("America/Vancouver"))
    tokyo = program_days(snapshot=snapshot, tz=zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert [d["date"] for d in venue] == [dt.date(2030, 12, 13)]
    assert venue[0]["sessions"][0]["start_dt"].strftime("%H:%M") == "09:00"
    # 09:00 in Vancouver (UTC-8) is 02:00 the next day in Tokyo (UTC+9).
    assert [d["date"] for d in tokyo] == [dt.date(2030, 12, 14)]
    assert tokyo[0]["sessions"][0]["start_dt"].strftime("%H:%M") == "02:00"


def test_program_days_filters_by_kind(published):
    assert program_days(snapshot=published.snapshot, tz=dt.UTC, kind="keynote") == []
    assert len(program_days(snapshot=published.snapshot, tz=dt.UTC, kind="papers")) == 1


def test_snapshot_item_unknown_is_404(published):
    from django.http import Http404

    with pytest.raises(Http404):
        snapshot_item(snapshot=published.snapshot, pk=999999)


def _keynote(edition, person, title, day):
    room = room_create(edition=edition, name=f"Hall {edition.pk}")
    start = at(9, day=day)
    session = session_create(
        edition=edition,
        kind=SessionKind.KEYNOTE,
        title="Keynote",
        room=room,
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    return item_create(
        edition=edition,
        session=session,
        title=title,
        abstract="Efficient on-device training of transformers.",
        speakers=[(person, "speaker", "")],
    )


def test_person_talks_join_editions_and_skip_unpublished(edition, other_edition, speaker):
    first = _keynote(edition, speaker, "Transformers on phones", dt.date(2030, 12, 13))
    second = _keynote(other_edition, speaker, "Training on microcontrollers", dt.date(2031, 7, 1))
    release_publish(edition=edition)
    release_publish(edition=other_edition)
    assert [t["id"] for t in person_talks_public(person=speaker)] == [second.pk, first.pk]
    other_edition.published = False
    other_edition.save()
    assert [t["id"] for t in person_talks_public(person=speaker)] == [first.pk]


def test_person_talks_ignore_draft_changes(edition, speaker):
    _keynote(edition, speaker, "Published talk", dt.date(2030, 12, 13))
    release_publish(edition=edition)
    item_create(edition=edition, title="Draft only", speakers=[(speaker, "speaker", "")])
    assert [t["title"] for t in person_talks_public(person=speaker)] == ["Published talk"]


def test_featured_speakers_lists_keynotes_of_the_release(edition, speaker):
    assert featured_speakers(edition=edition) is None
    item = _keynote(edition, speaker, "Big ideas", dt.date(2030, 12, 13))
    release_publish(edition=edition)
    featured = featured_speakers(edition=edition)
    assert ([k["id"] for k in featured["keynotes"]], featured["invited"]) == ([item.pk], [])


def test_similar_talks_ranks_by_shared_words_across_editions(edition, other_edition, speaker):
    a = _keynote(edition, speaker, "Transformers on phones", dt.date(2030, 12, 13))
    b = _keynote(other_edition, speaker, "Transformers on microcontrollers", dt.date(2031, 7, 1))
    release_publish(edition=edition)
    release_publish(edition=other_edition)
    item = snapshot_item(snapshot=edition.releases.get().snapshot, pk=a.pk)
    assert [t["id"] for t in similar_talks(edition=edition, item=item)] == [b.pk]


def test_similar_talks_share_more_than_stop_words(edition, speaker):
    first = _keynote(edition, speaker, "Between the layers", dt.date(2030, 12, 13))
    talks = [first] + [
        item_create(
            edition=edition,
            session=first.session,
            title=title,
            abstract="",
        )
        for i, title in [(1, "Between the devices"), (2, "Sparse layers")]
    ]
    Item.objects.filter(pk=first.pk).update(abstract="")
    release_publish(edition=edition)
    item = snapshot_item(snapshot=edition.releases.get().snapshot, pk=talks[0].pk)
    assert [t["id"] for t in similar_talks(edition=edition, item=item)] == [talks[2].pk]
