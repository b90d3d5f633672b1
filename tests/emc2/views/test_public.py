import datetime as dt
import re

import pytest
from django.urls import reverse

from emc2.enums import AOE
from tests.factories.emc2 import (
    EditionFactory,
    ImportantDateFactory,
    RoleFactory,
    SponsorFactory,
    TopicFactory,
)

AOE_TZ = dt.timezone(dt.timedelta(hours=-12))


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_home_lists_upcoming_first_and_past_newest_first(client, db):
    EditionFactory(title="Fifth", start_date=dt.date(2019, 12, 13))
    EditionFactory(title="Eighth", start_date=dt.date(2023, 2, 14))
    EditionFactory(title="Next one", start_date=dt.date(2099, 7, 1))
    EditionFactory(title="Secret", start_date=dt.date(2098, 7, 1), published=False)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert [e.title for e in response.context["upcoming"]] == ["Next one"]
    assert [e.title for e in response.context["past"]] == ["Eighth", "Fifth"]
    assert "Secret" not in response.content.decode()


def test_edition_page_shows_cfp_topics_dates_organizers_sponsors(client, edition):
    TopicFactory(edition=edition, name="Hardware/software techniques for sparsity")
    RoleFactory(edition=edition, kind="organizer", title="Publicity Chair", person__name="Ada L")
    SponsorFactory(edition=edition, name="Qualcomm")
    edition.room = "146A"
    edition.save()
    text = _text(client.get(edition.get_absolute_url()))
    assert "Hardware/software techniques for sparsity" in text
    assert "Ada L" in text and "Publicity Chair" in text
    assert "Qualcomm" in text
    assert "<dt>Room</dt><dd>146A</dd>" in text


def test_edition_page_shows_dates_in_aoe_with_extension(client, edition):
    ImportantDateFactory(
        edition=edition,
        name="Acceptance notification",
        time_zone=AOE,
        at=dt.datetime(2019, 9, 23, 23, 59, tzinfo=AOE_TZ),
        extended_at=dt.datetime(2019, 10, 1, 23, 59, tzinfo=AOE_TZ),
    )
    text = _text(client.get(edition.get_absolute_url()))
    assert (
        '<del><time datetime="2019-09-24T11:59:00+00:00">September 23, 2019, 23:59</time></del>'
        in text
    )
    assert "<strong>extended</strong> to" in text
    assert "October 1, 2019, 23:59</time> AoE" in text


def test_edition_page_does_not_render_script_from_objective(client, edition):
    edition.objective = 'Fast nets.<script>alert("owned")</script>'
    edition.save()
    html = client.get(edition.get_absolute_url()).content.decode()
    assert "Fast nets." in html
    assert 'alert("owned")' not in html


def test_unpublished_edition_is_404_for_the_public_and_shown_to_its_chair(client, actors, edition):
    edition.published = False
    edition.save()
    assert client.get(edition.get_absolute_url()).status_code == 404
    client.force_login(actors["chair"])
    response = client.get(edition.get_absolute_url())
    assert response.status_code == 200
    assert "not published" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_edition_page_query_count_is_constant(client, edition, rows, django_assert_max_num_queries):
    for i in range(rows):
        TopicFactory(edition=edition)
        SponsorFactory(edition=edition)
        ImportantDateFactory(edition=edition, name=f"Date {i}")
        RoleFactory(edition=edition, kind="organizer")
    with django_assert_max_num_queries(10):
        assert client.get(edition.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [1, 5])
def test_home_query_count_is_constant(client, db, rows, django_assert_max_num_queries):
    for _ in range(rows):
        EditionFactory()
    with django_assert_max_num_queries(4):
        assert client.get(reverse("home")).status_code == 200


def test_person_page_lists_roles_in_published_editions_only(client, edition):
    role = RoleFactory(edition=edition, kind="organizer", title="Web Chair")
    hidden = EditionFactory(published=False, title="Hidden edition")
    RoleFactory(edition=hidden, person=role.person, kind="chair")
    text = _text(client.get(role.person.get_absolute_url()))
    assert "Web Chair" in text
    assert "Hidden edition" not in text
