"""The selectors the decisions half reads: review_scores and reviews_for_author."""

import pytest
from django.utils import timezone

from papers.enums import PaperStatus
from papers.models import Review, ReviewAssignment, ReviewStatus
from papers.selectors import review_scores, reviews_for_author
from tests.factories.emc2 import UserFactory
from tests.factories.papers import PaperFactory

pytestmark = pytest.mark.django_db


def _review(paper, overall, status=ReviewStatus.SUBMITTED, **texts):
    reviewer = UserFactory(first_name="Secret", last_name="Reviewername")
    ReviewAssignment.objects.create(paper=paper, reviewer=reviewer)
    return Review.objects.create(
        paper=paper,
        reviewer=reviewer,
        status=status,
        scores={"overall": overall, "confidence": 3, "relevance": 4},
        overall=overall,
        texts={"summary": "Sum", "strengths": "S", "weaknesses": "W", **texts},
        submitted_at=timezone.now() if status == ReviewStatus.SUBMITTED else None,
    )


def test_review_scores_counts_submitted_and_assigned(edition):
    paper = PaperFactory(edition=edition, status=PaperStatus.SUBMITTED)
    _review(paper, -1)
    _review(paper, 2)
    _review(paper, 3, status=ReviewStatus.DRAFT)
    empty = PaperFactory(edition=edition, status=PaperStatus.SUBMITTED)

    scores = review_scores(edition=edition)

    assert scores[paper.pk] == {"count": 2, "assigned": 3, "mean_overall": 0.5, "spread": 3}
    assert scores[empty.pk] == {"count": 0, "assigned": 0, "mean_overall": None, "spread": None}


def test_reviews_for_author_hides_confidential_fields_and_reviewer(edition):
    paper = PaperFactory(edition=edition, status=PaperStatus.SUBMITTED)
    _review(paper, 1, confidential="Only for chairs")
    _review(paper, 2, status=ReviewStatus.DRAFT)

    reviews = reviews_for_author(paper=paper)

    assert [r["number"] for r in reviews] == [1]
    keys = [f["key"] for f in reviews[0]["fields"]]
    assert keys == ["overall", "confidence", "relevance", "summary", "strengths", "weaknesses"]
    assert "Only for chairs" not in str(reviews)
    assert "Reviewername" not in str(reviews)
    assert reviews[0]["fields"][0]["display"] == "1 (Weak accept)"
