"""Access rows of the challenge: public pages, team pages, organizer area, API."""

from django.core.files.base import ContentFile

from challenge.models import FinalStanding, Team, TeamMember
from challenge.models import Submission as ChallengeSubmission
from tests.access.table import (
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORIZED,
    Route,
    api_only,
    everyone,
    goes_to,
    only,
    tables,
)
from tests.factories.challenge import (
    ChallengeFactory,
    SubmissionFactory,
    TeamFactory,
    TrackFactory,
    add_member,
)


def build(world) -> None:
    """A challenge open for registration and submissions; ``author`` is in a team with one
    submission; ``stranger`` has an invitation to that team."""
    world.challenge = ChallengeFactory(edition=world.edition)
    world.track = TrackFactory(challenge=world.challenge, slug="imagenet")
    world.team = TeamFactory(challenge=world.challenge, name="Access team")
    add_member(world.team, world.users["author"])
    world.submission = SubmissionFactory(
        team=world.team, track=world.track, artifact=ContentFile(b"w", name="m.onnx")
    )
    world.invitation = TeamMember.objects.create(
        team=world.team,
        challenge=world.challenge,
        email=world.users["stranger"].email,
        status="invited",
    )


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731
team = lambda w: {"edition": w.edition.slug, "pk": w.team.pk}  # noqa: E731
sub = lambda w: {"edition": w.edition.slug, "pk": w.submission.pk}  # noqa: E731
trk = lambda w: {"edition": w.edition.slug, "track": w.track.slug}  # noqa: E731

STAFF = ("chair", "challenge_organizer")


def private(*allowed, ok=OK, api=False):
    """Signed-in callers without access get a 404; anonymous a login redirect (403 in API)."""
    rows = (api_only if api else only)(*allowed, ok=ok, denied=NOT_FOUND)
    return rows


STATE = tables(Team, TeamMember, ChallengeSubmission, FinalStanding)

ROUTES = [
    Route("challenge:public-challenge", everyone(OK), ed),
    Route("challenge:public-leaderboard", everyone(OK), trk),
    Route("challenge:public-leaderboard-csv", everyone(OK), trk),
    Route("challenge:team-register", everyone(OK, anonymous=LOGIN), ed),
    Route("challenge:team-detail", private("author", *STAFF), team),
    Route("challenge:team-submit", private("author"), team),
    Route(
        "challenge:team-invitation-confirm",
        private("stranger", ok=REDIRECT),
        lambda w: {"edition": w.edition.slug, "pk": w.invitation.pk},
        method="post",
        state=STATE,
        location=goes_to("challenge:team-detail", team),
        fresh_world_per_actor=True,
    ),
    Route("challenge:team-submission", private("author", *STAFF), sub),
    Route("challenge:team-artifact", private("author", "evaluator", *STAFF), sub),
    Route("challenge:organizer-home", only(*STAFF), ed),
    Route("challenge:organizer-tracks", only(*STAFF), ed),
    Route("challenge:organizer-teams", only(*STAFF), ed),
    Route("challenge:organizer-submissions", only(*STAFF), ed),
    Route(
        "challenge:organizer-team-decide",
        only(*STAFF, ok=REDIRECT),
        team,
        method="post",
        state=STATE,
        data=lambda w: {"approve": "0", "message": "Not this time."},
        location=goes_to("challenge:organizer-teams", ed),
        fresh_world_per_actor=True,
    ),
    Route(
        "challenge:organizer-submission-requeue",
        only(*STAFF, ok=REDIRECT),
        sub,
        method="post",
        data=lambda w: {"requeue-reason": "access check"},
        state=STATE,
        location=goes_to("challenge:team-submission", sub),
        fresh_world_per_actor=True,
    ),
    Route(
        "challenge:organizer-final",
        only(*STAFF, ok=REDIRECT),
        ed,
        method="post",
        state=STATE,
        fresh_world_per_actor=True,
        note="refused while open, shown as a message",
        location=goes_to("challenge:organizer-home", ed),
        changes=frozenset(),
    ),
    Route("api:challenge:challenge-detail", everyone(OK), ed),
    Route("api:challenge:leaderboard", everyone(OK), trk),
    Route("api:challenge:team-list", api_only(*STAFF), ed),
    Route("api:challenge:team-list", api_only(*STAFF), ed, auth="token", note="token"),
    Route("challenge:organizer-home", everyone(LOGIN), ed, auth="token", note="token"),
    Route(
        "api:challenge:team-register",
        everyone(201, anonymous=UNAUTHORIZED, author=400),
        ed,
        method="post",
        state=STATE,
        data=lambda w: {"name": "New team", "accept_rules": True},
        fresh_world_per_actor=True,
        note="author is already in a team",
    ),
    Route("api:challenge:team-mine", everyone(NOT_FOUND, anonymous=UNAUTHORIZED, author=OK), ed),
    Route("api:challenge:submission-list", api_only(*STAFF), ed),
    Route(
        "api:challenge:submission-create",
        private("author", ok=400, api=True),
        ed,
        method="post",
        state=STATE,
        fresh_world_per_actor=True,
        note="no file: the member gets a validation error",
    ),
    Route("api:challenge:evaluator-pending", api_only("evaluator", *STAFF), ed),
    Route("api:challenge:artifact", private("author", "evaluator", *STAFF, api=True), sub),
    Route("api:challenge:results", private("evaluator", *STAFF, api=True), sub),
    Route(
        "api:challenge:evaluator-claim",
        api_only("evaluator", *STAFF),
        ed,
        method="post",
        state=STATE,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:challenge:heartbeat",
        private("evaluator", *STAFF, ok=400, api=True),
        sub,
        method="post",
        state=STATE,
        fresh_world_per_actor=True,
        note="without a claim the heartbeat is refused",
    ),
    Route(
        "api:challenge:requeue",
        private(*STAFF, api=True),
        sub,
        method="post",
        data=lambda w: {"reason": "access check"},
        state=STATE,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:challenge:final",
        api_only(*STAFF, ok=400),
        ed,
        method="post",
        state=STATE,
        fresh_world_per_actor=True,
        note="refused while submissions are open",
    ),
]
