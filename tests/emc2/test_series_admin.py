"""Series admins: who may open a new edition of a series (API and page), and staff managing
who is one. A series admin's right stops at the edge of their own series."""

import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from emc2.models import Edition, SeriesAdmin, Topic
from emc2.services import series_admin_add
from papers.models import ReviewField
from program.models import Room
from program.services import room_create
from tests.factories.emc2 import EditionFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_series(db):
    return SeriesFactory(name="Another workshop series", short_name="OTHER")


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.org", is_staff=True, first_name="Stacy")


@pytest.fixture
def series_admin(edition):
    user = UserFactory(email="series-admin@example.org", first_name="Sam", last_name="Admin")
    series_admin_add(series=edition.series, user=user)
    return user


@pytest.fixture
def other_series_admin(other_series):
    user = UserFactory(email="other-admin@example.org")
    series_admin_add(series=other_series, user=user)
    return user


@pytest.fixture
def people(staff, series_admin, other_series_admin, chair):
    return {
        "staff": staff,
        "series_admin": series_admin,
        "other_series_admin": other_series_admin,
        "chair": chair,
        "anonymous": AnonymousUser(),
    }


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


ALLOWED = [
    ("staff", True),
    ("series_admin", True),
    ("other_series_admin", False),
    ("chair", False),
    ("anonymous", False),
]


# --- the predicate ----------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "allowed"), ALLOWED)
def test_add_edition_permission(people, who, allowed, edition):
    assert people[who].has_perm("emc2.add_edition", edition.series) is allowed
    # An edition stands for its series.
    assert people[who].has_perm("emc2.add_edition", edition) is allowed


def test_series_admin_of_other_series_may_create_there_only(other_series_admin, other_series):
    assert other_series_admin.has_perm("emc2.add_edition", other_series) is True


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("staff", True), ("series_admin", False), ("chair", False), ("anonymous", False)],
)
def test_manage_series_permission(people, who, allowed, edition):
    assert people[who].has_perm("emc2.manage_series", edition.series) is allowed


def test_series_admin_once_per_series(series_admin, edition):
    from emc2.exceptions import Emc2Error

    with pytest.raises(Emc2Error, match="already an admin"):
        series_admin_add(series=edition.series, user=series_admin)
    assert SeriesAdmin.objects.filter(user=series_admin).count() == 1


# --- API: creating editions ------------------------------------------------------------------


def _api_create(client, **extra):
    body = {"number": 9, "title": "The 9th EMC2", "slug": "2031-next", "start_date": "2031-02-14"}
    return client.post(
        reverse("api:edition-list"), {**body, **extra}, content_type="application/json"
    )


@pytest.mark.parametrize(("who", "allowed"), ALLOWED)
def test_api_edition_create_per_actor(client, people, who, allowed, edition):
    if who != "anonymous":
        client.force_login(people[who])
    response = _api_create(client, series=edition.series.pk)
    if allowed:
        assert response.status_code == 201, response.json()
        assert response.json()["slug"] == "2031-next"
        assert Edition.objects.get(slug="2031-next").series == edition.series
    else:
        expected = 401 if who == "anonymous" else 403
        assert response.status_code == expected
        assert "detail" in response.json()
        assert not Edition.objects.filter(slug="2031-next").exists()


def test_api_series_admin_copies_an_edition_of_their_series(client, series_admin, edition):
    Topic.objects.create(edition=edition, name="Quantization", order=0)
    room_create(edition=edition, name="146A")
    ReviewField.objects.create(edition=edition, key="overall", label="Overall", order=0)
    client.force_login(series_admin)
    response = _api_create(
        client,
        series=edition.series.pk,
        copy_from=edition.slug,
        chairs=[{"name": "Sam Admin", "email": series_admin.email}],
    )
    assert response.status_code == 201, response.json()
    new = Edition.objects.get(slug="2031-next")
    assert response.json()["topics"] == ["Quantization"]
    assert new.time_zone == "America/Vancouver"
    assert list(Room.objects.filter(edition=new).values_list("name", flat=True)) == ["146A"]
    assert list(ReviewField.objects.filter(edition=new).values_list("key", flat=True)) == [
        "overall"
    ]
    assert series_admin.has_perm("emc2.change_edition", new)


def test_api_series_admin_without_series_copies_into_the_source_series(
    client, series_admin, edition
):
    client.force_login(series_admin)
    response = _api_create(client, copy_from=edition.slug)
    assert response.status_code == 201, response.json()
    assert Edition.objects.get(slug="2031-next").series == edition.series


def test_api_series_admin_cannot_create_in_another_series(
    client, series_admin, other_series, edition
):
    client.force_login(series_admin)
    response = _api_create(client, series=other_series.pk)
    assert response.status_code == 403
    assert response.json() == {"detail": "Permission denied."}
    assert not Edition.objects.filter(slug="2031-next").exists()


