import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from challenge.selectors import PAGE_SIZE
from challenge.services import baseline_add, final_compute, final_correct, result_record
from tests.factories.challenge import SubmissionFactory, TeamFactory


def scored(team, track, metric, size, evaluator):
    submission = SubmissionFactory(team=team, track=track, measured_size_bytes=size)
    result_record(submission=submission, by=evaluator, metric_value=metric)
    return submission


def board_url(edition, track, csv=False):
    name = "challenge:public-leaderboard-csv" if csv else "challenge:public-leaderboard"
    return reverse(name, kwargs={"edition": edition.slug, "track": track.slug})


def test_challenge_page_states_thresholds_in_plain_words(client, edition, track):
    html = client.get(reverse("challenge:public-challenge", args=[edition.slug])).content.decode()
    assert (
        "Eligible if size &lt;= 3,675,000 bytes (3.675 MB, 1 MB = 10^6 bytes): "
        "target 3,500,000 bytes plus 5%." in html
    )
    assert "Eligible if top-1 &gt;= 66.5: target 70 minus 5%." in html


def test_live_leaderboard_ranks_and_lists_ineligible(client, edition, challenge, track, actors):
    ev = actors["evaluator"]
    scored(TeamFactory(challenge=challenge, name="Fits"), track, 71.0, 3_675_000, ev)
    scored(TeamFactory(challenge=challenge, name="Too Big"), track, 75.0, 3_900_000, ev)
    html = client.get(board_url(edition, track)).content.decode()
    assert "size 3.9 MB over 3.675 MB cap" in html
    assert html.count("<svg") == 1 and '<g class="point frontier-point"><circle' in html
    assert 'class="cap"' in html and 'class="target"' in html


def test_hidden_live_leaderboard_does_not_leak(client, edition, challenge, track, actors):
    scored(
        TeamFactory(challenge=challenge, name="Secret Team"), track, 71.0, 1000, actors["evaluator"]
    )
    challenge.leaderboard_public = False
    challenge.save()
    response = client.get(board_url(edition, track))
    assert "Secret Team" not in response.content.decode()
    assert "hidden until the results are published" in response.content.decode()
    assert client.get(board_url(edition, track, csv=True)).status_code == 404


def test_csv_export(client, edition, challenge, track, actors):
    scored(
        TeamFactory(challenge=challenge, name="Fits"), track, 71.0, 3_000_000, actors["evaluator"]
    )
    response = client.get(board_url(edition, track, csv=True))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{edition.slug}-{track.slug}-live.csv"'
    )
    assert lines[0] == (
        "ranking,rank,team,submission,metric,size_bytes,submitted_at,result_version,note"
    )
    assert [line.split(",")[:3] for line in lines[1:]] == [
        ["metric", "1", "Fits"],
        ["size", "1", "Fits"],
    ]


def test_csv_export_neutralises_formulas_in_team_names(client, edition, challenge, track, actors):
    names = ['=HYPERLINK("http://evil.example","x")', "+1", "@SUM(A1:A2)", "-2+3"]
    for i, name in enumerate(names):
        team = TeamFactory(challenge=challenge, name=name)
        scored(team, track, 71.0 + i, 3_000_000 - i, actors["evaluator"])
    body = client.get(board_url(edition, track, csv=True)).content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert body.startswith(b"\xef\xbb\xbf")
    assert sorted({r["team"] for r in rows}) == sorted("'" + name for name in names)


def test_csv_export_answers_a_conditional_get_with_304(client, edition, challenge, track, actors):
    scored(TeamFactory(challenge=challenge, name="Fits"), track, 71.0, 3_000, actors["evaluator"])
    first = client.get(board_url(edition, track, csv=True))
    again = client.get(
        board_url(edition, track, csv=True), headers={"if-none-match": first["ETag"]}
    )
    scored(TeamFactory(challenge=challenge, name="Late"), track, 72.0, 3_000, actors["evaluator"])
    after = client.get(
        board_url(edition, track, csv=True), headers={"if-none-match": first["ETag"]}
    )
    assert (again.status_code, again.content) == (304, b"")
    assert after.status_code == 200
    assert "Late" in after.content.decode("utf-8-sig")


def _freeze_and_publish(challenge, chair):
    closed = challenge.submission_closes_at + dt.timedelta(minutes=1)
    final_compute(challenge=challenge, by=chair, now=closed)
    challenge.submission_closes_at = challenge.submission_opens_at + dt.timedelta(hours=1)
    challenge.results_published_at = challenge.submission_closes_at
    challenge.save()


def test_final_board_is_frozen_whole_and_shows_only_marked_corrections(
    client, edition, challenge, track, actors
):
    ev = actors["evaluator"]
    fits = TeamFactory(challenge=challenge, name="Fits")
    sub = scored(fits, track, 71.0, 3_000_000, ev)
    scored(TeamFactory(challenge=challenge, name="Too Big"), track, 75.0, 3_900_000, ev)
    _freeze_and_publish(challenge, actors["chair"])
    frozen = client.get(board_url(edition, track)).content.decode()
    # Later: a new result of a frozen row, a new team that fits, and a rename.
    result_record(submission=sub, by=ev, metric_value=60.0)
    scored(TeamFactory(challenge=challenge, name="Latecomer"), track, 74.0, 1_000_000, ev)
    html = client.get(board_url(edition, track)).content.decode()
    assert html == frozen  # rankings, "not ranked" lists and chart: the same frozen board
    assert "Final leaderboard" in html and "Latecomer" not in html
    assert "size 3.9 MB over 3.675 MB cap" in html  # "not ranked" from the snapshot
    assert html.count("<circle") == 2  # the chart of the snapshot: two teams, not three
    assert "Live standings" not in html  # the public sees the final board only
    final_correct(
        track=track, team=fits, by=actors["chair"], reason="Evaluator rerun", metric_value=60.0
    )
    html = client.get(board_url(edition, track)).content.decode()
    assert "<mark>Correction</mark>" in html and "Fits: Evaluator rerun; top-1 now 60.0" in html
    assert "<mark>corrected after freeze</mark>" in html
    assert re.search(r"<td[^>]*>71\.0</td>", html)  # the frozen row itself stays
    client.force_login(actors["challenge_organizer"])
    staff = client.get(board_url(edition, track)).content.decode()
    assert "Live standings (current results)" in staff and "Latecomer" in staff


