"""Writes of the challenge: configuration, teams, submissions, results, the final freeze."""

import datetime as dt
import logging
import math
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from challenge.enums import MemberStatus, Ranking, SizeMethod, SubmissionStatus, TeamStatus
from challenge.exceptions import ChallengeError, ResultConflict
from challenge.measure import MalformedArtifact, measure_artifact_bounded
from challenge.models import (
    Baseline,
    Challenge,
    CountedSubmission,
    FinalCorrection,
    FinalSnapshot,
    FinalStanding,
    Result,
    Submission,
    Team,
    TeamMember,
    Track,
)
from challenge.selectors import (
    baseline_list,
    counted_choices,
    scored_rows,
    standings_generation_key,
    submission_quota,
    track_board,
    track_list,
)
from emc2.mail import mail_queue

logger = logging.getLogger(__name__)
# The largest value a size column holds (a signed 64-bit integer on every database).
MAX_SIZE_BYTES = 2**63 - 1

CHALLENGE_FIELDS = {
    "title", "description", "rules_text", "registration_opens_at", "registration_closes_at",
    "submission_opens_at", "submission_closes_at", "results_published_at", "frameworks",
    "daily_quota", "total_quota", "max_artifact_bytes", "byte_unit", "leaderboard_public",
    "require_approval",
}  # fmt: skip


def challenge_save(*, edition, **fields) -> Challenge:
    """Create or update the edition's challenge from the organizer form."""
    unknown = set(fields) - CHALLENGE_FIELDS
    if unknown:
        raise TypeError(f"unknown challenge fields {sorted(unknown)}")
    challenge, _ = Challenge.objects.update_or_create(edition=edition, defaults=fields)
    challenge.edition = edition
    return challenge


@transaction.atomic
def track_formset_save(*, challenge: Challenge, formset) -> list[Track]:
    """Saves the tracks formset (add, change, delete) in one transaction."""
    tracks = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for track in tracks:
        track.challenge = challenge
        track.save()
    return tracks


# --- Teams -------------------------------------------------------------------------------


def _mail(*, key: str, template: str, subject: str, to: list[str], context: dict) -> None:
    """Queue a challenge mail in the outbox, in the caller's transaction."""
    if to:
        mail_queue(
            key=key,
            to=to,
            subject=subject,
            template=f"challenge/email/{template}",
            context={**context, "site_url": settings.SITE_URL},
            edition=context["edition"],
        )


def _organizer_users(*, challenge: Challenge):
    """Who decides on teams: the challenge organizers, else the edition's chairs."""
    from django.contrib.auth import get_user_model

    from emc2.enums import RoleKind

    users = get_user_model().objects.filter(
        is_active=True, person__roles__edition_id=challenge.edition_id
    )
    organizers = users.filter(person__roles__kind=RoleKind.CHALLENGE_ORGANIZER)
    if not organizers.exists():
        organizers = users.filter(person__roles__kind=RoleKind.CHAIR)
    return organizers.distinct().order_by("pk")


def _mail_organizers_pending(*, team: Team, challenge: Challenge) -> None:
    """One mail per organizer per registration round (the outbox key makes it exactly once)."""
    context = {"team": team, "challenge": challenge, "edition": challenge.edition}
    for user in _organizer_users(challenge=challenge):
        _mail(
            key=f"challenge-team-pending:{team.pk}:{team.registration_round}:{user.pk}",
            template="team_pending.txt",
            subject=f"New team waiting for approval: {team.name}",
            to=[user.email],
            context=context,
        )


def _invite(*, team: Team, challenge: Challenge, by, emails) -> list[str]:
    """Invite the addresses not in the team yet; one invitation mail each (on commit)."""
    known = {
        e.lower() for e in TeamMember.objects.filter(team=team).values_list("email", flat=True)
    }
    invited = sorted({e.strip().lower() for e in emails if e.strip()} - known)
    TeamMember.objects.bulk_create(
        TeamMember(team=team, challenge=challenge, email=e, status=MemberStatus.INVITED)
        for e in invited
    )
    context = {"team": team, "challenge": challenge, "edition": challenge.edition, "by": by}
    for e in invited:
        _mail(
            key=f"challenge-invitation:{team.pk}:{e}",
            template="invitation.txt",
            subject=f"Invitation to team {team.name}",
            to=[e],
            context=context,
        )
    return invited


