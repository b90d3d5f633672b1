import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

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


@pytest.fixture
def evaluator_api(actors):
    """An API client with the evaluator's token, as the evaluator client sends it."""
    client = APIClient()
    token = Token.objects.create(user=actors["evaluator"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture(autouse=True)
def _fresh_standings_cache():
    """Cached boards are keyed by ids, which a rolled-back test hands out again."""
    from django.core.cache import cache

    from challenge.selectors import standings_memo_clear

    cache.clear()
    standings_memo_clear()
    yield
    cache.clear()
    standings_memo_clear()