def test_api_series_admin_cannot_copy_from_another_series_through_copy_from(
    client, other_series_admin, edition
):
    """Without ``series`` the source's series is taken: still not theirs."""
    client.force_login(other_series_admin)
    response = _api_create(client, copy_from=edition.slug)
    assert response.status_code == 403
    assert not Edition.objects.filter(slug="2031-next").exists()


def test_api_copy_from_must_be_of_the_same_series(
    client, other_series_admin, edition, other_series
):
    client.force_login(other_series_admin)
    response = _api_create(client, series=other_series.pk, copy_from=edition.slug)
    assert response.status_code == 400
    assert response.json()["copy_from"] == ["The edition to copy from belongs to another series."]
    assert not Edition.objects.filter(slug="2031-next").exists()


@pytest.mark.parametrize("who", ["chair", "anonymous"])
def test_api_refuses_the_unentitled_before_reading_their_input(client, people, who):
    """Someone who may create editions nowhere learns nothing from validation messages."""
    if who != "anonymous":
        client.force_login(people[who])
    response = client.post(
        reverse("api:edition-list"), {"series": "x", "slug": "??"}, content_type="application/json"
    )
    assert response.status_code == (401 if who == "anonymous" else 403)
    assert set(response.json()) == {"detail"}


def test_api_unknown_series_is_a_400(client, staff):
    client.force_login(staff)
    response = _api_create(client, series=987654)
    assert response.status_code == 400
    assert response.json()["series"] == ["No such series."]


def test_api_duplicate_slug_is_a_400_for_a_series_admin(client, series_admin, edition):
    client.force_login(series_admin)
    response = _api_create(client, series=edition.series.pk, slug=edition.slug)
    assert response.status_code == 400
    assert "slug" in response.json()
    assert Edition.objects.filter(slug=edition.slug).count() == 1


# --- API: who is a series admin (staff only) ------------------------------------------------


def _admins_url(series):
    return reverse("api:series-admin-list", kwargs={"series": series.pk})


