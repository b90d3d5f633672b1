"""Team management: members, captain, rename, leave, re-registration, organizers' mail, invite
lists, and submitting from a script with a personal API token."""

import pytest
from django import forms
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework.test import APIClient

from challenge.enums import MemberStatus, TeamStatus
from challenge.exceptions import ChallengeError
from challenge.forms import email_list_parse
from challenge.models import Submission, Team, TeamMember
from challenge.services import (
    team_captain_transfer,
    team_decide,
    team_leave,
    team_member_remove,
    team_members_invite,
    team_register,
    team_rename,
)
from emc2.enums import RoleKind
from emc2.models import OutboxMail
from emc2.services import api_token_create
from tests.challenge.artifacts import tiny_onnx
from tests.factories.challenge import add_member
from tests.factories.emc2 import user_with_role


@pytest.fixture
def crew(team, actors):
    """``author`` captains the team, ``pc_member`` is a member."""
    Team.objects.filter(pk=team.pk).update(captain=actors["author"])
    team.captain = actors["author"]
    member = add_member(team, actors["pc_member"])
    return team, member


def team_url(name, edition, team, **kw):
    return reverse(f"challenge:{name}", kwargs={"edition": edition.slug, "pk": team.pk, **kw})


def test_invite_list_takes_commas_and_names_every_bad_address():
    assert email_list_parse("A@x.org, b@y.org;c@z.org\n<d@w.org> a@x.org") == [
        "a@x.org", "b@y.org", "c@z.org", "d@w.org",
    ]  # fmt: skip
    with pytest.raises(forms.ValidationError) as exc:
        email_list_parse("a@x.org, nope, b@, c@z.org")
    assert exc.value.messages == [
        "Not an e-mail address: nope, b@. Separate addresses with commas."
    ]


def test_register_page_invites_a_comma_list(client, edition, challenge, actors):
    client.force_login(actors["stranger"])
    page = reverse("challenge:team-register", args=[edition.slug])
    bad = client.post(
        page, {"name": "Commas", "member_emails": "x@y.org, not-an-address", "accept_rules": "on"}
    )
    assert "Not an e-mail address: not-an-address." in bad.content.decode()
    assert Team.objects.count() == 0
    client.post(page, {"name": "Commas", "member_emails": "x@y.org, z@y.org", "accept_rules": "on"})
    assert sorted(TeamMember.objects.filter(status="invited").values_list("email", flat=True)) == [
        "x@y.org", "z@y.org",
    ]  # fmt: skip


def test_pending_team_mails_each_organizer_once_and_again_after_rejection(
    challenge, edition, actors, mailoutbox, django_capture_on_commit_callbacks
):
    second = user_with_role(edition, RoleKind.CHALLENGE_ORGANIZER)
    challenge.require_approval = True
    challenge.save()
    with django_capture_on_commit_callbacks(execute=True):
        team = team_register(
            challenge=challenge, by=actors["stranger"], name="Waiting", accept_rules=True
        )
    organizers = sorted([actors["challenge_organizer"].email, second.email])
    pending = [m for m in mailoutbox if m.subject == "New team waiting for approval: Waiting"]
    assert sorted(m.to[0] for m in pending) == organizers
    assert team.captain_id == actors["stranger"].pk
    # Rejected, the captain registers it again: a new round, one more mail each.
    with django_capture_on_commit_callbacks(execute=True):
        team_decide(team=team, by=actors["chair"], approve=False, message="Too vague.")
        again = team_register(
            challenge=challenge, by=actors["stranger"], name="Waiting II", accept_rules=True
        )
    assert (again.pk, again.status, again.registration_round) == (team.pk, "pending", 2)
    assert again.decision_message == ""
    rounds = OutboxMail.objects.filter(key__startswith=f"challenge-team-pending:{team.pk}:")
    assert rounds.count() == 4
    assert len([m for m in mailoutbox if m.subject.startswith("New team waiting")]) == 4


