import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="papers.notify_authors")
def notify_authors(*, paper_id: int, event: str, token: str = "") -> int:
    """Mail all authors of a paper about a change (see papers.services.paper_notify_authors)."""
    from papers.models import Paper
    from papers.services import paper_notify_authors

    paper = Paper.objects.select_related("edition").filter(pk=paper_id).first()
    if paper is None:
        logger.warning("notify_authors: paper %s is gone", paper_id)
        return 0
    return paper_notify_authors(paper=paper, event=event, token=token)
