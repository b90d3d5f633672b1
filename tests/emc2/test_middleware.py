"""Security headers: the CSP and Permissions-Policy on every response, private caching."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.access import papers as papers_world

CSP_PARTS = [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
]


@pytest.fixture
def paper_world(edition, other_edition, actors):
    world = SimpleNamespace(users=actors, edition=edition, other_edition=other_edition)
    papers_world.build(world)
    return world


def _directives(response) -> list[str]:
    return [part.strip() for part in response["Content-Security-Policy"].split(";")]


@pytest.mark.parametrize(
    "url",
    ["/", "/accounts/login/", "/api/editions/", "/no-such-page/", "/api/schema/"],
)
def test_every_response_has_the_strict_csp(client, db, url):
    response = client.get(url)

    directives = _directives(response)
    assert all(part in directives for part in CSP_PARTS), directives
    assert "style-src 'self'" in directives
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_api_docs_allow_inline_styles_but_no_other_script(client, db, url):
    response = client.get(url)

    directives = _directives(response)
    assert "script-src 'self'" in directives
    assert "style-src 'self' 'unsafe-inline'" in directives
    assert "frame-ancestors 'none'" in directives
    body = response.content.decode()
    assert "<style" not in body
    assert "googleapis" not in body
    assert "/static/drf_spectacular_sidecar/" in body


def test_swagger_ui_init_script_is_served_from_our_host(client, db):
    response = client.get("/api/docs/?script=")

    assert response["Content-Type"] == "application/javascript"
    assert "SwaggerUIBundle" in response.content.decode()


def test_signed_in_pages_are_private(client, actors):
    client.force_login(actors["author"])

    response = client.get(reverse("profile"))

    assert "private" in response["Cache-Control"]


def test_public_pages_for_anonymous_users_are_not_private(client, db):
    response = client.get("/")

    assert "private" not in response.get("Cache-Control", "")


def test_private_download_is_private(client, paper_world):
    client.force_login(paper_world.users["author"])
    url = reverse(
        "papers:author-file",
        args=[paper_world.edition.slug, paper_world.paper.pk, paper_world.paper_file.pk],
    )

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]


def test_token_client_responses_are_private(client, db):
    response = client.get("/api/editions/", HTTP_AUTHORIZATION="Token emc2_nope")

    assert response.status_code == 401
    assert "private" in response["Cache-Control"]
