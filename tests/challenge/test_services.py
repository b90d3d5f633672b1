import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.files.base import ContentFile

from challenge.enums import MemberStatus, Ranking, SubmissionStatus, TeamStatus
from challenge.exceptions import ChallengeError
from challenge.models import FinalStanding, Result, Submission, TeamMember
from challenge.selectors import final_correction_list, final_standings, submission_quota
from challenge.services import (
    final_compute,
    final_correct,
    result_record,
    submission_create,
    team_decide,
    team_member_confirm,
    team_register,
)
from tests.challenge.artifacts import tiny_onnx
from tests.factories.challenge import SubmissionFactory, TeamFactory, add_member
from tests.factories.emc2 import UserFactory

VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")


def upload(name="model.bin", content=b"weights"):
    return ContentFile(content, name=name)


def submit(team, track, user, **kw):
    kw.setdefault("artifact", upload())
    kw.setdefault("framework", "PyTorch")
    return submission_create(team=team, track=track, by=user, **kw)


# --- teams ---


def test_team_register_makes_the_user_a_confirmed_member_and_invites_others(
    challenge, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="lead@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        team = team_register(
            challenge=challenge, by=user, name="Pruners",
            member_emails=["A@example.org", "lead@example.org"], accept_rules=True,
        )  # fmt: skip
    members = sorted(team.members.values_list("email", "status"))
    assert members == [("a@example.org", "invited"), ("lead@example.org", "confirmed")]
    assert [m.to for m in mailoutbox] == [["a@example.org"]]
    assert f"http://127.0.0.1:8000/{challenge.edition.slug}/challenge/" in mailoutbox[0].body
    assert team.status == TeamStatus.APPROVED


def test_team_register_pending_when_approval_required(challenge):
    challenge.require_approval = True
    team = team_register(challenge=challenge, by=UserFactory(), name="X", accept_rules=True)
    assert team.status == TeamStatus.PENDING


def test_team_register_requires_accepting_the_rules(challenge):
    with pytest.raises(ChallengeError, match="rules"):
        team_register(challenge=challenge, by=UserFactory(), name="X", accept_rules=False)


def test_team_register_refused_outside_registration(challenge):
    with pytest.raises(ChallengeError, match="not open"):
        team_register(
            challenge=challenge, by=UserFactory(), name="X", accept_rules=True,
            now=challenge.registration_closes_at,
        )  # fmt: skip


def test_user_is_in_at_most_one_team_per_challenge(challenge, team, actors):
    with pytest.raises(ChallengeError, match="already in a team"):
        team_register(challenge=challenge, by=actors["author"], name="Second", accept_rules=True)


def test_member_confirms_invitation(challenge, team):
    user = UserFactory(email="joiner@example.org")
    member = TeamMember.objects.create(
        team=team, challenge=challenge, email="joiner@example.org", status="invited"
    )
    member = team_member_confirm(member=member, user=user)
    assert (member.status, member.user) == (MemberStatus.CONFIRMED, user)


def test_confirm_refused_for_another_address(challenge, team):
    member = TeamMember.objects.create(
        team=team, challenge=challenge, email="joiner@example.org", status="invited"
    )
    with pytest.raises(ChallengeError, match="another e-mail"):
        team_member_confirm(member=member, user=UserFactory(email="other@example.org"))


def test_confirm_refused_when_already_in_another_team(challenge, team):
    user = UserFactory(email="joiner@example.org")
    add_member(TeamFactory(challenge=challenge), user)
    member = TeamMember.objects.create(
        team=team, challenge=challenge, email=user.email, status="invited"
    )
    with pytest.raises(ChallengeError, match="already in a team"):
        team_member_confirm(member=member, user=user)