def test_approved_team_is_not_announced_to_organizers(challenge, actors, mailoutbox):
    team_register(challenge=challenge, by=actors["stranger"], name="Open", accept_rules=True)
    assert not OutboxMail.objects.filter(key__startswith="challenge-team-pending:").exists()


def test_member_of_a_rejected_team_registers_a_new_team(crew, challenge, actors):
    team, member = crew
    team_decide(team=team, by=actors["chair"], approve=False)
    new = team_register(
        challenge=challenge, by=actors["pc_member"], name="Fresh start", accept_rules=True
    )
    assert new.pk != team.pk and new.captain_id == actors["pc_member"].pk
    assert not TeamMember.objects.filter(pk=member.pk).exists()


def test_a_team_not_rejected_cannot_register_twice(crew, challenge, actors):
    with pytest.raises(ChallengeError, match="already in a team"):
        team_register(challenge=challenge, by=actors["author"], name="Twice", accept_rules=True)
    assert Team.objects.count() == 1


def test_removed_member_loses_access_at_once(client, edition, crew, track, actors):
    team, member = crew
    client.force_login(actors["pc_member"])
    assert client.get(team_url("team-detail", edition, team)).status_code == 200
    team_member_remove(team=team, by=actors["author"], member=member)
    response = client.get(team_url("team-detail", edition, team))
    assert response.status_code == 404 and team.name not in response.content.decode()
    assert client.get(team_url("team-submit", edition, team)).status_code == 404


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("team-rename", {"name": "Hijacked"}),
        ("team-invite", {"emails": "friend@example.org"}),
    ],
)
def test_captain_only_actions_are_refused_for_members(client, edition, crew, actors, name, data):
    team, _ = crew
    client.force_login(actors["pc_member"])
    before = list(TeamMember.objects.values_list()), Team.objects.get().name
    response = client.post(team_url(name, edition, team), data)
    assert response.status_code == 404
    assert (list(TeamMember.objects.values_list()), Team.objects.get().name) == before


def test_captain_only_member_actions_are_refused_for_members(client, edition, crew, actors):
    team, member = crew
    captain = TeamMember.objects.get(user=actors["author"])
    client.force_login(actors["pc_member"])
    for name in ("team-member-remove", "team-captain"):
        response = client.post(team_url(name, edition, team, member=captain.pk))
        assert response.status_code == 404
    team.refresh_from_db()
    assert team.captain_id == actors["author"].pk and TeamMember.objects.count() == 2
    with pytest.raises(ChallengeError, match="Only the team's captain"):
        team_rename(team=team, by=actors["pc_member"], name="Hijacked")
    with pytest.raises(ChallengeError, match="Only the team's captain"):
        team_member_remove(team=team, by=actors["pc_member"], member=captain)


def test_captain_manages_the_team_from_its_page(
    client, edition, crew, actors, mailoutbox, django_capture_on_commit_callbacks
):
    team, member = crew
    client.force_login(actors["author"])
    with django_capture_on_commit_callbacks(execute=True):
        invited = client.post(
            team_url("team-invite", edition, team), {"emails": "new@x.org, bad@"}, follow=True
        )
    assert "Not an e-mail address: bad@." in invited.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(team_url("team-invite", edition, team), {"emails": "new@x.org, n2@x.org"})
    assert sorted(m.to[0] for m in mailoutbox) == ["n2@x.org", "new@x.org"]
    renamed = client.post(team_url("team-rename", edition, team), {"name": "Renamed"}, follow=True)
    assert "The team is called Renamed now." in renamed.content.decode()
    client.post(team_url("team-captain", edition, team, member=member.pk))
    team.refresh_from_db()
    assert (team.name, team.captain_id) == ("Renamed", actors["pc_member"].pk)
    # No longer the captain: the former captain may now leave.
    left = client.post(team_url("team-leave", edition, team), follow=True)
    assert "You left team Renamed." in left.content.decode()
    assert not TeamMember.objects.filter(user=actors["author"]).exists()