@transaction.atomic
def team_register(
    *,
    challenge: Challenge,
    by,
    name: str,
    affiliation: str = "",
    member_emails: list[str] | tuple = (),
    accept_rules: bool,
    now=None,
) -> Team:
    """Register a team with ``by`` as its captain and first confirmed member; invite the others
    by e-mail. The captain of a rejected team registers it again (a new round, waiting for
    approval again); another member of a rejected team leaves it and registers a new team.

    Side effects: one invitation mail per invited address; when the team must be approved,
    one mail to each organizer (on commit).
    Raises ChallengeError when registration is closed, the rules are not accepted, the name is
    taken or ``by`` is already in a team of this challenge.
    """
    now = now or timezone.now()
    if not challenge.registration_open(now):
        raise ChallengeError("Team registration is not open.")
    if not accept_rules:
        raise ChallengeError("The rules must be accepted to register.", field="accept_rules")
    name = name.strip()
    status = TeamStatus.PENDING if challenge.require_approval else TeamStatus.APPROVED
    membership = TeamMember.objects.filter(challenge=challenge, user=by).select_related("team")
    membership = membership.first()
    rejected = membership is not None and membership.team.status == TeamStatus.REJECTED
    if membership is not None and not rejected:
        raise ChallengeError("You are already in a team of this challenge.")
    again = rejected and membership.team.captain_id == by.pk
    taken = Team.objects.filter(challenge=challenge, name__iexact=name)
    if again:
        taken = taken.exclude(pk=membership.team_id)
    if taken.exists():
        raise ChallengeError("A team with this name is already registered.", field="name")
    if again:
        # Lock the team (team -> member): a parallel decision must not be overwritten unseen.
        team = Team.objects.select_for_update(no_key=True).get(pk=membership.team_id)
        if team.status != TeamStatus.REJECTED:
            raise ChallengeError("You are already in a team of this challenge.")
        team.name, team.affiliation, team.status = name, affiliation, status
        team.decision_message, team.rules_accepted_at = "", now
        team.registration_round += 1
        team.save(
            update_fields=[
                "name", "affiliation", "status", "decision_message", "rules_accepted_at",
                "registration_round",
            ]
        )  # fmt: skip
        standings_touch(challenge_id=challenge.pk)
    else:
        if rejected:
            membership.delete()  # leaves the rejected team to register a new one
        team = Team.objects.create(
            challenge=challenge,
            name=name,
            affiliation=affiliation,
            status=status,
            rules_accepted_at=now,
            created_by=by,
            captain=by,
        )
        try:
            # The partial unique constraint backs "one team per user" against a parallel request.
            with transaction.atomic():
                TeamMember.objects.create(
                    team=team,
                    challenge=challenge,
                    email=by.email.lower(),
                    user=by,
                    status=MemberStatus.CONFIRMED,
                    confirmed_at=now,
                )
        except IntegrityError:
            raise ChallengeError("You are already in a team of this challenge.") from None
    own = by.email.lower()
    _invite(
        team=team,
        challenge=challenge,
        by=by,
        emails=[e for e in member_emails if e.strip().lower() != own],
    )
    if team.status == TeamStatus.PENDING:
        _mail_organizers_pending(team=team, challenge=challenge)
    return team


def _captain_lock(*, team: Team, by) -> Team:
    """Lock the team row and check, after the lock, that ``by`` is still its captain."""
    locked = Team.objects.select_for_update(no_key=True).get(pk=team.pk)
    is_member = TeamMember.objects.filter(
        team=locked, user=by, status=MemberStatus.CONFIRMED
    ).exists()
    if locked.captain_id != by.pk or not is_member:
        raise ChallengeError("Only the team's captain can do this.")
    locked.challenge = team.challenge
    return locked


