import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from challenge.models import Challenge, Track
from challenge.services import result_record
from tests.factories.challenge import SubmissionFactory, TeamFactory, add_member
from tests.factories.emc2 import UserFactory


def test_organizer_creates_challenge_with_dates_in_the_edition_zone(client, edition, actors):
    client.force_login(actors["challenge_organizer"])
    response = client.post(
        reverse("challenge:organizer-home", args=[edition.slug]),
        {
            "title": "Compress it", "submission_opens_at": "2030-06-01T00:00",
            "submission_closes_at": "2030-09-01T23:59", "daily_quota": 2, "total_quota": 9,
            "max_artifact_bytes": 1000, "byte_unit": "binary", "leaderboard_public": "on",
            "frameworks_text": "PyTorch, ONNX",
        },
    )  # fmt: skip
    assert response.status_code == 302
    challenge = Challenge.objects.get(edition=edition)
    tz = zoneinfo.ZoneInfo("America/Vancouver")
    assert challenge.submission_closes_at == dt.datetime(2030, 9, 1, 23, 59, tzinfo=tz)
    assert (challenge.frameworks, challenge.daily_quota) == (["PyTorch", "ONNX"], 2)


def test_tracks_formset_saves_a_track(client, edition, challenge, actors):
    client.force_login(actors["chair"])
    url = reverse("challenge:organizer-tracks", args=[edition.slug])
    data = {
        "tracks-TOTAL_FORMS": "1", "tracks-INITIAL_FORMS": "0",
        "tracks-0-name": "COCO", "tracks-0-slug": "coco", "tracks-0-metric_name": "mAP",
        "tracks-0-higher_is_better": "on", "tracks-0-size_cap_bytes": "6200000",
        "tracks-0-size_tolerance": "5", "tracks-0-size_tolerance_kind": "relative",
        "tracks-0-metric_target": "26", "tracks-0-metric_tolerance": "1",
        "tracks-0-metric_tolerance_kind": "absolute", "tracks-0-order": "0",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    track = Track.objects.get(challenge=challenge)
    assert (track.size_limit_bytes, str(track.metric_threshold)) == (6_510_000, "25")
    assert "Eligible if mAP &gt;= 25: target 26 minus 1." in client.get(url).content.decode()


def test_team_decision(client, edition, team, actors):
    client.force_login(actors["challenge_organizer"])
    client.post(
        reverse("challenge:organizer-team-decide", args=[edition.slug, team.pk]),
        {"approve": "0", "message": "Duplicate team."},
    )
    team.refresh_from_db()
    assert (team.status, team.decision_message) == ("rejected", "Duplicate team.")


@pytest.mark.parametrize("n", [1, 5])
def test_submission_list_query_count_and_history(
    client, edition, team, track, actors, n, django_assert_max_num_queries
):
    for i in range(n):
        submission = SubmissionFactory(team=team, track=track)
        result_record(submission=submission, by=actors["evaluator"], metric_value=60.0 + i)
        result_record(submission=submission, by=actors["evaluator"], metric_value=50.0 + i)
    client.force_login(actors["challenge_organizer"])
    with django_assert_max_num_queries(9):
        html = client.get(
            reverse("challenge:organizer-submissions", args=[edition.slug])
        ).content.decode()
    assert html.count("v2: ") == n
    assert "v1: 60.0</span>; <span" in html


@pytest.mark.parametrize("n", [1, 5])
def test_team_list_query_count(
    client, edition, challenge, actors, n, django_assert_max_num_queries
):
    for _ in range(n):
        add_member(TeamFactory(challenge=challenge), UserFactory())
    client.force_login(actors["chair"])
    with django_assert_max_num_queries(9):
        html = client.get(
            reverse("challenge:organizer-teams", args=[edition.slug])
        ).content.decode()
    assert html.count('name="approve" value="1"') == n
