"""Past the review deadline an unsubmitted review cannot be saved: the page says so and offers
no form, before the reviewer types anything."""

import pytest
import time_machine
from django.urls import reverse

from tests.html import Page, main_of
from tests.papers.review.conftest import AFTER, BEFORE

pytestmark = pytest.mark.django_db


def _page(client, rw):
    client.force_login(rw.reviewer)
    url = reverse("papers:reviewer-paper", args=[rw.edition.slug, rw.paper.pk])
    return main_of(client.get(url).content.decode())


def test_past_the_review_deadline_the_form_is_replaced_by_a_notice(client, rw):
    with time_machine.travel(AFTER, tick=False):
        html = _page(client, rw)
    assert "The review deadline passed on 2030-11-02 11:59 UTC" in html
    page = Page(html)
    assert page.submit_buttons == 0
    assert 'name="submit"' not in html


def test_before_the_review_deadline_the_form_is_offered(client, rw):
    with time_machine.travel(BEFORE, tick=False):
        html = _page(client, rw)
    assert "review deadline passed" not in html
    assert 'name="submit"' in html