@transaction.atomic
def team_members_invite(*, team: Team, by, emails: list[str]) -> list[str]:
    """The captain invites more members; returns the addresses invited (new ones only).
    Side effect: one invitation mail each (on commit). Raises ChallengeError for a non-captain
    or a rejected team."""
    locked = _captain_lock(team=team, by=by)
    if locked.status == TeamStatus.REJECTED:
        raise ChallengeError("This team was not accepted; register it again first.")
    return _invite(team=locked, challenge=team.challenge, by=by, emails=emails)


@transaction.atomic
def team_member_remove(*, team: Team, by, member: TeamMember) -> None:
    """The captain removes a member or withdraws an invitation; the removed account loses
    access to the team at once. Raises ChallengeError for a non-captain, for the captain
    themself (transfer the role first) or a member of another team."""
    locked = _captain_lock(team=team, by=by)
    member = TeamMember.objects.filter(pk=member.pk, team=locked).first()
    if member is None:
        raise ChallengeError("No such member in this team.")
    if member.user_id == locked.captain_id:
        raise ChallengeError("The captain cannot be removed; transfer the captain role first.")
    member.delete()


@transaction.atomic
def team_leave(*, team: Team, by) -> None:
    """A member leaves the team. Raises ChallengeError for the captain (transfer the role
    first) or someone not in the team."""
    locked = Team.objects.select_for_update(no_key=True).get(pk=team.pk)
    member = TeamMember.objects.filter(team=locked, user=by).first()
    if member is None:
        raise ChallengeError("You are not in this team.")
    if locked.captain_id == by.pk:
        raise ChallengeError("You are the captain: transfer the captain role before leaving.")
    member.delete()


@transaction.atomic
def team_rename(*, team: Team, by, name: str) -> Team:
    """The captain renames the team (live boards show the new name; a frozen one keeps the
    old). Raises ChallengeError for a non-captain, an empty or a taken name."""
    locked = _captain_lock(team=team, by=by)
    name = name.strip()
    if not name:
        raise ChallengeError("Give the team a name.", field="name")
    taken = Team.objects.filter(challenge_id=locked.challenge_id, name__iexact=name)
    if taken.exclude(pk=locked.pk).exists():
        raise ChallengeError("A team with this name is already registered.", field="name")
    locked.name = name
    try:
        with transaction.atomic():
            locked.save(update_fields=["name"])
    except IntegrityError:
        raise ChallengeError("A team with this name is already registered.", field="name") from None
    standings_touch(challenge_id=locked.challenge_id)
    return locked


@transaction.atomic
def team_captain_transfer(*, team: Team, by, member: TeamMember) -> Team:
    """The captain hands the role to a confirmed member. Raises ChallengeError for a
    non-captain or a member who has not joined (or is in another team)."""
    locked = _captain_lock(team=team, by=by)
    member = TeamMember.objects.filter(
        pk=member.pk, team=locked, status=MemberStatus.CONFIRMED, user__isnull=False
    ).first()
    if member is None:
        raise ChallengeError("The new captain must be a confirmed member of the team.")
    locked.captain_id = member.user_id
    locked.save(update_fields=["captain"])
    return locked


@transaction.atomic
def team_member_confirm(*, member: TeamMember, user, now=None) -> TeamMember:
    """The invited account joins the team. Raises ChallengeError if it may not."""
    member = TeamMember.objects.select_for_update().select_related("team").get(pk=member.pk)
    if member.status != MemberStatus.INVITED or member.user_id is not None:
        raise ChallengeError("This invitation was already answered.")
    if member.email.lower() != user.email.lower():
        raise ChallengeError("This invitation was sent to another e-mail address.")
    if member.team.status == TeamStatus.REJECTED:
        raise ChallengeError("This team was not accepted.")
    if TeamMember.objects.filter(challenge_id=member.challenge_id, user=user).exists():
        raise ChallengeError("You are already in a team of this challenge.")
    member.user = user
    member.status = MemberStatus.CONFIRMED
    member.confirmed_at = now or timezone.now()
    try:
        with transaction.atomic():
            member.save(update_fields=["user", "status", "confirmed_at"])
    except IntegrityError:
        raise ChallengeError("You are already in a team of this challenge.") from None
    return member


