import pytest

from tests.factories.challenge import SubmissionFactory

ACTORS = ["anonymous", "stranger", "author", "pc_member", "chair", "chair_other_edition",
          "challenge_organizer", "evaluator"]  # fmt: skip


def allowed(*who):
    return [pytest.param(a, a in who, id=a) for a in ACTORS]


@pytest.mark.parametrize(("actor", "expected"), allowed("chair", "challenge_organizer"))
def test_change_challenge(actor, expected, actors, challenge):
    assert actors[actor].has_perm("challenge.change_challenge", challenge) is expected


@pytest.mark.parametrize(("actor", "expected"), allowed("author", "chair", "challenge_organizer"))
def test_view_team(actor, expected, actors, team):
    assert actors[actor].has_perm("challenge.view_team", team) is expected


@pytest.mark.parametrize(("actor", "expected"), allowed("author"))
def test_submit_entry(actor, expected, actors, team):
    assert actors[actor].has_perm("challenge.submit_entry", team) is expected


def test_submit_entry_needs_an_approved_team(actors, team):
    team.status = "pending"
    assert actors["author"].has_perm("challenge.submit_entry", team) is False


@pytest.mark.parametrize(
    ("actor", "expected"), allowed("chair", "challenge_organizer", "evaluator")
)
def test_evaluate_submission(actor, expected, actors, challenge):
    assert actors[actor].has_perm("challenge.evaluate_submission", challenge) is expected


@pytest.mark.parametrize(
    ("actor", "expected"), allowed("author", "chair", "challenge_organizer", "evaluator")
)
def test_download_artifact(actor, expected, actors, team, track):
    submission = SubmissionFactory(team=team, track=track)
    assert actors[actor].has_perm("challenge.download_artifact", submission) is expected


@pytest.mark.parametrize(("public", "actor", "expected"), [
    (True, "anonymous", True), (True, "stranger", True), (False, "anonymous", False),
    (False, "stranger", False), (False, "author", False), (False, "evaluator", True),
    (False, "challenge_organizer", True), (False, "chair", True),
    (False, "chair_other_edition", False),
])  # fmt: skip
def test_view_live_leaderboard(public, actor, expected, actors, challenge):
    challenge.leaderboard_public = public
    assert actors[actor].has_perm("challenge.view_live_leaderboard", challenge) is expected


@pytest.mark.parametrize(("frozen", "published", "actor", "expected"), [
    (True, True, "anonymous", True), (True, False, "anonymous", False),
    (False, True, "anonymous", False), (True, False, "challenge_organizer", True),
    (True, False, "evaluator", False),
])  # fmt: skip
def test_view_final_leaderboard(frozen, published, actor, expected, actors, challenge):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    challenge.final_computed_at = now if frozen else None
    challenge.results_published_at = now + dt.timedelta(days=-1 if published else 1)
    assert actors[actor].has_perm("challenge.view_final_leaderboard", challenge) is expected
