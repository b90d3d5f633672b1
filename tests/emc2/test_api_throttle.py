"""API throttling: per signed-in user (session or token) and per client address; the address
is the client's behind the trusted proxies, not the proxy's. Over the rate: 429 JSON."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from emc2.services import api_token_create

PROXY = "10.0.0.1"


@pytest.fixture(autouse=True)
def _rates(settings):
    settings.API_THROTTLE_RATES = {"user": "3/min", "client": "5/min"}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    cache.clear()
    yield
    cache.clear()


def _get(api, edition, *, client_ip, **headers):
    return api.get(
        reverse("api:edition-detail", args=[edition.slug]),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_ip,
        **headers,
    )


def test_client_address_over_the_rate_gets_429_json_with_retry_after(edition):
    api = APIClient()
    statuses = [_get(api, edition, client_ip="198.51.100.7").status_code for _ in range(5)]
    assert statuses == [200] * 5
    response = _get(api, edition, client_ip="198.51.100.7")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Request was throttled.")
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another client behind the same proxy is not locked out.
    assert _get(api, edition, client_ip="203.0.113.9").status_code == 200


def test_token_user_is_limited_across_addresses(edition, actors):
    _, key = api_token_create(user=actors["author"], name="script", scope="read")
    api = APIClient()
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    statuses = [
        _get(api, edition, client_ip=f"198.51.100.{n}", **auth).status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    # The same user through a session shares the count; another user does not.
    session = APIClient()
    session.force_login(actors["author"])
    assert _get(session, edition, client_ip="198.51.100.50").status_code == 429
    other = APIClient()
    other.force_login(actors["chair"])
    assert _get(other, edition, client_ip="198.51.100.51").status_code == 200


def test_without_trusted_proxy_everyone_behind_it_shares_one_count(settings, edition):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    api = APIClient()
    for n in range(5):
        assert _get(api, edition, client_ip=f"198.51.100.{n}").status_code == 200
    assert _get(api, edition, client_ip="203.0.113.9").status_code == 429


def test_forged_forwarded_for_does_not_reset_the_count(edition):
    api = APIClient()
    # With one trusted proxy, only the address it appended counts: a client prepending
    # addresses of its own stays the same client.
    for n in range(5):
        assert _get(api, edition, client_ip=f"1.2.3.{n}, 198.51.100.7").status_code == 200
    assert _get(api, edition, client_ip="9.9.9.9, 198.51.100.7").status_code == 429


def test_throttling_off_when_the_rate_is_none(settings, edition):
    settings.API_THROTTLE_RATES = {"user": None, "client": None}
    api = APIClient()
    assert {_get(api, edition, client_ip="198.51.100.7").status_code for _ in range(8)} == {200}
