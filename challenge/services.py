"""Writes of the challenge: configuration, teams, submissions, results, the final freeze."""

import datetime as dt
import logging
import math
import uuid

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from challenge.enums import MemberStatus, Ranking, SizeMethod, SubmissionStatus, TeamStatus
from challenge.exceptions import ChallengeError, ResultConflict
from challenge.measure import MalformedArtifact, measure_artifact_bounded
from challenge.models import Challenge, FinalStanding, Result, Submission, Team, TeamMember, Track
from challenge.selectors import submission_quota, track_board, track_list
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
    """Register a team with ``by`` as its first confirmed member; invite the others by e-mail.

    Side effects: one invitation mail per invited address (on commit).
    Raises ChallengeError when registration is closed, the rules are not accepted, the name is
    taken or ``by`` is already in a team of this challenge.
    """
    now = now or timezone.now()
    if not challenge.registration_open(now):
        raise ChallengeError("Team registration is not open.")
    if not accept_rules:
        raise ChallengeError("The rules must be accepted to register.", field="accept_rules")
    name = name.strip()
    if Team.objects.filter(challenge=challenge, name__iexact=name).exists():
        raise ChallengeError("A team with this name is already registered.", field="name")
    if TeamMember.objects.filter(challenge=challenge, user=by).exists():
        raise ChallengeError("You are already in a team of this challenge.")
    team = Team.objects.create(
        challenge=challenge,
        name=name,
        affiliation=affiliation,
        status=TeamStatus.PENDING if challenge.require_approval else TeamStatus.APPROVED,
        rules_accepted_at=now,
        created_by=by,
    )
    own = by.email.lower()
    invited = sorted({e.strip().lower() for e in member_emails if e.strip()} - {own})
    try:
        # The partial unique constraint backs "one team per user" against a parallel request.
        with transaction.atomic():
            TeamMember.objects.create(
                team=team,
                challenge=challenge,
                email=own,
                user=by,
                status=MemberStatus.CONFIRMED,
                confirmed_at=now,
            )
    except IntegrityError:
        raise ChallengeError("You are already in a team of this challenge.") from None
    TeamMember.objects.bulk_create(
        TeamMember(team=team, challenge=challenge, email=e, status=MemberStatus.INVITED)
        for e in invited
    )
    context = {"team": team, "challenge": challenge, "edition": challenge.edition, "by": by}
    for e in invited:
        _mail(
            key=f"challenge-invitation:{team.pk}:{e.lower()}",
            template="invitation.txt",
            subject=f"Invitation to team {team.name}",
            to=[e],
            context=context,
        )
    return team


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

    Only once submissions are closed. A second computation must be asked for explicitly
    (``recompute``); results corrected after the freeze are shown as such until then.
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
    standings = []
    for track in track_list(challenge=locked):
        board = track_board(track=track)
        for ranking, rows in ((Ranking.METRIC, board.by_metric), (Ranking.SIZE, board.by_size)):
            standings += [
                FinalStanding(
                    track=track,
                    ranking=ranking,
                    rank=i,
                    team_id=r.team_id,
                    submission_id=r.submission_id,
                    metric_value=r.metric,
                    size_bytes=r.size,
                    result_version=r.result_version,
                )
                for i, r in enumerate(rows, start=1)
            ]
    FinalStanding.objects.bulk_create(standings)
    locked.final_computed_at = now
    locked.final_computed_by = by
    locked.save(update_fields=["final_computed_at", "final_computed_by"])
    challenge.final_computed_at, challenge.final_computed_by = now, by
    return len(standings)


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
