"""Access rows of the series pages (a new edition, who administers a series) and of the
program's static site build.

In every world ``chair_other_edition`` is also a series admin of ``other_series`` (a series of
its own): it may open editions there, and only there. No actor is staff, so the staff-only
API refuses everyone. The edition has a finished static site build (a tiny zip in the
storage), which the chair's download URL (rows in program_public.py) serves.
"""

import io
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from emc2.models import Edition, SeriesAdmin
from program.enums import BuildKind, BuildState
from program.models import Build
from tests.access.table import (
    REDIRECT,
    UNAUTHORIZED,
    Route,
    api_only,
    goes_to,
    only,
    tables,
)
from tests.factories.emc2 import SeriesFactory, UserFactory

SITE = BuildKind.SITE

NEW_SLUG = "access-new-edition"


def build(world) -> None:
    from emc2.services import series_admin_add

    world.other_series = SeriesFactory(
        name="Another series", short_name=f"OTHER-{world.edition.pk}"
    )
    series_admin_add(series=world.other_series, user=world.users["chair_other_edition"])
    world.removable_admin = series_admin_add(
        series=world.edition.series, user=UserFactory(email=f"sa{world.edition.pk}@example.org")
    )
    world.site_build = _fake_site_build(world.edition)


def _fake_site_build(edition) -> Build:
    """A finished static site build without rendering the pages (cheap for every world)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(f"{edition.slug}-program/index.html", "<p>program</p>")
    build = Build.objects.create(
        edition=edition, kind=SITE, state=BuildState.DONE, progress=100, inputs_hash="x" * 64
    )
    build.file = default_storage.save(
        f"private/program/site/{edition.slug}/site-{build.pk}.zip", ContentFile(out.getvalue())
    )
    build.save(update_fields=["file"])
    return build


this_series = lambda w: {"series": w.edition.series.pk}  # noqa: E731
other_series = lambda w: {"series": w.other_series.pk}  # noqa: E731

site_kind = lambda w: {"edition": w.edition.slug, "kind": SITE}  # noqa: E731

EDITIONS = tables(Edition)
ADMINS = tables(SeriesAdmin)


def _form(world) -> dict:
    return {
        "title": "Access edition",
        "slug": NEW_SLUG,
        "number": "40",
        "start_date": "2032-05-01",
        "make_me_chair": "on",
    }


def _api_body(series):
    return lambda w: {
        "series": series(w)["series"],
        "number": 41,
        "title": "Access edition",
        "slug": NEW_SLUG,
        "start_date": "2032-05-01",
    }


ROUTES = [
    # --- the static site build (the download URL's rows are in program_public.py) -------------
    Route("program:chair-build-progress", only("chair"), site_kind),
    Route(
        "program:chair-build-start",
        only("chair", ok=REDIRECT),
        site_kind,
        method="post",
        state=tables(Build),
        location=goes_to("program:chair-publications", lambda w: {"edition": w.edition.slug}),
        fresh_world_per_actor=True,
        note="site",
    ),
    # --- the "New edition" page -------------------------------------------------------------
    Route(
        "series-edition-create",
        only(),
        this_series,
        note="nobody but staff and this series' admins",
    ),
    Route(
        "series-edition-create",
        only("chair_other_edition"),
        other_series,
        note="the series admin's own series",
    ),
    Route(
        "series-edition-create",
        only(),
        this_series,
        method="post",
        data=_form,
        state=EDITIONS,
        fresh_world_per_actor=True,
        note="post: a series admin of another series creates nothing",
    ),
    Route(
        "series-edition-create",
        only("chair_other_edition", ok=REDIRECT),
        other_series,
        method="post",
        data=_form,
        state=EDITIONS,
        fresh_world_per_actor=True,
        location=goes_to("chair-home", lambda w: {"edition": NEW_SLUG}),
        note="post: the series admin creates and chairs it",
    ),
    # --- the API's edition create with a series ------------------------------------------------
    Route(
        "api:edition-list",
        api_only("chair_other_edition", ok=201),
        method="post",
        data=_api_body(other_series),
        state=EDITIONS,
        fresh_world_per_actor=True,
        note="create in the series one administers",
    ),
    Route(
        "api:edition-list",
        api_only(),
        method="post",
        data=_api_body(this_series),
        state=EDITIONS,
        fresh_world_per_actor=True,
        note="create in another series: 403",
    ),
    # --- who administers a series: staff only ------------------------------------------------
    Route("api:series-admin-list", api_only(), this_series),
    Route(
        "api:series-admin-list",
        api_only(),
        this_series,
        method="post",
        data=lambda w: {"user": w.users["stranger"].pk},
        state=ADMINS,
        fresh_world_per_actor=True,
        note="add",
    ),
    Route(
        "api:series-admin-detail",
        {**api_only(), "anonymous": UNAUTHORIZED},
        lambda w: {"series": w.edition.series.pk, "user": w.removable_admin.user_id},
        method="delete",
        state=ADMINS,
        fresh_world_per_actor=True,
        note="remove",
    ),
]
