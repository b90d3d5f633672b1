import datetime as dt

import pytest

from emc2.enums import AOE, DateKey
from emc2.selectors import deadline_passed, edition_list_for_user
from tests.factories.emc2 import EditionFactory, ImportantDateFactory

AOE_TZ = dt.timezone(dt.timedelta(hours=-12))


def test_edition_list_for_user_hides_unpublished_from_others(actors, edition):
    hidden = EditionFactory(published=False)
    assert hidden not in edition_list_for_user(user=actors["pc_member"])
    assert edition in edition_list_for_user(user=actors["pc_member"])


def test_edition_list_for_user_shows_unpublished_to_its_chair(actors, edition):
    edition.published = False
    edition.save()
    assert list(edition_list_for_user(user=actors["chair"]).filter(pk=edition.pk)) == [edition]
    assert (
        list(edition_list_for_user(user=actors["chair_other_edition"]).filter(pk=edition.pk)) == []
    )


@pytest.mark.parametrize(
    ("now", "passed"),
    [
        # 23:59:59 AoE on Sep 1 is 11:59:59 UTC on Sep 2.
        (dt.datetime(2030, 9, 2, 11, 59, 58, tzinfo=dt.UTC), False),
        (dt.datetime(2030, 9, 2, 11, 59, 59, tzinfo=dt.UTC), False),
        (dt.datetime(2030, 9, 2, 12, 0, 0, tzinfo=dt.UTC), True),
    ],
    ids=["one-second-before", "at-the-deadline", "one-second-after"],
)
def test_deadline_passed_in_anywhere_on_earth(edition, now, passed):
    ImportantDateFactory(
        edition=edition,
        key=DateKey.SUBMISSION,
        time_zone=AOE,
        at=dt.datetime(2030, 9, 1, 23, 59, 59, tzinfo=AOE_TZ),
    )
    assert deadline_passed(edition=edition, key=DateKey.SUBMISSION, now=now) is passed


def test_deadline_passed_honours_the_extension(edition):
    ImportantDateFactory(
        edition=edition,
        key=DateKey.SUBMISSION,
        at=dt.datetime(2030, 9, 1, 23, 59, tzinfo=AOE_TZ),
        extended_at=dt.datetime(2030, 9, 8, 23, 59, tzinfo=AOE_TZ),
    )
    now = dt.datetime(2030, 9, 5, tzinfo=dt.UTC)
    assert deadline_passed(edition=edition, key=DateKey.SUBMISSION, now=now) is False


def test_deadline_passed_without_a_date_is_false(edition):
    assert deadline_passed(edition=edition, key=DateKey.CAMERA_READY) is False
