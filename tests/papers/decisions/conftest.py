import pytest

from papers.enums import Decision
from papers.services import decision_record, decisions_release, papers_settings_update


@pytest.fixture
def decide(chair):
    def run(paper, decision=Decision.ORAL):
        return decision_record(paper=paper, by=chair, decision=decision)

    return run


@pytest.fixture
def release(chair, edition):
    def run():
        decisions_release(edition=edition, by=chair)

    return run


@pytest.fixture
def publish(chair, edition):
    def run(published=True):
        return papers_settings_update(
            edition=edition,
            by=chair,
            enabled_decisions=list(Decision.values),
            accepted_page_published=published,
        )

    return run


@pytest.fixture
def accepted(paper, decide, release):
    """``paper`` accepted as a poster, decisions released."""
    decide(paper, Decision.POSTER)
    release()
    paper.refresh_from_db()
    return paper


@pytest.fixture
def add_review():
    """A submitted review by a reviewer named "Secret Reviewername", with a confidential text."""
    from django.utils import timezone

    from papers.models import Review, ReviewAssignment, ReviewStatus
    from tests.factories.emc2 import UserFactory

    def make(paper, overall, status=ReviewStatus.SUBMITTED):
        reviewer = UserFactory(first_name="Secret", last_name="Reviewername")
        ReviewAssignment.objects.create(paper=paper, reviewer=reviewer)
        return Review.objects.create(
            paper=paper,
            reviewer=reviewer,
            status=status,
            scores={"overall": overall, "confidence": 3, "relevance": 4},
            overall=overall,
            texts={
                "summary": "A clear summary",
                "strengths": "Careful measurements",
                "weaknesses": "Only one GPU",
                "confidential": "Chairs only: I know the authors",
            },
            submitted_at=timezone.now() if status == ReviewStatus.SUBMITTED else None,
        )

    return make
