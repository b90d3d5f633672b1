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


# --- decisions (issue 5) ---
@shared_task(name="papers.send_notifications")
def send_notifications(*, run_id: int) -> int:
    """Send a notification run's decision e-mails; a retry never mails a paper twice."""
    from papers.models import NotificationRun
    from papers.services import notification_run_send

    run = NotificationRun.objects.filter(pk=run_id).first()
    if run is None:
        logger.warning("send_notifications: run %s is gone", run_id)
        return 0
    return notification_run_send(run=run).sent
