"""Review field visibility: chairs-only text never reaches co-reviewers, authors, conflicted
chairs, anonymous or reviewer API clients, in pages, JSON, outbox mails or CSV exports.

Every test first writes the text that could leak (SECRET, in the default form's "Confidential
comments to the chairs", and PC_SECRET in a PC-only field), then looks for it.
"""

import pytest
from django.urls import reverse

from emc2.enums import RoleKind
from emc2.models import OutboxMail
from emc2.services import api_token_create
from papers.enums import Decision
from papers.models import MetaReview, ReviewAssignment, ReviewField, Visibility
from papers.services import (
    decision_record,
    discussion_post_add,
    meta_review_save,
    notifications_start,
    papers_settings_update,
    review_field_create,
    review_fields_ensure,
    review_save,
)
from tests.factories.emc2 import user_with_role
from tests.papers.review.conftest import GOOD_REVIEW, fresh

pytestmark = pytest.mark.django_db

SECRET = "CHAIRS-ONLY-7f3a: I supervised the first author"
PC_SECRET = "PC-ONLY-91bd: compare with last year's workshop paper"
AUTHORS_TEXT = "Clear and careful energy measurements"
META = "META-5c2e: accept, the measurements convince"


@pytest.fixture
def sw(rw, django_capture_on_commit_callbacks):
    """``rw`` where ``reviewer`` submitted a review with SECRET and PC_SECRET, and ``second``
    submitted a plain one (so both read the reviews)."""
    review_fields_ensure(edition=rw.edition)
    review_field_create(
        edition=rw.edition,
        data={
            "key": "pc_notes",
            "label": "Notes for the committee",
            "kind": "text",
            "visibility": Visibility.PC,
            "required": False,
            "order": 50,
        },
    )
    texts = {**GOOD_REVIEW["texts"], "strengths": AUTHORS_TEXT}
    with django_capture_on_commit_callbacks(execute=True):
        review_save(
            assignment=ReviewAssignment.objects.get(paper=rw.paper, reviewer=rw.reviewer),
            scores=GOOD_REVIEW["scores"],
            texts={**texts, "confidential": SECRET, "pc_notes": PC_SECRET},
            submit=True,
        )
        review_save(
            assignment=ReviewAssignment.objects.get(paper=rw.paper, reviewer=rw.second),
            submit=True,
            **GOOD_REVIEW,
        )
    return rw


def page(rw, name, *args):
    return reverse(f"papers:{name}", args=[rw.edition.slug, *args])


def api(rw, tail):
    return f"/api/editions/{rw.edition.slug}/review/{tail}"


def token_header(user) -> dict:
    _, key = api_token_create(user=user, name="script", scope="read")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def body(response) -> str:
    return response.content.decode()


def release(rw, *, meta_to_authors=False):
    decision_record(paper=rw.paper, by=rw.chair, decision=Decision.POSTER)
    return notifications_start(edition=rw.edition, by=rw.chair)


def outbox_text() -> str:
    return "\n".join(OutboxMail.objects.values_list("body", flat=True))


# --- co-reviewers ----------------------------------------------------------------------------


def test_co_reviewer_page_shows_pc_fields_but_never_the_chairs_only_text(sw, client):
    client.force_login(sw.second)
    html = body(client.get(page(sw, "reviewer-paper", sw.paper.pk)))
    assert AUTHORS_TEXT in html
    assert PC_SECRET in html
    assert SECRET not in html
    # Only on their own (empty) review, never on the other reviewer's.
    assert html.split("Reviews</h2>")[1].count("Confidential comments to the chairs") == 1


def test_co_reviewer_api_by_session_and_by_token_hides_the_chairs_only_text(sw, client):
    client.force_login(sw.second)
    by_session = client.get(api(sw, f"papers/{sw.paper.pk}/"))
    client.logout()
    by_token = client.get(api(sw, f"papers/{sw.paper.pk}/"), **token_header(sw.second))
    for response in (by_session, by_token):
        reviews = response.json()["reviews"]
        assert len(reviews) == 2
        other = next(r for r in reviews if not r["mine"])
        keys = [f["key"] for f in other["fields"]]
        assert "confidential" not in keys
        assert {"key": "pc_notes", "visibility": "pc"}.items() <= next(
            f for f in other["fields"] if f["key"] == "pc_notes"
        ).items()
        assert SECRET not in body(response)


def test_reviewer_token_gets_no_chair_route(sw, client):
    headers = token_header(sw.second)
    for tail in (
        f"chair/papers/{sw.paper.pk}/reviews/",
        f"chair/papers/{sw.paper.pk}/history/",
        f"chair/papers/{sw.paper.pk}/bids/",
        "form/",
    ):
        response = client.get(api(sw, tail), **headers)
        assert response.status_code == 403, tail
        assert SECRET not in body(response)


def test_writer_reads_their_own_chairs_only_answer(sw, client):
    client.force_login(sw.reviewer)
    reviews = client.get(api(sw, f"papers/{sw.paper.pk}/")).json()["reviews"]
    mine = next(r for r in reviews if r["mine"])
    assert SECRET in [f["display"] for f in mine["fields"]]