@transaction.atomic
def team_decide(*, team: Team, by, approve: bool, message: str = "") -> Team:
    """Approve or reject a team. Side effect: a mail to its confirmed members (on commit).

    Deciding what is already decided (same status and message) changes nothing and mails
    nobody: two organizers pressing the same button send one mail.
    """
    # of=("self",): the joined challenge and edition rows stay unlocked (docs/locking.md, 5).
    team = (
        Team.objects.select_for_update(no_key=True, of=("self",))
        .select_related("challenge__edition")
        .get(pk=team.pk)
    )
    status = TeamStatus.APPROVED if approve else TeamStatus.REJECTED
    # Checked after the lock: the team as the other organizer's decision left it.
    if team.status == status and team.decision_message == message:
        return team
    team.status = status
    team.decision_message = message
    team.save(update_fields=["status", "decision_message"])
    to = list(team.members.filter(status=MemberStatus.CONFIRMED).values_list("email", flat=True))
    context = {"team": team, "challenge": team.challenge, "edition": team.challenge.edition}
    _mail(
        key=f"challenge-team-decision:{team.pk}:{team.status}:{uuid.uuid4().hex}",
        template="decision.txt",
        subject=f"Team {team.name}: {team.get_status_display().lower()}",
        to=to,
        context=context,
    )
    return team


# --- Submissions -------------------------------------------------------------------------


def submission_create(
    *,
    team: Team,
    track: Track,
    by,
    artifact,
    framework: str,
    description: str = "",
    claimed_metric: float | None = None,
    now=None,
) -> Submission:
    """Store an artifact for evaluation; queue its size measurement on commit.

    The file is written before the short locked transaction (it may be large) and deleted
    again if the submission is refused or not stored: a refused upload leaves no file behind.
    Raises ChallengeError when submissions are closed, the team is not approved, the track,
    framework or file size is not allowed, or a quota is used up.
    """
    now = now or timezone.now()
    challenge = team.challenge
    if not challenge.submission_open(now):
        raise ChallengeError("Submissions are closed.")
    if track.challenge_id != challenge.pk:
        raise ChallengeError("This track is not part of the challenge.", field="track")
    if challenge.frameworks and framework not in challenge.frameworks:
        raise ChallengeError("This framework is not allowed.", field="framework")
    if artifact.size > challenge.max_artifact_bytes:
        raise ChallengeError(
            f"The file is larger than the {challenge.max_artifact_bytes:,} bytes allowed.",
            field="artifact",
        )
    original_name = (getattr(artifact, "name", "") or "artifact")[-200:]
    field = Submission._meta.get_field("artifact")
    stored = field.storage.save(field.generate_filename(None, original_name), artifact)
    try:
        with transaction.atomic():
            submission = _submission_store(
                team=team, track=track, by=by, stored=stored, original_name=original_name,
                framework=framework, description=description, claimed_metric=claimed_metric,
                now=now,
            )  # fmt: skip
    except BaseException:
        field.storage.delete(stored)
        raise
    return submission


