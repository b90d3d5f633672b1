import datetime as dt

import pytest
from django.urls import reverse

from emc2.enums import AOE, RoleKind
from emc2.models import ImportantDate, Role


def test_chair_saves_edition_settings(chair_client, edition):
    url = reverse("chair-settings", kwargs={"edition": edition.slug})
    data = {
        "title": "The 9th EMC2",
        "number": 9,
        "conference": "AAAI 2030",
        "city": "Washington DC",
        "venue": "",
        "room": "146A",
        "start_date": "2030-02-14",
        "end_date": "",
        "time_zone": "America/New_York",
        "deadline_time_zone": AOE,
        "objective": "Efficiency.",
        "cfp_text": "Send papers.",
        "published": "on",
    }
    response = chair_client.post(url, data)
    assert response.status_code == 302
    edition.refresh_from_db()
    assert (edition.title, edition.room, edition.time_zone) == (
        "The 9th EMC2",
        "146A",
        "America/New_York",
    )


def test_chair_settings_rejects_unknown_time_zone(chair_client, edition):
    url = reverse("chair-settings", kwargs={"edition": edition.slug})
    response = chair_client.post(
        url,
        {"title": "x", "number": 1, "start_date": "2030-01-01", "time_zone": "Nowhere/Land",
         "deadline_time_zone": AOE},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Unknown time zone Nowhere/Land" in response.content.decode()
    edition.refresh_from_db()
    assert edition.time_zone == "America/Vancouver"


@pytest.mark.parametrize("actor", ["pc_member", "author", "chair_other_edition"])
def test_non_chairs_cannot_save_settings(client, actors, edition, actor):
    client.force_login(actors[actor])
    url = reverse("chair-settings", kwargs={"edition": edition.slug})
    response = client.post(url, {"title": "Hijacked", "number": 1})
    assert response.status_code == 403
    edition.refresh_from_db()
    assert edition.title == "Test edition"


def test_chair_enters_a_deadline_in_aoe_wall_time(chair_client, edition):
    url = reverse("chair-dates", kwargs={"edition": edition.slug})
    data = {
        "dates-TOTAL_FORMS": "1",
        "dates-INITIAL_FORMS": "0",
        "dates-0-name": "Paper submission deadline",
        "dates-0-key": "submission",
        "dates-0-time_zone": AOE,
        "dates-0-order": "0",
        "dates-0-at_local": "2030-09-01T23:59",
        "dates-0-extended_local": "",
    }
    response = chair_client.post(url, data)
    assert response.status_code == 302
    date = ImportantDate.objects.get(edition=edition)
    assert date.at == dt.datetime(2030, 9, 2, 11, 59, tzinfo=dt.UTC)
    assert date.key == "submission"


def test_chair_adds_and_removes_a_pc_member(chair_client, edition):
    url = reverse("chair-roles", kwargs={"edition": edition.slug})
    response = chair_client.post(
        url, {"kind": RoleKind.PC_MEMBER, "name": "Pat Reviewer", "email": "pat@example.org"}
    )
    assert response.status_code == 302
    role = Role.objects.get(edition=edition, person__name="Pat Reviewer")
    remove = reverse("chair-role-remove", kwargs={"edition": edition.slug, "pk": role.pk})
    assert chair_client.post(remove).status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()


def test_chair_cannot_remove_a_role_of_another_edition(chair_client, edition, other_edition):
    foreign = Role.objects.get(edition=other_edition, kind=RoleKind.CHAIR)
    url = reverse("chair-role-remove", kwargs={"edition": edition.slug, "pk": foreign.pk})
    assert chair_client.post(url).status_code == 404
    assert Role.objects.filter(pk=foreign.pk).exists()
