import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="program.notify_release")
def notify_release(*, release_id: int) -> int:
    from program.models import Release
    from program.services import release_notify_speakers

    release = Release.objects.filter(pk=release_id).first()
    if release is None:
        logger.warning("release %s is gone; no mail sent", release_id)
        return 0
    return release_notify_speakers(release=release)
