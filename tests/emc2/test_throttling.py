"""Sign-in throttling counts real clients behind the proxy and guards the admin login too."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories.emc2 import UserFactory

PROXY = "10.0.0.1"
ATTACKER = "198.51.100.7"
VISITOR = "203.0.113.9"
LOCKED = "Too many failed login attempts. Try again later."


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def visitor(db):
    user = UserFactory(email="visitor@example.org", password="the-right-pass-phrase")
    return user


def _login(client, *, client_ip, email, password):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_ip,
    )


def _guess_five_times(client):
    for n in range(5):
        response = _login(
            client, client_ip=ATTACKER, email=f"victim{n}@example.org", password="guess"
        )
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()


def test_bad_guesses_of_one_client_do_not_lock_out_another(client, settings, visitor):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _guess_five_times(client)

    attacker_again = _login(client, client_ip=ATTACKER, email="victim9@example.org", password="x")
    assert LOCKED in attacker_again.content.decode()
    response = _login(
        client, client_ip=VISITOR, email="visitor@example.org", password="the-right-pass-phrase"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(visitor.pk)


def test_without_trusted_proxy_every_client_shares_the_proxy_address(client, settings, visitor):
    # What happened before the setting: the proxy's address is counted for everybody.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    _guess_five_times(client)

    response = _login(
        client, client_ip=VISITOR, email="visitor@example.org", password="the-right-pass-phrase"
    )
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_bad_guesses_on_one_account_are_limited_from_any_client(client, settings, visitor):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        _login(client, client_ip=f"198.51.100.{n}", email="visitor@example.org", password="x")

    response = _login(
        client, client_ip=VISITOR, email="visitor@example.org", password="the-right-pass-phrase"
    )
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_login_sends_staff_to_the_throttled_login(client, db):
    response = client.get(reverse("admin:login") + "?next=/admin/emc2/edition/")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Femc2%2Fedition%2F"


def test_admin_login_form_post_does_not_sign_in(client, db):
    UserFactory(email="staff@example.org", password="staff-pass", is_staff=True)

    response = client.post(
        reverse("admin:login"), {"username": "staff@example.org", "password": "staff-pass"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_admin_index_sends_anonymous_users_to_the_throttled_login(client, db):
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_admin_login_for_a_signed_in_non_staff_user_is_403(client, db):
    client.force_login(UserFactory(email="plain@example.org"))

    response = client.get(reverse("admin:login"))

    assert response.status_code == 403