def _submission_store(*, team, track, by, stored, original_name, now, **fields) -> Submission:
    challenge = team.challenge
    if connection.vendor == "sqlite":
        # SQLite ignores select_for_update and would let two read-then-write transactions
        # deadlock ("database is locked"): write first, so that this transaction holds the
        # database's write lock from its start and the others wait for it (busy timeout).
        Team.objects.filter(pk=team.pk).update(status=F("status"))
    # Lock the team row: two uploads in the same second must not both pass the quota.
    locked = Team.objects.select_for_update(no_key=True).get(pk=team.pk)
    if locked.status != TeamStatus.APPROVED:
        raise ChallengeError("Your team is not approved yet.")
    locked.challenge = challenge
    quota = submission_quota(team=locked, now=now)
    if quota.remaining_total == 0:
        raise ChallengeError(f"Your team has used all {quota.total} submissions.")
    if quota.remaining_today == 0:
        raise ChallengeError(
            f"Your team has used its {quota.daily} submissions for today "
            f"({challenge.edition.time_zone} time); try again tomorrow."
        )
    submission = Submission.objects.create(
        team=locked,
        track=track,
        submitted_by=by,
        submitted_at=now,
        artifact=stored,
        artifact_name=original_name,
        **fields,
    )
    from challenge.tasks import measure_submission  # tasks import services: import late

    transaction.on_commit(lambda: measure_submission.delay(submission_id=submission.pk))
    return submission


def submission_measure(*, submission: Submission) -> Submission:
    """Measure the artifact's size; status becomes evaluating, or failed with the reason.

    The file is read outside any transaction (it may be large), in a separate process bounded
    in time and memory. Whatever goes wrong, the submission leaves "measuring": a refusal or
    any other error marks it failed with the reason (organizers can re-queue it).
    """
    updated = Submission.objects.filter(pk=submission.pk, status=SubmissionStatus.SUBMITTED).update(
        status=SubmissionStatus.MEASURING
    )
    if not updated:
        submission.refresh_from_db()
        return submission  # already measured (a retried task): nothing to do
    fields = {
        "status": SubmissionStatus.FAILED,
        "failure_reason": "The measurement stopped unexpectedly; organizers can re-queue it.",
    }
    try:
        limit = Challenge.objects.values_list("max_artifact_bytes", flat=True).get(
            teams__submissions=submission.pk
        )
        measurement = measure_artifact_bounded(
            submission.artifact.path,
            submission.artifact_name,
            limit=limit,
            framework=submission.framework,
        )
    except MalformedArtifact as exc:
        fields["failure_reason"] = f"Refused: {exc}"
    except OSError as exc:
        fields["failure_reason"] = f"Unreadable: {exc.__class__.__name__}"
    except Exception:
        logger.exception("measuring submission %s failed", submission.pk)
    else:
        fields = {
            "status": SubmissionStatus.EVALUATING,
            "failure_reason": "",
            "measured_size_bytes": measurement.size_bytes,
            "size_method": measurement.method,
            "size_breakdown": measurement.breakdown(),
        }
    finally:
        # Also on BaseException (a killed task): never leave the submission "measuring".
        Submission.objects.filter(pk=submission.pk, status=SubmissionStatus.MEASURING).update(
            **fields
        )
    submission.refresh_from_db()
    return submission


REQUEUE_STATES = (SubmissionStatus.MEASURING, SubmissionStatus.EVALUATING, SubmissionStatus.FAILED)


def submission_requeue(*, submission: Submission, by, reason: str = "") -> Submission:
    """Organizers send a submission back to be measured again (stuck, failed, or to apply a
    corrected measurement). Side effect: the measuring task is queued on commit.
    Raises ChallengeError for a scored submission or one that is waiting already."""
    with transaction.atomic():
        sub = Submission.objects.select_for_update().get(pk=submission.pk)
        if sub.status not in REQUEUE_STATES:
            raise ChallengeError(
                f"A {sub.get_status_display().lower()} submission cannot be re-queued."
            )
        sub.status = SubmissionStatus.SUBMITTED
        sub.failure_reason = ""
        sub.measured_size_bytes = None
        sub.size_method = ""
        sub.size_breakdown = []
        sub.save(
            update_fields=[
                "status", "failure_reason", "measured_size_bytes", "size_method",
                "size_breakdown",
            ]
        )  # fmt: skip
        logger.info("submission %s re-queued by %s: %s", sub.pk, getattr(by, "pk", None), reason)
        from challenge.tasks import measure_submission  # tasks import services: import late

        transaction.on_commit(lambda: measure_submission.delay(submission_id=sub.pk))
    return sub