def test_chair_can_widen_a_field_and_co_reviewers_then_read_it(sw, client):
    client.force_login(sw.chair)
    field = ReviewField.objects.get(edition=sw.edition, key="confidential")
    response = client.patch(
        api(sw, f"form/{field.pk}/"), {"visibility": "pc"}, content_type="application/json"
    )
    assert response.json()["visibility"] == "pc"
    client.force_login(fresh(sw.second))
    assert SECRET in body(client.get(page(sw, "reviewer-paper", sw.paper.pk)))


# --- authors ---------------------------------------------------------------------------------


def test_author_reads_nothing_before_the_release(sw, client):
    decision_record(paper=sw.paper, by=sw.chair, decision=Decision.POSTER)
    client.force_login(sw.author)
    html = body(client.get(reverse("papers:author-decision", args=[sw.edition.slug, sw.paper.pk])))
    assert AUTHORS_TEXT not in html
    assert SECRET not in html
    response = client.get(f"/api/editions/{sw.edition.slug}/submissions/{sw.paper.pk}/decision/")
    assert response.status_code in (403, 404)
    assert AUTHORS_TEXT not in body(response)


def test_author_reads_only_the_authors_fields_after_the_release(
    sw, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        release(sw)
    client.force_login(sw.author)
    html = body(client.get(reverse("papers:author-decision", args=[sw.edition.slug, sw.paper.pk])))
    data = client.get(f"/api/editions/{sw.edition.slug}/submissions/{sw.paper.pk}/decision/")
    for text in (html, body(data)):
        assert AUTHORS_TEXT in text
        assert SECRET not in text
        assert PC_SECRET not in text
    assert [a["key"] for a in data.json()["reviews"][0]["answers"]] == [
        "overall", "confidence", "relevance", "summary", "strengths", "weaknesses",
    ]  # fmt: skip


def test_decision_and_discussion_mails_never_quote_hidden_fields(
    sw, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        discussion_post_add(paper=sw.paper, author=sw.second, body="Shall we accept?")
        release(sw)
    decision_mail = OutboxMail.objects.get(key__startswith="decision:")
    assert AUTHORS_TEXT in decision_mail.body
    assert OutboxMail.objects.filter(key__startswith="discussion:").exists()
    assert SECRET not in outbox_text()
    assert PC_SECRET not in outbox_text()


def test_notification_preview_for_chairs_quotes_what_authors_will_get(sw, client):
    decision_record(paper=sw.paper, by=sw.chair, decision=Decision.POSTER)
    client.force_login(sw.chair)
    response = client.get(
        f"/api/editions/{sw.edition.slug}/notifications/preview/", {"paper": sw.paper.pk}
    )
    assert AUTHORS_TEXT in body(response)
    assert SECRET not in body(response)


# --- chairs ----------------------------------------------------------------------------------


@pytest.fixture
def conflicted_chair(sw):
    # Same institutional e-mail domain as the paper's second author: an automatic conflict.
    return user_with_role(sw.edition, RoleKind.CHAIR, email="dean@morrowgale.org")


def test_chair_reads_every_field_on_page_api_history_and_csv(sw, client):
    client.force_login(sw.chair)
    assert SECRET in body(client.get(page(sw, "chair-review-paper", sw.paper.pk)))
    assert SECRET in body(client.get(page(sw, "chair-review-history", sw.paper.pk)))
    reviews = client.get(api(sw, f"chair/papers/{sw.paper.pk}/reviews/")).json()
    assert sorted(r["reviewer_email"] for r in reviews) == sorted(
        [sw.reviewer.email, sw.second.email]
    )
    assert SECRET in body(client.get(api(sw, f"chair/papers/{sw.paper.pk}/history/")))
    csv = body(client.get(page(sw, "chair-export-reviews")))
    assert SECRET in csv
    assert "confidential" in csv.splitlines()[0].split(",")


def test_conflicted_chair_sees_no_review_anywhere(sw, client, conflicted_chair):
    client.force_login(conflicted_chair)
    for url in (
        page(sw, "chair-review-paper", sw.paper.pk),
        page(sw, "chair-review-history", sw.paper.pk),
        api(sw, f"chair/papers/{sw.paper.pk}/reviews/"),
        api(sw, f"chair/papers/{sw.paper.pk}/history/"),
        api(sw, f"chair/papers/{sw.paper.pk}/bids/"),
        api(sw, f"papers/{sw.paper.pk}/meta-review/"),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in body(response)
    for url in (
        page(sw, "chair-review-dashboard"),
        page(sw, "chair-export-reviews"),
        page(sw, "chair-export-submissions"),
        page(sw, "chair-export-authors"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in body(response)
        assert AUTHORS_TEXT not in body(response)
    assert body(client.get(page(sw, "chair-export-reviews"))).count("\n") == 1  # header only


def test_pc_member_and_author_cannot_download_the_reviews_csv(sw, client):
    for user in (sw.second, sw.author):
        client.force_login(user)
        response = client.get(page(sw, "chair-export-reviews"))
        assert response.status_code == 403
        assert SECRET not in body(response)


def test_anonymous_api_client_gets_401_and_no_text(sw, client):
    for tail in (
        f"papers/{sw.paper.pk}/",
        f"papers/{sw.paper.pk}/meta-review/",
        f"chair/papers/{sw.paper.pk}/reviews/",
        f"chair/papers/{sw.paper.pk}/history/",
        "form/",
    ):
        response = client.get(api(sw, tail))
        assert response.status_code == 401, tail
        assert SECRET not in body(response)


# --- meta-reviews ----------------------------------------------------------------------------


@pytest.fixture
def meta(sw):
    meta_review_save(paper=sw.paper, author=sw.chair, body=META)
    return sw


def _author_views(rw, client) -> str:
    client.force_login(fresh(rw.author))
    html = body(client.get(reverse("papers:author-decision", args=[rw.edition.slug, rw.paper.pk])))
    data = client.get(f"/api/editions/{rw.edition.slug}/submissions/{rw.paper.pk}/decision/")
    meta_api = client.get(api(rw, f"papers/{rw.paper.pk}/meta-review/"))
    return "\n".join([html, body(data), body(meta_api)])


def test_meta_review_never_reaches_authors_unless_released_and_shown(
    meta, client, django_capture_on_commit_callbacks
):
    papers_settings_update(
        edition=meta.edition,
        by=meta.chair,
        enabled_decisions=list(Decision.values),
        accepted_page_published=False,
        meta_reviews_to_authors=True,
    )
    decision_record(paper=meta.paper, by=meta.chair, decision=Decision.POSTER)
    assert META not in _author_views(meta, client)  # shown, but not released yet
    papers_settings_update(
        edition=meta.edition,
        by=meta.chair,
        enabled_decisions=list(Decision.values),
        accepted_page_published=False,
        meta_reviews_to_authors=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        notifications_start(edition=meta.edition, by=meta.chair)
    assert META not in _author_views(meta, client)  # released, not shown
    assert META not in outbox_text()


def test_meta_review_reaches_authors_after_release_when_chairs_show_it(
    meta, client, django_capture_on_commit_callbacks
):
    client.force_login(meta.chair)
    client.post(
        page(meta, "chair-decision-settings"),
        {"enabled_decisions": list(Decision.values), "meta_reviews_to_authors": "on"},
    )
    decision_record(paper=meta.paper, by=meta.chair, decision=Decision.POSTER)
    with django_capture_on_commit_callbacks(execute=True):
        notifications_start(edition=meta.edition, by=meta.chair)
    seen = _author_views(meta, client)
    assert seen.count(META) == 3  # page, decision API, meta-review API
    assert META in OutboxMail.objects.get(key__startswith="decision:").body
    assert SECRET not in seen


def test_meta_review_readers_among_the_committee(meta, client):
    client.force_login(meta.second)  # submitted a review
    assert META in body(client.get(page(meta, "reviewer-paper", meta.paper.pk)))
    assert client.get(api(meta, f"papers/{meta.paper.pk}/meta-review/")).json()["body"] == META
    client.force_login(meta.idle)  # on the PC, not assigned
    response = client.get(api(meta, f"papers/{meta.paper.pk}/meta-review/"))
    assert response.status_code == 404
    assert META not in body(response)


def test_meta_review_write_through_the_api(meta, client):
    url = api(meta, f"papers/{meta.paper.pk}/meta-review/")
    client.force_login(meta.second)
    refused = client.put(url, {"body": "Mine now"}, content_type="application/json")
    assert refused.status_code == 404
    assignment = ReviewAssignment.objects.get(paper=meta.paper, reviewer=meta.second)
    assignment.is_meta_reviewer = True
    assignment.save()
    client.force_login(fresh(meta.second))
    empty = client.put(url, {"body": ""}, content_type="application/json")
    assert empty.status_code == 400
    assert "body" in empty.json()
    saved = client.put(url, {"body": "Accept."}, content_type="application/json")
    assert saved.json()["body"] == "Accept."
    assert MetaReview.objects.get(paper=meta.paper).author == meta.second


def test_meta_review_for_authors_is_empty_until_the_release(meta):
    from papers.selectors import meta_review_for_authors
    from papers.services import decisions_release

    papers_settings_update(
        edition=meta.edition,
        by=meta.chair,
        enabled_decisions=list(Decision.values),
        accepted_page_published=False,
        meta_reviews_to_authors=True,
    )
    meta.paper.decision = Decision.POSTER  # as if released, but the edition has not released
    assert meta_review_for_authors(paper=meta.paper) == ""
    decision_record(paper=meta.paper, by=meta.chair, decision=Decision.POSTER)
    decisions_release(edition=meta.edition, by=meta.chair)
    meta.paper.refresh_from_db()
    meta.edition._papers_settings_cache = None
    assert meta_review_for_authors(paper=meta.paper) == META