def test_ties_share_a_rank_and_the_rule_is_printed(client, edition, challenge, track, actors):
    ev = actors["evaluator"]
    for name in ("Alpha", "Beta"):
        scored(TeamFactory(challenge=challenge, name=name), track, 71.0, 3_000_000, ev)
    scored(TeamFactory(challenge=challenge, name="Gamma"), track, 70.0, 3_000_000, ev)
    html = client.get(board_url(edition, track)).content.decode()
    assert (
        "Equal top-1: the smaller model ranks higher. Equal top-1 and equal size: the same"
        " rank (listed by submission time)." in html
    )
    ranks = re.findall(r'<tr><th scope="row"[^>]*>(\d+)</th><td[^>]*>(\w+)', html)
    assert ranks[:3] == [("1", "Alpha"), ("1", "Beta"), ("3", "Gamma")]


def test_baselines_are_marked_and_never_ranked(client, edition, challenge, track, actors):
    scored(
        TeamFactory(challenge=challenge, name="Team"), track, 70.0, 3_000_000, actors["evaluator"]
    )
    baseline_add(
        track=track, by=actors["chair"], name="ResNet-50 fp32", metric_value=76.1,
        size_bytes=3_000_000,
    )  # fmt: skip
    html = client.get(board_url(edition, track)).content.decode()
    assert '<th scope="row">Baseline: ResNet-50 fp32</th>' in html
    ranks = re.findall(r'<tr><th scope="row"[^>]*>(\d+)</th><td[^>]*>([^<]+)</td>', html)
    assert ranks == [("1", "Team"), ("1", "Team")]  # both rankings: the team alone
    assert "Baseline ResNet-50 fp32: 76.1, 3 MB" in html  # on the chart, as a baseline


def test_board_is_one_row_per_team_paginated_with_an_all_option(
    client, edition, challenge, track, actors
):
    ev = actors["evaluator"]
    team = TeamFactory(challenge=challenge, name="Busy")
    for i in range(3):
        scored(team, track, 70.0 + i, 3_000_000, ev)
    for i in range(PAGE_SIZE + 1):
        scored(TeamFactory(challenge=challenge, name=f"T{i:02d}"), track, 60.0, 1_000 + i, ev)
    html = client.get(board_url(edition, track)).content.decode()
    assert len(re.findall(r"<td[^>]*>Busy</td>", html)) == 2  # once per ranking
    assert "Page 1 of 2 (26 rows)" in html  # 26 teams below the target, one per team
    second = client.get(board_url(edition, track) + "?under=2").content.decode()
    assert "<tr><td>T25</td><td>#" in second and "<tr><td>T00</td><td>#" not in second
    every = client.get(board_url(edition, track) + "?all=1").content.decode()
    assert len(re.findall(r"<td[^>]*>Busy</td>", every)) == 6


@pytest.mark.parametrize("n", [1, 5])
def test_leaderboard_query_count(
    client, edition, challenge, track, actors, n, django_assert_max_num_queries
):
    for i in range(n):
        scored(
            TeamFactory(challenge=challenge), track, 70.0 + i, 3_000_000 - i, actors["evaluator"]
        )
    baseline_add(track=track, by=actors["chair"], name="B", metric_value=70, size_bytes=9)
    with django_assert_max_num_queries(9):  # cold: rows, choices and baselines read once
        response = client.get(board_url(edition, track))
    assert response.content.decode().count("<circle") == n
    with django_assert_max_num_queries(6):  # warm: one aggregate checks the cached board
        again = client.get(board_url(edition, track))
    assert again.content == response.content


def test_edition_page_links_the_challenge(client, edition, challenge):
    html = client.get(reverse("edition", args=[edition.slug])).content.decode()
    link = reverse("challenge:public-challenge", args=[edition.slug])
    assert f'<a href="{link}">Challenge</a>' in html
    assert f'<h2 id="challenge-heading">{challenge.title}</h2>' in html


def test_chair_area_links_the_challenge_configuration(client, edition, actors):
    client.force_login(actors["chair"])
    html = client.get(reverse("chair-home", args=[edition.slug])).content.decode()
    assert reverse("challenge:organizer-home", args=[edition.slug]) in html


def test_phase_dates_shown_in_the_edition_time_zone(client, edition, challenge):
    import zoneinfo

    challenge.submission_closes_at = dt.datetime(2030, 9, 2, 6, 59, tzinfo=dt.UTC)
    challenge.save()
    html = client.get(reverse("challenge:public-challenge", args=[edition.slug])).content.decode()
    assert edition.tz == zoneinfo.ZoneInfo("America/Vancouver")
    assert "– 2030-09-01 23:59</dd>" in html
