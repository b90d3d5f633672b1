import pytest

from tests.factories.challenge import ChallengeFactory, TeamFactory, TrackFactory, add_member


@pytest.fixture
def challenge(edition):
    return ChallengeFactory(edition=edition)


@pytest.fixture
def track(challenge):
    return TrackFactory(challenge=challenge, slug="imagenet", name="ImageNet")


@pytest.fixture
def team(challenge, actors):
    """A team whose only confirmed member is the ``author`` actor."""
    team = TeamFactory(challenge=challenge, name="Tiny Tensors")
    add_member(team, actors["author"])
    return team
