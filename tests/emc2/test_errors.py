"""Error answers: pages in the site layout that say what to do; JSON under /api/; 403s log one
line; malformed API parameters are a 400, never a 500."""

import logging

import pytest
from django.db import DataError
from django.test import RequestFactory
from django.urls import reverse

from emc2.api import exception_handler
from emc2.views.errors import server_error
from tests.factories.papers import PaperFactory

LAYOUT = "Skip to content"


def _h1(response) -> str:
    body = response.content.decode()
    return body.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_404_page_uses_the_layout_and_says_what_to_do(client, db):
    response = client.get("/no-such-edition/")

    assert response.status_code == 404
    assert _h1(response) == "Page not found"
    body = response.content.decode()
    assert LAYOUT in body
    assert "Check the address" in body


def test_403_page_uses_the_layout_and_logs_one_line(client, actors, edition, caplog):
    client.force_login(actors["author"])

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("chair-home", args=[edition.slug]))

    assert response.status_code == 403
    assert _h1(response) == "You are not allowed to see this page"
    assert LAYOUT in response.content.decode()
    assert "ask the chairs" in response.content.decode()
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == [
        f"Forbidden (Permission denied): /{edition.slug}/chair/"
    ]
    assert records[0].exc_info is None


def test_400_page_uses_the_layout(client, db):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert _h1(response) == "We could not understand this request"
    assert LAYOUT in response.content.decode()


def test_500_page_uses_the_layout_without_a_request_context(db):
    response = server_error(RequestFactory().get("/somewhere/"))

    assert response.status_code == 500
    assert _h1(response) == "Something went wrong on our side"
    assert LAYOUT in response.content.decode()


def test_500_under_api_is_json(db):
    response = server_error(RequestFactory().get("/api/editions/"))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"


def test_unknown_api_url_is_a_json_404(client, db):
    response = client.get("/api/no-such-thing/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.fixture
def chair_api(client, actors):
    client.force_login(actors["chair"])
    return client


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("status=%00", "Parameter 'status' contains a NUL byte."),
        ("sta%00tus=x", "Parameter 'sta\\x00tus' contains a NUL byte."),
        ("limit=" + "1" + "0" * 30, "Parameter 'limit' is out of range."),
        ("offset=-" + "9" * 25, "Parameter 'offset' is out of range."),
        ("status=%ff%fe", "The query string is not valid UTF-8."),
        ("status=%ed%a0%80", "The query string is not valid UTF-8."),
    ],
    ids=["nul value", "nul name", "huge limit", "huge negative offset", "not utf-8", "surrogate"],
)
def test_malformed_api_parameter_is_a_json_400(chair_api, edition, query, detail):
    url = reverse("api:papers:submission-list", args=[edition.slug])

    response = chair_api.get(f"{url}?{query}")

    assert response.status_code == 400
    assert response.json() == {"detail": detail}


def test_normal_api_parameters_pass_the_guard(chair_api, edition):
    PaperFactory(edition=edition)
    url = reverse("api:papers:submission-list", args=[edition.slug])

    response = chair_api.get(f"{url}?limit=1&offset=0&sort=id")

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_huge_id_in_an_api_path_is_a_json_400_or_404(chair_api, edition):
    url = reverse("api:papers:submission-detail", args=[edition.slug, 10**30])

    response = chair_api.get(url)

    assert response.status_code in {400, 404}
    assert response["Content-Type"] == "application/json"


def test_nul_byte_in_an_api_path_is_a_json_404(chair_api, edition):
    response = chair_api.get(f"/api/editions/{edition.slug}%00/submissions/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "exc",
    [
        OverflowError("Python int too large to convert to SQLite INTEGER"),
        DataError("integer out of range"),
        ValueError("A string literal cannot contain NUL (0x00) characters."),
    ],
    ids=["overflow", "data error", "nul"],
)
def test_api_maps_values_the_database_refuses_to_400(exc):
    response = exception_handler(exc, {})

    assert response.status_code == 400
    assert response.data == {
        "detail": "A value in the request is out of range or contains a NUL byte."
    }


def test_api_does_not_hide_other_value_errors():
    assert exception_handler(ValueError("a bug"), {}) is None


def test_options_on_an_api_view_without_queryset_is_not_a_server_error(chair_api, edition):
    # Found by schemathesis: DRF's OPTIONS metadata looked the object up through get_queryset.
    url = reverse("api:papers:decision", args=[edition.slug, 0])

    response = chair_api.options(url)

    assert response.status_code == 200
    assert response.json()["name"] == "Chair Decision Api"
    assert "actions" not in response.json()
