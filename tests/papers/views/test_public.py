import datetime as dt

from django.urls import reverse

from tests.papers.conftest import DEADLINE, set_deadline


def test_edition_page_shows_call_with_extended_deadline(client, edition, submission_type):
    set_deadline(edition, extended_at=DEADLINE + dt.timedelta(days=7))
    content = client.get(reverse("edition", kwargs={"edition": edition.slug})).content.decode()
    section = content[content.index('id="submit"') :]
    assert "Full paper" in section
    assert "<del><time" in section
    assert ">September 1, 2030, 23:59</time></del>" in section
    assert "<strong>extended</strong> to <time" in section
    assert ">September 8, 2030, 23:59</time> AoE" in section
    assert reverse("papers:author-create", kwargs={"edition": edition.slug}) in section


def test_edition_page_without_types_has_no_submit_section(client, edition):
    content = client.get(reverse("edition", kwargs={"edition": edition.slug})).content.decode()
    assert 'id="submit"' not in content