def test_staff_lists_adds_and_removes_series_admins(client, staff, series_admin, edition):
    client.force_login(staff)
    url = _admins_url(edition.series)
    listed = client.get(url).json()
    assert [(a["user"], a["email"], a["name"]) for a in listed] == [
        (series_admin.pk, "series-admin@example.org", "Sam Admin")
    ]
    newcomer = UserFactory(email="newcomer@example.org")
    response = client.post(url, {"email": "NEWCOMER@example.org"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["user"] == newcomer.pk
    assert newcomer.has_perm("emc2.add_edition", edition.series)
    response = client.delete(
        reverse(
            "api:series-admin-detail", kwargs={"series": edition.series.pk, "user": newcomer.pk}
        )
    )
    assert response.status_code == 204
    assert not SeriesAdmin.objects.filter(user=newcomer).exists()
    assert [a["user"] for a in client.get(url).json()] == [series_admin.pk]


def test_staff_adding_twice_or_nobody_is_a_400(client, staff, series_admin, edition):
    client.force_login(staff)
    url = _admins_url(edition.series)
    twice = client.post(url, {"user": series_admin.pk}, content_type="application/json")
    assert twice.status_code == 400
    assert twice.json()["user"] == ["series-admin@example.org is already an admin of this series."]
    nobody = client.post(url, {"user": 987654}, content_type="application/json")
    assert (nobody.status_code, nobody.json()["user"]) == (400, ["No such account."])
    empty = client.post(url, {}, content_type="application/json")
    assert empty.status_code == 400
    assert "Give the account's id" in str(empty.json())
    assert SeriesAdmin.objects.count() == 1


def test_removing_a_non_admin_is_a_404(client, staff, chair, edition):
    client.force_login(staff)
    response = client.delete(
        reverse("api:series-admin-detail", kwargs={"series": edition.series.pk, "user": chair.pk})
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["series_admin", "other_series_admin", "chair"])
def test_non_staff_cannot_manage_series_admins(client, people, who, edition):
    client.force_login(people[who])
    url = _admins_url(edition.series)
    assert client.get(url).status_code == 403
    response = client.post(url, {"user": people[who].pk}, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}
    assert not SeriesAdmin.objects.filter(user=people["chair"]).exists()
    response = client.delete(
        reverse(
            "api:series-admin-detail",
            kwargs={"series": edition.series.pk, "user": people["series_admin"].pk},
        )
    )
    assert response.status_code == 403
    assert SeriesAdmin.objects.filter(user=people["series_admin"]).exists()


def test_anonymous_cannot_list_series_admins(client, edition):
    assert client.get(_admins_url(edition.series)).status_code == 401


# --- the "New edition" page -----------------------------------------------------------------


def _page(series):
    return reverse("series-edition-create", kwargs={"series": series.pk})


def _form(**extra):
    return {
        "title": "EMC2 2031",
        "slug": "2031-page",
        "number": "12",
        "start_date": "2031-06-01",
        "end_date": "2031-06-02",
        "time_zone": "",
        "venue": "Hall B",
        "city": "Seattle",
        "copy_from": "",
        "make_me_chair": "on",
        **extra,
    }


@pytest.mark.parametrize(("who", "allowed"), ALLOWED)
def test_new_edition_page_per_actor(client, people, who, allowed, edition):
    if who != "anonymous":
        client.force_login(people[who])
    response = client.get(_page(edition.series))
    if allowed:
        assert response.status_code == 200
        text = text_of(response)
        assert f"New edition of {edition.series.name}" in text
        assert edition.title in text  # offered as a source to copy from
    elif who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 403
    posted = client.post(_page(edition.series), _form())
    assert Edition.objects.filter(slug="2031-page").exists() is allowed
    if allowed:
        assert posted.status_code == 302


def test_new_edition_page_labels_every_field(client, series_admin, edition):
    client.force_login(series_admin)
    body = client.get(_page(edition.series)).content.decode()
    for field in ("title", "slug", "number", "start_date", "end_date", "time_zone", "venue"):
        assert f'<label for="id_{field}">' in body
    assert '<label for="id_copy_from">Copy from</label>' in body
    assert 'name="number" value="' in body  # the next number is offered


def test_series_admin_creates_a_copy_through_the_page(client, series_admin, edition):
    Topic.objects.create(edition=edition, name="Sparsity", order=0)
    room_create(edition=edition, name="Ballroom")
    client.force_login(series_admin)
    response = client.post(_page(edition.series), _form(copy_from=str(edition.pk)))
    new = Edition.objects.get(slug="2031-page")
    assert response.status_code == 302
    assert response["Location"] == reverse("chair-home", kwargs={"edition": new.slug})
    assert (new.title, new.venue, new.city, new.number) == ("EMC2 2031", "Hall B", "Seattle", 12)
    assert new.published is False
    assert new.time_zone == "America/Vancouver"  # copied: the form left it empty
    assert list(new.topics.values_list("name", flat=True)) == ["Sparsity"]
    assert list(Room.objects.filter(edition=new).values_list("name", flat=True)) == ["Ballroom"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Created EMC2 2031." in text_of(page)


def test_page_of_another_series_is_forbidden_to_a_series_admin(client, series_admin, other_series):
    client.force_login(series_admin)
    assert client.get(_page(other_series)).status_code == 403
    client.post(_page(other_series), _form())
    assert not Edition.objects.filter(slug="2031-page").exists()


def test_page_refuses_a_source_of_another_series(client, other_series_admin, other_series, edition):
    client.force_login(other_series_admin)
    response = client.post(_page(other_series), _form(copy_from=str(edition.pk)))
    assert response.status_code == 200
    assert "Select a valid choice" in text_of(response)
    assert not Edition.objects.filter(slug="2031-page").exists()


def test_page_shows_duplicate_slug_and_bad_zone_as_form_errors(client, series_admin, edition):
    client.force_login(series_admin)
    response = client.post(_page(edition.series), _form(slug=edition.slug))
    assert response.status_code == 200
    assert "Edition with this Slug already exists." in text_of(response)
    assert 'id="id_slug_error"' in response.content.decode()
    response = client.post(_page(edition.series), _form(time_zone="Mars/Olympus"))
    assert response.status_code == 200
    assert 'id="id_time_zone_error"' in response.content.decode()
    assert (
        Edition.objects.filter(series=edition.series).count()
        == 1 + Edition.objects.filter(series=edition.series).exclude(pk=edition.pk).count()
    )
    assert not Edition.objects.filter(slug="2031-page").exists()


def test_page_of_a_missing_series_is_a_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("series-edition-create", kwargs={"series": 987654})).status_code == (
        404
    )


# --- where the link shows ------------------------------------------------------------------


@pytest.mark.parametrize(("who", "allowed"), ALLOWED)
def test_home_links_new_edition_only_for_those_allowed(client, people, who, allowed, edition):
    if who != "anonymous":
        client.force_login(people[who])
    body = client.get(reverse("home")).content.decode()
    assert (f'href="{_page(edition.series)}"' in body) is allowed


def test_home_links_a_series_admin_to_their_own_series(
    client, other_series_admin, other_series, edition
):
    client.force_login(other_series_admin)
    body = client.get(reverse("home")).content.decode()
    assert f'href="{_page(other_series)}"' in body
    assert f'href="{_page(edition.series)}"' not in body


@pytest.mark.parametrize("rows", [1, 5])
def test_home_queries_constant_in_the_number_of_series(
    client, staff, rows, django_assert_max_num_queries
):
    for n in range(rows):
        series = SeriesFactory(name=f"Series {n}", short_name=f"S{n}")
        EditionFactory(series=series)
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        body = client.get(reverse("home")).content.decode()
    assert body.count('/editions/new/">New edition') == rows
