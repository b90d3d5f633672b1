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