def test_team_decide_rejects_with_message_and_mails(
    team, chair, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        team = team_decide(team=team, by=chair, approve=False, message="Not eligible.")
    assert (team.status, team.decision_message) == (TeamStatus.REJECTED, "Not eligible.")
    assert len(mailoutbox) == 1 and "Not eligible." in mailoutbox[0].body


# --- submissions ---


def test_submission_is_measured_on_commit(team, track, actors, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(team, track, actors["author"], artifact=upload("m.onnx", tiny_onnx()))
    submission.refresh_from_db()
    assert (submission.status, submission.measured_size_bytes, submission.size_method) == (
        SubmissionStatus.QUEUED,
        54,
        "onnx",
    )
    assert [t["size_bytes"] for t in submission.size_breakdown] == [48, 6]


def test_malformed_artifact_fails_with_reason(
    team, track, actors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(
            team, track, actors["author"], artifact=upload("m.onnx", b"\xff\xfe garbage")
        )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.FAILED
    assert submission.failure_reason.startswith("Refused: not a readable ONNX model")


def test_submission_refused_when_closed(team, track, actors, challenge):
    with pytest.raises(ChallengeError, match="closed"):
        submit(team, track, actors["author"], now=challenge.submission_closes_at)


def test_submission_refused_before_opening(team, track, actors, challenge):
    before = challenge.submission_opens_at - dt.timedelta(seconds=1)
    with pytest.raises(ChallengeError, match="closed"):
        submit(team, track, actors["author"], now=before)


def test_submission_refused_for_a_disallowed_framework(team, track, actors):
    with pytest.raises(ChallengeError, match="framework"):
        submit(team, track, actors["author"], framework="Caffe")


def test_submission_refused_over_the_upload_limit(team, track, actors, challenge):
    challenge.max_artifact_bytes = 3
    with pytest.raises(ChallengeError, match="larger"):
        submit(team, track, actors["author"], artifact=upload(content=b"1234"))


def test_submission_refused_for_unapproved_team(team, track, actors):
    team.status = TeamStatus.PENDING
    team.save()
    with pytest.raises(ChallengeError, match="not approved"):
        submit(team, track, actors["author"])


def test_daily_quota_counts_the_day_in_the_edition_time_zone(team, track, actors, challenge):
    """Quota 3/day. 23:30 and 23:59 Vancouver are the same day; 00:00 is the next one."""
    user = actors["author"]
    day = dt.datetime(2030, 3, 10, tzinfo=VANCOUVER)
    challenge.submission_opens_at = day - dt.timedelta(days=1)
    challenge.submission_closes_at = day + dt.timedelta(days=5)
    challenge.save()
    for minute in (0, 30, 59):
        submit(team, track, user, now=day.replace(hour=23, minute=minute) - dt.timedelta(hours=1))
    assert submission_quota(team=team, now=day.replace(hour=23, minute=59)).remaining == 0
    with pytest.raises(ChallengeError, match="3 submissions for today"):
        submit(team, track, user, now=day.replace(hour=23, minute=59, second=59))
    # Midnight in Vancouver is 07:00 or 08:00 UTC: a new day there, not in UTC.
    next_day = (day + dt.timedelta(days=1)).astimezone(dt.UTC)
    assert next_day.hour in (7, 8)
    assert submit(team, track, user, now=next_day).pk


def test_total_quota_at_the_boundary(team, track, actors, challenge):
    challenge.total_quota = 2
    challenge.daily_quota = 5
    start = challenge.submission_opens_at
    submit(team, track, actors["author"], now=start + dt.timedelta(days=1))
    assert submission_quota(team=team, now=start + dt.timedelta(days=2)).remaining == 1
    submit(team, track, actors["author"], now=start + dt.timedelta(days=2))
    with pytest.raises(ChallengeError, match="all 2 submissions"):
        submit(team, track, actors["author"], now=start + dt.timedelta(days=3))


# --- results ---


def test_result_posting_is_idempotent(team, track, actors):
    submission = SubmissionFactory(team=team, track=track)
    first, created1 = result_record(
        submission=submission, by=actors["evaluator"], metric_value=71.0
    )
    again, created2 = result_record(
        submission=submission, by=actors["evaluator"], metric_value=71.0
    )
    assert (created1, created2, again.pk) == (True, False, first.pk)
    assert Result.objects.filter(submission=submission).count() == 1
    submission.refresh_from_db()
    assert (submission.status, submission.metric_value, submission.size_bytes) == (
        SubmissionStatus.SCORED,
        71.0,
        3_000_000,
    )


def test_result_correction_creates_a_new_version_and_keeps_history(team, track, actors):
    submission = SubmissionFactory(team=team, track=track)
    result_record(submission=submission, by=actors["evaluator"], metric_value=71.0)
    second, created = result_record(
        submission=submission, by=actors["evaluator"], metric_value=70.5, size_bytes=2_900_000
    )
    submission.refresh_from_db()
    assert created and second.version == 2
    assert list(submission.results.values_list("version", "metric_value")) == [(1, 71.0), (2, 70.5)]
    assert (submission.metric_value, submission.size_bytes, submission.result_version) == (
        70.5,
        2_900_000,
        2,
    )


def test_failed_result_sets_status_failed(team, track, actors):
    submission = SubmissionFactory(team=team, track=track)
    result_record(submission=submission, by=actors["evaluator"], failed_reason="Wrong output shape")
    submission.refresh_from_db()
    assert (submission.status, submission.failure_reason) == ("failed", "Wrong output shape")


@pytest.mark.parametrize("fields", [{}, {"metric_value": 1.0, "failed_reason": "x"}])
def test_result_needs_metric_or_reason(team, track, actors, fields):
    submission = SubmissionFactory(team=team, track=track)
    with pytest.raises(ChallengeError):
        result_record(submission=submission, by=actors["evaluator"], **fields)


def test_result_refused_while_measuring(team, track, actors):
    submission = SubmissionFactory(team=team, track=track, status=SubmissionStatus.MEASURING)
    with pytest.raises(ChallengeError, match="measured"):
        result_record(submission=submission, by=actors["evaluator"], metric_value=1.0)


# --- final freeze ---


def scored(team, track, metric, size, evaluator):
    submission = SubmissionFactory(team=team, track=track, measured_size_bytes=size)
    result_record(submission=submission, by=evaluator, metric_value=metric)
    return submission


def test_final_compute_refused_while_open(challenge, chair):
    with pytest.raises(ChallengeError, match="after submissions close"):
        final_compute(challenge=challenge, by=chair)


def test_final_freeze_and_corrections_after_it(challenge, track, team, actors, chair):
    other = TeamFactory(challenge=challenge, name="Other")
    ev = actors["evaluator"]
    a = scored(team, track, 71.0, 3_000_000, ev)
    scored(other, track, 72.0, 3_600_000, ev)
    after_close = challenge.submission_closes_at + dt.timedelta(minutes=1)
    count = final_compute(challenge=challenge, by=chair, now=after_close)
    assert count == 4
    # A later result does not move the frozen board; an organizer's correction is recorded.
    result_record(submission=a, by=ev, metric_value=73.0)
    board = final_standings(track=track).board
    metric_rows = [(x.rank, x.row.team_name, x.row.metric) for x in board.by_metric]
    assert metric_rows == [(1, "Other", 72.0), (2, "Tiny Tensors", 71.0)]
    final_correct(track=track, team=team, by=chair, reason="Re-evaluated: 73.0", metric_value=73.0)
    assert [(x.rank, x.row.metric) for x in final_standings(track=track).board.by_metric] == [
        (1, 72.0),
        (2, 71.0),
    ]
    assert [(c.team.name, c.reason) for c in final_correction_list(track=track)] == [
        ("Tiny Tensors", "Re-evaluated: 73.0")
    ]
    with pytest.raises(ChallengeError, match="already computed"):
        final_compute(challenge=challenge, by=chair, now=after_close)
    final_compute(challenge=challenge, by=chair, recompute=True, now=after_close)
    assert list(
        FinalStanding.objects.filter(track=track, ranking=Ranking.METRIC).values_list(
            "team__name", "metric_value"
        )
    ) == [("Tiny Tensors", 73.0), ("Other", 72.0)]


def test_submission_refused_by_the_server_clock_after_closing(team, track, actors, challenge):
    later = challenge.submission_closes_at + dt.timedelta(hours=1)
    with time_machine.travel(later), pytest.raises(ChallengeError, match="closed"):
        submit(team, track, actors["author"])
    assert Submission.objects.count() == 0


def test_team_decide_twice_the_same_mails_once(
    team, chair, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        team_decide(team=team, by=chair, approve=False, message="Not eligible.")
        team_decide(team=team, by=chair, approve=False, message="Not eligible.")
    assert len(mailoutbox) == 1
