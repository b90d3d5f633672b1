"""Creating editions (staff) and managing organizers (chairs) through the API."""

import pytest
from django.urls import reverse

from emc2.enums import RoleKind
from emc2.models import Edition, Role, Topic
from papers.models import ReviewField
from program.models import Room
from program.services import room_create
from tests.factories.emc2 import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(email="staff@example.org", is_staff=True))
    return client


def _create(client, **extra):
    body = {"number": 9, "title": "The 9th EMC2", "slug": "2031-next", "start_date": "2031-02-14"}
    return client.post(
        reverse("api:edition-list"), {**body, **extra}, content_type="application/json"
    )


def test_staff_creates_edition_copying_settings_topics_rooms_and_review_form(
    staff_client, edition, chair
):
    Topic.objects.create(edition=edition, name="Quantization", order=0)
    room_create(edition=edition, name="146A")
    ReviewField.objects.create(edition=edition, key="overall", label="Overall", order=0)
    response = _create(
        staff_client, copy_from=edition.slug, chairs=[{"name": "C", "email": chair.email}]
    )
    assert response.status_code == 201, response.json()
    new = Edition.objects.get(slug="2031-next")
    assert response.json()["topics"] == ["Quantization"]
    assert new.time_zone == edition.time_zone == "America/Vancouver"
    assert list(Room.objects.filter(edition=new).values_list("name", flat=True)) == ["146A"]
    assert list(ReviewField.objects.filter(edition=new).values_list("key", flat=True)) == [
        "overall"
    ]
    assert chair.has_perm("program.change_program", new)
    # The source is untouched.
    assert Room.objects.filter(edition=edition).count() == 1


@pytest.mark.parametrize("actor", ["chair", "stranger", "chair_other_edition"])
def test_non_staff_cannot_create_editions(client, actors, actor):
    client.force_login(actors[actor])
    before = Edition.objects.count()
    response = _create(client)
    assert response.status_code == 403
    assert Edition.objects.count() == before


def test_duplicate_slug_is_a_400(staff_client, edition):
    response = _create(staff_client, slug=edition.slug)
    assert response.status_code == 400
    assert "slug" in response.json()


def test_chair_orders_organizers_with_role_titles(chair_client, edition):
    url = reverse("api:organizer-list", kwargs={"edition": edition.slug})
    a = chair_client.post(
        url, {"kind": "organizer", "name": "Fanny Nina Paravecino", "title": "General Chair"}
    ).json()
    b = chair_client.post(url, {"kind": "organizer", "name": "Satyam Srivastava"}).json()
    chair_client.patch(
        reverse("api:organizer-detail", kwargs={"edition": edition.slug, "pk": b["id"]}),
        {"order": 0, "title": "Program Chair"},
        content_type="application/json",
    )
    chair_client.patch(
        reverse("api:organizer-detail", kwargs={"edition": edition.slug, "pk": a["id"]}),
        {"order": 1},
        content_type="application/json",
    )
    organizers = [
        (o["name"], o["title"]) for o in chair_client.get(url).json() if o["kind"] == "organizer"
    ]
    assert organizers == [
        ("Satyam Srivastava", "Program Chair"),
        ("Fanny Nina Paravecino", "General Chair"),
    ]


def test_other_editions_chair_cannot_add_organizers(client, actors, edition):
    client.force_login(actors["chair_other_edition"])
    url = reverse("api:organizer-list", kwargs={"edition": edition.slug})
    response = client.post(url, {"kind": "chair", "name": "Intruder"})
    assert response.status_code == 403
    assert not Role.objects.filter(edition=edition, person__name="Intruder").exists()
    assert Role.objects.filter(edition=edition, kind=RoleKind.CHAIR).count() == 1