@transaction.atomic
def result_record(
    *,
    submission: Submission,
    by,
    metric_value: float | None = None,
    size_bytes: int | None = None,
    failed_reason: str = "",
    logs: str = "",
    idempotency_key: str = "",
    now=None,
) -> tuple[Result, bool]:
    """Record an evaluator's result; returns ``(result, created)``.

    Posting what is already the current result changes nothing (idempotent per submission);
    the same ``idempotency_key`` again returns the result it made. Anything different becomes
    a new version; old versions stay as history. Without a size, the measured one is used.
    Raises ChallengeError for an incomplete, premature or out-of-range result, and
    ResultConflict when the key was used with a different result.
    """
    if (metric_value is None) == (not failed_reason):
        raise ChallengeError("Give either a metric value or a failure reason.")
    if metric_value is not None and not math.isfinite(metric_value):
        raise ChallengeError("The metric value must be a finite number.", field="metric_value")
    if size_bytes is not None and not 0 <= size_bytes <= MAX_SIZE_BYTES:
        raise ChallengeError(
            f"size_bytes must be between 0 and {MAX_SIZE_BYTES:,}.", field="size_bytes"
        )
    # Lock the submission: two posts at once must not both become version n+1 or both
    # decide that they are new.
    sub = Submission.objects.select_for_update().select_related("track").get(pk=submission.pk)
    if idempotency_key:
        earlier = sub.results.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            same = (earlier.metric_value, earlier.size_bytes, earlier.failed_reason) == (
                metric_value, size_bytes, failed_reason,
            )  # fmt: skip
            if not same:
                raise ResultConflict(
                    f"Idempotency key {idempotency_key!r} was used for version"
                    f" {earlier.version} with a different result."
                )
            return earlier, False
    track = sub.track
    if metric_value is not None and (
        (track.metric_min is not None and metric_value < track.metric_min)
        or (track.metric_max is not None and metric_value > track.metric_max)
    ):
        low = "-inf" if track.metric_min is None else f"{track.metric_min:g}"
        high = "inf" if track.metric_max is None else f"{track.metric_max:g}"
        raise ChallengeError(
            f"{track.metric_name} must be within [{low}, {high}] on this track;"
            f" got {metric_value:g}.",
            field="metric_value",
        )
    if sub.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.MEASURING):
        raise ChallengeError("The size of this submission is still being measured.")
    if metric_value is not None and size_bytes is None and sub.measured_size_bytes is None:
        raise ChallengeError("No measured size: give size_bytes.", field="size_bytes")
    current = sub.results.order_by("-version").first()
    if (
        current is not None
        and current.metric_value == metric_value
        and current.size_bytes == size_bytes
        and current.failed_reason == failed_reason
    ):
        return current, False
    result = Result.objects.create(
        submission=sub,
        version=(current.version + 1) if current else 1,
        metric_value=metric_value,
        size_bytes=size_bytes,
        failed_reason=failed_reason,
        logs=logs,
        idempotency_key=idempotency_key,
        posted_by=by,
        posted_at=now or timezone.now(),
    )
    if failed_reason:
        sub.status = SubmissionStatus.FAILED
        sub.failure_reason = failed_reason
        sub.metric_value = None
        sub.size_bytes = None
    else:
        sub.status = SubmissionStatus.SCORED
        sub.failure_reason = ""
        sub.metric_value = metric_value
        sub.size_bytes = size_bytes if size_bytes is not None else sub.measured_size_bytes
        if size_bytes is not None and sub.measured_size_bytes is None:
            sub.size_method = SizeMethod.EVALUATOR
    sub.result_version = result.version
    sub.save(
        update_fields=[
            "status", "failure_reason", "metric_value", "size_bytes", "size_method",
            "result_version",
        ]
    )  # fmt: skip
    submission.__dict__.update({k: getattr(sub, k) for k in ("status", "result_version")})
    return result, True


