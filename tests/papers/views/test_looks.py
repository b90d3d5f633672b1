"""What authors notice on the submission form: the error summary at the top links to fields
that exist, every field error is what its input's aria-describedby names, and past the
deadline the page says so instead of offering a form."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from papers.models import Paper
from tests.html import Page, main_of
from tests.papers.conftest import DEADLINE, set_deadline
from tests.papers.views.test_author import _form

pytestmark = pytest.mark.django_db


def _create_url(edition):
    return reverse("papers:author-create", kwargs={"edition": edition.slug})


@time_machine.travel(DEADLINE - dt.timedelta(days=1), tick=False)
def test_form_errors_are_summarized_linked_and_described(
    client, edition, author_user, submission_type, topic
):
    set_deadline(edition)
    client.force_login(author_user)
    data = _form(author_user, submission_type, topic, title="", topics=[])
    data["authors-0-email"] = "not an e-mail"
    html = main_of(client.post(_create_url(edition), data).content.decode())
    assert Paper.objects.count() == 0
    page = Page(html)
    # One summary for the form and the author rows, above the form, each entry a link.
    assert html.count('class="error-summary"') == 1
    assert html.index('class="error-summary"') < html.index("<form")
    assert len(page.summary_links) == 3
    assert {"id_title", "id_authors-0-email"} <= set(page.summary_links)
    assert [link for link in page.summary_links if link not in page.ids] == []
    # Every aria-describedby names an element of the page; each field error is one of them.
    assert [ref for _, ref in page.described_by if ref not in page.ids] == []
    described = {ref for _, ref in page.described_by}
    assert {"id_title_error", "id_authors-0-email_error"} <= described
    assert html.count('class="field-error"') == 3


def test_form_without_errors_has_no_summary(client, edition, author_user, submission_type):
    client.force_login(author_user)
    html = main_of(client.get(_create_url(edition)).content.decode())
    assert "error-summary" not in html
    page = Page(html)
    assert [ref for _, ref in page.described_by if ref not in page.ids] == []


@time_machine.travel(DEADLINE + dt.timedelta(minutes=1), tick=False)
def test_past_the_deadline_the_form_is_replaced_by_a_notice(
    client, edition, author_user, submission_type
):
    set_deadline(edition)
    client.force_login(author_user)
    html = main_of(client.get(_create_url(edition)).content.decode())
    assert "The submission deadline has passed" in html
    page = Page(html)
    assert (page.post_forms, page.submit_buttons) == (0, 0)


@time_machine.travel(DEADLINE - dt.timedelta(minutes=1), tick=False)
def test_before_the_deadline_the_form_is_offered(client, edition, author_user, submission_type):
    set_deadline(edition)
    client.force_login(author_user)
    html = main_of(client.get(_create_url(edition)).content.decode())
    assert "The submission deadline has passed" not in html
    assert Page(html).submit_buttons >= 1


def test_my_submissions_stack_into_cards_on_phones(client, author_user, paper):
    client.force_login(author_user)
    html = client.get(reverse("papers:author-list", args=[paper.edition.slug])).content.decode()
    cells = Page(html).cells
    assert len(cells) == 5
    assert [label for _, label in cells] == ["#", "Title", "Edition", "Authors", "Status"]