def test_captain_cannot_leave_or_be_removed_and_transfer_needs_a_confirmed_member(
    crew, actors, challenge
):
    team, member = crew
    with pytest.raises(ChallengeError, match="transfer the captain role"):
        team_leave(team=team, by=actors["author"])
    invited = team_members_invite(team=team, by=actors["author"], emails=["later@x.org"])
    assert invited == ["later@x.org"]
    pending = TeamMember.objects.get(email="later@x.org")
    assert pending.status == MemberStatus.INVITED
    with pytest.raises(ChallengeError, match="confirmed member"):
        team_captain_transfer(team=team, by=actors["author"], member=pending)
    with pytest.raises(ChallengeError, match="already registered"):
        team_rename(
            team=team,
            by=actors["author"],
            name=Team.objects.create(
                challenge=challenge, name="Taken", status=TeamStatus.APPROVED,
                rules_accepted_at=team.rules_accepted_at,
            ).name.upper(),
        )  # fmt: skip
    team_leave(team=team, by=actors["pc_member"])
    assert not TeamMember.objects.filter(pk=member.pk).exists()


def test_team_submits_from_a_script_with_a_personal_token(
    edition, crew, track, actors, django_capture_on_commit_callbacks
):
    _, key = api_token_create(user=actors["pc_member"], name="ci", scope="write")
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = reverse("api:challenge:submission-create", kwargs={"edition": edition.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = script.post(
            url,
            {"track": track.slug, "framework": "ONNX",
             "artifact": ContentFile(tiny_onnx(), name="w.onnx")},
            format="multipart",
        )  # fmt: skip
    assert response.status_code == 201, response.content
    sub = Submission.objects.get()
    assert (sub.submitted_by_id, sub.measured_size_bytes) == (actors["pc_member"].pk, 54)
    _, read_key = api_token_create(user=actors["pc_member"], name="ro", scope="read")
    script.credentials(HTTP_AUTHORIZATION=f"Bearer {read_key}")
    refused = script.post(
        url, {"track": track.slug, "framework": "ONNX",
              "artifact": ContentFile(tiny_onnx(), name="w.onnx")}, format="multipart",
    )  # fmt: skip
    assert refused.status_code == 403 and Submission.objects.count() == 1


def test_captain_manages_the_team_through_the_api_with_a_token(edition, crew, actors):
    team, member = crew
    _, key = api_token_create(user=actors["author"], name="ci", scope="write")
    captain = APIClient()
    captain.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")

    def api(tail):
        return f"/api/editions/{edition.slug}/challenge/team/{tail}"

    bad = captain.post(api("invite/"), {"emails": "new@example.org, nope, b@"}, format="json")
    assert bad.status_code == 400
    assert "nope, b@" in bad.json()["emails"][0]
    assert not TeamMember.objects.filter(team=team, email="new@example.org").exists()
    good = captain.post(api("invite/"), {"emails": "New@example.org; x@example.org"}, format="json")
    assert good.json() == {"invited": ["new@example.org", "x@example.org"]}
    renamed = captain.post(api("rename/"), {"name": "Sparse Crew"}, format="json")
    assert renamed.json()["team"]["name"] == "Sparse Crew"
    # The member (not captain) cannot do captain things: 403, nothing changes.
    _, member_key = api_token_create(user=actors["pc_member"], name="m", scope="write")
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {member_key}")
    assert other.post(api("rename/"), {"name": "Hijacked"}, format="json").status_code == 403
    assert Team.objects.get(pk=team.pk).name == "Sparse Crew"
    # Hand over the captain role, then the old captain may leave.
    assert captain.post(api(f"members/{member.pk}/captain/")).status_code == 200
    assert Team.objects.get(pk=team.pk).captain_id == actors["pc_member"].pk
    assert captain.post(api("leave/")).status_code == 204
    assert not TeamMember.objects.filter(team=team, user=actors["author"]).exists()
