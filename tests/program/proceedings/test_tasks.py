"""The Celery tasks of the publications: ids in, refetch, hand off to build_run."""

import pytest

from program.enums import BuildKind, BuildState
from program.models import Build
from program.publish.services import build_request
from program.tasks import build_booklet_task, build_volume_task

pytestmark = pytest.mark.django_db


def test_tasks_have_stable_names():
    assert (build_volume_task.name, build_booklet_task.name) == (
        "program.build_volume",
        "program.build_booklet",
    )


def test_task_for_a_deleted_build_does_nothing():
    assert build_volume_task.delay(build_id=987654).get() == "gone"


def test_booklet_task_runs_a_queued_build(edition, published):
    build = Build.objects.create(edition=edition, kind=BuildKind.BOOKLET)
    assert build_booklet_task.delay(build_id=build.pk).get() == BuildState.DONE
    build.refresh_from_db()
    assert (build.state, build.progress) == (BuildState.DONE, 100)


def test_finished_build_is_not_run_again(edition, published):
    build = Build.objects.create(edition=edition, kind=BuildKind.BOOKLET, state=BuildState.FAILED)
    assert build_booklet_task.delay(build_id=build.pk).get() == BuildState.FAILED


def test_stale_active_build_does_not_block_a_new_one(edition, published):
    import datetime as dt

    from django.utils import timezone

    first, queued = build_request(edition=edition, kind=BuildKind.BOOKLET)
    assert queued is True
    again, queued = build_request(edition=edition, kind=BuildKind.BOOKLET)
    assert (again.pk, queued) == (first.pk, False)  # same inputs under way: not twice
    Build.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    fresh, queued = build_request(edition=edition, kind=BuildKind.BOOKLET)
    assert queued is True and fresh.pk != first.pk
