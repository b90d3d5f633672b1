"""Once submissions have closed (or before they open) the submit page says so and offers no
form; the leaderboard stacks into cards on phones."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.html import Page, main_of

pytestmark = pytest.mark.django_db


def _submit_page(client, edition, team, actors):
    client.force_login(actors["author"])
    url = reverse("challenge:team-submit", args=[edition.slug, team.pk])
    return main_of(client.get(url).content.decode())


def test_closed_submissions_show_a_notice_and_no_form(client, edition, challenge, team, actors):
    challenge.submission_closes_at = timezone.now() - dt.timedelta(minutes=1)
    challenge.save(update_fields=["submission_closes_at"])
    html = _submit_page(client, edition, team, actors)
    assert "Submissions closed on" in html
    page = Page(html)
    assert (page.post_forms, page.submit_buttons) == (0, 0)


def test_submissions_not_open_yet_say_when_they_open(client, edition, challenge, team, actors):
    challenge.submission_opens_at = timezone.now() + dt.timedelta(days=1)
    challenge.save(update_fields=["submission_opens_at"])
    html = _submit_page(client, edition, team, actors)
    assert "Submissions are not open yet; they open on" in html
    assert Page(html).submit_buttons == 0


def test_open_submissions_offer_the_form(client, edition, challenge, team, actors):
    html = _submit_page(client, edition, team, actors)
    assert "Submissions closed" not in html
    assert (Page(html).post_forms, Page(html).submit_buttons) == (1, 1)
