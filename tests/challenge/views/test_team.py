import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from challenge.models import Submission, Team
from tests.challenge.artifacts import tiny_onnx
from tests.factories.challenge import SubmissionFactory
from tests.factories.emc2 import UserFactory


def test_register_team_through_the_form(client, edition, challenge):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("challenge:team-register", args=[edition.slug]),
        {"name": "Pruners", "member_emails": "a@example.org\nb@example.org", "accept_rules": "on"},
    )
    team = Team.objects.get(name="Pruners")
    assert response.url == reverse("challenge:team-detail", args=[edition.slug, team.pk])
    assert sorted(team.members.values_list("email", flat=True)) == [
        "a@example.org", "b@example.org", user.email,
    ]  # fmt: skip


def test_register_without_accepting_rules_shows_error(client, edition, challenge):
    client.force_login(UserFactory())
    response = client.post(
        reverse("challenge:team-register", args=[edition.slug]), {"name": "Pruners"}
    )
    assert "The rules must be accepted to register." in response.content.decode()
    assert Team.objects.count() == 0


def test_non_member_cannot_see_team_submissions(client, edition, team, track, actors):
    SubmissionFactory(team=team, track=track, artifact_name="secret-model.onnx")
    client.force_login(actors["stranger"])
    response = client.get(reverse("challenge:team-detail", args=[edition.slug, team.pk]))
    assert response.status_code == 404
    assert "secret-model.onnx" not in response.content.decode()
    client.force_login(actors["author"])
    member_view = client.get(reverse("challenge:team-detail", args=[edition.slug, team.pk]))
    assert "secret-model.onnx" in member_view.content.decode()


def test_submit_through_the_form_shows_remaining_quota(
    client, edition, team, track, actors, django_capture_on_commit_callbacks
):
    client.force_login(actors["author"])
    url = reverse("challenge:team-submit", args=[edition.slug, team.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"track": track.pk, "framework": "PyTorch",
             "artifact": SimpleUploadedFile("m.onnx", tiny_onnx())},
        )  # fmt: skip
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    assert "Remaining: <strong>2</strong>" in detail
    assert Submission.objects.get().measured_size_bytes == 54


def test_submit_refused_when_closed(client, edition, challenge, team, track, actors):
    challenge.submission_closes_at = challenge.submission_opens_at + dt.timedelta(hours=1)
    challenge.save()
    client.force_login(actors["author"])
    response = client.post(
        reverse("challenge:team-submit", args=[edition.slug, team.pk]),
        {"track": track.pk, "framework": "PyTorch",
         "artifact": SimpleUploadedFile("m.bin", b"1")},
    )  # fmt: skip
    assert "Submissions are closed." in response.content.decode()
    assert Submission.objects.count() == 0


def test_submit_refused_at_quota_with_message(client, edition, challenge, team, track, actors):
    challenge.daily_quota = 1
    challenge.save()
    SubmissionFactory(team=team, track=track)
    client.force_login(actors["author"])
    response = client.post(
        reverse("challenge:team-submit", args=[edition.slug, team.pk]),
        {"track": track.pk, "framework": "PyTorch",
         "artifact": SimpleUploadedFile("m.bin", b"1")},
    )  # fmt: skip
    assert "used its 1 submissions for today" in response.content.decode()
    assert Submission.objects.count() == 1


@pytest.mark.parametrize("n", [1, 5])
def test_team_page_query_count(
    client, edition, team, track, actors, n, django_assert_max_num_queries
):
    for _ in range(n):
        SubmissionFactory(team=team, track=track)
    client.force_login(actors["author"])
    with django_assert_max_num_queries(14):
        html = client.get(
            reverse("challenge:team-detail", args=[edition.slug, team.pk])
        ).content.decode()
    assert html.count(">model.bin</a>") == n