@transaction.atomic
def final_compute(*, challenge: Challenge, by, recompute: bool = False, now=None) -> int:
    """Freeze the final leaderboard of every track; returns the number of standings written.

    Only once submissions are closed. Each track's snapshot (scored rows, counted choices,
    baselines) is written with its standings; the final page, API and CSV read only the
    snapshot, so later results change nothing there. A second computation must be asked for
    explicitly (``recompute``); until then corrections are recorded with final_correct.
    """
    now = now or timezone.now()
    # Lock the challenge row: two organizers pressing the button must not interleave.
    locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if not locked.submission_closed(now):
        raise ChallengeError("Final scores can be computed only after submissions close.")
    if locked.is_frozen and not recompute:
        raise ChallengeError("Final scores were already computed; recompute explicitly.")
    locked.edition = challenge.edition
    FinalStanding.objects.filter(track__challenge=locked).delete()
    FinalSnapshot.objects.filter(track__challenge=locked).delete()
    standings = []
    for track in track_list(challenge=locked):
        rows, counted = scored_rows(track=track), counted_choices(track=track)
        FinalSnapshot.objects.create(
            track=track,
            rows=[
                [r.submission_id, r.team_id, r.team_name, r.metric, r.size,
                 r.submitted_at.isoformat(), r.result_version]
                for r in rows
            ],
            counted={str(k): v for k, v in counted.items()},
            baselines=[
                [b.name, b.metric_value, b.size_bytes, b.description]
                for b in baseline_list(track=track)
            ],
            computed_at=now,
        )  # fmt: skip
        board = track_board(track=track, rows=rows, counted=counted)
        for ranking, ranked in ((Ranking.METRIC, board.by_metric), (Ranking.SIZE, board.by_size)):
            standings += [
                FinalStanding(
                    track=track,
                    ranking=ranking,
                    rank=x.rank,
                    team_id=x.row.team_id,
                    submission_id=x.row.submission_id,
                    metric_value=x.row.metric,
                    size_bytes=x.row.size,
                    result_version=x.row.result_version,
                )
                for x in ranked
            ]
    FinalStanding.objects.bulk_create(standings)
    locked.final_computed_at = now
    locked.final_computed_by = by
    locked.save(update_fields=["final_computed_at", "final_computed_by"])
    challenge.final_computed_at, challenge.final_computed_by = now, by
    return len(standings)


def final_correct(
    *,
    track: Track,
    team: Team,
    by,
    reason: str,
    metric_value: float | None = None,
    size_bytes: int | None = None,
    now=None,
) -> FinalCorrection:
    """Record an organizer's correction of a frozen final board. The frozen rows never change:
    the correction is shown beside its team's row, marked, with reason and time.
    Raises ChallengeError before the freeze, for a team not on the board or without reason."""
    if not track.challenge.is_frozen:
        raise ChallengeError("The final board is not frozen yet: nothing to correct.")
    if team.challenge_id != track.challenge_id:
        raise ChallengeError("This team is not part of the challenge.", field="team")
    reason = reason.strip()
    if not reason:
        raise ChallengeError("Give the reason of the correction.", field="reason")
    if metric_value is not None and not math.isfinite(metric_value):
        raise ChallengeError("The metric value must be a finite number.", field="metric_value")
    if size_bytes is not None and not 0 <= size_bytes <= MAX_SIZE_BYTES:
        raise ChallengeError(
            f"size_bytes must be between 0 and {MAX_SIZE_BYTES:,}.", field="size_bytes"
        )
    return FinalCorrection.objects.create(
        track=track, team=team, reason=reason, metric_value=metric_value,
        size_bytes=size_bytes, created_by=by, created_at=now or timezone.now(),
    )  # fmt: skip


# --- Leaderboard inputs: baselines and counted submissions -------------------------------


def standings_touch(*, challenge_id: int) -> None:
    """Make every cached board of the challenge stale: now, and again on commit (a reader in
    between may have cached the old rows under the new generation)."""
    key = standings_generation_key(challenge_id=challenge_id)

    def bump():
        try:
            cache.incr(key)
        except ValueError:  # no generation yet, or evicted: start one no board was built on
            cache.set(key, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)


