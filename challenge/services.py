"""Writes of the challenge: configuration, teams, submissions, results, the final freeze."""

import datetime as dt
import logging
import math
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from challenge.enums import (
    MemberStatus,
    Ranking,
    SizeMethod,
    SubmissionAction,
    SubmissionStatus,
    TeamStatus,
)
from challenge.exceptions import ChallengeError, ResultConflict
from challenge.measure import MEASURE_SECONDS, MalformedArtifact, measure_artifact_bounded
from challenge.models import (
    Baseline,
    Challenge,
    CountedSubmission,
    EvaluatorLog,
    FinalCorrection,
    FinalSnapshot,
    FinalStanding,
    Result,
    ResultFile,
    Submission,
    SubmissionEvent,
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
from emc2.storage import local_copies

logger = logging.getLogger(__name__)
# The largest value a size column holds (a signed 64-bit integer on every database).
MAX_SIZE_BYTES = 2**63 - 1

CHALLENGE_FIELDS = {
    "title", "description", "rules_text", "registration_opens_at", "registration_closes_at",
    "submission_opens_at", "submission_closes_at", "results_published_at", "frameworks",
    "daily_quota", "total_quota", "max_artifact_bytes", "byte_unit", "leaderboard_public",
    "require_approval", "logs_visible_to_teams",
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


# --- Submission lifecycle ----------------------------------------------------------------

S = SubmissionStatus
# Which state may follow which. Nothing is a dead end but "disqualified" (an organizer's
# final word): measuring always ends (submission_measure's finally), a running submission
# goes back to the queue when its lease expires, and organizers can re-queue or re-evaluate.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.UPLOADED: frozenset({S.MEASURING, S.DISQUALIFIED}),
    S.MEASURING: frozenset({S.QUEUED, S.FAILED, S.UPLOADED, S.DISQUALIFIED}),
    S.QUEUED: frozenset({S.RUNNING, S.SCORED, S.FAILED, S.UPLOADED, S.DISQUALIFIED}),
    S.RUNNING: frozenset({S.QUEUED, S.SCORED, S.FAILED, S.UPLOADED, S.DISQUALIFIED}),
    # A scored submission is not measured again (its scores would vanish): re-evaluate it.
    S.SCORED: frozenset({S.SCORED, S.FAILED, S.QUEUED, S.DISQUALIFIED}),
    S.FAILED: frozenset({S.SCORED, S.FAILED, S.QUEUED, S.UPLOADED, S.DISQUALIFIED}),
    S.DISQUALIFIED: frozenset(),
}


def _transition(
    sub: Submission, *, to: str, action: str, by=None, reason: str = "", now=None, **fields
) -> SubmissionEvent:
    """Move a submission the caller has locked (or compare-and-set) to ``to``; write history.

    The only place a submission's status changes. Raises ChallengeError for a transition
    that ``TRANSITIONS`` does not allow."""
    if to not in TRANSITIONS[sub.status]:
        raise ChallengeError(
            f"A {sub.get_status_display().lower()} submission cannot become"
            f" {SubmissionStatus(to).label.lower()}."
        )
    event = SubmissionEvent(
        submission=sub,
        at=now or timezone.now(),
        from_status=sub.status,
        to_status=to,
        action=action,
        actor=by,
        reason=reason[:2000],
    )
    if to not in (S.RUNNING,):
        fields.setdefault("claimed_by", None)
        fields.setdefault("lease_expires_at", None)
    for name, value in fields.items():
        setattr(sub, name, value)
    sub.status = to
    sub.save(update_fields=["status", *fields])
    event.save()
    return event


def _lock_first(qs) -> None:
    if connection.vendor == "sqlite":
        # SQLite ignores select_for_update, and two read-then-write transactions deadlock
        # ("database is locked"): write first, so this transaction holds the write lock from
        # its start and the others wait for it (busy timeout). See _submission_store.
        qs.update(status=F("status"))


def _locked(submission: Submission) -> Submission:
    _lock_first(Submission.objects.filter(pk=submission.pk))
    # .get() by pk joins nothing: only the submission row is locked (docs/locking.md).
    return Submission.objects.select_for_update(no_key=True).get(pk=submission.pk)


def _event_write(sub: Submission, *, action: str, by, reason: str, now=None) -> SubmissionEvent:
    """A history row that changes no state (hide, unhide)."""
    return SubmissionEvent.objects.create(
        submission=sub,
        at=now or timezone.now(),
        from_status=sub.status,
        to_status=sub.status,
        action=action,
        actor=by,
        reason=reason[:2000],
    )


def _reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ChallengeError("Give a reason; it is kept in the submission's history.", "reason")
    return reason


def submission_reevaluate(*, submission: Submission, by, reason: str) -> Submission:
    """Organizers send a measured submission back to the evaluators (keeps its measurement
    and its result versions; the next result becomes a new version).
    Raises ChallengeError without a reason, or when the submission was never measured."""
    reason = _reason_required(reason)
    with transaction.atomic():
        sub = _locked(submission)
        if sub.measured_size_bytes is None and sub.size_bytes is None:
            raise ChallengeError("This submission has no measured size; re-queue it instead.")
        if sub.status == S.QUEUED:
            raise ChallengeError("This submission is already waiting for an evaluator.")
        _transition(sub, to=S.QUEUED, action=SubmissionAction.REEVALUATE, by=by, reason=reason)
    return sub


def submission_disqualify(*, submission: Submission, by, reason: str) -> Submission:
    """Organizers disqualify a submission: never ranked, never claimed again. Final.
    Raises ChallengeError without a reason or when it is disqualified already."""
    reason = _reason_required(reason)
    with transaction.atomic():
        sub = _locked(submission)
        _transition(
            sub, to=S.DISQUALIFIED, action=SubmissionAction.DISQUALIFY, by=by, reason=reason,
            failure_reason=reason,
        )  # fmt: skip
    return sub


def submission_hide(*, submission: Submission, by, reason: str, hidden: bool = True) -> Submission:
    """Organizers hide a submission from every leaderboard (or show it again); its team and
    the organizers still see it. Raises ChallengeError without a reason or for no change."""
    reason = _reason_required(reason)
    with transaction.atomic():
        sub = _locked(submission)
        if sub.hidden == hidden:
            raise ChallengeError("This submission is hidden already." if hidden else
                                 "This submission is not hidden.")  # fmt: skip
        sub.hidden = hidden
        sub.save(update_fields=["hidden"])
        action = SubmissionAction.HIDE if hidden else SubmissionAction.UNHIDE
        _event_write(sub, action=action, by=by, reason=reason)
    return sub


def submission_leases_expire(*, challenge: Challenge | None = None, now=None) -> int:
    """Return every running submission whose lease ran out to the queue (a dead evaluator).
    Run by the claim and by a periodic task; returns how many went back."""
    now = now or timezone.now()
    qs = Submission.objects.filter(status=S.RUNNING, lease_expires_at__lt=now)
    if challenge is not None:
        qs = qs.filter(team__challenge=challenge)
    count = 0
    for pk in qs.order_by("pk").values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            _lock_first(Submission.objects.filter(pk=pk))
            sub = (
                Submission.objects.select_for_update(no_key=True, skip_locked=True)
                .filter(pk=pk, status=S.RUNNING, lease_expires_at__lt=now)
                .first()
            )
            if sub is None:
                continue  # heartbeat, result or another sweep got there first
            _transition(
                sub, to=S.QUEUED, action=SubmissionAction.LEASE_EXPIRED, now=now,
                reason=f"The lease of evaluator {sub.claimed_by_id} expired.",
            )  # fmt: skip
            count += 1
    return count


# A worker killed mid-measurement (SIGKILL, OOM) never reaches submission_measure's finally,
# and its redelivered task finds the submission "measuring" and leaves it alone: this sweep
# ends it. Well past the measuring process's own time limit.
MEASURE_STUCK_AFTER = dt.timedelta(seconds=5 * MEASURE_SECONDS)


def submission_measuring_expire(*, now=None) -> int:
    """Fail every submission measuring for longer than MEASURE_STUCK_AFTER (organizers can
    re-queue it); returns how many. Run by the periodic task with the lease sweep."""
    now = now or timezone.now()
    stuck = (
        SubmissionEvent.objects.filter(
            to_status=S.MEASURING, at__lt=now - MEASURE_STUCK_AFTER, submission__status=S.MEASURING
        )
        .values_list("submission_id", flat=True)
        .distinct()
    )
    count = 0
    for pk in sorted(stuck)[:1000]:
        with transaction.atomic():
            _lock_first(Submission.objects.filter(pk=pk))
            sub = Submission.objects.select_for_update(no_key=True).filter(pk=pk).first()
            started = sub and sub.events.filter(to_status=S.MEASURING).order_by("-at").first()
            if sub is None or sub.status != S.MEASURING or started.at >= now - MEASURE_STUCK_AFTER:
                continue  # finished, or re-queued and measuring again since
            reason = "The measurement did not finish; organizers can re-queue it."
            _transition(
                sub, to=S.FAILED, action=SubmissionAction.MEASURE, now=now, reason=reason,
                failure_reason=reason,
            )  # fmt: skip
            count += 1
    return count


# --- Evaluator output --------------------------------------------------------------------

LOG_MAX_CHARS = 64 * 1024  # one post
LOG_TOTAL_MAX_CHARS = 1024 * 1024  # all posts of a submission
RESULT_FILE_MAX_BYTES = 5 * 1024 * 1024
RESULT_FILES_MAX = 20


def _evaluator_may_write(sub: Submission) -> None:
    if sub.status in (S.UPLOADED, S.MEASURING, S.DISQUALIFIED):
        raise ChallengeError(
            f"A {sub.get_status_display().lower()} submission takes no evaluator output."
        )


@transaction.atomic
def evaluator_log_append(*, submission: Submission, by, text: str, now=None) -> EvaluatorLog:
    """Append a chunk of evaluator log. Raises ChallengeError when the chunk is longer than
    LOG_MAX_CHARS, the submission's logs would pass LOG_TOTAL_MAX_CHARS, or it takes none."""
    if not text:
        raise ChallengeError("The log is empty.", field="text")
    if len(text) > LOG_MAX_CHARS:
        raise ChallengeError(
            f"A log post holds at most {LOG_MAX_CHARS:,} characters; got {len(text):,}.",
            field="text",
        )
    # Lock: two posts at once must not both pass the total.
    sub = _locked(submission)
    _evaluator_may_write(sub)
    total = sum(len(t) for t in sub.logs.values_list("text", flat=True))
    if total + len(text) > LOG_TOTAL_MAX_CHARS:
        raise ChallengeError(
            f"The logs of a submission hold at most {LOG_TOTAL_MAX_CHARS:,} characters.",
            field="text",
        )
    return EvaluatorLog.objects.create(
        submission=sub, text=text, posted_by=by, posted_at=now or timezone.now()
    )


def result_file_add(*, submission: Submission, by, upload, now=None) -> ResultFile:
    """Store an evaluator's result file through the storage API. Raises ChallengeError when
    it is larger than RESULT_FILE_MAX_BYTES, the submission has RESULT_FILES_MAX already, or
    it takes no output. The file is written before the short transaction, removed if refused."""
    if upload.size > RESULT_FILE_MAX_BYTES:
        raise ChallengeError(
            f"A result file holds at most {RESULT_FILE_MAX_BYTES:,} bytes.", field="file"
        )
    name = (getattr(upload, "name", "") or "result")[-200:]
    field = ResultFile._meta.get_field("file")
    stored = field.storage.save(field.generate_filename(None, name), upload)
    try:
        with transaction.atomic():
            sub = _locked(submission)
            _evaluator_may_write(sub)
            if sub.result_files.count() >= RESULT_FILES_MAX:
                raise ChallengeError(
                    f"A submission holds at most {RESULT_FILES_MAX} result files.", field="file"
                )
            return ResultFile.objects.create(
                submission=sub, file=stored, name=name, size_bytes=upload.size,
                posted_by=by, posted_at=now or timezone.now(),
            )  # fmt: skip
    except BaseException:
        field.storage.delete(stored)
        raise


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
    submission = None
    try:
        with transaction.atomic():
            submission = _submission_store(
                team=team, track=track, by=by, stored=stored, original_name=original_name,
                framework=framework, description=description, claimed_metric=claimed_metric,
                now=now,
            )  # fmt: skip
    except BaseException:
        # An error after the commit (an eager task run on commit) must not delete the file of
        # a stored submission.
        if submission is None or not Submission.objects.filter(pk=submission.pk).exists():
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
    SubmissionEvent.objects.create(
        submission=submission, at=now, from_status="", to_status=S.UPLOADED,
        action=SubmissionAction.UPLOAD, actor=by,
    )  # fmt: skip
    from challenge.tasks import measure_submission  # tasks import services: import late

    transaction.on_commit(lambda: measure_submission.delay(submission_id=submission.pk))
    return submission


def _measuring_end(pk: int, *, to: str, reason: str = "", **fields) -> None:
    with transaction.atomic():
        _lock_first(Submission.objects.filter(pk=pk))
        sub = Submission.objects.select_for_update(no_key=True).filter(pk=pk).first()
        if sub is None or sub.status != S.MEASURING:
            return  # re-queued or disqualified meanwhile: that decision stands
        _transition(sub, to=to, action=SubmissionAction.MEASURE, reason=reason, **fields)


def submission_measure(*, submission: Submission) -> Submission:
    """Measure the artifact's size; the submission becomes queued, or failed with the reason.

    The file is read outside any transaction (it may be large), in a separate process bounded
    in time and memory. Whatever goes wrong, the submission leaves "measuring": a refusal or
    any other error marks it failed with the reason (organizers can re-queue it).
    """
    with transaction.atomic():
        sub = _locked(submission)
        if sub.status != S.UPLOADED:
            submission.refresh_from_db()
            return submission  # already measured (a retried task): nothing to do
        _transition(sub, to=S.MEASURING, action=SubmissionAction.MEASURE)
    end = {
        "to": S.FAILED,
        "failure_reason": "The measurement stopped unexpectedly; organizers can re-queue it.",
    }
    try:
        limit = Challenge.objects.values_list("max_artifact_bytes", flat=True).get(
            teams__submissions=submission.pk
        )
        # The measurer reads a file name; the artifact may live in a bucket.
        with local_copies([submission.artifact.name]) as paths:
            if submission.artifact.name not in paths:
                raise FileNotFoundError(submission.artifact.name)
            measurement = measure_artifact_bounded(
                str(paths[submission.artifact.name]),
                submission.artifact_name,
                limit=limit,
                framework=submission.framework,
            )
    except MalformedArtifact as exc:
        end["failure_reason"] = f"Refused: {exc}"
    except OSError as exc:
        end["failure_reason"] = f"Unreadable: {exc.__class__.__name__}"
    except Exception:
        logger.exception("measuring submission %s failed", submission.pk)
    else:
        end = {
            "to": S.QUEUED,
            "failure_reason": "",
            "measured_size_bytes": measurement.size_bytes,
            "size_method": measurement.method,
            "size_breakdown": measurement.breakdown(),
        }
    finally:
        # Also on BaseException (a killed task): never leave the submission "measuring".
        _measuring_end(submission.pk, reason=end["failure_reason"], **end)
    submission.refresh_from_db()
    return submission


def submission_requeue(*, submission: Submission, by, reason: str) -> Submission:
    """Organizers send a submission back to be measured again (stuck, failed, or to apply a
    corrected measurement). Side effect: the measuring task is queued on commit.
    Raises ChallengeError without a reason, for a disqualified submission or one that is
    waiting to be measured already."""
    reason = _reason_required(reason)
    with transaction.atomic():
        sub = _locked(submission)
        if sub.status == S.UPLOADED:
            raise ChallengeError("This submission is waiting to be measured already.")
        if sub.status in (S.SCORED, S.DISQUALIFIED):
            raise ChallengeError(
                f"A {sub.get_status_display().lower()} submission cannot be re-queued."
            )
        _transition(
            sub, to=S.UPLOADED, action=SubmissionAction.REQUEUE, by=by, reason=reason,
            failure_reason="", measured_size_bytes=None, size_method="", size_breakdown=[],
        )  # fmt: skip
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
    _lock_first(Submission.objects.filter(pk=submission.pk))
    sub = (
        Submission.objects.select_for_update(no_key=True, of=("self",))
        .select_related("track")
        .get(pk=submission.pk)
    )
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
    if sub.status in (S.UPLOADED, S.MEASURING):
        raise ChallengeError("The size of this submission is still being measured.")
    if sub.status == S.DISQUALIFIED:
        raise ChallengeError("This submission is disqualified; it takes no results.")
    if metric_value is not None and size_bytes is None and sub.measured_size_bytes is None:
        raise ChallengeError("No measured size: give size_bytes.", field="size_bytes")
    now = now or timezone.now()
    to = S.FAILED if failed_reason else S.SCORED
    current = sub.results.order_by("-version").first()
    if (
        current is not None
        and current.metric_value == metric_value
        and current.size_bytes == size_bytes
        and current.failed_reason == failed_reason
    ):
        if sub.status in (S.QUEUED, S.RUNNING):
            # Re-evaluated with the same outcome: no new version, but the evaluation is over.
            _transition(
                sub, to=to, action=SubmissionAction.RESULT, by=by, now=now,
                reason=f"Same result as version {current.version}.",
            )  # fmt: skip
            submission.__dict__.update(status=sub.status)
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
        posted_at=now,
    )
    fields = {"result_version": result.version, "failure_reason": failed_reason}
    if failed_reason:
        fields.update(metric_value=None, size_bytes=None)
    else:
        fields["metric_value"] = metric_value
        fields["size_bytes"] = size_bytes if size_bytes is not None else sub.measured_size_bytes
        if size_bytes is not None and sub.measured_size_bytes is None:
            fields["size_method"] = SizeMethod.EVALUATOR
    outcome = f"failed: {failed_reason}" if failed_reason else f"metric {metric_value:g}"
    _transition(
        sub, to=to, action=SubmissionAction.RESULT, by=by, now=now,
        reason=f"Version {result.version}, {outcome}", **fields,
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


def submission_claim(*, challenge: Challenge, by, now=None) -> tuple[Submission, int] | None:
    """Give the evaluator the oldest queued submission, running for it under a lease of
    ``LEASE``; returns ``(submission, claim id)`` (the claim's history row, a stable key for
    the evaluator's idempotent posts) or None when nothing is queued. Expired leases (a dead
    evaluator) first go back to the queue."""
    now = now or timezone.now()
    submission_leases_expire(challenge=challenge, now=now)
    with transaction.atomic():
        _lock_first(Submission.objects.filter(pk=-1))  # SQLite: take the write lock first
        # skip_locked: parallel evaluators each take a different row instead of waiting.
        sub = (
            Submission.objects.select_for_update(skip_locked=True, no_key=True, of=("self",))
            .filter(team__challenge=challenge, status=S.QUEUED)
            .order_by("submitted_at", "pk")
            .first()
        )
        if sub is None:
            return None
        event = _transition(
            sub, to=S.RUNNING, action=SubmissionAction.CLAIM, by=by, now=now,
            claimed_by=by, lease_expires_at=now + LEASE,
        )  # fmt: skip
    return sub, event.pk


def submission_heartbeat(*, submission: Submission, by, now=None) -> Submission:
    """Extend the caller's lease. Raises ChallengeError if the caller does not hold it."""
    now = now or timezone.now()
    with transaction.atomic():
        sub = _locked(submission)
        if (
            sub.claimed_by_id != by.pk
            or sub.lease_expires_at is None
            or sub.lease_expires_at < now
            or sub.status != S.RUNNING
        ):
            raise ChallengeError("You do not hold a live lease on this submission; claim again.")
        sub.lease_expires_at = now + LEASE
        sub.save(update_fields=["lease_expires_at"])
    return sub
