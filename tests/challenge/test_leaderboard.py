"""Leaderboard inputs from the pages and the API: counted submissions, baselines, corrections."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from challenge.exceptions import ChallengeError
from challenge.models import Baseline, CountedSubmission, FinalCorrection
from challenge.selectors import live_standings
from challenge.services import (
    final_compute,
    result_record,
    submission_count_choose,
)
from tests.factories.challenge import SubmissionFactory, TeamFactory


def scored(team, track, metric, size, evaluator):
    submission = SubmissionFactory(team=team, track=track, measured_size_bytes=size)
    result_record(submission=submission, by=evaluator, metric_value=metric)
    return submission


def api(name, edition, **kw):
    return reverse(f"api:challenge:{name}", kwargs={"edition": edition.slug, **kw})


def api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def metric_board(track):
    return [
        (x.rank, x.row.team_name, x.row.metric) for x in live_standings(track=track).board.by_metric
    ]


def test_team_member_chooses_the_counted_submission_on_the_page(
    client, edition, team, track, actors
):
    ev = actors["evaluator"]
    best = scored(team, track, 72.0, 3_000_000, ev)
    chosen = scored(team, track, 70.0, 2_000_000, ev)
    assert metric_board(track) == [(1, "Tiny Tensors", 72.0)]
    client.force_login(actors["author"])
    page = reverse("challenge:team-detail", args=[edition.slug, team.pk])
    assert f'<option value="{best.pk}">' in client.get(page).content.decode()
    response = client.post(
        reverse("challenge:team-counted", args=[edition.slug, team.pk]),
        {"track": track.slug, "submission": chosen.pk},
        follow=True,
    )
    assert f"ImageNet: submission #{chosen.pk} counts." in response.content.decode()
    assert metric_board(track) == [(1, "Tiny Tensors", 70.0)]
    client.post(
        reverse("challenge:team-counted", args=[edition.slug, team.pk]),
        {"track": track.slug, "submission": ""},
    )
    assert metric_board(track) == [(1, "Tiny Tensors", 72.0)]  # the best counts again


def test_counted_submission_by_api_and_refusals(edition, challenge, team, track, actors):
    ev = actors["evaluator"]
    scored(team, track, 72.0, 3_000_000, ev)
    chosen = scored(team, track, 70.0, 2_000_000, ev)
    other_team = TeamFactory(challenge=challenge, name="Other")
    foreign = scored(other_team, track, 71.0, 1_000_000, ev)
    member = api_client(actors["author"])
    ok = member.post(
        api("team-counted", edition), {"track": track.slug, "submission": chosen.pk}, format="json"
    )
    assert (ok.status_code, ok.json()) == (200, {"track": track.slug, "submission": chosen.pk})
    assert metric_board(track)[1] == (2, "Tiny Tensors", 70.0)
    # Someone else's submission: refused, nothing changes.
    bad = member.post(
        api("team-counted", edition), {"track": track.slug, "submission": foreign.pk}, format="json"
    )
    assert (bad.status_code, bad.json()) == (
        400,
        {"submission": ["Not a submission of your team."]},
    )
    huge = member.post(
        api("team-counted", edition), {"track": track.slug, "submission": 10**30}, format="json"
    )
    assert huge.status_code == 400
    assert list(CountedSubmission.objects.values_list("submission_id", flat=True)) == [chosen.pk]


def test_non_member_cannot_choose_a_teams_counted_submission(client, edition, team, track, actors):
    ev = actors["evaluator"]
    scored(team, track, 72.0, 3_000_000, ev)
    weak = scored(team, track, 67.0, 3_000_000, ev)
    client.force_login(actors["stranger"])
    response = client.post(
        reverse("challenge:team-counted", args=[edition.slug, team.pk]),
        {"track": track.slug, "submission": weak.pk},
    )
    assert response.status_code == 404
    stranger = api_client(actors["stranger"])
    by_api = stranger.post(
        api("team-counted", edition), {"track": track.slug, "submission": weak.pk}, format="json"
    )
    assert by_api.status_code == 404
    assert CountedSubmission.objects.count() == 0
    assert metric_board(track) == [(1, "Tiny Tensors", 72.0)]


def test_counted_submission_service_refuses_another_teams_or_after_freeze(
    challenge, team, track, actors
):
    ev = actors["evaluator"]
    other = scored(TeamFactory(challenge=challenge), track, 71.0, 1_000, ev)
    with pytest.raises(ChallengeError, match="your team's submissions"):
        submission_count_choose(team=team, track=track, by=actors["author"], submission=other)
    mine = scored(team, track, 71.0, 1_000, ev)
    final_compute(
        challenge=challenge, by=actors["chair"],
        now=challenge.submission_closes_at + dt.timedelta(minutes=1),
    )  # fmt: skip
    with pytest.raises(ChallengeError, match="frozen"):
        submission_count_choose(team=team, track=track, by=actors["author"], submission=mine)
    assert CountedSubmission.objects.count() == 0


def test_baselines_by_api_for_organizers_only(edition, track, actors, client):
    body = {"name": "fp32", "metric_value": 76.1, "size_bytes": 102_000_000}
    refused = api_client(actors["author"]).post(api("baselines", edition, track=track.slug), body)
    assert refused.status_code == 403 and Baseline.objects.count() == 0
    organizer = api_client(actors["challenge_organizer"])
    created = organizer.post(api("baselines", edition, track=track.slug), body, format="json")
    assert created.status_code == 201
    nan = organizer.post(
        api("baselines", edition, track=track.slug), {**body, "metric_value": "nan"}, format="json"
    )
    assert nan.status_code == 400
    listed = client.get(api("baselines", edition, track=track.slug)).json()
    assert [(b["name"], b["size_bytes"], b["note"]) for b in listed] == [
        ("fp32", 102_000_000, "baseline, not ranked")
    ]
    board = client.get(api("leaderboard", edition, track=track.slug)).json()
    assert board["baselines"] == [
        {"name": "fp32", "metric": 76.1, "size_bytes": 102_000_000, "note": "baseline, not ranked"}
    ]
    assert board["by_metric"] == [] and board["by_size"] == []


def test_leaderboard_api_shares_tie_ranks_pages_and_states_the_rule(
    edition, challenge, track, actors, client
):
    ev = actors["evaluator"]
    for name in ("A", "B", "C"):
        scored(TeamFactory(challenge=challenge, name=name), track, 71.0, 3_000_000, ev)
    data = client.get(api("leaderboard", edition, track=track.slug) + "?page_size=2").json()
    assert [(r["rank"], r["team"]) for r in data["by_metric"]] == [(1, "A"), (1, "B")]
    assert data["counts"] == {"by_metric": 3, "by_size": 3, "ineligible": 0}
    assert data["tie_rules"]["by_metric"].startswith("Equal top-1: the smaller model ranks")
    page2 = client.get(api("leaderboard", edition, track=track.slug) + "?page_size=2&page=2")
    assert [(r["rank"], r["team"]) for r in page2.json()["by_metric"]] == [(1, "C")]
    for bad in ("page=0", "page_size=1000", "page=x", "all=maybe"):
        response = client.get(api("leaderboard", edition, track=track.slug) + "?" + bad)
        assert response.status_code == 400, bad


def test_final_api_is_frozen_and_lists_corrections(edition, challenge, team, track, actors, client):
    ev = actors["evaluator"]
    sub = scored(team, track, 71.0, 3_000_000, ev)
    organizer = api_client(actors["challenge_organizer"])
    early = organizer.post(
        api("final-corrections", edition, track=track.slug),
        {"team": team.pk, "reason": "Too early"},
        format="json",
    )
    assert early.status_code == 400 and FinalCorrection.objects.count() == 0
    final_compute(
        challenge=challenge, by=actors["chair"],
        now=challenge.submission_closes_at + dt.timedelta(minutes=1),
    )  # fmt: skip
    challenge.submission_closes_at = challenge.submission_opens_at + dt.timedelta(hours=1)
    challenge.results_published_at = challenge.submission_closes_at
    challenge.save()
    result_record(submission=sub, by=ev, metric_value=50.0)
    data = client.get(api("leaderboard", edition, track=track.slug)).json()
    assert (data["kind"], data["by_metric"][0]["metric"], data["corrections"]) == (
        "final",
        71.0,
        [],
    )
    blank = organizer.post(
        api("final-corrections", edition, track=track.slug),
        {"team": team.pk, "reason": "  "},
        format="json",
    )
    assert blank.status_code == 400
    made = organizer.post(
        api("final-corrections", edition, track=track.slug),
        {"team": team.pk, "reason": "Rerun", "metric_value": 50.0},
        format="json",
    )
    assert made.status_code == 201
    data = client.get(api("leaderboard", edition, track=track.slug)).json()
    assert data["by_metric"][0]["metric"] == 71.0  # the frozen row stays
    assert data["by_metric"][0]["note"] == "corrected after freeze"
    assert [(c["team"], c["reason"], c["metric"]) for c in data["corrections"]] == [
        ("Tiny Tensors", "Rerun", 50.0)
    ]


def test_organizer_board_page_adds_and_deletes_baselines(client, edition, track, actors):
    client.force_login(actors["challenge_organizer"])
    board = reverse("challenge:organizer-board", args=[edition.slug, track.slug])
    bad = client.post(board, {"name": "x", "metric_value": "70", "size_bytes": "-5"})
    assert "Ensure this value is greater than or equal to 1." in bad.content.decode()
    client.post(board, {"name": "fp32", "metric_value": "76.1", "size_bytes": "102000000"})
    baseline = Baseline.objects.get()
    public = reverse("challenge:public-leaderboard", args=[edition.slug, track.slug])
    assert "Baseline: fp32" in client.get(public).content.decode()
    client.post(
        reverse("challenge:organizer-baseline-delete", args=[edition.slug, track.slug, baseline.pk])
    )
    assert Baseline.objects.count() == 0
    assert "Baseline: fp32" not in client.get(public).content.decode()
