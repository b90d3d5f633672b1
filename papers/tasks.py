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


# --- decisions ---
@shared_task(name="papers.send_notifications")
def send_notifications(*, run_id: int) -> int:
    """Queue again a notification run's unsent e-mails (the outbox delivers them; a retry
    never mails a paper twice). Returns how many were queued again."""
    from papers.models import NotificationRun
    from papers.services import notification_run_resume

    run = NotificationRun.objects.filter(pk=run_id).first()
    if run is None:
        logger.warning("send_notifications: run %s is gone", run_id)
        return 0
    return notification_run_resume(run=run)


# --- review ---


@shared_task(name="papers.pc_invitation_send")
def pc_invitation_send_task(*, invitation_id: int, nonce: int) -> int:
    """Send an invitation mail, unless it was re-sent or revoked since it was queued."""
    from papers.models import InvitationStatus, PCInvitation
    from papers.services.committee import pc_invitation_send

    invitation = PCInvitation.objects.select_related("edition").filter(pk=invitation_id).first()
    if invitation is None or invitation.nonce != nonce:
        logger.info("pc_invitation_send: invitation %s gone or superseded", invitation_id)
        return 0
    if invitation.status != InvitationStatus.INVITED:
        return 0
    pc_invitation_send(invitation=invitation)
    return 1


@shared_task(name="papers.review_assignment_notify")
def review_assignment_notify_task(*, assignment_ids: list[int]) -> int:
    from papers.models import ReviewAssignment
    from papers.services.review import assignment_notify

    assignments = list(
        ReviewAssignment.objects.filter(pk__in=assignment_ids).select_related(
            "reviewer", "paper", "paper__edition"
        )
    )
    if not assignments:
        logger.info("review_assignment_notify: assignments %s are gone", assignment_ids)
        return 0
    return assignment_notify(assignments=assignments)


@shared_task(name="papers.discussion_notify")
def discussion_notify_task(*, post_id: int) -> int:
    from papers.models import DiscussionPost
    from papers.services.review import discussion_notify

    post = (
        DiscussionPost.objects.select_related("paper", "paper__edition", "author")
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        logger.info("discussion_notify: post %s is gone", post_id)
        return 0
    return discussion_notify(post=post)


@shared_task(name="papers.review_reminders")
def review_reminders_task(*, edition_id: int, reviewer_ids: list[int] | None = None) -> int:
    """Remind late reviewers; idempotent per reviewer per day (see review_reminders_send)."""
    from emc2.models import Edition
    from papers.services.review import review_reminders_send

    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        logger.info("review_reminders: edition %s is gone", edition_id)
        return 0
    return review_reminders_send(
        edition=edition, reviewer_ids=set(reviewer_ids) if reviewer_ids is not None else None
    )


@shared_task(name="papers.conflicts_refresh")
def conflicts_refresh_task(*, edition_id: int, papers=None, users=None) -> int:
    """Store the automatic conflicts again (papers.services.conflicts_refresh; idempotent)."""
    from emc2.models import Edition
    from papers.services import conflicts_refresh

    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        logger.warning("conflicts_refresh: edition %s is gone", edition_id)
        return 0
    return conflicts_refresh(edition=edition, papers=papers, users=users)
