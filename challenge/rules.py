"""Permissions of the challenge, built on emc2's role predicates.

Objects: a Challenge for challenge-wide permissions, a Team for team pages and submitting,
a Submission for artifacts. All of them resolve ``.edition`` for the role predicates.
"""

import rules

from challenge.enums import MemberStatus
from emc2.access import access_cached
from emc2.rules import is_chair, is_challenge_organizer, is_evaluator, is_published, is_superuser

# Chairs of the edition may configure the challenge too (the issue: organizers AND chairs).
is_challenge_staff = is_challenge_organizer | is_chair | is_superuser


def _team_of(obj):
    from challenge.models import Submission, Team

    if isinstance(obj, Team):
        return obj
    if isinstance(obj, Submission):
        return obj.team
    return None


def _teams_of(user) -> set[int]:
    from challenge.models import TeamMember

    return set(
        TeamMember.objects.filter(user=user, status=MemberStatus.CONFIRMED).values_list(
            "team_id", flat=True
        )
    )


@rules.predicate
def is_team_member(user, obj) -> bool:
    """A confirmed member of the team (of the submission's team)."""
    team = _team_of(obj)
    if team is None or not user.is_authenticated:
        return False
    cache = access_cached(user=user, key="challenge.teams", compute=lambda: _teams_of(user))
    return team.pk in cache


@rules.predicate
def is_team_captain(user, obj) -> bool:
    """The member who manages the team: its members, name and captain role."""
    team = _team_of(obj)
    return bool(team and user.is_authenticated and team.captain_id == user.pk) and (
        is_team_member(user, obj)
    )


@rules.predicate
def is_approved_team(user, obj) -> bool:
    team = _team_of(obj)
    return bool(team and team.is_approved)


@rules.predicate
def team_sees_logs(user, obj) -> bool:
    """The host lets teams see evaluator logs and result files on the submission's track."""
    track = getattr(obj, "track", None)
    return bool(track is not None and track.team_sees_logs)


@rules.predicate
def live_leaderboard_public(user, obj) -> bool:
    challenge = getattr(obj, "challenge", obj)
    return bool(getattr(challenge, "leaderboard_public", False))


@rules.predicate
def final_results_published(user, obj) -> bool:
    challenge = getattr(obj, "challenge", obj)
    return bool(challenge.is_frozen and challenge.results_published())


rules.add_perm("challenge.view_challenge", is_published | is_challenge_staff | is_evaluator)
rules.add_perm("challenge.change_challenge", is_challenge_staff)
rules.add_perm("challenge.register_team", rules.is_authenticated)
rules.add_perm("challenge.view_team", is_team_member | is_challenge_staff)
rules.add_perm("challenge.submit_entry", is_team_member & is_approved_team)
rules.add_perm("challenge.choose_counted_submission", is_team_member)
rules.add_perm("challenge.manage_team", is_team_captain)
rules.add_perm("challenge.leave_team", is_team_member)
rules.add_perm("challenge.evaluate_submission", is_evaluator | is_challenge_staff)
rules.add_perm("challenge.view_submission", is_team_member | is_challenge_staff)
rules.add_perm("challenge.requeue_submission", is_challenge_staff)
# Re-evaluate, disqualify, hide.
rules.add_perm("challenge.moderate_submission", is_challenge_staff)
rules.add_perm(
    "challenge.view_evaluator_output",
    is_challenge_staff | is_evaluator | (is_team_member & team_sees_logs),
)
rules.add_perm("challenge.download_artifact", is_team_member | is_evaluator | is_challenge_staff)
rules.add_perm(
    "challenge.view_live_leaderboard",
    (is_published & live_leaderboard_public) | is_challenge_staff | is_evaluator,
)
rules.add_perm(
    "challenge.view_final_leaderboard",
    (is_published & final_results_published) | is_challenge_staff,
)
