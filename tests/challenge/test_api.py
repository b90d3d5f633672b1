import datetime as dt

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from challenge.models import Result
from challenge.services import result_record
from tests.challenge.artifacts import tiny_onnx
from tests.factories.challenge import SubmissionFactory, TeamFactory


def url(name, edition, **kw):
    return reverse(f"api:challenge:{name}", kwargs={"edition": edition.slug, **kw})


def test_evaluator_protocol_with_a_token(evaluator_api, edition, team, track):
    submission = SubmissionFactory(
        team=team, track=track, artifact=ContentFile(b"onnx bytes", name="m.onnx")
    )
    SubmissionFactory(team=team, track=track, status="scored")  # not pending
    pending = evaluator_api.get(url("evaluator-pending", edition)).json()
    assert [p["id"] for p in pending] == [submission.pk]
    download = evaluator_api.get(pending[0]["artifact_url"])
    assert b"".join(download.streaming_content) == b"onnx bytes"
    body = {"metric_value": 71.5, "logs": "50000 images"}
    first = evaluator_api.post(url("results", edition, pk=submission.pk), body, format="json")
    again = evaluator_api.post(url("results", edition, pk=submission.pk), body, format="json")
    fixed = evaluator_api.post(
        url("results", edition, pk=submission.pk), {"metric_value": 71.4}, format="json"
    )
    assert (first.status_code, again.status_code, fixed.status_code) == (201, 200, 201)
    history = evaluator_api.get(url("results", edition, pk=submission.pk)).json()
    assert [(h["version"], h["metric_value"]) for h in history] == [(1, 71.5), (2, 71.4)]
    assert evaluator_api.get(url("evaluator-pending", edition)).json() == []


def test_result_post_refused_for_a_team_member(client, actors, edition, team, track):
    submission = SubmissionFactory(team=team, track=track)
    client.force_login(actors["author"])
    response = client.post(
        url("results", edition, pk=submission.pk), {"metric_value": 99.0},
        content_type="application/json",
    )  # fmt: skip
    assert (response.status_code, Result.objects.count()) == (404, 0)


def test_result_domain_error_is_json_400(evaluator_api, edition, team, track):
    submission = SubmissionFactory(team=team, track=track)
    response = evaluator_api.post(url("results", edition, pk=submission.pk), {}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Give either a metric value or a failure reason."},
    )


def test_evaluator_of_another_edition_sees_nothing(other_edition, edition, team, track):
    from emc2.enums import RoleKind
    from tests.factories.emc2 import user_with_role

    user = user_with_role(other_edition, RoleKind.EVALUATOR)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    SubmissionFactory(team=team, track=track)
    assert client.get(url("evaluator-pending", edition)).status_code == 403


def test_team_registers_and_submits_through_the_api(
    client, challenge, track, edition, django_capture_on_commit_callbacks
):
    from tests.factories.emc2 import UserFactory

    user = UserFactory()
    client.force_login(user)
    reg = client.post(
        url("team-register", edition), {"name": "API team", "accept_rules": True},
        content_type="application/json",
    )  # fmt: skip
    assert reg.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        sub = client.post(
            url("submission-create", edition),
            {"track": track.slug, "framework": "ONNX",
             "artifact": ContentFile(tiny_onnx(), name="w.onnx")},
        )  # fmt: skip
    assert sub.status_code == 201
    mine = client.get(url("team-mine", edition)).json()
    assert mine["quota"]["remaining"] == 2
    assert [(s["status"], s["measured_size_bytes"]) for s in mine["submissions"]] == [
        ("queued", 54)
    ]


def test_public_leaderboard_hidden_when_not_public(client, challenge, track, team, actors, edition):
    submission = SubmissionFactory(team=team, track=track)
    result_record(submission=submission, by=actors["evaluator"], metric_value=71.0)
    challenge.leaderboard_public = False
    challenge.save()
    response = client.get(url("leaderboard", edition, track=track.slug))
    assert response.status_code == 404 and b"Tiny Tensors" not in response.content
    challenge.leaderboard_public = True
    challenge.save()
    data = client.get(url("leaderboard", edition, track=track.slug)).json()
    assert [(r["rank"], r["team"]) for r in data["by_metric"]] == [(1, "Tiny Tensors")]


def test_final_api_after_close(client, challenge, track, team, actors, edition):
    submission = SubmissionFactory(team=team, track=track)
    result_record(submission=submission, by=actors["evaluator"], metric_value=71.0)
    challenge.submission_closes_at = challenge.submission_opens_at + dt.timedelta(hours=1)
    challenge.save()
    client.force_login(actors["challenge_organizer"])
    response = client.post(url("final", edition), {}, content_type="application/json")
    assert (response.status_code, response.json()["standings"]) == (200, 2)


def test_organizer_lists_all_teams(client, challenge, team, actors, edition):
    TeamFactory(challenge=challenge, name="Another")
    client.force_login(actors["challenge_organizer"])
    names = [t["name"] for t in client.get(url("team-list", edition)).json()]
    assert names == ["Another", "Tiny Tensors"]


def test_openapi_schema_has_no_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
