"""Access rows of the challenge's leaderboard inputs (baselines, corrections, counted
submissions) and team management. Builds on the world of tests/access/challenge.py: ``author``
is the captain of ``Access team``, ``stranger`` is invited to it."""

from challenge.models import Baseline, CountedSubmission, FinalCorrection, Team, TeamMember
from challenge.services import baseline_add
from tests.access.challenge import STAFF, ed, private, team, trk
from tests.access.table import OK, REDIRECT, Route, api_only, everyone, goes_to, only, tables


def build(world) -> None:
    Team.objects.filter(pk=world.team.pk).update(captain=world.users["author"])
    world.team.captain = world.users["author"]
    world.baseline = baseline_add(
        track=world.track, by=world.users["chair"], name="fp32", metric_value=76.1,
        size_bytes=102_000_000,
    )  # fmt: skip


baseline = lambda w: {**trk(w), "pk": w.baseline.pk}  # noqa: E731
member = lambda w: {**team(w), "member": w.invitation.pk}  # noqa: E731
BOARD = tables(Baseline, FinalCorrection, CountedSubmission)
TEAM = tables(Team, TeamMember)

ROUTES = [
    Route("challenge:organizer-board", only(*STAFF), trk),
    Route(
        "challenge:organizer-board",
        only(*STAFF, ok=REDIRECT),
        trk,
        method="post",
        data=lambda w: {"name": "int8", "metric_value": "75.4", "size_bytes": "25600000"},
        state=BOARD,
        location=goes_to("challenge:organizer-board", trk),
        fresh_world_per_actor=True,
        note="adds a baseline",
    ),
    Route(
        "challenge:organizer-baseline-delete",
        only(*STAFF, ok=REDIRECT),
        baseline,
        method="post",
        state=BOARD,
        location=goes_to("challenge:organizer-board", trk),
        fresh_world_per_actor=True,
    ),
    Route(
        "challenge:team-counted",
        private("author", ok=REDIRECT),
        team,
        method="post",
        data=lambda w: {"track": w.track.slug, "submission": w.submission.pk},
        state=BOARD,
        location=goes_to("challenge:team-detail", team),
        fresh_world_per_actor=True,
        note="members only: organizers do not choose for a team",
    ),
    Route("api:challenge:baselines", everyone(OK), trk),
    Route(
        "api:challenge:baselines",
        api_only(*STAFF, ok=201),
        trk,
        method="post",
        data=lambda w: {"name": "int8", "metric_value": 75.4, "size_bytes": 25_600_000},
        state=BOARD,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:challenge:final-corrections",
        api_only(*STAFF, ok=400),
        trk,
        method="post",
        data=lambda w: {"team": w.team.pk, "reason": "Rerun"},
        state=BOARD,
        changes=frozenset(),
        fresh_world_per_actor=True,
        note="refused before the freeze",
    ),
    Route(
        "api:challenge:team-counted",
        private("author", api=True),
        ed,
        method="post",
        data=lambda w: {"track": w.track.slug, "submission": w.submission.pk},
        state=BOARD,
        fresh_world_per_actor=True,
    ),
    Route(
        "challenge:team-invite",
        private("author", ok=REDIRECT),
        team,
        method="post",
        data=lambda w: {"emails": "new@example.org, other@example.org"},
        state=TEAM,
        location=goes_to("challenge:team-detail", team),
        fresh_world_per_actor=True,
        note="captain only",
    ),
    Route(
        "challenge:team-rename",
        private("author", ok=REDIRECT),
        team,
        method="post",
        data=lambda w: {"name": "Renamed team"},
        state=TEAM,
        location=goes_to("challenge:team-detail", team),
        fresh_world_per_actor=True,
        note="captain only",
    ),
    Route(
        "challenge:team-leave",
        private("author", ok=REDIRECT),
        team,
        method="post",
        state=TEAM,
        changes=frozenset(),
        location=goes_to("challenge:team-detail", team),
        fresh_world_per_actor=True,
        note="members only; the captain is refused (transfer the role first)",
    ),
    Route(
        "challenge:team-member-remove",
        private("author", ok=REDIRECT),
        member,
        method="post",
        state=TEAM,
        location=goes_to("challenge:team-detail", team),
        fresh_world_per_actor=True,
        note="captain withdraws the stranger's invitation",
    ),
    Route(
        "challenge:team-captain",
        private("author", ok=REDIRECT),
        member,
        method="post",
        state=TEAM,
        changes=frozenset(),
        location=goes_to("challenge:team-detail", team),
        fresh_world_per_actor=True,
        note="refused: an invited address is not a confirmed member",
    ),
    # The same team management through the API (personal tokens), captain-only where the
    # pages are; refusals by the service are a 400 with the reason and change nothing.
    Route(
        "api:challenge:team-invite",
        private("author", api=True),
        ed,
        method="post",
        data=lambda w: {"emails": "new@example.org, other@example.org"},
        state=TEAM,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:challenge:team-rename",
        private("author", api=True),
        ed,
        method="post",
        data=lambda w: {"name": "Renamed team"},
        state=TEAM,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:challenge:team-leave",
        private("author", api=True, ok=400),
        ed,
        method="post",
        state=TEAM,
        changes=frozenset(),
        fresh_world_per_actor=True,
        note="the captain is refused (transfer the role first)",
    ),
    Route(
        "api:challenge:team-member-remove",
        private("author", api=True),
        lambda w: {"edition": w.edition.slug, "member": w.invitation.pk},
        method="post",
        state=TEAM,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:challenge:team-captain",
        private("author", api=True, ok=400),
        lambda w: {"edition": w.edition.slug, "member": w.invitation.pk},
        method="post",
        state=TEAM,
        changes=frozenset(),
        fresh_world_per_actor=True,
        note="refused: an invited address is not a confirmed member",
    ),
]
