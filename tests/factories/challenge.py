import datetime as dt
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from challenge.enums import MemberStatus, SubmissionStatus, TeamStatus
from challenge.models import Challenge, Submission, Team, TeamMember, Track
from tests.factories.emc2 import EditionFactory

NOW = timezone.now


class ChallengeFactory(factory.django.DjangoModelFactory):
    """Registration and submission open now; results a month after."""

    class Meta:
        model = Challenge

    edition = factory.SubFactory(EditionFactory)
    title = "Compression challenge"
    registration_opens_at = factory.LazyFunction(lambda: NOW() - dt.timedelta(days=10))
    registration_closes_at = factory.LazyFunction(lambda: NOW() + dt.timedelta(days=10))
    submission_opens_at = factory.LazyFunction(lambda: NOW() - dt.timedelta(days=5))
    submission_closes_at = factory.LazyFunction(lambda: NOW() + dt.timedelta(days=20))
    results_published_at = factory.LazyFunction(lambda: NOW() + dt.timedelta(days=30))
    frameworks = factory.LazyFunction(lambda: ["PyTorch", "ONNX"])
    daily_quota = 3
    total_quota = 10


class TrackFactory(factory.django.DjangoModelFactory):
    """The 2019 ImageNet track: 3,500,000 bytes + 5%, top-1 70 - 5%."""

    class Meta:
        model = Track

    challenge = factory.SubFactory(ChallengeFactory)
    name = factory.Sequence(lambda n: f"Track {n}")
    slug = factory.Sequence(lambda n: f"track-{n}")
    metric_name = "top-1"
    size_cap_bytes = 3_500_000
    size_tolerance = Decimal(5)
    metric_target = Decimal(70)
    metric_tolerance = Decimal(5)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    challenge = factory.SubFactory(ChallengeFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    status = TeamStatus.APPROVED
    rules_accepted_at = factory.LazyFunction(NOW)


def add_member(team: Team, user) -> TeamMember:
    return TeamMember.objects.create(
        team=team,
        challenge=team.challenge,
        email=user.email,
        user=user,
        status=MemberStatus.CONFIRMED,
        confirmed_at=NOW(),
    )


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A measured submission waiting for the evaluator."""

    class Meta:
        model = Submission

    team = factory.SubFactory(TeamFactory)
    track = factory.LazyAttribute(lambda o: TrackFactory(challenge=o.team.challenge))
    artifact = factory.LazyFunction(lambda: ContentFile(b"model bytes", name="model.bin"))
    artifact_name = "model.bin"
    framework = "PyTorch"
    status = SubmissionStatus.QUEUED
    measured_size_bytes = 3_000_000
