import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="challenge.measure_submission")
def measure_submission(*, submission_id: int) -> None:
    from challenge.models import Submission
    from challenge.services import submission_measure

    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        logger.info("submission %s is gone; nothing to measure", submission_id)
        return
    submission_measure(submission=submission)


@shared_task(name="challenge.leases_expire")
def leases_expire() -> int:
    """Expired evaluator leases back to the queue; measurements of dead workers ended."""
    from challenge.services import submission_leases_expire, submission_measuring_expire

    return submission_leases_expire() + submission_measuring_expire()
