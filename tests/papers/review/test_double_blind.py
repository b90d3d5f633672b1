"""Double-blind guarantee: nothing a PC member can reach names an author.

The reviewer signs in, submits a review (so that reviews and discussion open), and then
crawls every page and API endpoint reachable from the reviewing home: links, GET forms,
htmx posts of the bidding page, downloads (file names, and every byte of each PDF: raw, every
object with its streams decompressed, strings decoded from UTF-16),
API list/detail endpoints; finally every e-mail sent to them is read.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import time_machine
from django.urls import reverse

from papers.models import ReviewAssignment
from papers.services import (
    assignment_add,
    discussion_post_add,
    proposal_commit,
    review_reminders_send,
    review_save,
)
from tests.papers.pdf_leaks import pdf_leaks, pdf_texts
from tests.papers.review.conftest import AUTHOR_STRINGS, BEFORE, GOOD_REVIEW, submit_paper

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.posts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.urls.append(a["href"])
        if tag == "form" and (a.get("method") or "get").lower() == "get":
            self.urls.append(a.get("action") or "")
        if a.get("hx-get"):
            self.urls.append(a["hx-get"])
        if a.get("hx-post"):
            self.posts.append(a["hx-post"])


def _leaks(text: str) -> list[str]:
    low = text.lower()
    return [s for s in AUTHOR_STRINGS if s.lower() in low]


def _crawl(client, start_urls, edition_slug, pdfs):
    seen, queue, checked = set(), list(start_urls), []
    while queue:
        url = queue.pop(0)
        path = urlsplit(url).path
        # Stay on the reviewer's side of this edition (and the API); never sign out.
        if path in seen or "logout" in path:
            continue
        if not (path.startswith(f"/{edition_slug}/review") or path.startswith("/api/")):
            continue
        seen.add(path)
        response = client.get(path)
        checked.append((path, response.status_code))
        disposition = response.get("Content-Disposition", "")
        if disposition:
            assert _leaks(disposition) == [], path
            data = b"".join(response.streaming_content)
            assert data.startswith(b"%PDF-")
            # Enough was read: the copy has its pages' text, and nothing that names an author.
            assert "Paper" in "".join(pdf_texts(data)), path
            assert pdf_leaks(data, AUTHOR_STRINGS) == [], path
            pdfs.append(path)
            continue
        text = response.content.decode()
        assert _leaks(text) == [], f"{path} leaks {_leaks(text)}"
        if "json" in response.get("Content-Type", ""):
            for match in re.findall(r'"(?:url|href)":\s*"([^"]+)"', text):
                queue.append(match)
            continue
        parser = _Links()
        parser.feed(text)
        queue.extend(urljoin(path, u) for u in parser.urls)
        for post in parser.posts:
            r = client.post(post, {"value": "willing"}, HTTP_HX_REQUEST="true")
            assert _leaks(r.content.decode()) == [], post
    return checked


def test_reviewer_never_sees_an_author(rw, client, mailoutbox, django_capture_on_commit_callbacks):
    edition, reviewer = rw.edition, rw.reviewer
    # More to see: a second paper to bid on, an error message path, reviews, a discussion.
    with django_capture_on_commit_callbacks(execute=True):
        second = submit_paper(edition, rw.author, title="Another blind paper")
        assignment_add(paper=second, reviewer=reviewer, by=rw.chair)
    mailoutbox.clear()
    with time_machine.travel(BEFORE, tick=False), django_capture_on_commit_callbacks(execute=True):
        for user in (reviewer, rw.second):
            review_save(
                assignment=ReviewAssignment.objects.get(paper=rw.paper, reviewer=user),
                submit=True,
                **GOOD_REVIEW,
            )
        discussion_post_add(paper=rw.paper, author=rw.second, body="Is the baseline fair?")
        discussion_post_add(paper=rw.paper, author=rw.chair, body="Please discuss.")
        review_reminders_send(edition=edition)
    from papers.services import assignment_run

    second_run = assignment_run(edition=edition, by=rw.chair, reviewers_per_paper=2)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_commit(proposal=second_run, by=rw.chair)

    client.force_login(reviewer)
    slug = edition.slug
    api = f"/api/editions/{slug}/review/"
    start = [
        reverse("papers:reviewer-home", args=[slug]),
        reverse("edition", args=[slug]),
        api + "assignments/",
        api + "bids/",
    ]
    for paper in (rw.paper, second):
        start += [
            f"{api}papers/{paper.pk}/",
            f"{api}papers/{paper.pk}/review/",
            f"{api}papers/{paper.pk}/discussion/",
        ]
    # The edition home is a start page but off the reviewer side: read it here.
    home = client.get(reverse("edition", args=[slug])).content.decode()
    assert _leaks(home) == []
    pdfs = []
    checked = _crawl(client, start, slug, pdfs)
    assert sorted(pdfs) == sorted(
        reverse("papers:reviewer-pdf", args=[slug, p.pk]) for p in (rw.paper, second)
    )

    paths = {p for p, _ in checked}
    assert reverse("papers:reviewer-pdf", args=[slug, rw.paper.pk]) in paths
    assert reverse("papers:reviewer-paper", args=[slug, rw.paper.pk]) in paths
    assert reverse("papers:reviewer-bids", args=[slug]) in paths
    assert f"{api}papers/{rw.paper.pk}/discussion/" in paths
    assert all(status in (200, 404) for _, status in checked), checked
    assert sum(1 for _, s in checked if s == 200) >= 10

    mine = [m for m in mailoutbox if reviewer.email in m.to]
    assert len(mine) >= 2  # discussion and assignment at least
    for message in mine:
        assert _leaks(message.subject + message.body) == [], message.subject


def test_single_blind_paper_shows_authors_to_its_reviewer(rw, client):
    from papers.enums import Anonymity

    rw.paper.submission_type.anonymity = Anonymity.SINGLE_BLIND
    rw.paper.submission_type.save()
    client.force_login(rw.reviewer)
    page = client.get(reverse("papers:reviewer-paper", args=[rw.edition.slug, rw.paper.pk]))
    assert "Zebulon Quillfeather" in page.content.decode()
