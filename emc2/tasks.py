import datetime as dt
import logging

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)


@shared_task(name="emc2.ping")
def ping(*, value: int) -> dict:
    """Round trip used by the worker health check and the CI worker test."""
    return {"pong": value}


@shared_task(name="emc2.mail_deliver")
def mail_deliver_task(*, mail_id: int) -> bool:
    """Send one outbox mail (see emc2.mail.mail_deliver); a retry never sends it twice."""
    from emc2.mail import mail_deliver

    return mail_deliver(mail_id=mail_id)


@shared_task(name="emc2.mail_requeue_stale")
def mail_requeue_stale_task() -> int:
    """Beat job: queue again the outbox mails whose worker died or whose task was lost."""
    from emc2.mail import mail_requeue_stale

    return mail_requeue_stale(older_than=dt.timedelta(seconds=settings.MAIL_STUCK_AFTER))
