"""challenge.access: one not-found answer for missing, other-edition and forbidden ids."""

import pytest

from challenge.access import (
    ChallengeNotFound,
    invitation_for_user,
    submission_for,
    team_for,
    team_for_staff,
)
from challenge.models import TeamMember
from tests.factories.challenge import ChallengeFactory, SubmissionFactory, TeamFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenges(edition, other_edition):
    return ChallengeFactory(edition=edition), ChallengeFactory(edition=other_edition)


def test_team_for_member_and_staff(challenges, actors):
    mine, _ = challenges
    team = TeamFactory(challenge=mine)
    add_member(team, actors["author"])
    assert team_for(user=actors["author"], challenge=mine, pk=team.pk) == team
    assert team_for(user=actors["challenge_organizer"], challenge=mine, pk=team.pk) == team
    assert team_for_staff(user=actors["chair"], challenge=mine, pk=team.pk) == team


@pytest.mark.parametrize(
    ("actor", "where"),
    [
        ("stranger", "this"),
        ("chair_other_edition", "this"),
        ("challenge_organizer", "other"),
        ("challenge_organizer", "missing"),
    ],
)
def test_team_for_refuses_with_one_error(actor, where, challenges, actors):
    mine, theirs = challenges
    team = TeamFactory(challenge=theirs if where == "other" else mine)
    pk = 999999 if where == "missing" else team.pk
    with pytest.raises(ChallengeNotFound):
        team_for(user=actors[actor], challenge=mine, pk=pk)


def test_team_members_are_not_staff(challenges, actors):
    mine, _ = challenges
    team = TeamFactory(challenge=mine)
    add_member(team, actors["author"])
    with pytest.raises(ChallengeNotFound):
        team_for_staff(user=actors["author"], challenge=mine, pk=team.pk)


def test_submission_for_refuses_other_teams_and_editions(challenges, actors):
    mine, theirs = challenges
    own = SubmissionFactory(team=TeamFactory(challenge=mine))
    add_member(own.team, actors["author"])
    elsewhere = SubmissionFactory(team=TeamFactory(challenge=theirs))
    assert submission_for(user=actors["author"], challenge=mine, pk=own.pk) == own
    assert submission_for(user=actors["evaluator"], challenge=mine, pk=own.pk) == own
    for user, pk in [(actors["stranger"], own.pk), (actors["evaluator"], elsewhere.pk)]:
        with pytest.raises(ChallengeNotFound):
            submission_for(user=user, challenge=mine, pk=pk)


def test_invitation_for_user_is_for_its_address_only(challenges, actors):
    mine, _ = challenges
    team = TeamFactory(challenge=mine)
    invitation = TeamMember.objects.create(
        team=team, challenge=mine, email=actors["stranger"].email
    )
    assert invitation_for_user(user=actors["stranger"], challenge=mine, pk=invitation.pk) == (
        invitation
    )
    with pytest.raises(ChallengeNotFound):
        invitation_for_user(user=actors["author"], challenge=mine, pk=invitation.pk)
