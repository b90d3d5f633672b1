"""Who may reach which team, invitation and submission: views and the API ask here.

Each function returns the object or raises ``ChallengeNotFound``, the same answer for an id
that is missing, belongs to another edition's challenge, or is not the user's to see. The
checks are the permissions of ``challenge.rules``; their per-request cache is emc2.access.
"""

from django.http import Http404

from challenge.models import Challenge, ResultFile, Submission, Team, TeamMember


class ChallengeNotFound(Http404):
    """No such team, invitation or submission for this user: missing or forbidden alike."""


def _find(user, challenge: Challenge, pk: int, perm: str, what: str, get):
    """``get(challenge=, pk=)`` if the user holds ``perm`` on it, else ChallengeNotFound."""
    try:
        obj = get(challenge=challenge, pk=pk)
    except Http404:
        raise ChallengeNotFound(f"No such {what}.") from None
    if not user.has_perm(perm, obj):
        raise ChallengeNotFound(f"No such {what}.")
    return obj


def team_for(*, user, challenge: Challenge, pk: int, perm: str = "challenge.view_team") -> Team:
    """A team of ``challenge`` the user holds ``perm`` on (members, organizers, chairs)."""
    from challenge.selectors import team_get

    return _find(user, challenge, pk, perm, "team", team_get)


def team_for_staff(*, user, challenge: Challenge, pk: int) -> Team:
    """A team of ``challenge`` for its organizers and the edition's chairs."""
    if not user.has_perm("challenge.change_challenge", challenge):
        raise ChallengeNotFound("No such team.")
    return team_for(user=user, challenge=challenge, pk=pk, perm="challenge.change_challenge")


def invitation_for_user(*, user, challenge: Challenge, pk: int) -> TeamMember:
    """An invitation to a team of ``challenge`` sent to the user's address."""
    try:
        return TeamMember.objects.select_related("team").get(
            pk=pk, challenge=challenge, email__iexact=user.email
        )
    except TeamMember.DoesNotExist:
        raise ChallengeNotFound("No such invitation.") from None


def submission_for(
    *, user, challenge: Challenge, pk: int, perm: str = "challenge.download_artifact"
) -> Submission:
    """A submission of ``challenge`` the user holds ``perm`` on (its team, evaluators, staff)."""
    from challenge.selectors import submission_get

    return _find(user, challenge, pk, perm, "submission", submission_get)


def result_file_for(*, user, challenge: Challenge, submission_pk: int, pk: int) -> ResultFile:
    """A result file of a submission whose evaluator output the user may see."""
    from challenge.selectors import result_file_get

    submission = submission_for(
        user=user, challenge=challenge, pk=submission_pk, perm="challenge.view_evaluator_output"
    )
    try:
        return result_file_get(submission=submission, pk=pk)
    except Http404:
        raise ChallengeNotFound("No such result file.") from None