@transaction.atomic
def baseline_add(
    *, track: Track, by, name: str, metric_value: float, size_bytes: int, description: str = ""
) -> Baseline:
    """Add an organizers' baseline row (shown, never ranked). Raises ChallengeError for a
    missing name, a non-finite metric or an impossible size."""
    name = name.strip()
    if not name:
        raise ChallengeError("Give the baseline a name.", field="name")
    if not math.isfinite(metric_value):
        raise ChallengeError("The metric value must be a finite number.", field="metric_value")
    if not 0 < size_bytes <= MAX_SIZE_BYTES:
        raise ChallengeError(
            f"size_bytes must be between 1 and {MAX_SIZE_BYTES:,}.", field="size_bytes"
        )
    baseline = Baseline.objects.create(
        track=track, name=name, metric_value=metric_value, size_bytes=size_bytes,
        description=description.strip(), created_by=by,
    )  # fmt: skip
    standings_touch(challenge_id=track.challenge_id)
    return baseline


@transaction.atomic
def baseline_delete(*, baseline: Baseline, by) -> None:
    challenge_id = baseline.track.challenge_id
    baseline.delete()
    standings_touch(challenge_id=challenge_id)


@transaction.atomic
def submission_count_choose(
    *, team: Team, track: Track, by, submission: Submission | None
) -> CountedSubmission | None:
    """The team chooses which of its submissions counts on ``track`` (None: its best again).

    Raises ChallengeError once the final board is frozen, or for a submission that is not the
    team's or not on this track.
    """
    # Lock the team row (team -> submission): two members choosing at once end with one choice.
    locked = Team.objects.select_for_update(no_key=True).get(pk=team.pk)
    challenge = Challenge.objects.get(pk=locked.challenge_id)
    if challenge.is_frozen:
        raise ChallengeError("The final board is frozen: the counted submission is final.")
    if track.challenge_id != locked.challenge_id:
        raise ChallengeError("This track is not part of the challenge.", field="track")
    if submission is not None and (
        submission.team_id != locked.pk or submission.track_id != track.pk
    ):
        raise ChallengeError("Choose one of your team's submissions on this track.")
    CountedSubmission.objects.filter(team=locked, track=track).delete()
    standings_touch(challenge_id=locked.challenge_id)
    if submission is None:
        return None
    return CountedSubmission.objects.create(
        team=locked, track=track, submission=submission, chosen_by=by
    )


LEASE = dt.timedelta(minutes=10)


def submission_claim(*, challenge: Challenge, by, now=None) -> Submission | None:
    """Give the evaluator the oldest measured submission that no live lease holds, leased to
    it for ``LEASE``; None when there is nothing to evaluate. An expired lease (a dead
    evaluator) puts the submission back in the queue."""
    now = now or timezone.now()
    with transaction.atomic():
        # skip_locked: parallel evaluators each take a different row instead of waiting.
        sub = (
            Submission.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(team__challenge=challenge, status=SubmissionStatus.EVALUATING)
            .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
            .order_by("submitted_at", "pk")
            .first()
        )
        if sub is None:
            return None
        sub.claimed_by = by
        sub.lease_expires_at = now + LEASE
        sub.save(update_fields=["claimed_by", "lease_expires_at"])
    return sub


def submission_heartbeat(*, submission: Submission, by, now=None) -> Submission:
    """Extend the caller's lease. Raises ChallengeError if the caller does not hold it."""
    now = now or timezone.now()
    with transaction.atomic():
        sub = Submission.objects.select_for_update().get(pk=submission.pk)
        if (
            sub.claimed_by_id != by.pk
            or sub.lease_expires_at is None
            or sub.lease_expires_at < now
            or sub.status != SubmissionStatus.EVALUATING
        ):
            raise ChallengeError("You do not hold a live lease on this submission; claim again.")
        sub.lease_expires_at = now + LEASE
        sub.save(update_fields=["lease_expires_at"])
    return sub
