"""Reviews as the decisions half uses them: scores for chairs, to-author parts for authors."""

from django.urls import reverse
from rest_framework.test import APIClient

from papers.enums import Decision
from papers.models import ReviewStatus
from papers.selectors import decision_list_for_chair


def test_chair_table_sorts_by_mean_overall_score(make_paper, add_review, edition):
    low, high, none = (make_paper(title=t) for t in ("Low", "High", "Unreviewed"))
    add_review(low, -2)
    add_review(high, 3)
    add_review(high, 1)
    papers = decision_list_for_chair(edition=edition, sort="score")
    assert [(p.title, p.scores["mean_overall"]) for p in papers] == [
        ("High", 2.0),
        ("Low", -2.0),
        ("Unreviewed", None),
    ]
    assert papers[0].scores["spread"] == 2


def test_author_page_shows_to_author_fields_only_after_release(
    client, paper, decide, release, add_review, edition, author_user
):
    add_review(paper, 2)
    add_review(paper, -1, status=ReviewStatus.DRAFT)
    decide(paper, Decision.ORAL)
    client.force_login(author_user)
    url = reverse("papers:author-decision", kwargs={"edition": edition.slug, "pk": paper.pk})
    assert client.get(url).status_code == 403
    release()
    response = client.get(url)
    text = response.content.decode()
    assert [r["number"] for r in response.context["reviews"]] == [1]
    assert "Careful measurements" in text
    assert "2 (Accept)" in text
    assert "Chairs only" not in text
    assert "Reviewername" not in text
    assert "Confidential comments" not in text


def test_author_api_returns_reviews_without_reviewer_or_confidential_text(
    paper, decide, release, add_review, edition, author_user
):
    add_review(paper, 1)
    decide(paper, Decision.REJECT)
    release()
    client = APIClient()
    client.force_authenticate(author_user)
    url = reverse("api:papers:author-decision", kwargs={"edition": edition.slug, "pk": paper.pk})
    body = client.get(url).json()
    assert [a["key"] for a in body["reviews"][0]["answers"]] == [
        "overall", "confidence", "relevance", "summary", "strengths", "weaknesses",
    ]  # fmt: skip
    assert "Reviewername" not in str(body)
    assert "Chairs only" not in str(body)


def test_decision_mail_carries_the_to_author_reviews(
    paper, decide, add_review, edition, chair, mailoutbox, django_capture_on_commit_callbacks
):
    from papers.services import notifications_start

    add_review(paper, 3)
    decide(paper, Decision.POSTER)
    with django_capture_on_commit_callbacks(execute=True):
        notifications_start(edition=edition, by=chair)
    (mail,) = mailoutbox
    assert "--- Review 1 ---" in mail.body
    assert "Overall recommendation: 3 (Strong accept)" in mail.body
    assert "Only one GPU" in mail.body
    assert "Chairs only" not in mail.body
    assert "Reviewername" not in mail.body
