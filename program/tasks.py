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


@shared_task(name="program.build_volume")
def build_volume_task(*, build_id: int) -> str:
    return _run_build(build_id)


@shared_task(name="program.build_booklet")
def build_booklet_task(*, build_id: int) -> str:
    return _run_build(build_id)


@shared_task(name="program.build_site")
def build_site_task(*, build_id: int) -> str:
    return _run_build(build_id)


def _run_build(build_id: int) -> str:
    from program.models import Build
    from program.publish.services import build_run

    build = Build.objects.select_related("edition").filter(pk=build_id).first()
    if build is None:
        logger.warning("build %s is gone; nothing built", build_id)
        return "gone"
    return build_run(build=build).state
