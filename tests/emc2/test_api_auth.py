"""Personal API tokens: created on the profile page, accepted by the API, scoped, revocable."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from challenge.models import Team
from emc2.api_auth import ApiTokenAuthentication
from emc2.exceptions import Emc2Error
from emc2.models import ApiToken
from emc2.services import api_token_create, api_token_revoke
from tests.factories.challenge import ChallengeFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def challenge(edition):
    return ChallengeFactory(edition=edition)


def mine_url(edition):
    return reverse("api:papers:my-submission-list", args=[edition.slug])


def register_url(edition):
    return reverse("api:challenge:team-register", args=[edition.slug])


def register(api, edition, key, keyword="Token"):
    return api.post(
        register_url(edition),
        {"name": "Token team", "accept_rules": True},
        format="json",
        HTTP_AUTHORIZATION=f"{keyword} {key}",
    )


def test_api_token_create_stores_only_a_hash(actors):
    token, key = api_token_create(user=actors["author"], name="script", scope="read")

    row = ApiToken.objects.values().get(pk=token.pk)
    assert key.startswith("emc2_")
    assert len(key) > 40
    assert row["key_hash"] == hashlib.sha256(key.encode()).hexdigest()
    assert all(key not in str(value) for value in row.values())
    assert row["hint"] == key[:9]


def test_api_token_create_refuses_expiry_in_the_past(actors):
    with pytest.raises(Emc2Error, match="future"):
        api_token_create(
            user=actors["author"],
            name="x",
            scope="read",
            expires_at=timezone.now() - dt.timedelta(seconds=1),
        )
    assert ApiToken.objects.count() == 0


def test_profile_creates_a_token_and_shows_the_secret_once(client, actors):
    client.force_login(actors["author"])
    response = client.post(
        reverse("profile-token-create"), {"name": "My script", "scope": "write", "expires_in": "30"}
    )

    token = ApiToken.objects.get()
    key = response.context["key"]
    assert token.user == actors["author"]
    assert (token.name, token.scope) == ("My script", "write")
    assert (token.expires_at - timezone.now()).days == 29
    assert key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    profile = client.get(reverse("profile")).content.decode()
    assert "My script" in profile
    assert token.hint in profile
    assert key not in profile


def test_profile_token_form_errors_show_on_the_profile_page(client, actors):
    client.force_login(actors["author"])
    response = client.post(reverse("profile-token-create"), {"name": "", "scope": "admin"})

    assert response.status_code == 400
    assert ApiToken.objects.count() == 0
    assert response.context["token_form"].errors.keys() == {"name", "scope"}
    assert "Your profile" in response.content.decode()


@pytest.mark.parametrize("keyword", ["Token", "Bearer"])
def test_api_accepts_a_personal_token(api, edition, actors, keyword):
    token, key = api_token_create(user=actors["author"], name="s", scope="read")

    response = api.get(mine_url(edition), HTTP_AUTHORIZATION=f"{keyword} {key}")

    assert response.status_code == 200
    assert response.json()["results"] == []
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_write_token_can_write(api, edition, challenge, actors):
    _, key = api_token_create(user=actors["author"], name="s", scope="write")

    response = register(api, edition, key, keyword="Bearer")

    assert response.status_code == 201
    assert list(Team.objects.values_list("name", flat=True)) == ["Token team"]


def test_read_token_cannot_write(api, edition, challenge, actors):
    _, key = api_token_create(user=actors["author"], name="s", scope="read")

    response = register(api, edition, key)

    assert response.status_code == 403
    assert response.json() == {"detail": "This token is read-only."}
    assert Team.objects.count() == 0


def _revoked(user):
    token, key = api_token_create(user=user, name="s", scope="write")
    api_token_revoke(token=token, by=user)
    return key


def _expired(user):
    token, key = api_token_create(user=user, name="s", scope="write")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    return key


@pytest.mark.parametrize(
    "make_key",
    [_revoked, _expired, lambda user: "emc2_wrong", lambda user: "0" * 40],
    ids=["revoked", "expired", "wrong personal token", "wrong evaluator token"],
)
def test_bad_token_is_401_with_www_authenticate(api, edition, challenge, actors, make_key):
    key = make_key(actors["author"])

    response = register(api, edition, key)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"'
    assert response.json()["detail"] in {"Invalid, expired or revoked token.", "Invalid token."}
    assert Team.objects.count() == 0


def test_missing_token_is_401_with_www_authenticate(api, edition):
    response = api.get(mine_url(edition))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"'


def test_token_of_a_user_without_permission_is_403(api, edition, actors):
    _, key = api_token_create(user=actors["author"], name="s", scope="write")

    response = api.get(
        reverse("api:papers:submission-list", args=[edition.slug]),
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 403


def test_evaluator_token_still_works(api, edition, challenge, actors):
    key = Token.objects.create(user=actors["evaluator"]).key

    response = api.get(
        reverse("api:challenge:evaluator-pending", args=[edition.slug]),
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 200


def test_revoke_by_its_owner_stops_the_token(client, api, edition, actors):
    token, key = api_token_create(user=actors["author"], name="Old script", scope="read")
    client.force_login(actors["author"])

    response = client.post(reverse("profile-token-revoke", args=[token.pk]))

    assert response["Location"] == reverse("profile")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get(mine_url(edition), HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert "revoked" in client.get(reverse("profile")).content.decode()


def test_revoke_of_someone_elses_token_is_404(client, api, edition, actors):
    token, key = api_token_create(user=actors["author"], name="s", scope="read")
    client.force_login(actors["stranger"])

    response = client.post(reverse("profile-token-revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api.get(mine_url(edition), HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def _api_views(patterns, prefix=""):
    for entry in patterns:
        if hasattr(entry, "url_patterns"):
            yield from _api_views(entry.url_patterns, prefix + str(entry.pattern))
        elif hasattr(entry.callback, "cls"):
            yield prefix + str(entry.pattern), entry.callback.cls


def test_every_api_route_accepts_personal_tokens():
    from django.urls import get_resolver
    from rest_framework.settings import api_settings

    routes = [
        (route, cls)
        for route, cls in _api_views(get_resolver().url_patterns)
        if route.startswith("api/")
    ]
    assert len(routes) > 20
    odd = [
        route for route, cls in routes if ApiTokenAuthentication not in cls.authentication_classes
    ]
    assert odd == []
    assert api_settings.DEFAULT_AUTHENTICATION_CLASSES[0] is ApiTokenAuthentication
